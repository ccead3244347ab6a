import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { endpoint, eni, prefixList } from '../../test/support/fixtures.js';
import { setup } from '../../test/support/route-fixtures.js';
import { subnetRouteTable, type RouteTable } from '../model/route-table.js';
import { createEgressOnlyInternetGateway, createInternetGateway } from './internet-gateway.js';
import {
  associateRouteTable,
  createRouteTable,
  deleteRouteTable,
  disassociateRouteTable,
  replaceRouteTableAssociation,
  ROUTE_TABLES_PER_VPC,
} from './route-table.js';
import { createRoute } from './route.js';
import { createVpc } from './vpc.js';
import { attachVpnGateway, createVpnGateway, detachVpnGateway } from './vpn-gateway.js';

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
    endpoint(h, vpc.id, 'Gateway', { routeTableIds: [rtb.id] });
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

  it('edge-associates an attached virtual private gateway; detaching drops the association', () => {
    const { h, rtb, vpc } = setup();
    const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
    expect(h.fails(associateRouteTable, { routeTableId: rtb.id, gatewayId: vgw.id }).message).toBe(
      `route table ${rtb.id} and network gateway ${vgw.id} belong to different networks`,
    );
    expect(
      h.fails(associateRouteTable, { routeTableId: rtb.id, gatewayId: 'vgw-0123456789abcdef0' })
        .code,
    ).toBe('InvalidGatewayID.NotFound');
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: vgw.id });
    expect(h.s.find('routeTableByGateway', vgw.id)[0]?.id).toBe(rtb.id);
    h.run(detachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(h.s.find('routeTableByGateway', vgw.id)).toEqual([]);
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
        networkInterfaceId: eni(c.h, c.subnet, ['10.0.1.9']).id,
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
