import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { routeState, type Route } from '../model/route-table.js';
import { propagatedRoutes, tableRoutes } from '../model/vgw-route-propagation.js';
import { createCustomerGateway } from './customer-gateway.js';
import { attachInternetGateway, createInternetGateway } from './internet-gateway.js';
import { associateRouteTable, createRouteTable } from './route-table.js';
import { createRoute } from './route.js';
import { createVpc } from './vpc.js';
import {
  createVpnConnection,
  createVpnConnectionRoute,
  deleteVpnConnection,
  setVpnTunnelStatus,
} from './vpn-connection.js';
import { attachVpnGateway, createVpnGateway, detachVpnGateway } from './vpn-gateway.js';
import { disableVgwRoutePropagation, enableVgwRoutePropagation } from './vgw-route-propagation.js';

/** A VPC with a VGW attached and a static VPN routing 172.16.0.0/16 to the customer gateway. */
function staticVpnWorld() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.40.0.0/16' });
  const rtb = h.run(createRouteTable, { vpcId: vpc.id });
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
  h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
  const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
  const vpn = h.run(createVpnConnection, {
    type: 'ipsec.1',
    customerGatewayId: cgw.id,
    vpnGatewayId: vgw.id,
    options: { staticRoutesOnly: true },
  });
  h.run(createVpnConnectionRoute, {
    vpnConnectionId: vpn.id,
    destinationCidrBlock: '172.16.0.0/16',
  });
  const table = () => h.s.get('route-table', rtb.id)!;
  return { h, vpc, rtb, vgw, cgw, vpn, table };
}

const show = (routes: readonly Route[]) =>
  routes.map(
    (r) =>
      `${String(r.destinationCidrBlock ?? r.destinationPrefixListId)} ${r.gatewayId ?? '?'} ${r.origin}`,
  );

describe('VGW route propagation', () => {
  it('propagates a static VPN route once enabled; derived, not stored', () => {
    const { h, rtb, vgw, table } = staticVpnWorld();
    expect(propagatedRoutes(h.s, table())).toEqual([]);
    h.run(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
    expect(table().propagatingVgws).toEqual([vgw.id]);
    expect(show(tableRoutes(h.s, table()))).toEqual([
      '10.40.0.0/16 local CreateRouteTable',
      `172.16.0.0/16 ${vgw.id} EnableVgwRoutePropagation`,
    ]);
    expect(table().routes).toHaveLength(1);
    const propagated = propagatedRoutes(h.s, table())[0]!;
    expect(routeState(h.s, propagated, table())).toBe('active');
    // Enabling twice changes nothing.
    const before = h.s.revision;
    h.run(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
    expect(h.s.revision).toBe(before);
    expect(table().propagatingVgws).toEqual([vgw.id]);
    h.run(disableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
    expect(propagatedRoutes(h.s, table())).toEqual([]);
  });

  it('follows the connection: tunnels down, deleted, gateway detached', () => {
    const { h, vpc, rtb, vgw, vpn, table } = staticVpnWorld();
    h.run(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
    h.run(setVpnTunnelStatus, { vpnConnectionId: vpn.id, tunnel: 0, status: 'DOWN' });
    expect(propagatedRoutes(h.s, table())).toHaveLength(1);
    h.run(setVpnTunnelStatus, { vpnConnectionId: vpn.id, tunnel: 1, status: 'DOWN' });
    expect(propagatedRoutes(h.s, table())).toEqual([]);
    h.run(setVpnTunnelStatus, { vpnConnectionId: vpn.id, tunnel: 1, status: 'UP' });
    h.run(detachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(propagatedRoutes(h.s, table())).toEqual([]);
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(propagatedRoutes(h.s, table())).toHaveLength(1);
    h.run(deleteVpnConnection, { vpnConnectionId: vpn.id });
    expect(propagatedRoutes(h.s, table())).toEqual([]);
  });

  it('keeps a static route beside the propagated one on the same prefix', () => {
    const { h, rtb, vgw, table } = staticVpnWorld();
    h.run(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '172.16.0.0/16',
      gatewayId: vgw.id,
    });
    expect(show(tableRoutes(h.s, table())).filter((r) => r.startsWith('172.16.0.0/16'))).toEqual([
      `172.16.0.0/16 ${vgw.id} CreateRoute`,
      `172.16.0.0/16 ${vgw.id} EnableVgwRoutePropagation`,
    ]);
  });

  it('refuses a gateway not attached to the VPC, unknown ids, and gateway route tables', () => {
    const { h, vpc, rtb, vgw } = staticVpnWorld();
    const loose = h.run(createVpnGateway, { type: 'ipsec.1' });
    expect(
      h.fails(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: loose.id }),
    ).toMatchObject({
      code: 'Gateway.NotAttached',
      message: `resource ${loose.id} is not attached to network ${vpc.id}`,
    });
    expect(
      h.fails(enableVgwRoutePropagation, {
        routeTableId: rtb.id,
        gatewayId: 'vgw-0123456789abcdef0',
      }).code,
    ).toBe('InvalidVpnGatewayID.NotFound');
    expect(
      h.fails(enableVgwRoutePropagation, {
        routeTableId: 'rtb-0123456789abcdef0',
        gatewayId: vgw.id,
      }).code,
    ).toBe('InvalidRouteTableID.NotFound');
    const edge = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(associateRouteTable, { routeTableId: edge.id, gatewayId: vgw.id });
    expect(
      h.fails(enableVgwRoutePropagation, { routeTableId: edge.id, gatewayId: vgw.id }).code,
    ).toBe('InvalidParameterValue');
    // And a propagating table cannot become a gateway route table.
    h.run(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
    const igw = h.run(createInternetGateway, {});
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    expect(h.fails(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id }).message).toBe(
      `Route table ${rtb.id} cannot be associated with a gateway: route propagation is enabled.`,
    );
  });
});
