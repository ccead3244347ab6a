import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CubeSet } from './cube-set.js';
import * as IL from './interval-list.js';

/**
 * A header-shaped tiny space (protocol 0..1, 4-bit addresses, 3-bit ports): 32,768 points,
 * so every operation can be checked against the set of points it should produce.
 */
const MAX = [1n, 15n, 15n, 7n, 7n] as const;
const RADIX = MAX.map((m) => Number(m) + 1);
const POINTS = RADIX.reduce((a, b) => a * b, 1);

function pointAt(index: number): bigint[] {
  const p: bigint[] = [];
  for (let d = RADIX.length - 1; d >= 0; d--) {
    p.unshift(BigInt(index % RADIX[d]!));
    index = Math.floor(index / RADIX[d]!);
  }
  return p;
}
const ALL = Array.from({ length: POINTS }, (_, i) => pointAt(i));
function indexOf(p: readonly bigint[]): number {
  return p.reduce((acc, v, d) => acc * RADIX[d]! + Number(v), 0);
}

/** Every point of a box, as indexes. */
function* boxPoints(sides: readonly IL.IntervalList[]): Generator<number> {
  const walk = function* (d: number, acc: number): Generator<number> {
    if (d === sides.length) {
      yield acc;
      return;
    }
    const side = sides[d]!;
    for (let i = 0; i < side.length; i += 2) {
      for (let v = Number(side[i]!); v <= Number(side[i + 1]!); v++) {
        yield* walk(d + 1, acc * RADIX[d]! + v);
      }
    }
  };
  yield* walk(0, 0);
}

/**
 * The reference: a set of points as one bit per point, read by enumerating the boxes, which
 * also proves them disjoint (no point is met twice). has() is checked on a sample.
 */
