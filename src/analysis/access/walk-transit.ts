import { HeaderSpace } from '../../net/index.js';
import type {
  SiteNode,
  SiteUplink,
  SubnetNode,
  TgwAttachmentNode,
  TgwNode,
  VgwNode,
  VifNode,
  VpcNode,
} from '../../dataplane/index.js';
import { toTransitGateway, uplinkUp } from '../../dataplane/index.js';
import { MAX_ROUTINGS } from '../../dataplane/forward-core.js';
import { hybridAttachmentKey, vpcTgwKey } from '../../dataplane/transit-gateway-graph.js';
import { apply, rewrite, type Lineage } from './lineage.js';
import { prefixChoices } from './prefix-choice.js';
import { CoreWalk, type Branch, type PathEnd, type Trail } from './walk.js';

/** The symbolic walk across transit gateways and virtual private gateways (forward-transit-gateway.ts, forward-hybrid.ts). */
export abstract class TransitWalk extends CoreWalk {
  // ---- transit gateways (transit-gateway.ts, forward-transit-gateway.ts) ----

  protected tgwFromVpc(
    tgwId: string,
    vpc: VpcNode,
    b0: Branch,
    from: SubnetNode | undefined,
  ): void {
    const tgw = this.dp.transitGateways.get(tgwId);
    const att = this.dp.vpcAttachments.get(vpcTgwKey(vpc.id, tgwId));
    if (!tgw || !att) return;
    const azId = from?.availabilityZoneId ?? att.azIds[0];
    const subnet = azId === undefined ? undefined : att.subnetByAz.get(azId);
    if (!subnet) return;
    const enter = (x: Branch) => {
      const b = this.at(x, att, vpc, subnet, (h) => (h.transitGateway = tgw));
      if (this.end(b, att, false)) return;
      this.tgwForward(tgw, att, b, subnet.availabilityZoneId);
    };
    const acl = subnet.acl;
    if (!acl) return enter(b0);
    for (const { rule, space } of this.cache.networkAcl(acl, false).rules) {
      if (!rule.allow) continue;
      const x = this.meet(b0, space);
      if (x) enter(this.at(x, acl, vpc, subnet, (h) => (h.aclRule = rule)));
    }
  }

  /** Recorded walks from where traffic enters a gateway: every branch entering there reuses one. */
  private readonly recorded = new Map<string, readonly PathEnd[]>();

  /**
   * A packet inside a gateway, having entered through `att`. What happens from here on does not
   * depend on the path so far (only on the headers, and the entry, origin and hop count), and in
   * a hub-and-spoke network every spoke's traffic enters here: so the walk from here is done
   * once, for every header, recording where paths end and which headers reach each; a branch
   * that enters replays the record, met with its own headers (D124).
   */
  private tgwForward(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    b0: Branch,
    entryAzId: string | undefined,
  ): void {
    // Past the entry, only the attachment's route table matters: spokes sharing a table share a record.
    const table = att.associations.get(tgw.id);
    if (!table) return;
    const key = `${tgw.id}|${table.id}|${entryAzId ?? ''}|${b0.origin}|${b0.routings}|${b0.confined}`;
    let ends = this.recorded.get(key);
    if (!ends) {
      const outer = this.recorder;
      this.recorder = [];
      const all = HeaderSpace.all();
      this.tgwRoute(
        tgw,
        att,
        { ...b0, h0: all, cur: all, lin: undefined, trail: undefined },
        entryAzId,
      );
      ends = this.recorder;
      this.recorder = outer;
      this.recorded.set(key, ends);
    }
    for (const e of ends) this.replay(b0, e);
  }

  /** A recorded path end, on a branch that entered where the record began. */
  private replay(b0: Branch, e: PathEnd): void {
    const x = this.meet(b0, e.b.h0);
    if (!x) return;
    const lins = new Map<Lineage | undefined, Lineage | undefined>([[undefined, x.lin]]);
    const lin = (l: Lineage | undefined): Lineage | undefined => {
      if (lins.has(l)) return lins.get(l);
      const out = rewrite(lin(l!.prev), l!.rewrite);
      lins.set(l, out);
      return out;
    };
    const trail = (t: Trail | undefined): Trail | undefined =>
      t === undefined
        ? x.trail
        : { hop: t.hop, linIn: lin(t.linIn), linOut: lin(t.linOut), prev: trail(t.prev) };
    // The headers at the end are rarely read (a finding keeps the source's): computed on demand.
    let cur: HeaderSpace | undefined;
    const b: Branch = {
      ...e.b,
      h0: x.h0,
      get cur() {
        return (cur ??= apply(e.b.lin, x.cur));
      },
      lin: lin(e.b.lin),
      trail: trail(e.b.trail),
    };
    if (this.recorder) this.recorder.push({ b, node: e.node, final: e.final });
    else this.visitor.record(b, e.node, e.final);
  }

