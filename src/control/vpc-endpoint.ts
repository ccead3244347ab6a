import type { Ip } from '../net/index.js';
import { gatewayServiceOf, managedPrefixList } from '../model/aws-services.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id, IdFamily } from '../model/ids.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import type { ResourceByKind } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Route, RouteTable } from '../model/route-table.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import type { Vpc } from '../model/vpc.js';
import { macAddress, nextPrivateIpv4, privateAddressKey } from './addressing.js';
import { idParam, owned, tagsParam } from './params.js';
import { isGatewayEndpointRoute } from './route-table.js';

/**
 * VPC endpoints (https://docs.aws.amazon.com/vpc/latest/privatelink/): gateway endpoints add a
 * prefix-list route to route tables; interface and Gateway Load Balancer endpoints put a
 * requester-managed ENI in each of their subnets.
 */

export type VpcEndpointType = VpcEndpoint['vpcEndpointType'];
const ENDPOINT_TYPES: readonly string[] = ['Gateway', 'Interface', 'GatewayLoadBalancer'];

/** The policy AWS gives a gateway or interface endpoint created without one: full access. */
export const DEFAULT_ENDPOINT_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/** The AWS-managed prefix list a gateway endpoint routes to, if it is a gateway endpoint. */
export function gatewayEndpointPrefixList(endpoint: VpcEndpoint): Id<'prefix-list'> | undefined {
  if (endpoint.vpcEndpointType !== 'Gateway') return undefined;
  const service = gatewayServiceOf(endpoint.serviceName, endpoint.region);
  return service
    ? (managedPrefixList(endpoint.region, service).id as Id<'prefix-list'>)
    : undefined;
}

/** The AWS service an interface endpoint name names (`com.amazonaws.<region>.<svc>` → svc). */
function interfaceServiceOf(serviceName: string, region: string): string | undefined {
  const prefix = `com.amazonaws.${region}.`;
  if (!serviceName.startsWith(prefix)) return undefined;
  const svc = serviceName.slice(prefix.length);
  return /^[a-z0-9][a-z0-9.-]*$/.test(svc) ? svc : undefined;
}

/** GWLB endpoint services: `com.amazonaws.vpce.<region>.vpce-svc-…` (the services themselves come later). */
function isGwlbServiceName(serviceName: string, region: string): boolean {
  return new RegExp(`^com\\.amazonaws\\.vpce\\.${region}\\.vpce-svc-[0-9a-f]+$`).test(serviceName);
}

const invalidServiceName = (name: string): AwsError =>
  AwsErrors.code('InvalidServiceName', `The Vpc Endpoint Service '${name}' does not exist`);

/** Ids of one family, shape-checked, duplicates dropped (AWS treats a repeat as one). */
function idsParam<F extends IdFamily>(
  family: F,
  ids: readonly string[] | undefined,
): Result<Id<F>[], AwsError> {
  const out: Id<F>[] = [];
  for (const text of ids ?? []) {
    const id = idParam(family, text);
    if (!id.ok) return id;
    if (!out.includes(id.value)) out.push(id.value);
  }
  return ok(out);
}

/** The caller's resources of one kind that must all sit in `vpc`. */
function inVpc<K extends 'route-table' | 'subnet' | 'security-group'>(
  s: Snapshot,
  kind: K,
  ids: readonly string[],
  vpc: Vpc,
  ctx: OperationContext,
): Result<ResourceByKind[K][], AwsError> {
  const noun = {
    'route-table': 'route table',
    subnet: 'subnet',
    'security-group': 'security group',
  }[kind];
  const out: ResourceByKind[K][] = [];
  for (const id of ids) {
    const found = owned(s, kind, id, ctx);
    if (!found.ok) return found;
    if (found.value.vpcId !== vpc.id) {
      return fail(
        AwsErrors.invalidParameter(`The ${noun} ${id} does not belong to the VPC ${vpc.id}.`),
      );
    }
    out.push(found.value);
  }
  return ok(out);
}

