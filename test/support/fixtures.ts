import { Cidr, Ip } from '../../src/net/index.js';
import type { AccountId, Id } from '../../src/model/ids.js';
import type { Instance } from '../../src/model/instance.js';
import type { NatGateway } from '../../src/model/nat-gateway.js';
import type { NetworkInterface } from '../../src/model/network-interface.js';
import type { PrefixList } from '../../src/model/prefix-list.js';
import type { Resource } from '../../src/model/resource.js';
import type { Subnet } from '../../src/model/subnet.js';
import type { Vpc } from '../../src/model/vpc.js';
import type { VpcEndpoint } from '../../src/model/vpc-endpoint.js';
import type { PeeringStatusCode, VpcPeeringConnection } from '../../src/model/vpc-peering.js';
import {
  attachInternetGateway,
  createInternetGateway,
} from '../../src/control/internet-gateway.js';
import { runInstances, type RunInstancesInput } from '../../src/control/instance-launch.js';
import {
  attachNetworkInterface,
  createNetworkInterface,
} from '../../src/control/network-interface.js';
import { createSubnet } from '../../src/control/subnet.js';
import { createVpc } from '../../src/control/vpc.js';
import { harness } from './harness.js';

/**
 * Fixtures of the control-plane tests (src/control/*.test.ts): a dual-stack world built through
 * the operations, and resources of kinds whose operations live in other modules, put straight
 * into the store so a test of one module does not depend on another's rules.
 */

export type Harness = ReturnType<typeof harness>;

/** Puts a resource straight into the store. */
export const put = (h: Harness, resource: Resource) =>
  h.store.snapshot.apply([{ op: 'put', resource }]);

/** Deletes a resource straight from the store. */
export const del = (h: Harness, kind: Resource['kind'], id: string) =>
  h.store.snapshot.apply([{ op: 'delete', kind, id }]);

const owner = (h: Harness) => ({ ownerId: h.caller.accountId, region: h.caller.region, tags: [] });
const T0 = '2026-01-01T00:00:00.000Z';

/**
 * A dual-stack VPC with an attached internet gateway and these subnets, all in us-east-1a but
 * `other`: `subnet` (10.0.0.0/24 and the first /64), `other` (10.0.2.0/24, us-east-1b), `small`
 * (10.0.1.0/28), `plain` (10.0.3.0/24, IPv4 only) and `native` (IPv6-only, the second /64).
 * `v6` holds the VPC's first four /64s.
 */
export function dualStackWorld() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
  const v6 = [...vpc.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock.subnets(64)].slice(0, 4);
  const subnetAt = (cidrBlock: string, availabilityZone = 'us-east-1a') =>
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock, availabilityZone });
  const subnet = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.0.0/24',
    ipv6CidrBlock: v6[0]!.toString(),
    availabilityZone: 'us-east-1a',
  });
  const other = subnetAt('10.0.2.0/24', 'us-east-1b');
  const small = subnetAt('10.0.1.0/28');
  const plain = subnetAt('10.0.3.0/24');
  const native = h.run(createSubnet, {
    vpcId: vpc.id,
    ipv6Native: true,
    ipv6CidrBlock: v6[1]!.toString(),
    availabilityZone: 'us-east-1a',
  });
  const igw = h.run(createInternetGateway, {});
  h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
  const defaultSg = h.s.find('securityGroupByName', `${vpc.id}|default`)[0]!;
  return { h, vpc, v6, subnet, other, small, plain, native, igw, defaultSg };
}

/** Launches an instance in `subnet` and attaches a second ENI (`extra`) at device index 1. */
export function launchWithSecondEni(
  h: Harness,
  subnet: Subnet,
  launch: Omit<RunInstancesInput, 'subnetId'> = {},
) {
  const [instance] = h.run(runInstances, { subnetId: subnet.id, ...launch });
  const extra = h.run(createNetworkInterface, { subnetId: subnet.id });
  h.run(attachNetworkInterface, {
    networkInterfaceId: extra.id,
    instanceId: instance!.id,
    deviceIndex: 1,
  });
  return { instance: instance!, extra };
}

/**
 * An ENI in `subnet` with the private IPv4s `ips`, the first one primary; `extra` sets any
 * other field.
 */
