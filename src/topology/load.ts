import { initRegion } from '../control/account.js';
import { createManagedPrefixList } from '../control/prefix-list.js';
import { KINDS } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Store } from '../store/store.js';
import { callerFor, LoadAbort, LoadContext, tagsOf, type Scope, type VpcPlan } from './context.js';
import { loadHybrid } from './load-hybrid.js';
import { loadIpams } from './load-ipam.js';
import { loadPeerings } from './load-peering.js';
import { loadTransitGatewayRouteTables, loadTransitGateways } from './load-transit-gateway.js';
import { loadNetworkAcls, loadSecurityGroupRules, loadSecurityGroups } from './load-security.js';
import { loadRoutes, loadRouteTables, loadSubnets, loadVpc } from './load-vpc.js';
import {
  loadElasticIps,
  loadEndpoints,
  loadInstances,
  loadNatGateways,
  loadNetworkInterfaces,
} from './load-workloads.js';
import {
  loadEndpointServices,
  loadListeners,
  loadLoadBalancers,
  loadTargetGroups,
  loadTargets,
} from './load-load-balancers.js';
import { NameTable } from './names.js';
import type { Topology } from './schema.js';
import type { TopologyProblem, TopologySource } from './source.js';

/** What a successful load did. */
export interface LoadReport {
  readonly operations: number;
  /** Resources in the store after the load. */
  readonly resources: number;
  readonly names: NameTable;
}

/**
 * Loads a topology through the control-plane operations, in dependency order, all or nothing:
 * the first AWS error rolls the whole file back and comes back pointing at its line.
 */
export function loadTopology(
  store: Store,
  topology: Topology,
  source: TopologySource,
): Result<LoadReport, TopologyProblem> {
  const L = new LoadContext(store, source, new NameTable());
  const result = store.batch((): Result<LoadReport, TopologyProblem> => {
    try {
      loadAll(L, topology);
    } catch (e) {
      if (e instanceof LoadAbort) return fail(e.problem);
      throw e;
    }
    return ok({
      operations: L.operations,
      resources: KINDS.reduce((n, k) => n + store.snapshot.count(k), 0),
      names: L.names,
    });
  });
  return result;
}

function loadAll(L: LoadContext, topology: Topology): void {
  const plans: VpcPlan[] = [];
  topology.accounts.forEach((account, a) => {
    account.regions.forEach((region, r) => {
      const path = ['accounts', a, 'regions', r];
      const caller = callerFor(account.id, region.name);
      const scope: Scope = { caller, vpc: '' };
      const azMapping = region.azs
        ? Object.entries(region.azs).map(([zoneName, zoneId]) => ({ zoneName, zoneId }))
        : undefined;
      L.run(
        'InitRegion',
        initRegion,
        azMapping ? { azMapping } : {},
        caller,
        region.azs ? [...path, 'azs'] : [...path, 'name'],
      );
      region.prefixLists?.forEach((pl, i) => {
        const at = [...path, 'prefixLists', i];
        const entries = pl.entries.map((e) => (typeof e === 'string' ? { cidr: e } : e));
        const created = L.run(
          'CreateManagedPrefixList',
          createManagedPrefixList,
          {
            prefixListName: pl.name,
            addressFamily: pl.addressFamily ?? 'IPv4',
            maxEntries: pl.maxEntries ?? Math.max(entries.length, 1),
            entries,
            tags: tagsOf(pl.name, pl.tags),
          },
          caller,
          at,
        );
        L.name('prefix-list', pl.name, created.id, scope, [...at, 'name']);
      });
      if (region.elasticIps) loadElasticIps(L, region.elasticIps, scope, [...path, 'elasticIps']);
      region.vpcs?.forEach((vpc, v) => {
        plans.push({
          vpc,
          region,
          scope: { caller, vpc: vpc.name },
          path: [...path, 'vpcs', v],
          id: '',
        });
      });
    });
  });
  // IPAM pools, with their CIDRs and manual allocations, before the VPCs that draw from them.
  loadIpams(L, topology);
  // Each step runs over every VPC before the next, so references across VPCs resolve.
  const steps = [loadVpc, loadSubnets, loadSecurityGroups];
  for (const step of steps) for (const p of plans) step(L, p);
  loadPeerings(L, topology.peerings ?? [], plans, ['peerings']);
  // Transit gateways attach subnets and must exist before VPC routes name them.
  loadTransitGateways(L, topology);
  const later = [
    loadSecurityGroupRules,
    loadNetworkAcls,
    loadRouteTables,
    loadNetworkInterfaces,
    loadInstances,
    loadNatGateways,
    loadLoadBalancers,
    loadTargetGroups,
    loadListeners,
    loadTargets,
    loadEndpointServices,
    loadEndpoints,
  ];
  for (const step of later) for (const p of plans) step(L, p);
  // VPN and Direct Connect gateways, between route tables and the routes that target them.
  loadHybrid(L, topology);
  // Transit gateway route tables name VPN and Direct Connect attachments made just above.
  loadTransitGatewayRouteTables(L, topology);
  for (const p of plans) loadRoutes(L, p);
}
