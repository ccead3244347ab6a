import * as IL from './interval-list.js';
import type { IntervalList } from './interval-list.js';

/**
 * A box: one interval list per dimension; the set is their product. Never empty in a CubeSet
 * (an empty dimension makes an empty box, which is dropped).
 */
export type Cube = readonly IntervalList[];

/**
 * A set of points in a space of integer dimensions (each 0..max), held as a list of pairwise
 * disjoint boxes whose sides are interval lists. Disjointness makes emptiness a length test
 * and size a sum; interval-list sides let one box carry "this prefix minus those longer
 * prefixes", so the cuts the analyzer makes most (a route's share of the destination space, a
 * rule's CIDRs and ports) stay one box. Immutable: every operation returns a new set.
 *
 * @example CubeSet.universe([255n, 255n]).restrict(0, [10n, 20n]).difference(x).isEmpty()
 */
export class CubeSet {
  /** The largest value of each dimension. */
  readonly maxima: readonly bigint[];
  /** Pairwise disjoint, non-empty boxes. */
  readonly cubes: readonly Cube[];

  /** Trusts that cubes are disjoint and non-empty; public ways in keep that true. */
  private constructor(maxima: readonly bigint[], cubes: readonly Cube[]) {
    this.maxima = maxima;
    this.cubes = cubes;
  }

  /** The empty set of the space. */
  static empty(maxima: readonly bigint[]): CubeSet {
    return new CubeSet(maxima, []);
  }

  /** Every point of the space. */
  static universe(maxima: readonly bigint[]): CubeSet {
    return new CubeSet(maxima, [maxima.map((m) => IL.interval(0n, m))]);
  }

  /** The set of one box (empty if a side is empty); sides must lie within the maxima. */
  static box(maxima: readonly bigint[], sides: readonly IntervalList[]): CubeSet {
    if (sides.length !== maxima.length) throw new RangeError('box has the wrong dimensions');
    sides.forEach((s, d) => {
      if (s.length > 0 && (s[0]! < 0n || s[s.length - 1]! > maxima[d]!)) {
        throw new RangeError(`side ${d} leaves 0..${maxima[d]}`);
      }
    });
    return new CubeSet(maxima, sides.some((s) => s.length === 0) ? [] : [sides]);
  }

  /** The union of boxes that may overlap. */
  static ofBoxes(maxima: readonly bigint[], boxes: Iterable<readonly IntervalList[]>): CubeSet {
    let out = CubeSet.empty(maxima);
    for (const b of boxes) out = out.union(CubeSet.box(maxima, b));
    return out;
  }

  /** True when the set has no point. */
  isEmpty(): boolean {
    return this.cubes.length === 0;
  }

  /** Points in both sets. */
  intersect(o: CubeSet): CubeSet {
    const out: Cube[] = [];
    for (const a of this.cubes) {
      for (const b of o.cubes) {
        const c = meet(a, b);
        if (c) out.push(c);
      }
    }
    return new CubeSet(this.maxima, out);
  }

  /** Points in this set but not in o. */
  difference(o: CubeSet): CubeSet {
    if (o.cubes.length === 0 || this.cubes.length === 0) return this;
    let cur: Cube[] = this.cubes.slice();
    for (const b of o.cubes) {
      const next: Cube[] = [];
      for (const a of cur) subtractCube(a, b, next);
      cur = next;
      if (cur.length === 0) break;
    }
    return new CubeSet(this.maxima, cur);
  }

  /** Points in either set. */
  union(o: CubeSet): CubeSet {
    if (o.cubes.length === 0) return this;
    if (this.cubes.length === 0) return o;
    const extra = o.difference(this);
    return new CubeSet(this.maxima, this.cubes.concat(extra.cubes));
  }

  /** Points of the space not in the set. */
  complement(): CubeSet {
    return CubeSet.universe(this.maxima).difference(this);
  }

  /** The points whose dimension d lies in values (a cut along one axis; stays disjoint). */
  restrict(d: number, values: IntervalList): CubeSet {
    const out: Cube[] = [];
    for (const c of this.cubes) {
      const side = IL.intersect(c[d]!, values);
      if (side.length > 0) out.push(withSide(c, d, side));
    }
    return new CubeSet(this.maxima, out);
  }

  /** The points whose dimension d is not in values. */
  exclude(d: number, values: IntervalList): CubeSet {
    const out: Cube[] = [];
    for (const c of this.cubes) {
      const side = IL.subtract(c[d]!, values);
      if (side.length > 0) out.push(side === c[d] ? c : withSide(c, d, side));
    }
    return new CubeSet(this.maxima, out);
  }

