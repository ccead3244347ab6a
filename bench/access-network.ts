import {
  AMAZON_SCOPES,
  amazonScope,
  analyzeAccess,
  matchesStatement,
  type AccessScope,
  type AmazonScopeName,
} from '../src/analysis/access/index.js';
import { trace, type TraceRequest } from '../src/analysis/trace/index.js';
import { compile, type Dataplane, type EniNode, type Node } from '../src/dataplane/index.js';
import { Ip } from '../src/net/index.js';
import { MemoryStore } from '../src/store/memory.js';
import { generateEnterprise } from '../src/topology/generate-enterprise.js';
import { generateTopology } from '../src/topology/generate.js';
import { loadTopology } from '../src/topology/load.js';
import type { Topology } from '../src/topology/schema.js';
import { formatProblem, parseTopology } from '../src/topology/source.js';
import { topologyJson } from '../src/topology/write.js';

/**
 * One network measured in one process for `npm run bench:access` (bench/access.ts): generate,
 * load, compile, the concrete-tracer baseline on a sample, then the four Amazon-created scopes.
 * Each result is printed as one JSON line as soon as it is known, so a run stopped by the
 * parent's time limit still reports what it finished.
 */

export const SCOPE_NAMES = Object.keys(AMAZON_SCOPES) as AmazonScopeName[];
export type Profile = 'foundation' | 'enterprise';

/** The network, loaded and compiled. */
export interface NetworkLine {
  readonly kind: 'network';
  readonly profile: Profile;
  readonly vpcs: number;
  readonly enis: number;
  readonly resources: number;
  readonly loadSeconds: number;
  readonly compileSeconds: number;
  readonly compileCpuSeconds: number;
}

/** The naive answer to one scope: one concrete trace per (source, destination) pair. */
export interface BaselineLine {
  readonly kind: 'baseline';
  readonly scope: AmazonScopeName;
  /** Source components × destination components of the scope's match paths. */
  readonly pairs: number;
  /** Pairs traced (a seeded sample); pairs the tracer cannot express are skipped. */
  readonly traced: number;
  readonly skipped: number;
  readonly secondsPerTrace: number;
  /** pairs × secondsPerTrace: a lower bound, one packet per pair. */
  readonly extrapolatedSeconds: number;
}

/** One scope analysed by the symbolic engine. */
export interface ScopeLine {
  readonly kind: 'scope';
  readonly scope: AmazonScopeName;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly findings: number;
  /** Starting points walked (sources matching the scope). */
  readonly starts: number;
  readonly analyzedEniCount: number;
  /** Process peak RSS (maxRSS) after this scope. */
  readonly peakRssMiB: number;
}

/** The end of the run: memory held and peak. */
export interface EndLine {
  readonly kind: 'end';
  readonly heapAfterGcMiB: number;
  readonly rssAfterGcMiB: number;
  readonly peakRssMiB: number;
}

export type Line = NetworkLine | BaselineLine | ScopeLine | EndLine;

const mib = (bytes: number) => Math.round(bytes / 1048576);
const seconds = (t0: number) => (performance.now() - t0) / 1000;
const cpuSeconds = (c0: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1e6;
};
// maxRSS is in KiB.
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Generates and loads a network (what `vpctwin analyze FILE` does before compiling). */
export function loadNetwork(profile: Profile, vpcs: number) {
  const topology: Topology =
    profile === 'enterprise'
      ? generateEnterprise({ vpcs })
      : generateTopology({ vpcs, vpcsPerAccount: 250 });
  const parsed = parseTopology('network.json', topologyJson(topology));
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!loaded.ok) throw new Error(formatProblem(loaded.error));
  return { snapshot: store.snapshot, resources: loaded.value.resources };
}

/** Measures one network; `emit` receives each line as it is known. */
export function measureAccess(
  profile: Profile,
  vpcs: number,
  sample: number,
  emit: (line: Line) => void,
): void {
  const t0 = performance.now();
  const { snapshot, resources } = loadNetwork(profile, vpcs);
  const loadSeconds = seconds(t0);
  collect();
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const dp = compile(snapshot);
  emit({
    kind: 'network',
    profile,
    vpcs,
    enis: dp.enis.size,
    resources,
    loadSeconds,
    compileSeconds: seconds(t1),
    compileCpuSeconds: cpuSeconds(c1),
  });

  const scopes = SCOPE_NAMES.map((name) => ({ name, scope: amazonScope(name) as AccessScope }));
  // The baseline first: it is bounded by the sample, so it survives a time limit on the scopes.
  if (sample > 0) for (const { name, scope } of scopes) emit(baseline(dp, name, scope, sample));

  for (const { name, scope } of scopes) {
    collect();
    let last = performance.now();
    let starts = 0;
    const t = performance.now();
    const c = process.cpuUsage();
    const r = analyzeAccess(dp, scope, {
      onProgress: (done, total) => {
        starts = total;
        if (performance.now() - last > 10_000) {
          last = performance.now();
          process.stderr.write(`  [${profile} ${vpcs}] ${name}: ${done}/${total} starts\n`);
        }
      },
    });
    const s = seconds(t);
    const cpu = cpuSeconds(c);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    emit({
      kind: 'scope',
      scope: name,
      seconds: s,
      cpuSeconds: cpu,
      findings: r.value.findings.length,
      starts,
      analyzedEniCount: r.value.analyzedEniCount,
      peakRssMiB: peakRssMiB(),
    });
  }
  collect();
  const mem = process.memoryUsage();
  emit({
    kind: 'end',
    heapAfterGcMiB: mib(mem.heapUsed),
    rssAfterGcMiB: mib(mem.rss),
    peakRssMiB: peakRssMiB(),
  });
}