/** AWS's rule: one subnet per Availability Zone. */
function checkOneSubnetPerZone(subnets: readonly Subnet[]): AwsError | undefined {
  const byZone = new Map<string, Subnet>();
  for (const sn of subnets) {
    const other = byZone.get(sn.availabilityZone);
    if (other) {
      return AwsErrors.code(
        'DuplicateSubnetsInSameZone',
        `Found another VPC endpoint subnet in the availability zone of ${other.id}. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.`,
      );
    }
    byZone.set(sn.availabilityZone, sn);
  }
  return undefined;
}

/** Endpoint ENIs take an IPv4 address (the twin models the default `ipv4` address type only). */
function checkIpv4Subnets(subnets: readonly Subnet[]): AwsError | undefined {
  const v6 = subnets.find((sn) => !sn.cidrBlock);
  return v6
    ? AwsErrors.invalidParameter(
        `The subnet ${v6.id} has no IPv4 CIDR block; IPv4 endpoint network interfaces need one.`,
      )
    : undefined;
}

/**
 * Private DNS needs both VPC DNS attributes, and no other endpoint of the VPC may already claim
 * the service's DNS name.
 */
function checkPrivateDns(
  s: Snapshot,
  vpc: Vpc,
  serviceName: string,
  self?: Id<'vpc-endpoint'>,
): AwsError | undefined {
  if (!vpc.enableDnsSupport || !vpc.enableDnsHostnames) {
    return AwsErrors.invalidParameter(
      `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${vpc.id}`,
    );
  }
  const clash = s
    .find('vpcEndpointsByVpc', vpc.id)
    .find((e) => e.id !== self && e.serviceName === serviceName && e.privateDnsEnabled);
  if (clash) {
    const svc = interfaceServiceOf(serviceName, vpc.region) ?? serviceName;
    return AwsErrors.invalidParameter(
      `private-dns-enabled cannot be set because there is already a conflicting DNS domain for ${svc}.${vpc.region}.amazonaws.com in the VPC ${vpc.id}`,
    );
  }
  return undefined;
}

/** The lowest free IPv4 of each subnet, or AWS's error for a full subnet. */
function endpointAddresses(s: Snapshot, subnets: readonly Subnet[]): Result<Ip[], AwsError> {
  const claimed = new Set<string>();
  const out: Ip[] = [];
  for (const sn of subnets) {
    const ip = nextPrivateIpv4(s, sn, claimed);
    if (!ip) {
      return fail(
        AwsErrors.code(
          'InsufficientFreeAddressesInSubnet',
          `There are not enough free addresses in subnet '${sn.id}' to satisfy the requested number of instances.`,
        ),
      );
    }
    claimed.add(privateAddressKey(sn.vpcId, ip));
    out.push(ip);
  }
  return ok(out);
}

/** The requester-managed ENI an interface or GWLB endpoint places in one subnet. */
function endpointEni(
  endpoint: Pick<VpcEndpoint, 'id' | 'vpcEndpointType' | 'ownerId' | 'region'>,
  subnet: Subnet,
  ip: Ip,
  groups: readonly Id<'security-group'>[],
  ctx: OperationContext,
): NetworkInterface {
  const id = ctx.ids.next('network-interface');
  const gwlb = endpoint.vpcEndpointType === 'GatewayLoadBalancer';
  return {
    kind: 'network-interface',
    id,
    ownerId: endpoint.ownerId,
    region: endpoint.region,
    tags: [],
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    availabilityZone: subnet.availabilityZone,
    description: `VPC Endpoint Interface ${endpoint.id}`,
    interfaceType: gwlb ? 'gateway_load_balancer_endpoint' : 'vpc_endpoint',
    macAddress: macAddress(id),
    privateIpAddress: ip,
    privateIpAddresses: [{ privateIpAddress: ip, primary: true }],
    ipv6Addresses: [],
    groups,
    // A GWLB endpoint forwards traffic addressed to others (it is a route target).
    sourceDestCheck: !gwlb,
    requesterManaged: true,
    status: 'in-use',
  };
}

