import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureSize, type SizeFigures } from './enterprise-network.js';

/**
 * `npm run bench:enterprise [-- --sizes 250,500,1000,2000 --traces 10000 --no-baseline]`:
 * issue 4's Speed figures on `vpctwin generate --profile enterprise` (D90) — generation, load,
 * compile at each size (growth per doubling), traces per second over a seeded mix, memory —
 * against the targets (compile ≤ 5 s, ≥ 5,000 traces/s, ≤ 2 GB at 2,000 spokes) and against a
 * baseline measured in the same run: the foundation generator's network with the same number of
 * VPCs, hence the same ENI count (40 per VPC), but no transit gateway, inspection or VPN.
 * Each network is measured in its own process, so memory figures do not mix.
 */
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

function child(profile: string, vpcs: number, traces: number): SizeFigures {
  const out = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=4096',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--one',
      `${profile}:${vpcs}`,
      '--traces',
      String(traces),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as SizeFigures;
}

const f = (n: number, digits = 2) => n.toFixed(digits);
const table = (rows: readonly (readonly string[])[]) => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const [i, r] of rows.entries()) {
    console.log(
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    );
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
};

function run(): void {
  const sizes = (arg('--sizes') ?? '250,500,1000,2000').split(',').map(Number);
  const traces = Number(arg('--traces') ?? 10_000);
  const baseline = !argv.includes('--no-baseline');
  const cpu = cpus()[0]?.model ?? '?';
  console.log(
    `vpctwin enterprise benchmark — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs (${cpu}), load average ${loadavg()
      .map((x) => f(x))
      .join(' ')}`,
  );
  console.log(
    'network: vpctwin generate --profile enterprise (D90); baseline: vpctwin generate (foundation) with the same VPC and ENI count; each in its own process',
  );
  const ent: SizeFigures[] = [];
  const base: (SizeFigures | undefined)[] = [];
  for (const n of sizes) {
    ent.push(child('enterprise', n, traces));
    base.push(baseline ? child('foundation', n, traces) : undefined);
  }

  console.log(
    '\ngrowth (enterprise; load = parse + every resource through the operations into memory)',
  );
  const rows: string[][] = [
    [
      'spokes',
      'ENIs',
      'resources',
      'generate s',
      'load s',
      'cpu s',
      'compile s',
      'cpu s',
      '×/doubling',
      'cpu ×/doubling',
      'recompile s',
      'baseline compile s',
      'cpu s',
      'enterprise/baseline (cpu)',
    ],
  ];
  ent.forEach((e, i) => {
    const prev = ent[i - 1];
    const b = base[i];
    rows.push([
      String(e.vpcs),
      String(e.enis),
      String(e.resources),
      f(e.generateSeconds),
      f(e.loadSeconds),
      f(e.loadCpuSeconds),
      f(e.compileSeconds),
      f(e.compileCpuSeconds),
      prev && e.vpcs === prev.vpcs * 2 ? `${f(e.compileSeconds / prev.compileSeconds)}×` : '',
      prev && e.vpcs === prev.vpcs * 2 ? `${f(e.compileCpuSeconds / prev.compileCpuSeconds)}×` : '',
      f(e.recompileSeconds),
      b ? f(b.compileSeconds) : '—',
      b ? f(b.compileCpuSeconds) : '—',
      b ? `${f(e.compileCpuSeconds / b.compileCpuSeconds)}×` : '—',
    ]);
  });
  table(rows);

  console.log(`\ntraces (${traces} seeded pairs per size, best of 3 rounds, one core)`);
  const trows: string[][] = [
    [
      'spokes',
      'traces/s',
      'per CPU s',
      'baseline traces/s',
      'per CPU s',
      'enterprise/baseline (cpu)',
      'reachable share by kind',
    ],
  ];
  ent.forEach((e, i) => {
    const b = base[i];
    trows.push([
      String(e.vpcs),
      f(e.tracesPerSecond, 0),
      f(e.tracesPerCpuSecond, 0),
      b ? f(b.tracesPerSecond, 0) : '—',
      b ? f(b.tracesPerCpuSecond, 0) : '—',
      b ? `${f(e.tracesPerCpuSecond / b.tracesPerCpuSecond)}×` : '—',
      Object.entries(e.reachable)
        .map(([k, v]) => `${k} ${f(v * 100, 0)}%`)
        .join(', '),
    ]);
  });
  table(trows);

  console.log(
    '\nmemory (after GC, holding the store and the compiled graph; peak = process maxRSS)',
  );
  const mrows: string[][] = [
    ['spokes', 'heap MiB', 'RSS MiB', 'peak RSS MiB', 'baseline peak RSS MiB'],
  ];
  ent.forEach((e, i) => {
    const b = base[i];
    mrows.push([
      String(e.vpcs),
      String(e.heapAfterGcMiB),
      String(e.rssAfterGcMiB),
      String(e.peakRssMiB),
      b ? String(b.peakRssMiB) : '—',
    ]);
  });
  table(mrows);

  const last = ent.at(-1);
  if (last) {
    const gb = (last.peakRssMiB * 1048576) / 1e9;
    console.log(`\nagainst the targets at ${last.vpcs} spokes (${last.enis} ENIs):`);
    console.log(
      `  compile ${f(last.compileSeconds)} s: target ≤ 5 s, ${f(last.compileSeconds / 5)}× of budget — ${last.compileSeconds <= 5 ? 'met' : 'NOT met'} (CPU ${f(last.compileCpuSeconds)} s)`,
    );
    console.log(
      `  ${f(last.tracesPerSecond, 0)} traces/s: target ≥ 5,000, ${f(last.tracesPerSecond / 5000)}× target — ${last.tracesPerSecond >= 5000 ? 'met' : 'NOT met'} (${f(last.tracesPerCpuSecond, 0)} per CPU second)`,
    );
    console.log(
      `  peak RSS ${last.peakRssMiB} MiB = ${f(gb)} GB: target ≤ 2 GB — ${gb <= 2 ? 'met' : 'NOT met'}`,
    );
  }
  console.log(
    `\nload average at the end: ${loadavg()
      .map((x) => f(x))
      .join(' ')}`,
  );
}

const one = arg('--one');
if (one !== undefined) {
  // Child mode: `--one enterprise:2000 --traces N` prints one JSON line.
  const [profile, n] = one.split(':');
  const figures = measureSize(
    profile === 'foundation' ? 'foundation' : 'enterprise',
    Number(n),
    Number(arg('--traces') ?? 10_000),
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  run();
}
