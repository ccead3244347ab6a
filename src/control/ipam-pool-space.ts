import {
  type IpamPool,
  type IpamPoolAllocation,
  poolFamily,
  provisionedCidrs,
} from '../model/ipam.js';
import type { Kind, Resource } from '../model/resource.js';
import { type Snapshot, World } from '../model/snapshot.js';
import { BlockAllocator } from '../net/index.js';

/**
 * A pool's free space, to read: where the next block is, whether a block is free. Operations
 * never change it; the cache below does, as the World changes.
 */
export type PoolSpaceView = Pick<
  BlockAllocator,
  | 'family'
  | 'isFree'
  | 'isAllocated'
  | 'next'
  | 'rootOf'
  | 'rootCidrs'
  | 'freeBlocks'
  | 'size'
  | 'allocatedSize'
  | 'allocationCount'
>;

/** The free space of a pool built from the snapshot: O(n log n) in its allocations. */
export function buildPoolSpace(s: Snapshot, pool: IpamPool): BlockAllocator {
  const space = new BlockAllocator(poolFamily(pool));
  for (const c of provisionedCidrs(pool)) space.addRoot(c);
  for (const a of s.find('ipamAllocationsByPool', pool.id)) space.allocate(a.cidr);
  return space;
}

/**
 * The pools' free space of one World, kept in step with it (D116). A pool's space is built on
 * first use; after that each allocation put or deleted in the World allocates or releases its
 * block (O(bits · log n)), and a change to the pool's CIDRs, or anything the space cannot
 * follow, drops the pool's space to be built again on next use. Rollbacks reach the World as
 * puts and deletes too, so they are followed the same way.
 */
class PoolSpaces {
  private readonly spaces = new Map<string, { pool: IpamPool; space: BlockAllocator }>();

  constructor(world: World) {
    world.observe((kind, id, before, after) => this.changed(kind, id, before, after));
  }

  get(s: Snapshot, pool: IpamPool): BlockAllocator {
    // A pool the World does not hold as given (a version an operation is still making) is
    // built for that one use, never kept.
    if (s.get('ipam-pool', pool.id) !== pool) return buildPoolSpace(s, pool);
    const held = this.spaces.get(pool.id);
    // The pool object is immutable: the same object means the same CIDRs.
    if (held?.pool === pool) return held.space;
    const space = buildPoolSpace(s, pool);
    this.spaces.set(pool.id, { pool, space });
    return space;
  }

  private changed(
    kind: Kind,
    id: string,
    before: Resource | undefined,
    after: Resource | undefined,
  ) {
    if (kind === 'ipam-pool') {
      const held = this.spaces.get(id);
      if (!held) return;
      if (after?.kind === 'ipam-pool' && after.cidrs === held.pool.cidrs) held.pool = after;
      else this.spaces.delete(id);
      return;
    }
    if (kind !== 'ipam-pool-allocation') return;
    if (before?.kind === 'ipam-pool-allocation') this.follow(before, (sp, c) => sp.release(c));
    if (after?.kind === 'ipam-pool-allocation') this.follow(after, (sp, c) => sp.allocate(c));
  }

  /** Applies one allocation's change to its pool's space, or drops the space if it cannot. */
  private follow(
    a: IpamPoolAllocation,
    step: (space: BlockAllocator, cidr: IpamPoolAllocation['cidr']) => boolean,
  ): void {
    const held = this.spaces.get(a.ipamPoolId);
    if (held && !step(held.space, a.cidr)) this.spaces.delete(a.ipamPoolId);
  }
}

const cache = new WeakMap<World, PoolSpaces>();

/**
 * The free space of a pool: its provisioned CIDRs minus its allocations (resources, manual
 * reservations and child pools' CIDRs). On the store's World it is kept across operations and
 * updated by each change (D116), so an allocation costs O(bits · log n) instead of rebuilding
 * the space; any other snapshot builds it afresh.
 */
export function poolSpace(s: Snapshot, pool: IpamPool): PoolSpaceView {
  if (!(s instanceof World)) return buildPoolSpace(s, pool);
  let spaces = cache.get(s);
  if (!spaces) cache.set(s, (spaces = new PoolSpaces(s)));
  return spaces.get(s, pool);
}
