import { Cidr, type Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** One address of a NAT gateway: a private IPv4 on its ENI and, if public, an EIP. */
export interface NatGatewayAddress {
  readonly networkInterfaceId: Id<'network-interface'>;
  readonly privateIp: Ip;
  readonly allocationId?: Id<'elastic-ip'>;
  readonly publicIp?: Ip;
  readonly associationId?: Id<'elastic-ip-association'>;
  readonly isPrimary: boolean;
  readonly status: 'succeeded';
}

/**
 * A NAT gateway (EC2 `NatGateway`). A deleted gateway stays visible in state `deleted`, so the
 * routes that still point at it show as blackholes, as in AWS.
 */
export interface NatGateway extends ResourceBase<'nat-gateway', Id<'nat-gateway'>> {
  readonly vpcId: Id<'vpc'>;
  readonly subnetId: Id<'subnet'>;
  readonly connectivityType: 'public' | 'private';
  readonly state: 'available' | 'deleted';
  readonly natGatewayAddresses: readonly NatGatewayAddress[];
  readonly createTime: string;
  readonly deleteTime?: string;
}

/**
 * The NAT64 Well-Known Prefix (RFC 6052): the only IPv6 destinations a NAT gateway translates,
 * so the only IPv6 destinations a route to a NAT gateway may have.
 */
export const NAT64_PREFIX = Cidr.parse('64:ff9b::/96') as Cidr;
