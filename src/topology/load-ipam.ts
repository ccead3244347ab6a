import { createIpam, createIpamScope } from '../control/ipam.js';
import { allocateIpamPoolCidr } from '../control/ipam-allocation.js';
import { createIpamPool } from '../control/ipam-pool.js';
import { provisionIpamPoolCidr } from '../control/ipam-pool-cidr.js';
import type { Caller } from '../store/store.js';
import { callerFor, tagsOf, type LoadContext, type Scope } from './context.js';
import type { Topology, TopologyIpam, TopologyIpamPool } from './schema.js';
import type { DocPath } from './source.js';

/**
 * The `ipam` of each Region (D114): CreateIpam, CreateIpamScope for the extra scopes, then each
 * pool in file order — CreateIpamPool, ProvisionIpamPoolCidr for its CIDRs, AllocateIpamPoolCidr
 * for its manual allocations — all through the control operations, so a file is refused exactly
 * as the API would refuse it. Runs before VPCs, which draw from the pools by name.
 */
export function loadIpams(L: LoadContext, topology: Topology): void {
  topology.accounts.forEach((account, a) => {
    account.regions.forEach((region, r) => {
      if (region.ipam === undefined) return;
      const caller = callerFor(account.id, region.name);
      loadIpam(L, region.ipam, caller, ['accounts', a, 'regions', r, 'ipam']);
    });
  });
}

/** The names a pool's `scope` may take: the two default scopes, then the extra ones. */
const DEFAULT_SCOPES = ['private', 'public'] as const;

function loadIpam(L: LoadContext, ipam: TopologyIpam, caller: Caller, path: DocPath): void {
  const created = L.run(
    'CreateIpam',
    createIpam,
    {
      description: ipam.description,
      operatingRegions: ipam.operatingRegions,
      tier: ipam.tier,
      enablePrivateGua: ipam.enablePrivateGua,
      tags: tagsOf(ipam.name, ipam.tags),
    },
    caller,
    path,
  );
  const scopes = new Map<string, string>([
    ['private', created.privateDefaultScopeId],
    ['public', created.publicDefaultScopeId],
  ]);
  ipam.scopes?.forEach((sc, i) => {
    const at = [...path, 'scopes', i];
    if (scopes.has(sc.name)) {
      const why = (DEFAULT_SCOPES as readonly string[]).includes(sc.name)
        ? ` ('${sc.name}' names a default scope)`
        : '';
      L.abort([...at, 'name'], `duplicate ipam scope name '${sc.name}'${why}`);
    }
    const scope = L.run(
      'CreateIpamScope',
      createIpamScope,
      { ipamId: created.id, description: sc.description, tags: tagsOf(sc.name, sc.tags) },
      caller,
      at,
    );
    scopes.set(sc.name, scope.id);
  });
  const scope: Scope = { caller, vpc: '' };
  ipam.pools?.forEach((pool, i) => loadPool(L, pool, scopes, scope, [...path, 'pools', i]));
}

function loadPool(
  L: LoadContext,
  pool: TopologyIpamPool,
  scopes: ReadonlyMap<string, string>,
  scope: Scope,
  path: DocPath,
): void {
  const scopeName = pool.scope ?? 'private';
  const ipamScopeId = scopes.get(scopeName);
  if (ipamScopeId === undefined) L.abort([...path, 'scope'], `no ipam scope named '${scopeName}'`);
  const source =
    pool.source === undefined
      ? undefined
      : L.resolve('ipam-pool', pool.source, scope, [...path, 'source']);
  const created = L.run(
    'CreateIpamPool',
    createIpamPool,
    {
      ipamScopeId,
      addressFamily: pool.addressFamily ?? 'ipv4',
      locale: pool.locale,
      sourceIpamPoolId: source,
      description: pool.description,
      autoImport: pool.autoImport,
      publiclyAdvertisable: pool.publiclyAdvertisable,
      awsService: pool.awsService,
      publicIpSource: pool.publicIpSource,
      allocationMinNetmaskLength: pool.allocationMinNetmaskLength,
      allocationMaxNetmaskLength: pool.allocationMaxNetmaskLength,
      allocationDefaultNetmaskLength: pool.allocationDefaultNetmaskLength,
      allocationResourceTags: Object.entries(pool.allocationResourceTags ?? {}).map(
        ([key, value]) => ({ key, value }),
      ),
      tags: tagsOf(pool.name, pool.tags),
    },
    scope.caller,
    path,
  );
  L.name('ipam-pool', pool.name, created.id, scope, [...path, 'name']);
  pool.cidrs?.forEach((c, j) =>
    L.run(
      'ProvisionIpamPoolCidr',
      provisionIpamPoolCidr,
      typeof c === 'string'
        ? { ipamPoolId: created.id, cidr: c }
        : 'netmaskLength' in c
          ? { ipamPoolId: created.id, netmaskLength: c.netmaskLength }
          : {
              ipamPoolId: created.id,
              cidr: c.cidr,
              cidrAuthorizationContext: c.cidrAuthorizationContext,
            },
      scope.caller,
      [...path, 'cidrs', j],
    ),
  );
  pool.allocations?.forEach((x, j) =>
    L.run(
      'AllocateIpamPoolCidr',
      allocateIpamPoolCidr,
      {
        ipamPoolId: created.id,
        cidr: x.cidr,
        netmaskLength: x.netmaskLength,
        description: x.description,
      },
      scope.caller,
      [...path, 'allocations', j],
    ),
  );
}
