import { nameTag, type Tag } from '../model/common.js';
import {
  keepsPoolRules as compliant,
  type Ipam,
  type IpamPool,
  type IpamScope,
} from '../model/ipam.js';
import type { Snapshot } from '../model/snapshot.js';
import { subnetIpv6Cidrs } from '../model/subnet.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs } from '../model/vpc.js';
import type { Cidr } from '../net/index.js';
import { overlapFlags, type OwnedCidr } from './overlap.js';

export type ManagementState = 'managed' | 'unmanaged' | 'ignored';
export type ComplianceStatus = 'compliant' | 'noncompliant' | 'unmanaged' | 'ignored';
export type OverlapStatus = 'overlapping' | 'nonoverlapping' | 'ignored';

/** One row of GetIpamResourceCidrs (EC2 `IpamResourceCidr`). */
export interface ResourceCidrRow {
  readonly ipamId: string;
  readonly ipamScopeId: string;
  readonly ipamPoolId?: string;
  readonly resourceRegion: string;
  readonly resourceOwnerId: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly resourceCidr: Cidr;
  readonly resourceType: 'vpc' | 'subnet';
  readonly resourceTags: readonly Tag[];
  /** 0–1; absent where AWS reports none (IPv6 subnets). */
  readonly ipUsage?: number;
  readonly complianceStatus: ComplianceStatus;
  readonly managementState: ManagementState;
  readonly overlapStatus: OverlapStatus;
  readonly vpcId: string;
  readonly availabilityZoneId?: string;
}

/** A discovered resource CIDR before its statuses are worked out. */
interface Discovered {
  /** Its statuses are filled in once the scope's overlaps are known (one object per row). */
  readonly row: { -readonly [K in keyof ResourceCidrRow]: ResourceCidrRow[K] };
  readonly pool?: IpamPool;
  readonly scopeId: string;
  readonly ignored: boolean;
}

/** The fraction of a block covered by the given blocks inside it. */
const coverage = (block: Cidr, inside: readonly Cidr[]): number => {
  let used = 0n;
  for (const c of inside) if (block.containsCidr(c)) used += c.size;
  return Number((used * 1_000_000n) / block.size) / 1_000_000;
};

/**
 * Every VPC and subnet CIDR the IPAM discovers (its owner's, in its operating Regions), with
 * the scope it falls in (D109): the scope of the pool it was allocated from, else the private
 * default scope for IPv4 and the public default scope for IPv6.
 */
