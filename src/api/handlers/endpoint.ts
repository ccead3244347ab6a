import { availabilityZones } from '../../control/account.js';
import { idsParam } from '../../control/params.js';
import {
  createVpcEndpoint,
  deleteVpcEndpoints,
  modifyVpcEndpoint,
} from '../../control/vpc-endpoint.js';
import {
  interfaceServiceOf,
  invalidServiceName,
  isGwlbServiceName,
} from '../../control/vpc-endpoint-types.js';
import { GATEWAY_SERVICES, INTERFACE_SERVICES } from '../../model/aws-services.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fnv1a } from '../../model/hash.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { VpcEndpoint } from '../../model/vpc-endpoint.js';
import type { HandlerContext } from './context.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { compileFilters, describe, paginate, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/**
 * VPC endpoints (https://docs.aws.amazon.com/vpc/latest/privatelink/): gateway endpoints (S3,
 * DynamoDB) route the service's prefix list; interface and GWLB endpoints put an ENI in each of
 * their subnets. DescribeVpcEndpointServices lists the AWS services the twin knows.
 */

/** Stable, arbitrary-looking digits of `radix` derived from `text` (ids, DNS labels). */
const digits = (text: string, length: number, radix: 16 | 36): string => {
  let out = '';
  for (let basis = 1; out.length < length; basis++) {
    out += fnv1a(text, Math.imul(basis, 0x9e3779b1))
      .toString(radix)
      .padStart(radix === 16 ? 8 : 7, '0');
  }
  return out.slice(0, length);
};

/** A made-up Route 53 hosted zone id, stable per `seed`. */
const hostedZoneId = (seed: string): string => `Z${digits(seed, 13, 36).toUpperCase()}`;

/**
 * The DNS names of an interface endpoint: regional and zonal names under
 * `<service>.<region>.vpce.amazonaws.com`, and the service's own name while private DNS is on.
 */
function dnsEntries(s: Snapshot, e: VpcEndpoint): { dnsName: string; hostedZoneId: string }[] {
  if (e.vpcEndpointType !== 'Interface') return [];
  const svc = interfaceServiceOf(e.serviceName, e.region) ?? e.serviceName;
  const base = `${svc}.${e.region}.vpce.amazonaws.com`;
  const host = `${e.id}-${digits(e.id, 8, 36)}`;
  const zone = hostedZoneId(`vpce.${e.region}`);
  const entries = [{ dnsName: `${host}.${base}`, hostedZoneId: zone }];
  for (const id of e.subnetIds) {
    const az = s.get('subnet', id)?.availabilityZone;
    if (az !== undefined) entries.push({ dnsName: `${host}-${az}.${base}`, hostedZoneId: zone });
  }
  if (e.privateDnsEnabled) {
    entries.push({ dnsName: `${svc}.${e.region}.amazonaws.com`, hostedZoneId: hostedZoneId(e.id) });
  }
  return entries;
}

/** `VpcEndpoint` in the model's output shape. */
export function vpcEndpointOutput(s: Snapshot, e: VpcEndpoint): Ec2.VpcEndpoint {
  const enis = e.vpcEndpointType !== 'Gateway';
  return {
    vpcEndpointId: e.id,
    vpcEndpointType: e.vpcEndpointType,
    vpcId: e.vpcId,
    serviceName: e.serviceName,
    state: e.state,
    policyDocument: e.policyDocument,
    routeTableIds: e.routeTableIds,
    subnetIds: e.subnetIds,
    groups: e.groups.map((groupId) => ({
      groupId,
      groupName: s.get('security-group', groupId)?.groupName,
    })),
    ...(enis ? { ipAddressType: 'ipv4' } : {}),
    ...(e.vpcEndpointType === 'Interface' ? { dnsOptions: { dnsRecordIpType: 'ipv4' } } : {}),
    privateDnsEnabled: e.privateDnsEnabled,
    requesterManaged: false,
    networkInterfaceIds: e.networkInterfaceIds,
    dnsEntries: dnsEntries(s, e),
    creationTimestamp: new Date(e.creationTimestamp),
    tags: tagSet(e.tags),
    ownerId: e.ownerId,
  };
}

/** Options the twin does not model: dual-stack and IPv6 endpoints. */
interface UnmodelledWire {
  readonly ipAddressType?: string;
  readonly dnsOptions?: { readonly dnsRecordIpType?: string };
}

/** Refuses what the twin does not model, rather than ignoring it silently. */
function checkUnmodelled(input: UnmodelledWire): AwsError | undefined {
  if (input.ipAddressType !== undefined && input.ipAddressType !== 'ipv4') {
    return AwsErrors.unsupported(`The IP address type ${input.ipAddressType} is not supported.`);
  }
  const record = input.dnsOptions?.dnsRecordIpType;
  if (record !== undefined && record !== 'ipv4') {
    return AwsErrors.unsupported(`The DNS record IP type ${record} is not supported.`);
  }
  return undefined;
}