  private tgwRoute(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    b0: Branch,
    entryAzId: string | undefined,
  ): void {
    if (b0.routings + 1 > MAX_ROUTINGS || tgw.state !== 'available') return;
    const table = att.associations.get(tgw.id);
    if (!table) return;
    const b1: Branch = { ...b0, routings: b0.routings + 1 };
    for (const share of this.cache.tgwRouteTable(table)) {
      const x = this.meet(b1, share.space);
      if (!x) continue;
      // Equal routes share flows by hash only with VPN ECMP; else the first carries them all.
      const entries = tgw.vpnEcmp ? share.entries : share.entries.slice(0, 1);
      for (const entry of entries) {
        if (entry.route.state === 'blackhole' || !entry.attachment) continue;
        const out = entry.attachment;
        if (out.state !== 'available') continue;
        const b = this.at(x, table, undefined, undefined, (h) => {
          h.transitGateway = tgw;
          h.tgwRoute = entry;
        });
        if (out.resourceType === 'vpc') this.tgwToVpc(tgw, out, b, entryAzId);
        else if (out.resourceType === 'peering') this.tgwPeering(tgw, out, b);
        else {
          // Out to a VPN or Direct Connect gateway: the path leaves AWS at the attachment.
          const y = this.at(b, out, undefined, undefined, (h) => (h.transitGateway = tgw));
          this.end(y, out, true);
        }
      }
    }
  }

  private tgwToVpc(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    b0: Branch,
    entryAzId: string | undefined,
  ): void {
    const vpc = att.vpc;
    if (!vpc || att.azIds.length === 0) return;
    // Appliance mode picks the AZ by flow hash: every AZ is possible. Else the entry AZ, or the first.
    const azs = att.applianceMode
      ? att.azIds
      : [entryAzId !== undefined && att.subnetByAz.has(entryAzId) ? entryAzId : att.azIds[0]!];
    for (const azId of azs) {
      const subnet = att.subnetByAz.get(azId);
      if (!subnet) continue;
      const b = this.at(b0, att, vpc, subnet, (h) => {
        h.transitGateway = tgw;
        h.azCrossed = entryAzId !== undefined && entryAzId !== azId;
      });
      if (this.end(b, att, false)) continue;
      this.leaveSubnet(subnet, { ...b, origin: 'transit-gateway' });
    }
  }

  private tgwPeering(tgw: TgwNode, att: TgwAttachmentNode, b0: Branch): void {
    const peerId = att.gatewayIds.find((id) => id !== tgw.id);
    const peer = peerId === undefined ? undefined : this.dp.transitGateways.get(peerId);
    if (!peer) return;
    const b = this.at(b0, att, undefined, undefined, (h) => (h.transitGateway = tgw));
    if (this.end(b, att, false)) return;
    this.tgwForward(peer, att, { ...b, origin: 'transit-gateway' }, undefined);
  }

  /** Traffic leaving a transit gateway into a VPC by its attachment (a scope's attachment source). */
  tgwAttachmentIn(att: TgwAttachmentNode, b0: Branch): void {
    const tgw = this.dp.transitGateways.get(att.gatewayIds[0] ?? '');
    if (!tgw || att.resourceType !== 'vpc' || att.state !== 'available') return;
    this.tgwToVpc(tgw, att, b0, undefined);
  }

  // ---- virtual private gateways (forward-hybrid.ts) ----

  /** Toward on premises: the path leaves AWS at the VGW (where NAA ends it) if it has a route. */
  protected vgwOut(vgw: VgwNode, b0: Branch): void {
    const vpc = vgw.vpc;
    if (!vgw.available || !vpc) return;
    if (b0.origin !== 'vpc' && b0.origin !== 'vpn') return;
    let ok = HeaderSpace.family(4).restrictAddress(
      'destination',
      [...vgw.routes.entries()].map((e) => e.cidr),
    );
    if (b0.origin === 'vpc') ok = ok.intersect(this.cache.ownedSources(vpc));
    const x = this.meet(b0, ok);
    if (x) this.end(this.at(x, vgw, vpc), vgw, true);
  }

