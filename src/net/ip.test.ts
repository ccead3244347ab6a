import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ip } from './ip.js';

const V4_OCTET = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;

/** Reference IPv4 parser written with string splitting and a regex, independent of ip.ts. */
function refV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Reference IPv6 parser: expand to eight groups by splitting at "::" and ":". */
function refV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string, last: boolean): string[] | undefined => {
    if (s === '') return [];
    const parts = s.split(':');
    const out: string[] = [];
    for (const [i, p] of parts.entries()) {
      if (p.includes('.')) {
        const v4 = last && i === parts.length - 1 ? refV4(p) : undefined;
        if (v4 === undefined) return undefined;
        out.push((v4 >>> 16).toString(16), (v4 & 0xffff).toString(16));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        out.push(p);
      } else {
        return undefined;
      }
    }
    return out;
  };
  let groups: string[];
  if (halves.length === 1) {
    const g = toGroups(text, true);
    if (g === undefined || g.length !== 8) return undefined;
    groups = g;
  } else {
    const head = toGroups(halves[0]!, false);
    const tail = toGroups(halves[1]!, true);
    if (head === undefined || tail === undefined || head.length + tail.length > 7) {
      return undefined;
    }
    groups = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  }
  return BigInt(`0x${groups.map((g) => g.padStart(4, '0')).join('')}`);
}

/** Reference RFC 5952 formatter: find the longest ":0:0…:" run in a colon-wrapped string. */
function refFormatV6(value: bigint): string {
  const hex = value.toString(16).padStart(32, '0');
  const groups = (hex.match(/.{4}/g) ?? []).map((g) => parseInt(g, 16));
  if (hex.startsWith('00000000000000000000ffff')) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  const wrapped = `:${groups.map((g) => g.toString(16)).join(':')}:`;
  let best = '';
  for (const m of wrapped.matchAll(/:0(?::0)+:/g)) if (m[0].length > best.length) best = m[0];
  if (best === '') return wrapped.slice(1, -1);
  const at = wrapped.indexOf(best);
  return `${wrapped.slice(1, at)}::${wrapped.slice(at + best.length, -1)}`;
}

const group = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
const groups8 = fc.array(group, { minLength: 8, maxLength: 8 });
const v6Value = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  groups8.map((gs) => gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)),
);

/** Any valid text form of eight groups: random padding, case, "::" placement, dotted tail. */
const v6Text = fc
  .record({
    raw: groups8,
    pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
    upper: fc.boolean(),
    gapStart: fc.integer({ min: 0, max: 7 }),
    gapLen: fc.integer({ min: 0, max: 8 }),
    dotted: fc.boolean(),
  })
  .map(({ raw, pad, upper, gapStart, gapLen, dotted }) => {
    // "::" may replace any run of zero groups, not only the longest, but never the dotted tail.
    const limit = dotted ? 6 : 8;
    const start = Math.min(gapStart, limit);
    const len = Math.min(gapLen, limit - start);
    const gs = raw.map((g, i) => (i >= start && i < start + len ? 0 : g));
    const hex = gs.map((g, i) => g.toString(16).padStart(Math.min(4, pad[i]! + 1), '0'));
    const items = dotted
      ? [...hex.slice(0, 6), `${gs[6]! >> 8}.${gs[6]! & 255}.${gs[7]! >> 8}.${gs[7]! & 255}`]
      : hex;
    const s =
      len > 0
        ? `${items.slice(0, start).join(':')}::${items.slice(start + len).join(':')}`
        : items.join(':');
    return {
      text: upper ? s.toUpperCase() : s,
      value: gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n),
    };
  });

describe('Ip parsing and formatting', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.0.1', 0x0a000001],
    ['255.255.255.255', 0xffffffff],
    ['192.168.100.200', 0xc0a864c8],
  ])('parses IPv4 %s', (text, n) => {
    const ip = Ip.parse(text);
    expect(ip?.family).toBe(4);
    expect(ip?.toUint32()).toBe(n);
    expect(ip?.toString()).toBe(text);
  });

  it.each([
    '010.0.0.1',
    '1.2.3.4x',
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    ' 10.0.0.1',
    '10.0.0.1 ',
    '+1.2.3.4',
    '1.-2.3.4',
    '1..2.3',
    '.1.2.3',
    '1.2.3.',
    '00.0.0.0',
    '1.2.3.1000',
    '',
    '0x1.2.3.4',
  ])('rejects IPv4 %j', (text) => {
    expect(Ip.parse(text)).toBeUndefined();
    expect(Ip.parseV4(text)).toBeUndefined();
  });

  it.each([
    '1::2::3',
    'fe80::1%eth0',
    '12345::',
    ':::',
    '1:::2',
    ':1::',
    '1::2:',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '::010.0.0.1',
    '::1.2.3',
    '1:2:3:4:5:6:7:1.2.3.4',
    'g::',
    ' ::1',
    '[::1]',
    ':',
  ])('rejects IPv6 %j', (text) => {
    expect(Ip.parse(text)).toBeUndefined();
    expect(Ip.parseV6(text)).toBeUndefined();
  });

  it.each([
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['::FFFF:0a00:0001', '::ffff:10.0.0.1'],
    ['64:ff9b::22cf:fa3e', '64:ff9b::22cf:fa3e'],
    ['64:ff9b::34.207.250.62', '64:ff9b::22cf:fa3e'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
  ])('formats %s as %s', (text, canonical) => {
    const ip = Ip.parse(text);
    expect(ip?.family).toBe(6);
    expect(ip?.toString()).toBe(canonical);
    expect(ip && JSON.stringify(ip)).toBe(JSON.stringify(canonical));
  });

  it('keeps parseV4 and parseV6 to their own family', () => {
    expect(Ip.parseV4('::1')).toBeUndefined();
    expect(Ip.parseV6('1.2.3.4')).toBeUndefined();
  });
});