function discover(s: Snapshot, ipam: Ipam): Discovered[] {
  const scopes = new Map<string, IpamScope>(
    s.find('ipamScopesByIpam', ipam.id).map((sc) => [sc.id, sc]),
  );
  const ignoredIn = (scopeId: string, id: string, cidr: Cidr) =>
    scopes
      .get(scopeId)
      ?.ignoredResourceCidrs.some((i) => i.resourceId === id && i.resourceCidr.equals(cidr)) ??
    false;
  const out: Discovered[] = [];
  for (const region of ipam.operatingRegions) {
    for (const vpc of s.find('vpcsByOwnerRegion', `${ipam.ownerId}|${region}`)) {
      const allocations = s.find('ipamAllocationsByResource', vpc.id);
      const subnets = s.find('subnetsByVpc', vpc.id);
      const add = (
        id: string,
        type: 'vpc' | 'subnet',
        cidr: Cidr,
        tags: readonly Tag[],
        ipUsage: number | undefined,
        azId?: string,
      ) => {
        const alloc =
          type === 'vpc'
            ? allocations.find((a) => a.resourceType === 'vpc' && a.cidr.equals(cidr))
            : undefined;
        const pool = alloc && s.get('ipam-pool', alloc.ipamPoolId);
        const managed = pool && pool.ipamId === ipam.id ? pool : undefined;
        const scopeId =
          managed?.ipamScopeId ??
          (cidr.family === 4 ? ipam.privateDefaultScopeId : ipam.publicDefaultScopeId);
        const name = nameTag({ tags });
        out.push({
          row: {
            ipamId: ipam.id,
            resourceRegion: region,
            resourceOwnerId: vpc.ownerId,
            resourceId: id,
            ...(name !== undefined ? { resourceName: name } : {}),
            resourceCidr: cidr,
            resourceType: type,
            resourceTags: tags,
            ...(ipUsage !== undefined ? { ipUsage } : {}),
            vpcId: vpc.id,
            ...(azId !== undefined ? { availabilityZoneId: azId } : {}),
            ipamScopeId: scopeId,
            ...(managed ? { ipamPoolId: managed.id } : {}),
            managementState: 'unmanaged',
            complianceStatus: 'unmanaged',
            overlapStatus: 'nonoverlapping',
          },
          ...(managed ? { pool: managed } : {}),
          scopeId,
          ignored: ignoredIn(scopeId, id, cidr),
        });
      };
      const subnetV4 = subnets.flatMap((sn) => (sn.cidrBlock ? [sn.cidrBlock] : []));
      const subnetV6 = subnets.flatMap(subnetIpv6Cidrs);
      for (const c of vpcIpv4Cidrs(vpc)) add(vpc.id, 'vpc', c, vpc.tags, coverage(c, subnetV4));
      for (const c of vpcIpv6Cidrs(vpc)) add(vpc.id, 'vpc', c, vpc.tags, coverage(c, subnetV6));
      for (const sn of subnets) {
        if (sn.cidrBlock) {
          let used = 0;
          for (const eni of s.find('networkInterfacesBySubnet', sn.id)) {
            used += eni.privateIpAddresses.length;
          }
          const usage = Math.min(1, used / Number(sn.cidrBlock.size));
          add(sn.id, 'subnet', sn.cidrBlock, sn.tags, usage, sn.availabilityZoneId);
        }
        for (const c of subnetIpv6Cidrs(sn)) {
          add(sn.id, 'subnet', c, sn.tags, undefined, sn.availabilityZoneId);
        }
      }
    }
  }
  return out;
}

/**
 * GetIpamResourceCidrs for one scope: management state, compliance, overlap and IP usage of
 * each discovered VPC and subnet CIDR (spec §6.2). Overlap is judged within the scope against
 * other VPCs' CIDRs and the scope's manual (`custom`) allocations; a subnet never overlaps its
 * own VPC, and ignored CIDRs take no part (D110).
 */
export function resourceCidrs(s: Snapshot, scope: IpamScope): ResourceCidrRow[] {
  const ipam = s.get('ipam', scope.ipamId);
  if (!ipam) return [];
  const found = discover(s, ipam).filter((d) => d.scopeId === scope.id);
  const cidrs: OwnedCidr[] = [];
  found.forEach((d) => {
    if (!d.ignored) cidrs.push({ cidr: d.row.resourceCidr, owner: d.row.vpcId });
  });
  const reservations = s
    .find('ipamPoolsByScope', scope.id)
    .flatMap((p) => s.find('ipamAllocationsByPool', p.id))
    .filter((a) => a.resourceType === 'custom');
  for (const a of reservations) cidrs.push({ cidr: a.cidr, owner: a.id });
  const flags = overlapFlags(cidrs);
  let k = 0;
  return found.map((d): ResourceCidrRow => {
    const overlapping = d.ignored ? false : flags[k++]!;
    const managementState: ManagementState = d.ignored
      ? 'ignored'
      : d.pool
        ? 'managed'
        : 'unmanaged';
    const row = d.row;
    row.managementState = managementState;
    row.complianceStatus =
      managementState === 'managed'
        ? compliant(d.pool!, row.resourceCidr, row.resourceRegion, row.resourceTags)
          ? 'compliant'
          : 'noncompliant'
        : managementState;
    row.overlapStatus = d.ignored ? 'ignored' : overlapping ? 'overlapping' : 'nonoverlapping';
    return row;
  });
}
