import { describe, expect, it } from 'vitest';
import { createCustomerGateway } from '../../src/control/customer-gateway.js';
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
} from '../../src/control/direct-connect-gateway.js';
import { createOnPremisesSite } from '../../src/control/on-premises-site.js';
import { createTransitGateway } from '../../src/control/transit-gateway.js';
import { createTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import { disassociateTransitGatewayRouteTable } from '../../src/control/transit-gateway-route-table.js';
import { createTransitGatewayRoute } from '../../src/control/transit-gateway-route.js';
import { createTransitVirtualInterface } from '../../src/control/virtual-interface.js';
import { createVpnConnection, setVpnTunnelStatus } from '../../src/control/vpn-connection.js';
import type { NetworkInsightsAnalysis } from '../../src/analysis/trace/index.js';
import { expectBlocked, expectReachable, ids, ip, net, tcpFrom } from './net.js';

/**
 * Transit gateway ⇄ on premises (D72): a VPC attached to a transit gateway with VPN ECMP; a data
 * centre `dc` (192.168.0.0/16) behind one customer gateway on two BGP VPN connections; a colo
 * `colo` (172.20.0.0/16) behind a transit virtual interface of a Direct Connect gateway
 * associated with the transit gateway.
 */
function world() {
  const n = net();
  const { h } = n;
  const vpc = n.vpc('10.1.0.0/16', 'app-vpc');
  const subnet = n.subnet(vpc, '10.1.1.0/24', 'use1-az1', 'app-az1');
  const tgwSubnet = n.subnet(vpc, '10.1.255.0/28', 'use1-az1', 'tgw-az1');
  const sg = n.sg(vpc, 'app-sg', [tcpFrom(443, '192.168.0.0/16'), tcpFrom(443, '172.20.0.0/16')]);
  const app = n.instance(subnet, '10.1.1.10', [sg.id], 'app');
  const tgw = h.run(createTransitGateway, { options: { amazonSideAsn: 64600 } });
  const table = tgw.options.associationDefaultRouteTableId!;
  const vpcAtt = h.run(createTransitGatewayVpcAttachment, {
    transitGatewayId: tgw.id,
    vpcId: vpc.id,
    subnetIds: [tgwSubnet.id],
  });
  const main = n.mainTable(vpc);
  for (const cidr of ['192.168.0.0/16', '172.20.0.0/16']) {
    n.route(main.id, { destinationCidrBlock: cidr, transitGatewayId: tgw.id });
  }
  const cgw = h.run(createCustomerGateway, {
    type: 'ipsec.1',
    ipAddress: '203.0.113.10',
    bgpAsn: 65010,
  });
  const vpns = [1, 2].map(() =>
    h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      transitGatewayId: tgw.id,
    }),
  );
  const dc = h.run(createOnPremisesSite, {
    siteName: 'dc',
    cidrs: ['192.168.0.0/16'],
    hosts: [{ name: 'db', ip: '192.168.10.10' }],
    customerGatewayIds: [cgw.id],
  });
  const dxgw = h.run(createDirectConnectGateway, { directConnectGatewayName: 'corp-dx' });
  const vif = h.run(createTransitVirtualInterface, {
    connectionId: 'dxcon-fgh0hcrk',
    newVirtualInterface: {
      virtualInterfaceName: 'transit-vif',
      vlan: 300,
      asn: 65020,
      directConnectGatewayId: dxgw.id,
    },
  });
  const colo = h.run(createOnPremisesSite, {
    siteName: 'colo',
    cidrs: ['172.20.0.0/16'],
    hosts: [{ name: 'mainframe', ip: '172.20.1.5' }],
    virtualInterfaceIds: [vif.id],
  });
  h.run(createDirectConnectGatewayAssociation, {
    directConnectGatewayId: dxgw.id,
    gatewayId: tgw.id,
    addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/8' }],
  });
  const attachmentOf = (resourceId: string) =>
    [...h.s.all('transit-gateway-attachment')].find(
      (a) => a.resourceId === resourceId && a.state === 'available',
    )!;
  const vpnAtts = vpns.map((v) => attachmentOf(v.id));
  const dxAtt = attachmentOf(dxgw.id);
  const toOnPrem = (to: string, port = 443, srcPort?: number) =>
    n.trace({
      source: app.instance.id,
      destinationIp: ip(to),
      protocol: 'tcp',
      destinationPort: port,
      ...(srcPort !== undefined ? { sourcePort: srcPort } : {}),
    });
  const fromSite = (siteId: string, src: string, port = 443) =>
    n.trace({
      source: siteId,
      sourceIp: ip(src),
      destinationIp: ip('10.1.1.10'),
      protocol: 'tcp',
      destinationPort: port,
    });
  return {
    n,
    h,
    vpc,
    subnet,
    app,
    sg,
    main,
    tgw,
    table,
    vpcAtt,
    cgw,
    vpns,
    vpnAtts,
    dc,
    dxgw,
    vif,
    colo,
    dxAtt,
    toOnPrem,
    fromSite,
  };
}

