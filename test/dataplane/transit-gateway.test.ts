import { describe, expect, it } from 'vitest';
import { replaceRoute } from '../../src/control/route.js';
import { Draft } from '../../src/control/draft.js';
import { createTransitGateway, modifyTransitGateway } from '../../src/control/transit-gateway.js';
import {
  attachResource,
  createTransitGatewayVpcAttachment,
  modifyTransitGatewayVpcAttachment,
} from '../../src/control/transit-gateway-attachment.js';
import {
  disassociateTransitGatewayRouteTable,
  enableTransitGatewayRouteTablePropagation,
} from '../../src/control/transit-gateway-route-table.js';
import {
  createTransitGatewayRoute,
  deleteTransitGatewayRoute,
  replaceTransitGatewayRoute,
} from '../../src/control/transit-gateway-route.js';
import { APPLIANCE_MODE_WARNING } from '../../src/analysis/trace/trace.js';
import { flowHash, packet, PROTOCOL, replyTo } from '../../src/dataplane/index.js';
import { ok } from '../../src/model/result.js';
import { bgpPrefixProviders } from '../../src/model/transit-gateway.js';
import { Cidr } from '../../src/net/index.js';
import { ALL, expectBlocked, expectReachable, ids, ip, net } from './net.js';
import { acl, world } from './tgw-world.js';

