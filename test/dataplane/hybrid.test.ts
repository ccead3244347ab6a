import { describe, expect, it } from 'vitest';
import { createCustomerGateway } from '../../src/control/customer-gateway.js';
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
} from '../../src/control/direct-connect-gateway.js';
import { modifyNetworkInterfaceAttribute } from '../../src/control/network-interface.js';
import { createOnPremisesSite } from '../../src/control/on-premises-site.js';
import { associateRouteTable } from '../../src/control/route-table.js';
import { enableVgwRoutePropagation } from '../../src/control/vgw-route-propagation.js';
import { createPrivateVirtualInterface } from '../../src/control/virtual-interface.js';
import {
  createVpnConnection,
  createVpnConnectionRoute,
  setVpnTunnelStatus,
} from '../../src/control/vpn-connection.js';
import { attachVpnGateway, createVpnGateway } from '../../src/control/vpn-gateway.js';
import { ALL, expectBlocked, expectReachable, ids, ip, net, tcpFrom } from './net.js';

const name = (n: string) => [{ key: 'Name', value: n }];

/**
 * A VPC with an app instance, a VGW with propagation into the main table, and a site `hq`
 * (172.16.0.0/16, host nas 172.16.5.20) behind a customer gateway on a VPN.
 */
function hybrid(opts: { staticRoutes?: boolean } = {}) {
  const n = net();
  const { h } = n;
  const vpc = n.vpc('10.40.0.0/16', 'storage');
  const subnet = n.subnet(vpc, '10.40.1.0/24', 'use1-az1', 'app');
  const rt = n.mainTable(vpc);
  const sg = n.sg(vpc, 'app-sg', [tcpFrom(443, '172.16.0.0/12')]);
  const app = n.instance(subnet, '10.40.1.10', [sg.id], 'app');
  const acl = h.s.find('networkAclsByVpc', vpc.id)[0]!.id;
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1', tags: name('vgw') });
  h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
  h.run(enableVgwRoutePropagation, { routeTableId: rt.id, gatewayId: vgw.id });
  const cgw = h.run(createCustomerGateway, {
    type: 'ipsec.1',
    ipAddress: '203.0.113.20',
    tags: name('hq-router'),
  });
  const vpn = h.run(createVpnConnection, {
    type: 'ipsec.1',
    customerGatewayId: cgw.id,
    vpnGatewayId: vgw.id,
    options: { staticRoutesOnly: opts.staticRoutes ?? false },
    tags: name('hq-vpn'),
  });
  if (opts.staticRoutes) {
    h.run(createVpnConnectionRoute, {
      vpnConnectionId: vpn.id,
      destinationCidrBlock: '172.16.0.0/16',
    });
  }
  const site = h.run(createOnPremisesSite, {
    siteName: 'hq',
    cidrs: ['172.16.0.0/16'],
    hosts: [{ name: 'nas', ip: '172.16.5.20' }],
    customerGatewayIds: [cgw.id],
  });
  const fromSite = (to: string, port = 443, src = '172.16.5.20') =>
    n.trace({
      source: site.id,
      sourceIp: ip(src),
      destinationIp: ip(to),
      protocol: 'tcp',
      destinationPort: port,
    });
  const toSite = (to = '172.16.5.20', port = 22) =>
    n.trace({
      source: app.instance.id,
      destination: site.id,
      destinationIp: ip(to),
      protocol: 'tcp',
      destinationPort: port,
    });
  return { n, h, vpc, subnet, rt, sg, app, acl, vgw, cgw, vpn, site, fromSite, toSite };
}