/** The table with the endpoint's prefix-list route added; one route per prefix list per table. */
function withGatewayRoute(
  table: RouteTable,
  prefixListId: Id<'prefix-list'>,
  endpointId: Id<'vpc-endpoint'>,
): Result<RouteTable, AwsError> {
  if (table.routes.some((r) => r.destinationPrefixListId === prefixListId)) {
    return fail(
      AwsErrors.code(
        'RouteAlreadyExists',
        `route table ${table.id} already has a route with destination-prefix-list-id ${prefixListId}`,
      ),
    );
  }
  // AWS lists these routes with origin CreateRoute.
  const route: Route = {
    destinationPrefixListId: prefixListId,
    gatewayId: endpointId,
    origin: 'CreateRoute',
  };
  return ok({ ...table, routes: [...table.routes, route] });
}

/** The table without the endpoint's prefix-list route. */
const withoutGatewayRoute = (table: RouteTable, endpointId: string): RouteTable => ({
  ...table,
  routes: table.routes.filter((r) => !(isGatewayEndpointRoute(r) && r.gatewayId === endpointId)),
});

const notSupported = (what: string, type: VpcEndpointType): AwsError =>
  AwsErrors.invalidParameter(`${what} not supported for ${type} type VPC endpoints.`);

/** CreateVpcEndpoint, as far as the twin models it. */
export interface CreateVpcEndpointInput {
  /** `Gateway` (the default), `Interface` or `GatewayLoadBalancer`. */
  readonly vpcEndpointType?: string;
  readonly vpcId: string;
  readonly serviceName?: string;
  /** Gateway endpoints. */
  readonly routeTableIds?: readonly string[];
  /** Interface (one per AZ) and GWLB (exactly one) endpoints. */
  readonly subnetIds?: readonly string[];
  /** Interface endpoints; the VPC's default group when none is given. */
  readonly securityGroupIds?: readonly string[];
  /** Interface endpoints; defaults to true. */
  readonly privateDnsEnabled?: boolean;
  readonly policyDocument?: string;
  readonly tags?: readonly Tag[];
}

type Plan = Pick<
  VpcEndpoint,
  'routeTableIds' | 'subnetIds' | 'groups' | 'privateDnsEnabled' | 'policyDocument'
>;

/** Validates a gateway endpoint request; returns the tables to route and the prefix list. */
function planGateway(
  s: Snapshot,
  vpc: Vpc,
  input: CreateVpcEndpointInput & { serviceName: string },
  ctx: OperationContext,
): Result<{ tables: RouteTable[]; prefixListId: Id<'prefix-list'> }, AwsError> {
  const service = gatewayServiceOf(input.serviceName, ctx.region);
  if (!service) return fail(invalidServiceName(input.serviceName));
  if (input.subnetIds?.length) return fail(notSupported('Subnet IDs are', 'Gateway'));
  if (input.securityGroupIds?.length) return fail(notSupported('Security groups are', 'Gateway'));
  if (input.privateDnsEnabled === true) return fail(notSupported('Private DNS is', 'Gateway'));
  const ids = idsParam('route-table', input.routeTableIds);
  if (!ids.ok) return ids;
  const tables = inVpc(s, 'route-table', ids.value, vpc, ctx);
  if (!tables.ok) return tables;
  return ok({
    tables: tables.value,
    prefixListId: managedPrefixList(ctx.region, service).id as Id<'prefix-list'>,
  });
}

