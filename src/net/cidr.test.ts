import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cidr, cidrsFromRange } from './cidr.js';
import { Ip } from './ip.js';

const BASE_V4 = 0x0a000000; // 10.0.0.0: small CIDRs live inside 10.0.0.0/24
const BASE_V6 = 0x20010db8n << 96n; // 2001:db8::/120 for the IPv6 twin

/** A CIDR of prefix /24–/32 inside 10.0.0.0/24, so brute force over 256 addresses is cheap. */
const smallV4 = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }))
  .map(([off, len]) => Cidr.of(Ip.fromUint32(BASE_V4 + off), len));
const smallV6 = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 120, max: 128 }))
  .map(([off, len]) => Cidr.of(Ip.of(6, BASE_V6 + BigInt(off)), len));

/** Brute-force membership: the offsets (0..255) whose top `prefix` bits match the block's. */
function members(c: Cidr, base: bigint): Set<number> {
  const out = new Set<number>();
  const host = c.bits - c.prefix;
  for (let off = 0; off < 256; off++) {
    if ((base + BigInt(off)) >> BigInt(host) === c.base >> BigInt(host)) out.add(off);
  }
  return out;
}

describe('Cidr parsing', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.18/16', '10.0.0.0/16'],
    ['100.68.0.18/18', '100.68.0.0/18'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['1.2.3.4/0', '0.0.0.0/0'],
    ['1.2.3.4/32', '1.2.3.4/32'],
    ['2001:DB8::1/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['2001:db8::1/128', '2001:db8::1/128'],
    ['::ffff:10.0.0.1/120', '::ffff:10.0.0.0/120'],
  ])('parses %s as %s', (text, canonical) => {
    expect(Cidr.parse(text)?.toString()).toBe(canonical);
  });

  it.each([
    '10.0.0.0',
    '10.0.0.0/',
    '10.0.0.0/33',
    '10.0.0.0/033',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/+8',
    '10.0.0.0/8 ',
    ' 10.0.0.0/8',
    '10.0.0.0/8/8',
    '010.0.0.0/8',
    '10.0.0/8',
    '::/129',
    '::/1000',
    '1::2::3/64',
    'fe80::1%eth0/64',
    '/8',
    '',
  ])('rejects %j', (text) => {
    expect(Cidr.parse(text)).toBeUndefined();
    expect(Cidr.parseStrict(text)).toBeUndefined();
  });

  it('parseStrict rejects host bits that parse clears', () => {
    expect(Cidr.parseStrict('10.0.0.18/16')).toBeUndefined();
    expect(Cidr.parseStrict('2001:db8::1/64')).toBeUndefined();
    expect(Cidr.parseStrict('10.0.0.0/16')?.toString()).toBe('10.0.0.0/16');
    expect(Cidr.parseStrict('2001:db8::/64')?.toJSON()).toBe('2001:db8::/64');
  });
});