// ---- the concrete baseline ----

/** A linear congruential generator: the same sample on every run and machine. */
function lcg(seed: number) {
  let x = seed;
  return (n: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
}

const INTERNET = Ip.parse('93.184.216.34') as Ip;

/** Components a scope may start or end a path at: what `matchesStatement` is asked about. */
function candidates(dp: Dataplane): Node[] {
  return [
    ...dp.enis.values(),
    ...dp.internetGateways.values(),
    ...dp.hybrid.vpnGateways.values(),
    ...dp.tgwAttachments.values(),
    ...dp.peerings.values(),
    ...dp.endpoints.values(),
  ];
}

/**
 * The pairs the naive tracer would answer for a scope, and, for `sample` of them chosen with a
 * seeded generator, the time of one concrete trace each. Components the tracer cannot name
 * stand for the traffic they carry: a peering or a transit gateway VPC attachment is an ENI of
 * a VPC on its far side (a source) or near side (a destination), a virtual private gateway or a
 * VPN attachment the on-premises site; a gateway or GWLB endpoint as a source is skipped. The
 * time is the best of three passes over the sample. One TCP packet to port 443 per pair: the naive answer needs at least that
 * (an exact one needs a packet per header class), so the extrapolation is a lower bound.
 */
export function baseline(
  dp: Dataplane,
  name: AmazonScopeName,
  scope: AccessScope,
  sample: number,
): BaselineLine {
  const all = candidates(dp);
  const firstEni = new Map<string, EniNode>();
  for (const eni of dp.enis.values()) {
    if (eni.role.kind !== 'interface' && eni.role.kind !== 'other') continue;
    if (!firstEni.has(eni.vpc.id)) firstEni.set(eni.vpc.id, eni);
  }
  const site = dp.hybrid.sites.values().next().value;
  const vpcOf = (n: Node): string | undefined =>
    'vpc' in n && n.vpc && typeof n.vpc === 'object' && 'id' in n.vpc ? n.vpc.id : undefined;

  /** An ENI standing for traffic entering at a component (for a peering, the side not `avoid`). */
  const eniBehind = (n: Node, avoid: string | undefined): EniNode | undefined => {
    if (n.kind === 'vpc-peering-connection') {
      const side = n.requester?.id === avoid ? n.accepter : n.requester;
      return side ? firstEni.get(side.id) : undefined;
    }
    const vpc = vpcOf(n);
    return vpc ? firstEni.get(vpc) : undefined;
  };

  const request = (src: Node, dst: Node): TraceRequest | undefined => {
    const base = { protocol: 'tcp' as const, destinationPort: 443 };
    let source: string | undefined;
    switch (src.kind) {
      case 'network-interface':
      case 'internet-gateway':
        source = src.id;
        break;
      case 'vpc-endpoint':
        source = src.endpointType === 'Interface' ? src.id : undefined;
        break;
      case 'vpn-gateway':
        source = site?.id;
        break;
      case 'transit-gateway-attachment':
        source = src.resourceType === 'vpc' ? eniBehind(src, vpcOf(dst))?.id : site?.id;
        break;
      default:
        source = eniBehind(src, vpcOf(dst))?.id;
    }
    if (source === undefined) return undefined;
    switch (dst.kind) {
      case 'network-interface':
      case 'vpc-endpoint':
        return { ...base, source, destination: dst.id };
      case 'internet-gateway':
        return { ...base, source, destination: dst.id, destinationIp: INTERNET };
      case 'vpn-gateway':
        return site ? { ...base, source, destination: site.id } : undefined;
      default: {
        if (dst.kind === 'transit-gateway-attachment' && dst.resourceType !== 'vpc')
          return site ? { ...base, source, destination: site.id } : undefined;
        const eni = eniBehind(dst, vpcOf(src));
        return eni ? { ...base, source, destination: eni.id } : undefined;
      }
    }
  };

  let pairs = 0;
  const pools: { src: Node[]; dst: Node[] }[] = [];
  for (const m of scope.matchPaths) {
    const s = m.source?.resourceStatement;
    const d = m.destination?.resourceStatement;
    const src = all.filter((n) => (s ? matchesStatement(n, s) : n.kind === 'network-interface'));
    const dst = all.filter((n) => (d ? matchesStatement(n, d) : n.kind === 'network-interface'));
    pairs += src.length * dst.length;
    if (src.length && dst.length) pools.push({ src, dst });
  }
  const rand = lcg(5);
  const requests: TraceRequest[] = [];
  let skipped = 0;
  for (let i = 0; i < sample && pools.length; i++) {
    const pool = pools[rand(pools.length)] as (typeof pools)[number];
    const r = request(
      pool.src[rand(pool.src.length)] as Node,
      pool.dst[rand(pool.dst.length)] as Node,
    );
    if (r) requests.push(r);
    else skipped++;
  }
  // One untimed pass warms the JIT; then the best of three timed passes.
  for (const r of requests) trace(dp, r);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (const r of requests) trace(dp, r);
    best = Math.min(best, seconds(t));
  }
  const secondsPerTrace = requests.length ? best / requests.length : 0;
  return {
    kind: 'baseline',
    scope: name,
    pairs,
    traced: requests.length,
    skipped,
    secondsPerTrace,
    extrapolatedSeconds: pairs * secondsPerTrace,
  };
}