  /**
   * Traffic from on premises entering a VPC through its VGW: a scope's VGW source, or (`passing`)
   * a site's traffic on its way in, whose path may end at the VGW.
   */
  vgwIn(vgw: VgwNode, b0: Branch, passing = false): void {
    const vpc = vgw.vpc;
    if (!vgw.available || !vpc) return;
    const b = { ...this.at(b0, vgw, vpc), origin: 'vpn' as const };
    if (passing && this.end(b, vgw, false)) return;
    if (vgw.edgeRouteTable) return this.route(vgw.edgeRouteTable, b, undefined);
    const inside = HeaderSpace.all().restrictAddress('destination', vpc.blocks);
    const x = this.meet(b, inside);
    if (x) this.deliverInto(vpc, x);
    const outside = this.without(b, inside);
    if (outside && vgw.mainRouteTable) this.route(vgw.mainRouteTable, outside, undefined);
  }

  // ---- on-premises sites (forward-hybrid.ts siteOut, vpn-gateway.ts) ----

  /** Traffic from an on-premises site (a scope's site source), up the uplink each destination takes. */
  siteOut(site: SiteNode, b0: Branch): void {
    const b = { ...this.at(b0, site), origin: 'vpn' as const };
    const usable = site.uplinks.filter(uplinkUp);
    const offers = usable.flatMap((u) => u.prefixes.map((cidr) => ({ cidr, value: u })));
    // Equal routes over VPNs to a transit gateway: the customer's device spreads flows (ECMP).
    const ecmp = (tied: readonly SiteUplink[]) =>
      tied.length > 1 && tied.every(toTransitGateway) ? tied : tied.slice(0, 1);
    for (const [u, space] of prefixChoices(offers, usable[0], ecmp)) {
      const x = this.meet(b, space);
      if (x) this.uplink(u, x);
    }
  }

  private uplink(u: SiteUplink, b: Branch): void {
    if (u.via.kind === 'direct-connect') return this.vifUp(u.via.vif, this.at(b, u.via.vif));
    const vpn = u.via.vpn;
    const cgw = vpn.customerGateway;
    const x = this.at(cgw ? this.at(b, cgw) : b, vpn);
    if (vpn.vpnGateway) return this.vgwIn(vpn.vpnGateway, x, true);
    if (vpn.transitGatewayId !== undefined)
      this.tgwFromOnPremises(this.dp.hybridAttachments.get(hybridAttachmentKey(vpn.id)), x);
  }

  /** Up a virtual interface: to the VGW or transit gateway whose allowed prefixes cover best. */
  private vifUp(vif: VifNode, b: Branch): void {
    if (vif.virtualInterfaceType === 'private') {
      const offers = vif.gateways.flatMap((g) => g.allowed.map((cidr) => ({ cidr, value: g.vgw })));
      for (const [vgw, space] of prefixChoices(offers, vif.gateways[0]?.vgw)) {
        const x = this.meet(b, space);
        if (x) this.vgwIn(vgw, x, true);
      }
      return;
    }
    const dxgw = vif.directConnectGatewayId;
    if (dxgw === undefined) return;
    const offers = vif.transitGateways.flatMap((g) =>
      g.allowed.map((cidr) => ({ cidr, value: g.tgwId })),
    );
    for (const [tgwId, space] of prefixChoices(offers, vif.transitGateways[0]?.tgwId)) {
      const x = this.meet(b, space);
      if (x)
        this.tgwFromOnPremises(this.dp.hybridAttachments.get(hybridAttachmentKey(dxgw, tgwId)), x);
    }
  }

  /** Into a transit gateway by a VPN or Direct Connect gateway attachment (no AZ of entry). */
  private tgwFromOnPremises(att: TgwAttachmentNode | undefined, b0: Branch): void {
    const tgw = att && this.dp.transitGateways.get(att.gatewayIds[0] ?? '');
    if (!att || !tgw) return;
    const b = this.at(b0, att, undefined, undefined, (h) => (h.transitGateway = tgw));
    if (this.end(b, att, false)) return;
    this.tgwForward(tgw, att, b, undefined);
  }
}
