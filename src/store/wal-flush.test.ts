import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFiles } from '../../test/store/temp.js';
import { caller } from '../../test/support/harness.js';
import { createVpc } from '../control/vpc.js';
import { SqliteStore } from './sqlite.js';
import { WalFlusher } from './wal-flush.js';

const file = tempFiles('vpctwin-flush-');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WalFlusher', () => {
  const open: { close(): void }[] = [];
  afterEach(() => {
    for (const o of open.splice(0).reverse()) o.close();
  });

  /** A WAL-mode database with one committed row, and a flusher on it. */
  const setUp = (delayMs: number) => {
    const path = file('f.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (x)');
    const flusher = new WalFlusher(path, delayMs);
    open.push(db, flusher);
    return { path, db, flusher };
  };

  it('fsyncs the WAL within the delay after a commit, once for a burst of commits', async () => {
    const { db, flusher } = setUp(20);
    for (let i = 0; i < 50; i++) {
      db.prepare('INSERT INTO t VALUES (?)').run(i);
      flusher.committed();
    }
    expect(flusher.rounds).toBe(0);
    // Timing on a busy machine is loose: wait for the timer's round, however late.
    for (let waited = 0; flusher.rounds === 0 && waited < 5000; waited += 10) await sleep(10);
    expect(flusher.rounds).toBe(1);
    await sleep(100);
    expect(flusher.rounds).toBe(1); // nothing new committed: no further fsync
  });

  it('flush() rounds at once and resolves; with nothing committed it does nothing', async () => {
    const { db, flusher } = setUp(60_000);
    await flusher.flush();
    expect(flusher.rounds).toBe(0);
    db.prepare('INSERT INTO t VALUES (1)').run();
    flusher.committed();
    await flusher.flush();
    expect(flusher.rounds).toBe(1);
  });

  it('covers commits made while an fsync is in flight with another fsync', async () => {
    const { db, flusher } = setUp(5);
    db.prepare('INSERT INTO t VALUES (1)').run();
    flusher.committed();
    const first = flusher.flush();
    db.prepare('INSERT INTO t VALUES (2)').run();
    flusher.committed();
    await first;
    await flusher.flush();
    expect(flusher.rounds).toBe(2);
  });

  it('skips a missing WAL and closes cleanly with a timer pending', async () => {
    const path = file('none.db');
    const flusher = new WalFlusher(path, 10);
    flusher.committed();
    await flusher.flush();
    expect(flusher.rounds).toBe(1); // a round, with no file to sync
    flusher.committed();
    flusher.close();
    await sleep(30);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

describe('SqliteStore durability settings', () => {
  const who = caller();

  it('defaults to synchronous=NORMAL with a background flush that flush() awaits', async () => {
    const path = file('normal.db');
    const store = new SqliteStore({ path });
    try {
      // 1 = NORMAL, 2 = FULL
      expect(
        (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true }),
      ).toBe(1);
      expect(store.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, who).ok).toBe(
        true,
      );
      await store.flush();
    } finally {
      store.close();
    }
  });

  it('fsyncs in COMMIT with synchronous FULL, so flush() has nothing to wait for', async () => {
    const path = file('full.db');
    const store = new SqliteStore({ path, synchronous: 'FULL' });
    try {
      expect(
        (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true }),
      ).toBe(2);
      expect(store.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, who).ok).toBe(
        true,
      );
      await store.flush();
    } finally {
      store.close();
    }
  });
});