function bits(s: CubeSet): Uint8Array {
  const out = new Uint8Array(POINTS);
  for (const c of s.cubes) {
    for (const i of boxPoints(c)) {
      if (out[i]) throw new Error('boxes overlap');
      out[i] = 1;
    }
  }
  for (let i = 0; i < POINTS; i += 97) expect(s.has(ALL[i]!)).toBe(out[i] === 1);
  return out;
}
function boxBits(sides: readonly IL.IntervalList[]): Uint8Array {
  const out = new Uint8Array(POINTS);
  for (const i of boxPoints(sides)) out[i] = 1;
  return out;
}
/** Bit arrays compared by a loop: toEqual on 32,768 elements is far too slow for a property. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  let at = -1;
  for (let i = 0; i < POINTS && at < 0; i++) if (actual[i] !== expected[i]) at = i;
  expect(at < 0 ? 'same' : `differs at ${ALL[at]!.join(',')}`).toBe('same');
}
const zip = (a: Uint8Array, b: Uint8Array, f: (x: number, y: number) => number): Uint8Array =>
  a.map((x, i) => f(x, b[i]!));

const side = (max: number): fc.Arbitrary<IL.IntervalList> =>
  fc
    .array(
      fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max })).map(([a, b]) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        return [BigInt(lo), BigInt(hi)] as const;
      }),
      { minLength: 1, maxLength: 2 },
    )
    .map((pairs) => IL.fromIntervals(pairs));
const box = fc.tuple(...MAX.map((m) => side(Number(m))));
const boxes = fc.array(box, { maxLength: 5 });

interface Built {
  set: CubeSet;
  ref: Uint8Array;
}
const built = boxes.map((bs): Built => {
  let ref: Uint8Array = new Uint8Array(POINTS);
  for (const b of bs) ref = zip(ref, boxBits(b), (x, y) => x | y);
  return { set: CubeSet.ofBoxes(MAX, bs), ref };
});

const run = <T extends unknown[]>(prop: fc.IProperty<T>): void => fc.assert(prop, { numRuns: 40 });

describe('CubeSet against the set of points', () => {
  it('builds unions of overlapping boxes exactly, as disjoint boxes', () => {
    // bits() throws when two boxes share a point, so every check below also checks disjointness.
    run(
      fc.property(built, ({ set, ref }) => {
        expectSame(bits(set), ref);
        expect(set.size()).toBe(BigInt(ref.reduce((a, b) => a + b, 0)));
        expect(set.isEmpty()).toBe(ref.every((b) => b === 0));
      }),
    );
  });

  it('intersect, union, difference and complement equal the point-wise operations', () => {
    run(
      fc.property(built, built, (a, b) => {
        expectSame(
          bits(a.set.intersect(b.set)),
          zip(a.ref, b.ref, (x, y) => x & y),
        );
        const u = a.set.union(b.set);
        expectSame(
          bits(u),
          zip(a.ref, b.ref, (x, y) => x | y),
        );
        const d = a.set.difference(b.set);
        expectSame(
          bits(d),
          zip(a.ref, b.ref, (x, y) => x & (1 - y)),
        );
        expectSame(
          bits(a.set.complement()),
          a.ref.map((x) => 1 - x),
        );
        expect(a.set.equals(b.set)).toBe(a.ref.every((x, i) => x === b.ref[i]));
      }),
    );
  });

  it('restrict and exclude cut along one dimension', () => {
    run(
      fc.property(built, fc.integer({ min: 0, max: 4 }), side(15), (a, d, values) => {
        const v = IL.intersect(values, [0n, MAX[d]!]);
        const inV = ALL.map((p) => IL.has(v, p[d]!));
        expectSame(
          bits(a.set.restrict(d, v)),
          a.ref.map((x, i) => (x && inV[i] ? 1 : 0)),
        );
        expectSame(
          bits(a.set.exclude(d, v)),
          a.ref.map((x, i) => (x && !inV[i] ? 1 : 0)),
        );
      }),
    );
  });

  it('assign is the image of overwriting one coordinate', () => {
    run(
      fc.property(built, fc.integer({ min: 0, max: 4 }), side(15), (a, d, values) => {
        const v = IL.intersect(values, [0n, MAX[d]!]);
        // Project the set along d, then extend each projected point by every value of v.
        const projected = new Set<string>();
        ALL.forEach((p, i) => {
          if (a.ref[i]) projected.add(p.map((x, k) => (k === d ? '' : x)).join());
        });
        const expected = Uint8Array.from(ALL, (q) =>
          IL.has(v, q[d]!) && projected.has(q.map((x, k) => (k === d ? '' : x)).join()) ? 1 : 0,
        );
        const image = a.set.assign(d, v);
        expectSame(bits(image), expected);
      }),
    );
  });

  it('translate moves the values of a range and keeps the others', () => {
    run(
      fc.property(
        built,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (a, lo, len) => {
          const hi = Math.min(lo + len, 3);
          const image = a.set.translate(4, BigInt(lo), BigInt(hi), 4n);
          const expected = new Uint8Array(POINTS);
          ALL.forEach((p, i) => {
            if (!a.ref[i]) return;
            const port = Number(p[4]!);
            const moved = port >= lo && port <= hi ? port + 4 : port;
            expected[indexOf([...p.slice(0, 4), BigInt(moved)])] = 1;
          });
          expectSame(bits(image), expected);
        },
      ),
    );
  });

  it('the witness is the smallest member in dimension order', () => {
    run(
      fc.property(built, (a) => {
        const w = a.set.witness();
        const first = a.ref.indexOf(1);
        if (first < 0) expect(w).toBeUndefined();
        else expect(w).toEqual(ALL[first]);
      }),
    );
  });

  it('merging keeps the set, stays disjoint, and never adds boxes', () => {
    run(
      fc.property(built, (a) => {
        const m = a.set.merged();
        expectSame(bits(m), a.ref);
        expect(m.cubes.length).toBeLessThanOrEqual(a.set.cubes.length);
        // Rendering must be stable: merging what is merged changes nothing.
        expect(m.merged().cubes).toEqual(m.cubes);
      }),
    );
  });

  it('joins the pieces of one route partition back into one box', () => {
    const u = CubeSet.universe(MAX);
    const share = u.restrict(2, [0n, 7n]).exclude(2, [2n, 3n]).exclude(2, [5n, 5n]);
    expect(share.cubes).toHaveLength(1);
    expect(share.cubes[0]![2]).toEqual([0n, 1n, 4n, 4n, 6n, 7n]);
    const pieces = u.restrict(1, [0n, 3n]).union(u.restrict(1, [4n, 15n]));
    expect(pieces.merged().cubes).toEqual(u.cubes);
  });

  it('refuses boxes outside the space and translations that leave it', () => {
    expect(() =>
      CubeSet.box(MAX, [
        [0n, 3n],
        [0n, 0n],
        [0n, 0n],
        [0n, 0n],
        [0n, 0n],
      ]),
    ).toThrow(RangeError);
    expect(() => CubeSet.universe(MAX).translate(4, 4n, 7n, 1n)).toThrow(RangeError);
  });
});