describe('Ip arithmetic and ordering', () => {
  it('adds within the family and reports overflow as undefined', () => {
    expect(Ip.parse('10.0.0.255')!.add(1n)!.toString()).toBe('10.0.1.0');
    expect(Ip.parse('255.255.255.255')!.add(1n)).toBeUndefined();
    expect(Ip.parse('0.0.0.0')!.add(-1n)).toBeUndefined();
    expect(Ip.parse('::1')!.add(-1n)!.toString()).toBe('::');
    expect(Ip.parse('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')!.add(1n)).toBeUndefined();
  });

  it('orders IPv4 before IPv6, then by value', () => {
    const [a, b, c] = ['10.0.0.2', '10.0.0.10', '::'].map((t) => Ip.parse(t)!);
    expect(a!.compare(b!)).toBe(-1);
    expect(b!.compare(a!)).toBe(1);
    expect(c!.compare(a!)).toBe(1);
    expect(a!.compare(Ip.fromUint32(0x0a000002))).toBe(0);
    expect(a!.equals(Ip.of(4, 0x0a000002n))).toBe(true);
    expect(Ip.of(6, 1n).equals(Ip.of(4, 1n))).toBe(false);
  });

  it('treats misuse as a programming error', () => {
    expect(() => Ip.parse('::1')!.toUint32()).toThrow(TypeError);
    expect(() => Ip.of(4, 1n << 32n)).toThrow(RangeError);
    expect(() => Ip.of(6, -1n)).toThrow(RangeError);
    expect(() => Ip.fromUint32(-1)).toThrow(RangeError);
    expect(() => Ip.fromUint32(1.5)).toThrow(RangeError);
    expect(Ip.parse('1.2.3.4')!.bits).toBe(32);
    expect(Ip.parse('::')!.bits).toBe(128);
  });
});

describe('Ip properties', () => {
  it('IPv4 parse∘toString is the identity on values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const ip = Ip.fromUint32(n);
        expect(Ip.parse(ip.toString())?.equals(ip)).toBe(true);
        expect(ip.toString()).toBe(
          [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'),
        );
      }),
    );
  });

  it('IPv4 parse agrees with the reference parser on near-miss text', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789.'), maxLength: 16 }),
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 3, maxLength: 5 }).chain((os) =>
        fc
          .array(fc.constantFrom('', '', '', '0', ' ', 'x'), {
            minLength: os.length,
            maxLength: os.length,
          })
          .map((pre) => os.map((o, i) => `${pre[i]}${o}`).join('.')),
      ),
    );
    fc.assert(
      fc.property(text, (t) => {
        const ref = refV4(t);
        expect(Ip.parseV4(t)?.toUint32()).toBe(ref);
        expect(Ip.parse(t)?.toUint32()).toBe(ref);
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6 parse∘toString is the identity and toString matches RFC 5952', () => {
    fc.assert(
      fc.property(v6Value, (v) => {
        const ip = Ip.of(6, v);
        const s = ip.toString();
        expect(s).toBe(refFormatV6(v));
        expect(Ip.parse(s)?.equals(ip)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6 toString∘parse is canonical for any valid text form', () => {
    fc.assert(
      fc.property(v6Text, ({ text, value }) => {
        const ip = Ip.parse(text);
        expect(ip?.value).toBe(value);
        expect(refV6(text)).toBe(value);
        expect(ip?.toString()).toBe(refFormatV6(value));
      }),
      { numRuns: 500 },
    );
  });

  it('IPv6 parse agrees with the reference parser on near-miss text', () => {
    const mutated = fc
      .tuple(v6Text, fc.nat(), fc.constantFrom('', ':', '::', '.', '0', 'f', 'g', '%', ' ', '1.2'))
      .map(([{ text }, at, insert]) => {
        const i = at % (text.length + 1);
        return `${text.slice(0, i)}${insert}${text.slice(i)}`;
      });
    const noise = fc.string({ unit: fc.constantFrom(...'0af:.9'), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(mutated, noise), (t) => {
        const ref = refV6(t);
        expect(Ip.parseV6(t)?.value).toBe(ref);
        if (t.includes(':')) expect(Ip.parse(t)?.value).toBe(ref);
      }),
      { numRuns: 1000 },
    );
  });
});