/** Validates an interface or GWLB endpoint request; returns its subnets and groups. */
function planNetworkInterfaces(
  s: Snapshot,
  vpc: Vpc,
  type: 'Interface' | 'GatewayLoadBalancer',
  input: CreateVpcEndpointInput & { serviceName: string },
  ctx: OperationContext,
): Result<{ subnets: Subnet[]; groups: Id<'security-group'>[]; privateDns: boolean }, AwsError> {
  const gwlb = type === 'GatewayLoadBalancer';
  const known = gwlb
    ? isGwlbServiceName(input.serviceName, ctx.region)
    : interfaceServiceOf(input.serviceName, ctx.region) !== undefined;
  if (!known) return fail(invalidServiceName(input.serviceName));
  if (input.routeTableIds?.length) {
    return fail(
      AwsErrors.invalidParameter(
        'Route table IDs are only supported for Gateway type VPC Endpoint.',
      ),
    );
  }
  const subnetIds = idsParam('subnet', input.subnetIds);
  if (!subnetIds.ok) return subnetIds;
  if (gwlb) {
    if (input.securityGroupIds?.length) return fail(notSupported('Security groups are', type));
    if (input.privateDnsEnabled === true) return fail(notSupported('Private DNS is', type));
    if (input.policyDocument !== undefined)
      return fail(notSupported('Endpoint policies are', type));
    if (subnetIds.value.length !== 1) {
      return fail(
        AwsErrors.invalidParameter(
          'A GatewayLoadBalancer type VPC endpoint must have exactly one subnet.',
        ),
      );
    }
  }
  const subnets = inVpc(s, 'subnet', subnetIds.value, vpc, ctx);
  if (!subnets.ok) return subnets;
  const bad = checkIpv4Subnets(subnets.value) ?? checkOneSubnetPerZone(subnets.value);
  if (bad) return fail(bad);
  if (gwlb) return ok({ subnets: subnets.value, groups: [], privateDns: false });
  const groups = groupsOrDefault(s, vpc, input.securityGroupIds, ctx);
  if (!groups.ok) return groups;
  const privateDns = input.privateDnsEnabled ?? true;
  if (privateDns) {
    const dns = checkPrivateDns(s, vpc, input.serviceName);
    if (dns) return fail(dns);
  }
  return ok({ subnets: subnets.value, groups: groups.value, privateDns });
}

/** The given security groups (all in the VPC), or the VPC's default group when none is given. */
function groupsOrDefault(
  s: Snapshot,
  vpc: Vpc,
  given: readonly string[] | undefined,
  ctx: OperationContext,
): Result<Id<'security-group'>[], AwsError> {
  const ids = idsParam('security-group', given);
  if (!ids.ok) return ids;
  if (ids.value.length === 0) {
    return ok(s.find('securityGroupByName', `${vpc.id}|default`).map((g) => g.id));
  }
  const groups = inVpc(s, 'security-group', ids.value, vpc, ctx);
  return groups.ok ? ok(groups.value.map((g) => g.id)) : groups;
}

/**
 * CreateVpcEndpoint: a gateway endpoint routes the service's AWS-managed prefix list to itself
 * in each chosen route table; an interface or GWLB endpoint gets one ENI per subnet, at the
 * lowest free address after the subnet's reserved ones.
 */
export const createVpcEndpoint: Operation<CreateVpcEndpointInput, VpcEndpoint> = (
  s,
  input,
  ctx,
) => {
  const type = input.vpcEndpointType ?? 'Gateway';
  if (!ENDPOINT_TYPES.includes(type)) {
    return fail(
      AwsErrors.invalidParameterValue(`Value (${type}) for parameter vpcEndpointType is invalid.`),
    );
  }
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const vpc = found.value;
  const serviceName = input.serviceName;
  if (serviceName === undefined) return fail(AwsErrors.missingParameter('serviceName'));
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const request = { ...input, serviceName };
  const base = {
    kind: 'vpc-endpoint' as const,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    vpcEndpointType: type as VpcEndpointType,
    vpcId: vpc.id,
    serviceName,
    state: 'available' as const,
    creationTimestamp: ctx.clock.now().toISOString(),
  };

  if (type === 'Gateway') {
    const plan = planGateway(s, vpc, request, ctx);
    if (!plan.ok) return plan;
    const id = ctx.ids.next('vpc-endpoint');
    const changes: Change[] = [];
    for (const t of plan.value.tables) {
      const next = withGatewayRoute(t, plan.value.prefixListId, id);
      if (!next.ok) return next;
      changes.push({ op: 'put', resource: next.value });
    }
    const fields: Plan = {
      routeTableIds: plan.value.tables.map((t) => t.id),
      subnetIds: [],
      groups: [],
      privateDnsEnabled: false,
      policyDocument: input.policyDocument ?? DEFAULT_ENDPOINT_POLICY,
    };
    const endpoint: VpcEndpoint = { ...base, id, ...fields, networkInterfaceIds: [] };
    return ok({ changes: [{ op: 'put', resource: endpoint }, ...changes], output: endpoint });
  }

  const plan = planNetworkInterfaces(
    s,
    vpc,
    type as 'Interface' | 'GatewayLoadBalancer',
    request,
    ctx,
  );
  if (!plan.ok) return plan;
  const addresses = endpointAddresses(s, plan.value.subnets);
  if (!addresses.ok) return addresses;
  const id = ctx.ids.next('vpc-endpoint');
  const shell = {
    id,
    vpcEndpointType: base.vpcEndpointType,
    ownerId: base.ownerId,
    region: base.region,
  };
  const enis = plan.value.subnets.map((sn, i) =>
    endpointEni(shell, sn, addresses.value[i] as Ip, plan.value.groups, ctx),
  );
  const fields: Plan = {
    routeTableIds: [],
    subnetIds: plan.value.subnets.map((sn) => sn.id),
    groups: plan.value.groups,
    privateDnsEnabled: plan.value.privateDns,
    ...(type === 'Interface'
      ? { policyDocument: input.policyDocument ?? DEFAULT_ENDPOINT_POLICY }
      : {}),
  };
  const endpoint: VpcEndpoint = {
    ...base,
    id,
    ...fields,
    networkInterfaceIds: enis.map((e) => e.id),
  };
  const changes: Change[] = [
    { op: 'put', resource: endpoint },
    ...enis.map((e) => ({ op: 'put' as const, resource: e })),
  ];
  return ok({ changes, output: endpoint });
};

