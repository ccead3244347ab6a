import { Cidr, cidrsFromRange } from './cidr.js';
import { type Family, Ip, assertSameFamily, familyMax } from './ip.js';

/** An inclusive interval of address values. */
export interface Range {
  /** First address value. */
  readonly start: bigint;
  /** Last address value, inclusive. */
  readonly end: bigint;
}

/**
 * An immutable set of addresses of one family, held as sorted, disjoint, non-adjacent
 * inclusive ranges so that equal sets have equal representations.
 *
 * @example RangeSet.fromCidrs(4, [a, b]).difference(RangeSet.fromCidrs(4, [c])).toCidrs()
 */
export class RangeSet {
  /** The one family all members belong to. */
  readonly family: Family;
  /** The normalised ranges, ascending. */
  readonly ranges: readonly Range[];

  /** Trusts that ranges are already normalised; every public way in goes through normalise. */
  private constructor(family: Family, ranges: Range[]) {
    this.family = family;
    this.ranges = Object.freeze(ranges);
  }

  /** The empty set of the family. */
  static empty(family: Family): RangeSet {
    return new RangeSet(family, []);
  }

  /** Every address of the family. */
  static universe(family: Family): RangeSet {
    return new RangeSet(family, [{ start: 0n, end: familyMax(family) }]);
  }

  /** The set covered by the ranges, in any order and possibly overlapping. */
  static fromRanges(family: Family, ranges: Iterable<Range>): RangeSet {
    const max = familyMax(family);
    const copy: Range[] = [];
    for (const r of ranges) {
      if (r.start < 0n || r.end > max || r.start > r.end) {
        throw new RangeError(`[${r.start}, ${r.end}] is not a range of IPv${family} addresses`);
      }
      copy.push({ start: r.start, end: r.end });
    }
    copy.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    return new RangeSet(family, coalesce(copy));
  }

  /** The set covered by the CIDRs, which must all be of the family. */
  static fromCidrs(family: Family, cidrs: Iterable<Cidr>): RangeSet {
    const ranges: Range[] = [];
    for (const c of cidrs) {
      assertSameFamily(family, c.family, 'RangeSet.fromCidrs');
      ranges.push({ start: c.base, end: c.end });
    }
    return RangeSet.fromRanges(family, ranges);
  }

  /** Addresses in either set. */
  union(o: RangeSet): RangeSet {
    assertSameFamily(this.family, o.family, 'RangeSet.union');
    const a = this.ranges;
    const b = o.ranges;
    const merged: Range[] = [];
    let i = 0;
    let j = 0;
    // Merge step of merge sort on start; coalesce then restores disjointness.
    while (i < a.length || j < b.length) {
      const takeA = j >= b.length || (i < a.length && a[i]!.start <= b[j]!.start);
      merged.push(takeA ? a[i++]! : b[j++]!);
    }
    return new RangeSet(this.family, coalesce(merged));
  }

  /** Addresses in both sets. */
  intersect(o: RangeSet): RangeSet {
    assertSameFamily(this.family, o.family, 'RangeSet.intersect');
    const a = this.ranges;
    const b = o.ranges;
    const out: Range[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      const start = x.start > y.start ? x.start : y.start;
      const end = x.end < y.end ? x.end : y.end;
      if (start <= end) out.push({ start, end });
      // Whichever range ends first cannot meet anything further in the other list.
      if (x.end < y.end) i++;
      else j++;
    }
    return new RangeSet(this.family, out);
  }

  /** Addresses in this set but not in o. */
  difference(o: RangeSet): RangeSet {
    assertSameFamily(this.family, o.family, 'RangeSet.difference');
    return this.intersect(o.complement());
  }

  /** Addresses of the family not in this set. */
  complement(): RangeSet {
    const max = familyMax(this.family);
    const out: Range[] = [];
    let next = 0n;
    for (const r of this.ranges) {
      if (r.start > next) out.push({ start: next, end: r.start - 1n });
      next = r.end + 1n;
    }
    if (next <= max) out.push({ start: next, end: max });
    return new RangeSet(this.family, out);
  }

  /** True when ip is in the set. */
  has(ip: Ip): boolean {
    assertSameFamily(this.family, ip.family, 'RangeSet.has');
    const r = this.ranges[this.indexEndingAtOrAfter(ip.value)];
    return r !== undefined && r.start <= ip.value;
  }

  /** True when every address of c is in the set. */
  containsCidr(c: Cidr): boolean {
    assertSameFamily(this.family, c.family, 'RangeSet.containsCidr');
    // Ranges are maximal, so a contained block lies inside a single range.
    const r = this.ranges[this.indexEndingAtOrAfter(c.base)];
    return r !== undefined && r.start <= c.base && c.end <= r.end;
  }

  /** True when some address of c is in the set. */
  overlapsCidr(c: Cidr): boolean {
    assertSameFamily(this.family, c.family, 'RangeSet.overlapsCidr');
    const r = this.ranges[this.indexEndingAtOrAfter(c.base)];
    return r !== undefined && r.start <= c.end;
  }

  /** True when the set has no address. */
  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Number of addresses in the set. */
  size(): bigint {
    let n = 0n;
    for (const r of this.ranges) n += r.end - r.start + 1n;
    return n;
  }

  /** True when both sets hold the same addresses; sets of different families are unequal. */
  equals(o: RangeSet): boolean {
    if (this.family !== o.family || this.ranges.length !== o.ranges.length) return false;
    return this.ranges.every(
      (r, i) => r.start === o.ranges[i]!.start && r.end === o.ranges[i]!.end,
    );
  }

  /** The fewest CIDRs that cover exactly this set, in address order. */
  toCidrs(): Cidr[] {
    // A CIDR is contiguous and the ranges are separated by gaps, so covering each range
    // minimally covers the whole set minimally.
    return this.ranges.flatMap((r) => cidrsFromRange(this.family, r.start, r.end));
  }

  /** The lowest address in the set, if any. */
  first(): Ip | undefined {
    const r = this.ranges[0];
    return r === undefined ? undefined : Ip.of(this.family, r.start);
  }

  /** Ranges as `first-last`, comma separated; for messages and debugging. */
  toString(): string {
    const ip = (v: bigint): string => Ip.of(this.family, v).toString();
    return this.ranges.map((r) => `${ip(r.start)}-${ip(r.end)}`).join(',');
  }

  /** Index of the first range whose end is at or after v (ranges.length if none). */
  private indexEndingAtOrAfter(v: bigint): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ranges[mid]!.end < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Merges overlapping and adjacent ranges of a list sorted by start. */
function coalesce(sorted: Range[]): Range[] {
  const out: Range[] = [];
  let cur: Range | undefined;
  for (const r of sorted) {
    if (cur !== undefined && r.start <= cur.end + 1n) {
      if (r.end > cur.end) cur = { start: cur.start, end: r.end };
    } else {
      if (cur !== undefined) out.push(cur);
      cur = r;
    }
  }
  if (cur !== undefined) out.push(cur);
  return out;
}
