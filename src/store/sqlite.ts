import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../model/clock.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { SeededIds } from '../model/ids.js';
import type { Operation } from '../model/operation.js';
import type { Kind, Resource } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import { World } from '../model/snapshot.js';
import { asResource, CodecError, decodeResource, decodeValue, encodeResource } from './codec.js';
import { changeRecords, UndoSteps } from './journal.js';
import {
  ensureSchema,
  integrityProblems,
  logEntry,
  META_IDS,
  META_MATERIALIZED,
  META_REVISION,
  SQL,
  upsertResources,
  type Step,
} from './schema.js';
import {
  AdaptiveSink,
  InlineSink,
  SqlFailure,
  Statements,
  ThreadSink,
  type BatchSink,
} from './sql-writer.js';
import { WalFlusher } from './wal-flush.js';
import {
  contextFor,
  type Caller,
  type ChangeRecord,
  type ResumableIds,
  type Store,
} from './store.js';

export { SCHEMA_VERSION } from './schema.js';

/**
 * The durable store: the live `World` in memory, mirrored in one SQLite file (WAL mode) with a
 * change log of every operation. See "Persistence" in DESIGN.md.
 *
 * Write path: an operation runs against the live World; if it succeeds its rows (operation,
 * changes with before/after, resource upserts/deletes, id position, revision) are written in one
 * SQLite transaction, and only after COMMIT returns are the changes applied to the World. So the
 * World never holds anything the file does not, and a failed write leaves both untouched.
 *
 * Durability: `synchronous=NORMAL` plus a bounded flush by default (README.md, "Decisions"). A
 * COMMIT does not wait for the disk: its WAL frames are in the OS page cache, so a killed process
 * loses nothing it acknowledged, and the file never corrupts. Within `flushMs` (100 ms) of a
 * commit, one fsync of the WAL in libuv's thread pool (wal-flush.ts) makes it survive a power cut
 * or OS crash too; until then such a crash can roll back the last acknowledged operations (the
 * file stays consistent: a prefix of the operations survives). `flush()` waits for that fsync.
 * `synchronous: 'FULL'` fsyncs inside every COMMIT instead: no window at all, but each
 * unbatched operation waits for the disk (several milliseconds, most of its time).
 *
 * Batches: one transaction for the whole batch, all-or-nothing. Operations apply to the World as
 * they go (later operations of the batch must see earlier ones); on failure the World is undone
 * with the inverse changes and the transaction rolled back. A batch that grows big (256
 * operations) moves to a writer thread with its own connection (AdaptiveSink in sql-writer.ts),
 * so the SQLite work of a bulk load runs on a second core; a write that fails dooms the whole
 * batch.
 *
 * One writing process per file: each operation row takes the next sequence number explicitly, so
 * a process whose World is stale (another process wrote since it loaded) fails with
 * InternalError instead of writing on top of state it has not seen.
 */

/** How to open a SQLite store. */
export interface SqliteStoreOptions {
  /** The database file; created with the schema when missing. */
  readonly path: string;
  /** Id generator; its position is restored from the file (never moved backwards). */
  readonly ids?: ResumableIds;
  /** Time source for the change log; the wall clock unless injected. */
  readonly clock?: Clock;
  /**
   * `NORMAL` (default): COMMIT does not fsync; acknowledged operations survive a process crash
   * at once and an OS crash or power cut once flushed (`flushMs`). `FULL`: every COMMIT fsyncs.
   */
  readonly synchronous?: 'FULL' | 'NORMAL' | 'EXTRA';
  /**
   * With `NORMAL`: the longest a commit waits for the background fsync of the WAL that makes it
   * survive power loss (default 100 ms). 0 turns the flush off: commits are then synced only by
   * SQLite's checkpoints (every 1,000 WAL pages) and at close.
   */
  readonly flushMs?: number;
  /** Run `PRAGMA integrity_check` on open (it reads the whole file, so it is opt-in). */
  readonly verify?: boolean;
  /**
   * When a batch's rows go to a writer thread with its own connection: from the operation number
   * given (default 256: a batch starts on the main connection and moves to the thread once it is
   * that big), `true` from its first operation, `false` never. Without a thread, or if the thread
   * cannot start, batches are written on the calling thread: same results, about half the speed.
   */
  readonly batchThread?: boolean | number;
  /** How long an idle writer thread is kept before it is closed (default 30 s). */
  readonly threadIdleMs?: number;
  /** How long to wait for another connection's write lock (default 5 s). */
  readonly busyTimeoutMs?: number;
}

