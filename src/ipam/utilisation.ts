import type { IpamPool } from '../model/ipam.js';
import { provisionedCidrs } from '../model/ipam.js';
import type { Snapshot } from '../model/snapshot.js';

/** A pool's CloudWatch-style usage (spec §6.4, namespace AWS/IPAM), in percent. */
export interface PoolUtilisation {
  readonly poolId: string;
  /** Addresses provisioned to the pool. */
  readonly size: bigint;
  /** Addresses allocated to child pools. */
  readonly allocated: bigint;
  /** Addresses allocated to resources and manual reservations. */
  readonly assigned: bigint;
  readonly percentAllocated: number;
  readonly percentAssigned: number;
  readonly percentAvailable: number;
}

/** part/whole as a percentage with two decimals (0 for an empty pool). */
const percent = (part: bigint, whole: bigint): number =>
  whole === 0n ? 0 : Number((part * 10_000n) / whole) / 100;

/** PercentAllocated, PercentAssigned and PercentAvailable of one pool. */
export function poolUtilisation(s: Snapshot, pool: IpamPool): PoolUtilisation {
  let size = 0n;
  for (const c of provisionedCidrs(pool)) size += c.size;
  let allocated = 0n;
  let assigned = 0n;
  for (const a of s.find('ipamAllocationsByPool', pool.id)) {
    if (a.resourceType === 'ipam-pool') allocated += a.cidr.size;
    else assigned += a.cidr.size;
  }
  const percentAllocated = percent(allocated, size);
  const percentAssigned = percent(assigned, size);
  return {
    poolId: pool.id,
    size,
    allocated,
    assigned,
    percentAllocated,
    percentAssigned,
    percentAvailable:
      size === 0n ? 0 : Math.round((100 - percentAllocated - percentAssigned) * 100) / 100,
  };
}

/** One pool in a tree view: its usage and its children, depth-first. */
export interface PoolTreeNode {
  readonly pool: IpamPool;
  readonly usage: PoolUtilisation;
  readonly children: readonly PoolTreeNode[];
}

/** The pools of a scope as trees under their top-level pools, children in id order. */
export function poolTrees(s: Snapshot, scopeId: string): PoolTreeNode[] {
  const pools = s.find('ipamPoolsByScope', scopeId);
  const node = (p: IpamPool): PoolTreeNode => ({
    pool: p,
    usage: poolUtilisation(s, p),
    children: s
      .find('ipamPoolsBySource', p.id)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(node),
  });
  return pools
    .filter((p) => p.sourceIpamPoolId === undefined)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(node);
}

/** Thresholds of a "pool nearly exhausted" alarm (spec §6.4). */
export interface UsageThresholds {
  /** Alarm when PercentAvailable is below this. */
  readonly availableBelow?: number;
  /** Alarm when PercentAssigned + PercentAllocated is above this. */
  readonly usedAbove?: number;
}

/** The alarms a pool's usage raises, as human-readable reasons (none when healthy). */
export function usageAlarms(u: PoolUtilisation, t: UsageThresholds): string[] {
  const out: string[] = [];
  if (u.size === 0n) return out;
  if (t.availableBelow !== undefined && u.percentAvailable < t.availableBelow) {
    out.push(`PercentAvailable ${u.percentAvailable} < ${t.availableBelow}`);
  }
  const used = Math.round((u.percentAllocated + u.percentAssigned) * 100) / 100;
  if (t.usedAbove !== undefined && used > t.usedAbove) {
    out.push(`PercentAssigned + PercentAllocated ${used} > ${t.usedAbove}`);
  }
  return out;
}
