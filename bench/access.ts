import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  measureAccess,
  SCOPE_NAMES,
  type BaselineLine,
  type EndLine,
  type Line,
  type NetworkLine,
  type Profile,
  type ScopeLine,
} from './access-network.js';

/**
 * `npm run bench:access [-- --sizes 100,250,500,1000,2000 --profiles foundation,enterprise
 * --sample 2000 --timeout 900 --max-heap 6144 --cpu-prof DIR --quick]`: issue 5's Speed figures. The four Amazon-created scopes
 * analysed one after the other on `vpctwin generate` (foundation) and `vpctwin generate --profile
 * enterprise` at each size, one process per network so memory figures do not mix: compile time,
 * time and findings per scope, the four together against the 30 s target, peak RSS against the
 * 4 GB target, the growth per doubling of the network, and the naive baseline (one concrete trace
 * per source × destination pair, timed on a sample and extrapolated) in the same run.
 */
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const TARGET_SECONDS = 30;
const TARGET_GB = 4;

/** What one child reported; `stopped` when the time limit or a crash cut it short. */
interface Run {
  readonly profile: Profile;
  readonly vpcs: number;
  readonly network?: NetworkLine;
  readonly baselines: BaselineLine[];
  readonly scopes: ScopeLine[];
  readonly end?: EndLine;
  readonly stopped?: string;
}

function child(
  profile: Profile,
  vpcs: number,
  sample: number,
  timeoutS: number,
  heapMb: number,
  cpuProf: string | undefined,
): Run {
  const r = spawnSync(
    process.execPath,
    [
      ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []),
      '--expose-gc',
      `--max-old-space-size=${heapMb}`,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--one',
      `${profile}:${vpcs}`,
      '--sample',
      String(sample),
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 << 20,
      timeout: timeoutS * 1000,
      killSignal: 'SIGKILL',
    },
  );
  const lines = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Line);
  const run: Run = {
    profile,
    vpcs,
    network: lines.find((l): l is NetworkLine => l.kind === 'network'),
    baselines: lines.filter((l): l is BaselineLine => l.kind === 'baseline'),
    scopes: lines.filter((l): l is ScopeLine => l.kind === 'scope'),
    end: lines.find((l): l is EndLine => l.kind === 'end'),
    stopped:
      r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
        ? `stopped at the ${timeoutS} s limit`
        : r.status !== 0
          ? `exited with ${r.status ?? r.signal}`
          : undefined,
  };
  return run;
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

const total = (r: Run) =>
  r.scopes.length === SCOPE_NAMES.length ? r.scopes.reduce((a, s) => a + s.seconds, 0) : undefined;
const totalCpu = (r: Run) =>
  r.scopes.length === SCOPE_NAMES.length
    ? r.scopes.reduce((a, s) => a + s.cpuSeconds, 0)
    : undefined;
const peak = (r: Run) => r.end?.peakRssMiB ?? r.scopes.at(-1)?.peakRssMiB;
const gb = (miB: number) => (miB * 1048576) / 1e9;

/** The growth per doubling between two sizes: (t2/t1)^(1/log2(n2/n1)). */
const perDoubling = (t1: number, t2: number, n1: number, n2: number) =>
  Math.pow(t2 / t1, 1 / Math.log2(n2 / n1));

