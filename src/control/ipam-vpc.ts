import type { Tag } from '../model/common.js';
import type { AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import { type IpamPool, poolFamily } from '../model/ipam.js';
import { IpamErrors } from '../model/ipam-errors.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Cidr, Family } from '../net/index.js';
import { hasRequiredTags, newAllocation, pickBlock } from './ipam-allocation.js';
import { ownedIpamResource } from './ipam-lookup.js';
import { vpcIpv6LengthRefusal } from './ipam-pool-cidr-rules.js';

/** A VPC's request for a block from a pool (CreateVpc, AssociateVpcCidrBlock). */
export interface VpcPoolRequest {
  readonly poolId: string;
  readonly family: Family;
  readonly cidr?: string;
  readonly netmaskLength?: number;
  /** The VPC's tags, which must include the pool's required tags. */
  readonly tags: readonly Tag[];
}

/** A block drawn for a VPC, and the pool it comes from. */
export interface VpcPoolBlock {
  readonly pool: IpamPool;
  readonly cidr: Cidr;
}

/**
 * Picks a VPC block from a pool with the pool's rules enforced (spec §6.2): the pool's locale
 * is the VPC's Region, the netmask is within the pool's limits, and the required tags are on
 * the VPC. Param names are CreateVpc's (`Ipv4NetmaskLength`, `CidrBlock`).
 */
export function vpcBlockFromPool(
  s: Snapshot,
  req: VpcPoolRequest,
  ctx: OperationContext,
): Result<VpcPoolBlock, AwsError> {
  const pool = ownedIpamResource(s, 'ipam-pool', req.poolId, ctx);
  if (!pool.ok) return pool;
  const p = pool.value;
  if (poolFamily(p) !== req.family) {
    return fail(IpamErrors.wrongFamily(`IPv${req.family}`, p.addressFamily));
  }
  if (p.locale !== ctx.region) return fail(IpamErrors.localeMismatch(p.id, p.locale, ctx.region));
  if (!hasRequiredTags(p, req.tags)) return fail(IpamErrors.missingRequiredTags());
  const v = req.family === 4 ? 'Ipv4' : 'Ipv6';
  const block = pickBlock(
    s,
    p,
    {
      ...(req.cidr !== undefined ? { cidr: req.cidr } : {}),
      ...(req.netmaskLength !== undefined ? { netmaskLength: req.netmaskLength } : {}),
    },
    true,
    { cidr: req.family === 4 ? 'CidrBlock' : 'Ipv6CidrBlock', netmaskLength: `${v}NetmaskLength` },
  );
  if (!block.ok) return block;
  const size = vpcIpv6LengthRefusal(block.value);
  return size ? fail(size) : ok({ pool: p, cidr: block.value });
}

/** The allocation recording a VPC's block in its pool. */
export function vpcAllocationChange(
  block: VpcPoolBlock,
  vpcId: Id<'vpc'>,
  ctx: OperationContext,
): Change {
  const holder = {
    resourceType: 'vpc' as const,
    resourceId: vpcId,
    resourceRegion: ctx.region,
    resourceOwner: ctx.accountId,
  };
  return { op: 'put', resource: newAllocation(block.pool, block.cidr, holder, ctx) };
}

/** Deletes a VPC's allocations (all, or those of one block): its CIDRs return to their pools. */
export function releaseVpcAllocations(s: Snapshot, vpcId: string, cidr?: Cidr): Change[] {
  return s
    .find('ipamAllocationsByResource', vpcId)
    .filter((a) => a.resourceType === 'vpc' && (cidr === undefined || a.cidr.equals(cidr)))
    .map((a) => ({ op: 'delete' as const, kind: a.kind, id: a.id }));
}

/** The IPAM fields of CreateVpc and AssociateVpcCidrBlock. */
export interface VpcIpamInput {
  readonly ipv4IpamPoolId?: string;
  readonly ipv4NetmaskLength?: number;
  readonly ipv6IpamPoolId?: string;
  readonly ipv6NetmaskLength?: number;
}

/** The blocks a VPC request draws from IPAM pools, if it names any. */
export interface VpcPoolBlocks {
  readonly v4?: VpcPoolBlock;
  readonly v6?: VpcPoolBlock;
}

/**
 * Draws a VPC's blocks from the pools the request names; an explicit CidrBlock/Ipv6CidrBlock
 * with a pool is taken from that pool exactly. A netmask length without a pool is AWS's
 * InvalidParameterCombination.
 */
export function vpcBlocksFromPools(
  s: Snapshot,
  input: VpcIpamInput & { readonly cidrBlock?: string; readonly ipv6CidrBlock?: string },
  tags: readonly Tag[],
  ctx: OperationContext,
): Result<VpcPoolBlocks, AwsError> {
  const out: { v4?: VpcPoolBlock; v6?: VpcPoolBlock } = {};
  for (const [family, poolId, netmaskLength, cidr] of [
    [4, input.ipv4IpamPoolId, input.ipv4NetmaskLength, input.cidrBlock],
    [6, input.ipv6IpamPoolId, input.ipv6NetmaskLength, input.ipv6CidrBlock],
  ] as const) {
    if (poolId === undefined) {
      if (netmaskLength !== undefined) {
        return fail(
          IpamErrors.netmaskWithoutPool(family === 4 ? 'Ipv4NetmaskLength' : 'Ipv6NetmaskLength'),
        );
      }
      continue;
    }
    const block = vpcBlockFromPool(
      s,
      {
        poolId,
        family,
        ...(cidr !== undefined ? { cidr } : {}),
        ...(netmaskLength !== undefined ? { netmaskLength } : {}),
        tags,
      },
      ctx,
    );
    if (!block.ok) return block;
    if (family === 4) out.v4 = block.value;
    else out.v6 = block.value;
  }
  return ok(out);
}
