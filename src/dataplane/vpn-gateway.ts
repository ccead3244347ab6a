import { addressOwner, addressSetHas } from './eni.js';
import { pass, refuse, type Verdict } from './explanation.js';
import type { Origin } from './graph.js';
import type { SiteNode, SiteUplink, VgwNode, VgwRoute, VgwHop, VifNode } from './hybrid-graph.js';
import { flowHash, type Packet } from './packet.js';

/**
 * The virtual private gateway and on-premises functions (D45). Toward on premises a VGW takes
 * traffic that originates in its VPC (or comes from another of its VPN connections, as VPN
 * CloudHub does) and sends it down the best path it learned for the destination. From on
 * premises a site sends traffic up the uplink whose AWS prefixes cover the destination.
 * https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html
 */

/** Whether a VGW accepts a packet routed to it from its VPC. */
export function vgwEgress(vgw: VgwNode, p: Packet, origin: Origin): Verdict {
  if (!vgw.available || !vgw.vpc) {
    return refuse({ code: 'BAD_STATE', state: vgw.available ? 'detached' : 'deleted' });
  }
  // Edge to edge: what came in by a peering, the internet, a gateway endpoint or a transit
  // gateway cannot leave by the VPN (spec §3.5); VPN-to-VPN through one VGW is CloudHub.
  if (origin !== 'vpc' && origin !== 'vpn') {
    return refuse({
      code: 'GATEWAY_REJECTS_SPOOFED_TRAFFIC',
      direction: 'egress',
      packetField: 'source-address',
      address: p.src,
    });
  }
  if (origin === 'vpc' && !addressOwner(vgw.vpc, p.src)) {
    return refuse({
      code: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS',
      packetField: 'source-address',
      address: p.src,
    });
  }
  return pass(p);
}

/** The route a VGW uses toward on premises for a destination (IPv4 only), if it learned one. */
export function vgwRoute(vgw: VgwNode, p: Packet): VgwRoute | undefined {
  return p.dst.family === 4 ? vgw.routes.lpm(p.dst)?.value : undefined;
}

/** True for a VPN uplink that ends on a transit gateway. */
export const toTransitGateway = (u: SiteUplink): boolean =>
  u.via.kind === 'vpn' && u.via.vpn.transitGatewayId !== undefined;

/** True when an uplink can carry traffic now (a VPN with a tunnel up, a virtual interface up). */
export const uplinkUp = (u: SiteUplink): boolean =>
  u.via.kind === 'vpn' ? u.via.vpn.up : u.via.vif.up;

/** The prefix length with which an uplink covers a destination, or -1. */
function cover(u: SiteUplink, p: Packet): number {
  let best = -1;
  for (const c of u.prefixes) if (c.prefix > best && c.contains(p.dst)) best = c.prefix;
  return best;
}

/**
 * The uplink a site sends a packet up: the longest AWS prefix covering the destination among
 * the uplinks that are up (Direct Connect before VPN on a tie); else, as a site whose only way
 * out the twin knows is AWS, its first uplink that is up (D45). Undefined when none is up; the
 * first uplink is then returned as `down` so the walk can name it.
 */
export function siteUplink(
  site: SiteNode,
  p: Packet,
): { readonly uplink: SiteUplink } | { readonly down: SiteUplink } | undefined {
  let best: SiteUplink | undefined;
  let bestLength = -1;
  const ties: SiteUplink[] = [];
  for (const u of site.uplinks) {
    if (!uplinkUp(u)) continue;
    const length = cover(u, p);
    if (length > bestLength) {
      best = u;
      bestLength = length;
      ties.length = 0;
    }
    if (length === bestLength && length >= 0) ties.push(u);
  }
  // Equal BGP routes over several VPNs to one transit gateway: the customer's device spreads
  // flows over them (ECMP), by the same symmetric flow hash the gateway uses (D72).
  if (ties.length > 1 && ties.every(toTransitGateway)) best = ties[flowHash(p) % ties.length];
  const chosen = best ?? site.uplinks.find(uplinkUp);
  if (chosen) return { uplink: chosen };
  const first = site.uplinks[0];
  return first ? { down: first } : undefined;
}

/** Whether a site owns a destination address (it is inside one of its blocks). */
export const siteOwns = (site: SiteNode, p: Packet): boolean => addressSetHas(site.blocks, p.dst);

/** The VGW a virtual interface hands a packet to: the one whose allowed prefixes cover it best. */
export function vifGateway(
  via: Extract<VgwHop, { kind: 'direct-connect' }>,
  p: Packet,
): VgwNode | undefined {
  let best: VgwNode | undefined;
  let bestLength = -1;
  for (const g of via.vif.gateways) {
    for (const c of g.allowed) {
      if (c.prefix > bestLength && c.contains(p.dst)) {
        best = g.vgw;
        bestLength = c.prefix;
      }
    }
  }
  return best ?? via.vif.gateways[0]?.vgw;
}

/**
 * The transit gateway a transit virtual interface hands a packet to: the one whose Direct
 * Connect gateway association allows the longest prefix covering the destination, else the
 * first (D72).
 */
export function vifTransitGateway(vif: VifNode, p: Packet): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const g of vif.transitGateways) {
    for (const c of g.allowed) {
      if (c.prefix > bestLength && c.contains(p.dst)) {
        best = g.tgwId;
        bestLength = c.prefix;
      }
    }
  }
  return best ?? vif.transitGateways[0]?.tgwId;
}