function growthTable(runs: readonly Run[]): void {
  const rows: string[][] = [
    [
      'VPCs',
      'ENIs',
      'compile s',
      ...SCOPE_NAMES.map((n) => `${n} s`),
      'four s',
      'cpu s',
      '× 30 s',
      '×/doubling',
      'peak RSS MiB',
      '× 4 GB',
      'note',
    ],
  ];
  runs.forEach((r, i) => {
    const prev = runs[i - 1];
    const t = total(r);
    const tp = prev && total(prev);
    const p = peak(r);
    rows.push([
      String(r.vpcs),
      r.network ? String(r.network.enis) : '—',
      r.network ? f(r.network.compileSeconds) : '—',
      ...SCOPE_NAMES.map((n) => {
        const s = r.scopes.find((x) => x.scope === n);
        return s ? f(s.seconds) : '—';
      }),
      t !== undefined ? f(t) : '—',
      totalCpu(r) !== undefined ? f(totalCpu(r) as number) : '—',
      t !== undefined ? `${f(t / TARGET_SECONDS)}×` : '—',
      t !== undefined && tp !== undefined && prev
        ? `${f(perDoubling(tp, t, prev.vpcs, r.vpcs))}×`
        : '',
      p !== undefined ? String(p) : '—',
      p !== undefined ? `${f(gb(p) / TARGET_GB)}×` : '—',
      r.stopped ?? '',
    ]);
  });
  table(rows);
}

function findingsTable(runs: readonly Run[]): void {
  const rows: string[][] = [
    ['VPCs', 'analyzed ENIs', ...SCOPE_NAMES.flatMap((n) => [`${n} findings`, 'starts'])],
  ];
  for (const r of runs) {
    rows.push([
      String(r.vpcs),
      r.scopes[0] ? String(r.scopes[0].analyzedEniCount) : '—',
      ...SCOPE_NAMES.flatMap((n) => {
        const s = r.scopes.find((x) => x.scope === n);
        return s ? [String(s.findings), String(s.starts)] : ['—', '—'];
      }),
    ]);
  }
  table(rows);
}

function memoryTable(runs: readonly Run[]): void {
  const rows: string[][] = [
    [
      'VPCs',
      ...SCOPE_NAMES.map((n) => `peak after ${n}`),
      'RSS after GC',
      'heap after GC',
      '× 4 GB (peak)',
    ],
  ];
  for (const r of runs) {
    const p = peak(r);
    rows.push([
      String(r.vpcs),
      ...SCOPE_NAMES.map((n) => {
        const s = r.scopes.find((x) => x.scope === n);
        return s ? String(s.peakRssMiB) : '—';
      }),
      r.end ? String(r.end.rssAfterGcMiB) : '—',
      r.end ? String(r.end.heapAfterGcMiB) : '—',
      p !== undefined ? `${f(gb(p) / TARGET_GB)}×` : '—',
    ]);
  }
  table(rows);
}

function baselineTable(runs: readonly Run[]): void {
  const rows: string[][] = [
    [
      'VPCs',
      'scope',
      'pairs',
      'traced',
      'skipped',
      'µs/trace',
      'naive s (≥)',
      'symbolic s',
      'naive/symbolic',
    ],
  ];
  for (const r of runs) {
    for (const b of r.baselines) {
      const s = r.scopes.find((x) => x.scope === b.scope);
      rows.push([
        String(r.vpcs),
        b.scope,
        String(b.pairs),
        String(b.traced),
        String(b.skipped),
        f(b.secondsPerTrace * 1e6, 1),
        f(b.extrapolatedSeconds, 1),
        s ? f(s.seconds) : '—',
        s && s.seconds > 0 ? `${f(b.extrapolatedSeconds / s.seconds, 1)}×` : '—',
      ]);
    }
  }
  table(rows);
}

/** The targets hold at the sizes only: elsewhere the ratios are shown without a verdict. */
function verdict(r: Run | undefined, label: string, targetVpcs: number): void {
  if (!r) return;
  const judged = r.vpcs === targetVpcs;
  const say = (ok: boolean) => (judged ? (ok ? ' — met' : ' — NOT met') : '');
  const t = total(r);
  const p = peak(r);
  const time =
    t !== undefined
      ? `four scopes ${f(t)} s: target ≤ ${TARGET_SECONDS} s, ${f(t / TARGET_SECONDS)}× of budget${say(t <= TARGET_SECONDS)}`
      : `four scopes not finished (${r.stopped ?? 'no result'})${say(false)}`;
  const mem =
    p !== undefined
      ? `peak RSS ${p} MiB = ${f(gb(p))} GB: target ≤ ${TARGET_GB} GB${say(gb(p) <= TARGET_GB)}${r.end ? '' : ' (so far)'}`
      : 'peak RSS unknown';
  const note = judged ? '' : ` [not the issue's size of ${targetVpcs}: no verdict]`;
  console.log(`  ${label} (${r.vpcs} VPCs): ${time}; ${mem}${note}`);
}

