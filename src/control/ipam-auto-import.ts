import { type IpamPool, poolFamily } from '../model/ipam.js';
import type { OperationContext } from '../model/operation.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs, type Vpc } from '../model/vpc.js';
import type { Cidr } from '../net/index.js';
import { newAllocation } from './ipam-allocation.js';
import { buildPoolSpace, poolSpace } from './ipam-pool-space.js';

/** A VPC block that auto-import may take. */
interface Candidate {
  readonly vpc: Vpc;
  readonly cidr: Cidr;
}

/** True when the block is already allocated somewhere in the scope, or ignored there. */
function alreadyKnown(s: Snapshot, pool: IpamPool, vpc: Vpc, cidr: Cidr): boolean {
  const held = s
    .find('ipamAllocationsByResource', vpc.id)
    .some(
      (a) =>
        a.cidr.equals(cidr) && s.get('ipam-pool', a.ipamPoolId)?.ipamScopeId === pool.ipamScopeId,
    );
  const scope = s.get('ipam-scope', pool.ipamScopeId);
  const ignored = scope?.ignoredResourceCidrs.some(
    (i) => i.resourceId === vpc.id && i.resourceCidr.equals(cidr),
  );
  return held || ignored === true;
}

/**
 * The allocations auto-import makes in a pool (spec §6.3): the pool owner's VPC blocks in the
 * pool's locale that fall in free space of the pool. Overlapping blocks: the largest is
 * imported, then the smaller ones no longer fit; identical blocks: the VPC with the lowest id
 * (AWS picks at random, the twin deterministically, D107). A block covering an existing
 * allocation does not fit either, as in AWS. Compliance is not checked: an imported block may be
 * noncompliant.
 */
export function autoImportChanges(s: Snapshot, pool: IpamPool, ctx: OperationContext): Change[] {
  if (!pool.autoImport || pool.locale === undefined) return [];
  const family = poolFamily(pool);
  const candidates: Candidate[] = [];
  for (const vpc of s.find('vpcsByOwnerRegion', `${pool.ownerId}|${pool.locale}`)) {
    const cidrs = family === 4 ? vpcIpv4Cidrs(vpc) : vpcIpv6Cidrs(vpc);
    for (const cidr of cidrs) {
      if (!alreadyKnown(s, pool, vpc, cidr)) candidates.push({ vpc, cidr });
    }
  }
  if (candidates.length === 0) return [];
  candidates.sort(
    (a, b) =>
      a.cidr.prefix - b.cidr.prefix || a.cidr.compare(b.cidr) || a.vpc.id.localeCompare(b.vpc.id),
  );
  // A copy of its own: the imports below take blocks from it one by one.
  const space = buildPoolSpace(s, pool);
  const changes: Change[] = [];
  for (const { vpc, cidr } of candidates) {
    if (!space.allocate(cidr)) continue;
    const holder = {
      resourceType: 'vpc' as const,
      resourceId: vpc.id,
      resourceRegion: vpc.region,
      resourceOwner: vpc.ownerId,
    };
    changes.push({ op: 'put', resource: newAllocation(pool, cidr, holder, ctx) });
  }
  return changes;
}

/** Auto-import of one new VPC block into every auto-import pool of its owner and Region. */
export function autoImportVpcBlock(
  s: Snapshot,
  vpc: Vpc,
  cidr: Cidr,
  ctx: OperationContext,
): Change[] {
  const changes: Change[] = [];
  for (const pool of s.all('ipam-pool')) {
    if (!pool.autoImport || pool.locale !== vpc.region || pool.ownerId !== vpc.ownerId) continue;
    if (poolFamily(pool) !== cidr.family || alreadyKnown(s, pool, vpc, cidr)) continue;
    if (!poolSpace(s, pool).isFree(cidr)) continue;
    const holder = {
      resourceType: 'vpc' as const,
      resourceId: vpc.id,
      resourceRegion: vpc.region,
      resourceOwner: vpc.ownerId,
    };
    changes.push({ op: 'put', resource: newAllocation(pool, cidr, holder, ctx) });
    // One pool per block: the first (in id order of the store) that has room takes it.
    break;
  }
  return changes;
}
