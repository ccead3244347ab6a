import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../model/clock.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { SeededIds } from '../model/ids.js';
import type { Operation } from '../model/operation.js';
import type { Kind, Resource } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import { World } from '../model/snapshot.js';
import { decodeResource, encodeResource } from './codec.js';
import { changeRecords, UndoSteps } from './journal.js';
import {
  ensureSchema,
  insertChanges,
  integrityProblems,
  META_IDS,
  META_REVISION,
  SQL,
  upsertResources,
  type Step,
} from './schema.js';
import { InlineSink, SqlFailure, Statements, ThreadSink, type BatchSink } from './sql-writer.js';
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
 * Durability: `synchronous=FULL` by default. In WAL mode FULL fsyncs the WAL on every commit, so
 * an acknowledged operation survives a process kill *and* an OS crash or power cut. NORMAL
 * fsyncs only at checkpoints: a killed process still loses nothing (its commits sit in the OS
 * page cache, which outlives the process), and the file never corrupts, but an OS crash or power
 * cut can roll back the last commits — operations the caller was told had succeeded, whose ids
 * it may already have handed on. An acknowledgement is a promise, so FULL is the default; NORMAL
 * is an option for scratch files. A batch pays the fsync once, so bulk loads are cheap anyway.
 *
 * Batches: one transaction for the whole batch, all-or-nothing. Operations apply to the World as
 * they go (later operations of the batch must see earlier ones); on failure the World is undone
 * with the inverse changes and the transaction rolled back. The rows are streamed to a writer
 * thread with its own connection (sql-writer.ts), so the SQLite work of a bulk load runs on a
 * second core; a write that fails dooms the whole batch.
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
  /** `FULL` (default) survives power loss; `NORMAL` survives only a process crash. */
  readonly synchronous?: 'FULL' | 'NORMAL' | 'EXTRA';
  /** Run `PRAGMA integrity_check` on open (it reads the whole file, so it is opt-in). */
  readonly verify?: boolean;
  /**
   * Write batches from a writer thread (default true). Without one, or if the thread cannot
   * start, batches are written on the calling thread: same results, about half the speed.
   */
  readonly batchThread?: boolean;
  /** How long to wait for another connection's write lock (default 5 s). */
  readonly busyTimeoutMs?: number;
}

