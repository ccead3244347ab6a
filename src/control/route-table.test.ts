import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { Cidr, Ip } from '../net/index.js';
import type { AccountId, Id } from '../model/ids.js';
import type { Instance } from '../model/instance.js';
import type { NatGateway } from '../model/nat-gateway.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { PrefixList } from '../model/prefix-list.js';
import type { Resource } from '../model/resource.js';
import type { Route, RouteTable } from '../model/route-table.js';
import type { Subnet } from '../model/subnet.js';
import type { Vpc } from '../model/vpc.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import type { PeeringStatusCode, VpcPeeringConnection } from '../model/vpc-peering.js';
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
  deleteEgressOnlyInternetGateway,
  deleteInternetGateway,
  detachInternetGateway,
} from './internet-gateway.js';
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRoute,
  deleteRouteTable,
  disassociateRouteTable,
  replaceRoute,
  replaceRouteTableAssociation,
  ROUTE_TABLES_PER_VPC,
  routeQuotaCount,
  routeState,
  type CreateRouteInput,
} from './route-table.js';
import { createSubnet, subnetRouteTable } from './subnet.js';
import { createVpc } from './vpc.js';

type Harness = ReturnType<typeof harness>;

// ---- fixtures for kinds whose operations live in other modules -------------------------------

const put = (h: Harness, resource: Resource) => h.store.snapshot.apply([{ op: 'put', resource }]);
const del = (h: Harness, kind: Resource['kind'], id: string) =>
  h.store.snapshot.apply([{ op: 'delete', kind, id }]);
const owner = (h: Harness) => ({ ownerId: h.caller.accountId, region: h.caller.region, tags: [] });
const T0 = '2026-01-01T00:00:00.000Z';

