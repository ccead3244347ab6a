import type { Cidr, Family } from '../net/index.js';
import type { ResourceBase, Tag } from './common.js';
import type { Id, RegionName } from './ids.js';

/**
 * VPC IP Address Manager (spec §6): an IPAM, its scopes, its pools (each holding its pool
 * CIDRs) and the allocations made from pools. Allocations are resources of their own, not a
 * list inside the pool, so that a pool with 100,000 allocations does not rewrite them all, and
 * log them all, on every allocation.
 */

/** The lifecycle states AWS shows; the twin's changes complete at once (D101). */
export type IpamState = 'create-complete' | 'modify-complete' | 'delete-complete';

/** An IPAM (EC2 `Ipam`): one per account and Region, with its operating Regions. */
export interface Ipam extends ResourceBase<'ipam', Id<'ipam'>> {
  readonly description?: string;
  readonly operatingRegions: readonly RegionName[];
  readonly tier: 'free' | 'advanced';
  readonly enablePrivateGua: boolean;
  readonly publicDefaultScopeId: Id<'ipam-scope'>;
  readonly privateDefaultScopeId: Id<'ipam-scope'>;
  readonly defaultResourceDiscoveryId: Id<'ipam-resource-discovery'>;
  readonly defaultResourceDiscoveryAssociationId: Id<'ipam-resource-discovery-association'>;
  readonly state: IpamState;
}

/** A resource CIDR an operator exempted (ModifyIpamResourceCidr `Monitored=false`). */
export interface IgnoredResourceCidr {
  readonly resourceId: string;
  readonly resourceCidr: Cidr;
}

/** An IPAM scope (EC2 `IpamScope`): the space in which overlap is judged. */
export interface IpamScope extends ResourceBase<'ipam-scope', Id<'ipam-scope'>> {
  readonly ipamId: Id<'ipam'>;
  readonly ipamScopeType: 'public' | 'private';
  readonly isDefault: boolean;
  readonly description?: string;
  readonly state: IpamState;
  /** Resource CIDRs set to `ignored` in this scope. */
  readonly ignoredResourceCidrs: readonly IgnoredResourceCidr[];
}

export type IpamPoolCidrState =
  | 'pending-provision'
  | 'provisioned'
  | 'failed-provision'
  | 'pending-deprovision'
  | 'deprovisioned'
  | 'failed-deprovision'
  | 'pending-import'
  | 'failed-import';

/** A CIDR provisioned to a pool (EC2 `IpamPoolCidr`). */
export interface IpamPoolCidr {
  readonly ipamPoolCidrId: Id<'ipam-pool-cidr'>;
  readonly cidr: Cidr;
  readonly state: IpamPoolCidrState;
  /**
   * The BYOIP authorization a public CIDR was provisioned with. AWS never shows it; the twin
   * keeps it so that an exported topology provisions the CIDR again (D117).
   */
  readonly cidrAuthorizationContext?: { readonly message: string; readonly signature: string };
}

export type IpamAddressFamily = 'ipv4' | 'ipv6';

/** An IPAM pool (EC2 `IpamPool`); `locale` undefined is AWS's `None`. */
export interface IpamPool extends ResourceBase<'ipam-pool', Id<'ipam-pool'>> {
  readonly ipamId: Id<'ipam'>;
  readonly ipamScopeId: Id<'ipam-scope'>;
  readonly ipamScopeType: 'public' | 'private';
  readonly sourceIpamPoolId?: Id<'ipam-pool'>;
  readonly locale?: RegionName;
  /** 1 for a top-level pool; AWS allows at most 10. */
  readonly poolDepth: number;
  readonly description?: string;
  readonly addressFamily: IpamAddressFamily;
  readonly autoImport: boolean;
  readonly publiclyAdvertisable?: boolean;
  readonly allocationMinNetmaskLength?: number;
  readonly allocationMaxNetmaskLength?: number;
  readonly allocationDefaultNetmaskLength?: number;
  readonly allocationResourceTags: readonly Tag[];
  readonly awsService?: 'ec2' | 'global-services';
  readonly publicIpSource?: 'amazon' | 'byoip';
  readonly state: IpamState;
  /** Provisioned (and deprovisioned, still listed) CIDRs, in the order they were added. */
  readonly cidrs: readonly IpamPoolCidr[];
}

export type IpamAllocationResourceType =
  'ipam-pool' | 'vpc' | 'ec2-public-ipv4-pool' | 'custom' | 'subnet' | 'eip' | 'anycast-ip-list';

/** A CIDR allocated from a pool (EC2 `IpamPoolAllocation`); stored with the pool's owner and Region. */
export interface IpamPoolAllocation extends ResourceBase<
  'ipam-pool-allocation',
  Id<'ipam-pool-allocation'>
> {
  readonly ipamPoolId: Id<'ipam-pool'>;
  readonly cidr: Cidr;
  readonly description?: string;
  readonly resourceType: IpamAllocationResourceType;
  readonly resourceId?: string;
  readonly resourceRegion?: RegionName;
  readonly resourceOwner?: string;
}

/** AWS quotas for IPAM (https://docs.aws.amazon.com/vpc/latest/ipam/quotas-ipam.html). */
export const IPAM_QUOTAS = {
  scopesPerIpam: 5,
  poolsPerScope: 50,
  poolDepth: 10,
  cidrsPerPool: 50,
  operatingRegions: 50,
} as const;

/** The address family of a pool as an IP family. */
export const poolFamily = (p: IpamPool): Family => (p.addressFamily === 'ipv4' ? 4 : 6);

/** The pool's CIDRs in state `provisioned`. */
export const provisionedCidrs = (p: IpamPool): Cidr[] =>
  p.cidrs.filter((c) => c.state === 'provisioned').map((c) => c.cidr);

/** EC2's ARN of an IPAM resource (`arn:aws:ec2::123456789012:ipam-pool/ipam-pool-…`): global. */
export function ipamArn(
  type: 'ipam' | 'ipam-scope' | 'ipam-pool',
  owner: string,
  id: string,
): string {
  return `arn:aws:ec2::${owner}:${type}/${id}`;
}

/**
 * True when a block held by a resource keeps its pool's rules (spec §6.2 "noncompliant"
 * otherwise): netmask within the limits, the resource in the pool's locale, the required tags
 * on the resource.
 */
export function keepsPoolRules(
  pool: IpamPool,
  cidr: Cidr,
  region: string,
  tags: readonly Tag[],
): boolean {
  const min = pool.allocationMinNetmaskLength;
  const max = pool.allocationMaxNetmaskLength;
  if (min !== undefined && cidr.prefix < min) return false;
  if (max !== undefined && cidr.prefix > max) return false;
  if (pool.locale !== region) return false;
  return pool.allocationResourceTags.every((r) =>
    tags.some((t) => t.key === r.key && t.value === r.value),
  );
}