/**
 * Operations after which a batch moves to the writer thread, by default. Below it, a thread's
 * start (tens of milliseconds, blocking) and memory (~25 MB) buy nothing; above it, a bulk load
 * runs its B-tree work on a second core.
 */
const DEFAULT_THREAD_AFTER = 256;

/**
 * Checkpoints of the main connection (copying the WAL into the database, with an fsync of each
 * in NORMAL mode) happen when writes pause for IDLE_CHECKPOINT_MS, and otherwise once the WAL
 * holds MAIN_AUTOCHECKPOINT_PAGES pages (~40 MB) rather than SQLite's default 1,000. With the
 * default, a steady stream of single operations paid a checkpoint every ~75 CreateVpc: about
 * 40% of the SQLite CPU per operation and most of its waiting. A bigger WAL lets one checkpoint
 * copy each hot page (the tails of the log tables, meta) once rather than ten times.
 */
const MAIN_AUTOCHECKPOINT_PAGES = 10_000;
const IDLE_CHECKPOINT_MS = 250;

/** How long an idle writer thread is kept by default, in milliseconds. */
const THREAD_IDLE_MS = 30_000;

/** Thrown by `batch` when the database cannot begin or commit it; the World is rolled back. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
  constructor(readonly error: AwsError) {
    super(error.message);
  }
}

interface OperationRow {
  seq: number;
  time: string;
  account: string;
  region: string;
  name: string;
  changes: string;
}

/** A resource's state since the last materialization: what `resources` must be brought to. */
interface Pending {
  readonly kind: Kind;
  readonly id: string;
  /** The resource, or undefined once deleted. */
  readonly resource: Resource | undefined;
  /** Its encoded body (null when deleted), reused as the next change's `before`. */
  readonly body: string | null;
}

/**
 * Single operations write only their log row; `resources` catches up (is materialized) in one
 * transaction once this many operations are pending, when writes pause, before a batch and at
 * close. An operation's commit is then one append to one B-tree: a CreateVpc cost 320 µs of
 * SQLite work with its four resource rows written in place (random keys, four leaf pages), and
 * about a third of that as one log row plus its share of a 256-operation catch-up.
 */
const MATERIALIZE_EVERY = 256;

/** The open batch: how to undo it and where its rows go. */
interface OpenBatch {
  readonly sink: BatchSink;
  readonly undo: UndoSteps;
  /** The last sequence number before the batch. */
  readonly lastSeq: number;
  /** The batch's change records, for `changes()` before the commit. */
  readonly records: ChangeRecord[];
  /** Why the batch is doomed, once a write has failed. */
  failure: unknown;
}

/** The owner column: accounts own themselves; every other resource names its owner. */
function ownerOf(r: Resource): string {
  return r.kind === 'account' ? r.id : r.ownerId;
}

function regionOf(r: Resource): string | null {
  return r.kind === 'account' ? null : r.region;
}

const internal = (why: string): AwsError =>
  AwsErrors.internal(
    `An internal error has occurred: the store could not record the operation (${why}).`,
  );

