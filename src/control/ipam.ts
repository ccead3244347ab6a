import type { Tag } from '../model/common.js';
import { AwsErrors } from '../model/errors.js';
import type { RegionName } from '../model/ids.js';
import { IPAM_QUOTAS, type Ipam, type IpamScope } from '../model/ipam.js';
import { IpamErrors } from '../model/ipam-errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { isKnownRegion } from '../model/regions.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { AwsError } from '../model/errors.js';
import { holdsPrivateGua } from './ipam-pool-cidr-rules.js';
import { owned, tagsParam } from './params.js';

export interface CreateIpamInput {
  readonly description?: string;
  readonly operatingRegions?: readonly string[];
  readonly tier?: string;
  readonly enablePrivateGua?: boolean;
  readonly tags?: readonly Tag[];
}

function regionsParam(
  param: string,
  names: readonly string[] | undefined,
): Result<RegionName[], AwsError> {
  const out: RegionName[] = [];
  for (const n of names ?? []) {
    if (!isKnownRegion(n)) {
      return fail(AwsErrors.invalidParameterValue(`The Region '${n}' in ${param} is not valid.`));
    }
    if (!out.includes(n as RegionName)) out.push(n as RegionName);
  }
  return ok(out);
}

function tierParam(tier: string | undefined): Result<Ipam['tier'] | undefined, AwsError> {
  if (tier === undefined || tier === 'free' || tier === 'advanced') return ok(tier);
  return fail(AwsErrors.invalidParameterValue(`Value (${tier}) for parameter Tier is invalid.`));
}

function newScope(
  ipam: Ipam | { id: Ipam['id']; ownerId: Ipam['ownerId']; region: Ipam['region'] },
  id: IpamScope['id'],
  type: IpamScope['ipamScopeType'],
  isDefault: boolean,
  extra: { description?: string; tags?: readonly Tag[] } = {},
): IpamScope {
  return {
    kind: 'ipam-scope',
    id,
    ownerId: ipam.ownerId,
    region: ipam.region,
    tags: extra.tags ?? [],
    ipamId: ipam.id,
    ipamScopeType: type,
    isDefault,
    ...(extra.description !== undefined ? { description: extra.description } : {}),
    state: 'create-complete',
    ignoredResourceCidrs: [],
  };
}

/**
 * CreateIpam: the IPAM with its default public and private scopes. The home Region is always
 * an operating Region (D104); the tier defaults to advanced (D104).
 */
export const createIpam: Operation<CreateIpamInput, Ipam> = (s, input, ctx) => {
  if (s.find('ipamsByOwnerRegion', `${ctx.accountId}|${ctx.region}`).length > 0) {
    return fail(IpamErrors.limit(`You have reached the maximum number of IPAMs in ${ctx.region}.`));
  }
  const regions = regionsParam('OperatingRegions', input.operatingRegions);
  if (!regions.ok) return regions;
  const operatingRegions = regions.value.includes(ctx.region)
    ? regions.value
    : [ctx.region, ...regions.value];
  if (operatingRegions.length > IPAM_QUOTAS.operatingRegions) {
    return fail(IpamErrors.limit('An IPAM can have at most 50 operating Regions.'));
  }
  const tier = tierParam(input.tier);
  if (!tier.ok) return tier;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('ipam');
  const publicScope = ctx.ids.next('ipam-scope');
  const privateScope = ctx.ids.next('ipam-scope');
  const ipam: Ipam = {
    kind: 'ipam',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    ...(input.description !== undefined ? { description: input.description } : {}),
    operatingRegions,
    tier: tier.value ?? 'advanced',
    enablePrivateGua: input.enablePrivateGua ?? false,
    publicDefaultScopeId: publicScope,
    privateDefaultScopeId: privateScope,
    defaultResourceDiscoveryId: ctx.ids.next('ipam-resource-discovery'),
    defaultResourceDiscoveryAssociationId: ctx.ids.next('ipam-resource-discovery-association'),
    state: 'create-complete',
  };
  const changes: Change[] = [
    { op: 'put', resource: ipam },
    { op: 'put', resource: newScope(ipam, publicScope, 'public', true) },
    { op: 'put', resource: newScope(ipam, privateScope, 'private', true) },
  ];
  return ok({ changes, output: ipam });
};

export interface ModifyIpamInput {
  readonly ipamId: string;
  readonly description?: string;
  readonly addOperatingRegions?: readonly string[];
  readonly removeOperatingRegions?: readonly string[];
  readonly tier?: string;
  readonly enablePrivateGua?: boolean;
}

