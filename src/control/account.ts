import type { Account } from '../model/account.js';
import { GATEWAY_SERVICES, managedPrefixList } from '../model/aws-services.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { AccountId, Id, RegionName } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import type { PrefixList } from '../model/prefix-list.js';
import { defaultAzMapping, isKnownRegion, type AvailabilityZone } from '../model/regions.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';

export interface InitRegionInput {
  /** Pin the account's AZ name→id mapping for this Region (topology files do). */
  readonly azMapping?: readonly AvailabilityZone[];
}

/**
 * First use of an account in a Region: records the account and its AZ mapping, and makes the
 * Region's AWS-managed prefix lists exist. Idempotent, so every face may call it freely.
 */
export const initRegion: Operation<InitRegionInput, Account> = (s, input, ctx) => {
  if (!isKnownRegion(ctx.region)) {
    return fail(AwsErrors.code('InvalidRegion', `The Region '${ctx.region}' is not supported.`));
  }
  const changes: Change[] = [];
  const existing = s.get('account', ctx.accountId);
  const mapping =
    input.azMapping ??
    existing?.azMappings[ctx.region] ??
    defaultAzMapping(ctx.accountId, ctx.region);
  if (input.azMapping) {
    const bad = checkMapping(input.azMapping, ctx.region);
    if (bad) return fail(bad);
  }
  const account: Account = {
    kind: 'account',
    id: ctx.accountId,
    azMappings: { ...existing?.azMappings, [ctx.region]: mapping },
    regionsInitialised: existing?.regionsInitialised.includes(ctx.region)
      ? existing.regionsInitialised
      : [...(existing?.regionsInitialised ?? []), ctx.region],
  };
  changes.push({ op: 'put', resource: account });
  for (const service of GATEWAY_SERVICES) {
    const list = managedPrefixList(ctx.region, service);
    if (s.get('prefix-list', list.id)) continue;
    const resource: PrefixList = {
      kind: 'prefix-list',
      id: list.id as Id<'prefix-list'>,
      ownerId: 'AWS' as AccountId,
      region: ctx.region,
      tags: [],
      prefixListName: list.name,
      addressFamily: 'IPv4',
      maxEntries: list.cidrs.length,
      version: 1,
      entries: list.cidrs.map((cidr) => ({ cidr })),
      awsManaged: true,
      state: 'create-complete',
    };
    changes.push({ op: 'put', resource });
  }
  return ok({ changes, output: account });
};

function checkMapping(
  mapping: readonly AvailabilityZone[],
  region: RegionName,
): AwsError | undefined {
  const known = new Set(defaultAzMapping('000000000000' as AccountId, region).map((z) => z.zoneId));
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const z of mapping) {
    if (
      !known.has(z.zoneId) ||
      !z.zoneName.startsWith(region) ||
      names.has(z.zoneName) ||
      ids.has(z.zoneId)
    ) {
      return AwsErrors.invalidParameterValue(
        `Invalid availability zone mapping ${z.zoneName} -> ${z.zoneId} for Region ${region}`,
      );
    }
    names.add(z.zoneName);
    ids.add(z.zoneId);
  }
  return undefined;
}

/** The AZs the caller's account sees in the caller's Region. */
export function availabilityZones(
  s: Snapshot,
  ctx: Pick<OperationContext, 'accountId' | 'region'>,
): readonly AvailabilityZone[] {
  return (
    s.get('account', ctx.accountId)?.azMappings[ctx.region] ??
    defaultAzMapping(ctx.accountId, ctx.region)
  );
}

/**
 * Resolves an AZ given by name or by id, with AWS's error when it does not exist.
 * Neither given: the first AZ, as AWS picks one for you.
 */
export function resolveAz(
  s: Snapshot,
  ctx: Pick<OperationContext, 'accountId' | 'region'>,
  zone: { availabilityZone?: string | undefined; availabilityZoneId?: string | undefined },
): Result<AvailabilityZone, AwsError> {
  const azs = availabilityZones(s, ctx);
  if (zone.availabilityZone !== undefined && zone.availabilityZoneId !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Only one of availabilityZone or availabilityZoneId may be specified',
      ),
    );
  }
  const found =
    zone.availabilityZone !== undefined
      ? azs.find((z) => z.zoneName === zone.availabilityZone)
      : zone.availabilityZoneId !== undefined
        ? azs.find((z) => z.zoneId === zone.availabilityZoneId)
        : azs[0];
  if (found) return ok(found);
  const param = zone.availabilityZone !== undefined ? 'availabilityZone' : 'availabilityZoneId';
  const value = zone.availabilityZone ?? zone.availabilityZoneId;
  return fail(
    AwsErrors.invalidParameterValue(
      `Value (${value}) for parameter ${param} is invalid. Subnets can currently only be created in the following availability zones: ${azs.map((z) => z.zoneName).join(', ')}.`,
    ),
  );
}