function eni(
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

function instance(h: Harness, subnet: Subnet, enis: number, state: Instance['state'] = 'running') {
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

function nat(h: Harness, subnet: Subnet, state: NatGateway['state'] = 'available'): NatGateway {
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

function endpoint(
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

function peering(h: Harness, a: Vpc, b: Vpc, code: PeeringStatusCode): VpcPeeringConnection {
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

function prefixList(
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
function setup() {
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

const keys = (t: RouteTable) =>
  t.routes.map(
    (r) =>
      `${(r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.toString() ?? r.destinationPrefixListId} ${r.gatewayId ?? r.natGatewayId ?? r.networkInterfaceId ?? r.vpcEndpointId ?? r.egressOnlyInternetGatewayId ?? r.vpcPeeringConnectionId ?? r.transitGatewayId}`,
  );

// ---- route tables ------------------------------------------------------------------------------

describe('CreateRouteTable / DeleteRouteTable', () => {
  it('creates a table with a local route per VPC block and no associations', () => {
    const { rtb, v6 } = setup();
    expect(rtb.id).toMatch(/^rtb-[0-9a-f]{17}$/);
    expect(keys(rtb)).toEqual(['10.0.0.0/16 local', `${v6.toString()} local`]);
    expect(rtb.associations).toEqual([]);
    expect(rtb.routes.every((r) => r.origin === 'CreateRouteTable')).toBe(true);
  });

  it(`allows ${ROUTE_TABLES_PER_VPC} tables per VPC, the main one included`, () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    for (let i = 1; i < ROUTE_TABLES_PER_VPC; i++) h.run(createRouteTable, { vpcId: vpc.id });
    expect(h.fails(createRouteTable, { vpcId: vpc.id }).code).toBe('RouteTableLimitExceeded');
  });

  it('deletes an unassociated table, never the main one or one in use', () => {
    const { h, rtb, main, subnet } = setup();
    expect(h.fails(deleteRouteTable, { routeTableId: main.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `The routeTable '${main.id}' has dependencies and cannot be deleted.`,
    });
    const a = h.run(associateRouteTable, { routeTableId: rtb.id, subnetId: subnet.id });
    expect(h.fails(deleteRouteTable, { routeTableId: rtb.id }).code).toBe('DependencyViolation');
    h.run(disassociateRouteTable, { associationId: a.associationId });
    h.run(deleteRouteTable, { routeTableId: rtb.id });
    expect(h.s.get('route-table', rtb.id)).toBeUndefined();
    expect(h.fails(deleteRouteTable, { routeTableId: rtb.id }).code).toBe(
      'InvalidRouteTableID.NotFound',
    );
  });

  it('refuses to delete a table a gateway endpoint routes through', () => {
    const { h, vpc, rtb } = setup();
    endpoint(h, vpc, 'Gateway', [rtb.id]);
    expect(h.fails(deleteRouteTable, { routeTableId: rtb.id }).code).toBe('DependencyViolation');
  });

  it('hides other accounts’ tables', () => {
    const { h, rtb } = setup();
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(deleteRouteTable, { routeTableId: rtb.id }, other).code).toBe(
      'InvalidRouteTableID.NotFound',
    );
  });
});

// ---- associations ------------------------------------------------------------------------------

describe('AssociateRouteTable', () => {
  it('associates a subnet explicitly, once', () => {
    const { h, rtb, subnet } = setup();
    const out = h.run(associateRouteTable, { routeTableId: rtb.id, subnetId: subnet.id });
    expect(out.associationId).toMatch(/^rtbassoc-[0-9a-f]{17}$/);
    expect(out.associationState.state).toBe('associated');
    expect(subnetRouteTable(h.s, subnet.id)?.id).toBe(rtb.id);
    const again = h.run(createRouteTable, { vpcId: rtb.vpcId });
    expect(
      h.fails(associateRouteTable, { routeTableId: again.id, subnetId: subnet.id }),
    ).toMatchObject({
      code: 'Resource.AlreadyAssociated',
      message: `the specified association for route table ${again.id} conflicts with an existing association`,
    });
  });

  it('lets a subnet be associated explicitly with the main table', () => {
    const { h, main, subnet } = setup();
    h.run(associateRouteTable, { routeTableId: main.id, subnetId: subnet.id });
    expect(h.s.get('route-table', main.id)?.associations).toHaveLength(2);
  });

  it('refuses a subnet of another VPC, and bad parameter combinations', () => {
    const { h, rtb, otherSubnet, subnet, igw } = setup();
    expect(
      h.fails(associateRouteTable, { routeTableId: rtb.id, subnetId: otherSubnet.id }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `route table ${rtb.id} and subnet ${otherSubnet.id} belong to different networks`,
    });
    expect(h.fails(associateRouteTable, { routeTableId: rtb.id }).code).toBe('MissingParameter');
    expect(
      h.fails(associateRouteTable, { routeTableId: rtb.id, subnetId: subnet.id, gatewayId: igw.id })
        .code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(associateRouteTable, { routeTableId: rtb.id, subnetId: 'subnet-0123456789abcdef0' })
        .code,
    ).toBe('InvalidSubnetID.NotFound');
  });

  it('edge-associates an attached internet gateway, one table per gateway', () => {
    const { h, rtb, igw, vpc } = setup();
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    expect(h.s.find('routeTableByGateway', igw.id)[0]?.id).toBe(rtb.id);
    const second = h.run(createRouteTable, { vpcId: vpc.id });
    expect(h.fails(associateRouteTable, { routeTableId: second.id, gatewayId: igw.id }).code).toBe(
      'Resource.AlreadyAssociated',
    );
  });

  it('accepts virtual private gateways by id shape', () => {
    const { h, rtb } = setup();
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: 'vgw-0123456789abcdef0' });
  });

  it('refuses gateways that are unknown, detached, or not IGW/VGW', () => {
    const { h, rtb, vpc } = setup();
    const loose = h.run(createInternetGateway, {});
    expect(
      h.fails(associateRouteTable, { routeTableId: rtb.id, gatewayId: loose.id }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `route table ${rtb.id} and network gateway ${loose.id} belong to different networks`,
    });
    expect(
      h.fails(associateRouteTable, { routeTableId: rtb.id, gatewayId: 'igw-0123456789abcdef0' })
        .code,
    ).toBe('InvalidGatewayID.NotFound');
    const eigw = h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    expect(h.fails(associateRouteTable, { routeTableId: rtb.id, gatewayId: eigw.id }).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('never makes the main table a gateway route table', () => {
    const { h, main, igw } = setup();
    expect(h.fails(associateRouteTable, { routeTableId: main.id, gatewayId: igw.id }).code).toBe(
      'InvalidParameterValue',
    );
  });

  it.each([
    [
      'a route to the internet gateway',
      (c: ReturnType<typeof setup>) => ({ destinationCidrBlock: '0.0.0.0/0', gatewayId: c.igw.id }),
    ],
    [
      'a route outside the VPC to an ENI',
      (c: ReturnType<typeof setup>) => ({
        destinationCidrBlock: '192.168.0.0/16',
        networkInterfaceId: eni(c.h, c.subnet, '10.0.1.9').id,
      }),
    ],
    [
      'a prefix-list route',
      (c: ReturnType<typeof setup>) => ({
        destinationPrefixListId: prefixList(c.h, c.h.caller.accountId, 1).id,
        gatewayId: c.igw.id,
      }),
    ],
  ])('refuses an edge association for a table with %s', (_what, make) => {
    const ctx = setup();
    ctx.h.run(createRoute, { routeTableId: ctx.rtb.id, ...make(ctx) });
    expect(
      ctx.h.fails(associateRouteTable, { routeTableId: ctx.rtb.id, gatewayId: ctx.igw.id }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('DisassociateRouteTable / ReplaceRouteTableAssociation', () => {
  it('drops a subnet back to the main table', () => {
    const { h, rtb, main, subnet } = setup();
    const a = h.run(associateRouteTable, { routeTableId: rtb.id, subnetId: subnet.id });
    h.run(disassociateRouteTable, { associationId: a.associationId });
    expect(subnetRouteTable(h.s, subnet.id)?.id).toBe(main.id);
    expect(h.fails(disassociateRouteTable, { associationId: a.associationId })).toMatchObject({
      code: 'InvalidAssociationID.NotFound',
      message: `The association ID '${a.associationId}' does not exist`,
    });
  });

  it('never disassociates the main association', () => {
    const { h, main } = setup();
    const id = main.associations[0]!.routeTableAssociationId;
    expect(h.fails(disassociateRouteTable, { associationId: id })).toMatchObject({
      code: 'InvalidParameterValue',
      message: `cannot disassociate the main route table association ${id}`,
    });
  });

  it('moves a subnet to another table under a new association id', () => {
    const { h, rtb, main, subnet } = setup();
    const a = h.run(associateRouteTable, { routeTableId: main.id, subnetId: subnet.id });
    const out = h.run(replaceRouteTableAssociation, {
      associationId: a.associationId,
      routeTableId: rtb.id,
    });
    expect(out.newAssociationId).not.toBe(a.associationId);
    expect(subnetRouteTable(h.s, subnet.id)?.id).toBe(rtb.id);
    expect(h.s.get('route-table', main.id)?.associations.filter((x) => x.subnetId)).toEqual([]);
  });

  it('moves the main flag, and the old main table becomes deletable', () => {
    const { h, rtb, main, subnet } = setup();
    const id = main.associations[0]!.routeTableAssociationId;
    const out = h.run(replaceRouteTableAssociation, { associationId: id, routeTableId: rtb.id });
    expect(h.s.get('route-table', rtb.id)?.associations).toEqual([
      { routeTableAssociationId: out.newAssociationId, main: true },
    ]);
    expect(subnetRouteTable(h.s, subnet.id)?.id).toBe(rtb.id);
    h.run(deleteRouteTable, { routeTableId: main.id });
  });

  it('replaces an association with one to the same table', () => {
    const { h, main } = setup();
    const id = main.associations[0]!.routeTableAssociationId;
    const out = h.run(replaceRouteTableAssociation, { associationId: id, routeTableId: main.id });
    expect(
      h.s.get('route-table', main.id)?.associations.map((a) => a.routeTableAssociationId),
    ).toEqual([out.newAssociationId]);
  });

  it('keeps gateway route tables off main, and edge rules on the new table', () => {
    const { h, rtb, main, igw, vpc } = setup();
    const edge = h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    const mainId = main.associations[0]!.routeTableAssociationId;
    expect(
      h.fails(replaceRouteTableAssociation, { associationId: mainId, routeTableId: rtb.id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(replaceRouteTableAssociation, {
        associationId: edge.associationId,
        routeTableId: main.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const dirty = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(createRoute, {
      routeTableId: dirty.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    expect(
      h.fails(replaceRouteTableAssociation, {
        associationId: edge.associationId,
        routeTableId: dirty.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const clean = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(replaceRouteTableAssociation, {
      associationId: edge.associationId,
      routeTableId: clean.id,
    });
    expect(h.s.find('routeTableByGateway', igw.id)[0]?.id).toBe(clean.id);
  });

  it('refuses a table of another VPC', () => {
    const { h, main, other } = setup();
    const foreign = h.s.find('mainRouteTableByVpc', other.id)[0]!;
    const id = main.associations[0]!.routeTableAssociationId;
    expect(
      h.fails(replaceRouteTableAssociation, { associationId: id, routeTableId: foreign.id }).code,
    ).toBe('InvalidParameterValue');
  });
});

// ---- routes --------------------------------------------------------------------------------------

describe('CreateRoute: parameters', () => {
  it('needs exactly one destination and one target', () => {
    const { h, rtb, igw } = setup();
    const base = { routeTableId: rtb.id };
    expect(h.fails(createRoute, { ...base, gatewayId: igw.id }).code).toBe('MissingParameter');
    expect(h.fails(createRoute, { ...base, destinationCidrBlock: '0.0.0.0/0' }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(createRoute, {
        ...base,
        destinationCidrBlock: '0.0.0.0/0',
        destinationIpv6CidrBlock: '::/0',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(createRoute, {
        ...base,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.id,
        transitGatewayId: 'tgw-12345678',
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(createRoute, { ...base, destinationCidrBlock: '0.0.0.0/33', gatewayId: igw.id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, { ...base, destinationIpv6CidrBlock: '0.0.0.0/0', gatewayId: igw.id })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, {
        routeTableId: 'rtb-0123456789abcdef0',
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidRouteTableID.NotFound');
  });

  it('refuses duplicates, comparing canonical CIDRs', () => {
    const { h, rtb, igw } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '172.16.0.0/16',
      gatewayId: igw.id,
    });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '172.16.0.9/16',
        gatewayId: igw.id,
      }),
    ).toMatchObject({
      code: 'RouteAlreadyExists',
      message: 'The route identified by 172.16.0.0/16 already exists.',
    });
  });

  it.each([
    ['169.254.168.0/22', 'destinationCidrBlock'],
    ['169.254.169.0/24', 'destinationCidrBlock'],
    ['fd00:ec2::/32', 'destinationIpv6CidrBlock'],
    ['fd00:ec2::/64', 'destinationIpv6CidrBlock'],
  ])('refuses the reserved destination %s', (cidr, field) => {
    const { h, rtb, igw } = setup();
    expect(
      h.fails(createRoute, { routeTableId: rtb.id, [field]: cidr, gatewayId: igw.id }).code,
    ).toBe('InvalidParameterValue');
  });

  it('allows a larger block that covers a reserved range', () => {
    const { h, rtb, igw } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '169.254.0.0/16',
      gatewayId: igw.id,
    });
  });

  it('refuses unsupported target kinds', () => {
    const { h, rtb } = setup();
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '0.0.0.0/0',
        localGatewayId: 'lgw-12345678',
      }).code,
    ).toBe('UnsupportedOperation');
  });
});

describe('CreateRoute: targets', () => {
  it('routes to an attached internet gateway, IPv4 and IPv6', () => {
    const { h, rtb, igw, route, table } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: '::/0',
      gatewayId: igw.id,
    });
    expect(route('0.0.0.0/0')).toEqual({
      destinationCidrBlock: Cidr.parse('0.0.0.0/0'),
      gatewayId: igw.id,
      origin: 'CreateRoute',
    });
    expect(routeState(h.s, route('::/0')!, table())).toBe('active');
  });

  it('refuses an internet gateway of another network, or none', () => {
    const { h, rtb, other } = setup();
    const foreign = h.run(createInternetGateway, {});
    h.run(attachInternetGateway, { internetGatewayId: foreign.id, vpcId: other.id });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: foreign.id,
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `route table ${rtb.id} and network gateway ${foreign.id} belong to different networks`,
    });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: 'igw-0123456789abcdef0',
      }),
    ).toMatchObject({
      code: 'InvalidGatewayID.NotFound',
      message: "The gateway ID 'igw-0123456789abcdef0' does not exist",
    });
    // AWS answers other resources given as gatewayId as unknown gateways.
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: 'nat-0123456789abcdef0',
      }).code,
    ).toBe('InvalidGatewayID.NotFound');
  });

  it('accepts virtual private gateways and transit gateways by id shape', () => {
    const { h, rtb, route, table } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '192.168.0.0/16',
      gatewayId: 'vgw-0123456789abcdef0',
    });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '172.16.0.0/12',
      transitGatewayId: 'tgw-0123456789abcdef0',
    });
    expect(routeState(h.s, route('172.16.0.0/12')!, table())).toBe('active');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '100.64.0.0/10',
        transitGatewayId: 'tgw-xyz',
      }).code,
    ).toBe('InvalidTransitGatewayID.Malformed');
  });

  it('routes IPv6 only to an egress-only internet gateway of the VPC', () => {
    const { h, rtb, vpc, other } = setup();
    const eigw = h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: '::/0',
      egressOnlyInternetGatewayId: eigw.id,
    });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '0.0.0.0/0',
        egressOnlyInternetGatewayId: eigw.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const foreign = h.run(createEgressOnlyInternetGateway, { vpcId: other.id });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationIpv6CidrBlock: '2001:db8::/32',
        egressOnlyInternetGatewayId: foreign.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationIpv6CidrBlock: '2001:db8::/32',
        egressOnlyInternetGatewayId: 'eigw-0123456789abcdef0',
      }).code,
    ).toBe('InvalidGatewayID.NotFound');
  });

  it('routes IPv4 and NAT64 to a NAT gateway of the VPC', () => {
    const { h, rtb, subnet, otherSubnet } = setup();
    const n = nat(h, subnet);
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: n.id,
    });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: '64:ff9b::/96',
      natGatewayId: n.id,
    });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationIpv6CidrBlock: '::/0',
        natGatewayId: n.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const gone = nat(h, subnet, 'deleted');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        natGatewayId: gone.id,
      }),
    ).toMatchObject({
      code: 'InvalidNatGatewayID.NotFound',
      message: `The natGateway ID '${gone.id}' does not exist`,
    });
    const foreign = nat(h, otherSubnet);
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        natGatewayId: foreign.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('routes to an ENI of the VPC', () => {
    const { h, rtb, subnet, otherSubnet } = setup();
    const e = eni(h, subnet, '10.0.1.9');
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      networkInterfaceId: e.id,
    });
    const foreign = eni(h, otherSubnet, '10.9.1.9');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        networkInterfaceId: foreign.id,
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `route table ${rtb.id} and interface ${foreign.id} belong to different networks`,
    });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        networkInterfaceId: 'eni-0123456789abcdef0',
      }).code,
    ).toBe('InvalidNetworkInterfaceID.NotFound');
  });

  it('routes to an instance with one ENI, recording the ENI too', () => {
    const { h, rtb, subnet, route } = setup();
    const { instance: i, enis } = instance(h, subnet, 1);
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      instanceId: i.id,
    });
    expect(route('0.0.0.0/0')).toMatchObject({ instanceId: i.id, networkInterfaceId: enis[0]!.id });
    const two = instance(h, subnet, 2).instance;
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        instanceId: two.id,
      }),
    ).toMatchObject({
      code: 'InvalidInstanceID',
      message: `There are multiple interfaces attached to instance '${two.id}'. Please specify an interface ID for the operation instead.`,
    });
    const dead = instance(h, subnet, 0, 'terminated').instance;
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        instanceId: dead.id,
      }).code,
    ).toBe('IncorrectInstanceState');
  });

  it('routes to a peering of the VPC, pending ones as blackholes', () => {
    const { h, rtb, vpc, other, route, table } = setup();
    const third = h.run(createVpc, { cidrBlock: '10.8.0.0/16' });
    const pcx = peering(h, vpc, other, 'pending-acceptance');
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.9.0.0/16',
      vpcPeeringConnectionId: pcx.id,
    });
    expect(routeState(h.s, route('10.9.0.0/16')!, table())).toBe('blackhole');
    put(h, { ...pcx, status: { code: 'active', message: 'Active' } });
    expect(routeState(h.s, route('10.9.0.0/16')!, table())).toBe('active');
    const elsewhere = peering(h, other, third, 'active');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.8.0.0/16',
        vpcPeeringConnectionId: elsewhere.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const dead = peering(h, vpc, third, 'deleted');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.8.0.0/16',
        vpcPeeringConnectionId: dead.id,
      }).code,
    ).toBe('InvalidVpcPeeringConnectionID.NotFound');
  });

  it('lets the accepter account route through a peering stored with the requester', () => {
    const h = harness();
    const b = caller('222222222222');
    h.init(b);
    const vpcA = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const vpcB = h.run(createVpc, { cidrBlock: '10.1.0.0/16' }, b);
    const pcx = peering(h, vpcA, vpcB, 'active');
    const rtbB = h.s.find('mainRouteTableByVpc', vpcB.id)[0]!;
    h.run(
      createRoute,
      {
        routeTableId: rtbB.id,
        destinationCidrBlock: '10.0.0.0/16',
        vpcPeeringConnectionId: pcx.id,
      },
      b,
    );
  });

  it('routes to Gateway Load Balancer endpoints only', () => {
    const { h, rtb, vpc, other } = setup();
    const gwlbe = endpoint(h, vpc, 'GatewayLoadBalancer');
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      vpcEndpointId: gwlbe.id,
    });
    const iface = endpoint(h, vpc, 'Interface');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        vpcEndpointId: iface.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const foreign = endpoint(h, other, 'GatewayLoadBalancer');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '192.0.2.0/24',
        vpcEndpointId: foreign.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('never creates gateway-endpoint routes', () => {
    const { h, rtb, vpc } = setup();
    const gw = endpoint(h, vpc, 'Gateway');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationPrefixListId: 'pl-63a5400a',
        gatewayId: gw.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('CreateRoute: destinations', () => {
  it('routes prefix lists the caller owns or AWS manages', () => {
    const { h, rtb, igw } = setup();
    const mine = prefixList(h, h.caller.accountId, 5);
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationPrefixListId: mine.id,
      gatewayId: igw.id,
    });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationPrefixListId: 'pl-63a5400a',
      gatewayId: igw.id,
    });
    const theirs = prefixList(h, '222222222222', 5);
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationPrefixListId: theirs.id,
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidPrefixListID.NotFound');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationPrefixListId: 'pl-0123456789abcdef0',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidPrefixListID.NotFound');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationPrefixListId: mine.id,
        gatewayId: igw.id,
      }).code,
    ).toBe('RouteAlreadyExists');
  });

  it('refuses a VPC block as destination of a non-local route', () => {
    const { h, rtb, subnet, v6 } = setup();
    const e = eni(h, subnet, '10.0.1.9');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.0.0.0/16',
        networkInterfaceId: e.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationIpv6CidrBlock: v6.toString(),
        networkInterfaceId: e.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('allows routes more specific than local only to a whole subnet via NAT, ENI or GWLB endpoint', () => {
    const { h, rtb, vpc, subnet, subnetV6, igw } = setup();
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.2.0/24',
      natGatewayId: nat(h, subnet).id,
    });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: subnetV6.toString(),
      networkInterfaceId: eni(h, subnet, '10.0.1.9').id,
    });
    const more = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.3.0/24' });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: more.cidrBlock!.toString(),
      vpcEndpointId: endpoint(h, vpc, 'GatewayLoadBalancer').id,
    });
    const last = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.4.0/24' });
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: last.cidrBlock!.toString(),
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.0.9.0/24',
        networkInterfaceId: eni(h, subnet, '10.0.1.10').id,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('allows routes less specific than a VPC block', () => {
    const { h, rtb, igw } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.0.0/8',
      gatewayId: igw.id,
    });
  });

  it('keeps gateway route tables inside the VPC with ENI or GWLB endpoint targets', () => {
    const { h, rtb, vpc, igw, subnet } = setup();
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    const e = eni(h, subnet, '10.0.1.9');
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.2.0/24',
      networkInterfaceId: e.id,
    });
    const base = { routeTableId: rtb.id };
    expect(
      h.fails(createRoute, { ...base, destinationCidrBlock: '0.0.0.0/0', networkInterfaceId: e.id })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, {
        ...base,
        destinationCidrBlock: '10.0.1.0/24',
        natGatewayId: nat(h, subnet).id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createRoute, {
        ...base,
        destinationPrefixListId: 'pl-63a5400a',
        networkInterfaceId: e.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('route quota', () => {
  it('allows 50 routes per family, a prefix list counting as its max entries', () => {
    const { h, rtb, igw, table } = setup();
    const v4 = (i: number) => `192.168.${i}.0/24`;
    for (let i = 0; i < 45; i++)
      h.run(createRoute, { routeTableId: rtb.id, destinationCidrBlock: v4(i), gatewayId: igw.id });
    const list = prefixList(h, h.caller.accountId, 5);
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationPrefixListId: list.id,
      gatewayId: igw.id,
    });
    expect(routeQuotaCount(h.s, table(), 4)).toBe(50);
    expect(
      h.fails(createRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: v4(99),
        gatewayId: igw.id,
      }).code,
    ).toBe('RouteLimitExceeded');
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: '::/0',
      gatewayId: igw.id,
    });
    expect(routeQuotaCount(h.s, table(), 6)).toBe(1);
  });
});

