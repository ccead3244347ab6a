import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { loadBatch, loadOneByOne } from './load-bench.js';
import { tempFiles } from './temp.js';

const file = tempFiles('vpctwin-load-');
/** 60,000 with VPCTWIN_LOAD_OPS=60000 (the target: well under 10 s on 2 cores); less by default. */
const n = Number(process.env.VPCTWIN_LOAD_OPS ?? 10_000);

describe('bulk load', () => {
  it(`loads ${n} CreateVpc in one batch at a small multiple of the operations' own cost`, () => {
    const memoryMs = loadBatch(new MemoryStore(), n);
    const path = file('load.db');
    const store = new SqliteStore({ path });
    const sqliteMs = loadBatch(store, n);
    const oneByOneMs = loadOneByOne(store, 200);
    store.close();
    const rate = (k: number, ms: number) => Math.round((k / ms) * 1000);
    console.log(
      `${n} CreateVpc in one batch: MemoryStore ${rate(n, memoryMs)} ops/s, ` +
        `SqliteStore ${rate(n, sqliteMs)} ops/s (${(sqliteMs / 1000).toFixed(2)} s); ` +
        `unbatched ${rate(200, oneByOneMs)} ops/s`,
    );
    const reopened = new SqliteStore({ path });
    expect(reopened.snapshot.count('vpc')).toBe(n + 200);
    expect(reopened.snapshot.count('network-acl')).toBe(n + 200);
    reopened.close();
    // Relative to the operations themselves, so a busy machine does not fail the test; the
    // absolute target is checked with VPCTWIN_LOAD_OPS=60000 and test/store/load-bench.ts.
    expect(sqliteMs).toBeLessThan(4 * memoryMs + 2_000);
  }, 120_000);
});
