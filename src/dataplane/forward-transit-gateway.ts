import type { Node, RouteEntry, RouteTableNode, SubnetNode, VpcNode } from './graph.js';
import type { VifNode, VpnNode } from './hybrid-graph.js';
import { type Packet } from './packet.js';
import { evalNetworkAcl } from './subnet.js';
import { tgwEntrySubnet, tgwExitSubnet, tgwRoute } from './transit-gateway.js';
import {
  hybridAttachmentKey,
  vpcTgwKey,
  type TgwAttachmentNode,
  type TgwNode,
} from './transit-gateway-graph.js';
import { siteOwns, vifTransitGateway } from './vpn-gateway.js';
import { hop, type Hop, type Walk } from './path.js';
import { MAX_ROUTINGS, type DropExtras } from './forward-core.js';
import { HybridWalker } from './forward-hybrid.js';

/** The walk through transit gateways (transit-gateway.ts decides; this wires the hops; D35–D38). */
export abstract class TgwWalker extends HybridWalker {
  // ---- Transit gateways (src/dataplane/transit-gateway.ts decides; this wires the hops) ----

  /** Attachments this walk left the gateway by, with the AZ: a later entry there is a hairpin. */
  protected readonly tgwExits = new Map<string, string>();

  /**
   * A subnet's route to a transit gateway: into the VPC's attachment in the source's AZ (through
   * the attachment subnet's inbound ACL), then routed by the gateway.
   */
  protected tgwFromVpc(
    tgwId: string,
    vpc: VpcNode,
    p: Packet,
    table: RouteTableNode,
    entry: RouteEntry,
    from: SubnetNode | undefined,
  ): Walk {
    const tgw = this.dp.transitGateways.get(tgwId);
    const att = this.dp.vpcAttachments.get(vpcTgwKey(vpc.id, tgwId));
    if (!tgw || !att) {
      return this.unknown(p, table, entry, { routeTable: table, subnet: from, vpc });
    }
    const related: DropExtras = { transitGateway: tgw, tgwAttachment: att, vpc, subnet: from };
    const enter = tgwEntrySubnet(att, from?.availabilityZoneId);
    if (!enter.ok) {
      const h = this.push(hop(att, vpc, from));
      h.transitGateway = tgw;
      h.inbound = p;
      // AZ names too: the EC2 API model's Explanation has AvailabilityZones, not the ids.
      const named = from ? { ...enter, availabilityZones: [from.availabilityZone] } : enter;
      return this.drop(p, att, named, related);
    }
    const subnet = enter.subnet;
    // AWS evaluates the attachment subnet's inbound rules on traffic into the gateway even
    // when the source sits in that subnet (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html).
    if (subnet.acl) {
      const rule = evalNetworkAcl(subnet.acl, false, p);
      this.ruleHop(subnet.acl, vpc, subnet).aclRule = rule;
      if (!rule.allow) {
        return this.drop(
          p,
          subnet.acl,
          { code: 'SUBNET_ACL_RESTRICTION', direction: 'ingress' },
          { acl: subnet.acl, aclRule: rule, subnet, vpc },
        );
      }
    }
    const h = this.push(hop(att, vpc, subnet));
    h.transitGateway = tgw;
    h.inbound = p;
    this.noteHairpin(att, subnet.availabilityZoneId, h);
    return this.tgwForward(tgw, att, p, subnet.availabilityZoneId);
  }

