/**
 * IPAM benchmarks (issue 6): the buddy-system allocator against the naive linear-scan one in
 * the same run, and the overlap check against pairwise comparison. Targets: 100,000
 * allocations of mixed sizes (/16–/28) in a three-level hierarchy ≤ 2 s; PreviewNextCidr on a
 * pool holding 100,000 allocations ≤ 1 ms; overlap status for 100,000 resource CIDRs ≤ 1 s.
 * The naive baselines are quadratic, so they run on a smaller n and the ratio is per operation.
 *
 * Run: `npm run bench:ipam` (short; a few seconds).
 */
import { initRegion } from '../src/control/account.js';
import { createIpam } from '../src/control/ipam.js';
import { allocateIpamPoolCidr } from '../src/control/ipam-allocation.js';
import { createIpamPool } from '../src/control/ipam-pool.js';
import { provisionIpamPoolCidr } from '../src/control/ipam-pool-cidr.js';
import { overlapFlags, type OwnedCidr } from '../src/ipam/overlap.js';
import { resourceCidrs } from '../src/ipam/resource-cidrs.js';
import { createVpc } from '../src/control/vpc.js';
import type { AccountId, RegionName } from '../src/model/ids.js';
import type { Operation } from '../src/model/operation.js';
import type { Snapshot } from '../src/model/snapshot.js';
import { BlockAllocator, Cidr, Ip, NaiveBlockAllocator } from '../src/net/index.js';
import { MemoryStore } from '../src/store/memory.js';

/** xorshift32, fixed seed: every run allocates the same sequence. */
function rng(seed = 0x2545f491): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Prefix lengths /16–/28, each class holding about the same address volume (n ∝ 2^p). */
function sizes(n: number): number[] {
  const next = rng();
  return Array.from({ length: n }, () => {
    let p = 28;
    while (p > 16 && next() < 0.5) p--;
    return p;
  });
}

type Alloc = BlockAllocator | NaiveBlockAllocator;

/** top /8 → 4 Regional /10 → 2 environment /11 each; allocations round-robin over the 8. */
function hierarchy(make: () => Alloc): Alloc[] {
  const top = make();
  top.addRoot(Cidr.parse('10.0.0.0/8')!);
  const envs: Alloc[] = [];
  for (let r = 0; r < 4; r++) {
    const regional = make();
    const block = top.next(10)!;
    top.allocate(block);
    regional.addRoot(block);
    for (let e = 0; e < 2; e++) {
      const env = make();
      const b = regional.next(11)!;
      regional.allocate(b);
      env.addRoot(b);
      envs.push(env);
    }
  }
  return envs;
}

function allocateAll(envs: Alloc[], prefixes: number[]): number {
  let failed = 0;
  prefixes.forEach((p, i) => {
    const pool = envs[i % envs.length]!;
    const block = pool.next(p);
    if (!block || !pool.allocate(block)) failed++;
  });
  return failed;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const time = (fn: () => void): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return ms(t0);
};
const fmt = (x: number) => (x < 1 ? x.toFixed(4) : x.toFixed(1));
const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);

// BENCH_IPAM_N / BENCH_IPAM_NAIVE_N shrink the run (a smoke test); the targets are at the defaults.
const N = Number(process.env.BENCH_IPAM_N ?? 100_000);
const NAIVE_N = Number(process.env.BENCH_IPAM_NAIVE_N ?? 3_000);

// 1. 100,000 allocations in a three-level hierarchy.
const prefixes = sizes(N);
let failed = 0;
const fastAll = time(() => {
  failed = allocateAll(
    hierarchy(() => new BlockAllocator(4)),
    prefixes,
  );
});
const fastSmall = time(() =>
  allocateAll(
    hierarchy(() => new BlockAllocator(4)),
    prefixes.slice(0, NAIVE_N),
  ),
);
const naiveSmall = time(() =>
  allocateAll(
    hierarchy(() => new NaiveBlockAllocator(4)),
    prefixes.slice(0, NAIVE_N),
  ),
);
row(
  `allocate ${N} mixed /16–/28, 3 levels (target ≤ 2000 ms)`,
  `${fmt(fastAll)} ms, ${failed} full`,
);
row(
  `allocate ${NAIVE_N}: buddy vs naive`,
  `${fmt(fastSmall)} ms vs ${fmt(naiveSmall)} ms = ${(naiveSmall / fastSmall).toFixed(0)}×`,
);

