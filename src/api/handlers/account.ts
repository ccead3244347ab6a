/**
 * Account- and Region-level actions tools call first: which Regions and zones exist, the
 * account's attributes (its default VPC), and CreateDefaultVpc.
 */
import { availabilityZones } from '../../control/account.js';
import { createDefaultVpc, defaultVpcOf } from '../../control/default-vpc.js';
import { knownRegions, type AvailabilityZone } from '../../model/regions.js';
import { fail, ok } from '../../model/result.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { compileFilters, type FilterTable } from './describe.js';
import { vpcOutput } from './vpc.js';
import { AwsErrors } from '../../model/errors.js';

interface ZoneRow extends AvailabilityZone {
  readonly region: string;
}

const ZONE_FILTERS: FilterTable<ZoneRow> = {
  'group-name': (z) => [z.region],
  message: () => [],
  'opt-in-status': () => ['opt-in-not-required'],
  'region-name': (z) => [z.region],
  state: () => ['available'],
  'zone-id': (z) => [z.zoneId],
  'zone-name': (z) => [z.zoneName],
  'zone-type': () => ['availability-zone'],
};

/** DescribeAvailabilityZones: the caller's AZ names and their ids in the caller's Region. */
const describeAvailabilityZones = defineHandler('DescribeAvailabilityZones', (input, ctx) => {
  const predicate = compileFilters(input.filters, ZONE_FILTERS);
  if (!predicate.ok) return predicate;
  const region = ctx.caller.region;
  const zones: ZoneRow[] = availabilityZones(ctx.store.snapshot, ctx.caller).map((z) => ({
    ...z,
    region,
  }));
  for (const name of input.zoneNames ?? []) {
    if (!zones.some((z) => z.zoneName === name)) {
      return fail(AwsErrors.invalidParameterValue(`Invalid availability zone: [${name}]`));
    }
  }
  for (const id of input.zoneIds ?? []) {
    if (!zones.some((z) => z.zoneId === id)) {
      return fail(AwsErrors.invalidParameterValue(`Invalid availability zone ID: [${id}]`));
    }
  }
  const chosen = zones.filter(
    (z) =>
      (input.zoneNames === undefined ||
        input.zoneNames.length === 0 ||
        input.zoneNames.includes(z.zoneName)) &&
      (input.zoneIds === undefined ||
        input.zoneIds.length === 0 ||
        input.zoneIds.includes(z.zoneId)) &&
      predicate.value(z),
  );
  return ok({
    availabilityZones: chosen.map((z) => ({
      state: 'available',
      optInStatus: 'opt-in-not-required',
      messages: [],
      regionName: region,
      zoneName: z.zoneName,
      zoneId: z.zoneId,
      groupName: region,
      networkBorderGroup: region,
      zoneType: 'availability-zone',
    })),
  });
});

interface RegionRow {
  readonly regionName: string;
}

const REGION_FILTERS: FilterTable<RegionRow> = {
  endpoint: (r) => [`ec2.${r.regionName}.amazonaws.com`],
  'opt-in-status': () => ['opt-in-not-required'],
  'region-name': (r) => [r.regionName],
};

/** DescribeRegions: every Region vpctwin models. */
const describeRegions = defineHandler('DescribeRegions', (input) => {
  const predicate = compileFilters(input.filters, REGION_FILTERS);
  if (!predicate.ok) return predicate;
  const names = input.regionNames ?? [];
  const rows = knownRegions()
    .map((regionName) => ({ regionName }))
    .filter((r) => (names.length === 0 || names.includes(r.regionName)) && predicate.value(r));
  return ok({
    regions: rows.map((r) => ({
      regionName: r.regionName,
      endpoint: `ec2.${r.regionName}.amazonaws.com`,
      optInStatus: 'opt-in-not-required',
    })),
  });
});

/** DescribeAccountAttributes: the platform and the default VPC, as tools read them. */
const describeAccountAttributes = defineHandler('DescribeAccountAttributes', (input, ctx) => {
  const wanted = input.attributeNames ?? [];
  const defaultVpc = defaultVpcOf(ctx.store.snapshot, ctx.caller)?.id ?? 'none';
  const all: Record<string, string> = {
    'supported-platforms': 'VPC',
    'default-vpc': defaultVpc,
    'max-instances': '20',
    'vpc-max-security-groups-per-interface': '5',
    'max-elastic-ips': '5',
    'vpc-max-elastic-ips': '5',
  };
  const names = wanted.length === 0 ? Object.keys(all) : wanted;
  return ok({
    accountAttributes: names
      .filter((n) => Object.hasOwn(all, n))
      .map((n) => ({ attributeName: n, attributeValues: [{ attributeValue: all[n] }] })),
  });
});

/** CreateDefaultVpc: only when the Region has none (AWS's DefaultVpcAlreadyExists otherwise). */
const createDefaultVpcHandler = defineHandler('CreateDefaultVpc', (_input, ctx) => {
  const result = ctx.run('CreateDefaultVpc', createDefaultVpc, {});
  return result.ok ? ok({ vpc: vpcOutput(result.value) }) : result;
});

/** The account handlers, by action. */
export const ACCOUNT_HANDLERS = handlerRegistry(
  describeAvailabilityZones,
  describeRegions,
  describeAccountAttributes,
  createDefaultVpcHandler,
);
