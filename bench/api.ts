/**
 * `npm run bench:api [-- options]` (or `npx tsx bench/api.ts`): vpctwin serve against moto_server,
 * side by side in one run, on loopback.
 *
 *  1. boto3: /work/shared/bench/ec2-api-bench.py against each server with the same arguments,
 *     phase by phase, alternating servers so that load on the machine hits both alike.
 *  2. Node load generator (bench/api-load.ts): the same pre-built requests to each server at each
 *     concurrency, so the servers' capacity is measured rather than boto3's (~2 ms per call).
 *  3. vpctwin only: 10,000 VPCs (every 10th with a distinct Name tag) and 40,000 subnets through
 *     the API; DescribeVpcs filtered by tag:Name (client-side time, Node client); server RSS.
 *
 * Options: --n 1000 --describe-n 50 --describe-vpcs 1000 --threads 4 (boto3 script)
 *          --load-n 2000 --load-describe-n 50 --concurrency 1,8 --warm-up-n 300 (Node load generator)
 *          --big-vpcs 10000 --subnets-per-vpc 4 --tag-every 10 --tag-calls 200 (vpctwin only)
 *          --memory (also the in-memory store)  --skip boto,load,big  --script PATH
 *          --cpu-prof DIR (serve processes run with --cpu-prof into DIR)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Client,
  describeVpcsOp,
  drive,
  form,
  LOAD_OPS,
  parallel,
  quantile,
  vpcCidr,
  xmlValue,
  type LoadOp,
  type PhaseResult,
} from './api-load.js';
import {
  cpuMs,
  hwmMiB,
  reset,
  rssMiB,
  startMoto,
  startVpctwin,
  type Server,
} from './api-servers.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? (argv[i + 1] as string) : fallback;
};
const num = (name: string, fallback: number) => Number(opt(name, String(fallback)));
const has = (name: string) => argv.includes(`--${name}`);

const SCRIPT = opt('script', '/work/shared/bench/ec2-api-bench.py');
const N = num('n', 1000);
const DESCRIBE_N = num('describe-n', 50);
const DESCRIBE_VPCS = num('describe-vpcs', 1000);
const THREADS = num('threads', 4);
const LOAD_N = num('load-n', 2000);
/** Untimed calls of each write operation per server before the timed phases (`--warm-up-n`). */
const WARM_UP_N = num('warm-up-n', 300);
const LOAD_DESCRIBE_N = num('load-describe-n', 50);
const CONCURRENCY = opt('concurrency', '1,8').split(',').map(Number);
const BIG_VPCS = num('big-vpcs', 10_000);
const SUBNETS_PER_VPC = num('subnets-per-vpc', 4);
const TAG_EVERY = num('tag-every', 10);
const TAG_CALLS = num('tag-calls', 200);
const SKIP = new Set(opt('skip', '').split(',').filter(Boolean));
const CPU_PROF = opt('cpu-prof', '');
/** vpctwin's subnets-per-VPC quota (AWS's default), which the boto3 script's one VPC would hit. */
const SUBNET_QUOTA = 200;

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);

function table(title: string, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// ---------------------------------------------------------------------------------------------
// 1. boto3 script

interface BotoRow {
  op: string;
  threads: number;
  calls: number;
  errors: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  first_error?: string;
  vpcs_present?: number;
}

/** Runs the shared boto3 script; returns its JSON lines. */
function runScript(endpoint: string, args: string[]): Promise<BotoRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [SCRIPT, '--endpoint', endpoint, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`ec2-api-bench.py exited ${code}: ${err.slice(-2000)}`));
      const rows = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as BotoRow);
      resolve(rows);
    });
  });
}

