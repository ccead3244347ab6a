import { addressOwner, addressSetHas } from './eni.js';
import type { Node } from './graph.js';
import { type Packet } from './packet.js';
import { hop, type Walk } from './path.js';
import type { SiteNode, VgwNode, VifNode, VpnNode } from './hybrid-graph.js';
import { siteOwns, siteUplink, vgwEgress, vgwRoute, vifGateway } from './vpn-gateway.js';
import { CoreWalker, type DropExtras } from './forward-core.js';

/** The walk across hybrid links: VGW ⇄ VPN connection / virtual interface ⇄ on-premises site (D45). */
export abstract class HybridWalker extends CoreWalker {
  /** Up a VPN connection that ends on a transit gateway (forward-transit-gateway.ts, D72). */
  protected abstract tgwFromVpn(vpn: VpnNode, p: Packet): Walk;

  /** Up a transit virtual interface, into a transit gateway (forward-transit-gateway.ts, D72). */
  protected abstract tgwFromDirectConnect(vif: VifNode, p: Packet): Walk;

  // -------------------------------------------------------------------------------------------
  // Hybrid connectivity (D45): VGW ⇄ VPN connection / virtual interface ⇄ on-premises site.

  /** A packet routed to a VGW from its VPC: down the best path it learned, to the site. */
  protected vgwOut(vgw: VgwNode, p: Packet): Walk {
    const h = this.push(hop(vgw, vgw.vpc));
    h.inbound = p;
    const where: DropExtras = { vpnGateway: vgw, vpc: vgw.vpc };
    const v = vgwEgress(vgw, p, this.origin);
    if (!v.ok) return this.drop(p, vgw, v, where);
    const r = vgwRoute(vgw, p);
    if (!r) {
      return this.drop(
        p,
        vgw,
        { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
        where,
      );
    }
    h.outbound = p;
    if (r.via.kind === 'direct-connect') {
      const vif = r.via.vif;
      this.push(hop(vif)).inbound = p;
      return vif.site ? this.siteIn(vif.site, p) : this.noSite(vif, p, where);
    }
    const vpn = r.via.vpn;
    const x = this.push(hop(vpn));
    x.inbound = p;
    x.outbound = p;
    const cgw = vpn.customerGateway;
    if (!cgw) return this.noSite(vpn, p, { ...where, vpnConnection: vpn });
    this.push(hop(cgw)).inbound = p;
    return cgw.site
      ? this.siteIn(cgw.site, p)
      : this.noSite(cgw, p, { ...where, vpnConnection: vpn, customerGateway: cgw });
  }

  /** Nothing is modelled behind a customer gateway or virtual interface: the path ends unknown. */
  protected noSite(at: Node, p: Packet, where: DropExtras): Walk {
    return this.drop(p, at, { code: 'UNKNOWN_DESTINATION' }, where);
  }

  /** Arrival at a site: delivered when the destination is inside its blocks. */
  protected siteIn(site: SiteNode, p: Packet): Walk {
    this.push(hop(site)).inbound = p;
    if (!siteOwns(site, p)) {
      return this.drop(
        p,
        site,
        { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst },
        {},
      );
    }
    return this.done(p, { kind: 'on-premises', site });
  }

  /** A packet leaving an on-premises site: up an uplink to a VGW, then into the VPC. */
  siteOut(site: SiteNode, p: Packet): Walk {
    this.push(hop(site)).outbound = p;
    this.origin = 'vpn';
    const chosen = siteUplink(site, p);
    if (!chosen) {
      return this.drop(
        p,
        site,
        { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
        {},
      );
    }
    const uplink = 'uplink' in chosen ? chosen.uplink : chosen.down;
    if (uplink.via.kind === 'direct-connect') {
      const vif = uplink.via.vif;
      const h = this.push(hop(vif));
      h.inbound = p;
      if (!vif.up) return this.drop(p, vif, { code: 'BAD_STATE', state: 'deleted' }, {});
      h.outbound = p;
      if (vif.virtualInterfaceType === 'transit') return this.tgwFromDirectConnect(vif, p);
      const vgw = vifGateway(uplink.via, p);
      return vgw ? this.vgwIn(vgw, p) : this.noSite(vif, p, {});
    }
    const vpn = uplink.via.vpn;
    if (vpn.customerGateway) this.push(hop(vpn.customerGateway)).outbound = p;
    const h = this.push(hop(vpn));
    h.inbound = p;
    const where: DropExtras = { vpnConnection: vpn, customerGateway: vpn.customerGateway };
    if (!vpn.up)
      return this.drop(
        p,
        vpn,
        {
          // RA's code for a VPN of a transit gateway is its own (D72).
          code: vpn.transitGatewayId !== undefined ? 'TGW_BAD_STATE_VPN' : 'BAD_STATE_VPN',
          state: vpn.state === 'available' ? 'DOWN' : vpn.state,
        },
        where,
      );
    h.outbound = p;
    if (vpn.vpnGateway) return this.vgwIn(vpn.vpnGateway, p);
    return vpn.transitGatewayId !== undefined
      ? this.tgwFromVpn(vpn, p)
      : this.noSite(vpn, p, where);
  }

  /**
   * Traffic entering a VPC through its VGW: steered by the gateway's edge route table if it has
   * one; else delivered by the local route; else (an address outside the VPC) looked up in the
   * main route table, where the edge-to-edge rules stop it (D45).
   */
  protected vgwIn(vgw: VgwNode, p: Packet): Walk {
    const h = this.push(hop(vgw, vgw.vpc));
    h.inbound = p;
    const vpc = vgw.vpc;
    if (!vgw.available || !vpc) {
      return this.drop(
        p,
        vgw,
        { code: 'BAD_STATE', state: vgw.available ? 'detached' : 'deleted' },
        { vpnGateway: vgw },
      );
    }
    h.outbound = p;
    this.origin = 'vpn';
    if (vgw.edgeRouteTable) return this.route(vgw.edgeRouteTable, p, undefined);
    if (addressSetHas(vpc.blocks, p.dst)) {
      const owner = addressOwner(vpc, p.dst);
      if (!owner) {
        return this.drop(
          p,
          vgw,
          {
            code: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
            packetField: 'destination-address',
            address: p.dst,
          },
          { vpnGateway: vgw, vpc },
        );
      }
      return this.arrive(owner, p, true);
    }
    if (vgw.mainRouteTable) return this.route(vgw.mainRouteTable, p, undefined);
    return this.drop(
      p,
      vgw,
      { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
      { vpnGateway: vgw, vpc },
    );
  }
}
