import type { Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** Lifecycle states of customer gateways, virtual private gateways and VPN connections. */
export type VpnResourceState = 'pending' | 'available' | 'deleting' | 'deleted';

/**
 * A customer gateway (EC2 `CustomerGateway`): AWS's record of the device at the customer's
 * end of a Site-to-Site VPN — its outside address and BGP ASN. The twin reaches `available`
 * at once (no time passes between calls, D13); a deleted gateway stays visible as `deleted`,
 * as in AWS (https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html).
 */
export interface CustomerGateway extends ResourceBase<'customer-gateway', Id<'customer-gateway'>> {
  readonly bgpAsn: number;
  readonly ipAddress: Ip;
  readonly type: 'ipsec.1';
  readonly state: VpnResourceState;
  readonly deviceName?: string;
  readonly certificateArn?: string;
}

/** The BGP ASN AWS gives a customer gateway created without one. */
export const DEFAULT_CUSTOMER_GATEWAY_ASN = 65000;

/** True unless the resource has been deleted (or is being deleted). */
export const isLive = (r: { readonly state: VpnResourceState }): boolean =>
  r.state === 'pending' || r.state === 'available';
