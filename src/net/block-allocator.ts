import { Cidr } from './cidr.js';
import { type Family, Ip, familyBits, familyMax } from './ip.js';
import type { RangeSet } from './range-set.js';
import { SortedKeys } from './sorted-keys.js';

/** Why a root could not be removed. */
export type RemoveRootResult = 'removed' | 'not-found' | 'in-use';

const sizeOf = (bits: number, prefix: number): bigint => 1n << BigInt(bits - prefix);

/** v rounded up to a multiple of size (a power of two). */
const alignUp = (v: bigint, size: bigint): bigint => (v + size - 1n) & ~(size - 1n);

/**
 * The free space of an address pool as a buddy system: the pool's roots (provisioned CIDRs)
 * minus its allocations, held as maximal naturally aligned free blocks, one sorted set per
 * prefix length. Every aligned free block of length n lies inside exactly one of these blocks
 * (a greedy aligned decomposition of a free range contains every aligned block inside that
 * range), so "the lowest free /n" is the smallest base among the sets of lengths ≤ n:
 * O(bits · log n). Allocating splits one block down the path to the request; releasing merges
 * buddies back up, never across a root's boundary, so each root stays its own unit.
 *
 * @example
 * const a = new BlockAllocator(4);
 * a.addRoot(Cidr.parse('10.0.0.0/8')!);
 * a.next(16)?.toString() // '10.0.0.0/16'
 */
export class BlockAllocator {
  readonly family: Family;
  private readonly bits: number;
  /** free[L]: bases of the maximal free blocks of prefix length L. */
  private readonly free: SortedKeys[] = [];
  /** Root bases by prefix length (at most 50 per pool in AWS, but any number works). */
  private readonly roots = new Map<number, Set<bigint>>();
  private readonly rootList: Cidr[] = [];
  /** Allocated bases by prefix length. */
  private readonly allocated = new Map<number, Set<bigint>>();
  private rootTotal = 0n;
  private allocatedTotal = 0n;
  private allocatedCount = 0;

  constructor(family: Family) {
    this.family = family;
    this.bits = familyBits(family);
    for (let l = 0; l <= this.bits; l++) this.free.push(new SortedKeys());
  }

  /** Addresses in the roots. */
  get size(): bigint {
    return this.rootTotal;
  }

  /** Addresses allocated. */
  get allocatedSize(): bigint {
    return this.allocatedTotal;
  }

  /** Number of allocated blocks. */
  get allocationCount(): number {
    return this.allocatedCount;
  }

  /** The roots, in the order they were added. */
  rootCidrs(): readonly Cidr[] {
    return this.rootList;
  }

  /** Adds a root of free space; false when it overlaps a root already held. */
  addRoot(c: Cidr): boolean {
    this.checkFamily(c);
    if (this.rootList.some((r) => r.overlaps(c))) return false;
    this.rootList.push(c);
    setOf(this.roots, c.prefix).add(c.base);
    this.free[c.prefix]!.add(c.base);
    this.rootTotal += c.size;
    return true;
  }

  /** Removes a root that holds no allocation. */
  removeRoot(c: Cidr): RemoveRootResult {
    this.checkFamily(c);
    const i = this.rootList.findIndex((r) => r.equals(c));
    if (i < 0) return 'not-found';
    // A root with nothing allocated has merged back into one free block of its own size.
    if (!this.free[c.prefix]!.has(c.base)) return 'in-use';
    this.free[c.prefix]!.delete(c.base);
    this.roots.get(c.prefix)!.delete(c.base);
    this.rootList.splice(i, 1);
    this.rootTotal -= c.size;
    return 'removed';
  }

  /** The root holding c, if c lies inside one. */
  rootOf(c: Cidr): Cidr | undefined {
    return this.rootList.find((r) => r.containsCidr(c));
  }

  /** True when c is exactly an allocated block. */
  isAllocated(c: Cidr): boolean {
    return c.family === this.family && (this.allocated.get(c.prefix)?.has(c.base) ?? false);
  }

  /** True when every address of c is inside a root and unallocated. */
  isFree(c: Cidr): boolean {
    return c.family === this.family && this.freeBlockHolding(c) !== undefined;
  }