// ---- ReplaceRoute / DeleteRoute ---------------------------------------------------------------

describe('ReplaceRoute', () => {
  it('changes the target of an existing route', () => {
    const { h, rtb, igw, subnet, route } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    const n = nat(h, subnet);
    h.run(replaceRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: n.id,
    });
    expect(route('0.0.0.0/0')).toEqual({
      destinationCidrBlock: Cidr.parse('0.0.0.0/0'),
      natGatewayId: n.id,
      origin: 'CreateRoute',
    });
  });

  it('answers a missing route as AWS does', () => {
    const { h, rtb, igw } = setup();
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.9.0.0/16',
        gatewayId: igw.id,
      }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message:
        "There is no route defined for '10.9.0.0/16' in the route table. Use CreateRoute instead.",
    });
  });

  it('points a local route at a middlebox and restores it with localTarget', () => {
    const { h, rtb, subnet, igw, route, table } = setup();
    const e = eni(h, subnet, '10.0.1.9');
    h.run(replaceRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.0.0/16',
      networkInterfaceId: e.id,
    });
    expect(route('10.0.0.0/16')).toMatchObject({
      networkInterfaceId: e.id,
      origin: 'CreateRouteTable',
    });
    expect(route('10.0.0.0/16')?.gatewayId).toBeUndefined();
    expect(routeState(h.s, route('10.0.0.0/16')!, table())).toBe('active');
    expect(
      h.fails(deleteRoute, { routeTableId: rtb.id, destinationCidrBlock: '10.0.0.0/16' }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.0.0.0/16',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.0.0.0/16',
        localTarget: true,
        networkInterfaceId: e.id,
      }).code,
    ).toBe('InvalidParameterCombination');
    h.run(replaceRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.0.0/16',
      localTarget: true,
    });
    expect(route('10.0.0.0/16')).toEqual({
      destinationCidrBlock: Cidr.parse('10.0.0.0/16'),
      gatewayId: 'local',
      origin: 'CreateRouteTable',
    });
  });

  it('uses localTarget on local routes only', () => {
    const { h, rtb, igw } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '0.0.0.0/0',
        localTarget: true,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('in a gateway route table, points the local route at an ENI but not a NAT gateway', () => {
    const { h, rtb, igw, subnet } = setup();
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.0.0.0/16',
        natGatewayId: nat(h, subnet).id,
      }).code,
    ).toBe('InvalidParameterValue');
    h.run(replaceRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.0.0/16',
      networkInterfaceId: eni(h, subnet, '10.0.1.9').id,
    });
  });

  it('applies the more-specific rule to new targets', () => {
    const { h, rtb, vpc, subnet, igw } = setup();
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '10.0.2.0/24',
      networkInterfaceId: eni(h, subnet, '10.0.1.9').id,
    });
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationCidrBlock: '10.0.2.0/24',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('leaves gateway-endpoint routes to their endpoint', () => {
    const { h, rtb, vpc, igw } = setup();
    const gw = endpoint(h, vpc, 'Gateway', [rtb.id]);
    const route: Route = {
      destinationPrefixListId: 'pl-63a5400a' as Id<'prefix-list'>,
      gatewayId: gw.id,
      origin: 'CreateRoute',
    };
    const t = h.s.get('route-table', rtb.id)!;
    put(h, { ...t, routes: [...t.routes, route] });
    expect(
      h.fails(replaceRoute, {
        routeTableId: rtb.id,
        destinationPrefixListId: 'pl-63a5400a',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(deleteRoute, { routeTableId: rtb.id, destinationPrefixListId: 'pl-63a5400a' }).code,
    ).toBe('InvalidParameterValue');
    expect(routeState(h.s, route, t)).toBe('active');
    del(h, 'vpc-endpoint', gw.id);
    expect(routeState(h.s, route, t)).toBe('blackhole');
  });
});