  /** A packet inside a gateway, having entered through `att`: its route table decides. */
  protected tgwForward(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    p: Packet,
    entryAzId: string | undefined,
  ): Walk {
    const related: DropExtras = { transitGateway: tgw, tgwAttachment: att };
    if (++this.routings > MAX_ROUTINGS) return this.drop(p, tgw, { code: 'NO_PATH' }, related);
    if (tgw.state !== 'available') {
      return this.drop(p, tgw, { code: 'BAD_STATE', state: tgw.state }, related);
    }
    const r = tgwRoute(tgw, att, p);
    if (r.table) {
      const h = this.push(hop(r.table));
      h.transitGateway = tgw;
      h.tgwRoute = r.entry;
    }
    if (!r.ok) {
      const where = {
        ...related,
        tgwAttachment: r.behind ?? att,
        tgwRouteTable: r.table,
        tgwRoute: r.entry,
      };
      return this.drop(p, r.table ?? att, r, where);
    }
    const out = r.entry.attachment;
    if (!out || out.state !== 'available') {
      return this.drop(
        p,
        r.table,
        { code: 'TGW_RTB_BAD_STATE_ROUTE', state: out?.state ?? 'blackhole' },
        {
          ...related,
          tgwRouteTable: r.table,
          tgwRoute: r.entry,
        },
      );
    }
    switch (out.resourceType) {
      case 'vpc':
        return this.tgwToVpc(tgw, out, p, entryAzId);
      case 'peering':
        return this.tgwPeering(tgw, out, p);
      case 'vpn':
        return this.tgwToVpn(tgw, out, p);
      case 'direct-connect-gateway':
        return this.tgwToDirectConnect(tgw, out, p);
    }
  }

  // ---- Transit gateways ⇄ on premises (D72): VPN and Direct Connect gateway attachments ----

  /** From on premises up a VPN connection into its attachment, routed by that attachment's table. */
  protected tgwFromVpn(vpn: VpnNode, p: Packet): Walk {
    const att = this.dp.hybridAttachments.get(hybridAttachmentKey(vpn.id));
    return this.tgwFromOnPremises(att, vpn, p, {
      vpnConnection: vpn,
      customerGateway: vpn.customerGateway,
    });
  }

  /** From on premises up a transit virtual interface, through its Direct Connect gateway. */
  protected tgwFromDirectConnect(vif: VifNode, p: Packet): Walk {
    const tgwId = vifTransitGateway(vif, p);
    const dxgw = vif.directConnectGatewayId;
    const att =
      tgwId !== undefined && dxgw !== undefined
        ? this.dp.hybridAttachments.get(hybridAttachmentKey(dxgw, tgwId))
        : undefined;
    return this.tgwFromOnPremises(att, vif, p, {});
  }

  /** Into a gateway by a hybrid attachment: no AZ of entry, the associated table routes. */
  private tgwFromOnPremises(
    att: TgwAttachmentNode | undefined,
    from: Node,
    p: Packet,
    where: DropExtras,
  ): Walk {
    const tgwId = att?.gatewayIds[0];
    const tgw = tgwId === undefined ? undefined : this.dp.transitGateways.get(tgwId);
    if (!att || !tgw) return this.noSite(from, p, where);
    const h = this.push(hop(att));
    h.transitGateway = tgw;
    h.inbound = p;
    h.outbound = p;
    return this.tgwForward(tgw, att, p, undefined);
  }

  /**
   * Out of a gateway by a VPN attachment: the connection (a tunnel must be up), its customer
   * gateway, and the site behind it.
   */
  protected tgwToVpn(tgw: TgwNode, att: TgwAttachmentNode, p: Packet): Walk {
    const h = this.push(hop(att));
    h.transitGateway = tgw;
    h.outbound = p;
    const where: DropExtras = { transitGateway: tgw, tgwAttachment: att };
    const vpn = this.dp.hybrid.vpnConnections.get(att.resourceId);
    if (!vpn) return this.drop(p, att, { code: 'UNKNOWN_DESTINATION' }, where);
    const x = this.push(hop(vpn));
    x.inbound = p;
    const cgw = vpn.customerGateway;
    const atVpn: DropExtras = { ...where, vpnConnection: vpn, customerGateway: cgw };
    if (!vpn.up) {
      const state = vpn.state === 'available' ? 'DOWN' : vpn.state;
      return this.drop(p, vpn, { code: 'TGW_BAD_STATE_VPN', state }, atVpn);
    }
    x.outbound = p;
    if (!cgw) return this.noSite(vpn, p, atVpn);
    this.push(hop(cgw)).inbound = p;
    return cgw.site ? this.siteIn(cgw.site, p) : this.noSite(cgw, p, atVpn);
  }

