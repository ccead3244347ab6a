import type { Cidr } from '../net/index.js';
import type { OnPremisesSite } from './on-premises-site.js';
import type { Snapshot } from './snapshot.js';
import { isVifUp, type VirtualInterface } from './virtual-interface.js';
import { isVpnUp, type VpnConnection } from './vpn-connection.js';
import type { VpnGateway } from './vpn-gateway.js';

/**
 * What the Amazon side learns from on-premises: the prefixes each VPN connection or Direct
 * Connect path carries toward a site. One definition for the VPC route tables (VGW route
 * propagation), the dataplane (which path a VGW uses) and the transit gateway model (what a VPN
 * or Direct Connect gateway attachment propagates).
 */

/** The on-premises site behind a customer gateway, if one is modelled. */
export const siteBehindCustomerGateway = (s: Snapshot, cgwId: string): OnPremisesSite | undefined =>
  s.find('onPremisesSiteByCustomerGateway', cgwId)[0];

/** The on-premises site behind a virtual interface, if one is modelled. */
export const siteBehindVirtualInterface = (
  s: Snapshot,
  vifId: string,
): OnPremisesSite | undefined => s.find('onPremisesSiteByVirtualInterface', vifId)[0];

/**
 * The prefixes a VPN connection carries to its customer gateway: none unless it is available
 * with a tunnel UP; a static connection's static routes; a BGP connection's site's advertised
 * prefixes. (A static VPN on a transit gateway has no routes of its own: they live in the
 * transit gateway's route tables.)
 */
export function vpnAdvertisedPrefixes(s: Snapshot, vpn: VpnConnection): readonly Cidr[] {
  if (!isVpnUp(vpn)) return [];
  if (vpn.staticRoutesOnly) return vpn.routes.map((r) => r.destinationCidrBlock);
  return siteBehindCustomerGateway(s, vpn.customerGatewayId)?.advertisedPrefixes ?? [];
}

/** The prefixes a virtual interface carries: its site's advertised prefixes while it is up. */
export function vifAdvertisedPrefixes(s: Snapshot, vif: VirtualInterface): readonly Cidr[] {
  if (!isVifUp(vif)) return [];
  return siteBehindVirtualInterface(s, vif.id)?.advertisedPrefixes ?? [];
}

/** The live virtual interfaces of one type attached to a Direct Connect gateway. */
export function directConnectGatewayInterfaces(
  s: Snapshot,
  dxgwId: string,
  type: VirtualInterface['virtualInterfaceType'],
): VirtualInterface[] {
  return s
    .find('virtualInterfacesByGateway', dxgwId)
    .filter(
      (v) => v.directConnectGatewayId === dxgwId && v.virtualInterfaceType === type && isVifUp(v),
    );
}

/**
 * The prefixes a Direct Connect gateway learns over its virtual interfaces of one type (private
 * ones serve virtual private gateways, transit ones serve transit gateways).
 */
export function directConnectGatewayAdvertisedPrefixes(
  s: Snapshot,
  dxgwId: string,
  type: VirtualInterface['virtualInterfaceType'] = 'transit',
): Cidr[] {
  return directConnectGatewayInterfaces(s, dxgwId, type).flatMap((v) => [
    ...vifAdvertisedPrefixes(s, v),
  ]);
}

/** One way a virtual private gateway can reach a prefix. */
export type VgwPath =
  | { readonly kind: 'vpn'; readonly vpn: VpnConnection }
  | {
      readonly kind: 'direct-connect';
      readonly vif: VirtualInterface;
      readonly directConnectGatewayId: string | undefined;
    };

/** A prefix a virtual private gateway has learned and the path it learned it over. */
export interface VgwLearnedRoute {
  readonly destination: Cidr;
  readonly path: VgwPath;
  /** AWS's preference among propagated paths: Direct Connect BGP, then VPN static, then VPN BGP. */
  readonly preference: 0 | 1 | 2;
}

/** The private virtual interfaces that reach a VGW, directly or through a Direct Connect gateway. */
function privateInterfacesOf(
  s: Snapshot,
  vgw: VpnGateway,
): { vif: VirtualInterface; dxgw?: string }[] {
  const direct = s
    .find('virtualInterfacesByGateway', vgw.id)
    .filter((v) => v.virtualGatewayId === vgw.id && isVifUp(v))
    .map((vif) => ({ vif }));
  const viaGateway = s
    .find('directConnectGatewaysByAssociatedGateway', vgw.id)
    .filter((g) => g.directConnectGatewayState === 'available')
    .flatMap((g) =>
      directConnectGatewayInterfaces(s, g.id, 'private').map((vif) => ({ vif, dxgw: g.id })),
    );
  return [...direct, ...viaGateway];
}

/**
 * Everything a virtual private gateway has learned, best path first for each prefix: Direct
 * Connect, then static VPNs, then BGP VPNs (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html);
 * within a class, connections in id order, so the choice is deterministic.
 */
export function vgwLearnedRoutes(s: Snapshot, vgw: VpnGateway): VgwLearnedRoute[] {
  const out: VgwLearnedRoute[] = [];
  for (const { vif, dxgw } of privateInterfacesOf(s, vgw)) {
    for (const destination of vifAdvertisedPrefixes(s, vif)) {
      out.push({
        destination,
        path: { kind: 'direct-connect', vif, directConnectGatewayId: dxgw },
        preference: 0,
      });
    }
  }
  const vpns = s
    .find('vpnConnectionsByVpnGateway', vgw.id)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const vpn of vpns) {
    const preference = vpn.staticRoutesOnly ? 1 : 2;
    for (const destination of vpnAdvertisedPrefixes(s, vpn)) {
      out.push({ destination, path: { kind: 'vpn', vpn }, preference });
    }
  }
  return out.sort((a, b) => a.preference - b.preference);
}

/** A transit gateway attachment's far side, as the transit gateway model names it. */
export type OnPremisesAttachment =
  | { readonly type: 'vpn'; readonly vpnConnectionId: string }
  | { readonly type: 'direct-connect-gateway'; readonly directConnectGatewayId: string };

/**
 * The prefixes an attachment of type `vpn` or `direct-connect-gateway` brings from on premises:
 * the one function a transit gateway's propagation reads. A VPN carries its BGP site's
 * advertised prefixes (static routes of a TGW VPN live in the TGW's route tables); a Direct
 * Connect gateway what its transit virtual interfaces' sites advertise.
 */
export function attachmentAdvertisedPrefixes(
  s: Snapshot,
  attachment: OnPremisesAttachment,
): readonly Cidr[] {
  if (attachment.type === 'direct-connect-gateway') {
    return directConnectGatewayAdvertisedPrefixes(s, attachment.directConnectGatewayId, 'transit');
  }
  const vpn = s.get('vpn-connection', attachment.vpnConnectionId);
  return vpn ? vpnAdvertisedPrefixes(s, vpn) : [];
}