  /**
   * The image of the set when dimension d is overwritten with any of values (a rewrite such as
   * source NAT): every point keeps its other coordinates and takes each value in values.
   */
  assign(d: number, values: IntervalList): CubeSet {
    return this.mapSide(d, () => values);
  }

  /** The image when the values of dimension d in [lo, hi] move by delta (a port shift). */
  translate(d: number, lo: bigint, hi: bigint, delta: bigint): CubeSet {
    const max = this.maxima[d]!;
    if (lo + delta < 0n || hi + delta > max) throw new RangeError('translation leaves the space');
    return this.mapSide(d, (side) => IL.translate(side, lo, hi, delta));
  }

  /** Whether the point (one value per dimension) is in the set. */
  has(point: readonly bigint[]): boolean {
    return this.cubes.some((c) => c.every((side, d) => IL.has(side, point[d]!)));
  }

  /** Number of points in the set. */
  size(): bigint {
    let n = 0n;
    for (const c of this.cubes) n += c.reduce((p, side) => p * IL.count(side), 1n);
    return n;
  }

  /** True when both sets hold the same points. */
  equals(o: CubeSet): boolean {
    return this.difference(o).isEmpty() && o.difference(this).isEmpty();
  }

  /**
   * The smallest point in dimension order (first dimension most significant), or undefined
   * when the set is empty: deterministic whatever order the boxes were built in.
   */
  witness(): bigint[] | undefined {
    let best: bigint[] | undefined;
    for (const c of this.cubes) {
      const p = c.map((side) => side[0]!);
      if (best === undefined || lexLess(p, best)) best = p;
    }
    return best;
  }

  /**
   * The same set as few boxes as a greedy merge finds: boxes that differ in one side only are
   * joined, repeatedly, until none do. For rendering; the result is still disjoint.
   */
  merged(): CubeSet {
    let cubes = this.cubes.slice();
    for (let changed = true; changed;) {
      changed = false;
      for (let d = 0; d < this.maxima.length; d++) {
        const groups = new Map<string, Cube>();
        for (const c of cubes) {
          const key = c.map((side, k) => (k === d ? '' : IL.keyOf(side))).join('|');
          const prev = groups.get(key);
          if (prev) {
            groups.set(key, withSide(prev, d, IL.union(prev[d]!, c[d]!)));
            changed = true;
          } else {
            groups.set(key, c);
          }
        }
        cubes = [...groups.values()];
      }
    }
    cubes.sort(compareCubes);
    return new CubeSet(this.maxima, cubes);
  }

  /** Each box replaced by its side d mapped through fn, then re-made disjoint. */
  mapSide(d: number, fn: (side: IntervalList) => IntervalList): CubeSet {
    let out = CubeSet.empty(this.maxima);
    for (const c of this.cubes) {
      const side = fn(c[d]!);
      if (side.length > 0) out = out.union(new CubeSet(this.maxima, [withSide(c, d, side)]));
    }
    return out;
  }
}

/** The box with side d replaced. */
function withSide(c: Cube, d: number, side: IntervalList): Cube {
  const out = c.slice();
  out[d] = side;
  return out;
}

/** The intersection of two boxes, or undefined when they are disjoint. */
function meet(a: Cube, b: Cube): Cube | undefined {
  const out: IntervalList[] = [];
  for (let d = 0; d < a.length; d++) {
    const side = IL.intersect(a[d]!, b[d]!);
    if (side.length === 0) return undefined;
    out.push(side);
  }
  return out;
}

/**
 * Pushes a \ b onto out as disjoint boxes: for each dimension in turn, the part of a that
 * leaves b along that dimension while agreeing with b on the dimensions before it.
 */
function subtractCube(a: Cube, b: Cube, out: Cube[]): void {
  for (let d = 0; d < a.length; d++) {
    if (!IL.overlaps(a[d]!, b[d]!)) {
      out.push(a);
      return;
    }
  }
  const prefix = a.slice();
  for (let d = 0; d < a.length; d++) {
    const outside = IL.subtract(a[d]!, b[d]!);
    if (outside.length > 0) out.push(withSide(prefix, d, outside));
    prefix[d] = IL.intersect(a[d]!, b[d]!);
  }
}

function lexLess(a: readonly bigint[], b: readonly bigint[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Orders boxes by their sides' first values, then lengths: a stable rendering order. */
function compareCubes(a: Cube, b: Cube): number {
  for (let d = 0; d < a.length; d++) {
    const x = a[d]!;
    const y = b[d]!;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    }
    if (x.length !== y.length) return x.length - y.length;
  }
  return 0;
}
