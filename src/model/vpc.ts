import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';
import type { Snapshot } from './snapshot.js';

/** An IPv4 block of a VPC (the primary one is the first). */
export interface VpcCidrBlockAssociation {
  readonly associationId: Id<'vpc-cidr-association'>;
  readonly cidrBlock: Cidr;
  readonly cidrBlockState: { readonly state: 'associated' };
}

/** An IPv6 block of a VPC (Amazon-provided: a /56). */
export interface VpcIpv6CidrBlockAssociation {
  readonly associationId: Id<'vpc-cidr-association'>;
  readonly ipv6CidrBlock: Cidr;
  readonly ipv6Pool: string;
  readonly networkBorderGroup: string;
  readonly ipv6CidrBlockState: { readonly state: 'associated' };
}

/** A VPC (EC2 `Vpc`). */
export interface Vpc extends ResourceBase<'vpc', Id<'vpc'>> {
  /** The primary IPv4 block; it cannot be disassociated. */
  readonly cidrBlock: Cidr;
  readonly cidrBlockAssociationSet: readonly VpcCidrBlockAssociation[];
  readonly ipv6CidrBlockAssociationSet: readonly VpcIpv6CidrBlockAssociation[];
  readonly instanceTenancy: 'default' | 'dedicated';
  readonly isDefault: boolean;
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
  readonly state: 'available';
}

/** Every IPv4 block of a VPC. */
export const vpcIpv4Cidrs = (vpc: Vpc): Cidr[] =>
  vpc.cidrBlockAssociationSet.map((a) => a.cidrBlock);

/** Every IPv6 block of a VPC. */
export const vpcIpv6Cidrs = (vpc: Vpc): Cidr[] =>
  vpc.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock);

/** Every block of a VPC, IPv4 then IPv6. */
export const vpcCidrs = (vpc: Vpc): Cidr[] => [...vpcIpv4Cidrs(vpc), ...vpcIpv6Cidrs(vpc)];

/** The account's default VPC in a Region, if it has one. */
export function defaultVpcOf(s: Snapshot, accountId: string, region: string): Vpc | undefined {
  return s.find('vpcsByOwnerRegion', `${accountId}|${region}`).find((v) => v.isDefault);
}
