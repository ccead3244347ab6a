import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import {
  del,
  endpoint,
  eni,
  instance,
  nat,
  peering,
  prefixList,
  put,
} from '../../test/support/fixtures.js';
import { setup } from '../../test/support/route-fixtures.js';
import { Cidr } from '../net/index.js';
import type { Id } from '../model/ids.js';
import { routeState, type Route } from '../model/route-table.js';
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
  deleteEgressOnlyInternetGateway,
  deleteInternetGateway,
  detachInternetGateway,
} from './internet-gateway.js';
import { associateRouteTable } from './route-table.js';
import { createRoute, deleteRoute, routeQuotaCount } from './route.js';
import { createTransitGateway } from './transit-gateway.js';
import { createTransitGatewayVpcAttachment } from './transit-gateway-attachment.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';
import { attachVpnGateway, createVpnGateway, detachVpnGateway } from './vpn-gateway.js';

// ---- routes --------------------------------------------------------------------------------------

describe('CreateRoute: parameters', () => {
  it('needs exactly one destination and one target', () => {
    const { h, igw, createFails } = setup();
    expect(createFails({ gatewayId: igw.id }).code).toBe('MissingParameter');
    expect(createFails({ destinationCidrBlock: '0.0.0.0/0' }).code).toBe('MissingParameter');
    expect(
      createFails({
        destinationCidrBlock: '0.0.0.0/0',
        destinationIpv6CidrBlock: '::/0',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      createFails({
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.id,
        transitGatewayId: 'tgw-12345678',
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(createFails({ destinationCidrBlock: '0.0.0.0/33', gatewayId: igw.id }).code).toBe(
      'InvalidParameterValue',
    );
    expect(createFails({ destinationIpv6CidrBlock: '0.0.0.0/0', gatewayId: igw.id }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      h.fails(createRoute, {
        routeTableId: 'rtb-0123456789abcdef0',
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: igw.id,
      }).code,
    ).toBe('InvalidRouteTableID.NotFound');
  });

  it('refuses duplicates, comparing canonical CIDRs', () => {
    const { igw, create, createFails } = setup();
    create({ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    create({ destinationCidrBlock: '172.16.0.0/16', gatewayId: igw.id });
    expect(createFails({ destinationCidrBlock: '172.16.0.9/16', gatewayId: igw.id })).toMatchObject(
      {
        code: 'RouteAlreadyExists',
        message: 'The route identified by 172.16.0.0/16 already exists.',
      },
    );
  });

  it.each([
    ['169.254.168.0/22', 'destinationCidrBlock'],
    ['169.254.169.0/24', 'destinationCidrBlock'],
    ['fd00:ec2::/32', 'destinationIpv6CidrBlock'],
    ['fd00:ec2::/64', 'destinationIpv6CidrBlock'],
  ])('refuses the reserved destination %s', (cidr, field) => {
    const { igw, createFails } = setup();
    expect(createFails({ [field]: cidr, gatewayId: igw.id }).code).toBe('InvalidParameterValue');
  });

  it('allows a larger block that covers a reserved range', () => {
    const { igw, create } = setup();
    create({ destinationCidrBlock: '169.254.0.0/16', gatewayId: igw.id });
  });

  it('refuses unsupported target kinds', () => {
    const { createFails } = setup();
    expect(
      createFails({ destinationCidrBlock: '0.0.0.0/0', localGatewayId: 'lgw-12345678' }).code,
    ).toBe('UnsupportedOperation');
  });
});

describe('CreateRoute: targets', () => {
  it('routes to an attached internet gateway, IPv4 and IPv6', () => {
    const { h, igw, route, table, create } = setup();
    create({ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    create({ destinationIpv6CidrBlock: '::/0', gatewayId: igw.id });
    expect(route('0.0.0.0/0')).toEqual({
      destinationCidrBlock: Cidr.parse('0.0.0.0/0'),
      gatewayId: igw.id,
      origin: 'CreateRoute',
    });
    expect(routeState(h.s, route('::/0')!, table())).toBe('active');
  });

  it('refuses an internet gateway of another network, or none', () => {
    const { h, rtb, other, createFails } = setup();
    const foreign = h.run(createInternetGateway, {});
    h.run(attachInternetGateway, { internetGatewayId: foreign.id, vpcId: other.id });
    expect(createFails({ destinationCidrBlock: '0.0.0.0/0', gatewayId: foreign.id })).toMatchObject(
      {
        code: 'InvalidParameterValue',
        message: `route table ${rtb.id} and network gateway ${foreign.id} belong to different networks`,
      },
    );
    expect(
      createFails({ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0123456789abcdef0' }),
    ).toMatchObject({
      code: 'InvalidGatewayID.NotFound',
      message: "The gateway ID 'igw-0123456789abcdef0' does not exist",
    });
    // AWS answers other resources given as gatewayId as unknown gateways.
    expect(
      createFails({ destinationCidrBlock: '0.0.0.0/0', gatewayId: 'nat-0123456789abcdef0' }).code,
    ).toBe('InvalidGatewayID.NotFound');
  });

  it('accepts attached virtual private gateways, and transit gateways the VPC is attached to', () => {
    const { h, vpc, subnet, route, table, create, createFails } = setup();
    const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
    expect(createFails({ destinationCidrBlock: '192.168.0.0/16', gatewayId: vgw.id }).message).toBe(
      `route table ${table().id} and network gateway ${vgw.id} belong to different networks`,
    );
    expect(
      createFails({ destinationCidrBlock: '192.168.0.0/16', gatewayId: 'vgw-0123456789abcdef0' })
        .code,
    ).toBe('InvalidGatewayID.NotFound');
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    create({ destinationCidrBlock: '192.168.0.0/16', gatewayId: vgw.id });
    expect(routeState(h.s, route('192.168.0.0/16')!, table())).toBe('active');
    h.run(detachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(routeState(h.s, route('192.168.0.0/16')!, table())).toBe('blackhole');
    const tgw = h.run(createTransitGateway, {});
    expect(
      createFails({ destinationCidrBlock: '172.16.0.0/12', transitGatewayId: tgw.id }).code,
    ).toBe('InvalidTransitGatewayID.NotFound');
    h.run(createTransitGatewayVpcAttachment, {
      transitGatewayId: tgw.id,
      vpcId: vpc.id,
      subnetIds: [subnet.id],
    });
    create({ destinationCidrBlock: '172.16.0.0/12', transitGatewayId: tgw.id });
    expect(routeState(h.s, route('172.16.0.0/12')!, table())).toBe('active');
    expect(
      createFails({ destinationCidrBlock: '100.64.0.0/10', transitGatewayId: 'tgw-xyz' }).code,
    ).toBe('InvalidTransitGatewayID.Malformed');
  });

  it('routes IPv6 only to an egress-only internet gateway of the VPC', () => {
    const { h, vpc, other, create, createFails } = setup();
    const eigw = h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    create({ destinationIpv6CidrBlock: '::/0', egressOnlyInternetGatewayId: eigw.id });
    expect(
      createFails({ destinationCidrBlock: '0.0.0.0/0', egressOnlyInternetGatewayId: eigw.id }).code,
    ).toBe('InvalidParameterValue');
    const foreign = h.run(createEgressOnlyInternetGateway, { vpcId: other.id });
    expect(
      createFails({
        destinationIpv6CidrBlock: '2001:db8::/32',
        egressOnlyInternetGatewayId: foreign.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      createFails({
        destinationIpv6CidrBlock: '2001:db8::/32',
        egressOnlyInternetGatewayId: 'eigw-0123456789abcdef0',
      }).code,
    ).toBe('InvalidGatewayID.NotFound');
  });

  it('routes IPv4 and NAT64 to a NAT gateway of the VPC', () => {
    const { h, subnet, otherSubnet, create, createFails } = setup();
    const n = nat(h, subnet);
    create({ destinationCidrBlock: '0.0.0.0/0', natGatewayId: n.id });
    create({ destinationIpv6CidrBlock: '64:ff9b::/96', natGatewayId: n.id });
    expect(createFails({ destinationIpv6CidrBlock: '::/0', natGatewayId: n.id }).code).toBe(
      'InvalidParameterValue',
    );
    const gone = nat(h, subnet, 'deleted');
    expect(
      createFails({ destinationCidrBlock: '192.0.2.0/24', natGatewayId: gone.id }),
    ).toMatchObject({
      code: 'InvalidNatGatewayID.NotFound',
      message: `The natGateway ID '${gone.id}' does not exist`,
    });
    const foreign = nat(h, otherSubnet);
    expect(
      createFails({ destinationCidrBlock: '192.0.2.0/24', natGatewayId: foreign.id }).code,
    ).toBe('InvalidParameterValue');
  });

  it('routes to an ENI of the VPC', () => {
    const { h, rtb, subnet, otherSubnet, create, createFails } = setup();
    const e = eni(h, subnet, ['10.0.1.9']);
    create({ destinationCidrBlock: '0.0.0.0/0', networkInterfaceId: e.id });
    const foreign = eni(h, otherSubnet, ['10.9.1.9']);
    expect(
      createFails({ destinationCidrBlock: '192.0.2.0/24', networkInterfaceId: foreign.id }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `route table ${rtb.id} and interface ${foreign.id} belong to different networks`,
    });
    expect(
      createFails({
        destinationCidrBlock: '192.0.2.0/24',
        networkInterfaceId: 'eni-0123456789abcdef0',
      }).code,
    ).toBe('InvalidNetworkInterfaceID.NotFound');
  });

  it('routes to an instance with one ENI, recording the ENI too', () => {
    const { h, subnet, route, create, createFails } = setup();
    const { instance: i, enis } = instance(h, subnet, 'running', 1);
    create({ destinationCidrBlock: '0.0.0.0/0', instanceId: i.id });
    expect(route('0.0.0.0/0')).toMatchObject({ instanceId: i.id, networkInterfaceId: enis[0]!.id });
    const two = instance(h, subnet, 'running', 2).instance;
    expect(createFails({ destinationCidrBlock: '192.0.2.0/24', instanceId: two.id })).toMatchObject(
      {
        code: 'InvalidInstanceID',
        message: `There are multiple interfaces attached to instance '${two.id}'. Please specify an interface ID for the operation instead.`,
      },
    );
    const dead = instance(h, subnet, 'terminated').instance;
    expect(createFails({ destinationCidrBlock: '192.0.2.0/24', instanceId: dead.id }).code).toBe(
      'IncorrectInstanceState',
    );
  });

  it('routes to a peering of the VPC, pending ones as blackholes', () => {
    const { h, vpc, other, route, table, create, createFails } = setup();
    const third = h.run(createVpc, { cidrBlock: '10.8.0.0/16' });
    const pcx = peering(h, vpc, other, 'pending-acceptance');
    create({ destinationCidrBlock: '10.9.0.0/16', vpcPeeringConnectionId: pcx.id });
    expect(routeState(h.s, route('10.9.0.0/16')!, table())).toBe('blackhole');
    put(h, { ...pcx, status: { code: 'active', message: 'Active' } });
    expect(routeState(h.s, route('10.9.0.0/16')!, table())).toBe('active');
    const elsewhere = peering(h, other, third, 'active');
    expect(
      createFails({ destinationCidrBlock: '10.8.0.0/16', vpcPeeringConnectionId: elsewhere.id })
        .code,
    ).toBe('InvalidParameterValue');
    const dead = peering(h, vpc, third, 'deleted');
    expect(
      createFails({ destinationCidrBlock: '10.8.0.0/16', vpcPeeringConnectionId: dead.id }).code,
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
    const { h, vpc, other, create, createFails } = setup();
    const gwlbe = endpoint(h, vpc.id, 'GatewayLoadBalancer');
    create({ destinationCidrBlock: '0.0.0.0/0', vpcEndpointId: gwlbe.id });
    const iface = endpoint(h, vpc.id, 'Interface');
    expect(
      createFails({ destinationCidrBlock: '192.0.2.0/24', vpcEndpointId: iface.id }).code,
    ).toBe('InvalidParameterValue');
    const foreign = endpoint(h, other.id, 'GatewayLoadBalancer');
    expect(
      createFails({ destinationCidrBlock: '192.0.2.0/24', vpcEndpointId: foreign.id }).code,
    ).toBe('InvalidParameterValue');
  });

  it('never creates gateway-endpoint routes', () => {
    const { h, vpc, createFails } = setup();
    const gw = endpoint(h, vpc.id, 'Gateway');
    expect(createFails({ destinationPrefixListId: 'pl-63a5400a', gatewayId: gw.id }).code).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('CreateRoute: destinations', () => {
  it('routes prefix lists the caller owns or AWS manages', () => {
    const { h, igw, create, createFails } = setup();
    const mine = prefixList(h, h.caller.accountId, 5);
    create({ destinationPrefixListId: mine.id, gatewayId: igw.id });
    create({ destinationPrefixListId: 'pl-63a5400a', gatewayId: igw.id });
    const theirs = prefixList(h, '222222222222', 5);
    expect(createFails({ destinationPrefixListId: theirs.id, gatewayId: igw.id }).code).toBe(
      'InvalidPrefixListID.NotFound',
    );
    expect(
      createFails({ destinationPrefixListId: 'pl-0123456789abcdef0', gatewayId: igw.id }).code,
    ).toBe('InvalidPrefixListID.NotFound');
    expect(createFails({ destinationPrefixListId: mine.id, gatewayId: igw.id }).code).toBe(
      'RouteAlreadyExists',
    );
  });

  it('refuses a VPC block as destination of a non-local route', () => {
    const { h, subnet, v6, createFails } = setup();
    const e = eni(h, subnet, ['10.0.1.9']);
    expect(
      createFails({ destinationCidrBlock: '10.0.0.0/16', networkInterfaceId: e.id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      createFails({ destinationIpv6CidrBlock: v6.toString(), networkInterfaceId: e.id }).code,
    ).toBe('InvalidParameterValue');
  });

  it('allows routes more specific than local only to a whole subnet via NAT, ENI or GWLB endpoint', () => {
    const { h, vpc, subnet, subnetV6, igw, create, createFails } = setup();
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    create({ destinationCidrBlock: '10.0.2.0/24', natGatewayId: nat(h, subnet).id });
    create({
      destinationIpv6CidrBlock: subnetV6.toString(),
      networkInterfaceId: eni(h, subnet, ['10.0.1.9']).id,
    });
    const more = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.3.0/24' });
    create({
      destinationCidrBlock: more.cidrBlock!.toString(),
      vpcEndpointId: endpoint(h, vpc.id, 'GatewayLoadBalancer').id,
    });
    const last = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.4.0/24' });
    expect(
      createFails({ destinationCidrBlock: last.cidrBlock!.toString(), gatewayId: igw.id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      createFails({
        destinationCidrBlock: '10.0.9.0/24',
        networkInterfaceId: eni(h, subnet, ['10.0.1.10']).id,
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('allows routes less specific than a VPC block', () => {
    const { igw, create } = setup();
    create({ destinationCidrBlock: '10.0.0.0/8', gatewayId: igw.id });
  });

  it('keeps gateway route tables inside the VPC with ENI or GWLB endpoint targets', () => {
    const { h, rtb, vpc, igw, subnet, create, createFails } = setup();
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    const e = eni(h, subnet, ['10.0.1.9']);
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    create({ destinationCidrBlock: '10.0.2.0/24', networkInterfaceId: e.id });
    expect(createFails({ destinationCidrBlock: '0.0.0.0/0', networkInterfaceId: e.id }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      createFails({ destinationCidrBlock: '10.0.1.0/24', natGatewayId: nat(h, subnet).id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      createFails({ destinationPrefixListId: 'pl-63a5400a', networkInterfaceId: e.id }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('route quota', () => {
  it('allows 50 routes per family, a prefix list counting as its max entries', () => {
    const { h, igw, table, create, createFails } = setup();
    const v4 = (i: number) => `192.168.${i}.0/24`;
    for (let i = 0; i < 45; i++) create({ destinationCidrBlock: v4(i), gatewayId: igw.id });
    const list = prefixList(h, h.caller.accountId, 5);
    create({ destinationPrefixListId: list.id, gatewayId: igw.id });
    expect(routeQuotaCount(h.s, table(), 4)).toBe(50);
    expect(createFails({ destinationCidrBlock: v4(99), gatewayId: igw.id }).code).toBe(
      'RouteLimitExceeded',
    );
    create({ destinationIpv6CidrBlock: '::/0', gatewayId: igw.id });
    expect(routeQuotaCount(h.s, table(), 6)).toBe(1);
  });
});

// ---- ReplaceRoute / DeleteRoute ---------------------------------------------------------------

describe('ReplaceRoute', () => {
  it('changes the target of an existing route', () => {
    const { h, igw, subnet, route, create, replace } = setup();
    create({ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const n = nat(h, subnet);
    replace({ destinationCidrBlock: '0.0.0.0/0', natGatewayId: n.id });
    expect(route('0.0.0.0/0')).toEqual({
      destinationCidrBlock: Cidr.parse('0.0.0.0/0'),
      natGatewayId: n.id,
      origin: 'CreateRoute',
    });
  });

  it('answers a missing route as AWS does', () => {
    const { igw, replaceFails } = setup();
    expect(replaceFails({ destinationCidrBlock: '10.9.0.0/16', gatewayId: igw.id })).toMatchObject({
      code: 'InvalidParameterValue',
      message:
        "There is no route defined for '10.9.0.0/16' in the route table. Use CreateRoute instead.",
    });
  });

  it('points a local route at a middlebox and restores it with localTarget', () => {
    const { h, rtb, subnet, igw, route, table, replace, replaceFails } = setup();
    const e = eni(h, subnet, ['10.0.1.9']);
    replace({ destinationCidrBlock: '10.0.0.0/16', networkInterfaceId: e.id });
    expect(route('10.0.0.0/16')).toMatchObject({
      networkInterfaceId: e.id,
      origin: 'CreateRouteTable',
    });
    expect(route('10.0.0.0/16')?.gatewayId).toBeUndefined();
    expect(routeState(h.s, route('10.0.0.0/16')!, table())).toBe('active');
    expect(
      h.fails(deleteRoute, { routeTableId: rtb.id, destinationCidrBlock: '10.0.0.0/16' }).code,
    ).toBe('InvalidParameterValue');
    expect(replaceFails({ destinationCidrBlock: '10.0.0.0/16', gatewayId: igw.id }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      replaceFails({
        destinationCidrBlock: '10.0.0.0/16',
        localTarget: true,
        networkInterfaceId: e.id,
      }).code,
    ).toBe('InvalidParameterCombination');
    replace({ destinationCidrBlock: '10.0.0.0/16', localTarget: true });
    expect(route('10.0.0.0/16')).toEqual({
      destinationCidrBlock: Cidr.parse('10.0.0.0/16'),
      gatewayId: 'local',
      origin: 'CreateRouteTable',
    });
  });

  it('uses localTarget on local routes only', () => {
    const { igw, create, replaceFails } = setup();
    create({ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    expect(replaceFails({ destinationCidrBlock: '0.0.0.0/0', localTarget: true }).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('in a gateway route table, points the local route at an ENI but not a NAT gateway', () => {
    const { h, rtb, igw, subnet, replace, replaceFails } = setup();
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    expect(
      replaceFails({ destinationCidrBlock: '10.0.0.0/16', natGatewayId: nat(h, subnet).id }).code,
    ).toBe('InvalidParameterValue');
    replace({
      destinationCidrBlock: '10.0.0.0/16',
      networkInterfaceId: eni(h, subnet, ['10.0.1.9']).id,
    });
  });

  it('applies the more-specific rule to new targets', () => {
    const { h, vpc, subnet, igw, create, replaceFails } = setup();
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    create({
      destinationCidrBlock: '10.0.2.0/24',
      networkInterfaceId: eni(h, subnet, ['10.0.1.9']).id,
    });
    expect(replaceFails({ destinationCidrBlock: '10.0.2.0/24', gatewayId: igw.id }).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('leaves gateway-endpoint routes to their endpoint', () => {
    const { h, rtb, vpc, igw, replaceFails } = setup();
    const gw = endpoint(h, vpc.id, 'Gateway', { routeTableIds: [rtb.id] });
    const route: Route = {
      destinationPrefixListId: 'pl-63a5400a' as Id<'prefix-list'>,
      gatewayId: gw.id,
      origin: 'CreateRoute',
    };
    const t = h.s.get('route-table', rtb.id)!;
    put(h, { ...t, routes: [...t.routes, route] });
    expect(replaceFails({ destinationPrefixListId: 'pl-63a5400a', gatewayId: igw.id }).code).toBe(
      'InvalidParameterValue',
    );
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
    const { h, rtb, igw, route, create } = setup();
    create({ destinationIpv6CidrBlock: '::/0', gatewayId: igw.id });
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
  it('blackholes routes to detached and deleted gateways', () => {
    const c = setup();
    const { h, igw, vpc } = c;
    const r = c.create({ destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const eigw = h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    const r6 = c.create({
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
    const rn = c.create({ destinationCidrBlock: '0.0.0.0/0', natGatewayId: n.id });
    put(h, { ...n, state: 'deleted' });
    expect(routeState(h.s, rn, c.table())).toBe('blackhole');
    const e = eni(h, subnet, ['10.0.1.9']);
    const re = c.create({ destinationCidrBlock: '192.0.2.0/24', networkInterfaceId: e.id });
    expect(routeState(h.s, re, c.table())).toBe('active');
    del(h, 'network-interface', e.id);
    expect(routeState(h.s, re, c.table())).toBe('blackhole');
    const g = endpoint(h, vpc.id, 'GatewayLoadBalancer');
    const rg = c.create({ destinationCidrBlock: '198.51.100.0/24', vpcEndpointId: g.id });
    del(h, 'vpc-endpoint', g.id);
    expect(routeState(h.s, rg, c.table())).toBe('blackhole');
  });

  it('blackholes routes to instances that are not running', () => {
    const c = setup();
    const { h, subnet } = c;
    const { instance: i } = instance(h, subnet, 'running', 1);
    const r = c.create({ destinationCidrBlock: '0.0.0.0/0', instanceId: i.id });
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
    const r = c.create({ destinationCidrBlock: '10.9.0.0/16', vpcPeeringConnectionId: pcx.id });
    expect(routeState(h.s, r, c.table())).toBe('active');
    put(h, { ...pcx, status: { code: 'deleted', message: 'Deleted' } });
    expect(routeState(h.s, r, c.table())).toBe('blackhole');
  });
});
