import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { createCustomerGateway } from '../control/customer-gateway.js';
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
} from '../control/direct-connect-gateway.js';
import { createOnPremisesSite } from '../control/on-premises-site.js';
import {
  createPrivateVirtualInterface,
  deleteVirtualInterface,
} from '../control/virtual-interface.js';
import { createVpc } from '../control/vpc.js';
import { createVpnConnection, setVpnTunnelStatus } from '../control/vpn-connection.js';
import { attachVpnGateway, createVpnGateway, detachVpnGateway } from '../control/vpn-gateway.js';
import { attachmentAdvertisedPrefixes } from '../model/advertised-prefixes.js';
import { Ip } from '../net/index.js';
import { compile } from './compile.js';
import { packet, PROTOCOL, type Packet } from './packet.js';
import { siteUplink, vgwEgress } from './vpn-gateway.js';

const tcp = (src: string, dst: string): Packet =>
  packet({
    src: Ip.parse(src)!,
    dst: Ip.parse(dst)!,
    protocol: PROTOCOL.tcp,
    srcPort: 49152,
    dstPort: 443,
  });

/** A VPC 10.0.0.0/16 with a VGW, reached by site `dc` over a VPN and a Direct Connect interface. */
function world() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
  h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
  const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
  const vpn = h.run(createVpnConnection, {
    type: 'ipsec.1',
    customerGatewayId: cgw.id,
    vpnGatewayId: vgw.id,
  });
  const dxgw = h.run(createDirectConnectGateway, { directConnectGatewayName: 'corp' });
  h.run(createDirectConnectGatewayAssociation, {
    directConnectGatewayId: dxgw.id,
    gatewayId: vgw.id,
    addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/17' }],
  });
  const vif = h.run(createPrivateVirtualInterface, {
    connectionId: 'dxcon-fgh0hcrk',
    newVirtualInterface: {
      virtualInterfaceName: 'dc',
      vlan: 7,
      asn: 65100,
      directConnectGatewayId: dxgw.id,
    },
  });
  const site = h.run(createOnPremisesSite, {
    siteName: 'dc',
    cidrs: ['192.168.0.0/16'],
    customerGatewayIds: [cgw.id],
    virtualInterfaceIds: [vif.id],
  });
  const dp = () => compile(h.s);
  return { h, vpc, vgw, vpn, vif, site, dxgw, dp };
}

describe('the VGW function toward on premises', () => {
  it('takes traffic from its VPC only, from an address an interface owns', () => {
    const w = world();
    const node = w.dp().hybrid.vpnGateways.get(w.vgw.id)!;
    expect(vgwEgress(node, tcp('10.0.1.10', '192.168.0.1'), 'peering')).toMatchObject({
      ok: false,
      code: 'GATEWAY_REJECTS_SPOOFED_TRAFFIC',
      packetField: 'source-address',
    });
    expect(vgwEgress(node, tcp('10.0.1.10', '192.168.0.1'), 'gateway-endpoint')).toMatchObject({
      ok: false,
    });
    // Nobody owns 10.0.1.10 in this VPC.
    expect(vgwEgress(node, tcp('10.0.1.10', '192.168.0.1'), 'vpc')).toMatchObject({
      ok: false,
      code: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS',
    });
    // From another VPN of the gateway (CloudHub) it passes.
    expect(vgwEgress(node, tcp('172.16.0.1', '192.168.0.1'), 'vpn')).toMatchObject({ ok: true });
    w.h.run(detachVpnGateway, { vpnGatewayId: w.vgw.id, vpcId: w.vpc.id });
    const detached = w.dp().hybrid.vpnGateways.get(w.vgw.id)!;
    expect(vgwEgress(detached, tcp('172.16.0.1', '192.168.0.1'), 'vpn')).toMatchObject({
      ok: false,
      code: 'BAD_STATE',
      state: 'detached',
    });
  });

  it('prefers Direct Connect for what both learned', () => {
    const w = world();
    const node = w.dp().hybrid.vpnGateways.get(w.vgw.id)!;
    expect(node.routes.lpm(Ip.parse('192.168.1.1')!)?.value.via.kind).toBe('direct-connect');
  });
});

describe('a site choosing its uplink', () => {
  it('takes the longest AWS prefix, Direct Connect on a tie, then whatever is up', () => {
    const w = world();
    const site = w.dp().hybrid.sites.get(w.site.id)!;
    const via = (dst: string) => {
      const u = siteUplink(site, tcp('192.168.0.1', dst));
      return u && 'uplink' in u ? u.uplink.via.kind : u ? 'down' : 'none';
    };
    expect(via('10.0.1.1')).toBe('direct-connect'); // /17 over the DX gateway beats the VPN's /16
    expect(via('10.0.200.1')).toBe('vpn'); // only the VPN carries the upper half
    expect(via('8.8.8.8')).toBe('direct-connect'); // nothing covers it: the first uplink up
    w.h.run(deleteVirtualInterface, { virtualInterfaceId: w.vif.id });
    w.h.run(setVpnTunnelStatus, { vpnConnectionId: w.vpn.id, tunnel: 0, status: 'DOWN' });
    w.h.run(setVpnTunnelStatus, { vpnConnectionId: w.vpn.id, tunnel: 1, status: 'DOWN' });
    const after = w.dp().hybrid.sites.get(w.site.id)!;
    const u = siteUplink(after, tcp('192.168.0.1', '10.0.1.1'));
    expect(u && 'down' in u ? u.down.via.kind : 'up').toBe('direct-connect');
  });
});

describe('what an attachment brings from on premises', () => {
  it('reads a BGP VPN site and a Direct Connect gateway through one function', () => {
    const w = world();
    expect(
      attachmentAdvertisedPrefixes(w.h.s, { type: 'vpn', vpnConnectionId: w.vpn.id }).map(String),
    ).toEqual(['192.168.0.0/16']);
    // Private interfaces serve VGWs; a transit gateway reads transit interfaces only.
    expect(
      attachmentAdvertisedPrefixes(w.h.s, {
        type: 'direct-connect-gateway',
        directConnectGatewayId: w.dxgw.id,
      }),
    ).toEqual([]);
    expect(
      attachmentAdvertisedPrefixes(w.h.s, {
        type: 'vpn',
        vpnConnectionId: 'vpn-0123456789abcdef0',
      }),
    ).toEqual([]);
  });
});