describe('DeleteRoute', () => {
  it('deletes a route', () => {
    const { h, rtb, igw, route } = setup();
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: '::/0',
      gatewayId: igw.id,
    });
    h.run(deleteRoute, { routeTableId: rtb.id, destinationIpv6CidrBlock: '::/0' });
    expect(route('::/0')).toBeUndefined();
  });

  it.each([
    ['destinationCidrBlock', '10.9.0.0/16', 'destination-cidr-block'],
    ['destinationIpv6CidrBlock', '2001:db8::/32', 'destination-ipv6-cidr-block'],
    ['destinationPrefixListId', 'pl-0123456789abcdef0', 'destination-prefix-list-id'],
  ])('answers a missing %s route as AWS does', (field, value, wire) => {
    const { h, rtb } = setup();
    expect(h.fails(deleteRoute, { routeTableId: rtb.id, [field]: value })).toMatchObject({
      code: 'InvalidRoute.NotFound',
      message: `no route with ${wire} ${value} in route table ${rtb.id}`,
    });
  });

  it('never removes a local route', () => {
    const { h, rtb } = setup();
    expect(
      h.fails(deleteRoute, { routeTableId: rtb.id, destinationCidrBlock: '10.0.0.0/16' }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `cannot remove local route 10.0.0.0/16 in route table ${rtb.id}`,
    });
  });
});

