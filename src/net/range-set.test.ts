import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cidr } from './cidr.js';
import { type Family, Ip } from './ip.js';
import { type Range, RangeSet } from './range-set.js';

/**
 * 256-address boxes where brute force is cheap: inside 10.0.0.0/24 and at both ends of each
 * family's space, so complement and toCidrs meet the universe's edges.
 */
const BOXES: ReadonlyArray<{ family: Family; base: bigint }> = [
  { family: 4, base: 0x0a000000n },
  { family: 4, base: 0n },
  { family: 4, base: 0xffffff00n },
  { family: 6, base: 0n },
  { family: 6, base: (1n << 128n) - 256n },
];

const offsetRange = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 40 }))
  .map(([s, w]) => [s, Math.min(255, s + w)] as const);
const offsetRanges = fc.array(offsetRange, { maxLength: 6 });

function toSet(family: Family, base: bigint, rs: ReadonlyArray<readonly [number, number]>) {
  const ranges: Range[] = rs.map(([s, e]) => ({ start: base + BigInt(s), end: base + BigInt(e) }));
  return RangeSet.fromRanges(family, ranges);
}

function oracle(rs: ReadonlyArray<readonly [number, number]>): Set<number> {
  const out = new Set<number>();
  for (const [s, e] of rs) for (let v = s; v <= e; v++) out.add(v);
  return out;
}

/** The set's addresses within the box, as offsets; addresses outside the box fail the test. */
function offsets(set: RangeSet, base: bigint): Set<number> {
  const out = new Set<number>();
  for (const r of set.ranges) {
    for (let v = r.start; v <= r.end; v++) {
      const off = Number(v - base);
      if (off < 0 || off > 255) throw new Error(`address ${v} escaped the box`);
      out.add(off);
    }
  }
  return out;
}

function sorted(s: Set<number>): number[] {
  return [...s].sort((a, b) => a - b);
}

function expectNormal(set: RangeSet): void {
  set.ranges.forEach((r, i) => {
    expect(r.start <= r.end).toBe(true);
    const prev = set.ranges[i - 1];
    // Disjoint and non-adjacent: a gap of at least one address between ranges.
    if (prev !== undefined) expect(prev.end + 1n < r.start).toBe(true);
  });
}

const box = fc.constantFrom(...BOXES);

describe('RangeSet examples', () => {
  const p = (t: string): Cidr => Cidr.parse(t)!;

  it('normalises and reports', () => {
    const s = RangeSet.fromCidrs(4, [p('10.0.1.0/24'), p('10.0.0.0/24'), p('10.0.0.128/25')]);
    expect(s.ranges).toHaveLength(1);
    expect(s.toCidrs().map(String)).toEqual(['10.0.0.0/23']);
    expect(s.size()).toBe(512n);
    expect(s.first()?.toString()).toBe('10.0.0.0');
    expect(s.toString()).toBe('10.0.0.0-10.0.1.255');
    expect(RangeSet.empty(6).first()).toBeUndefined();
    expect(RangeSet.empty(6).isEmpty()).toBe(true);
    expect(RangeSet.universe(6).size()).toBe(1n << 128n);
    expect(RangeSet.universe(4).toCidrs().map(String)).toEqual(['0.0.0.0/0']);
    expect(RangeSet.universe(4).complement().isEmpty()).toBe(true);
    expect(RangeSet.empty(4).complement().equals(RangeSet.universe(4))).toBe(true);
  });

  it('carves a VPC into what is free', () => {
    const vpc = RangeSet.fromCidrs(4, [p('10.0.0.0/16')]);
    const used = RangeSet.fromCidrs(4, [p('10.0.0.0/24'), p('10.0.2.0/24')]);
    expect(vpc.difference(used).toCidrs().map(String)).toEqual([
      '10.0.1.0/24',
      '10.0.3.0/24',
      '10.0.4.0/22',
      '10.0.8.0/21',
      '10.0.16.0/20',
      '10.0.32.0/19',
      '10.0.64.0/18',
      '10.0.128.0/17',
    ]);
  });

  it('treats mixing families as a programming error', () => {
    const v4 = RangeSet.universe(4);
    const v6 = RangeSet.universe(6);
    expect(() => v4.union(v6)).toThrow(TypeError);
    expect(() => v4.intersect(v6)).toThrow(TypeError);
    expect(() => v4.difference(v6)).toThrow(TypeError);
    expect(() => v4.has(Ip.parse('::')!)).toThrow(TypeError);
    expect(() => v4.containsCidr(Cidr.all(6))).toThrow(TypeError);
    expect(() => v4.overlapsCidr(Cidr.all(6))).toThrow(TypeError);
    expect(() => RangeSet.fromCidrs(4, [Cidr.all(6)])).toThrow(TypeError);
    expect(v4.equals(v6)).toBe(false);
    expect(() => RangeSet.fromRanges(4, [{ start: 0n, end: 1n << 32n }])).toThrow(RangeError);
    expect(() => RangeSet.fromRanges(4, [{ start: 2n, end: 1n }])).toThrow(RangeError);
  });
});

