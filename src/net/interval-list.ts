/**
 * Sets of unsigned integers held as flat sorted lists of inclusive intervals
 * `[lo0, hi0, lo1, hi1, …]`: disjoint, ascending and never adjacent, so that equal sets have
 * equal lists. They are the per-dimension sets of a cube (src/net/cube-set.ts); the flat
 * array keeps the hot loops free of per-interval objects.
 */
export type IntervalList = readonly bigint[];

/** The empty list. */
export const NONE: IntervalList = Object.freeze([]);

/** The list of one interval [lo, hi]; empty when lo > hi. */
export function interval(lo: bigint, hi: bigint): IntervalList {
  return lo > hi ? NONE : [lo, hi];
}

/** The normalised list of any intervals, in any order, possibly overlapping or adjacent. */
export function fromIntervals(pairs: Iterable<readonly [bigint, bigint]>): IntervalList {
  const sorted = [...pairs].filter(([lo, hi]) => lo <= hi);
  sorted.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: bigint[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1n) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** Values in both lists. */
export function intersect(a: IntervalList, b: IntervalList): IntervalList {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
    const ahi = a[i + 1]!;
    const bhi = b[j + 1]!;
    const hi = ahi < bhi ? ahi : bhi;
    if (lo <= hi) out.push(lo, hi);
    // The interval that ends first cannot meet anything further in the other list.
    if (ahi < bhi) i += 2;
    else j += 2;
  }
  return out;
}

/** Values in a but not in b. */
export function subtract(a: IntervalList, b: IntervalList): IntervalList {
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    // Skip b's intervals wholly before this one; they cannot touch later ones either.
    while (j < b.length && b[j + 1]! < lo) j += 2;
    let k = j;
    while (k < b.length && b[k]! <= hi && lo <= hi) {
      if (b[k]! > lo) out.push(lo, b[k]! - 1n);
      lo = b[k + 1]! + 1n;
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** Values in either list. */
export function union(a: IntervalList, b: IntervalList): IntervalList {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && a[i]! <= b[j]!);
    const lo = takeA ? a[i]! : b[j]!;
    const hi = takeA ? a[i + 1]! : b[j + 1]!;
    if (takeA) i += 2;
    else j += 2;
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1n) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** True when the lists share a value. */
export function overlaps(a: IntervalList, b: IntervalList): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

/** True when every value of a is in b. */
export function isSubset(a: IntervalList, b: IntervalList): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    while (j < b.length && b[j + 1]! < a[i]!) j += 2;
    // b is non-adjacent, so a's interval must lie inside one interval of b.
    if (j >= b.length || b[j]! > a[i]! || b[j + 1]! < a[i + 1]!) return false;
  }
  return true;
}

/** True when both lists hold the same values. */
export function equals(a: IntervalList, b: IntervalList): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when v is in the list. */
export function has(a: IntervalList, v: bigint): boolean {
  let lo = 0;
  let hi = a.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[2 * mid + 1]! < v) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo < a.length && a[2 * lo]! <= v;
}

/** Number of values in the list. */
export function count(a: IntervalList): bigint {
  let n = 0n;
  for (let i = 0; i < a.length; i += 2) n += a[i + 1]! - a[i]! + 1n;
  return n;
}

/**
 * The list with every value in [lo, hi] moved by delta and the rest unchanged (a port shift of
 * NAT, a prefix swap of NAT64). The moved values must stay within [0, max].
 */
export function translate(a: IntervalList, lo: bigint, hi: bigint, delta: bigint): IntervalList {
  const moving = intersect(a, [lo, hi]);
  if (moving.length === 0 || delta === 0n) return a;
  const moved = moving.map((v) => v + delta);
  return union(subtract(a, [lo, hi]), moved);
}

/** A stable text key of the list, for grouping equal lists. */
export const keyOf = (a: IntervalList): string => a.join(',');
