import { AwsErrors } from '../model/errors.js';
import {
  IPAM_QUOTAS,
  type IpamPool,
  type IpamPoolCidr,
  poolFamily,
  provisionedCidrs,
} from '../model/ipam.js';
import { IpamErrors } from '../model/ipam-errors.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import type { Change } from '../model/snapshot.js';
import type { Cidr } from '../net/index.js';
import { newAllocation, pickBlock } from './ipam-allocation.js';
import { autoImportChanges } from './ipam-auto-import.js';
import { poolSpace } from './ipam-pool-space.js';
import { cidrParam, owned } from './params.js';

export interface ProvisionIpamPoolCidrInput {
  readonly ipamPoolId: string;
  readonly cidr?: string;
  readonly netmaskLength?: number;
}

const PROVISION_NAMES = { cidr: 'Cidr', netmaskLength: 'NetmaskLength' };

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