/** The VPN connection a path crosses (its id), asserting it crosses exactly one. */
function vpnOf(path: NetworkInsightsAnalysis['ForwardPathComponents']): string {
  const crossed = ids(path).filter((id) => id.startsWith('vpn-'));
  expect(crossed).toHaveLength(1);
  return crossed[0]!;
}

describe('transit gateway ⇄ VPN ⇄ on premises', () => {
  it('app → dc: VPC attachment, route table, VPN attachment, connection, customer gateway, site', () => {
    const w = world();
    const r = w.toOnPrem('192.168.10.10');
    expectReachable(r);
    const vpn = vpnOf(r.ForwardPathComponents);
    const k = w.vpns.findIndex((v) => v.id === vpn);
    const att = w.vpnAtts[k]!;
    const acl = w.h.s.find('networkAclsByVpc', w.vpc.id)[0]!.id;
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.app.instance.id,
      w.app.eni.id,
      w.sg.id,
      acl,
      w.main.id,
      acl,
      w.vpcAtt.id,
      w.table,
      att.id,
      vpn,
      w.cgw.id,
      w.dc.id,
    ]);
    const fwd = r.ForwardPathComponents!;
    expect(fwd[7]!.TransitGatewayRouteTableRoute).toEqual({
      DestinationCidr: '192.168.0.0/16',
      State: 'active',
      RouteOrigin: 'propagated',
      AttachmentId: att.id,
      ResourceId: vpn,
      ResourceType: 'vpn',
    });
    expect(fwd[8]!.TransitGateway?.Id).toBe(w.tgw.id);
    // The reply comes back up the same connection (both ends hash the flow alike, D72).
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.dc.id,
      w.cgw.id,
      vpn,
      att.id,
      w.table,
      w.vpcAtt.id,
      acl,
      w.main.id,
      acl,
      w.app.eni.id,
      w.app.instance.id,
    ]);
  });

  it('spreads flows over both VPN attachments by flow hash, each flow always on one', () => {
    const w = world();
    const used = new Set<string>();
    for (let port = 49152; port < 49168; port++) {
      const first = w.toOnPrem('192.168.10.10', 443, port);
      const again = w.toOnPrem('192.168.10.10', 443, port);
      expectReachable(first);
      const vpn = vpnOf(first.ForwardPathComponents);
      expect(vpnOf(again.ForwardPathComponents)).toBe(vpn);
      expect(vpnOf(first.ReturnPathComponents)).toBe(vpn);
      used.add(vpn);
    }
    expect([...used].sort()).toEqual(w.vpns.map((v) => v.id).sort());
  });

  it('dc → app: up a VPN, routed by the table associated with its attachment', () => {
    const w = world();
    const r = w.fromSite(w.dc.id, '192.168.10.10');
    expectReachable(r);
    const vpn = vpnOf(r.ForwardPathComponents);
    const att = w.vpnAtts[w.vpns.findIndex((v) => v.id === vpn)]!;
    expect(ids(r.ForwardPathComponents).slice(0, 6)).toEqual([
      w.dc.id,
      w.cgw.id,
      vpn,
      att.id,
      w.table,
      w.vpcAtt.id,
    ]);
    expect(r.ForwardPathComponents![4]!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '10.1.0.0/16',
      AttachmentId: w.vpcAtt.id,
      ResourceType: 'vpc',
    });
  });

  it('a VPN with both tunnels down: TGW_BAD_STATE_VPN on a static route to it, and from the site', () => {
    const w = world();
    for (const v of w.vpns) {
      for (const tunnel of [0, 1]) {
        w.h.run(setVpnTunnelStatus, { vpnConnectionId: v.id, tunnel, status: 'DOWN' });
      }
    }
    // Down connections advertise nothing: no route, and no attachment behind the address.
    expectBlocked(w.toOnPrem('192.168.10.10'), 'TGW_RTB_CANNOT_ROUTE');
    w.h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: w.table,
      destinationCidrBlock: '192.168.0.0/16',
      transitGatewayAttachmentId: w.vpnAtts[0]!.id,
    });
    const r = w.toOnPrem('192.168.10.10');
    const x = expectBlocked(r, 'TGW_BAD_STATE_VPN');
    expect(x.Component?.Id).toBe(w.vpns[0]!.id);
    expect(x.TransitGatewayAttachment?.Id).toBe(w.vpnAtts[0]!.id);
    expect(ids(r.ForwardPathComponents).slice(-3)).toEqual([
      w.table,
      w.vpnAtts[0]!.id,
      w.vpns[0]!.id,
    ]);
    // From the site, its first connection (in id order) is named as the one that is down.
    const up = expectBlocked(w.fromSite(w.dc.id, '192.168.10.10'), 'TGW_BAD_STATE_VPN');
    expect(up.Component?.Id).toBe(w.vpns.map((v) => v.id).sort()[0]);
    expect(up.CustomerGateway?.Id).toBe(w.cgw.id);
  });

  it('a VPN attachment with no route table: TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION from on premises', () => {
    const w = world();
    const [first, second] = w.vpns;
    // Only the first connection is up, and its attachment is taken off the table.
    for (const tunnel of [0, 1]) {
      w.h.run(setVpnTunnelStatus, { vpnConnectionId: second!.id, tunnel, status: 'DOWN' });
    }
    w.h.run(disassociateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: w.table,
      transitGatewayAttachmentId: w.vpnAtts[0]!.id,
    });
    const r = w.fromSite(w.dc.id, '192.168.10.10');
    const x = expectBlocked(r, 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION');
    expect(x.Component?.Id).toBe(w.vpnAtts[0]!.id);
    expect(ids(r.ForwardPathComponents)).toEqual([w.dc.id, w.cgw.id, first!.id, w.vpnAtts[0]!.id]);
  });
});

