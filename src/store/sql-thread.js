// @ts-check
/**
 * The SQLite writer thread behind SqliteStore batches (see sql-writer.ts). It owns its own
 * connection to the store file and runs, in order, the statements the main thread sends, so a
 * bulk load's B-tree work runs on a second core while the main thread runs the operations.
 *
 * Plain JavaScript on purpose: a worker thread starts without the TypeScript loader, so this
 * file must run as is. It knows nothing of resources: it only runs SQL.
 *
 * Messages in: { define?: [id, sql][], steps: [id, params][], ops?: number, sync?: boolean,
 * force?: boolean, checkpoint?: boolean, close?: boolean }. A `sync` message gets one reply
 * ({ ok: true } or { error }) and bumps signal[REPLIES]; other messages bump signal[PROCESSED] by
 * `ops`. After the first failure of a non-sync message, every later non-`force` message is
 * skipped and signal[FAILED] is 1, until a `force` message (the rollback) clears it.
 */
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';

const REPLIES = 0;
const PROCESSED = 1;
const FAILED = 2;

/** @type {{ path: string, pragmas: string[], port: import('node:worker_threads').MessagePort, shared: SharedArrayBuffer }} */
const { path, pragmas, port, shared } = workerData;
const signal = new Int32Array(shared);
/** @type {Map<number, import('better-sqlite3').Statement>} */
const statements = new Map();
/** @type {{ message: string, code: string | undefined, statement: string } | undefined} */
let failure;
/** @type {import('better-sqlite3').Database | undefined} */
let db;

/** @param {unknown} message */
function reply(message) {
  port.postMessage(message);
  Atomics.add(signal, REPLIES, 1);
  Atomics.notify(signal, REPLIES);
}

/** @param {number} n */
function progress(n) {
  if (n > 0) {
    Atomics.add(signal, PROCESSED, n);
    Atomics.notify(signal, PROCESSED);
  }
}

/**
 * @param {unknown} e
 * @param {string} statement
 */
function describe(e, statement) {
  const err = /** @type {{ message?: unknown, code?: unknown }} */ (e ?? {});
  return {
    message: String(err.message ?? e),
    code: typeof err.code === 'string' ? err.code : undefined,
    statement,
  };
}

try {
  db = new Database(path);
  for (const p of pragmas) db.pragma(p);
  reply({ ok: true });
} catch (e) {
  reply({ error: describe(e, 'open') });
}

port.on('message', (/** @type {any} */ m) => {
  if (!db) return;
  if (m.close) {
    try {
      db.close();
    } finally {
      reply({ ok: true });
      port.close();
    }
    return;
  }
  // Definitions are kept even from a message that is skipped: later messages use them.
  for (const [id, sql] of m.define ?? []) {
    try {
      statements.set(id, db.prepare(sql));
    } catch (e) {
      failure ??= describe(e, sql);
      Atomics.store(signal, FAILED, 1);
    }
  }
  if (failure && !m.force) {
    if (m.sync) reply({ error: failure });
    progress(m.ops ?? 0);
    return;
  }
  let current = 'prepare';
  try {
    for (const [id, params] of m.steps) {
      const statement = statements.get(id);
      current = statement?.source ?? String(id);
      if (!statement) throw new Error(`statement ${id} was never defined`);
      statement.run(params);
    }
    if (m.sync) reply({ ok: true });
  } catch (e) {
    if (m.sync) reply({ error: describe(e, current) });
    else if (!m.force) {
      failure = describe(e, current);
      Atomics.store(signal, FAILED, 1);
    }
  } finally {
    progress(m.ops ?? 0);
    if (m.force) {
      failure = undefined;
      Atomics.store(signal, FAILED, 0);
    }
  }
  if (m.checkpoint) {
    // After replying: the main thread goes on while the WAL is copied into the database.
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A checkpoint is housekeeping; the next one catches up.
    }
  }
});