/** ModifyVpcEndpoint, as far as the twin models it. */
export interface ModifyVpcEndpointInput {
  readonly vpcEndpointId: string;
  /** Gateway endpoints. */
  readonly addRouteTableIds?: readonly string[];
  readonly removeRouteTableIds?: readonly string[];
  /** Interface endpoints. */
  readonly addSubnetIds?: readonly string[];
  readonly removeSubnetIds?: readonly string[];
  readonly addSecurityGroupIds?: readonly string[];
  readonly removeSecurityGroupIds?: readonly string[];
  readonly privateDnsEnabled?: boolean;
  /** Gateway and interface endpoints. */
  readonly policyDocument?: string;
  readonly resetPolicy?: boolean;
}

/** Rejects options that do not apply to the endpoint's type. */
function checkModifyOptions(
  endpoint: VpcEndpoint,
  input: ModifyVpcEndpointInput,
): AwsError | undefined {
  const type = endpoint.vpcEndpointType;
  const given = (xs: readonly string[] | undefined) => xs !== undefined && xs.length > 0;
  if (type !== 'Gateway' && (given(input.addRouteTableIds) || given(input.removeRouteTableIds))) {
    return AwsErrors.invalidParameter(
      'Route table IDs are only supported for Gateway type VPC Endpoint.',
    );
  }
  if (type !== 'Interface') {
    if (given(input.addSubnetIds) || given(input.removeSubnetIds))
      return notSupported('Subnet changes are', type);
    if (given(input.addSecurityGroupIds) || given(input.removeSecurityGroupIds)) {
      return notSupported('Security groups are', type);
    }
    if (input.privateDnsEnabled !== undefined) return notSupported('Private DNS is', type);
  }
  if (type === 'GatewayLoadBalancer' && (input.policyDocument !== undefined || input.resetPolicy)) {
    return notSupported('Endpoint policies are', type);
  }
  if (input.policyDocument !== undefined && input.resetPolicy) {
    return AwsErrors.invalidParameterCombination(
      'policyDocument and resetPolicy cannot be used together.',
    );
  }
  return undefined;
}

/** Route table changes of a gateway endpoint: removes first, then adds (a table in both stays). */
function modifyRouteTables(
  s: Snapshot,
  vpc: Vpc,
  endpoint: VpcEndpoint,
  input: ModifyVpcEndpointInput,
  ctx: OperationContext,
): Result<{ tables: RouteTable[]; routeTableIds: Id<'route-table'>[] }, AwsError> {
  const prefixListId = gatewayEndpointPrefixList(endpoint);
  const removeIds = idsParam('route-table', input.removeRouteTableIds);
  if (!removeIds.ok) return removeIds;
  const addIds = idsParam('route-table', input.addRouteTableIds);
  if (!addIds.ok) return addIds;
  const removed = inVpc(s, 'route-table', removeIds.value, vpc, ctx);
  if (!removed.ok) return removed;
  const added = inVpc(s, 'route-table', addIds.value, vpc, ctx);
  if (!added.ok) return added;
  const updated = new Map<string, RouteTable>();
  let ids = [...endpoint.routeTableIds];
  // Removing a table the endpoint is not on is a no-op.
  for (const t of removed.value) {
    if (!ids.includes(t.id)) continue;
    ids = ids.filter((x) => x !== t.id);
    updated.set(t.id, withoutGatewayRoute(t, endpoint.id));
  }
  for (const t of added.value) {
    if (ids.includes(t.id) || !prefixListId) continue; // already on the endpoint: a no-op
    const next = withGatewayRoute(updated.get(t.id) ?? t, prefixListId, endpoint.id);
    if (!next.ok) return next;
    ids.push(t.id);
    updated.set(t.id, next.value);
  }
  return ok({ tables: [...updated.values()], routeTableIds: ids });
}

