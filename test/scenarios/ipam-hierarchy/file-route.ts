/**
 * The scenario through the topology file: examples/ipam-hierarchy.yaml holds the plan and the
 * VPCs of rows 1, 2 and 8; the other rows run the same control operations the loader (and the
 * API) runs, on the loaded store, and read the audit engines the API answers from.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createIpamPool } from '../../../src/control/ipam-pool.js';
import { provisionIpamPoolCidr } from '../../../src/control/ipam-pool-cidr.js';
import { allocateIpamPoolCidr } from '../../../src/control/ipam-allocation.js';
import { createVpc, deleteVpc } from '../../../src/control/vpc.js';
import { addressHistory } from '../../../src/ipam/address-history.js';
import { resourceCidrs } from '../../../src/ipam/resource-cidrs.js';
import { poolUtilisation } from '../../../src/ipam/utilisation.js';
import type { AwsError } from '../../../src/model/errors.js';
import type { Operation } from '../../../src/model/operation.js';
import type { Result } from '../../../src/model/result.js';
import { Cidr } from '../../../src/net/index.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { callerFor } from '../../../src/topology/context.js';
import { loadTopology } from '../../../src/topology/load.js';
import type { NameTable } from '../../../src/topology/names.js';
import { formatProblem, parseTopology } from '../../../src/topology/source.js';
import type { TopologyVpc } from '../../../src/topology/schema.js';
import { exportState } from '../../support/state.js';
import {
  type IpamRoute,
  PLANNED_VPCS,
  type PlannedVpc,
  type PoolName,
  type Refusal,
  type VpcRequest,
} from './rows.js';

export const EXAMPLE = 'examples/ipam-hierarchy.yaml';
const ACCOUNT = '123456789012';

/** Loads a topology text into a new store; the problem's code and message when it is refused. */
export function loadText(
  text: string,
  file = EXAMPLE,
): { store: MemoryStore; names: NameTable } | (Refusal & { path: string; line: number }) {
  const parsed = parseTopology(file, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const r = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!r.ok) {
    return {
      code: r.error.code ?? '',
      message: r.error.message,
      path: r.error.path,
      line: r.error.line,
    };
  }
  return { store, names: r.value.names };
}

/** The file's VPC as a scenario request, to check the file writes the plan's VPCs. */
const asRequest = (v: TopologyVpc): VpcRequest => ({
  ...(v.ipv4IpamPool !== undefined ? { pool: v.ipv4IpamPool as PoolName } : {}),
  ...(v.ipv4NetmaskLength !== undefined ? { netmask: v.ipv4NetmaskLength } : {}),
  ...(v.ipv4IpamPool === undefined && v.cidr !== undefined ? { cidr: v.cidr } : {}),
  ...(v.tags !== undefined ? { tags: v.tags } : {}),
});

