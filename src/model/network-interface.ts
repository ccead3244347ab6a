import type { Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** A public IPv4 mapped 1:1 to a private IPv4 by the internet gateway. */
export interface PublicIpAssociation {
  readonly publicIp: Ip;
  /** `amazon` for an auto-assigned address, else the EIP owner's account. */
  readonly ipOwnerId: string;
  readonly allocationId?: Id<'elastic-ip'>;
  readonly associationId?: Id<'elastic-ip-association'>;
}

/** One private IPv4 of an ENI. */
export interface PrivateIpAddress {
  readonly privateIpAddress: Ip;
  readonly primary: boolean;
  readonly association?: PublicIpAssociation;
}

/** What kind of thing owns an ENI (EC2 `NetworkInterfaceType`, subset). */
export type InterfaceType =
  | 'interface'
  | 'efa'
  | 'efa-only'
  | 'trunk'
  | 'nat_gateway'
  | 'vpc_endpoint'
  | 'gateway_load_balancer_endpoint'
  | 'transit_gateway'
  | 'lambda'
  | 'network_load_balancer'
  | 'gateway_load_balancer';

/** An elastic network interface (EC2 `NetworkInterface`). */
export interface NetworkInterface extends ResourceBase<
  'network-interface',
  Id<'network-interface'>
> {
  readonly vpcId: Id<'vpc'>;
  readonly subnetId: Id<'subnet'>;
  readonly availabilityZone: string;
  readonly description: string;
  readonly interfaceType: InterfaceType;
  readonly macAddress: string;
  /** Absent on ENIs in IPv6-only subnets. */
  readonly privateIpAddress?: Ip;
  readonly privateIpAddresses: readonly PrivateIpAddress[];
  readonly ipv6Addresses: readonly { readonly ipv6Address: Ip }[];
  readonly groups: readonly Id<'security-group'>[];
  readonly sourceDestCheck: boolean;
  readonly requesterManaged: boolean;
  readonly requesterId?: string;
  readonly attachment?: {
    readonly attachmentId: Id<'network-interface-attachment'>;
    readonly instanceId: Id<'instance'>;
    readonly deviceIndex: number;
    readonly deleteOnTermination: boolean;
    readonly status: 'attached';
  };
  readonly status: 'available' | 'in-use';
}

/** The public IPv4 of an ENI's primary private address, if it has one. */
export function primaryPublicIp(eni: NetworkInterface): Ip | undefined {
  return eni.privateIpAddresses.find((p) => p.primary)?.association?.publicIp;
}