// 2. PreviewNextCidr on a pool holding 100,000 allocations.
const pool = new BlockAllocator(4);
pool.addRoot(Cidr.parse('10.0.0.0/8')!);
for (let i = 0; i < N; i++) pool.allocate(Cidr.of(Ip.of(4, 0x0a000000n + BigInt(i) * 64n), 27));
const reps = 1000;
const preview =
  time(() => {
    for (let i = 0; i < reps; i++) pool.next(24);
  }) / reps;
const naivePool = new NaiveBlockAllocator(4);
naivePool.addRoot(Cidr.parse('10.0.0.0/8')!);
for (let i = 0; i < NAIVE_N; i++)
  naivePool.allocate(Cidr.of(Ip.of(4, 0x0a000000n + BigInt(i) * 64n), 27));
const naivePreview = time(() => naivePool.next(24));
row(`PreviewNextCidr /24, pool of ${N} (target ≤ 1 ms)`, `${fmt(preview)} ms`);
row(
  `PreviewNextCidr /24: buddy at ${N} vs naive at ${NAIVE_N}`,
  `${fmt(preview)} ms vs ${fmt(naivePreview)} ms = ${(naivePreview / preview).toFixed(0)}×`,
);

// 3. Overlap status of 100,000 resource CIDRs (VPC /24s, 1 in 50 overlapping another holder).
const items: OwnedCidr[] = [];
for (let i = 0; i < N; i++) {
  const base = 0x0a000000n + BigInt(i) * 256n;
  items.push({ cidr: Cidr.of(Ip.of(4, base), 24), owner: `vpc-${i}` });
  if (i % 50 === 0) items.push({ cidr: Cidr.of(Ip.of(4, base), 26), owner: `alloc-${i}` });
}
let overlapping = 0;
const overlap = time(() => {
  overlapping = overlapFlags(items).filter(Boolean).length;
});
const small = items.slice(0, NAIVE_N);
const naiveOverlap = time(() =>
  small.map((a, i) =>
    small.some((b, j) => j !== i && b.owner !== a.owner && a.cidr.overlaps(b.cidr)),
  ),
);
const fastOverlapSmall = time(() => overlapFlags(small));
row(
  `overlap status, ${items.length} CIDRs (target ≤ 1000 ms)`,
  `${fmt(overlap)} ms, ${overlapping} overlapping`,
);
row(
  `overlap ${NAIVE_N}: forest vs pairwise`,
  `${fmt(fastOverlapSmall)} ms vs ${fmt(naiveOverlap)} ms = ${(naiveOverlap / fastOverlapSmall).toFixed(0)}×`,
);

// 4. AllocateIpamPoolCidr as the API runs it (store.execute of the control operation), one
// pool filling up with /28s: the pool's free space kept across operations (D116) against it
// rebuilt from the snapshot on every call (the operation handed a view that is not the World,
// which is what every call cost before D116).
const API_N = Number(process.env.BENCH_IPAM_API_N ?? 10_000);

/** A snapshot that is not the World: the kept space is bypassed. */
const viewOf = (s: Snapshot): Snapshot => ({
  revision: s.revision,
  get: (k, id) => s.get(k, id),
  all: (k) => s.all(k),
  count: (k) => s.count(k),
  find: (i, key) => s.find(i, key),
  fork: () => s.fork(),
});

