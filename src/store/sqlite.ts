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
import { contextFor, type Caller, type ChangeRecord, type ResumableIds, type Store } from './store.js';

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
}

/** Thrown by `batch` when the database cannot begin or commit it; the World is rolled back. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
  constructor(readonly error: AwsError) {
    super(error.message);
  }
}

/** The schema this code reads and writes; bump it with a migration when tables change. */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE resources (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  region TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE operations (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL
);
CREATE TABLE changes (
  op_seq INTEGER NOT NULL REFERENCES operations (seq),
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE INDEX changes_by_op ON changes (op_seq);
`;

const META_SCHEMA = 'schema';
const META_IDS = 'ids.position';
const META_REVISION = 'revision';

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

/** One change ready to write: its record and the encoded texts. */
interface EncodedChange {
  readonly kind: Kind;
  readonly id: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly resource: Resource | undefined;
}

/** The owner column: accounts own themselves; every other resource names its owner. */
function ownerOf(r: Resource): string {
  return r.kind === 'account' ? r.id : r.ownerId;
}

function regionOf(r: Resource): string | null {
  return r.kind === 'account' ? null : r.region;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const internal = (why: string): AwsError =>
  AwsErrors.internal(`An internal error has occurred: the store could not record the operation (${why}).`);

/** The durable store on better-sqlite3. */
export class SqliteStore implements Store {
  readonly snapshot = new World();
  readonly ids: ResumableIds;
  readonly clock: Clock;
  readonly path: string;
  private readonly db: Database.Database;
  /** Sequence number of the last operation in the file that this World includes. */
  private lastSeq = 0;
  /** State of the open batch; undefined outside a batch. */
  private open: { undo: UndoSteps; lastSeq: number } | undefined;

  private readonly sql: {
    begin: Database.Statement;
    commit: Database.Statement;
    rollback: Database.Statement;
    savepoint: Database.Statement;
    release: Database.Statement;
    rollbackTo: Database.Statement;
    insertOperation: Database.Statement<[number, string, string, string, string]>;
    insertChange: Database.Statement<[number, string, string, string | null, string | null]>;
    upsertResource: Database.Statement<[string, string, string, string | null, string]>;
    deleteResource: Database.Statement<[string, string]>;
    setMeta: Database.Statement<[string, string | number]>;
    changesSince: Database.Statement<[number], ChangeRow>;
  };

  constructor(options: SqliteStoreOptions) {
    this.path = options.path;
    this.ids = options.ids ?? new SeededIds();
    this.clock = options.clock ?? systemClock;
    const db = new Database(options.path);
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal' && !db.memory) throw new Error(`cannot use WAL mode on ${options.path} (got ${String(mode)})`);
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      // After a checkpoint, shrink a WAL that a big batch grew, rather than keep it on disk.
      db.pragma('journal_size_limit = 67108864');
      if (options.verify) {
        const problems = integrityProblems(db);
        if (problems.length > 0) throw new Error(`${options.path} is corrupt: ${problems.join('; ')}`);
      }
      ensureSchema(db, options.path);
      this.sql = prepare(db);
      this.load(db);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
  }

  /** Loads every resource into the World and resumes the revision, sequence and id position. */
  private load(db: Database.Database): void {
    for (const body of db.prepare<[], string>('SELECT body FROM resources').pluck().iterate()) {
      this.snapshot.put(decodeResource(body));
    }
    const meta = new Map(
      db
        .prepare<[], { key: string; value: unknown }>('SELECT key, value FROM meta')
        .all()
        .map((row) => [row.key, row.value]),
    );
    this.snapshot.revision = Number(meta.get(META_REVISION) ?? 0);
    const position = BigInt(String(meta.get(META_IDS) ?? '0'));
    if (position > this.ids.position) this.ids.position = position;
    this.lastSeq = Number(db.prepare<[], number | null>('SELECT max(seq) FROM operations').pluck().get() ?? 0);
  }

  execute<I, O>(name: string, op: Operation<I, O>, input: I, caller: Caller): Result<O, AwsError> {
    const result = op(this.snapshot, input, contextFor(this, caller));
    if (!result.ok) return result;
    const { changes, output } = result.value;
    // Nothing changed (a read, an idempotent no-op): nothing to log, no fsync, no new revision.
    if (changes.length === 0) return ok(output);
    const seq = this.lastSeq + 1;
    let encoded: EncodedChange[];
    let time: string;
    try {
      time = this.clock.now().toISOString();
      const head = { seq, time, accountId: caller.accountId, region: caller.region, operation: name };
      encoded = changeRecords(this.snapshot, changes, head).map((r) => ({
        kind: r.kind,
        id: r.id,
        before: r.before ? encodeResource(r.before) : null,
        after: r.after ? encodeResource(r.after) : null,
        resource: r.after,
      }));
    } catch (e) {
      return fail(internal(describe(e)));
    }
    const written = this.write(seq, time, name, caller, encoded);
    if (!written.ok) return written;
    // Committed (or, in a batch, released into the batch's transaction): now the World follows.
    this.lastSeq = seq;
    const inverse = this.snapshot.apply(changes);
    this.open?.undo.push(inverse);
    return ok(output);
  }

  /** Writes one operation in its own transaction, or in a savepoint of the open batch. */
  private write(
    seq: number,
    time: string,
    name: string,
    caller: Caller,
    changes: readonly EncodedChange[],
  ): Result<true, AwsError> {
    const sql = this.sql;
    const inBatch = this.open !== undefined;
    try {
      (inBatch ? sql.savepoint : sql.begin).run();
    } catch (e) {
      return fail(internal(describe(e)));
    }
    try {
      try {
        sql.insertOperation.run(seq, time, caller.accountId, caller.region, name);
      } catch (e) {
        if (e instanceof Database.SqliteError && e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
          throw new Error(`operation ${seq} already exists: another process has written to ${this.path}; reopen it`);
        }
        throw e;
      }
      for (const c of changes) {
        sql.insertChange.run(seq, c.kind, c.id, c.before, c.after);
        if (c.resource && c.after !== null) {
          sql.upsertResource.run(c.kind, c.id, ownerOf(c.resource), regionOf(c.resource), c.after);
        } else {
          sql.deleteResource.run(c.kind, c.id);
        }
      }
      sql.setMeta.run(META_IDS, this.ids.position.toString());
      sql.setMeta.run(META_REVISION, this.snapshot.revision + 1);
      (inBatch ? sql.release : sql.commit).run();
      return ok(true);
    } catch (e) {
      this.undoWrite(inBatch);
      return fail(internal(describe(e)));
    }
  }

  /** Rolls back a failed write: the savepoint inside a batch, else the whole transaction. */
  private undoWrite(inBatch: boolean): void {
    try {
      if (inBatch) {
        this.sql.rollbackTo.run();
        this.sql.release.run();
      } else if (this.db.inTransaction) {
        this.sql.rollback.run();
      }
    } catch {
      // SQLite may already have rolled back (e.g. after an I/O error); nothing is left to undo.
    }
  }

  batch<T, E>(fn: () => Result<T, E>): Result<T, E> {
    if (this.open) return fn(); // nested batches join the outer one
    try {
      this.sql.begin.run();
    } catch (e) {
      throw new StoreWriteError(internal(describe(e)));
    }
    this.open = { undo: new UndoSteps(), lastSeq: this.lastSeq };
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
    try {
      this.sql.commit.run();
    } catch (e) {
      this.abort();
      throw new StoreWriteError(internal(describe(e)));
    }
    this.open = undefined;
    return result;
  }

  /** Rolls the open batch back in SQLite and in the World. */
  private abort(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    try {
      if (this.db.inTransaction) this.sql.rollback.run();
    } catch {
      // Already rolled back by SQLite itself.
    }
    open.undo.rollback(this.snapshot);
    this.lastSeq = open.lastSeq;
    this.saveCursor();
  }

  /**
   * After a rollback the id generator has moved on and the World's revision has grown; record
   * both so a restart neither reissues an id some caller saw nor reuses a revision a cache saw.
   * Best effort: if this fails the next operation writes them anyway.
   */
  private saveCursor(): void {
    try {
      this.sql.begin.run();
      this.sql.setMeta.run(META_IDS, this.ids.position.toString());
      this.sql.setMeta.run(META_REVISION, this.snapshot.revision);
      this.sql.commit.run();
    } catch {
      if (this.db.inTransaction) this.sql.rollback.run();
    }
  }

  changes(since = 0): ChangeRecord[] {
    return this.sql.changesSince.all(since).map((row) => ({
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
  }

  /** `PRAGMA integrity_check` problems; empty when the file is sound. Reads the whole file. */
  integrityCheck(): string[] {
    return integrityProblems(this.db);
  }

  close(): void {
    if (!this.db.open) return;
    if (this.open) this.abort();
    this.db.close();
  }
}

function integrityProblems(db: Database.Database): string[] {
  const rows = db.prepare<[], string>('PRAGMA integrity_check').pluck().all();
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}

/** Creates the schema in a new file, or checks that an existing file has the schema we speak. */
function ensureSchema(db: Database.Database, path: string): void {
  const tables = new Set(
    db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all(),
  );
  if (tables.size === 0) {
    db.transaction(() => {
      db.exec(SCHEMA);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(META_SCHEMA, SCHEMA_VERSION);
    }).immediate();
    return;
  }
  if (!tables.has('meta')) throw new Error(`${path} is not a vpctwin store`);
  const version = db.prepare<[string], unknown>('SELECT value FROM meta WHERE key = ?').pluck().get(META_SCHEMA);
  if (version !== SCHEMA_VERSION) {
    throw new Error(
      `${path} has store schema version ${String(version)}; this vpctwin reads version ${SCHEMA_VERSION}`,
    );
  }
}

function prepare(db: Database.Database): SqliteStore['sql'] {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT operation'),
    release: db.prepare('RELEASE operation'),
    rollbackTo: db.prepare('ROLLBACK TO operation'),
    insertOperation: db.prepare('INSERT INTO operations (seq, time, account, region, name) VALUES (?, ?, ?, ?, ?)'),
    insertChange: db.prepare('INSERT INTO changes (op_seq, kind, id, before, after) VALUES (?, ?, ?, ?, ?)'),
    upsertResource: db.prepare(
      `INSERT INTO resources (kind, id, owner, region, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, region = excluded.region, body = excluded.body`,
    ),
    deleteResource: db.prepare('DELETE FROM resources WHERE kind = ? AND id = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    changesSince: db.prepare(
      `SELECT c.op_seq, o.time, o.account, o.region, o.name, c.kind, c.id, c.before, c.after
       FROM changes c JOIN operations o ON o.seq = c.op_seq
       WHERE c.op_seq > ? ORDER BY c.op_seq, c.rowid`,
    ),
  };
}