describe('on premises → VPC over a Site-to-Site VPN', () => {
  it('enters by the VGW, the inbound ACL and the security group; replies by the propagated route', () => {
    const w = hybrid();
    const r = w.fromSite('10.40.1.10');
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.site.id,
      w.cgw.id,
      w.vpn.id,
      w.vgw.id,
      w.acl,
      w.sg.id,
      w.app.eni.id,
      w.app.instance.id,
    ]);
    expect(r.ForwardPathComponents![3]!.Vpc?.Id).toBe(w.vpc.id);
    expect(r.ForwardPathComponents![2]!.Component.Arn).toBe(
      `arn:aws:ec2:us-east-1:111111111111:vpn-connection/${w.vpn.id}`,
    );
    expect(r.ForwardPathComponents![0]!.Component.Arn).toBe(
      `arn:vpctwin:onprem::111111111111:site/${w.site.id}`,
    );
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.app.instance.id,
      w.app.eni.id,
      w.acl,
      w.rt.id,
      w.vgw.id,
      w.vpn.id,
      w.cgw.id,
      w.site.id,
    ]);
    expect(r.ReturnPathComponents![3]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '172.16.0.0/16',
      GatewayId: w.vgw.id,
      Origin: 'EnableVgwRoutePropagation',
      State: 'active',
    });
  });

  it('is stopped by the security group, and by a VPN with both tunnels down', () => {
    const w = hybrid();
    const sg = expectBlocked(w.fromSite('10.40.1.10', 22), 'ENI_SG_RULES_MISMATCH');
    expect(sg.Direction).toBe('ingress');
    w.h.run(setVpnTunnelStatus, { vpnConnectionId: w.vpn.id, tunnel: 0, status: 'DOWN' });
    expectReachable(w.fromSite('10.40.1.10'));
    w.h.run(setVpnTunnelStatus, { vpnConnectionId: w.vpn.id, tunnel: 1, status: 'DOWN' });
    const r = w.fromSite('10.40.1.10');
    const x = expectBlocked(r, 'BAD_STATE_VPN');
    expect(x.VpnConnection?.Id).toBe(w.vpn.id);
    expect(x.CustomerGateway?.Id).toBe(w.cgw.id);
    expect(ids(r.ForwardPathComponents)).toEqual([w.site.id, w.cgw.id, w.vpn.id]);
  });

  it('refuses a source address outside the site, as a request problem', () => {
    const w = hybrid();
    const r = w.fromSite('10.40.1.10', 443, '10.9.9.9');
    expect(r).toEqual({
      Status: 'failed',
      StatusMessage: `The address 10.9.9.9 is not inside the on-premises site '${w.site.id}'`,
    });
  });

  it('has nowhere to deliver a VPC address no interface owns', () => {
    const w = hybrid();
    const x = expectBlocked(w.fromSite('10.40.1.99'), 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(x.Component?.Id).toBe(w.vgw.id);
  });

  it('cannot use the VPC internet gateway (edge to edge)', () => {
    const w = hybrid();
    const igw = w.n.igw(w.vpc);
    w.n.route(w.rt.id, { destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });
    const r = w.fromSite('198.51.100.7');
    // The site's traffic has no public address the gateway could map (origin vpn, not vpc).
    const x = expectBlocked(r, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(x.Address).toBe('172.16.5.20');
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.site.id,
      w.cgw.id,
      w.vpn.id,
      w.vgw.id,
      w.rt.id,
      igw.id,
    ]);
  });

  it('goes through an appliance when the VGW has a gateway route table', () => {
    const w = hybrid();
    const inspect = w.n.subnet(w.vpc, '10.40.9.0/24', 'use1-az1', 'inspection');
    const open = w.n.sg(w.vpc, 'open', [ALL]);
    const fw = w.n.eni(inspect, '10.40.9.10', [open.id], 'firewall');
    w.h.run(modifyNetworkInterfaceAttribute, { networkInterfaceId: fw.id, sourceDestCheck: false });
    const edge = w.n.table(w.vpc, 'vgw-ingress');
    w.n.route(edge.id, { destinationCidrBlock: '10.40.1.0/24', networkInterfaceId: fw.id });
    w.h.run(associateRouteTable, { routeTableId: edge.id, gatewayId: w.vgw.id });
    const r = w.fromSite('10.40.1.10');
    expect(ids(r.ForwardPathComponents).slice(0, 6)).toEqual([
      w.site.id,
      w.cgw.id,
      w.vpn.id,
      w.vgw.id,
      edge.id,
      w.acl,
    ]);
    expect(ids(r.ForwardPathComponents)).toContain(fw.id);
  });
});

