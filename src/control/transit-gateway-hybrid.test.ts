import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import {
  gatewayAttachments,
  tgwRoutes,
  type TransitGatewayAttachment,
} from '../model/transit-gateway.js';
import { createCustomerGateway } from './customer-gateway.js';
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
  deleteDirectConnectGatewayAssociation,
} from './direct-connect-gateway.js';
import { createOnPremisesSite } from './on-premises-site.js';
import { createTransitGateway, deleteTransitGateway } from './transit-gateway.js';
import {
  createTransitGatewayRouteTable,
  enableTransitGatewayRouteTablePropagation,
} from './transit-gateway-route-table.js';
import { createTransitGatewayRoute } from './transit-gateway-route.js';
import { createTransitVirtualInterface } from './virtual-interface.js';
import { createVpc } from './vpc.js';
import {
  createVpnConnection,
  createVpnConnectionRoute,
  deleteVpnConnection,
  modifyVpnConnection,
  setVpnTunnelStatus,
} from './vpn-connection.js';
import { attachVpnGateway, createVpnGateway } from './vpn-gateway.js';

/** A gateway with default association and propagation, a customer gateway and a BGP site. */
function setup(options: { vpnEcmpSupport?: string; defaults?: boolean } = {}) {
  const h = harness();
  const defaults = options.defaults ?? true;
  const tgw = h.run(createTransitGateway, {
    options: {
      amazonSideAsn: 64600,
      ...(options.vpnEcmpSupport ? { vpnEcmpSupport: options.vpnEcmpSupport } : {}),
      ...(defaults
        ? {}
        : { defaultRouteTableAssociation: 'disable', defaultRouteTablePropagation: 'disable' }),
    },
  });
  const cgw = h.run(createCustomerGateway, {
    type: 'ipsec.1',
    ipAddress: '203.0.113.10',
    bgpAsn: 65010,
  });
  h.run(createOnPremisesSite, {
    siteName: 'dc',
    cidrs: ['192.168.0.0/16'],
    customerGatewayIds: [cgw.id],
  });
  const vpn = (extra: { staticRoutesOnly?: boolean } = {}) =>
    h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      transitGatewayId: tgw.id,
      ...(extra.staticRoutesOnly ? { options: { staticRoutesOnly: true } } : {}),
    });
  const attachmentOf = (resourceId: string): TransitGatewayAttachment | undefined =>
    [...h.s.all('transit-gateway-attachment')].find((a) => a.resourceId === resourceId);
  const defaultTable = () =>
    h.s.get('transit-gateway-route-table', tgw.options.associationDefaultRouteTableId ?? '')!;
  const routes = (tableId: string) =>
    tgwRoutes(h.s, h.s.get('transit-gateway-route-table', tableId)!).map((r) => ({
      destination: r.destination.toString(),
      type: r.type,
      attachmentId: r.attachmentId,
      resourceType: r.resourceType,
    }));
  return { h, tgw, cgw, vpn, attachmentOf, defaultTable, routes };
}

