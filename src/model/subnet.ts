import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** An IPv6 block of a subnet (a /64 from one of the VPC's blocks). */
export interface SubnetIpv6CidrBlockAssociation {
  readonly associationId: Id<'subnet-cidr-association'>;
  readonly ipv6CidrBlock: Cidr;
  readonly ipv6CidrBlockState: { readonly state: 'associated' };
}

/** A subnet (EC2 `Subnet`): IPv4-only, dual-stack, or IPv6-only (`ipv6Native`). */
export interface Subnet extends ResourceBase<'subnet', Id<'subnet'>> {
  readonly vpcId: Id<'vpc'>;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  /** Absent for IPv6-only subnets. */
  readonly cidrBlock?: Cidr;
  readonly ipv6CidrBlockAssociationSet: readonly SubnetIpv6CidrBlockAssociation[];
  readonly ipv6Native: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly assignIpv6AddressOnCreation: boolean;
  readonly enableDns64: boolean;
  readonly defaultForAz: boolean;
  readonly state: 'available';
}

/** AWS reserves the first four addresses and the last one of every subnet block. */
export const SUBNET_RESERVED_ADDRESSES = 5;

/** The subnet's IPv6 blocks. */
export const subnetIpv6Cidrs = (s: Subnet): Cidr[] =>
  s.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock);

/** The subnet's blocks, IPv4 first. */
export const subnetCidrs = (s: Subnet): Cidr[] => [
  ...(s.cidrBlock ? [s.cidrBlock] : []),
  ...subnetIpv6Cidrs(s),
];
