import type { RouteEntry, RouteTableNode, SubnetNode, VpcNode } from './graph.js';
import { type Packet } from './packet.js';
import { evalNetworkAcl } from './subnet.js';
import { tgwEntrySubnet, tgwExitSubnet, tgwRoute } from './transit-gateway.js';
import { vpcTgwKey, type TgwAttachmentNode, type TgwNode } from './transit-gateway-graph.js';
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
      return this.drop(p, att, enter, related);
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
      case 'direct-connect-gateway': {
        const h = this.push(hop(out));
        h.transitGateway = tgw;
        h.inbound = p;
        return this.drop(
          p,
          out,
          { code: 'UNKNOWN_DESTINATION' },
          { transitGateway: tgw, tgwAttachment: out },
        );
      }
    }
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
    }
  }
}