describe('transit gateway ⇄ Direct Connect gateway ⇄ on premises', () => {
  it('app → colo: down the Direct Connect gateway attachment and the transit interface', () => {
    const w = world();
    const r = w.toOnPrem('172.20.1.5');
    expectReachable(r);
    expect(ids(r.ForwardPathComponents).slice(-5)).toEqual([
      w.vpcAtt.id,
      w.table,
      w.dxAtt.id,
      w.vif.id,
      w.colo.id,
    ]);
    expect(r.ForwardPathComponents!.at(-4)!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '172.20.0.0/16',
      RouteOrigin: 'propagated',
      ResourceType: 'direct-connect-gateway',
      ResourceId: w.dxgw.id,
    });
    expect(r.ForwardPathComponents!.at(-2)!.Component.Arn).toBe(
      `arn:aws:directconnect:us-east-1:111111111111:dxvif/${w.vif.id}`,
    );
    expect(ids(r.ReturnPathComponents).slice(0, 5)).toEqual([
      w.colo.id,
      w.vif.id,
      w.dxAtt.id,
      w.table,
      w.vpcAtt.id,
    ]);
  });

  it('colo → app: reachable; the security group decides the port', () => {
    const w = world();
    expectReachable(w.fromSite(w.colo.id, '172.20.1.5'));
    const x = expectBlocked(w.fromSite(w.colo.id, '172.20.1.5', 22), 'ENI_SG_RULES_MISMATCH');
    expect(x.SecurityGroups?.map((g) => g.Id)).toEqual([w.sg.id]);
  });
});
