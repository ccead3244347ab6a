import { AwsErrors, type AwsError } from '../model/errors.js';
import {
  IPAM_QUOTAS,
  type IpamPool,
  type IpamPoolCidr,
  poolFamily,
  provisionedCidrs,
} from '../model/ipam.js';
import { IpamErrors } from '../model/ipam-errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Cidr } from '../net/index.js';
import { newAllocation, pickBlock } from './ipam-allocation.js';
import {
  byoipRefusal,
  type CidrAuthorizationContext,
  privateIpv6Refusal,
} from './ipam-pool-cidr-rules.js';
import { autoImportChanges } from './ipam-auto-import.js';
import { poolSpace } from './ipam-pool-space.js';
import { cidrParam, owned } from './params.js';

export interface ProvisionIpamPoolCidrInput {
  readonly ipamPoolId: string;
  readonly cidr?: string;
  readonly netmaskLength?: number;
  /** BYOIP to a top-level public pool (D117). */
  readonly cidrAuthorizationContext?: CidrAuthorizationContext;
}

const PROVISION_NAMES = { cidr: 'Cidr', netmaskLength: 'NetmaskLength' };

/** A public-scope pool whose CIDRs are brought by the customer (AWS's default source). */
const isByoip = (pool: IpamPool): boolean =>
  pool.ipamScopeType === 'public' && pool.publicIpSource !== 'amazon';

/** The rules of a top-level pool's own CIDRs by scope and family (D117). */
function topLevelRefusal(
  s: Snapshot,
  pool: IpamPool,
  cidr: Cidr,
  context: CidrAuthorizationContext | undefined,
  ctx: OperationContext,
): AwsError | undefined {
  if (pool.ipamScopeType === 'private') {
    const ipam = s.get('ipam', pool.ipamId);
    return pool.addressFamily === 'ipv6' && ipam ? privateIpv6Refusal(ipam, cidr) : undefined;
  }
  if (isByoip(pool)) return byoipRefusal(pool, cidr, context, ctx.accountId, ctx.clock.now());
  return AwsErrors.invalidParameterCombination(
    'An Amazon-provided pool is provisioned with a NetmaskLength, not a Cidr.',
  );
}

/**
 * ProvisionIpamPoolCidr. A child pool's CIDR must be free in its source pool, where it becomes
 * an allocation of type `ipam-pool`; a top-level pool's CIDR must be free in its scope (no
 * other top-level pool holds any of it). The twin completes provisioning at once: the CIDR
 * is `provisioned` in the answer (D101). An unavailable CIDR is refused outright instead of
 * ending as `failed-provision` (D106).
 */
export const provisionIpamPoolCidr: Operation<ProvisionIpamPoolCidrInput, IpamPoolCidr> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'ipam-pool', input.ipamPoolId, ctx);
  if (!found.ok) return found;
  const pool = found.value;
  if (input.cidr === undefined && input.netmaskLength === undefined) {
    return fail(AwsErrors.missingParameter('Cidr'));
  }
  if (provisionedCidrs(pool).length >= IPAM_QUOTAS.cidrsPerPool) {
    return fail(IpamErrors.limit(`The pool ${pool.id} has the maximum number of CIDRs (50).`));
  }
  const changes: Change[] = [];
  let cidr: Cidr;
  let authorization: IpamPoolCidr['cidrAuthorizationContext'];
  const parent = pool.sourceIpamPoolId && s.get('ipam-pool', pool.sourceIpamPoolId);
  if (parent) {
    const block = pickBlock(s, parent, input, false, PROVISION_NAMES);
    if (!block.ok) return block;
    cidr = block.value;
    const holder = {
      resourceType: 'ipam-pool' as const,
      resourceId: pool.id,
      resourceRegion: pool.locale ?? pool.region,
      resourceOwner: pool.ownerId,
    };
    changes.push({ op: 'put', resource: newAllocation(parent, cidr, holder, ctx) });
  } else {
    if (input.cidr === undefined) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'A top-level pool must be provisioned with a CIDR; NetmaskLength needs a source pool.',
        ),
      );
    }
    const parsed = cidrParam('Cidr', input.cidr, poolFamily(pool));
    if (!parsed.ok) return parsed;
    cidr = parsed.value;
    const refusal = topLevelRefusal(s, pool, cidr, input.cidrAuthorizationContext, ctx);
    if (refusal) return fail(refusal);
    if (isByoip(pool) && input.cidrAuthorizationContext) {
      const { message = '', signature = '' } = input.cidrAuthorizationContext;
      authorization = { message, signature };
    }
    const holder = s
      .find('ipamPoolsByScope', pool.ipamScopeId)
      .find(
        (p) =>
          p.sourceIpamPoolId === undefined &&
          p.addressFamily === pool.addressFamily &&
          provisionedCidrs(p).some((c) => c.overlaps(cidr)),
      );
    if (holder) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The CIDR ${cidr.toString()} overlaps a CIDR provisioned to pool ${holder.id} in scope ${pool.ipamScopeId}.`,
        ),
      );
    }
  }
  const entry: IpamPoolCidr = {
    ipamPoolCidrId: ctx.ids.next('ipam-pool-cidr'),
    cidr,
    state: 'provisioned',
    ...(authorization ? { cidrAuthorizationContext: authorization } : {}),
  };
  // A deprovisioned entry of the same CIDR makes way for the new one.
  const next: IpamPool = {
    ...pool,
    cidrs: [...pool.cidrs.filter((c) => !c.cidr.equals(cidr)), entry],
  };
  changes.push({ op: 'put', resource: next });
  changes.push(...autoImportChanges(s, next, ctx));
  return ok({ changes, output: entry });
};

/**
 * DeprovisionIpamPoolCidr: refused while anything is allocated inside the CIDR; a child pool's
 * CIDR goes back to its source pool. The entry stays listed as `deprovisioned`.
 */
export const deprovisionIpamPoolCidr: Operation<
  { ipamPoolId: string; cidr?: string },
  IpamPoolCidr
> = (s, input, ctx) => {
  const found = owned(s, 'ipam-pool', input.ipamPoolId, ctx);
  if (!found.ok) return found;
  const pool = found.value;
  if (input.cidr === undefined) return fail(AwsErrors.missingParameter('Cidr'));
  const parsed = cidrParam('Cidr', input.cidr, poolFamily(pool));
  if (!parsed.ok) return parsed;
  const cidr = parsed.value;
  const entry = pool.cidrs.find((c) => c.state === 'provisioned' && c.cidr.equals(cidr));
  if (!entry) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The CIDR ${cidr.toString()} is not provisioned to pool ${pool.id}.`,
      ),
    );
  }
  // A provisioned CIDR is one free block exactly when nothing is allocated inside it.
  if (!poolSpace(s, pool).isFree(cidr)) {
    return fail(
      IpamErrors.incorrectState(
        `The CIDR ${cidr.toString()} of pool ${pool.id} has allocations and cannot be deprovisioned.`,
      ),
    );
  }
  const gone: IpamPoolCidr = { ...entry, state: 'deprovisioned' };
  const changes: Change[] = [
    { op: 'put', resource: { ...pool, cidrs: pool.cidrs.map((c) => (c === entry ? gone : c)) } },
  ];
  for (const a of s.find('ipamAllocationsByResource', pool.id)) {
    if (a.cidr.equals(cidr)) changes.push({ op: 'delete', kind: a.kind, id: a.id });
  }
  return ok({ changes, output: gone });
};