async function botoPhase(servers: readonly Server[]): Promise<void> {
  const common = ['--threads', String(THREADS), '--describe-n', String(DESCRIBE_N)];
  common.push('--describe-vpcs', String(DESCRIBE_VPCS), '--max-seconds', '300');
  const phases: [string, number][] = [
    ['create_vpc', N],
    ['describe_vpcs', N],
    ['create_subnet', Math.min(N, SUBNET_QUOTA)],
    ['authorize_sg', N],
  ];
  const results = new Map<string, BotoRow[]>(servers.map((s) => [s.name, []]));
  for (const [phase, n] of phases) {
    for (const s of servers) {
      process.stderr.write(`boto3 ${phase} → ${s.name}\n`);
      const rows = await runScript(s.endpoint, [...common, '--n', String(n), '--only', phase]);
      results.get(s.name)?.push(...rows);
    }
  }
  const [base, ...others] = servers;
  if (!base) return;
  const head = ['op', 'threads', 'calls'];
  for (const s of servers) head.push(`${s.name} req/s`, 'p50 ms');
  for (const s of others) head.push(`${s.name}/moto`);
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const r of results.get(base.name) ?? []) {
    const row = [
      r.op + (r.vpcs_present ? ` (${r.vpcs_present} VPCs)` : ''),
      String(r.threads),
      String(r.calls),
    ];
    const ratios: string[] = [];
    for (const s of servers) {
      const m = results.get(s.name)?.find((x) => x.op === r.op && x.threads === r.threads);
      row.push(m ? f1(m.rps) : '-', m ? f1(m.p50_ms) : '-');
      if (m && m.errors > 0)
        notes.push(`${s.name} ${r.op} ×${r.threads}: ${m.errors} errors, e.g. ${m.first_error}`);
      if (s !== base) ratios.push(m ? `${f1(m.rps / r.rps)}×` : '-');
    }
    rows.push([...row, ...ratios]);
  }
  table(
    `boto3 client (ec2-api-bench.py --n ${N} --describe-n ${DESCRIBE_N} --describe-vpcs ${DESCRIBE_VPCS} --threads ${THREADS}; ` +
      `create_subnet with --n ${Math.min(N, SUBNET_QUOTA)}, vpctwin's subnets-per-VPC quota). ` +
      `Client-bound: one boto3 call costs ~2 ms of client CPU.`,
    head,
    rows,
  );
  for (const n of notes) console.log(`  note: ${n}`);
}

// ---------------------------------------------------------------------------------------------
// 2. Node load generator

interface LoadRow {
  op: string;
  concurrency: number;
  result: PhaseResult;
  cpuUsPerCall: number;
}

async function loadPhase(servers: readonly Server[]): Promise<void> {
  const ops: { op: LoadOp; n: number }[] = [
    ...LOAD_OPS.map((op) => ({ op, n: LOAD_N })),
    { op: describeVpcsOp(DESCRIBE_VPCS), n: LOAD_DESCRIBE_N },
  ];
  const results = new Map<string, LoadRow[]>(servers.map((s) => [s.name, []]));
  // Each server runs every write operation a few hundred times first, untimed, then is reset:
  // a freshly started server would otherwise spend the first timed phase compiling its code
  // (a JIT for vpctwin), which is start-up, not capacity.
  for (const s of servers) {
    for (const op of LOAD_OPS) {
      process.stderr.write(`warm-up ${op.name} → ${s.name}\n`);
      if (!(await reset(s.endpoint))) throw new Error(`${s.name}: reset failed`);
      const client = new Client(s.endpoint, 1);
      try {
        await drive(client, await op.prepare(client, WARM_UP_N), 1);
      } finally {
        client.close();
      }
    }
  }
  for (const { op, n } of ops) {
    for (const c of CONCURRENCY) {
      for (const s of servers) {
        process.stderr.write(`node load ${op.name} ×${c} → ${s.name}\n`);
        if (!(await reset(s.endpoint))) throw new Error(`${s.name}: reset failed`);
        const client = new Client(s.endpoint, Math.max(c, 4));
        try {
          const bodies = await op.prepare(client, n);
          // The first call's connection set-up is part of the timing, as it is for boto3.
          const cpu0 = cpuMs(s.pid);
          const result = await drive(client, bodies, c);
          const cpu = cpuMs(s.pid) - cpu0;
          results.get(s.name)?.push({
            op: op.name,
            concurrency: c,
            result,
            cpuUsPerCall: (cpu * 1000) / result.calls,
          });
        } finally {
          client.close();
        }
      }
    }
  }
  const [base, ...others] = servers;
  if (!base) return;
  const head = ['op', 'conc', 'calls'];
  for (const s of servers) head.push(`${s.name} req/s`, 'p50 ms', 'cpu µs/call');
  for (const s of others) head.push(`${s.name}/moto`);
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const r of results.get(base.name) ?? []) {
    const row = [r.op, String(r.concurrency), String(r.result.calls)];
    const ratios: string[] = [];
    for (const s of servers) {
      const m = results.get(s.name)?.find((x) => x.op === r.op && x.concurrency === r.concurrency);
      row.push(
        m ? f1(m.result.rps) : '-',
        m ? f2(m.result.p50Ms) : '-',
        m ? m.cpuUsPerCall.toFixed(0) : '-',
      );
      if (m && m.result.errors > 0)
        notes.push(
          `${s.name} ${r.op} ×${r.concurrency}: ${m.result.errors} errors, e.g. ${m.result.firstError}`,
        );
      if (s !== base) ratios.push(m ? `${f1(m.result.rps / r.result.rps)}×` : '-');
    }
    rows.push([...row, ...ratios]);
  }
  table(
    `Node load generator (raw keep-alive sockets, pre-built requests, unverified SigV4 header; --load-n ${LOAD_N}, ` +
      `DescribeVpcs ${LOAD_DESCRIBE_N} calls with ${DESCRIBE_VPCS} VPCs). cpu = server process CPU time per call.`,
    head,
    rows,
  );
  for (const n of notes) console.log(`  note: ${n}`);
}