  /**
   * Out of a gateway by a Direct Connect gateway attachment: down the transit virtual interface
   * whose site owns the destination (else the first that is up), to that site.
   */
  protected tgwToDirectConnect(tgw: TgwNode, att: TgwAttachmentNode, p: Packet): Walk {
    const h = this.push(hop(att));
    h.transitGateway = tgw;
    h.outbound = p;
    const where: DropExtras = { transitGateway: tgw, tgwAttachment: att };
    const vifs = [...this.dp.hybrid.virtualInterfaces.values()].filter(
      (v) =>
        v.directConnectGatewayId === att.resourceId && v.virtualInterfaceType === 'transit' && v.up,
    );
    const vif = vifs.find((v) => v.site !== undefined && siteOwns(v.site, p)) ?? vifs[0];
    if (!vif) return this.drop(p, att, { code: 'UNKNOWN_DESTINATION' }, where);
    const x = this.push(hop(vif));
    x.inbound = p;
    x.outbound = p;
    return vif.site ? this.siteIn(vif.site, p) : this.noSite(vif, p, where);
  }

  /** Out of a gateway into a VPC: the attachment ENI of the chosen AZ, then that subnet's table. */
  protected tgwToVpc(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    p: Packet,
    entryAzId: string | undefined,
  ): Walk {
    const exit = tgwExitSubnet(att, entryAzId, p);
    const h = this.push(hop(att, att.vpc, exit?.subnet));
    h.transitGateway = tgw;
    h.outbound = p;
    if (!exit || !att.vpc) {
      return this.drop(
        p,
        att,
        { code: 'UNKNOWN_DESTINATION' },
        { transitGateway: tgw, tgwAttachment: att },
      );
    }
    h.azCrossed = exit.crossed;
    this.tgwExits.set(att.id, exit.subnet.availabilityZoneId);
    this.origin = 'transit-gateway';
    return this.leaveSubnet(exit.subnet, p);
  }

  /** Across a peering attachment: the peer gateway routes by its own association of it. */
  protected tgwPeering(tgw: TgwNode, att: TgwAttachmentNode, p: Packet): Walk {
    const h = this.push(hop(att));
    h.transitGateway = tgw;
    h.inbound = p;
    h.outbound = p;
    const peerId = att.gatewayIds.find((id) => id !== tgw.id);
    const peer = peerId === undefined ? undefined : this.dp.transitGateways.get(peerId);
    if (!peer) {
      return this.drop(
        p,
        att,
        { code: 'UNKNOWN_DESTINATION' },
        { transitGateway: tgw, tgwAttachment: att },
      );
    }
    this.origin = 'transit-gateway';
    return this.tgwForward(peer, att, p, undefined);
  }

  /**
   * A packet re-entering the gateway through an attachment it left by (an inspection VPC):
   * forward walks record the AZ; the reply's walk flags the hop when it used another AZ and
   * the attachment has no appliance mode — stateful appliances would see half the flow.
   */
  protected noteHairpin(att: TgwAttachmentNode, azId: string, h: Hop): void {
    const exitAz = this.tgwExits.get(att.id);
    const azs = this.opts.tgwAzs;
    if (exitAz === undefined || !azs) return;
    if (this.forward) {
      azs.set(att.id, exitAz);
      return;
    }
    const before = azs.get(att.id);
    if (!att.applianceMode && before !== undefined && (before !== exitAz || before !== azId)) {
      h.applianceModeRecommended = true;
      // AZ affinity (D75): the request's AZ, then the one(s) the reply used at this attachment.
      h.tgwAzRestriction = [...new Set([before, exitAz, azId])]
        .map((az) => att.subnetByAz.get(az))
        .filter((sn): sn is SubnetNode => sn !== undefined);
    }
  }
}
