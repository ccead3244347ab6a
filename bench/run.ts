import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '../src/store/memory.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { benchLpm } from './lpm.js';
import { benchNetwork } from './network.js';
import { loadBatch, loadOneByOne } from './store-load.js';

/**
 * `npm run bench [-- --vpcs N]`: the figures of the foundation issue, each against its target
 * or its baseline measured in the same run, with the ratio printed.
 */
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const vpcs = arg('--vpcs', 1000);
const fmt = (n: number, digits = 2) => n.toFixed(digits);

const lpm = benchLpm();
console.log(
  'longest-prefix match, 10,000 IPv4 routes (baseline: linear scan over the same routes)',
);
console.log(
  `  trie ${fmt(lpm.trieNsPerLookup, 0)} ns/lookup, scan ${fmt(lpm.scanNsPerLookup, 0)} ns/lookup: ${fmt(lpm.ratio, 0)}× faster (target ≥ 100×)`,
);

const n = benchNetwork(vpcs);
console.log(
  `\ngenerated network: ${n.vpcs} VPCs, ${n.enis} ENIs, ${n.resources} resources, ${n.operations} operations`,
);
const rows: [string, string, string][] = [
  [
    'load into SQLite',
    `${fmt(n.loadSeconds)} s`,
    `target ≤ 10 s: ${fmt(n.loadSeconds / 10)}× of budget`,
  ],
  ['reopen the database', `${fmt(n.reopenSeconds)} s`, ''],
  [
    'compile forwarding graph',
    `${fmt(n.compileSeconds)} s`,
    `target ≤ 3 s: ${fmt(n.compileSeconds / 3)}× of budget`,
  ],
  [
    'traces per second',
    `${fmt(n.tracesPerSecond, 0)}`,
    `target ≥ 10,000: ${fmt(n.tracesPerSecond / 10_000)}× target (${fmt(n.reachableShare * 100, 0)}% reachable)`,
  ],
  ['memory', `RSS ${n.rssMiB} MiB, heap ${n.heapMiB} MiB`, `database ${n.dbMiB} MiB`],
];
for (const [what, value, note] of rows)
  console.log(`  ${what.padEnd(26)} ${value.padEnd(28)} ${note}`);

// The store on its own: 60,000 CreateVpc (240,000 resources) in one batch, against the same
// operations on the in-memory store (the baseline: the operations' own cost), plus unbatched
// operations, each an fsynced transaction.
const storeOps = arg('--store-ops', 60_000);
const dir = mkdtempSync(join(tmpdir(), 'vpctwin-bench-'));
try {
  const memoryMs = loadBatch(new MemoryStore(), storeOps);
  const sqlite = new SqliteStore({ path: join(dir, 'store.db') });
  const sqliteMs = loadBatch(sqlite, storeOps);
  const singleMs = loadOneByOne(sqlite, 500);
  sqlite.close();
  console.log(
    `\nstore: ${storeOps} CreateVpc in one batch (baseline: the same operations in memory)`,
  );
  console.log(
    `  in memory ${fmt(memoryMs / 1000)} s, SQLite ${fmt(sqliteMs / 1000)} s: ${fmt(sqliteMs / memoryMs)}× the baseline`,
  );
  console.log(
    `  unbatched, one fsynced transaction each: ${fmt(500 / (singleMs / 1000), 0)} operations/s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