/** CreateVpcEndpoint: Gateway (the default type), Interface or GatewayLoadBalancer. */
export const createVpcEndpointHandler = defineHandler('CreateVpcEndpoint', (input, ctx) => {
  if (input.vpcId === undefined) return fail(AwsErrors.missingParameter('vpcId'));
  const bad = checkUnmodelled(input);
  if (bad) return fail(bad);
  const tags = tagsFromSpecifications(input.tagSpecifications, 'vpc-endpoint');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateVpcEndpoint', createVpcEndpoint, {
    vpcEndpointType: input.vpcEndpointType,
    vpcId: input.vpcId,
    serviceName: input.serviceName,
    routeTableIds: input.routeTableIds,
    subnetIds: input.subnetIds,
    securityGroupIds: input.securityGroupIds,
    privateDnsEnabled: input.privateDnsEnabled,
    policyDocument: input.policyDocument,
    tags: tags.value,
    subnetConfigurations: input.subnetConfigurations,
  });
  return result.ok
    ? ok({
        vpcEndpoint: vpcEndpointOutput(ctx.store.snapshot, result.value),
        clientToken: input.clientToken,
      })
    : result;
});

/** ModifyVpcEndpoint: route tables, subnets, security groups, private DNS and policy. */
export const modifyVpcEndpointHandler = defineHandler('ModifyVpcEndpoint', (input, ctx) => {
  const bad = checkUnmodelled(input);
  if (bad) return fail(bad);
  // Replacing an endpoint's network interface by a pinned one is not modelled (D83).
  if (input.subnetConfigurations !== undefined && input.subnetConfigurations.length > 0) {
    return fail(AwsErrors.unsupported('Subnet configurations are not supported.'));
  }
  const result = ctx.run('ModifyVpcEndpoint', modifyVpcEndpoint, {
    vpcEndpointId: input.vpcEndpointId,
    addRouteTableIds: input.addRouteTableIds,
    removeRouteTableIds: input.removeRouteTableIds,
    addSubnetIds: input.addSubnetIds,
    removeSubnetIds: input.removeSubnetIds,
    addSecurityGroupIds: input.addSecurityGroupIds,
    removeSecurityGroupIds: input.removeSecurityGroupIds,
    privateDnsEnabled: input.privateDnsEnabled,
    policyDocument: input.policyDocument,
    resetPolicy: input.resetPolicy,
  });
  return result.ok ? ok({ return: true }) : result;
});

/** DeleteVpcEndpoints: ids it could not delete come back as unsuccessful items, as in AWS. */
export const deleteVpcEndpointsHandler = defineHandler('DeleteVpcEndpoints', (input, ctx) => {
  const result = ctx.run('DeleteVpcEndpoints', deleteVpcEndpoints, {
    vpcEndpointIds: input.vpcEndpointIds ?? [],
  });
  return result.ok ? ok({ unsuccessful: result.value.unsuccessful }) : result;
});

/** DescribeVpcEndpoints filters, by name, as AWS documents them (tags are built in). */
export const VPC_ENDPOINT_FILTERS: FilterTable<VpcEndpoint> = {
  'ip-address-type': (e) => (e.vpcEndpointType === 'Gateway' ? [] : ['ipv4']),
  'service-name': (e) => [e.serviceName],
  'service-region': (e) => [e.region],
  'vpc-id': (e) => [e.vpcId],
  'vpc-endpoint-id': (e) => [e.id],
  'vpc-endpoint-state': (e) => [e.state],
  'vpc-endpoint-type': (e) => [e.vpcEndpointType],
};

/** AWS returns at most 1,000 items per page, whatever larger MaxResults is asked for. */
const PAGE_LIMIT = 1000;

const capped = (maxResults: number | undefined): number | undefined =>
  maxResults === undefined ? undefined : Math.min(maxResults, PAGE_LIMIT);

