import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { RegionName } from '../model/ids.js';
import { IPAM_QUOTAS, type IpamPool } from '../model/ipam.js';
import { IpamErrors } from '../model/ipam-errors.js';
import type { Operation } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { poolSubtree } from './ipam-lookup.js';
import { owned, tagsParam } from './params.js';

/** The netmask rules of a pool, as a request gives them. */
interface NetmaskRules {
  readonly allocationMinNetmaskLength?: number;
  readonly allocationMaxNetmaskLength?: number;
  readonly allocationDefaultNetmaskLength?: number;
}

export interface CreateIpamPoolInput extends NetmaskRules {
  readonly ipamScopeId: string;
  readonly addressFamily?: string;
  readonly locale?: string;
  readonly sourceIpamPoolId?: string;
  readonly description?: string;
  readonly autoImport?: boolean;
  readonly publiclyAdvertisable?: boolean;
  readonly allocationResourceTags?: readonly Tag[];
  readonly awsService?: string;
  readonly publicIpSource?: string;
  readonly tags?: readonly Tag[];
}

/** Checks min ≤ default ≤ max, each within the family's lengths. */
function checkRules(rules: NetmaskRules, bits: number): AwsError | undefined {
  const named = [
    ['AllocationMinNetmaskLength', rules.allocationMinNetmaskLength],
    ['AllocationMaxNetmaskLength', rules.allocationMaxNetmaskLength],
    ['AllocationDefaultNetmaskLength', rules.allocationDefaultNetmaskLength],
  ] as const;
  for (const [name, v] of named) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > bits)) {
      return AwsErrors.invalidParameterValue(
        `Value (${v}) for parameter ${name} is invalid. It must be between 0 and ${bits}.`,
      );
    }
  }
  const { allocationMinNetmaskLength: min, allocationMaxNetmaskLength: max } = rules;
  const def = rules.allocationDefaultNetmaskLength;
  if (min !== undefined && max !== undefined && min > max) {
    return AwsErrors.invalidParameterValue(
      'The minimum netmask length must be less than or equal to the maximum netmask length.',
    );
  }
  if (def !== undefined && ((min !== undefined && def < min) || (max !== undefined && def > max))) {
    return AwsErrors.invalidParameterValue(
      'The default netmask length must be between the minimum and maximum netmask lengths.',
    );
  }
  return undefined;
}

const ruleFields = (r: NetmaskRules): NetmaskRules => ({
  ...(r.allocationMinNetmaskLength !== undefined
    ? { allocationMinNetmaskLength: r.allocationMinNetmaskLength }
    : {}),
  ...(r.allocationMaxNetmaskLength !== undefined
    ? { allocationMaxNetmaskLength: r.allocationMaxNetmaskLength }
    : {}),
  ...(r.allocationDefaultNetmaskLength !== undefined
    ? { allocationDefaultNetmaskLength: r.allocationDefaultNetmaskLength }
    : {}),
});

/**
 * The locale of a new pool: `None` (or absent) stays undefined; a child of a pool with a locale
 * inherits it and may not name another (spec §6.3, D105); any locale must be an operating
 * Region of the IPAM, and the home Region in the free tier.
 */
function localeParam(
  s: Snapshot,
  scopeIpamId: IpamPool['ipamId'],
  given: string | undefined,
  parent: IpamPool | undefined,
): Result<RegionName | undefined, AwsError> {
  const locale = given === undefined || given === 'None' ? undefined : (given as RegionName);
  if (parent?.locale !== undefined) {
    if (locale !== undefined && locale !== parent.locale) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The locale ${locale} must match the locale of the source pool ${parent.id} (${parent.locale}).`,
        ),
      );
    }
    return ok(parent.locale);
  }
  if (locale === undefined) return ok(undefined);
  const ipam = s.get('ipam', scopeIpamId);
  if (!ipam?.operatingRegions.includes(locale)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The locale ${locale} is not an operating Region of IPAM ${scopeIpamId}.`,
      ),
    );
  }
  if (ipam.tier === 'free' && locale !== ipam.region) {
    return fail(
      AwsErrors.invalidParameterValue(
        `In the free tier, a pool's locale can only be the IPAM's home Region (${ipam.region}).`,
      ),
    );
  }
  return ok(locale);
}