  /** Allocates exactly c; false when any address of c is outside the roots or allocated. */
  allocate(c: Cidr): boolean {
    if (c.family !== this.family) return false;
    const holder = this.freeBlockHolding(c);
    if (holder === undefined) return false;
    this.free[holder]!.delete(c.base & ~(sizeOf(this.bits, holder) - 1n));
    // Split down the path to c: at each level the half not containing c stays free.
    for (let l = holder + 1; l <= c.prefix; l++) {
      const size = sizeOf(this.bits, l);
      const half = c.base & ~(size - 1n);
      this.free[l]!.add(half ^ size);
    }
    setOf(this.allocated, c.prefix).add(c.base);
    this.allocatedTotal += c.size;
    this.allocatedCount++;
    return true;
  }

  /** Frees an allocated block; false when c is not exactly an allocated block. */
  release(c: Cidr): boolean {
    if (!this.isAllocated(c)) return false;
    this.allocated.get(c.prefix)!.delete(c.base);
    this.allocatedTotal -= c.size;
    this.allocatedCount--;
    let base = c.base;
    let prefix = c.prefix;
    // Merge with the buddy while it is free, stopping at a root: free space never spans roots.
    while (!(this.roots.get(prefix)?.has(base) ?? false)) {
      const size = sizeOf(this.bits, prefix);
      const buddy = base ^ size;
      if (!this.free[prefix]!.delete(buddy)) break;
      base &= ~size;
      prefix--;
    }
    this.free[prefix]!.add(base);
    return true;
  }

  /**
   * The lowest-addressed, naturally aligned free block of the prefix length, or undefined.
   * With `within`, the block must also lie entirely inside that set (AllowedCidrs minus
   * DisallowedCidrs, for IPAM).
   */
  next(prefix: number, within?: RangeSet): Cidr | undefined {
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > this.bits) return undefined;
    if (within === undefined) {
      let best: bigint | undefined;
      for (let l = 0; l <= prefix; l++) {
        const m = this.free[l]!.min();
        if (m !== undefined && (best === undefined || m < best)) best = m;
      }
      return best === undefined ? undefined : Cidr.of(Ip.of(this.family, best), prefix);
    }
    return this.nextWithin(prefix, within);
  }

  /** Free blocks in address order, each as the largest aligned CIDR (for views and tests). */
  freeBlocks(): Cidr[] {
    const out: Cidr[] = [];
    this.free.forEach((set, l) => {
      for (const base of set) out.push(Cidr.of(Ip.of(this.family, base), l));
    });
    return out.sort((a, b) => a.compare(b));
  }

  /** Walks the free blocks in address order, looking in each for a fit inside `within`. */
  private nextWithin(prefix: number, within: RangeSet): Cidr | undefined {
    const size = sizeOf(this.bits, prefix);
    const ranges = within.ranges;
    const max = familyMax(this.family);
    let cursor = 0n;
    for (;;) {
      let base: bigint | undefined;
      let length = 0;
      for (let l = 0; l <= prefix; l++) {
        const k = this.free[l]!.ceiling(cursor);
        if (k !== undefined && (base === undefined || k < base)) {
          base = k;
          length = l;
        }
      }
      if (base === undefined) return undefined;
      const end = base + sizeOf(this.bits, length) - 1n;
      for (let i = firstRangeEndingAtOrAfter(ranges, base); i < ranges.length; i++) {
        const r = ranges[i]!;
        if (r.start > end) break;
        const start = alignUp(r.start > base ? r.start : base, size);
        const limit = r.end < end ? r.end : end;
        if (start + size - 1n <= limit) return Cidr.of(Ip.of(this.family, start), prefix);
      }
      if (end === max) return undefined;
      cursor = end + 1n;
    }
  }

  /** The prefix length of the free block holding all of c, if one does. */
  private freeBlockHolding(c: Cidr): number | undefined {
    for (let l = c.prefix; l >= 0; l--) {
      if (this.free[l]!.has(c.base & ~(sizeOf(this.bits, l) - 1n))) return l;
    }
    return undefined;
  }

  private checkFamily(c: Cidr): void {
    if (c.family !== this.family) {
      throw new TypeError(`IPv${c.family} block given to an IPv${this.family} allocator`);
    }
  }
}

function setOf(map: Map<number, Set<bigint>>, prefix: number): Set<bigint> {
  let set = map.get(prefix);
  if (!set) map.set(prefix, (set = new Set<bigint>()));
  return set;
}

/** Index of the first range whose end is ≥ v (binary search over sorted disjoint ranges). */
function firstRangeEndingAtOrAfter(
  ranges: readonly { readonly start: bigint; readonly end: bigint }[],
  v: bigint,
): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.end < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