/** Loads the example and returns the route that answers the rows. */
export function fileRoute(): Promise<IpamRoute> {
  const text = readFileSync(EXAMPLE, 'utf8');
  const loaded = loadText(text);
  if ('code' in loaded) throw new Error(`${loaded.path}: ${loaded.code}: ${loaded.message}`);
  const { store, names } = loaded;
  const parsed = parseTopology(EXAMPLE, text);
  if (!parsed.ok) throw new Error('unreachable: parsed above');
  const fileVpcs = parsed.value.topology.accounts[0]!.regions[0]!.vpcs ?? [];
  // The file writes exactly the plan's VPCs (rows 1, 2, 8), in the order the rows create them.
  expect(Object.fromEntries(fileVpcs.map((v) => [v.name, asRequest(v)]))).toEqual(PLANNED_VPCS);

  const s = store.snapshot;
  const home = { vpc: '', region: `${ACCOUNT}/us-east-1` };
  const lookup = (kind: 'ipam-pool' | 'vpc', name: string): string => {
    const r = names.resolve(kind, name, home);
    if (!r.ok) throw new Error(r.message);
    return r.id;
  };
  const ipam = s.find('ipamsByOwnerRegion', `${ACCOUNT}|us-east-1`)[0]!;
  const scope = () => s.get('ipam-scope', ipam.privateDefaultScopeId)!;
  /** Runs an operation; a refusal must leave the state as it was. */
  const run = <I, O>(op: Operation<I, O>, input: I, region = 'us-east-1'): Result<O, AwsError> => {
    const before = exportState(store);
    const r = store.execute('scenario', op, input, callerFor(ACCOUNT, region));
    if (!r.ok) expect(exportState(store)).toBe(before);
    return r;
  };
  const refusal = (e: AwsError): Refusal => ({ code: e.code, message: e.message });
  const must = <T>(r: Result<T, AwsError>): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };

  return Promise.resolve({
    pool: (name) => lookup('ipam-pool', name),
    planned: (name: PlannedVpc) => {
      const vpc = s.get('vpc', lookup('vpc', name))!;
      return Promise.resolve({ id: vpc.id, cidr: vpc.cidrBlock.toString() });
    },
    createVpc: (req) => {
      const r = run(
        createVpc,
        {
          cidrBlock: req.cidr,
          ipv4IpamPoolId: req.pool === undefined ? undefined : lookup('ipam-pool', req.pool),
          ipv4NetmaskLength: req.netmask,
          tags: Object.entries(req.tags ?? {}).map(([key, value]) => ({ key, value })),
        },
        req.region,
      );
      return Promise.resolve(
        r.ok ? { id: r.value.id, cidr: r.value.cidrBlock.toString() } : refusal(r.error),
      );
    },
    provision: (ipamPoolId, cidr) => {
      const r = run(provisionIpamPoolCidr, { ipamPoolId, cidr });
      return Promise.resolve(r.ok ? undefined : refusal(r.error));
    },
    newPool: (source) =>
      Promise.resolve(
        must(
          run(createIpamPool, {
            ipamScopeId: ipam.privateDefaultScopeId,
            addressFamily: 'ipv4',
            sourceIpamPoolId: lookup('ipam-pool', source),
          }),
        ).id,
      ),
    deleteVpc: (vpcId) => {
      must(run(deleteVpc, { vpcId }));
      return Promise.resolve();
    },
    preview: (name, netmask) => {
      const r = must(
        run(allocateIpamPoolCidr, {
          ipamPoolId: lookup('ipam-pool', name),
          netmaskLength: netmask,
          previewNextCidr: true,
        }),
      );
      return Promise.resolve(r.cidr.toString());
    },
    allocations: (name) =>
      Promise.resolve(
        s
          .find('ipamAllocationsByPool', lookup('ipam-pool', name))
          .map((a): [string, string | undefined, string] => [
            a.resourceType,
            a.resourceId,
            a.cidr.toString(),
          ]),
      ),
    vpcCidrs: (cidr) =>
      Promise.resolve(
        resourceCidrs(s, scope())
          .filter((r) => r.resourceType === 'vpc' && r.resourceCidr.toString() === cidr)
          .map((r): [string, string, string] => [r.resourceId, r.managementState, r.overlapStatus]),
      ),
    utilisation: (name) => {
      const u = poolUtilisation(s, s.get('ipam-pool', lookup('ipam-pool', name))!);
      return Promise.resolve([u.percentAllocated, u.percentAssigned, u.percentAvailable]);
    },
    history: (cidr) =>
      Promise.resolve(
        addressHistory(store.changes(), s, scope(), Cidr.parse(cidr)!).map((r) => ({
          resourceId: r.resourceId,
          compliance: r.resourceComplianceStatus,
          overlap: r.resourceOverlapStatus,
          started: r.sampledStartTime !== '',
          ended: r.sampledEndTime !== undefined,
        })),
      ),
    close: () => Promise.resolve(store.close()),
  });
}