function run(): void {
  const quick = argv.includes('--quick');
  const sizes = (arg('--sizes') ?? (quick ? '4,8' : '100,250,500,1000,2000'))
    .split(',')
    .map(Number);
  const profiles = (arg('--profiles') ?? 'foundation,enterprise').split(',') as Profile[];
  if (!sizes.every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--sizes: positive integers, comma-separated');
  if (!profiles.every((p) => p === 'foundation' || p === 'enterprise'))
    throw new Error('--profiles: foundation, enterprise or both, comma-separated');
  const sample = Number(arg('--sample') ?? (quick ? 100 : 2000));
  const timeoutS = Number(arg('--timeout') ?? 900);
  const heapMb = Number(arg('--max-heap') ?? 6144);
  const cpuProf = arg('--cpu-prof');
  console.log(
    `vpctwin access-analysis benchmark — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
      .map((x) => f(x))
      .join(' ')}`,
  );
  console.log(
    `scopes: ${SCOPE_NAMES.join(', ')}, one after the other on one compiled graph; each network in its own process (limit ${timeoutS} s); baseline sample ${sample} traces per scope`,
  );
  const byProfile = new Map<Profile, Run[]>();
  for (const profile of profiles) {
    const runs: Run[] = [];
    for (const n of sizes) {
      const prev = runs.at(-1);
      if (prev?.stopped) {
        runs.push({
          profile,
          vpcs: n,
          baselines: [],
          scopes: [],
          stopped: 'not run (a smaller size stopped)',
        });
        continue;
      }
      process.stderr.write(`${profile} ${n} VPCs …\n`);
      runs.push(child(profile, n, sample, timeoutS, heapMb, cpuProf));
    }
    byProfile.set(profile, runs);
  }
  for (const [profile, runs] of byProfile) {
    const what =
      profile === 'enterprise'
        ? 'vpctwin generate --profile enterprise --vpcs N (D90)'
        : 'vpctwin generate --vpcs N (the foundation network)';
    console.log(`\n${profile}: ${what} — time per scope, the four together, peak RSS`);
    growthTable(runs);
    console.log(`\n${profile}: findings per scope (starts = source components walked)`);
    findingsTable(runs);
    console.log(
      `\n${profile}: memory, MiB (peak = process maxRSS so far; after GC = holding the graph, no results)`,
    );
    memoryTable(runs);
    if (sample > 0) {
      console.log(
        `\n${profile}: baseline — one concrete trace per (source, destination) pair of the scope, timed on a sample, × pairs (a lower bound)`,
      );
      baselineTable(runs);
    }
  }
  console.log('\nagainst the targets (four scopes ≤ 30 s, ≤ 4 GB):');
  const at = (profile: Profile, n: number) => {
    const runs = byProfile.get(profile);
    return runs?.find((r) => r.vpcs === n) ?? runs?.at(-1);
  };
  verdict(at('foundation', 1000), 'foundation', 1000);
  verdict(at('enterprise', 2000), 'enterprise', 2000);
  console.log(
    `\nload average at the end: ${loadavg()
      .map((x) => f(x))
      .join(' ')}`,
  );
}

const one = arg('--one');
if (one !== undefined) {
  // Child mode: `--one foundation:1000 --sample N` prints one JSON line per result.
  const [profile, n] = one.split(':');
  measureAccess(
    profile === 'enterprise' ? 'enterprise' : 'foundation',
    Number(n),
    Number(arg('--sample') ?? 2000),
    (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
  );
} else {
  run();
}