describe('RangeSet properties (brute force over 256-address boxes)', () => {
  it('set operations agree with a Set<number> oracle', () => {
    fc.assert(
      fc.property(box, offsetRanges, offsetRanges, ({ family, base }, ra, rb) => {
        const a = toSet(family, base, ra);
        const b = toSet(family, base, rb);
        const oa = oracle(ra);
        const ob = oracle(rb);
        for (const s of [a, b, a.union(b), a.intersect(b), a.difference(b)]) expectNormal(s);
        expect(sorted(offsets(a, base))).toEqual(sorted(oa));
        expect(sorted(offsets(a.union(b), base))).toEqual(sorted(new Set([...oa, ...ob])));
        expect(sorted(offsets(a.intersect(b), base))).toEqual(sorted(oa).filter((x) => ob.has(x)));
        expect(sorted(offsets(a.difference(b), base))).toEqual(
          sorted(oa).filter((x) => !ob.has(x)),
        );
        expect(a.size()).toBe(BigInt(oa.size));
        expect(a.isEmpty()).toBe(oa.size === 0);
        expect(a.first()?.value).toBe(oa.size === 0 ? undefined : base + BigInt(Math.min(...oa)));
        expect(a.equals(b)).toBe(sorted(oa).join() === sorted(ob).join());
        expect(a.union(b).equals(b.union(a))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('complement is the rest of the universe', () => {
    fc.assert(
      fc.property(box, offsetRanges, ({ family, base }, ra) => {
        const a = toSet(family, base, ra);
        const oa = oracle(ra);
        const boxSet = toSet(family, base, [[0, 255]]);
        const c = a.complement();
        expectNormal(c);
        expect(sorted(offsets(c.intersect(boxSet), base))).toEqual(
          Array.from({ length: 256 }, (_, i) => i).filter((x) => !oa.has(x)),
        );
        expect(c.complement().equals(a)).toBe(true);
        expect(c.size() + a.size()).toBe(RangeSet.universe(family).size());
        expect(c.intersect(a).isEmpty()).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('membership and CIDR tests agree with the oracle', () => {
    const cidr = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 8 }))
      .map(([off, host]) => [off - (off % 2 ** host), host] as const);
    fc.assert(
      fc.property(box, offsetRanges, cidr, ({ family, base }, ra, [off, host]) => {
        const a = toSet(family, base, ra);
        const oa = oracle(ra);
        const bits = family === 4 ? 32 : 128;
        const c = Cidr.of(Ip.of(family, base + BigInt(off)), bits - host);
        const inC = Array.from({ length: 2 ** host }, (_, i) => off + i);
        expect(a.has(Ip.of(family, base + BigInt(off)))).toBe(oa.has(off));
        expect(a.containsCidr(c)).toBe(inC.every((x) => oa.has(x)));
        expect(a.overlapsCidr(c)).toBe(inC.some((x) => oa.has(x)));
      }),
      { numRuns: 300 },
    );
  });

  it('toCidrs covers exactly, in order, with the fewest blocks', () => {
    // Exhaustive minimum: the block holding the lowest uncovered member must start there.
    const fewest = (members: Set<number>): number => {
      const best = new Array<number>(257).fill(0);
      for (let i = 255; i >= 0; i--) {
        if (!members.has(i)) {
          best[i] = best[i + 1]!;
          continue;
        }
        best[i] = Infinity;
        for (let size = 1; size <= 256 && i % size === 0; size *= 2) {
          const block = Array.from({ length: size }, (_, k) => i + k);
          if (!block.every((x) => members.has(x))) break;
          best[i] = Math.min(best[i]!, 1 + best[i + size]!);
        }
      }
      return best[0]!;
    };
    fc.assert(
      fc.property(box, offsetRanges, ({ family, base }, ra) => {
        const a = toSet(family, base, ra);
        const cidrs = a.toCidrs();
        expect(RangeSet.fromCidrs(family, cidrs).equals(a)).toBe(true);
        for (let i = 1; i < cidrs.length; i++) {
          expect(cidrs[i - 1]!.end < cidrs[i]!.base).toBe(true);
        }
        expect(cidrs.length).toBe(fewest(oracle(ra)));
      }),
      { numRuns: 200 },
    );
  });
});