/** DescribeVpcEndpoints: ids, filters and MaxResults/NextToken. */
export const describeVpcEndpointsHandler = defineHandler('DescribeVpcEndpoints', (input, ctx) => {
  const shaped = idsParam('vpc-endpoint', input.vpcEndpointIds);
  if (!shaped.ok) return shaped;
  const page = describe(
    ctx.mine('vpc-endpoint'),
    { ...input, ids: input.vpcEndpointIds, maxResults: capped(input.maxResults) },
    {
      idOf: (e) => e.id,
      filters: VPC_ENDPOINT_FILTERS,
      noun: 'vpc-endpoint',
      maxResultsRange: [1, PAGE_LIMIT],
      idsWithMaxResults: true,
    },
  );
  const s = ctx.store.snapshot;
  return page.ok
    ? ok({
        vpcEndpoints: page.value.items.map((e) => vpcEndpointOutput(s, e)),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** One endpoint service as DescribeVpcEndpointServices shows it. */
interface ServiceView {
  readonly serviceName: string;
  readonly serviceType: 'Gateway' | 'Interface';
  /** The service's short name: `s3`, `ssm`, `ecr.api`. */
  readonly service: string;
  readonly region: string;
  readonly tags: readonly [];
}

const serviceView = (
  region: string,
  service: string,
  serviceType: ServiceView['serviceType'],
): ServiceView => ({
  serviceName: `com.amazonaws.${region}.${service}`,
  serviceType,
  service,
  region,
  tags: [],
});

/** Every service the twin lists in a Region: the gateway services, then the interface ones. */
const catalogue = (region: string): ServiceView[] => [
  ...GATEWAY_SERVICES.map((svc) => serviceView(region, svc, 'Gateway')),
  ...INTERFACE_SERVICES.map((svc) => serviceView(region, svc, 'Interface')),
];

/**
 * The services a name names: its catalogue entries (S3 and DynamoDB have two), or, since
 * CreateVpcEndpoint takes any `com.amazonaws.<region>.<name>`, an interface service of that name.
 */
function servicesNamed(region: string, name: string): Result<ServiceView[], AwsError> {
  const known = catalogue(region).filter((v) => v.serviceName === name);
  if (known.length > 0) return ok(known);
  const svc = interfaceServiceOf(name, region);
  if (svc === undefined || isGwlbServiceName(name, region)) return fail(invalidServiceName(name));
  return ok([serviceView(region, svc, 'Interface')]);
}

/** `ServiceDetail` in the model's output shape, for the caller's view of the Region's AZs. */
function serviceDetailOutput(v: ServiceView, zones: readonly string[]): Ec2.ServiceDetail {
  const gateway = v.serviceType === 'Gateway';
  const privateDnsName = `${v.service}.${v.region}.amazonaws.com`;
  return {
    serviceName: v.serviceName,
    serviceId: `vpce-svc-${digits(`${v.serviceName}|${v.serviceType}`, 17, 16)}`,
    serviceType: [{ serviceType: v.serviceType }],
    availabilityZones: zones,
    owner: 'amazon',
    baseEndpointDnsNames: [
      gateway ? privateDnsName : `${v.service}.${v.region}.vpce.amazonaws.com`,
    ],
    ...(gateway
      ? {}
      : {
          privateDnsName,
          privateDnsNames: [{ privateDnsName }],
          privateDnsNameVerificationState: 'verified',
        }),
    vpcEndpointPolicySupported: true,
    acceptanceRequired: false,
    managesVpcEndpoints: false,
    tags: [],
    supportedIpAddressTypes: ['ipv4'],
  };
}

/** DescribeVpcEndpointServices filters (API reference); tags are built in (services have none). */
export const ENDPOINT_SERVICE_FILTERS: FilterTable<ServiceView> = {
  owner: () => ['amazon'],
  'service-name': (v) => [v.serviceName],
  'service-region': (v) => [v.region],
  'service-type': (v) => [v.serviceType],
  'supported-ip-address-types': () => ['ipv4'],
};

/** The services a request selects: the named ones, or the whole catalogue. */
function selectedServices(
  ctx: HandlerContext,
  names: readonly string[] | undefined,
): Result<ServiceView[], AwsError> {
  const region = ctx.caller.region;
  if (names === undefined || names.length === 0) return ok(catalogue(region));
  const out: ServiceView[] = [];
  for (const name of new Set(names)) {
    const found = servicesNamed(region, name);
    if (!found.ok) return found;
    out.push(...found.value);
  }
  return ok(out);
}

/** DescribeVpcEndpointServices: details and names of the services, filtered and paged. */
export const describeVpcEndpointServicesHandler = defineHandler(
  'DescribeVpcEndpointServices',
  (input, ctx) => {
    const selected = selectedServices(ctx, input.serviceNames);
    if (!selected.ok) return selected;
    const predicate = compileFilters(input.filters, ENDPOINT_SERVICE_FILTERS, (v) => v.tags);
    if (!predicate.ok) return predicate;
    const page = paginate(
      selected.value.filter(predicate.value),
      (v) => `${v.serviceName}|${v.serviceType}`,
      capped(input.maxResults),
      input.nextToken,
    );
    if (!page.ok) return page;
    const zones = availabilityZones(ctx.store.snapshot, ctx.caller).map((z) => z.zoneName);
    return ok({
      serviceNames: [...new Set(page.value.items.map((v) => v.serviceName))],
      serviceDetails: page.value.items.map((v) => serviceDetailOutput(v, zones)),
      nextToken: page.value.nextToken,
    });
  },
);

/** The endpoint handlers, by action. */
export const ENDPOINT_HANDLERS = handlerRegistry(
  createVpcEndpointHandler,
  describeVpcEndpointsHandler,
  modifyVpcEndpointHandler,
  deleteVpcEndpointsHandler,
  describeVpcEndpointServicesHandler,
);