/** ModifyIpam: the home Region, and a Region a pool has as locale, cannot be removed. */
export const modifyIpam: Operation<ModifyIpamInput, Ipam> = (s, input, ctx) => {
  const found = owned(s, 'ipam', input.ipamId, ctx);
  if (!found.ok) return found;
  const ipam = found.value;
  const add = regionsParam('AddOperatingRegions', input.addOperatingRegions);
  if (!add.ok) return add;
  const remove = regionsParam('RemoveOperatingRegions', input.removeOperatingRegions);
  if (!remove.ok) return remove;
  const tier = tierParam(input.tier);
  if (!tier.ok) return tier;
  if (remove.value.includes(ipam.region)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The home Region ${ipam.region} of IPAM ${ipam.id} cannot be removed from its operating Regions.`,
      ),
    );
  }
  const pools = ipamPools(s, ipam);
  for (const r of remove.value) {
    const user = pools.find((p) => p.locale === r);
    if (user) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The operating Region ${r} cannot be removed: it is the locale of IPAM pool ${user.id}.`,
        ),
      );
    }
  }
  if (input.enablePrivateGua === false && holdsPrivateGua(pools)) {
    return fail(
      IpamErrors.incorrectState(
        `IPAM ${ipam.id} has GUA CIDRs provisioned in a private scope; deprovision them before disabling EnablePrivateGua.`,
      ),
    );
  }
  if (tier.value === 'free' && pools.some((p) => p.locale && p.locale !== ipam.region)) {
    return fail(
      IpamErrors.incorrectState(
        `IPAM ${ipam.id} has pools with a locale other than its home Region; the free tier does not allow them.`,
      ),
    );
  }
  const operatingRegions = [
    ...ipam.operatingRegions.filter((r) => !remove.value.includes(r)),
    ...add.value.filter((r) => !ipam.operatingRegions.includes(r)),
  ];
  if (operatingRegions.length > IPAM_QUOTAS.operatingRegions) {
    return fail(IpamErrors.limit('An IPAM can have at most 50 operating Regions.'));
  }
  const next: Ipam = {
    ...ipam,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(tier.value !== undefined ? { tier: tier.value } : {}),
    ...(input.enablePrivateGua !== undefined ? { enablePrivateGua: input.enablePrivateGua } : {}),
    operatingRegions,
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};

/** Every pool of an IPAM, over all its scopes. */
export function ipamPools(s: Snapshot, ipam: Ipam) {
  return s.find('ipamScopesByIpam', ipam.id).flatMap((sc) => s.find('ipamPoolsByScope', sc.id));
}

/** The deletion of every pool, allocation and scope of an IPAM (Cascade). */
function cascadeChanges(s: Snapshot, ipam: Ipam): Change[] {
  const changes: Change[] = [];
  for (const p of ipamPools(s, ipam)) {
    for (const a of s.find('ipamAllocationsByPool', p.id)) {
      changes.push({ op: 'delete', kind: a.kind, id: a.id });
    }
    changes.push({ op: 'delete', kind: p.kind, id: p.id });
  }
  for (const sc of s.find('ipamScopesByIpam', ipam.id)) {
    changes.push({ op: 'delete', kind: sc.kind, id: sc.id });
  }
  return changes;
}

/**
 * DeleteIpam: without Cascade, refused while the IPAM has pools or scopes of its own; with
 * Cascade, everything under it goes (VPCs keep their CIDRs, as in AWS).
 */
export const deleteIpam: Operation<{ ipamId: string; cascade?: boolean }, Ipam> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'ipam', input.ipamId, ctx);
  if (!found.ok) return found;
  const ipam = found.value;
  if (input.cascade !== true) {
    const extraScope = s.find('ipamScopesByIpam', ipam.id).some((sc) => !sc.isDefault);
    if (extraScope || ipamPools(s, ipam).length > 0) {
      return fail(
        IpamErrors.dependency(
          `The IPAM ${ipam.id} has pools or non-default scopes and cannot be deleted without Cascade.`,
        ),
      );
    }
  }
  const changes: Change[] = [
    ...cascadeChanges(s, ipam),
    { op: 'delete', kind: 'ipam', id: ipam.id },
  ];
  return ok({ changes, output: { ...ipam, state: 'delete-complete' } });
};

export interface CreateIpamScopeInput {
  readonly ipamId: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
}

/** CreateIpamScope: always private; at most five scopes per IPAM, defaults included. */
export const createIpamScope: Operation<CreateIpamScopeInput, IpamScope> = (s, input, ctx) => {
  const found = owned(s, 'ipam', input.ipamId, ctx);
  if (!found.ok) return found;
  if (s.find('ipamScopesByIpam', found.value.id).length >= IPAM_QUOTAS.scopesPerIpam) {
    return fail(IpamErrors.limit(`IPAM ${found.value.id} has the maximum number of scopes (5).`));
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const scope = newScope(found.value, ctx.ids.next('ipam-scope'), 'private', false, {
    ...(input.description !== undefined ? { description: input.description } : {}),
    tags: tags.value,
  });
  return ok({ changes: [{ op: 'put', resource: scope }], output: scope });
};

/** DeleteIpamScope: never a default scope, nor one that holds pools. */
export const deleteIpamScope: Operation<{ ipamScopeId: string }, IpamScope> = (s, input, ctx) => {
  const found = owned(s, 'ipam-scope', input.ipamScopeId, ctx);
  if (!found.ok) return found;
  const scope = found.value;
  if (scope.isDefault) {
    return fail(
      AwsErrors.code(
        'InvalidParameterValue',
        `The scope ${scope.id} is a default scope and cannot be deleted.`,
      ),
    );
  }
  if (s.find('ipamPoolsByScope', scope.id).length > 0) {
    return fail(IpamErrors.dependency(`The scope ${scope.id} has pools and cannot be deleted.`));
  }
  return ok({
    changes: [{ op: 'delete', kind: 'ipam-scope', id: scope.id }],
    output: { ...scope, state: 'delete-complete' },
  });
};

/** The caller's context in another Region (the IPAM's home, for example). */
export const inRegionOf = (ctx: OperationContext, region: RegionName): OperationContext => ({
  ...ctx,
  region,
});