/** CreateIpamPool: a top-level pool, or a child of a source pool in the same scope and family. */
export const createIpamPool: Operation<CreateIpamPoolInput, IpamPool> = (s, input, ctx) => {
  const scope = owned(s, 'ipam-scope', input.ipamScopeId, ctx);
  if (!scope.ok) return scope;
  if (input.addressFamily === undefined) return fail(AwsErrors.missingParameter('AddressFamily'));
  const family = input.addressFamily;
  if (family !== 'ipv4' && family !== 'ipv6') {
    return fail(
      AwsErrors.invalidParameterValue(`Value (${family}) for parameter AddressFamily is invalid.`),
    );
  }
  if (s.find('ipamPoolsByScope', scope.value.id).length >= IPAM_QUOTAS.poolsPerScope) {
    return fail(
      IpamErrors.limit(`The scope ${scope.value.id} has the maximum number of pools (50).`),
    );
  }
  let parent: IpamPool | undefined;
  if (input.sourceIpamPoolId !== undefined) {
    const p = owned(s, 'ipam-pool', input.sourceIpamPoolId, ctx);
    if (!p.ok) return p;
    parent = p.value;
    if (parent.ipamScopeId !== scope.value.id || parent.addressFamily !== family) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The source pool ${parent.id} must be in scope ${scope.value.id} and of address family ${family}.`,
        ),
      );
    }
    if (parent.poolDepth >= IPAM_QUOTAS.poolDepth) {
      return fail(IpamErrors.limit('The pool hierarchy cannot be deeper than 10 pools.'));
    }
  }
  const locale = localeParam(s, scope.value.ipamId, input.locale, parent);
  if (!locale.ok) return locale;
  const bad = checkRules(input, family === 'ipv4' ? 32 : 128);
  if (bad) return fail(bad);
  if (input.autoImport === true && locale.value === undefined) {
    return fail(AwsErrors.invalidParameterCombination('AutoImport requires a pool with a locale.'));
  }
  const isPublic = scope.value.ipamScopeType === 'public';
  if (input.publiclyAdvertisable !== undefined && !(isPublic && family === 'ipv6')) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'PubliclyAdvertisable can only be set for IPv6 pools in a public scope.',
      ),
    );
  }
  if (
    input.awsService !== undefined &&
    input.awsService !== 'ec2' &&
    input.awsService !== 'global-services'
  ) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.awsService}) for parameter AwsService is invalid.`,
      ),
    );
  }
  if (
    input.publicIpSource !== undefined &&
    input.publicIpSource !== 'amazon' &&
    input.publicIpSource !== 'byoip'
  ) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.publicIpSource}) for parameter PublicIpSource is invalid.`,
      ),
    );
  }
  if ((input.awsService !== undefined || input.publicIpSource !== undefined) && !isPublic) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'AwsService and PublicIpSource can only be set for pools in a public scope.',
      ),
    );
  }
  const requiredTags = tagsParam(input.allocationResourceTags);
  if (!requiredTags.ok) return requiredTags;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const pool: IpamPool = {
    kind: 'ipam-pool',
    id: ctx.ids.next('ipam-pool'),
    ownerId: ctx.accountId,
    region: scope.value.region,
    tags: tags.value,
    ipamId: scope.value.ipamId,
    ipamScopeId: scope.value.id,
    ipamScopeType: scope.value.ipamScopeType,
    ...(parent ? { sourceIpamPoolId: parent.id } : {}),
    ...(locale.value !== undefined ? { locale: locale.value } : {}),
    poolDepth: parent ? parent.poolDepth + 1 : 1,
    ...(input.description !== undefined ? { description: input.description } : {}),
    addressFamily: family,
    autoImport: input.autoImport ?? false,
    ...(input.publiclyAdvertisable !== undefined
      ? { publiclyAdvertisable: input.publiclyAdvertisable }
      : {}),
    ...ruleFields(input),
    allocationResourceTags: requiredTags.value,
    ...(input.awsService === 'ec2' || input.awsService === 'global-services'
      ? { awsService: input.awsService }
      : {}),
    ...(input.publicIpSource === 'amazon' || input.publicIpSource === 'byoip'
      ? { publicIpSource: input.publicIpSource }
      : isPublic && family === 'ipv4'
        ? { publicIpSource: 'byoip' as const }
        : {}),
    state: 'create-complete',
    cidrs: [],
  };
  return ok({ changes: [{ op: 'put', resource: pool }], output: pool });
};

export interface ModifyIpamPoolInput extends NetmaskRules {
  readonly ipamPoolId: string;
  readonly description?: string;
  readonly autoImport?: boolean;
  readonly clearAllocationDefaultNetmaskLength?: boolean;
  readonly addAllocationResourceTags?: readonly Tag[];
  readonly removeAllocationResourceTags?: readonly Tag[];
}

/** ModifyIpamPool: description, auto-import and allocation rules; locale and family are fixed. */
export const modifyIpamPool: Operation<ModifyIpamPoolInput, IpamPool> = (s, input, ctx) => {
  const found = owned(s, 'ipam-pool', input.ipamPoolId, ctx);
  if (!found.ok) return found;
  const pool = found.value;
  if (
    input.clearAllocationDefaultNetmaskLength === true &&
    input.allocationDefaultNetmaskLength !== undefined
  ) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'ClearAllocationDefaultNetmaskLength cannot be combined with AllocationDefaultNetmaskLength.',
      ),
    );
  }
  const rules: NetmaskRules = {
    allocationMinNetmaskLength: input.allocationMinNetmaskLength ?? pool.allocationMinNetmaskLength,
    allocationMaxNetmaskLength: input.allocationMaxNetmaskLength ?? pool.allocationMaxNetmaskLength,
    allocationDefaultNetmaskLength:
      input.clearAllocationDefaultNetmaskLength === true
        ? undefined
        : (input.allocationDefaultNetmaskLength ?? pool.allocationDefaultNetmaskLength),
  };
  const bad = checkRules(rules, pool.addressFamily === 'ipv4' ? 32 : 128);
  if (bad) return fail(bad);
  if (input.autoImport === true && pool.locale === undefined) {
    return fail(AwsErrors.invalidParameterCombination('AutoImport requires a pool with a locale.'));
  }
  const removed = (t: Tag) =>
    (input.removeAllocationResourceTags ?? []).some((r) => r.key === t.key && r.value === t.value);
  const kept = pool.allocationResourceTags.filter((t) => !removed(t));
  const added = tagsParam([...kept, ...(input.addAllocationResourceTags ?? [])]);
  if (!added.ok) return added;
  const {
    allocationMinNetmaskLength: _min,
    allocationMaxNetmaskLength: _max,
    allocationDefaultNetmaskLength: _def,
    ...rest
  } = pool;
  const next: IpamPool = {
    ...rest,
    ...ruleFields(rules),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.autoImport !== undefined ? { autoImport: input.autoImport } : {}),
    allocationResourceTags: added.value,
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};

/**
 * DeleteIpamPool. Without Cascade it is refused while the pool has provisioned CIDRs,
 * allocations or child pools (spec §6.2); with Cascade the pool, every pool below it and all
 * their allocations go, and the pool's CIDRs return to its source pool.
 */
export const deleteIpamPool: Operation<{ ipamPoolId: string; cascade?: boolean }, IpamPool> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'ipam-pool', input.ipamPoolId, ctx);
  if (!found.ok) return found;
  const pool = found.value;
  const busy =
    pool.cidrs.some((c) => c.state === 'provisioned') ||
    s.find('ipamAllocationsByPool', pool.id).length > 0 ||
    s.find('ipamPoolsBySource', pool.id).length > 0;
  if (busy && input.cascade !== true) {
    return fail(
      IpamErrors.dependency(
        `The pool ${pool.id} has provisioned CIDRs, allocations or child pools and cannot be deleted without Cascade.`,
      ),
    );
  }
  const changes: Change[] = [];
  for (const p of poolSubtree(s, pool)) {
    for (const a of s.find('ipamAllocationsByPool', p.id)) {
      changes.push({ op: 'delete', kind: a.kind, id: a.id });
    }
    changes.push({ op: 'delete', kind: 'ipam-pool', id: p.id });
  }
  // The pool's CIDRs are allocations in its source pool: they go back there.
  for (const a of s.find('ipamAllocationsByResource', pool.id)) {
    changes.push({ op: 'delete', kind: a.kind, id: a.id });
  }
  return ok({ changes, output: { ...pool, state: 'delete-complete' } });
};
