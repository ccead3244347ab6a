import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { Cidr } from '../net/index.js';
import { isVpnUp } from '../model/vpn-connection.js';
import { createCustomerGateway, deleteCustomerGateway } from './customer-gateway.js';
import {
  createVpnConnection,
  createVpnConnectionRoute,
  deleteVpnConnection,
  deleteVpnConnectionRoute,
  modifyVpnConnection,
  setVpnTunnelStatus,
} from './vpn-connection.js';
import { createTransitGateway } from './transit-gateway.js';
import { createVpnGateway } from './vpn-gateway.js';

function setup() {
  const h = harness();
  const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
  const create = (options?: Parameters<typeof createVpnConnection>[1]['options']) =>
    h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      vpnGatewayId: vgw.id,
      ...(options ? { options } : {}),
    });
  return { h, cgw, vgw, create };
}

const LINK_LOCAL = Cidr.parse('169.254.0.0/16')!;

describe('CreateVpnConnection', () => {
  it('creates an available BGP connection with two tunnels', () => {
    const { cgw, vgw, create } = setup();
    const vpn = create();
    expect(vpn.id).toMatch(/^vpn-[0-9a-f]{17}$/);
    expect(vpn).toMatchObject({
      customerGatewayId: cgw.id,
      vpnGatewayId: vgw.id,
      type: 'ipsec.1',
      category: 'VPN',
      state: 'available',
      staticRoutesOnly: false,
      routes: [],
    });
    expect(vpn.localIpv4NetworkCidr.toString()).toBe('0.0.0.0/0');
    const [a, b] = vpn.tunnels;
    for (const t of [a, b]) {
      expect(t.status).toBe('UP');
      expect(t.tunnelInsideCidr.prefix).toBe(30);
      expect(LINK_LOCAL.containsCidr(t.tunnelInsideCidr)).toBe(true);
    }
    expect(a.tunnelInsideCidr.equals(b.tunnelInsideCidr)).toBe(false);
    expect(a.outsideIpAddress.equals(b.outsideIpAddress)).toBe(false);
    expect(isVpnUp(vpn)).toBe(true);
  });

  it('uses given inside CIDRs and refuses reserved, misplaced, reused ones', () => {
    const { h, cgw, vgw, create } = setup();
    const vpn = create({
      staticRoutesOnly: true,
      tunnelOptions: [
        { tunnelInsideCidr: '169.254.10.0/30' },
        { tunnelInsideCidr: '169.254.11.0/30' },
      ],
    });
    expect(vpn.tunnels.map((t) => t.tunnelInsideCidr.toString())).toEqual([
      '169.254.10.0/30',
      '169.254.11.0/30',
    ]);
    const tryInside = (cidr: string) =>
      h.fails(createVpnConnection, {
        type: 'ipsec.1',
        customerGatewayId: cgw.id,
        vpnGatewayId: vgw.id,
        options: { tunnelOptions: [{ tunnelInsideCidr: cidr }] },
      });
    expect(tryInside('169.254.10.0/30').message).toContain('already used');
    expect(tryInside('169.254.169.252/30').message).toContain('reserved');
    expect(tryInside('169.254.1.0/30').message).toContain('reserved');
    expect(tryInside('169.254.20.0/29').code).toBe('InvalidParameterValue');
    expect(tryInside('10.0.0.0/30').code).toBe('InvalidParameterValue');
    expect(tryInside('nonsense').code).toBe('InvalidParameterValue');
  });

  it('terminates on a transit gateway, and on exactly one gateway', () => {
    const { h, cgw, vgw } = setup();
    const tgwId = h.run(createTransitGateway, {}).id;
    const vpn = h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      transitGatewayId: tgwId,
    });
    expect(vpn.transitGatewayId).toBe(tgwId);
    expect(vpn.vpnGatewayId).toBeUndefined();
    expect(
      h.fails(createVpnConnection, {
        type: 'ipsec.1',
        customerGatewayId: cgw.id,
        transitGatewayId: tgwId,
        vpnGatewayId: vgw.id,
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(h.fails(createVpnConnection, { type: 'ipsec.1', customerGatewayId: cgw.id }).code).toBe(
      'MissingParameter',
    );
    expect(
      h.fails(createVpnConnection, {
        type: 'ipsec.1',
        customerGatewayId: cgw.id,
        transitGatewayId: 'tgw-x',
      }).code,
    ).toBe('InvalidTransitGatewayID.Malformed');
  });

  it('refuses BGP between equal ASNs, but not a static connection', () => {
    const { h } = setup();
    const cgw = h.run(createCustomerGateway, {
      type: 'ipsec.1',
      ipAddress: '198.51.100.2',
      bgpAsn: 64512,
    });
    const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
    const input = { type: 'ipsec.1', customerGatewayId: cgw.id, vpnGatewayId: vgw.id };
    expect(h.fails(createVpnConnection, input).message).toContain('must differ');
    h.run(createVpnConnection, { ...input, options: { staticRoutesOnly: true } });
  });

  it('needs live gateways', () => {
    const { h, vgw } = setup();
    const gone = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '198.51.100.1' });
    h.run(deleteCustomerGateway, { customerGatewayId: gone.id });
    expect(
      h.fails(createVpnConnection, {
        type: 'ipsec.1',
        customerGatewayId: gone.id,
        vpnGatewayId: vgw.id,
      }).code,
    ).toBe('InvalidCustomerGatewayID.NotFound');
    expect(
      h.fails(createVpnConnection, {
        type: 'ipsec.1',
        customerGatewayId: 'cgw-0123456789abcdef0',
        vpnGatewayId: vgw.id,
      }).code,
    ).toBe('InvalidCustomerGatewayID.NotFound');
    expect(
      h.fails(createVpnConnection, {
        type: 'ipsec.2',
        customerGatewayId: gone.id,
        vpnGatewayId: vgw.id,
      }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('VPN connection static routes', () => {
  it('adds and removes static routes on a static connection only', () => {
    const { h, create } = setup();
    const vpn = create({ staticRoutesOnly: true });
    h.run(createVpnConnectionRoute, {
      vpnConnectionId: vpn.id,
      destinationCidrBlock: '172.16.0.0/16',
    });
    expect(
      h.s.get('vpn-connection', vpn.id)?.routes.map((r) => r.destinationCidrBlock.toString()),
    ).toEqual(['172.16.0.0/16']);
    expect(
      h.fails(createVpnConnectionRoute, {
        vpnConnectionId: vpn.id,
        destinationCidrBlock: '172.16.0.0/16',
      }).code,
    ).toBe('RouteAlreadyExists');
    expect(
      h.fails(createVpnConnectionRoute, {
        vpnConnectionId: vpn.id,
        destinationCidrBlock: '172.16.0.0/33',
      }).code,
    ).toBe('InvalidParameterValue');
    h.run(deleteVpnConnectionRoute, {
      vpnConnectionId: vpn.id,
      destinationCidrBlock: '172.16.0.0/16',
    });
    expect(
      h.fails(deleteVpnConnectionRoute, {
        vpnConnectionId: vpn.id,
        destinationCidrBlock: '172.16.0.0/16',
      }).code,
    ).toBe('InvalidRoute.NotFound');
    const bgp = create();
    expect(
      h.fails(createVpnConnectionRoute, {
        vpnConnectionId: bgp.id,
        destinationCidrBlock: '172.16.0.0/16',
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createVpnConnectionRoute, {
        vpnConnectionId: 'vpn-0123456789abcdef0',
        destinationCidrBlock: '172.16.0.0/16',
      }),
    ).toMatchObject({
      code: 'InvalidVpnConnectionID.NotFound',
      message: "The vpnConnection ID 'vpn-0123456789abcdef0' does not exist",
    });
  });

  it('deletes to state deleted, dropping its routes; tunnels go up and down', () => {
    const { h, create } = setup();
    const vpn = create({ staticRoutesOnly: true });
    h.run(setVpnTunnelStatus, { vpnConnectionId: vpn.id, tunnel: 0, status: 'DOWN' });
    expect(isVpnUp(h.s.get('vpn-connection', vpn.id)!)).toBe(true);
    h.run(setVpnTunnelStatus, { vpnConnectionId: vpn.id, tunnel: 1, status: 'DOWN' });
    expect(isVpnUp(h.s.get('vpn-connection', vpn.id)!)).toBe(false);
    expect(
      h.fails(setVpnTunnelStatus, { vpnConnectionId: vpn.id, tunnel: 2, status: 'UP' }).code,
    ).toBe('InvalidParameterValue');
    h.run(createVpnConnectionRoute, {
      vpnConnectionId: vpn.id,
      destinationCidrBlock: '172.16.0.0/16',
    });
    h.run(deleteVpnConnection, { vpnConnectionId: vpn.id });
    expect(h.s.get('vpn-connection', vpn.id)).toMatchObject({ state: 'deleted', routes: [] });
    expect(h.fails(deleteVpnConnection, { vpnConnectionId: vpn.id }).code).toBe(
      'InvalidVpnConnectionID.NotFound',
    );
  });
});

describe('ModifyVpnConnection', () => {
  it('moves the connection between gateways, keeping its id and tunnels', () => {
    const { h, create } = setup();
    const vpn = create({ staticRoutesOnly: true });
    h.run(createVpnConnectionRoute, {
      vpnConnectionId: vpn.id,
      destinationCidrBlock: '172.16.0.0/16',
    });
    const other = h.run(createVpnGateway, { type: 'ipsec.1' });
    const moved = h.run(modifyVpnConnection, { vpnConnectionId: vpn.id, vpnGatewayId: other.id });
    expect(moved).toMatchObject({ id: vpn.id, vpnGatewayId: other.id, tunnels: vpn.tunnels });
    expect(moved.routes).toHaveLength(1);
    expect(h.s.find('vpnConnectionsByVpnGateway', other.id).map((v) => v.id)).toEqual([vpn.id]);
    const tgwId = h.run(createTransitGateway, {}).id;
    const tgw = h.run(modifyVpnConnection, {
      vpnConnectionId: vpn.id,
      transitGatewayId: tgwId,
    });
    expect(tgw.vpnGatewayId).toBeUndefined();
    expect(tgw.transitGatewayId).toBe(tgwId);
    // A transit gateway keeps static routes in its route tables.
    expect(tgw.routes).toEqual([]);
    const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '198.51.100.3' });
    expect(
      h.run(modifyVpnConnection, { vpnConnectionId: vpn.id, customerGatewayId: cgw.id })
        .customerGatewayId,
    ).toBe(cgw.id);
  });

  it('takes exactly one target and answers unknown ones', () => {
    const { h, vgw, create } = setup();
    const vpn = create();
    expect(h.fails(modifyVpnConnection, { vpnConnectionId: vpn.id }).code).toBe('MissingParameter');
    expect(
      h.fails(modifyVpnConnection, {
        vpnConnectionId: vpn.id,
        vpnGatewayId: vgw.id,
        customerGatewayId: 'cgw-0123456789abcdef0',
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(modifyVpnConnection, { vpnConnectionId: vpn.id, vpnGatewayId: vgw.id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(modifyVpnConnection, {
        vpnConnectionId: vpn.id,
        vpnGatewayId: 'vgw-0123456789abcdef0',
      }).code,
    ).toBe('InvalidVpnGatewayID.NotFound');
    expect(
      h.fails(modifyVpnConnection, {
        vpnConnectionId: 'vpn-0123456789abcdef0',
        vpnGatewayId: vgw.id,
      }).code,
    ).toBe('InvalidVpnConnectionID.NotFound');
  });
});