// ---- route state ---------------------------------------------------------------------------------

describe('routeState', () => {
  const create = (c: ReturnType<typeof setup>, input: Omit<CreateRouteInput, 'routeTableId'>) => {
    c.h.run(createRoute, { routeTableId: c.rtb.id, ...input });
    return c.table().routes.at(-1)!;
  };

  it('blackholes routes to detached and deleted gateways', () => {
    const c = setup();
    const { h, igw, vpc } = c;
    const r = create(c, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const eigw = h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    const r6 = create(c, {
      destinationIpv6CidrBlock: '::/0',
      egressOnlyInternetGatewayId: eigw.id,
    });
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: c.other.id });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
    expect(routeState(h.s, r)).toBe('active');
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: c.other.id });
    h.run(deleteInternetGateway, { internetGatewayId: igw.id });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
    expect(routeState(h.s, r6, c.table())).toBe('active');
    h.run(deleteEgressOnlyInternetGateway, { egressOnlyInternetGatewayId: eigw.id });
    expect(routeState(h.s, r6, c.table())).toBe('blackhole');
    expect(c.table().routes).toContainEqual(r6);
  });

  it('blackholes routes to deleted NAT gateways, ENIs and endpoints', () => {
    const c = setup();
    const { h, subnet, vpc } = c;
    const n = nat(h, subnet);
    const rn = create(c, { destinationCidrBlock: '0.0.0.0/0', natGatewayId: n.id });
    put(h, { ...n, state: 'deleted' });
    expect(routeState(h.s, rn, c.table())).toBe('blackhole');
    const e = eni(h, subnet, '10.0.1.9');
    const re = create(c, { destinationCidrBlock: '192.0.2.0/24', networkInterfaceId: e.id });
    expect(routeState(h.s, re, c.table())).toBe('active');
    del(h, 'network-interface', e.id);
    expect(routeState(h.s, re, c.table())).toBe('blackhole');
    const g = endpoint(h, vpc, 'GatewayLoadBalancer');
    const rg = create(c, { destinationCidrBlock: '198.51.100.0/24', vpcEndpointId: g.id });
    del(h, 'vpc-endpoint', g.id);
    expect(routeState(h.s, rg, c.table())).toBe('blackhole');
  });

  it('blackholes routes to instances that are not running', () => {
    const c = setup();
    const { h, subnet } = c;
    const { instance: i } = instance(h, subnet, 1);
    const r = create(c, { destinationCidrBlock: '0.0.0.0/0', instanceId: i.id });
    expect(routeState(h.s, r, c.table())).toBe('active');
    put(h, { ...i, state: 'stopped' });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
    put(h, { ...i, state: 'terminated' });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
    del(h, 'instance', i.id);
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
  });

  it('blackholes routes to peerings that are not active', () => {
    const c = setup();
    const { h, vpc, other } = c;
    const pcx = peering(h, vpc, other, 'active');
    const r = create(c, { destinationCidrBlock: '10.9.0.0/16', vpcPeeringConnectionId: pcx.id });
    expect(routeState(h.s, r, c.table())).toBe('active');
    put(h, { ...pcx, status: { code: 'deleted', message: 'Deleted' } });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
  });
});
