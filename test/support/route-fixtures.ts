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
import { createRouteTable } from '../../src/control/route-table.js';
import { createSubnet } from '../../src/control/subnet.js';
import { createVpc } from '../../src/control/vpc.js';
import { harness } from './harness.js';

/**
 * Fixtures of the route table and route tests (src/control/route-table.test.ts, route.test.ts):
 * resources of kinds whose operations live in other modules, put straight into the store, and a
 * dual-stack VPC with a subnet, an attached internet gateway and a custom route table.
 */

export type Harness = ReturnType<typeof harness>;

export const put = (h: Harness, resource: Resource) =>
  h.store.snapshot.apply([{ op: 'put', resource }]);
export const del = (h: Harness, kind: Resource['kind'], id: string) =>
  h.store.snapshot.apply([{ op: 'delete', kind, id }]);
const owner = (h: Harness) => ({ ownerId: h.caller.accountId, region: h.caller.region, tags: [] });
const T0 = '2026-01-01T00:00:00.000Z';

export function eni(
  h: Harness,
  subnet: Subnet,
  ip: string,
  instanceId?: Id<'instance'>,
): NetworkInterface {
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
    privateIpAddress: Ip.parse(ip)!,
    privateIpAddresses: [{ privateIpAddress: Ip.parse(ip)!, primary: true }],
    ipv6Addresses: [],
    groups: [],
    sourceDestCheck: false,
    requesterManaged: false,
    status: instanceId ? 'in-use' : 'available',
    ...(instanceId
      ? {
          attachment: {
            attachmentId: h.store.ids.next('network-interface-attachment'),
            instanceId,
            deviceIndex: 0,
            deleteOnTermination: true,
            status: 'attached' as const,
          },
        }
      : {}),
  };
  put(h, r);
  return r;
}

export function instance(
  h: Harness,
  subnet: Subnet,
  enis: number,
  state: Instance['state'] = 'running',
) {
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
  const attached = Array.from({ length: enis }, (_, i) => eni(h, subnet, `10.0.1.${20 + i}`, r.id));
  return { instance: r, enis: attached };
}

export function nat(
  h: Harness,
  subnet: Subnet,
  state: NatGateway['state'] = 'available',
): NatGateway {
  const r: NatGateway = {
    kind: 'nat-gateway',
    id: h.store.ids.next('nat-gateway'),
    ...owner(h),
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    connectivityType: 'private',
    state,
    natGatewayAddresses: [],
    createTime: T0,
  };
  put(h, r);
  return r;
}

export function endpoint(
  h: Harness,
  vpc: Vpc,
  type: VpcEndpoint['vpcEndpointType'],
  routeTableIds: Id<'route-table'>[] = [],
) {
  const r: VpcEndpoint = {
    kind: 'vpc-endpoint',
    id: h.store.ids.next('vpc-endpoint'),
    ...owner(h),
    vpcEndpointType: type,
    vpcId: vpc.id,
    serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
    state: 'available',
    routeTableIds,
    subnetIds: [],
    networkInterfaceIds: [],
    groups: [],
    privateDnsEnabled: false,
    creationTimestamp: T0,
  };
  put(h, r);
  return r;
}

export function peering(h: Harness, a: Vpc, b: Vpc, code: PeeringStatusCode): VpcPeeringConnection {
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
    ...owner(h),
    requesterVpcInfo: info(a),
    accepterVpcInfo: info(b),
    status: { code, message: code },
  };
  put(h, r);
  return r;
}

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

/** A dual-stack VPC with a subnet, an attached IGW and a custom route table. */
export function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
  const v6 = vpc.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock;
  const subnetV6 = Cidr.of(v6.first, 64);
  const subnet = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.1.0/24',
    ipv6CidrBlock: subnetV6.toString(),
  });
  const igw = h.run(createInternetGateway, {});
  h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
  const rtb = h.run(createRouteTable, { vpcId: vpc.id });
  const main = h.s.find('mainRouteTableByVpc', vpc.id)[0]!;
  const other = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
  const otherSubnet = h.run(createSubnet, { vpcId: other.id, cidrBlock: '10.9.1.0/24' });
  const table = () => h.s.get('route-table', rtb.id)!;
  const route = (key: string) =>
    table().routes.find(
      (r) =>
        (r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.toString() === key ||
        r.destinationPrefixListId === key,
    );
  return { h, vpc, v6, subnetV6, subnet, igw, rtb, main, other, otherSubnet, table, route };
}
