import type { Ip } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import { defaultSecurityGroupOf } from '../model/security-group.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import type { Vpc } from '../model/vpc.js';
import {
  checkRequestedAddress,
  macAddress,
  nextPrivateIpv4,
  privateAddressKey,
} from './addressing.js';
import { insufficientAddresses } from './interface-builder.js';
import { idsParam, ownedInVpc } from './params.js';
import type { CreateVpcEndpointInput, ModifyVpcEndpointInput } from './vpc-endpoint.js';
import { checkServiceConnection, endpointServiceOf } from './vpc-endpoint-service.js';
import {
  interfaceServiceOf,
  invalidServiceName,
  isGwlbServiceName,
  notSupported,
} from './vpc-endpoint-types.js';

/**
 * Interface and Gateway Load Balancer endpoints: one requester-managed ENI per subnet (one subnet
 * per AZ), at the subnet's lowest free address, with the endpoint's security groups; private DNS
 * for interface endpoints (https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html).
 */

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
export function endpointAddresses(
  s: Snapshot,
  subnets: readonly Subnet[],
  pinned: ReadonlyMap<string, Ip> = new Map(),
): Result<Ip[], AwsError> {
  const claimed = new Set<string>();
  // Pinned addresses (SubnetConfigurations, D83) first, so no lowest-free pick takes one.
  for (const sn of subnets) {
    const ip = pinned.get(sn.id);
    if (!ip) continue;
    const bad = checkRequestedAddress(s, sn, ip, claimed);
    if (bad) return fail(bad);
    claimed.add(privateAddressKey(sn.vpcId, ip));
  }
  const out: Ip[] = [];
  for (const sn of subnets) {
    const ip = pinned.get(sn.id) ?? nextPrivateIpv4(s, sn, claimed);
    if (!ip) return fail(insufficientAddresses(sn, 'instances'));
    claimed.add(privateAddressKey(sn.vpcId, ip));
    out.push(ip);
  }
  return ok(out);
}

/** The requester-managed ENI an interface or GWLB endpoint places in one subnet. */
export function endpointEni(
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

/** Validates an interface or GWLB endpoint request; returns its subnets and groups. */
export function planNetworkInterfaces(
  s: Snapshot,
  vpc: Vpc,
  type: 'Interface' | 'GatewayLoadBalancer',
  input: CreateVpcEndpointInput & { serviceName: string },
  ctx: OperationContext,
): Result<
  {
    subnets: Subnet[];
    groups: Id<'security-group'>[];
    privateDns: boolean;
    state: VpcEndpoint['state'];
  },
  AwsError
> {
  const gwlb = type === 'GatewayLoadBalancer';
  // A PrivateLink endpoint service (GWLB or NLB) the caller may connect to, if it names one.
  const service = endpointServiceOf(s, input.serviceName, ctx.region);
  const known = gwlb
    ? isGwlbServiceName(input.serviceName, ctx.region)
    : interfaceServiceOf(input.serviceName, ctx.region) !== undefined || service !== undefined;
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
  const subnets = ownedInVpc(s, 'subnet', subnetIds.value, vpc, ctx);
  if (!subnets.ok) return subnets;
  const bad = checkIpv4Subnets(subnets.value) ?? checkOneSubnetPerZone(subnets.value);
  if (bad) return fail(bad);
  let state: VpcEndpoint['state'] = 'available';
  if (gwlb || service) {
    const connected = checkServiceConnection(
      s,
      service,
      input.serviceName,
      type,
      subnets.value,
      ctx,
    );
    if (!connected.ok) return connected;
    state = connected.value;
  }
  if (gwlb) return ok({ subnets: subnets.value, groups: [], privateDns: false, state });
  const groups = groupsOrDefault(s, vpc, input.securityGroupIds, ctx);
  if (!groups.ok) return groups;
  // Endpoint services modelled here publish no private DNS name (D54).
  if (service && input.privateDnsEnabled === true) {
    return fail(
      AwsErrors.invalidParameter(
        `Private DNS can't be enabled because the service ${input.serviceName} does not provide a private DNS name.`,
      ),
    );
  }
  const privateDns = input.privateDnsEnabled ?? service === undefined;
  if (privateDns) {
    const dns = checkPrivateDns(s, vpc, input.serviceName);
    if (dns) return fail(dns);
  }
  return ok({ subnets: subnets.value, groups: groups.value, privateDns, state });
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
    const fallback = defaultSecurityGroupOf(s, vpc.id);
    return ok(fallback ? [fallback.id] : []);
  }
  const groups = ownedInVpc(s, 'security-group', ids.value, vpc, ctx);
  return groups.ok ? ok(groups.value.map((g) => g.id)) : groups;
}

/** Subnet and security group changes of an interface endpoint, with its ENIs kept in step. */
export function modifyInterface(
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
  const addGroups = ownedInVpc(s, 'security-group', addGroupIds.value, vpc, ctx);
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
  const newSubnets = ownedInVpc(
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
