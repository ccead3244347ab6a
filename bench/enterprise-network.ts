import { trace, type TraceRequest } from '../src/analysis/trace/index.js';
import { compile } from '../src/dataplane/index.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { Ip } from '../src/net/index.js';
import { MemoryStore } from '../src/store/memory.js';
import { generateEnterprise } from '../src/topology/generate-enterprise.js';
import { generateTopology } from '../src/topology/generate.js';
import { loadTopology } from '../src/topology/load.js';
import type { Topology } from '../src/topology/schema.js';
import { formatProblem, parseTopology } from '../src/topology/source.js';
import { topologyJson } from '../src/topology/write.js';

/** One network measured in one process: the figures at one size. */
export interface SizeFigures {
  readonly profile: 'enterprise' | 'foundation';
  readonly vpcs: number;
  readonly enis: number;
  readonly resources: number;
  readonly operations: number;
  readonly generateSeconds: number;
  readonly loadSeconds: number;
  readonly loadCpuSeconds: number;
  readonly compileSeconds: number;
  /** CPU time (user + system) of the first compile: less disturbed by a busy machine. */
  readonly compileCpuSeconds: number;
  /** A second compile of the same snapshot (warm JIT, same garbage pressure). */
  readonly recompileSeconds: number;
  readonly traces: number;
  readonly tracesPerSecond: number;
  /** Traces per second of process CPU time in the same best round: what a busy machine hides. */
  readonly tracesPerCpuSecond: number;
  /** Share of the mix found reachable, per kind of question. */
  readonly reachable: Readonly<Record<string, number>>;
  readonly heapAfterGcMiB: number;
  readonly rssAfterGcMiB: number;
  readonly peakRssMiB: number;
}

const mib = (bytes: number) => Math.round(bytes / 1048576);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
/** CPU time (user + system, every thread of the process, GC included) since `c0`. */
const cpuSeconds = (c0: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1e6;
};

/** Collects garbage when node runs with --expose-gc (the npm script does). */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * Generates, loads (parse a JSON file's text, every resource through the operations into a fresh
 * in-memory store — what `vpctwin trace FILE` does), compiles and traces one network.
 */