describe('VPC → on premises', () => {
  it('leaves by the propagated BGP route, the VGW, the VPN and the customer gateway', () => {
    const w = hybrid();
    const r = w.toSite();
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.app.instance.id,
      w.app.eni.id,
      expect.any(String),
      w.acl,
      w.rt.id,
      w.vgw.id,
      w.vpn.id,
      w.cgw.id,
      w.site.id,
    ]);
    // The site answers; the app's group lets nothing in, but replies are not checked (stateful).
    expectReachable(r);
  });

  it('has no route once the site stops advertising, and none to an address outside the site', () => {
    const w = hybrid();
    const none = expectBlocked(w.toSite('172.17.0.1'), 'NO_ROUTE_TO_DESTINATION');
    expect(none.Component?.Id).toBe(w.rt.id);
    // A static route to the VGW covers it, but the VGW has learned nothing there.
    w.n.route(w.rt.id, { destinationCidrBlock: '172.17.0.0/16', gatewayId: w.vgw.id });
    const vgw = expectBlocked(w.toSite('172.17.0.1'), 'NO_ROUTE_TO_DESTINATION');
    expect(vgw.Component?.Id).toBe(w.vgw.id);
    expect(vgw.VpnGateway?.Id).toBe(w.vgw.id);
  });

  it('uses a static VPN route, and loses it with the tunnels', () => {
    const w = hybrid({ staticRoutes: true });
    expectReachable(w.toSite());
    w.h.run(setVpnTunnelStatus, { vpnConnectionId: w.vpn.id, tunnel: 0, status: 'DOWN' });
    w.h.run(setVpnTunnelStatus, { vpnConnectionId: w.vpn.id, tunnel: 1, status: 'DOWN' });
    const x = expectBlocked(w.toSite(), 'NO_ROUTE_TO_DESTINATION');
    expect(x.Component?.Id).toBe(w.rt.id);
  });

  it('refuses traffic from a peered VPC at the VGW (edge to edge)', () => {
    const w = hybrid();
    const peer = w.n.vpc('10.9.0.0/16', 'peer');
    const ps = w.n.subnet(peer, '10.9.1.0/24', 'use1-az1', 'peer-subnet');
    const psg = w.n.sg(peer, 'peer-sg', [ALL]);
    const client = w.n.instance(ps, '10.9.1.10', [psg.id], 'client');
    const pcx = w.n.peering(peer, w.vpc, 'pcx');
    w.n.route(w.n.mainTable(peer).id, {
      destinationCidrBlock: '172.16.0.0/16',
      vpcPeeringConnectionId: pcx.id,
    });
    const r = w.n.trace({
      source: client.instance.id,
      destinationIp: ip('172.16.5.20'),
      protocol: 'tcp',
      destinationPort: 22,
    });
    // The peering delivers only inside the peer VPC: the on-premises address stops there.
    const x = expectBlocked(r, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
    expect(x.Cidrs).toEqual(['10.40.0.0/16']);
    expect(ids(r.ForwardPathComponents)).toContain(pcx.id);
  });
});

describe('Direct Connect', () => {
  it('reaches the VPC from a site behind a private virtual interface through a DX gateway', () => {
    const n = net();
    const { h } = n;
    const vpc = n.vpc('10.50.0.0/16', 'dc-vpc');
    const subnet = n.subnet(vpc, '10.50.1.0/24', 'use1-az1', 'app');
    const rt = n.mainTable(vpc);
    const sg = n.sg(vpc, 'open', [ALL]);
    const app = n.instance(subnet, '10.50.1.10', [sg.id], 'app');
    const acl = h.s.find('networkAclsByVpc', vpc.id)[0]!.id;
    const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    h.run(enableVgwRoutePropagation, { routeTableId: rt.id, gatewayId: vgw.id });
    const dxgw = h.run(createDirectConnectGateway, { directConnectGatewayName: 'corp' });
    h.run(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: dxgw.id,
      gatewayId: vgw.id,
    });
    const vif = h.run(createPrivateVirtualInterface, {
      connectionId: 'dxcon-fgh0hcrk',
      newVirtualInterface: {
        virtualInterfaceName: 'dc',
        vlan: 101,
        asn: 65100,
        directConnectGatewayId: dxgw.id,
      },
    });
    const site = h.run(createOnPremisesSite, {
      siteName: 'dc',
      cidrs: ['10.200.0.0/16'],
      virtualInterfaceIds: [vif.id],
    });
    const r = n.trace({
      source: site.id,
      destinationIp: ip('10.50.1.10'),
      protocol: 'tcp',
      destinationPort: 443,
    });
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      site.id,
      vif.id,
      vgw.id,
      acl,
      sg.id,
      app.eni.id,
      app.instance.id,
    ]);
    expect(ids(r.ReturnPathComponents)).toEqual([
      app.instance.id,
      app.eni.id,
      acl,
      rt.id,
      vgw.id,
      vif.id,
      site.id,
    ]);
    expect(r.ForwardPathComponents![1]!.Component.Arn).toBe(
      `arn:aws:directconnect:us-east-1:111111111111:dxvif/${vif.id}`,
    );
  });
});