function apiAllocations(n: number, kept: boolean): number {
  const store = new MemoryStore();
  const caller = { accountId: '111111111111' as AccountId, region: 'us-east-1' as RegionName };
  const run = <I, O>(op: Operation<I, O>, input: I): O => {
    const r = store.execute('bench', op, input, caller);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  run(initRegion, {});
  const ipam = run(createIpam, {});
  const pool = run(createIpamPool, {
    ipamScopeId: ipam.privateDefaultScopeId,
    addressFamily: 'ipv4',
  });
  run(provisionIpamPoolCidr, { ipamPoolId: pool.id, cidr: '10.0.0.0/8' });
  const allocate: typeof allocateIpamPoolCidr = (s, input, ctx) =>
    allocateIpamPoolCidr(kept ? s : viewOf(s), input, ctx);
  return time(() => {
    for (let i = 0; i < n; i++) run(allocate, { ipamPoolId: pool.id, netmaskLength: 28 });
  });
}

const keptApi = apiAllocations(API_N, true);
const keptSmall = apiAllocations(NAIVE_N, true);
const rebuiltSmall = apiAllocations(NAIVE_N, false);
row(
  `AllocateIpamPoolCidr ×${API_N} in one pool, kept space (D116)`,
  `${fmt(keptApi)} ms, ${fmt((keptApi / API_N) * 1000)} µs per call`,
);
row(
  `AllocateIpamPoolCidr ×${NAIVE_N}: kept vs rebuilt per call`,
  `${fmt(keptSmall)} ms vs ${fmt(rebuiltSmall)} ms = ${(rebuiltSmall / keptSmall).toFixed(0)}×`,
);

/**
 * GetIpamResourceCidrs as the API computes it (src/ipam/resource-cidrs.ts): management state,
 * compliance and overlap status of every VPC CIDR in the private scope, with AUDIT_N VPCs of /25
 * in a monitored pool (each a VPC with its main table, ACL and group, built through CreateVpc).
 */
function auditRows(n: number): {
  build: number;
  audit: number;
  rows: number;
  managed: number;
  overlapping: number;
} {
  const store = new MemoryStore();
  const caller = { accountId: '111111111111' as AccountId, region: 'us-east-1' as RegionName };
  const run = <I, O>(op: Operation<I, O>, input: I): O => {
    const r = store.execute('bench', op, input, caller);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  run(initRegion, {});
  const ipam = run(createIpam, {});
  const pool = run(createIpamPool, {
    ipamScopeId: ipam.privateDefaultScopeId,
    addressFamily: 'ipv4',
    locale: 'us-east-1',
    allocationMinNetmaskLength: 16,
    allocationMaxNetmaskLength: 28,
  });
  run(provisionIpamPoolCidr, { ipamPoolId: pool.id, cidr: '10.0.0.0/8' });
  const build = time(() => {
    for (let i = 0; i < n; i++) {
      // Every 50th VPC repeats its neighbour's block: overlapping CIDRs for the audit to find.
      // Every other VPC draws its block from the pool (managed: compliance is judged).
      const k = i % 50 === 49 ? i - 1 : i;
      const cidrBlock = `10.${k >> 9}.${(k >> 1) & 255}.${(k & 1) * 128}/25`;
      run(createVpc, i % 2 === 0 ? { ipv4IpamPoolId: pool.id, cidrBlock } : { cidrBlock });
    }
  });
  const scope = store.snapshot.get('ipam-scope', ipam.privateDefaultScopeId)!;
  let rows: ReturnType<typeof resourceCidrs> = [];
  const audit = time(() => {
    rows = resourceCidrs(store.snapshot, scope);
  });
  return {
    build,
    audit,
    rows: rows.length,
    managed: rows.filter((r) => r.managementState === 'managed').length,
    overlapping: rows.filter((r) => r.overlapStatus === 'overlapping').length,
  };
}

const AUDIT_N = Number(process.env['BENCH_IPAM_AUDIT_N'] ?? 100_000);
const audit = auditRows(AUDIT_N);
row(
  `GetIpamResourceCidrs, ${AUDIT_N} VPCs: compliance + overlap (target ≤ 1000 ms)`,
  `${fmt(audit.audit)} ms for ${audit.rows} rows (${audit.managed} managed), ${audit.overlapping} overlapping (built in ${fmt(audit.build)} ms)`,
);