describe('transit gateway forwarding', () => {
  it('spoke → spoke through an inspection VPC: hairpin through the appliance of the entry AZ', () => {
    const w = world();
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    expectReachable(r);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.app1.instance.id,
      w.app1.eni.id,
      w.spoke.sg.id,
      acl(w, 'spoke'),
      w.spoke.main.id,
      acl(w, 'spoke'),
      w.spokeAtt.id,
      w.spokesRt.id,
      w.inspAtt.id,
      acl(w, 'insp'),
      w.n.h.s.find('routeTableBySubnet', w.insp.ta.id)[0]!.id,
      acl(w, 'insp'),
      w.insp.sg.id,
      w.fw1.eni.id,
      w.insp.sg.id,
      acl(w, 'insp'),
      w.insp.main.id,
      acl(w, 'insp'),
      w.inspAtt.id,
      w.inspRt.id,
      w.spoke2Att.id,
      acl(w, 'spoke2'),
      w.spoke2.main.id,
      acl(w, 'spoke2'),
      w.spoke2.sg.id,
      w.app3.eni.id,
      w.app3.instance.id,
    ]);
    // app1 is in az1: the inspection attachment is left in az1, towards fw1; no AZ crossed
    // until spoke2's attachment, which delivers in az1 to app3 in az2 by the local route.
    const fwd = r.ForwardPathComponents!;
    expect(fwd[8]!.Subnet?.Id).toBe(w.insp.ta.id);
    expect(fwd[7]!.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      RouteOrigin: 'static',
      AttachmentId: w.inspAtt.id,
    });
    // The reply starts in az2: it reaches the inspection VPC in az2, through fw2, so without
    // appliance mode the appliances see one direction each.
    const ret = r.ReturnPathComponents!;
    expect(ids(ret)).toContain(w.fw2.eni.id);
    expect(ids(ret)).not.toContain(w.fw1.eni.id);
    expect(r.WarningMessage).toBe(APPLIANCE_MODE_WARNING);
    const flagged = ret.filter((c) =>
      c.AdditionalDetails?.some(
        (d) => d.AdditionalDetailType === 'TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED',
      ),
    );
    expect(flagged.map((c) => c.Component.Id)).toEqual([w.inspAtt.id]);
  });

  it('with appliance mode both directions use the appliance of one AZ, picked by the flow hash', () => {
    const w = world();
    w.n.h.run(modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: w.inspAtt.id,
      options: { applianceModeSupport: 'enable' },
    });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    expectReachable(r);
    expect(r.WarningMessage).toBeUndefined();
    const fws: string[] = [w.fw1.eni.id, w.fw2.eni.id];
    const used = (path: typeof r.ForwardPathComponents) =>
      ids(path).filter((id) => fws.includes(id));
    const p = packet({
      src: ip('10.1.1.10'),
      dst: ip('10.2.2.10'),
      protocol: PROTOCOL.tcp,
      srcPort: 49152,
      dstPort: 443,
    });
    const expected = fws[flowHash(p) % 2]!;
    expect(used(r.ForwardPathComponents)).toEqual([expected]);
    expect(used(r.ReturnPathComponents)).toEqual([expected]);
  });

  it('the flow hash is the same for a packet and its reply', () => {
    const p = packet({
      src: ip('10.1.1.10'),
      dst: ip('10.2.2.10'),
      protocol: PROTOCOL.tcp,
      srcPort: 40000,
      dstPort: 443,
    });
    expect(flowHash(replyTo(p))).toBe(flowHash(p));
    expect(flowHash({ ...p, srcPort: 40001 })).not.toBe(flowHash(p));
  });

  it('centralised egress: a TGW packet may use a NAT gateway, and the reply comes back through inspection', () => {
    const w = world();
    const r = w.n.traceTcp(w.app1.instance.id, ip('8.8.8.8'), 443);
    expectReachable(r);
    const fwd = ids(r.ForwardPathComponents);
    // Out of the egress attachment (az1), its subnet's table sends it to the NAT gateway, whose
    // translated packet leaves by the public subnet's table to the internet gateway.
    expect(fwd.slice(-8)).toEqual([
      w.egressAtt.id,
      acl(w, 'egress'),
      w.egressTgwRt.id,
      acl(w, 'egress'),
      w.nat.id,
      acl(w, 'egress'),
      w.egress.main.id,
      w.igw.id,
    ]);
    expect(fwd.at(-1)).toBe(w.igw.id);
    const ret = ids(r.ReturnPathComponents);
    expect(ret[0]).toBe(w.igw.id);
    expect(ret).toContain(w.inspAtt.id);
    expect(ret.at(-1)).toBe(w.app1.instance.id);
  });

  it('but not an internet gateway directly: the source has no public IP in that VPC', () => {
    const w = world();
    w.n.h.run(replaceRoute, {
      routeTableId: w.egressTgwRt.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: w.igw.id,
    });
    const r = w.n.traceTcp(w.app1.instance.id, ip('8.8.8.8'), 443);
    const x = expectBlocked(r, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(x.Component?.Id).toBe(w.igw.id);
  });

  it('nor a gateway endpoint of the VPC it arrives in (edge to edge)', () => {
    const w = world();
    const ep = w.n.gatewayEndpoint(w.egress.vpc, 's3', [w.egressTgwRt.id]);
    const r = w.n.traceTcp(w.app1.instance.id, ep.id, 443);
    const x = expectBlocked(r, 'GATEWAY_REJECTS_SPOOFED_TRAFFIC');
    expect(x.Component?.Id).toBe(ep.id);
    expect(ids(r.ForwardPathComponents).slice(-4)).toEqual([
      w.egressAtt.id,
      acl(w, 'egress'),
      w.egressTgwRt.id,
      ep.id,
    ]);
  });

  it('a blackhole route drops (TGW_RTB_BAD_STATE_ROUTE); no association drops at the attachment', () => {
    const w = world();
    w.n.h.run(replaceTransitGatewayRoute, {
      transitGatewayRouteTableId: w.spokesRt.id,
      destinationCidrBlock: '0.0.0.0/0',
      blackhole: true,
    });
    const r = w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443);
    const x = expectBlocked(r, 'TGW_RTB_BAD_STATE_ROUTE');
    expect(x.Component?.Id).toBe(w.spokesRt.id);
    expect(x.State).toBe('blackhole');
    expect(x.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      State: 'blackhole',
      RouteOrigin: 'static',
    });

    w.n.h.run(disassociateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: w.spokesRt.id,
      transitGatewayAttachmentId: w.spokeAtt.id,
    });
    const y = expectBlocked(
      w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443),
      'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION',
    );
    expect(y.Component?.Id).toBe(w.spokeAtt.id);
    expect(y.TransitGateway?.Id).toBe(w.tgw.id);
  });

  it("the attachment subnet's network ACL applies to traffic entering the gateway", () => {
    const w = world();
    const deny = w.n.acl(
      w.spoke.vpc,
      'tgw-subnets',
      [w.spoke.ta, w.spoke.tb],
      [
        {
          ruleNumber: 100,
          protocol: '-1',
          ruleAction: 'deny',
          egress: false,
          cidrBlock: '10.1.1.0/24',
        },
      ],
    );
    const x = expectBlocked(
      w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443),
      'SUBNET_ACL_RESTRICTION',
    );
    expect(x).toMatchObject({ Direction: 'ingress' });
    expect(x.Component?.Id).toBe(deny.id);
    expect(x.Subnet?.Id).toBe(w.spoke.ta.id);
  });

  it("the attachment subnet's inbound rules apply even to a source inside that subnet", () => {
    const w = world();
    const edge = w.n.instance(w.spoke.ta, '10.1.255.10', [w.spoke.sg.id], 'edge');
    const own = w.n.acl(
      w.spoke.vpc,
      'tgw-a',
      [w.spoke.ta],
      [
        {
          ruleNumber: 100,
          protocol: '-1',
          ruleAction: 'deny',
          egress: false,
          cidrBlock: '10.1.255.0/28',
        },
        {
          ruleNumber: 200,
          protocol: '-1',
          ruleAction: 'allow',
          egress: false,
          cidrBlock: '0.0.0.0/0',
        },
        {
          ruleNumber: 100,
          protocol: '-1',
          ruleAction: 'allow',
          egress: true,
          cidrBlock: '0.0.0.0/0',
        },
      ],
    );
    const r = w.n.traceTcp(edge.instance.id, w.app3.instance.id, 443);
    const x = expectBlocked(r, 'SUBNET_ACL_RESTRICTION');
    expect(x).toMatchObject({ Direction: 'ingress' });
    expect(x.Component?.Id).toBe(own.id);
    // Out through its own subnet's outbound rules, routed, then the same ACL's inbound rules.
    expect(ids(r.ForwardPathComponents).slice(-3)).toEqual([own.id, w.spoke.main.id, own.id]);
  });

  it('a source in an AZ without an attachment subnet cannot enter (TGW_ROUTE_AZ_RESTRICTION)', () => {
    const w = world();
    w.n.h.run(modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: w.spokeAtt.id,
      removeSubnetIds: [w.spoke.ta.id],
    });
    const x = expectBlocked(
      w.n.traceTcp(w.app1.instance.id, w.app3.instance.id, 443),
      'TGW_ROUTE_AZ_RESTRICTION',
    );
    expect(x.Component?.Id).toBe(w.spokeAtt.id);
    expect(x.AvailabilityZoneIds).toEqual(['use1-az1']);
  });

  it('a destination behind no attachment is TGW_RTB_CANNOT_ROUTE', () => {
    const w = world();
    w.n.h.run(deleteTransitGatewayRoute, {
      transitGatewayRouteTableId: w.spokesRt.id,
      destinationCidrBlock: '0.0.0.0/0',
    });
    w.n.h.run(createTransitGatewayRoute, {
      transitGatewayRouteTableId: w.spokesRt.id,
      destinationCidrBlock: '10.2.0.0/16',
      transitGatewayAttachmentId: w.inspAtt.id,
    });
    // Nor does any other table send 172.20.0.0/16 anywhere (static routes count as "behind").
    w.n.h.run(deleteTransitGatewayRoute, {
      transitGatewayRouteTableId: w.inspRt.id,
      destinationCidrBlock: '0.0.0.0/0',
    });
    const r = w.n.traceTcp(w.app1.instance.id, ip('172.20.0.1'), 443);
    const x = expectBlocked(r, 'TGW_RTB_CANNOT_ROUTE');
    expect(x.Component?.Id).toBe(w.spokesRt.id);
    expect(x).toMatchObject({ PacketField: 'destination-address', Address: '172.20.0.1' });
    // 10.2.0.0/16 is routed; 10.77.0.1 sits inside egress's static 10.0.0.0/8 to inspection.
    expect(
      expectBlocked(
        w.n.traceTcp(w.app1.instance.id, ip('10.77.0.1'), 443),
        'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT',
      ).TransitGatewayAttachment?.Id,
    ).toBe(w.inspAtt.id);
    expect(ids(r.ForwardPathComponents).slice(-2)).toEqual([w.spokeAtt.id, w.spokesRt.id]);
  });

  it('equal VPN routes share flows by hash with VPN ECMP on, else the first carries them all', () => {
    const w = world();
    const vpn = (id: string) =>
      w.n.h.run((s, _i: object, ctx) => {
        const d = new Draft(s);
        const a = attachResource(d, ctx, s.get('transit-gateway', w.tgw.id)!, 'vpn', id);
        return ok({ changes: d.changes(), output: a });
      }, {});
    const vpns = [vpn('vpn-00000000000000001'), vpn('vpn-00000000000000002')];
    for (const a of vpns) {
      w.n.h.run(enableTransitGatewayRouteTablePropagation, {
        transitGatewayRouteTableId: w.spokesRt.id,
        transitGatewayAttachmentId: a.id,
      });
    }
    // Stand-in connections: replace the registered provider (D70) for this test only.
    const registered = bgpPrefixProviders.vpn;
    bgpPrefixProviders.vpn = () => [Cidr.parse('192.168.0.0/16')!];
    try {
      // This flow hashes to the second route, so the two settings give different answers.
      const to = ip('192.168.10.11');
      const p = packet({
        src: ip('10.1.1.10'),
        dst: to,
        protocol: PROTOCOL.tcp,
        srcPort: 49152,
        dstPort: 443,
      });
      const at = () =>
        expectBlocked(w.n.traceTcp(w.app1.instance.id, to, 443), 'UNKNOWN_DESTINATION').Component
          ?.Id;
      expect(flowHash(p) % 2).toBe(1);
      expect(at()).toBe(vpns[1]!.id);
      w.n.h.run(modifyTransitGateway, {
        transitGatewayId: w.tgw.id,
        options: { vpnEcmpSupport: 'disable' },
      });
      expect(at()).toBe(vpns[0]!.id);
    } finally {
      bgpPrefixProviders.vpn = registered;
    }
  });

  it('carries IPv6 between VPC attachments with IPv6 support, by the propagated /56s', () => {
    const n = net();
    const tgw = n.h.run(createTransitGateway, {});
    const side = (cidr: string, v6: string, name: string) => {
      const vpc = n.vpc(cidr, name, { ipv6: `${v6}00::/56` });
      const sn = n.subnet(vpc, cidr.replace('.0.0/16', '.1.0/24'), 'use1-az1', `${name}-a`, {
        ipv6: `${v6}00::/64`,
      });
      // New groups get IPv4 egress only (D12): allow IPv6 out too.
      const sg = n.sg(vpc, `${name}-open`, [ALL], { egress: [ALL] });
      const host = n.instance(sn, undefined, [sg.id], `${name}-host`, { ipv6: 1 });
      const att = n.h.run(createTransitGatewayVpcAttachment, {
        transitGatewayId: tgw.id,
        vpcId: vpc.id,
        subnetIds: [sn.id],
        options: { ipv6Support: 'enable' },
      });
      n.route(n.mainTable(vpc).id, { destinationIpv6CidrBlock: '::/0', transitGatewayId: tgw.id });
      return { vpc, host, att };
    };
    const a = side('10.1.0.0/16', '2600:1f18:47b:ca', 'a');
    const b = side('10.2.0.0/16', '2600:1f18:47b:cb', 'b');
    const to = b.host.eni.ipv6Addresses[0]!.ipv6Address;
    const r = n.trace({
      source: a.host.instance.id,
      destination: b.host.instance.id,
      destinationIp: to,
      protocol: 'tcp',
      destinationPort: 443,
    });
    expectReachable(r);
    const rtbHop = r.ForwardPathComponents!.find((c) => c.TransitGatewayRouteTableRoute)!;
    expect(rtbHop.TransitGatewayRouteTableRoute).toMatchObject({
      DestinationCidr: '2600:1f18:47b:cb00::/56',
      RouteOrigin: 'propagated',
      AttachmentId: b.att.id,
    });
  });
});