export function eni(
  h: Harness,
  subnet: Subnet,
  ips: readonly string[],
  extra: Partial<NetworkInterface> = {},
): NetworkInterface {
  const privateIpAddresses = ips.map((ip, i) => ({
    privateIpAddress: Ip.parse(ip)!,
    primary: i === 0,
  }));
  const r: NetworkInterface = {
    kind: 'network-interface',
    id: h.store.ids.next('network-interface'),
    ...owner(h),
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    availabilityZone: subnet.availabilityZone,
    description: '',
    interfaceType: 'interface',
    macAddress: '02:00:00:00:00:01',
    ...(privateIpAddresses[0] ? { privateIpAddress: privateIpAddresses[0].privateIpAddress } : {}),
    privateIpAddresses,
    ipv6Addresses: [],
    groups: [],
    sourceDestCheck: true,
    requesterManaged: false,
    status: 'available',
    ...extra,
  };
  put(h, r);
  return r;
}

/** An instance in `subnet` with `enis` ENIs attached to it (at 10.0.1.20, .21, …). */
export function instance(
  h: Harness,
  subnet: Subnet,
  state: Instance['state'] = 'running',
  enis = 0,
): { instance: Instance; enis: NetworkInterface[] } {
  const r: Instance = {
    kind: 'instance',
    id: h.store.ids.next('instance'),
    ...owner(h),
    imageId: 'ami-12345678',
    instanceType: 't3.micro',
    state,
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    availabilityZone: subnet.availabilityZone,
    launchTime: T0,
    reservationId: h.store.ids.next('reservation'),
  };
  put(h, r);
  const attached = Array.from({ length: enis }, (_, i) =>
    eni(h, subnet, [`10.0.1.${20 + i}`], {
      sourceDestCheck: false,
      status: 'in-use',
      attachment: {
        attachmentId: h.store.ids.next('network-interface-attachment'),
        instanceId: r.id,
        deviceIndex: 0,
        deleteOnTermination: true,
        status: 'attached',
      },
    }),
  );
  return { instance: r, enis: attached };
}

/** A NAT gateway in `subnet`, private unless said otherwise. */
export function nat(
  h: Harness,
  subnet: Subnet,
  state: NatGateway['state'] = 'available',
  connectivityType: NatGateway['connectivityType'] = 'private',
): NatGateway {
  const r: NatGateway = {
    kind: 'nat-gateway',
    id: h.store.ids.next('nat-gateway'),
    ...owner(h),
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    connectivityType,
    state,
    natGatewayAddresses: [],
    createTime: T0,
  };
  put(h, r);
  return r;
}

/** An available VPC endpoint of a PrivateLink service in `vpcId`; `extra` sets any other field. */
export function endpoint(
  h: Harness,
  vpcId: Id<'vpc'>,
  type: VpcEndpoint['vpcEndpointType'],
  extra: Partial<VpcEndpoint> = {},
): VpcEndpoint {
  const r: VpcEndpoint = {
    kind: 'vpc-endpoint',
    id: h.store.ids.next('vpc-endpoint'),
    ...owner(h),
    vpcEndpointType: type,
    vpcId,
    serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
    state: 'available',
    routeTableIds: [],
    subnetIds: [],
    networkInterfaceIds: [],
    groups: [],
    privateDnsEnabled: false,
    creationTimestamp: T0,
    ...extra,
  };
  put(h, r);
  return r;
}

/** A peering connection from `a` (the requester, which owns it) to `b`, in status `code`. */
export function peering(
  h: Harness,
  a: Vpc,
  b: Vpc,
  code: PeeringStatusCode = 'active',
): VpcPeeringConnection {
  const info = (v: Vpc) => ({
    vpcId: v.id,
    ownerId: v.ownerId,
    region: v.region,
    cidrBlock: v.cidrBlock,
    allowDnsResolutionFromRemoteVpc: false,
  });
  const r: VpcPeeringConnection = {
    kind: 'vpc-peering-connection',
    id: h.store.ids.next('vpc-peering-connection'),
    ownerId: a.ownerId,
    region: a.region,
    tags: [],
    requesterVpcInfo: info(a),
    accepterVpcInfo: info(b),
    status: { code, message: code },
  };
  put(h, r);
  return r;
}

/** A customer-managed prefix list of `ownerId` in the caller's Region, with one entry. */
export function prefixList(
  h: Harness,
  ownerId: string,
  maxEntries: number,
  family: 'IPv4' | 'IPv6' = 'IPv4',
): PrefixList {
  const r: PrefixList = {
    kind: 'prefix-list',
    id: h.store.ids.next('prefix-list'),
    ownerId: ownerId as AccountId,
    region: h.caller.region,
    tags: [],
    prefixListName: `list-${maxEntries}`,
    addressFamily: family,
    maxEntries,
    version: 1,
    entries: [{ cidr: Cidr.parse(family === 'IPv4' ? '192.0.2.0/24' : '2001:db8::/32')! }],
    awsManaged: false,
    state: 'create-complete',
  };
  put(h, r);
  return r;
}