/** The durable store on better-sqlite3. */
export class SqliteStore implements Store {
  readonly snapshot = new World();
  readonly ids: ResumableIds;
  readonly clock: Clock;
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly pragmas: readonly string[];
  private batchThread: boolean;
  /** Operations after which a batch moves to the writer thread (0: from its first). */
  private readonly threadAfter: number;
  private readonly operationsSince: Database.Statement<[number, number], OperationRow>;
  /** Resources changed by operations after the last materialization, by kind and id. */
  private pending = new Map<string, Pending>();
  /** How many operations have changed `pending` since the last materialization. */
  private pendingOps = 0;
  /** The writer thread, started by the first batch; undefined until then or if it cannot run. */
  private thread: ThreadSink | undefined;
  /** Closes the writer thread once no batch has used it for `threadIdleMs`. */
  private threadIdle: NodeJS.Timeout | undefined;
  private readonly threadIdleMs: number;
  /** Sequence number of the last operation in the file that this World includes. */
  private lastSeq = 0;
  private open: OpenBatch | undefined;
  /** Checkpoints the WAL once writes pause for IDLE_CHECKPOINT_MS. */
  private idleCheckpoint: NodeJS.Timeout | undefined;
  /** The background WAL fsync (NORMAL on a file); undefined with FULL, EXTRA or `flushMs: 0`. */
  private readonly flusher: WalFlusher | undefined;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.ids = options.ids ?? new SeededIds();
    this.clock = options.clock ?? systemClock;
    // A second connection to a private database (':memory:', '') would see another database.
    const batchThread = options.batchThread ?? DEFAULT_THREAD_AFTER;
    this.threadAfter = typeof batchThread === 'number' ? Math.max(0, batchThread) : 0;
    this.threadIdleMs = options.threadIdleMs ?? THREAD_IDLE_MS;
    this.batchThread = batchThread !== false && options.path !== '' && options.path !== ':memory:';
    const synchronous = options.synchronous ?? 'NORMAL';
    this.pragmas = [
      `synchronous = ${synchronous}`,
      `busy_timeout = ${options.busyTimeoutMs ?? 5_000}`,
      // After a checkpoint, shrink a WAL that a big batch grew, rather than keep it on disk.
      'journal_size_limit = 67108864',
      // Multi-row statements keep a statement journal of the pages they touch; in a temp file
      // that cost a third of a bulk load in pwrite calls, in memory it is a few page copies.
      'temp_store = MEMORY',
    ];
    const db = new Database(options.path);
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal' && !db.memory) {
        throw new Error(`cannot use WAL mode on ${options.path} (got ${String(mode)})`);
      }
      for (const p of this.pragmas) db.pragma(p);
      db.pragma(`wal_autocheckpoint = ${MAIN_AUTOCHECKPOINT_PAGES}`);
      if (options.verify) {
        const problems = integrityProblems(db);
        if (problems.length > 0)
          throw new Error(`${options.path} is corrupt: ${problems.join('; ')}`);
      }
      ensureSchema(db, options.path);
      this.load(db);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
    const flushMs = options.flushMs ?? 100;
    if (synchronous === 'NORMAL' && flushMs > 0 && !db.memory) {
      this.flusher = new WalFlusher(options.path, flushMs);
    }
    this.statements = new Statements(db);
    this.operationsSince = db.prepare(SQL.operationsSince);
  }

  /**
   * Loads every resource into the World, replays the operations `resources` does not reflect yet
   * (they become pending again), and resumes the revision, sequence and id position.
   */
  private load(db: Database.Database): void {
    for (const body of db.prepare<[], string>('SELECT body FROM resources').pluck().iterate()) {
      this.snapshot.put(decodeResource(body));
    }
    const meta = new Map(
      db
        .prepare<[], { key: string; value: string | number | null }>('SELECT key, value FROM meta')
        .all()
        .map((row) => [row.key, row.value]),
    );
    const materialized = Number(meta.get(META_MATERIALIZED) ?? 0);
    const replay = db.prepare<[number], { changes: string }>(
      'SELECT changes FROM operations WHERE seq > ? ORDER BY seq',
    );
    for (const row of replay.iterate(materialized)) {
      for (const [kind, id, , after] of logChanges(row.changes)) {
        this.snapshot.apply([after ? { op: 'put', resource: after } : { op: 'delete', kind, id }]);
        this.pending.set(`${kind}\u0000${id}`, {
          kind,
          id,
          resource: after,
          body: after ? encodeResource(after) : null,
        });
      }
      this.pendingOps++;
    }
    const last = db
      .prepare<[], { seq: number; ids: string | null; revision: number | null }>(
        'SELECT seq, ids, revision FROM operations ORDER BY seq DESC LIMIT 1',
      )
      .get();
    // Single operations record the cursor in their row; batches and rollbacks in meta.
    this.snapshot.revision = Math.max(Number(meta.get(META_REVISION) ?? 0), last?.revision ?? 0);
    const positions = [BigInt(meta.get(META_IDS) ?? 0), BigInt(last?.ids ?? 0)];
    for (const position of positions) {
      if (position > this.ids.position) this.ids.position = position;
    }
    this.lastSeq = last?.seq ?? 0;
  }

  execute<I, O>(name: string, op: Operation<I, O>, input: I, caller: Caller): Result<O, AwsError> {
    const batch = this.open;
    if (batch) batch.failure ??= batch.sink.failure();
    if (batch?.failure) return fail(this.doomed(batch.failure));
    const result = op(this.snapshot, input, contextFor(this, caller));
    if (!result.ok) return result;
    const { changes, output } = result.value;
    // Nothing changed (a read, an idempotent no-op): nothing to log, no fsync, no new revision.
    if (changes.length === 0) return ok(output);
    const seq = this.lastSeq + 1;
    const encode = this.encoder();
    let records: ChangeRecord[];
    let steps: Step[];
    try {
      const time = this.clock.now().toISOString();
      const head = {
        seq,
        time,
        accountId: caller.accountId,
        region: caller.region,
        operation: name,
      };
      records = changeRecords(this.snapshot, changes, head);
      const revision = this.snapshot.revision + 1;
      steps = batch
        ? this.batchSteps(records, caller, revision, encode)
        : this.aloneSteps(records, caller, revision, encode);
    } catch (e) {
      return fail(internal(e instanceof Error ? e.message : String(e)));
    }
    if (batch) {
      try {
        batch.sink.write(steps);
      } catch (e) {
        batch.failure = e;
        return fail(this.doomed(e));
      }
      for (const r of records) batch.records.push(r);
    } else {
      const written = this.writeAlone(steps);
      if (!written.ok) return written;
      this.notePending(records, encode);
    }
    // Committed (or, in a batch, part of the batch's transaction): now the World follows.
    this.lastSeq = seq;
    const inverse = this.snapshot.apply(changes);
    batch?.undo.push(inverse);
    return ok(output);
  }

  /** After every COMMIT: the WAL fsync soon (NORMAL), a checkpoint once writes pause. */
  private committed(): void {
    this.flusher?.committed();
    if (this.idleCheckpoint !== undefined) {
      this.idleCheckpoint.refresh(); // re-arms it too, after it has fired
      return;
    }
    this.idleCheckpoint = setTimeout(() => {
      if (!this.db.open || this.open) return;
      this.materialize();
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // housekeeping: the next pause, or the automatic checkpoint, catches up
      }
    }, IDLE_CHECKPOINT_MS);
    this.idleCheckpoint.unref();
  }

  /**
   * Encodes resources for one operation: each state once, though its log row and its pending
   * `resources` row both need it; a state logged last is reused from `pending`.
   */
  private encoder(): (r: Resource) => string {
    const done = new Map<Resource, string>();
    return (r) => {
      let body = done.get(r);
      if (body === undefined) {
        const p = this.pending.get(`${r.kind}\u0000${r.id}`);
        body = p?.resource === r && p.body !== null ? p.body : encodeResource(r);
        done.set(r, body);
      }
      return body;
    };
  }

  /** The log row of one operation, with the cursor (id position, revision) after it. */
  private operationRow(
    records: readonly ChangeRecord[],
    caller: Caller,
    revision: number,
    encode: (r: Resource) => string,
  ): Step {
    const first = records[0] as ChangeRecord;
    const entries = records.map((r) =>
      logEntry(r.kind, r.id, r.before ? encode(r.before) : null, r.after ? encode(r.after) : null),
    );
    return [
      SQL.insertOperation,
      [
        first.seq,
        first.time,
        caller.accountId,
        caller.region,
        first.operation,
        `[${entries.join(',')}]`,
        this.ids.position.toString(),
        revision,
      ],
    ];
  }

  /** An operation outside a batch: its log row, and the catch-up of `resources` when due. */
  private aloneSteps(
    records: readonly ChangeRecord[],
    caller: Caller,
    revision: number,
    encode: (r: Resource) => string,
  ): Step[] {
    const row = this.operationRow(records, caller, revision, encode);
    if (this.pendingOps + 1 < MATERIALIZE_EVERY) return [row];
    const upto = new Map(this.pending);
    for (const p of pendingOf(records, encode)) upto.set(`${p.kind}\u0000${p.id}`, p);
    return [row, ...materializeSteps(upto.values(), records[0]?.seq ?? this.lastSeq)];
  }

  /** An operation inside a batch: its log row and its resources' rows, in the batch's transaction. */
  private batchSteps(
    records: readonly ChangeRecord[],
    caller: Caller,
    revision: number,
    encode: (r: Resource) => string,
  ): Step[] {
    return [
      this.operationRow(records, caller, revision, encode),
      ...materializeSteps(pendingOf(records, encode), undefined),
    ];
  }

  /** After an operation outside a batch commits: its resources are pending, or caught up. */
  private notePending(records: readonly ChangeRecord[], encode: (r: Resource) => string): void {
    if (this.pendingOps + 1 >= MATERIALIZE_EVERY) {
      this.clearPending();
      return;
    }
    for (const p of pendingOf(records, encode)) {
      this.pending.set(`${p.kind}\u0000${p.id}`, p);
    }
    this.pendingOps++;
  }

  private clearPending(): void {
    this.pending = new Map();
    this.pendingOps = 0;
  }

  /** Brings `resources` up to the last operation, in its own transaction (when writes pause). */
  private materialize(): void {
    if (this.pendingOps === 0 || !this.db.open) return;
    const written = this.writeAlone(materializeSteps(this.pending.values(), this.lastSeq));
    if (written.ok) this.clearPending();
  }

  /** Writes one operation in its own transaction on the main connection. */
  private writeAlone(steps: readonly Step[]): Result<true, AwsError> {
    try {
      this.statements.run([[SQL.begin, []], ...steps, [SQL.commit, []]]);
      this.committed();
      return ok(true);
    } catch (e) {
      try {
        if (this.db.open && this.db.inTransaction) this.statements.run([[SQL.rollback, []]]);
      } catch {
        // SQLite has already rolled back (e.g. after an I/O error).
      }
      return fail(internal(this.explain(e)));
    }
  }

  batch<T, E>(fn: () => Result<T, E>): Result<T, E> {
    if (this.open) return fn(); // nested batches join the outer one
    try {
      return this.runBatch(fn);
    } finally {
      this.retireThreadWhenIdle();
    }
  }

  private runBatch<T, E>(fn: () => Result<T, E>): Result<T, E> {
    const sink = this.sink();
    try {
      sink.begin();
    } catch (e) {
      sink.rollback(); // clears whatever the sink holds of the failed begin
      throw new StoreWriteError(internal(this.explain(e)));
    }
    const open: OpenBatch = {
      sink,
      undo: new UndoSteps(),
      lastSeq: this.lastSeq,
      records: [],
      failure: undefined,
    };
    this.open = open;
    // The batch writes its resources' rows as it goes: first bring `resources` up to date.
    if (this.pendingOps > 0) {
      try {
        sink.write(materializeSteps(this.pending.values(), undefined));
      } catch (e) {
        open.failure = e;
      }
    }
    let result: Result<T, E>;
    try {
      result = fn();
    } catch (e) {
      this.abort();
      throw e;
    }
    if (!result.ok) {
      this.abort();
      return result;
    }
    let failure = open.failure;
    if (failure === undefined) {
      try {
        sink.commit([
          ...this.metaSteps(this.snapshot.revision),
          [SQL.setMeta, [META_MATERIALIZED, this.lastSeq]],
        ]);
      } catch (e) {
        failure = e;
      }
    }
    if (failure !== undefined) {
      this.abort();
      throw new StoreWriteError(internal(this.explain(failure)));
    }
    this.open = undefined;
    this.clearPending();
    this.committed();
    return result;
  }

  /**
   * Where the next batch goes: the writer thread when batches use one and it runs, from the
   * batch's first operation or once it is big (AdaptiveSink); else the main connection.
   */
  private sink(): BatchSink {
    const inline = new InlineSink(this.db, this.statements);
    if (!this.db.open || !this.batchThread) return inline;
    if (this.threadAfter > 0) {
      return new AdaptiveSink(inline, () => this.writerThread(), this.threadAfter);
    }
    return this.writerThread() ?? inline;
  }

  /**
   * A writer thread that has sat idle for `threadIdleMs` is closed: after a bulk load (say
   * `serve --load`) the process need not keep its memory. The next big batch starts another.
   */
  private retireThreadWhenIdle(): void {
    clearTimeout(this.threadIdle);
    this.threadIdle = undefined;
    if (!this.thread) return;
    this.threadIdle = setTimeout(() => {
      this.threadIdle = undefined;
      if (this.open || !this.thread) return;
      this.thread.close();
      this.thread = undefined;
    }, this.threadIdleMs);
    this.threadIdle.unref();
  }

  /** The writer thread, started on first use; undefined when none can run. */
  private writerThread(): ThreadSink | undefined {
    if (this.thread?.broken) {
      this.thread.close();
      this.thread = undefined;
      this.batchThread = false;
    }
    if (this.batchThread && !this.thread) {
      try {
        // The thread checkpoints after replying to a commit, not inside it: the caller goes on
        // while the WAL of a big batch is copied into the database.
        this.thread = new ThreadSink(this.path, [...this.pragmas, 'wal_autocheckpoint = 0']);
      } catch {
        this.batchThread = false; // e.g. no worker threads here: write batches inline
      }
    }
    return this.thread;
  }

  /** Rolls the open batch back in SQLite and in the World. */
  private abort(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    open.sink.rollback();
    open.undo.rollback(this.snapshot);
    this.lastSeq = open.lastSeq;
    this.saveCursor();
  }

  /** Steps recording where ids and revision stand. */
  private metaSteps(revision: number): Step[] {
    return [[SQL.setMetaPair, [META_IDS, this.ids.position.toString(), META_REVISION, revision]]];
  }

  /**
   * After a rollback the id generator has moved on and the World's revision has grown; record
   * both so a restart neither reissues an id some caller saw nor reuses a revision a cache saw.
   * Best effort: if this fails the next operation writes them anyway.
   */
  private saveCursor(): void {
    if (this.db.open) this.writeAlone(this.metaSteps(this.snapshot.revision));
  }

  /** The error of every operation in a batch after a write of the batch failed. */
  private doomed(e: unknown): AwsError {
    return internal(`${this.explain(e)}; the batch will be rolled back`);
  }

  /** Words a write failure for the caller; a taken sequence number means another writer. */
  private explain(e: unknown): string {
    if (
      e instanceof SqlFailure &&
      e.statement === SQL.insertOperation &&
      e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    ) {
      return `another process has written to ${this.path} since this one loaded it; reopen it`;
    }
    return e instanceof Error ? e.message : String(e);
  }

  changes(since = 0): ChangeRecord[] {
    const open = this.open;
    const committed = open ? open.lastSeq : Number.MAX_SAFE_INTEGER;
    const out: ChangeRecord[] = [];
    for (const row of this.operationsSince.iterate(since, committed)) {
      for (const [kind, id, before, after] of logChanges(row.changes)) {
        out.push({
          seq: row.seq,
          time: row.time,
          accountId: row.account,
          region: row.region,
          operation: row.name,
          kind,
          id,
          before,
          after,
        });
      }
    }
    // A batch's rows are not committed yet (and may sit in the writer thread): its records are.
    if (open) for (const r of open.records) if (r.seq > since) out.push(r);
    return out;
  }

  /**
   * Resolves once every operation acknowledged so far is on disk, safe from power loss as well
   * as from a process crash (at once with `synchronous: 'FULL'`). Rejects if an fsync failed.
   */
  flush(): Promise<void> {
    return this.flusher?.flush() ?? Promise.resolve();
  }

  /** `PRAGMA integrity_check` problems; empty when the file is sound. Reads the whole file. */
  integrityCheck(): string[] {
    return integrityProblems(this.db);
  }

  close(): void {
    if (!this.db.open) return;
    if (this.open) this.abort();
    clearTimeout(this.threadIdle);
    clearTimeout(this.idleCheckpoint);
    this.materialize(); // best effort: what stays pending is replayed on open
    this.thread?.close();
    this.thread = undefined;
    this.flusher?.close();
    // The last connection's close checkpoints the WAL, syncing it and the database.
    this.db.close();
  }
}

