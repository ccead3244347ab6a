import type { ResourceBase } from './common.js';
import type { VpnResourceState } from './customer-gateway.js';
import type { Id } from './ids.js';
import type { Snapshot } from './snapshot.js';

/** A VPC attachment of a virtual private gateway (EC2 `VpcAttachment`). */
export interface VgwAttachment {
  readonly vpcId: Id<'vpc'>;
  readonly state: 'attaching' | 'attached' | 'detaching' | 'detached';
}

/**
 * A virtual private gateway (EC2 `VpnGateway`): the VPN concentrator on the Amazon side of a
 * Site-to-Site VPN or a Direct Connect private virtual interface, attached to one VPC at a time
 * (https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html). A detached attachment stays
 * in `vpcAttachments` as `detached`, as DescribeVpnGateways shows it.
 */
export interface VpnGateway extends ResourceBase<'vpn-gateway', Id<'vpn-gateway'>> {
  readonly type: 'ipsec.1';
  readonly state: VpnResourceState;
  readonly amazonSideAsn: number;
  readonly availabilityZone?: string;
  readonly vpcAttachments: readonly VgwAttachment[];
}

/** The Amazon-side ASN of a gateway created without one (VGWs and Direct Connect gateways). */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** True for a private ASN AWS accepts on its side: 64512–65534 or 4200000000–4294967294. */
export const isAmazonSideAsn = (n: number): boolean =>
  Number.isInteger(n) && ((n >= 64512 && n <= 65534) || (n >= 4200000000 && n <= 4294967294));

/** The VPC a gateway is attached to now, if any. */
export function attachedVpcId(vgw: VpnGateway): Id<'vpc'> | undefined {
  return vgw.vpcAttachments.find((a) => a.state === 'attached' || a.state === 'attaching')?.vpcId;
}

/** The live virtual private gateway attached to a VPC, if any (AWS allows one). */
export function vpnGatewayOfVpc(s: Snapshot, vpcId: string): VpnGateway | undefined {
  return s.find('vpnGatewaysByVpc', vpcId).find((g) => g.state === 'available');
}