// ---------------------------------------------------------------------------------------------
// 3. vpctwin at 10,000 VPCs

async function bigPhase(s: Server, db: string | undefined): Promise<string[][]> {
  process.stderr.write(`big state → ${s.name}\n`);
  if (!(await reset(s.endpoint))) throw new Error(`${s.name}: reset failed`);
  const client = new Client(s.endpoint, 8);
  const rows: string[][] = [];
  try {
    const rssStart = rssMiB(s.pid);
    const vpcs: string[] = new Array<string>(BIG_VPCS);
    let t0 = performance.now();
    await parallel(BIG_VPCS, 8, async (i) => {
      const params: Record<string, string> = { CidrBlock: vpcCidr(i) };
      if (i % TAG_EVERY === 0) {
        params['TagSpecification.1.ResourceType'] = 'vpc';
        params['TagSpecification.1.Tag.1.Key'] = 'Name';
        params['TagSpecification.1.Tag.1.Value'] = `bench-vpc-${i}`;
      }
      vpcs[i] = xmlValue(await client.ok(form('CreateVpc', params)), 'vpcId');
    });
    const vpcS = (performance.now() - t0) / 1000;
    const prefix = 24 + Math.ceil(Math.log2(Math.max(1, SUBNETS_PER_VPC)));
    const size = 2 ** (32 - prefix);
    t0 = performance.now();
    await parallel(BIG_VPCS * SUBNETS_PER_VPC, 8, async (k) => {
      const i = Math.floor(k / SUBNETS_PER_VPC);
      const j = k % SUBNETS_PER_VPC;
      const base = vpcCidr(i).replace(/\.0\/24$/, '');
      await client.ok(
        form('CreateSubnet', {
          VpcId: vpcs[i] as string,
          CidrBlock: `${base}.${j * size}/${prefix}`,
          AvailabilityZone: `us-east-1${'abcd'[j % 4]}`,
        }),
      );
    });
    const subnetS = (performance.now() - t0) / 1000;
    // Holding the state: RSS once it is built, before any call that answers with all of it.
    const rssHeld = rssMiB(s.pid);

    // DescribeVpcs filtered by tag:Name: one call at a time, a different name each call.
    const tagged = Math.ceil(BIG_VPCS / TAG_EVERY);
    const bodies = Array.from({ length: TAG_CALLS }, (_, k) =>
      form('DescribeVpcs', {
        'Filter.1.Name': 'tag:Name',
        'Filter.1.Value.1': `bench-vpc-${((k * 7919) % tagged) * TAG_EVERY}`,
      }),
    );
    const check = await client.ok(bodies[0] as string);
    const found = check.split('<vpcId>').length - 1;
    const lat: number[] = [];
    for (const body of bodies) {
      const t = performance.now();
      await client.ok(body);
      lat.push(performance.now() - t);
    }
    lat.sort((a, b) => a - b);
    const rssAfterTag = rssMiB(s.pid);
    // Then answers with everything (a 10,000-VPC and a 40,000-subnet document): RSS after them,
    // and the peak, show what building such answers costs on top.
    const totalVpcs = (await client.ok(form('DescribeVpcs'))).split('<vpcId>').length - 1;
    const totalSubnets = (await client.ok(form('DescribeSubnets'))).split('<subnetId>').length - 1;
    const rssAfterAll = rssMiB(s.pid);
    const peak = hwmMiB(s.pid);
    const mb = (mib: number) => `${f1(mib * 1.048576)} MB`;
    const dbMiB = db === undefined ? undefined : fileMiB(db) + fileMiB(`${db}-wal`);
    rows.push(
      ['VPCs created (8 in flight)', `${BIG_VPCS} in ${f1(vpcS)} s`, `${f1(BIG_VPCS / vpcS)}/s`],
      [
        'subnets created (8 in flight)',
        `${BIG_VPCS * SUBNETS_PER_VPC} in ${f1(subnetS)} s`,
        `${f1((BIG_VPCS * SUBNETS_PER_VPC) / subnetS)}/s`,
      ],
      [
        'present (DescribeVpcs / DescribeSubnets)',
        `${totalVpcs} VPCs, ${totalSubnets} subnets`,
        '',
      ],
      [
        `DescribeVpcs tag:Name=… (${TAG_CALLS} calls, ${found} match)`,
        `median ${f2(quantile(lat, 0.5))} ms, p95 ${f2(quantile(lat, 0.95))} ms`,
        `target ≤ 20 ms median: ${quantile(lat, 0.5) <= 20 ? 'met' : 'NOT met'}`,
      ],
      [
        'server RSS holding the state (VmRSS, process + children)',
        `${f1(rssHeld)} MiB = ${mb(rssHeld)} (${f1(rssStart)} MiB at start)`,
        `target ≤ 300 MB: ${rssHeld * 1.048576 <= 300 ? 'met' : 'NOT met'}`,
      ],
      ['  … after the tag:Name calls', `${f1(rssAfterTag)} MiB = ${mb(rssAfterTag)}`, ''],
      [
        '  … after DescribeVpcs and DescribeSubnets of everything',
        `${f1(rssAfterAll)} MiB = ${mb(rssAfterAll)} (peak VmHWM ${f1(peak)} MiB)`,
        '',
      ],
    );
    if (dbMiB !== undefined) rows.push(['database file + WAL', `${f1(dbMiB)} MiB`, '']);
  } finally {
    client.close();
  }
  return rows;
}

