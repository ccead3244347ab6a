import type { Tag } from '../model/common.js';
import { keepsPoolRules, type IpamPool } from '../model/ipam.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Vpc } from '../model/vpc.js';
import type { Cidr } from '../net/index.js';
import { poolSubtree } from '../control/ipam-lookup.js';
import type { ExportNames } from './export.js';
import type { TopologyIpam, TopologyIpamPool, TopologyVpc } from './schema.js';

/** The tags other than Name, as a file writes them; nothing when there are none. */
const extraTags = (tags: readonly Tag[]) => {
  const rest = tags.filter((t) => t.key !== 'Name');
  return rest.length ? { tags: Object.fromEntries(rest.map((t) => [t.key, t.value])) } : {};
};

/** Pool names are unique across the file: VPCs of any Region refer to them. */
const POOL_NAMES = 'ipam-pool';

/** The name of a pool for references from VPCs. */
const poolName = (names: ExportNames, pool: IpamPool) => names.of(pool.id, pool.tags, POOL_NAMES);

/**
 * The region's `ipam` (D114): the IPAM homed there, its extra scopes, and its pools with
 * parents before children, each with its provisioned CIDRs and manual (`custom`) allocations.
 * Child pools' CIDRs and VPC blocks are not written as allocations: provisioning the child
 * and creating the VPC make them again.
 */
export function exportIpamRegion(
  s: Snapshot,
  account: string,
  region: string,
  names: ExportNames,
): { ipam?: TopologyIpam } {
  const ipam = s.find('ipamsByOwnerRegion', `${account}|${region}`)[0];
  if (!ipam) return {};
  const scopeKey = `ipam-scope:${ipam.id}`;
  // The default scopes take the names `private` and `public` first, so no extra scope can.
  names.of(ipam.privateDefaultScopeId, [{ key: 'Name', value: 'private' }], scopeKey);
  names.of(ipam.publicDefaultScopeId, [{ key: 'Name', value: 'public' }], scopeKey);
  const allScopes = s.find('ipamScopesByIpam', ipam.id);
  const scopes = allScopes
    .filter((sc) => !sc.isDefault)
    .map((sc) => ({
      name: names.of(sc.id, sc.tags, scopeKey),
      ...(sc.description !== undefined ? { description: sc.description } : {}),
      ...extraTags(sc.tags),
    }));
  const order = [
    ipam.privateDefaultScopeId,
    ipam.publicDefaultScopeId,
    ...allScopes.map((x) => x.id),
  ];
  const pools: TopologyIpamPool[] = [];
  for (const scopeId of new Set(order)) {
    const scopeName = names.of(scopeId, s.get('ipam-scope', scopeId)?.tags ?? [], scopeKey);
    for (const top of s.find('ipamPoolsByScope', scopeId)) {
      if (top.sourceIpamPoolId !== undefined) continue;
      for (const pool of poolSubtree(s, top)) pools.push(exportPool(s, pool, scopeName, names));
    }
  }
  return {
    ipam: {
      name: names.of(ipam.id, ipam.tags, 'ipam'),
      ...(ipam.description !== undefined ? { description: ipam.description } : {}),
      operatingRegions: [...ipam.operatingRegions],
      tier: ipam.tier,
      ...(ipam.enablePrivateGua ? { enablePrivateGua: true } : {}),
      ...(scopes.length ? { scopes } : {}),
      ...(pools.length ? { pools } : {}),
      ...extraTags(ipam.tags),
    },
  };
}