describe('Cidr operations', () => {
  const c = Cidr.parse('10.0.0.0/24')!;

  it('reports bounds, size and offsets', () => {
    expect(c.first.toString()).toBe('10.0.0.0');
    expect(c.last.toString()).toBe('10.0.0.255');
    expect(c.size).toBe(256n);
    expect(c.nth(5n).toString()).toBe('10.0.0.5');
    expect(() => c.nth(256n)).toThrow(RangeError);
    expect(() => c.nth(-1n)).toThrow(RangeError);
    expect(Cidr.all(6).size).toBe(1n << 128n);
    expect(Cidr.all(4).toString()).toBe('0.0.0.0/0');
    expect(Cidr.host(Ip.parse('::1')!).toString()).toBe('::1/128');
  });

  it('splits and widens', () => {
    expect([...c.subnets(26)].map(String)).toEqual([
      '10.0.0.0/26',
      '10.0.0.64/26',
      '10.0.0.128/26',
      '10.0.0.192/26',
    ]);
    expect([...c.subnets(24)].map(String)).toEqual(['10.0.0.0/24']);
    expect(() => [...c.subnets(23)]).toThrow(RangeError);
    expect(() => [...c.subnets(33)]).toThrow(RangeError);
    expect(c.supernet(8).toString()).toBe('10.0.0.0/8');
    expect(() => c.supernet(25)).toThrow(RangeError);
    expect(() => Cidr.of(Ip.parse('::')!, 129)).toThrow(RangeError);
  });

  it('never relates blocks of different families', () => {
    const v6 = Cidr.all(6);
    expect(v6.contains(Ip.parse('10.0.0.1')!)).toBe(false);
    expect(v6.overlaps(Cidr.all(4))).toBe(false);
    expect(v6.containsCidr(c)).toBe(false);
    expect(v6.equals(Cidr.all(4))).toBe(false);
    expect(Cidr.all(4).compare(v6)).toBe(-1);
  });

  it('orders by base, then prefix', () => {
    const sorted = ['10.0.1.0/24', '10.0.0.0/16', '10.0.0.0/8', '9.0.0.0/8']
      .map((t) => Cidr.parse(t)!)
      .sort((a, b) => a.compare(b))
      .map(String);
    expect(sorted).toEqual(['9.0.0.0/8', '10.0.0.0/8', '10.0.0.0/16', '10.0.1.0/24']);
  });

  it('covers ranges minimally', () => {
    const ip = (t: string): bigint => Ip.parse(t)!.value;
    expect(cidrsFromRange(4, ip('10.0.0.1'), ip('10.0.0.6')).map(String)).toEqual([
      '10.0.0.1/32',
      '10.0.0.2/31',
      '10.0.0.4/31',
      '10.0.0.6/32',
    ]);
    expect(cidrsFromRange(4, 0n, 0xffffffffn).map(String)).toEqual(['0.0.0.0/0']);
    expect(cidrsFromRange(6, 0n, (1n << 128n) - 1n).map(String)).toEqual(['::/0']);
    expect(cidrsFromRange(6, 1n, (1n << 128n) - 1n)).toHaveLength(128);
    expect(cidrsFromRange(4, 5n, 4n)).toEqual([]);
    expect(() => cidrsFromRange(4, 0n, 1n << 32n)).toThrow(RangeError);
  });
});

describe('Cidr properties', () => {
  for (const [name, gen, base] of [
    ['IPv4', smallV4, BigInt(BASE_V4)],
    ['IPv6', smallV6, BASE_V6],
  ] as const) {
    it(`${name} contains/containsCidr/overlaps agree with brute force`, () => {
      fc.assert(
        fc.property(gen, gen, fc.integer({ min: 0, max: 255 }), (a, b, off) => {
          const ma = members(a, base);
          const mb = members(b, base);
          const family = a.family;
          expect(a.contains(Ip.of(family, base + BigInt(off)))).toBe(ma.has(off));
          expect(a.overlaps(b)).toBe([...mb].some((x) => ma.has(x)));
          expect(a.containsCidr(b)).toBe([...mb].every((x) => ma.has(x)));
          expect(a.size).toBe(BigInt(ma.size));
          expect(a.equals(b)).toBe(a.compare(b) === 0);
        }),
        { numRuns: 300 },
      );
    });

    it(`${name} parse∘toString round trips`, () => {
      fc.assert(
        fc.property(gen, (c) => {
          expect(Cidr.parse(c.toString())?.equals(c)).toBe(true);
          expect(Cidr.parseStrict(c.toString())?.equals(c)).toBe(true);
          expect(c.first.value).toBe(c.base);
          expect(c.last.value - c.base + 1n).toBe(c.size);
        }),
      );
    });
  }

  it('cidrsFromRange covers exactly and as few blocks as an exhaustive search', () => {
    // fewest[i]: fewest aligned blocks tiling [i, end]; a block must start at the lowest
    // uncovered address, since anything below it is either covered already or outside.
    const optimal = (start: number, end: number): number => {
      const fewest = new Array<number>(end + 2).fill(0);
      for (let i = end; i >= start; i--) {
        let best = Infinity;
        for (let size = 1; i % size === 0 && i + size - 1 <= end; size *= 2) {
          best = Math.min(best, 1 + fewest[i + size]!);
          if (size === 256) break;
        }
        fewest[i] = best;
      }
      return fewest[start]!;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (x, y) => {
        const [s, e] = x <= y ? [x, y] : [y, x];
        const cidrs = cidrsFromRange(4, BigInt(BASE_V4 + s), BigInt(BASE_V4 + e));
        const covered: number[] = [];
        for (const c of cidrs) {
          for (let v = c.base; v <= c.end; v++) covered.push(Number(v) - BASE_V4);
        }
        expect(covered).toEqual(Array.from({ length: e - s + 1 }, (_, i) => s + i));
        expect(cidrs.length).toBe(optimal(s, e));
      }),
      { numRuns: 300 },
    );
  });
});
