import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trace, type TraceRequest } from '../src/analysis/trace/index.js';
import { compile } from '../src/dataplane/index.js';
import { Ip } from '../src/net/index.js';
import { openStore } from '../src/store/open.js';
import { generateTopology } from '../src/topology/generate.js';
import { loadTopology } from '../src/topology/load.js';
import { formatProblem, parseTopology } from '../src/topology/source.js';
import { topologyJson } from '../src/topology/write.js';

/** What one run on a generated network measured. */
export interface NetworkFigures {
  vpcs: number;
  enis: number;
  operations: number;
  resources: number;
  loadSeconds: number;
  reopenSeconds: number;
  compileSeconds: number;
  tracesPerSecond: number;
  reachableShare: number;
  rssMiB: number;
  heapMiB: number;
  dbMiB: number;
}

const mib = (bytes: number) => Math.round(bytes / 1048576);

/**
 * The scale figures on `vpctwin generate --vpcs N`: load the file into SQLite through
 * the operations (the path `vpctwin load` takes), reopen it, compile the forwarding graph, and
 * trace a mix of paths (same subnet, across subnets and ACLs, across peerings, to the internet
 * through NAT) on one core.
 */
export function benchNetwork(vpcs: number): NetworkFigures {
  const dir = mkdtempSync(join(tmpdir(), 'vpctwin-bench-'));
  try {
    const file = join(dir, 'network.json');
    writeFileSync(file, topologyJson(generateTopology({ vpcs })));
    const dbPath = join(dir, 'network.db');

    const t0 = performance.now();
    const parsed = parseTopology(file, readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
    const store = openStore({ path: dbPath });
    const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
    if (!loaded.ok) throw new Error(formatProblem(loaded.error));
    store.close();
    const loadSeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const reopened = openStore({ path: dbPath });
    const reopenSeconds = (performance.now() - t1) / 1000;
    const s = reopened.snapshot;

    const t2 = performance.now();
    const dp = compile(s);
    const compileSeconds = (performance.now() - t2) / 1000;

    // Requests: ENIs of each VPC by name, so the mix is the same on every run.
    const byVpc = new Map<string, string[]>();
    for (const eni of s.all('network-interface')) {
      if (eni.interfaceType !== 'interface') continue;
      const list = byVpc.get(eni.vpcId) ?? [];
      list.push(eni.id);
      byVpc.set(eni.vpcId, list);
    }
    const vpcIds = [...byVpc.keys()];
    const peers = new Map<string, string[]>();
    for (const p of s.all('vpc-peering-connection')) {
      const a = p.requesterVpcInfo.vpcId;
      const b = p.accepterVpcInfo.vpcId;
      peers.set(a, [...(peers.get(a) ?? []), b]);
      peers.set(b, [...(peers.get(b) ?? []), a]);
    }
    let seed = 7;
    const rand = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;
    const internet = Ip.parse('93.184.216.34') as Ip;
    const requests: TraceRequest[] = [];
    for (let i = 0; i < 20_000; i++) {
      const vpc = pick(vpcIds);
      const enis = byVpc.get(vpc) ?? [];
      const source = pick(enis);
      const kind = rand(10);
      if (kind < 6) {
        requests.push({
          source,
          destination: pick(enis),
          protocol: 'tcp',
          destinationPort: pick([443, 8080, 5432, 22]),
        });
      } else if (kind < 8 && peers.get(vpc)?.length) {
        const other = byVpc.get(pick(peers.get(vpc) ?? [])) ?? enis;
        requests.push({ source, destination: pick(other), protocol: 'tcp', destinationPort: 5432 });
      } else {
        requests.push({ source, destinationIp: internet, protocol: 'tcp', destinationPort: 443 });
      }
    }
    let reachable = 0;
    for (const r of requests.slice(0, 2_000)) if (trace(dp, r).NetworkPathFound) reachable++;
    let best = 0;
    for (let round = 0; round < 3; round++) {
      const t = performance.now();
      for (const r of requests) trace(dp, r);
      best = Math.max(best, requests.length / ((performance.now() - t) / 1000));
    }
    const mem = process.memoryUsage();
    const figures: NetworkFigures = {
      vpcs,
      enis: [...s.all('network-interface')].length,
      operations: loaded.value.operations,
      resources: loaded.value.resources,
      loadSeconds,
      reopenSeconds,
      compileSeconds,
      tracesPerSecond: best,
      reachableShare: reachable / 2_000,
      rssMiB: mib(mem.rss),
      heapMiB: mib(mem.heapUsed),
      dbMiB: mib(statSync(dbPath).size),
    };
    reopened.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