function fileMiB(path: string): number {
  try {
    return statSync(path).size / 2 ** 20;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vpctwin-api-bench-'));
  const nodeArgs = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : [];
  const started: Server[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((s) => s.stop()));
    started.length = 0;
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const load = () => loadavg().map(f2).join(' ');
  try {
    console.log(
      `vpctwin API benchmark — ${new Date().toISOString()}, node ${process.version}, ` +
        `${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load()}`,
    );
    const servers: Server[] = [];
    if (!(SKIP.has('boto') && SKIP.has('load'))) {
      const moto = await startMoto();
      started.push(moto);
      servers.push(moto);
      const sqlite = await startVpctwin(join(dir, 'serve.db'), nodeArgs);
      started.push(sqlite);
      servers.push(sqlite);
      if (has('memory')) {
        const memory = await startVpctwin(undefined, nodeArgs);
        started.push(memory);
        servers.push(memory);
      }
      console.log(
        `servers: ${servers.map((s) => `${s.name} pid ${s.pid} ${s.endpoint}`).join('; ')}`,
      );
      if (!SKIP.has('boto')) await botoPhase(servers);
      if (!SKIP.has('load')) await loadPhase(servers);
      await stopAll();
    }
    if (!SKIP.has('big')) {
      // A fresh server for the state: the memory measured is what holding it costs, not what
      // the phases above left behind (V8 keeps freed heap pages for a while).
      const rows: string[][] = [];
      const dbs: (string | undefined)[] = [join(dir, 'big.db')];
      if (has('memory')) dbs.push(undefined);
      for (const db of dbs) {
        const server = await startVpctwin(db, nodeArgs);
        started.push(server);
        try {
          for (const r of await bigPhase(server, db)) rows.push([server.name, ...r]);
        } finally {
          await stopAll();
        }
      }
      table(
        `vpctwin with ${BIG_VPCS} VPCs (every ${TAG_EVERY}th with a distinct Name tag) and ` +
          `${SUBNETS_PER_VPC} subnets each, made through the API on a freshly started server ` +
          `(Node client, keep-alive; latency client-side, send to last byte, reply not parsed)`,
        ['server', 'what', 'value', ''],
        rows,
      );
    }
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