describe('VPN attachments (CreateVpnConnection with TransitGatewayId)', () => {
  it('creates a `vpn` attachment with the default association and propagation', () => {
    const { h, tgw, vpn, attachmentOf, defaultTable, routes } = setup();
    const v = vpn();
    const a = attachmentOf(v.id)!;
    expect(a).toMatchObject({
      resourceType: 'vpn',
      resourceId: v.id,
      transitGatewayId: tgw.id,
      state: 'available',
      resourceOwnerId: '111111111111',
    });
    expect(a.id).toMatch(/^tgw-attach-[0-9a-f]{17}$/);
    expect(defaultTable().associations).toEqual([a.id]);
    expect(defaultTable().propagations).toEqual([a.id]);
    // The BGP site's prefix propagates into the table, as a VPN route.
    expect(routes(defaultTable().id)).toEqual([
      {
        destination: '192.168.0.0/16',
        type: 'propagated',
        attachmentId: a.id,
        resourceType: 'vpn',
      },
    ]);
    expect(gatewayAttachments(h.s, tgw.id).map((x) => x.id)).toEqual([a.id]);
  });

  it('propagates nothing while both tunnels are down, and again when one comes up', () => {
    const { h, vpn, defaultTable, routes } = setup();
    const v = vpn();
    for (const tunnel of [0, 1]) {
      h.run(setVpnTunnelStatus, { vpnConnectionId: v.id, tunnel, status: 'DOWN' });
    }
    expect(routes(defaultTable().id)).toEqual([]);
    h.run(setVpnTunnelStatus, { vpnConnectionId: v.id, tunnel: 1, status: 'UP' });
    expect(routes(defaultTable().id).map((r) => r.destination)).toEqual(['192.168.0.0/16']);
  });

  it('keeps a static connection’s routes in the transit gateway route tables only', () => {
    const { h, vpn, attachmentOf, defaultTable, routes } = setup();
    const v = vpn({ staticRoutesOnly: true });
    const a = attachmentOf(v.id)!;
    // A static connection propagates nothing of its own.
    expect(routes(defaultTable().id)).toEqual([]);
    // CreateVpnConnectionRoute is for connections on a virtual private gateway.
    const refused = h.fails(createVpnConnectionRoute, {
      vpnConnectionId: v.id,
      destinationCidrBlock: '192.168.0.0/16',
    });
    expect(refused.code).toBe('InvalidParameterValue');
    expect(refused.message).toContain('transit gateway');
    h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: defaultTable().id,
      destinationCidrBlock: '192.168.0.0/16',
      transitGatewayAttachmentId: a.id,
    });
    expect(routes(defaultTable().id)).toEqual([
      { destination: '192.168.0.0/16', type: 'static', attachmentId: a.id, resourceType: 'vpn' },
    ]);
  });

  it('refuses a missing, malformed, foreign or deleted transit gateway, and an equal BGP ASN', () => {
    const { h, tgw, cgw } = setup();
    const create = (transitGatewayId: string, c = caller()) =>
      h.fails(
        createVpnConnection,
        { type: 'ipsec.1', customerGatewayId: cgw.id, transitGatewayId },
        c,
      );
    expect(create('tgw-0123456789abcdef0').code).toBe('InvalidTransitGatewayID.NotFound');
    expect(create('tgw-x').code).toBe('InvalidTransitGatewayID.Malformed');
    const sameAsn = h.run(createCustomerGateway, {
      type: 'ipsec.1',
      ipAddress: '203.0.113.11',
      bgpAsn: 64600,
    });
    const clash = h.fails(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: sameAsn.id,
      transitGatewayId: tgw.id,
    });
    expect(clash.code).toBe('InvalidParameterValue');
    expect(clash.message).toContain("transit gateway's Amazon-side ASN");
    // A static connection does not peer over BGP: the same ASN is fine.
    h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: sameAsn.id,
      transitGatewayId: tgw.id,
      options: { staticRoutesOnly: true },
    });
    const theirs = h.run(createTransitGateway, {}, caller('222222222222'));
    expect(create(theirs.id).code).toBe('InvalidTransitGatewayID.NotFound');
    const empty = h.run(createTransitGateway, {});
    h.run(deleteTransitGateway, { transitGatewayId: empty.id });
    expect(create(empty.id).code).toBe('InvalidTransitGatewayID.NotFound');
    // Nothing was attached by the refused calls.
    expect(
      [...h.s.all('transit-gateway-attachment')].filter((a) => a.resourceType === 'vpn'),
    ).toHaveLength(1);
  });

  it('deletes the attachment with the connection; static routes to it turn blackhole', () => {
    const { h, tgw, vpn, attachmentOf, defaultTable } = setup();
    const v = vpn({ staticRoutesOnly: true });
    const a = attachmentOf(v.id)!;
    h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: defaultTable().id,
      destinationCidrBlock: '192.168.0.0/16',
      transitGatewayAttachmentId: a.id,
    });
    // A gateway with a live VPN attachment cannot be deleted.
    expect(h.fails(deleteTransitGateway, { transitGatewayId: tgw.id }).code).toBe('IncorrectState');
    h.run(deleteVpnConnection, { vpnConnectionId: v.id });
    expect(attachmentOf(v.id)?.state).toBe('deleted');
    expect(defaultTable().associations).toEqual([]);
    expect(defaultTable().propagations).toEqual([]);
    expect(tgwRoutes(h.s, defaultTable()).map((r) => r.state)).toEqual(['blackhole']);
    // The gateway has no live attachment left, so it can be deleted.
    h.run(deleteTransitGateway, { transitGatewayId: tgw.id });
  });

  it('moves between a virtual private gateway and transit gateways, attachment and all', () => {
    const { h, tgw, cgw, attachmentOf } = setup();
    const vpc = h.run(createVpc, { cidrBlock: '10.40.0.0/16' });
    const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    const v = h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      vpnGatewayId: vgw.id,
    });
    expect(attachmentOf(v.id)).toBeUndefined();
    h.run(modifyVpnConnection, { vpnConnectionId: v.id, transitGatewayId: tgw.id });
    const first = attachmentOf(v.id)!;
    expect(first).toMatchObject({ state: 'available', transitGatewayId: tgw.id });
    const second = h.run(createTransitGateway, {});
    h.run(modifyVpnConnection, { vpnConnectionId: v.id, transitGatewayId: second.id });
    expect(h.s.get('transit-gateway-attachment', first.id)?.state).toBe('deleted');
    expect(gatewayAttachments(h.s, second.id).map((a) => a.resourceId)).toEqual([v.id]);
    h.run(modifyVpnConnection, { vpnConnectionId: v.id, vpnGatewayId: vgw.id });
    expect(gatewayAttachments(h.s, second.id)).toEqual([]);
  });

  it('spreads equal BGP routes over every VPN attachment with VPN ECMP, else keeps the lowest id', () => {
    for (const ecmp of ['enable', 'disable']) {
      const { h, vpn, defaultTable, routes, attachmentOf } = setup({ vpnEcmpSupport: ecmp });
      const ids = [vpn(), vpn(), vpn(), vpn()].map((v) => attachmentOf(v.id)!.id).sort();
      const got = routes(defaultTable().id);
      if (ecmp === 'enable') {
        expect(got.map((r) => r.attachmentId).sort()).toEqual(ids);
        expect(new Set(got.map((r) => r.destination))).toEqual(new Set(['192.168.0.0/16']));
      } else {
        expect(got).toEqual([
          {
            destination: '192.168.0.0/16',
            type: 'propagated',
            attachmentId: ids[0],
            resourceType: 'vpn',
          },
        ]);
        // Take that connection down: the next lowest carries the prefix.
        const lowest = h.s.get('transit-gateway-attachment', ids[0]!)!;
        for (const tunnel of [0, 1]) {
          h.run(setVpnTunnelStatus, { vpnConnectionId: lowest.resourceId, tunnel, status: 'DOWN' });
        }
        expect(routes(defaultTable().id).map((r) => r.attachmentId)).toEqual([ids[1]]);
      }
    }
  });

  it('propagates into a chosen table like any attachment', () => {
    const { h, tgw, vpn, attachmentOf, routes } = setup({ defaults: false });
    const a = attachmentOf(vpn().id)!;
    const table = h.run(createTransitGatewayRouteTable, { transitGatewayId: tgw.id });
    expect(routes(table.id)).toEqual([]);
    h.run(enableTransitGatewayRouteTablePropagation, {
      transitGatewayRouteTableId: table.id,
      transitGatewayAttachmentId: a.id,
    });
    expect(routes(table.id).map((r) => r.destination)).toEqual(['192.168.0.0/16']);
  });
});