/** The last state of each resource the records change, keyed like `pending`. */
function pendingOf(records: readonly ChangeRecord[], encode: (r: Resource) => string): Pending[] {
  const last = new Map<string, ChangeRecord>();
  for (const r of records) last.set(`${r.kind}\u0000${r.id}`, r);
  return [...last.values()].map((r) => ({
    kind: r.kind,
    id: r.id,
    resource: r.after,
    body: r.after ? encode(r.after) : null,
  }));
}

/**
 * The statements that bring `resources` to the given states, and record the operation it then
 * reflects (`upto`; omitted inside a batch, whose commit records it).
 */
function materializeSteps(states: Iterable<Pending>, upto: number | undefined): Step[] {
  const steps: Step[] = [];
  const puts: unknown[] = [];
  for (const p of states) {
    if (p.resource && p.body !== null) {
      puts.push(p.kind, p.id, ownerOf(p.resource), regionOf(p.resource), p.body);
    } else {
      steps.push([SQL.deleteResource, [p.kind, p.id]]);
    }
  }
  steps.push(...upsertResources.steps(puts));
  if (upto !== undefined) steps.push([SQL.setMeta, [META_MATERIALIZED, upto]]);
  return steps;
}

/** The changes of one log row: `[kind, id, before, after]`, resources decoded. */
function logChanges(
  text: string,
): [kind: Kind, id: string, before: Resource | undefined, after: Resource | undefined][] {
  const entries = decodeValue(text);
  if (!Array.isArray(entries)) throw new CodecError('stored change list is not an array');
  return entries.map((e: unknown) => {
    if (
      !Array.isArray(e) ||
      e.length !== 4 ||
      typeof e[0] !== 'string' ||
      typeof e[1] !== 'string'
    ) {
      throw new CodecError('stored change is not [kind, id, before, after]');
    }
    const [kind, id, before, after] = e as [string, string, unknown, unknown];
    return [
      kind as Kind,
      id,
      before === null ? undefined : asResource(before),
      after === null ? undefined : asResource(after),
    ];
  });
}