/** Thrown by `batch` when the database cannot begin or commit it; the World is rolled back. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
  constructor(readonly error: AwsError) {
    super(error.message);
  }
}

interface ChangeRow {
  op_seq: number;
  time: string;
  account: string;
  region: string;
  name: string;
  kind: string;
  id: string;
  before: string | null;
  after: string | null;
}

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
  private readonly changesSince: Database.Statement<[number, number], ChangeRow>;
  /** The writer thread, started by the first batch; undefined until then or if it cannot run. */
  private thread: ThreadSink | undefined;
  /** Sequence number of the last operation in the file that this World includes. */
  private lastSeq = 0;
  private open: OpenBatch | undefined;

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.ids = options.ids ?? new SeededIds();
    this.clock = options.clock ?? systemClock;
    // A second connection to a private database (':memory:', '') would see another database.
    this.batchThread =
      (options.batchThread ?? true) && options.path !== '' && options.path !== ':memory:';
    this.pragmas = [
      `synchronous = ${options.synchronous ?? 'FULL'}`,
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
    this.statements = new Statements(db);
    this.changesSince = db.prepare(SQL.changesSince);
  }

  /** Loads every resource into the World and resumes the revision, sequence and id position. */
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
    this.snapshot.revision = Number(meta.get(META_REVISION) ?? 0);
    const position = BigInt(meta.get(META_IDS) ?? 0);
    if (position > this.ids.position) this.ids.position = position;
    const last = db.prepare<[], number | null>('SELECT max(seq) FROM operations').pluck().get();
    this.lastSeq = Number(last ?? 0);
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
      steps = operationSteps(records, caller);
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
      const written = this.writeAlone([...steps, ...this.metaSteps(this.snapshot.revision + 1)]);
      if (!written.ok) return written;
    }
    // Committed (or, in a batch, part of the batch's transaction): now the World follows.
    this.lastSeq = seq;
    const inverse = this.snapshot.apply(changes);
    batch?.undo.push(inverse);
    return ok(output);
  }

  /** Writes one operation in its own transaction on the main connection. */
  private writeAlone(steps: readonly Step[]): Result<true, AwsError> {
    try {
      this.statements.run([[SQL.begin, []], ...steps, [SQL.commit, []]]);
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
        sink.commit(this.metaSteps(this.snapshot.revision));
      } catch (e) {
        failure = e;
      }
    }
    if (failure !== undefined) {
      this.abort();
      throw new StoreWriteError(internal(this.explain(failure)));
    }
    this.open = undefined;
    return result;
  }

  /** The writer thread when batches use one and it runs; else the main connection. */
  private sink(): BatchSink {
    if (!this.db.open) return new InlineSink(this.db, this.statements);
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
    return this.thread ?? new InlineSink(this.db, this.statements);
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
    return [
      [SQL.setMeta, [META_IDS, this.ids.position.toString()]],
      [SQL.setMeta, [META_REVISION, revision]],
    ];
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
      e.code?.startsWith('SQLITE_CONSTRAINT')
    ) {
      return `another process has written to ${this.path} since this one loaded it; reopen it`;
    }
    return e instanceof Error ? e.message : String(e);
  }

  changes(since = 0): ChangeRecord[] {
    const open = this.open;
    const committed = open ? open.lastSeq : Number.MAX_SAFE_INTEGER;
    const rows = this.changesSince.all(since, committed);
    const out: ChangeRecord[] = rows.map((row) => ({
      seq: row.op_seq,
      time: row.time,
      accountId: row.account,
      region: row.region,
      operation: row.name,
      kind: row.kind as Kind,
      id: row.id,
      before: row.before === null ? undefined : decodeResource(row.before),
      after: row.after === null ? undefined : decodeResource(row.after),
    }));
    // A batch's rows are not committed yet (and may sit in the writer thread): its records are.
    if (open) for (const r of open.records) if (r.seq > since) out.push(r);
    return out;
  }

  /** `PRAGMA integrity_check` problems; empty when the file is sound. Reads the whole file. */
  integrityCheck(): string[] {
    return integrityProblems(this.db);
  }

  close(): void {
    if (!this.db.open) return;
    if (this.open) this.abort();
    this.thread?.close();
    this.thread = undefined;
    this.db.close();
  }
}

/** The statements that log one operation and bring the resources table up to date. */
function operationSteps(records: readonly ChangeRecord[], caller: Caller): Step[] {
  const first = records[0];
  if (!first) return [];
  const log: unknown[] = [];
  const bodies: (string | null)[] = [];
  for (const r of records) {
    const after = r.after ? encodeResource(r.after) : null;
    log.push(r.seq, r.kind, r.id, r.before ? encodeResource(r.before) : null, after);
    bodies.push(after);
  }
  const steps: Step[] = [
    [
      SQL.insertOperation,
      [first.seq, first.time, caller.accountId, caller.region, first.operation],
    ],
    ...insertChanges.steps(log),
  ];
  // The resources table keeps the last state of each resource: find each one's last change.
  const done = new Set<string>();
  const last: number[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as ChangeRecord;
    const key = `${r.kind}\u0000${r.id}`;
    if (!done.has(key)) last.push(i);
    done.add(key);
  }
  const puts: unknown[] = [];
  for (const i of last.reverse()) {
    const r = records[i] as ChangeRecord;
    const body = bodies[i];
    if (r.after && body !== null && body !== undefined) {
      puts.push(r.kind, r.id, ownerOf(r.after), regionOf(r.after), body);
    } else {
      steps.push([SQL.deleteResource, [r.kind, r.id]]);
    }
  }
  steps.push(...upsertResources.steps(puts));
  return steps;
}
