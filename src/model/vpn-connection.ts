import type { Cidr, Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { VpnResourceState } from './customer-gateway.js';
import type { Id } from './ids.js';

/**
 * One of the two IPsec tunnels of a VPN connection: its Amazon-side outside address and its
 * /30 inside CIDR from 169.254.0.0/16. `status` is AWS's `VgwTelemetry.Status`; in the twin it
 * is set, not observed (D42): tunnels are UP unless a topology or test takes one down.
 */
export interface VpnTunnel {
  readonly outsideIpAddress: Ip;
  readonly tunnelInsideCidr: Cidr;
  readonly status: 'UP' | 'DOWN';
}

/** A static route of a VPN connection (EC2 `VpnStaticRoute`). */
export interface VpnStaticRoute {
  readonly destinationCidrBlock: Cidr;
  readonly source: 'Static';
  readonly state: 'available';
}

/**
 * A Site-to-Site VPN connection (EC2 `VpnConnection`) between a customer gateway and either a
 * virtual private gateway or a transit gateway. Routing is static (`staticRoutesOnly`: the
 * connection's static routes) or dynamic (BGP: the prefixes the site behind the customer
 * gateway advertises). A transit gateway id is kept as data for the transit gateway model.
 */
export interface VpnConnection extends ResourceBase<'vpn-connection', Id<'vpn-connection'>> {
  readonly customerGatewayId: Id<'customer-gateway'>;
  readonly vpnGatewayId?: Id<'vpn-gateway'>;
  readonly transitGatewayId?: string;
  readonly type: 'ipsec.1';
  readonly category: 'VPN';
  readonly state: VpnResourceState;
  readonly staticRoutesOnly: boolean;
  readonly localIpv4NetworkCidr: Cidr;
  readonly remoteIpv4NetworkCidr: Cidr;
  readonly tunnels: readonly [VpnTunnel, VpnTunnel];
  readonly routes: readonly VpnStaticRoute[];
}

/** True when traffic can cross the connection: available, with at least one tunnel UP. */
export const isVpnUp = (v: VpnConnection): boolean =>
  v.state === 'available' && v.tunnels.some((t) => t.status === 'UP');

/** The tunnel traffic takes: the first that is UP (AWS uses one active tunnel per direction). */
export const activeTunnel = (v: VpnConnection): VpnTunnel | undefined =>
  v.state === 'available' ? v.tunnels.find((t) => t.status === 'UP') : undefined;
