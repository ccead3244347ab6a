import { Cidr } from './cidr.js';
import { type Family, Ip, familyBits, familyMax } from './ip.js';
import type { RangeSet } from './range-set.js';

/**
 * The reference allocator: a list of roots and a list of allocations, and a linear scan. It is
 * the oracle of BlockAllocator's property tests and the baseline of bench/ipam.ts, so it is
 * written to be obviously right, not fast.
 *
 * The lowest free aligned /n, if any, starts at one of a few candidates: a root's base, or the
 * first aligned address after an allocation or after a gap of `within` (the block just below
 * the answer is blocked by something that ends right before it). Each candidate is checked
 * against every allocation: O(n²) per query.
 */
export class NaiveBlockAllocator {
  readonly family: Family;
  private readonly roots: Cidr[] = [];
  private readonly allocations: Cidr[] = [];

  constructor(family: Family) {
    this.family = family;
  }

  /** Adds a root; false when it overlaps one. */
  addRoot(c: Cidr): boolean {
    if (this.roots.some((r) => r.overlaps(c))) return false;
    this.roots.push(c);
    return true;
  }

  /** Removes a root that holds no allocation. */
  removeRoot(c: Cidr): 'removed' | 'not-found' | 'in-use' {
    const i = this.roots.findIndex((r) => r.equals(c));
    if (i < 0) return 'not-found';
    if (this.allocations.some((a) => c.overlaps(a))) return 'in-use';
    this.roots.splice(i, 1);
    return 'removed';
  }

  /** True when c is inside one root and overlaps no allocation. */
  isFree(c: Cidr): boolean {
    return (
      this.roots.some((r) => r.containsCidr(c)) && !this.allocations.some((a) => a.overlaps(c))
    );
  }

  /** Allocates exactly c when it is free. */
  allocate(c: Cidr): boolean {
    if (!this.isFree(c)) return false;
    this.allocations.push(c);
    return true;
  }

  /** Releases exactly c when it is allocated. */
  release(c: Cidr): boolean {
    const i = this.allocations.findIndex((a) => a.equals(c));
    if (i < 0) return false;
    this.allocations.splice(i, 1);
    return true;
  }

  /** The allocations, in the order they were made. */
  allocated(): readonly Cidr[] {
    return this.allocations;
  }

  /** The lowest free aligned block of the length, inside `within` when given. */
  next(prefix: number, within?: RangeSet): Cidr | undefined {
    const size = 1n << BigInt(familyBits(this.family) - prefix);
    const max = familyMax(this.family);
    const align = (v: bigint) => (v + size - 1n) & ~(size - 1n);
    const candidates: bigint[] = this.roots.map((r) => align(r.base));
    for (const a of this.allocations) if (a.end < max) candidates.push(align(a.end + 1n));
    for (const r of within?.ranges ?? []) {
      candidates.push(align(r.start));
      if (r.end < max) candidates.push(align(r.end + 1n));
    }
    candidates.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const base of candidates) {
      if (base + size - 1n > max) continue;
      const block = Cidr.of(Ip.of(this.family, base), prefix);
      if (this.isFree(block) && (within === undefined || within.containsCidr(block))) return block;
    }
    return undefined;
  }
}
