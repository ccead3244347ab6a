import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { RegionName } from '../model/ids.js';
import {
  type IpamAllocationResourceType,
  type IpamPool,
  type IpamPoolAllocation,
  poolFamily,
} from '../model/ipam.js';
import { IpamErrors } from '../model/ipam-errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { type Cidr, familyBits, RangeSet } from '../net/index.js';
import { ownedIpamResource } from './ipam-lookup.js';
import { poolSpace } from './ipam-pool-space.js';
import { cidrParam } from './params.js';

/** What a caller asks of a pool: an exact CIDR, a netmask length, or the pool's default. */
export interface BlockRequest {
  readonly cidr?: string;
  readonly netmaskLength?: number;
  readonly allowedCidrs?: readonly string[];
  readonly disallowedCidrs?: readonly string[];
}

/** AWS's parameter names for the request's fields, which differ between actions. */
export interface BlockParamNames {
  readonly cidr: string;
  readonly netmaskLength: string;
}

const ALLOCATE_NAMES: BlockParamNames = { cidr: 'Cidr', netmaskLength: 'NetmaskLength' };

function cidrSet(
  pool: IpamPool,
  param: string,
  texts: readonly string[] | undefined,
): Result<RangeSet | undefined, AwsError> {
  if (texts === undefined || texts.length === 0) return ok(undefined);
  const family = poolFamily(pool);
  const cidrs: Cidr[] = [];
  for (const t of texts) {
    const c = cidrParam(param, t, family);
    if (!c.ok) return c;
    cidrs.push(c.value);
  }
  return ok(RangeSet.fromCidrs(family, cidrs));
}

/**
 * Picks the block a request names in a pool: the exact CIDR if it is free, else the lowest
 * naturally aligned free block of the netmask length (or the pool's default) inside
 * AllowedCidrs and outside DisallowedCidrs (D102). `rules` applies the pool's netmask limits;
 * a child pool's CIDR is not held to its parent's allocation rules (spec §6.3).
 */
export function pickBlock(
  s: Snapshot,
  pool: IpamPool,
  req: BlockRequest,
  rules: boolean,
  names: BlockParamNames = ALLOCATE_NAMES,
): Result<Cidr, AwsError> {
  const family = poolFamily(pool);
  const bits = familyBits(family);
  if (req.cidr !== undefined && req.netmaskLength !== undefined) {
    return fail(IpamErrors.cidrAndNetmask());
  }
  let exact: Cidr | undefined;
  let length = req.netmaskLength;
  if (req.cidr !== undefined) {
    const c = cidrParam(names.cidr, req.cidr, family);
    if (!c.ok) {
      const other = cidrParam(names.cidr, req.cidr, family === 4 ? 6 : 4);
      return other.ok ? fail(IpamErrors.wrongFamily(req.cidr, pool.addressFamily)) : c;
    }
    exact = c.value;
    length = exact.prefix;
  } else if (length === undefined) {
    if (rules && pool.allocationDefaultNetmaskLength !== undefined) {
      length = pool.allocationDefaultNetmaskLength;
    } else {
      return fail(IpamErrors.cidrOrNetmaskRequired());
    }
  }
  if (!Number.isInteger(length) || length < 0 || length > bits) {
    return fail(IpamErrors.netmaskOutOfRange(length, bits));
  }
  if (rules) {
    if (pool.allocationMinNetmaskLength !== undefined && length < pool.allocationMinNetmaskLength) {
      return fail(IpamErrors.tooBig());
    }
    if (pool.allocationMaxNetmaskLength !== undefined && length > pool.allocationMaxNetmaskLength) {
      return fail(IpamErrors.tooSmall());
    }
  }
  const space = poolSpace(s, pool);
  if (exact !== undefined) {
    return space.isFree(exact)
      ? ok(exact)
      : fail(IpamErrors.cidrNotAvailable(exact.toString(), pool.id));
  }
  // AllowedCidrs and DisallowedCidrs only shape a netmask-length request (API reference).
  const allowed = cidrSet(pool, 'AllowedCidrs', req.allowedCidrs);
  if (!allowed.ok) return allowed;
  const disallowed = cidrSet(pool, 'DisallowedCidrs', req.disallowedCidrs);
  if (!disallowed.ok) return disallowed;
  let within = allowed.value;
  if (disallowed.value) {
    within = (within ?? RangeSet.universe(family)).difference(disallowed.value);
  }
  const block = space.next(length, within);
  return block ? ok(block) : fail(IpamErrors.noSpace(pool.id));
}