/** Subnet and security group changes of an interface endpoint, with its ENIs kept in step. */
function modifyInterface(
  s: Snapshot,
  vpc: Vpc,
  endpoint: VpcEndpoint,
  input: ModifyVpcEndpointInput,
  ctx: OperationContext,
): Result<{ changes: Change[]; fields: Partial<VpcEndpoint> }, AwsError> {
  const removeSubnets = idsParam('subnet', input.removeSubnetIds);
  if (!removeSubnets.ok) return removeSubnets;
  const addSubnets = idsParam('subnet', input.addSubnetIds);
  if (!addSubnets.ok) return addSubnets;
  const removeGroups = idsParam('security-group', input.removeSecurityGroupIds);
  if (!removeGroups.ok) return removeGroups;
  const addGroupIds = idsParam('security-group', input.addSecurityGroupIds);
  if (!addGroupIds.ok) return addGroupIds;
  const addGroups = inVpc(s, 'security-group', addGroupIds.value, vpc, ctx);
  if (!addGroups.ok) return addGroups;

  let groups = endpoint.groups.filter((g) => !removeGroups.value.includes(g));
  for (const g of addGroups.value) if (!groups.includes(g.id)) groups = [...groups, g.id];
  if (groups.length === 0) {
    return fail(
      AwsErrors.invalidParameter('A VPC endpoint must have at least one security group.'),
    );
  }

  const enis = endpoint.networkInterfaceIds.flatMap((id) => {
    const eni = s.get('network-interface', id);
    return eni ? [eni] : [];
  });
  const kept = enis.filter((e) => !removeSubnets.value.includes(e.subnetId));
  const keptSubnets = endpoint.subnetIds.filter((id) => !removeSubnets.value.includes(id));
  const newSubnets = inVpc(
    s,
    'subnet',
    addSubnets.value.filter((id) => !keptSubnets.includes(id)),
    vpc,
    ctx,
  );
  if (!newSubnets.ok) return newSubnets;
  const all = [...keptSubnets.flatMap((id) => s.get('subnet', id) ?? []), ...newSubnets.value];
  const bad = checkIpv4Subnets(newSubnets.value) ?? checkOneSubnetPerZone(all);
  if (bad) return fail(bad);

  const privateDns = input.privateDnsEnabled ?? endpoint.privateDnsEnabled;
  if (privateDns && !endpoint.privateDnsEnabled) {
    const dns = checkPrivateDns(s, vpc, endpoint.serviceName, endpoint.id);
    if (dns) return fail(dns);
  }
  const addresses = endpointAddresses(s, newSubnets.value);
  if (!addresses.ok) return addresses;

  const changes: Change[] = [];
  for (const e of enis) {
    if (!kept.includes(e)) changes.push({ op: 'delete', kind: 'network-interface', id: e.id });
  }
  const sameGroups =
    groups.length === endpoint.groups.length && groups.every((g, i) => endpoint.groups[i] === g);
  if (!sameGroups) {
    for (const e of kept) changes.push({ op: 'put', resource: { ...e, groups } });
  }
  const created = newSubnets.value.map((sn, i) =>
    endpointEni(endpoint, sn, addresses.value[i] as Ip, groups, ctx),
  );
  for (const e of created) changes.push({ op: 'put', resource: e });
  return ok({
    changes,
    fields: {
      subnetIds: all.map((sn) => sn.id),
      networkInterfaceIds: [...kept, ...created].map((e) => e.id),
      groups,
      privateDnsEnabled: privateDns,
    },
  });
}