export function measureSize(
  profile: 'enterprise' | 'foundation',
  vpcs: number,
  traces: number,
): SizeFigures {
  const t0 = performance.now();
  const topology: Topology =
    profile === 'enterprise'
      ? generateEnterprise({ vpcs })
      : generateTopology({ vpcs, vpcsPerAccount: 250 });
  const text = topologyJson(topology);
  const generateSeconds = seconds(t0);

  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const parsed = parseTopology('network.json', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!loaded.ok) throw new Error(formatProblem(loaded.error));
  const loadSeconds = seconds(t1);
  const loadCpuSeconds = cpuSeconds(c1);
  const s = store.snapshot;

  collect();
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  compile(s);
  const compileSeconds = seconds(t2);
  const compileCpuSeconds = cpuSeconds(c2);
  collect();
  const t3 = performance.now();
  const dp = compile(s);
  const recompileSeconds = seconds(t3);

  const mix = profile === 'enterprise' ? enterpriseMix(s, traces) : foundationMix(s, traces);
  const reachable: Record<string, number> = {};
  const count: Record<string, number> = {};
  for (const { kind, request } of mix) {
    count[kind] = (count[kind] ?? 0) + 1;
    if (trace(dp, request).NetworkPathFound) reachable[kind] = (reachable[kind] ?? 0) + 1;
  }
  for (const kind of Object.keys(count))
    reachable[kind] = (reachable[kind] ?? 0) / (count[kind] as number);
  // Best of three timed rounds after the untimed one above (JIT warm).
  let best = 0;
  let bestCpu = 0;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const { request } of mix) trace(dp, request);
    best = Math.max(best, mix.length / seconds(t));
    bestCpu = Math.max(bestCpu, mix.length / cpuSeconds(c));
  }

  collect();
  const mem = process.memoryUsage();
  return {
    profile,
    vpcs,
    enis: s.count('network-interface'),
    resources: loaded.value.resources,
    operations: loaded.value.operations,
    generateSeconds,
    loadSeconds,
    loadCpuSeconds,
    compileSeconds,
    compileCpuSeconds,
    recompileSeconds,
    traces: mix.length,
    tracesPerSecond: best,
    tracesPerCpuSecond: bestCpu,
    reachable,
    heapAfterGcMiB: mib(mem.heapUsed),
    rssAfterGcMiB: mib(mem.rss),
    // maxRSS is in KiB.
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

export interface Question {
  readonly kind: string;
  readonly request: TraceRequest;
}

/** A linear congruential generator: the same mix on every run and machine. */
function lcg(seed: number) {
  let x = seed;
  const rand = (n: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
  return { rand, pick: <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T };
}

/** Workload ENIs (interface type `interface`) of each VPC, in store order. */
function enisByVpc(s: Snapshot): Map<string, string[]> {
  const byVpc = new Map<string, string[]>();
  for (const eni of s.all('network-interface')) {
    if (eni.interfaceType !== 'interface') continue;
    const list = byVpc.get(eni.vpcId) ?? [];
    list.push(eni.id);
    byVpc.set(eni.vpcId, list);
  }
  return byVpc;
}

const nameOf = (r: { readonly tags: readonly { key: string; value: string }[] }) =>
  r.tags.find((t) => t.key === 'Name')?.value;

const INTERNET = Ip.parse('93.184.216.34') as Ip;

/**
 * The enterprise mix (~`n` random source ENI → destination pairs, seeded): 40% to an ENI of
 * another spoke, 20% within the spoke, 20% to the internet, 10% to shared services, 10% to the
 * on-premises site. Ports follow the security groups (443, 5432, 8080, 22), so some are refused.
 */
export function enterpriseMix(s: Snapshot, n: number): Question[] {
  const byVpc = enisByVpc(s);
  const spokes = [...s.all('vpc')].filter((v) => nameOf(v)?.startsWith('spoke-')).map((v) => v.id);
  const shared = [...s.all('vpc')].find((v) => nameOf(v) === 'shared-services');
  const services = shared ? (byVpc.get(shared.id) ?? []) : [];
  const site = [...s.all('on-premises-site')][0];
  const onPrem = Ip.parse('192.168.10.10') as Ip;
  const { rand, pick } = lcg(11);
  const out: Question[] = [];
  for (let i = 0; i < n; i++) {
    const vpc = pick(spokes);
    const enis = byVpc.get(vpc) ?? [];
    const source = pick(enis);
    const port = pick([443, 5432, 8080, 22]);
    const k = rand(10);
    if (k < 4) {
      const other = byVpc.get(pick(spokes)) ?? enis;
      out.push({
        kind: 'spoke → spoke',
        request: { source, destination: pick(other), protocol: 'tcp', destinationPort: port },
      });
    } else if (k < 6) {
      out.push({
        kind: 'within a spoke',
        request: { source, destination: pick(enis), protocol: 'tcp', destinationPort: port },
      });
    } else if (k < 8) {
      out.push({
        kind: 'internet',
        request: { source, destinationIp: INTERNET, protocol: 'tcp', destinationPort: 443 },
      });
    } else if (k < 9 && services.length) {
      out.push({
        kind: 'shared services',
        request: { source, destination: pick(services), protocol: 'tcp', destinationPort: 443 },
      });
    } else if (site) {
      out.push({
        kind: 'on premises',
        request: {
          source,
          destination: site.id,
          destinationIp: onPrem,
          protocol: 'tcp',
          destinationPort: 443,
        },
      });
    }
  }
  return out;
}

/** The foundation benchmark's mix (bench/network.ts): same VPC, peered VPCs, internet via NAT. */
function foundationMix(s: Snapshot, n: number): Question[] {
  const byVpc = enisByVpc(s);
  const vpcIds = [...byVpc.keys()];
  const peers = new Map<string, string[]>();
  for (const p of s.all('vpc-peering-connection')) {
    const a = p.requesterVpcInfo.vpcId;
    const b = p.accepterVpcInfo.vpcId;
    peers.set(a, [...(peers.get(a) ?? []), b]);
    peers.set(b, [...(peers.get(b) ?? []), a]);
  }
  const { rand, pick } = lcg(7);
  const out: Question[] = [];
  for (let i = 0; i < n; i++) {
    const vpc = pick(vpcIds);
    const enis = byVpc.get(vpc) ?? [];
    const source = pick(enis);
    const k = rand(10);
    if (k < 6) {
      const port = pick([443, 8080, 5432, 22]);
      out.push({
        kind: 'same VPC',
        request: { source, destination: pick(enis), protocol: 'tcp', destinationPort: port },
      });
    } else if (k < 8 && peers.get(vpc)?.length) {
      const other = byVpc.get(pick(peers.get(vpc) ?? [])) ?? enis;
      out.push({
        kind: 'peering',
        request: { source, destination: pick(other), protocol: 'tcp', destinationPort: 5432 },
      });
    } else {
      out.push({
        kind: 'internet',
        request: { source, destinationIp: INTERNET, protocol: 'tcp', destinationPort: 443 },
      });
    }
  }
  return out;
}
