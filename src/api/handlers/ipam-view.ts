import type {
  Ipam,
  IpamPool,
  IpamPoolAllocation,
  IpamPoolCidr,
  IpamScope,
} from '../../model/ipam.js';
import { ipamArn } from '../../model/ipam.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { AddressHistoryRecord } from '../../ipam/address-history.js';
import type { ResourceCidrRow } from '../../ipam/resource-cidrs.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { tagSet } from './tags.js';

/** `Ipam` in the API's shape; counts are read from the snapshot. */
export function ipamOutput(s: Snapshot, i: Ipam): Ec2.Ipam {
  return {
    ownerId: i.ownerId,
    ipamId: i.id,
    ipamArn: ipamArn('ipam', i.ownerId, i.id),
    ipamRegion: i.region,
    publicDefaultScopeId: i.publicDefaultScopeId,
    privateDefaultScopeId: i.privateDefaultScopeId,
    scopeCount: s.find('ipamScopesByIpam', i.id).length,
    description: i.description,
    operatingRegions: i.operatingRegions.map((regionName) => ({ regionName })),
    state: i.state,
    tags: tagSet(i.tags),
    defaultResourceDiscoveryId: i.defaultResourceDiscoveryId,
    defaultResourceDiscoveryAssociationId: i.defaultResourceDiscoveryAssociationId,
    resourceDiscoveryAssociationCount: 1,
    tier: i.tier,
    enablePrivateGua: i.enablePrivateGua,
  };
}

/** `IpamScope` in the API's shape. */
export function scopeOutput(s: Snapshot, sc: IpamScope): Ec2.IpamScope {
  return {
    ownerId: sc.ownerId,
    ipamScopeId: sc.id,
    ipamScopeArn: ipamArn('ipam-scope', sc.ownerId, sc.id),
    ipamArn: ipamArn('ipam', sc.ownerId, sc.ipamId),
    ipamRegion: sc.region,
    ipamScopeType: sc.ipamScopeType,
    isDefault: sc.isDefault,
    description: sc.description,
    poolCount: s.find('ipamPoolsByScope', sc.id).length,
    state: sc.state,
    tags: tagSet(sc.tags),
  };
}

/** `IpamPool` in the API's shape; a missing locale is AWS's `None`. */
export function poolOutput(p: IpamPool): Ec2.IpamPool {
  return {
    ownerId: p.ownerId,
    ipamPoolId: p.id,
    sourceIpamPoolId: p.sourceIpamPoolId,
    ipamPoolArn: ipamArn('ipam-pool', p.ownerId, p.id),
    ipamScopeArn: ipamArn('ipam-scope', p.ownerId, p.ipamScopeId),
    ipamScopeType: p.ipamScopeType,
    ipamArn: ipamArn('ipam', p.ownerId, p.ipamId),
    ipamRegion: p.region,
    locale: p.locale ?? 'None',
    poolDepth: p.poolDepth,
    state: p.state,
    description: p.description,
    autoImport: p.autoImport,
    publiclyAdvertisable: p.publiclyAdvertisable,
    addressFamily: p.addressFamily,
    allocationMinNetmaskLength: p.allocationMinNetmaskLength,
    allocationMaxNetmaskLength: p.allocationMaxNetmaskLength,
    allocationDefaultNetmaskLength: p.allocationDefaultNetmaskLength,
    allocationResourceTags: tagSet(p.allocationResourceTags),
    tags: tagSet(p.tags),
    awsService: p.awsService,
    publicIpSource: p.publicIpSource,
  };
}

/** `IpamPoolCidr` in the API's shape. */
export const poolCidrOutput = (c: IpamPoolCidr): Ec2.IpamPoolCidr => ({
  cidr: c.cidr.toString(),
  state: c.state,
  ipamPoolCidrId: c.ipamPoolCidrId,
  netmaskLength: c.cidr.prefix,
});

/** `IpamPoolAllocation` in the API's shape. */
export const allocationOutput = (a: IpamPoolAllocation): Ec2.IpamPoolAllocation => ({
  cidr: a.cidr.toString(),
  ipamPoolAllocationId: a.id,
  description: a.description,
  resourceId: a.resourceId,
  resourceType: a.resourceType,
  resourceRegion: a.resourceRegion,
  resourceOwner: a.resourceOwner,
});

/** `IpamResourceCidr` in the API's shape. */
export const resourceCidrOutput = (r: ResourceCidrRow): Ec2.IpamResourceCidr => ({
  ipamId: r.ipamId,
  ipamScopeId: r.ipamScopeId,
  ipamPoolId: r.ipamPoolId,
  resourceRegion: r.resourceRegion,
  resourceOwnerId: r.resourceOwnerId,
  resourceId: r.resourceId,
  resourceName: r.resourceName,
  resourceCidr: r.resourceCidr.toString(),
  resourceType: r.resourceType,
  resourceTags: tagSet(r.resourceTags),
  ipUsage: r.ipUsage,
  complianceStatus: r.complianceStatus,
  managementState: r.managementState,
  overlapStatus: r.overlapStatus,
  vpcId: r.vpcId,
  availabilityZoneId: r.availabilityZoneId,
});

/** `IpamAddressHistoryRecord` in the API's shape. */
export const historyOutput = (r: AddressHistoryRecord): Ec2.HistoryRecord => ({
  resourceOwnerId: r.resourceOwnerId,
  resourceRegion: r.resourceRegion,
  resourceType: r.resourceType,
  resourceId: r.resourceId,
  resourceCidr: r.resourceCidr.toString(),
  resourceName: r.resourceName,
  resourceComplianceStatus: r.resourceComplianceStatus,
  resourceOverlapStatus: r.resourceOverlapStatus,
  vpcId: r.vpcId,
  sampledStartTime: new Date(r.sampledStartTime),
  sampledEndTime: r.sampledEndTime !== undefined ? new Date(r.sampledEndTime) : undefined,
});