/** ModifyVpcEndpoint: route tables (gateway), subnets, groups and private DNS (interface), policy. */
export const modifyVpcEndpoint: Operation<ModifyVpcEndpointInput, VpcEndpoint> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'vpc-endpoint', input.vpcEndpointId, ctx);
  if (!found.ok) return found;
  const endpoint = found.value;
  const bad = checkModifyOptions(endpoint, input);
  if (bad) return fail(bad);
  const vpc = s.get('vpc', endpoint.vpcId);
  if (!vpc) return fail(AwsErrors.internal(`The VPC of ${endpoint.id} is missing.`));
  const changes: Change[] = [];
  let next: VpcEndpoint = endpoint;
  if (endpoint.vpcEndpointType === 'Gateway') {
    const tables = modifyRouteTables(s, vpc, endpoint, input, ctx);
    if (!tables.ok) return tables;
    next = { ...next, routeTableIds: tables.value.routeTableIds };
    for (const t of tables.value.tables) changes.push({ op: 'put', resource: t });
  } else if (endpoint.vpcEndpointType === 'Interface') {
    const modified = modifyInterface(s, vpc, endpoint, input, ctx);
    if (!modified.ok) return modified;
    next = { ...next, ...modified.value.fields };
    changes.push(...modified.value.changes);
  }
  if (input.resetPolicy) next = { ...next, policyDocument: DEFAULT_ENDPOINT_POLICY };
  if (input.policyDocument !== undefined) next = { ...next, policyDocument: input.policyDocument };
  changes.unshift({ op: 'put', resource: next });
  return ok({ changes, output: next });
};

/** One id DeleteVpcEndpoints could not delete, and why (EC2 `UnsuccessfulItem`). */
export interface UnsuccessfulItem {
  readonly resourceId: string;
  readonly error: { readonly code: string; readonly message: string };
}

export interface DeleteVpcEndpointsInput {
  readonly vpcEndpointIds: readonly string[];
}

/**
 * DeleteVpcEndpoints: removes each endpoint with its prefix-list routes and ENIs. Unknown ids do
 * not fail the call: AWS lists them as unsuccessful items (InvalidVpcEndpoint.NotFound). Routes
 * that other route tables point at a GWLB endpoint (`vpcEndpointId`) stay, as blackholes.
 */
export const deleteVpcEndpoints: Operation<
  DeleteVpcEndpointsInput,
  { unsuccessful: UnsuccessfulItem[] }
> = (s, input, ctx) => {
  if (!input.vpcEndpointIds || input.vpcEndpointIds.length === 0) {
    return fail(AwsErrors.missingParameter('vpcEndpointIds'));
  }
  const ids = idsParam('vpc-endpoint', input.vpcEndpointIds);
  if (!ids.ok) return ids;
  const unsuccessful: UnsuccessfulItem[] = [];
  const tables = new Map<string, RouteTable>();
  const deletes: Change[] = [];
  for (const id of ids.value) {
    const found = owned(s, 'vpc-endpoint', id, ctx);
    if (!found.ok) {
      unsuccessful.push({
        resourceId: id,
        error: {
          code: 'InvalidVpcEndpoint.NotFound',
          message: `The Vpc Endpoint Id '${id}' does not exist`,
        },
      });
      continue;
    }
    const endpoint = found.value;
    for (const t of s.find('routeTablesByTarget', endpoint.id)) {
      const current = tables.get(t.id) ?? t;
      const next = withoutGatewayRoute(current, endpoint.id);
      if (next.routes.length !== current.routes.length) tables.set(t.id, next);
    }
    for (const eni of endpoint.networkInterfaceIds) {
      deletes.push({ op: 'delete', kind: 'network-interface', id: eni });
    }
    deletes.push({ op: 'delete', kind: 'vpc-endpoint', id: endpoint.id });
  }
  const changes: Change[] = [
    ...[...tables.values()].map((t) => ({ op: 'put' as const, resource: t })),
    ...deletes,
  ];
  return ok({ changes, output: { unsuccessful } });
};
