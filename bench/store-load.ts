/**
 * Bulk-load benchmark of the stores: `node --import tsx bench/store-load.ts [operations]`.
 * Runs CreateVpc (4 resources each) `operations` times in one batch against a MemoryStore (the
 * cost of the operations themselves) and a SqliteStore with and without its writer thread, then
 * 1,000 unbatched operations (one fsync each), and times reopening the file. Prints the rates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initRegion } from '../src/control/account.js';
import { createVpc } from '../src/control/vpc.js';
import { ok } from '../src/model/result.js';
import { MemoryStore } from '../src/store/memory.js';
import { SqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/store.js';
import { caller } from '../test/support/harness.js';

/** Times `n` CreateVpc in one batch; returns milliseconds (the batch's commit included). */
export function loadBatch(store: Store, n: number): number {
  const who = caller();
  const init = store.execute('InitRegion', initRegion, {}, who);
  if (!init.ok) throw new Error(init.error.message);
  store.batch(() => ok(true)); // start a writer thread, if the store has one, before timing
  const started = performance.now();
  const r = store.batch(() => {
    for (let i = 0; i < n; i++) {
      const made = store.execute(
        'CreateVpc',
        createVpc,
        { cidrBlock: `10.${i % 256}.0.0/16` },
        who,
      );
      if (!made.ok) return made;
    }
    return ok(true);
  });
  if (!r.ok) throw new Error(r.error.message);
  return performance.now() - started;
}

/** Times `n` unbatched CreateVpc, each its own transaction; returns milliseconds. */
export function loadOneByOne(store: Store, n: number): number {
  const who = caller();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const made = store.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, who);
    if (!made.ok) throw new Error(made.error.message);
  }
  return performance.now() - started;
}

const rate = (n: number, ms: number): string =>
  `${Math.round((n / ms) * 1000)} ops/s (${(ms / 1000).toFixed(2)} s)`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 60_000);
  const dir = mkdtempSync(join(tmpdir(), 'vpctwin-bench-'));
  try {
    console.log(
      `MemoryStore, ${n} CreateVpc in one batch: ${rate(n, loadBatch(new MemoryStore(), n))}`,
    );
    for (const batchThread of [true, false]) {
      const store = new SqliteStore({ path: join(dir, `${batchThread}.db`), batchThread });
      const ms = loadBatch(store, n);
      console.log(
        `SqliteStore (${batchThread ? 'writer thread' : 'inline'}), ${n} in one batch: ${rate(n, ms)}`,
      );
      if (batchThread)
        console.log(`SqliteStore, 1000 unbatched (FULL): ${rate(1000, loadOneByOne(store, 1000))}`);
      store.close();
      if (batchThread) {
        const started = performance.now();
        const reopened = new SqliteStore({ path: join(dir, `${batchThread}.db`) });
        const ms = performance.now() - started;
        console.log(
          `reopen: ${reopened.snapshot.count('vpc')} VPCs loaded in ${(ms / 1000).toFixed(2)} s`,
        );
        reopened.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