describe('Direct Connect gateway attachments (transit virtual interfaces)', () => {
  function dxSetup() {
    const base = setup();
    const { h } = base;
    const dxgw = h.run(createDirectConnectGateway, { directConnectGatewayName: 'corp-dx' });
    const vif = h.run(createTransitVirtualInterface, {
      connectionId: 'dxcon-fgh0hcrk',
      newVirtualInterface: {
        virtualInterfaceName: 'transit-1',
        vlan: 200,
        asn: 65020,
        directConnectGatewayId: dxgw.id,
      },
    });
    h.run(createOnPremisesSite, {
      siteName: 'colo',
      cidrs: ['172.20.0.0/16'],
      virtualInterfaceIds: [vif.id],
    });
    return { ...base, dxgw, vif };
  }

  it('creates a `direct-connect-gateway` attachment that propagates the sites’ prefixes', () => {
    const { h, tgw, dxgw, attachmentOf, defaultTable, routes } = dxSetup();
    const assoc = h.run(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: dxgw.id,
      gatewayId: tgw.id,
      addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/8' }],
    });
    const a = attachmentOf(dxgw.id)!;
    expect(a).toMatchObject({
      resourceType: 'direct-connect-gateway',
      transitGatewayId: tgw.id,
      state: 'available',
    });
    expect(defaultTable().associations).toEqual([a.id]);
    expect(routes(defaultTable().id)).toEqual([
      {
        destination: '172.20.0.0/16',
        type: 'propagated',
        attachmentId: a.id,
        resourceType: 'direct-connect-gateway',
      },
    ]);
    h.run(deleteDirectConnectGatewayAssociation, { associationId: assoc.associationId });
    expect(h.s.get('transit-gateway-attachment', a.id)?.state).toBe('deleted');
    expect(defaultTable().associations).toEqual([]);
  });

  it('prefers a Direct Connect route to a VPN route for the same prefix', () => {
    const { h, tgw, dxgw, vpn, attachmentOf, defaultTable, routes } = dxSetup();
    h.run(createOnPremisesSite, {
      siteName: 'branch',
      cidrs: ['172.21.0.0/16'],
      advertisedPrefixes: ['172.20.0.0/16'],
      customerGatewayIds: [
        h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '198.51.100.7', bgpAsn: 65011 })
          .id,
      ],
    });
    h.run(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: dxgw.id,
      gatewayId: tgw.id,
      addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/8' }],
    });
    const branchCgw = [...h.s.all('customer-gateway')].find(
      (c) => c.ipAddress.toString() === '198.51.100.7',
    )!;
    const v = h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: branchCgw.id,
      transitGatewayId: tgw.id,
    });
    expect(attachmentOf(v.id)?.resourceType).toBe('vpn');
    expect(vpn().transitGatewayId).toBe(tgw.id);
    const r = routes(defaultTable().id).filter((x) => x.destination === '172.20.0.0/16');
    expect(r).toEqual([
      {
        destination: '172.20.0.0/16',
        type: 'propagated',
        attachmentId: attachmentOf(dxgw.id)!.id,
        resourceType: 'direct-connect-gateway',
      },
    ]);
  });

  it('refuses a transit gateway that does not exist or is not the caller’s', () => {
    const { h, dxgw } = dxSetup();
    const missing = h.fails(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: dxgw.id,
      gatewayId: 'tgw-0123456789abcdef0',
      addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/8' }],
    });
    expect(missing.code).toBe('DirectConnectClientException');
    expect(missing.message).toContain('does not exist');
    expect(h.s.get('direct-connect-gateway', dxgw.id)?.associations).toEqual([]);
  });
});