/** Who an allocation is for. */
export interface AllocationHolder {
  readonly resourceType: IpamAllocationResourceType;
  readonly resourceId?: string;
  readonly resourceRegion?: RegionName;
  readonly resourceOwner?: string;
  readonly description?: string;
}

/** A new allocation of cidr from pool, stored with the pool's owner and Region. */
export function newAllocation(
  pool: IpamPool,
  cidr: Cidr,
  holder: AllocationHolder,
  ctx: OperationContext,
): IpamPoolAllocation {
  return {
    kind: 'ipam-pool-allocation',
    id: ctx.ids.next('ipam-pool-allocation'),
    ownerId: pool.ownerId,
    region: pool.region,
    tags: [],
    ipamPoolId: pool.id,
    cidr,
    ...holder,
  };
}

/** True when every tag the pool requires is on the resource, key and value (spec §6.2). */
export function hasRequiredTags(pool: IpamPool, tags: readonly Tag[]): boolean {
  return pool.allocationResourceTags.every((r) =>
    tags.some((t) => t.key === r.key && t.value === r.value),
  );
}

export interface AllocateIpamPoolCidrInput extends BlockRequest {
  readonly ipamPoolId: string;
  readonly description?: string;
  readonly previewNextCidr?: boolean;
}

/**
 * AllocateIpamPoolCidr: a manual (`custom`) allocation. With PreviewNextCidr the answer is the
 * block an allocation would get, and nothing is reserved (no id, no change).
 */
export const allocateIpamPoolCidr: Operation<
  AllocateIpamPoolCidrInput,
  IpamPoolAllocation | { readonly cidr: Cidr }
> = (s, input, ctx) => {
  const pool = ownedIpamResource(s, 'ipam-pool', input.ipamPoolId, ctx);
  if (!pool.ok) return pool;
  const block = pickBlock(s, pool.value, input, true);
  if (!block.ok) return block;
  if (input.previewNextCidr === true) return ok({ changes: [], output: { cidr: block.value } });
  const allocation = newAllocation(
    pool.value,
    block.value,
    {
      resourceType: 'custom',
      resourceRegion: pool.value.locale ?? pool.value.region,
      resourceOwner: ctx.accountId,
      ...(input.description !== undefined ? { description: input.description } : {}),
    },
    ctx,
  );
  return ok({ changes: [{ op: 'put', resource: allocation }], output: allocation });
};

export interface ReleaseIpamPoolAllocationInput {
  readonly ipamPoolId: string;
  readonly cidr: string;
  readonly ipamPoolAllocationId: string;
}

/**
 * ReleaseIpamPoolAllocation: only manual allocations; a resource's CIDR is released by
 * ModifyIpamResourceCidr (Monitored=false) or by deleting the resource (spec §6.2).
 */
export const releaseIpamPoolAllocation: Operation<ReleaseIpamPoolAllocationInput, true> = (
  s,
  input,
  ctx,
) => {
  const pool = ownedIpamResource(s, 'ipam-pool', input.ipamPoolId, ctx);
  if (!pool.ok) return pool;
  const allocation = s.get('ipam-pool-allocation', input.ipamPoolAllocationId);
  if (!allocation || allocation.ipamPoolId !== pool.value.id) {
    return fail(IpamErrors.allocationNotFound(input.ipamPoolAllocationId));
  }
  const cidr = cidrParam('Cidr', input.cidr, poolFamily(pool.value));
  if (!cidr.ok) return cidr;
  if (!cidr.value.equals(allocation.cidr)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The CIDR ${cidr.value.toString()} does not match allocation ${allocation.id} (${allocation.cidr.toString()}).`,
      ),
    );
  }
  if (allocation.resourceType !== 'custom') {
    return fail(
      AwsErrors.code(
        'InvalidParameterValue',
        `Allocation ${allocation.id} belongs to a ${allocation.resourceType} resource; only custom allocations can be released.`,
      ),
    );
  }
  return ok({
    changes: [{ op: 'delete', kind: 'ipam-pool-allocation', id: allocation.id }],
    output: true,
  });
};