function exportPool(
  s: Snapshot,
  pool: IpamPool,
  scopeName: string,
  names: ExportNames,
): TopologyIpamPool {
  const source = pool.sourceIpamPoolId && s.get('ipam-pool', pool.sourceIpamPoolId);
  const cidrs = pool.cidrs
    .filter((c) => c.state === 'provisioned')
    .map((c) =>
      c.cidrAuthorizationContext
        ? { cidr: c.cidr.toString(), cidrAuthorizationContext: { ...c.cidrAuthorizationContext } }
        : c.cidr.toString(),
    );
  const allocations = s
    .find('ipamAllocationsByPool', pool.id)
    .filter((a) => a.resourceType === 'custom')
    .sort((a, b) => a.cidr.compare(b.cidr))
    .map((a) => ({
      cidr: a.cidr.toString(),
      ...(a.description !== undefined ? { description: a.description } : {}),
    }));
  const required = pool.allocationResourceTags;
  return {
    name: poolName(names, pool),
    ...(scopeName !== 'private' ? { scope: scopeName } : {}),
    addressFamily: pool.addressFamily,
    ...(pool.locale !== undefined ? { locale: pool.locale } : {}),
    ...(source ? { source: poolName(names, source) } : {}),
    ...(pool.description !== undefined ? { description: pool.description } : {}),
    ...(pool.autoImport ? { autoImport: true } : {}),
    ...(pool.publiclyAdvertisable !== undefined
      ? { publiclyAdvertisable: pool.publiclyAdvertisable }
      : {}),
    ...(pool.awsService !== undefined ? { awsService: pool.awsService } : {}),
    ...(pool.publicIpSource !== undefined ? { publicIpSource: pool.publicIpSource } : {}),
    ...(pool.allocationMinNetmaskLength !== undefined
      ? { allocationMinNetmaskLength: pool.allocationMinNetmaskLength }
      : {}),
    ...(pool.allocationMaxNetmaskLength !== undefined
      ? { allocationMaxNetmaskLength: pool.allocationMaxNetmaskLength }
      : {}),
    ...(pool.allocationDefaultNetmaskLength !== undefined
      ? { allocationDefaultNetmaskLength: pool.allocationDefaultNetmaskLength }
      : {}),
    ...(required.length
      ? { allocationResourceTags: Object.fromEntries(required.map((t) => [t.key, t.value])) }
      : {}),
    ...(cidrs.length ? { cidrs } : {}),
    ...(allocations.length ? { allocations } : {}),
    ...extraTags(pool.tags),
  };
}

/**
 * The pool a VPC block was drawn from, when it can be drawn again by CreateVpc: a `vpc`
 * allocation of exactly that block whose pool's rules it keeps. A block auto-import took
 * against the rules is written without its pool: the import happens again on load (D115).
 */
function drawnFrom(s: Snapshot, vpc: Vpc, cidr: Cidr): IpamPool | undefined {
  for (const a of s.find('ipamAllocationsByResource', vpc.id)) {
    if (a.resourceType !== 'vpc' || !a.cidr.equals(cidr)) continue;
    const pool = s.get('ipam-pool', a.ipamPoolId);
    if (pool && pool.ownerId === vpc.ownerId && keepsPoolRules(pool, cidr, vpc.region, vpc.tags)) {
      return pool;
    }
  }
  return undefined;
}

/** A VPC's blocks as a file writes them: the pool by name where a block came from one. */
export function vpcBlocks(
  s: Snapshot,
  vpc: Vpc,
  names: ExportNames,
): Pick<TopologyVpc, 'cidr' | 'ipv4IpamPool' | 'secondaryCidrs' | 'ipv6' | 'ipv6IpamPool'> {
  const primary = drawnFrom(s, vpc, vpc.cidrBlock);
  const secondaryCidrs = vpc.cidrBlockAssociationSet.slice(1).map((a) => {
    const pool = drawnFrom(s, vpc, a.cidrBlock);
    return pool
      ? { ipv4IpamPool: poolName(names, pool), cidr: a.cidrBlock.toString() }
      : a.cidrBlock.toString();
  });
  const v6 = vpc.ipv6CidrBlockAssociationSet[0];
  const v6Pool = v6 && s.get('ipam-pool', v6.ipv6Pool);
  return {
    cidr: vpc.cidrBlock.toString(),
    ...(primary ? { ipv4IpamPool: poolName(names, primary) } : {}),
    ...(secondaryCidrs.length ? { secondaryCidrs } : {}),
    ...(v6 ? { ipv6: v6.ipv6CidrBlock.toString() } : {}),
    ...(v6Pool ? { ipv6IpamPool: poolName(names, v6Pool) } : {}),
  };
}

/** A VPC's tags other than Name (a pool may require some of them). */
export const vpcExtraTags = (vpc: Vpc) => extraTags(vpc.tags);
