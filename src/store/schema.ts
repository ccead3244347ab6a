import type Database from 'better-sqlite3';

/**
 * The SQLite schema of the store and the statements that write it. One statement text per
 * purpose, so both connections (the main thread's and the batch writer thread's) prepare each
 * once and reuse it.
 */

/** The schema this code reads and writes; bump it with a migration when tables change. */
export const SCHEMA_VERSION = 2;

/**
 * The change log: one row per operation, its changes as one JSON array of
 * `[kind, id, before, after]` (resources in the codec's tagged JSON, `null` for absent), with the
 * id position and revision after it. One row per operation keeps a single write to one append-only
 * B-tree, the cheapest commit SQLite has.
 */
const OPERATIONS_TABLE = (name: string) => `CREATE TABLE ${name} (
  seq INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  changes TEXT NOT NULL,
  ids TEXT,
  revision INTEGER
);`;

/**
 * `resources` holds each resource's last state as of the operation `meta.materialized`; the
 * operations after it are replayed on open (see README.md, "Decisions").
 */
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
${OPERATIONS_TABLE('operations')}
`;

export const META_SCHEMA = 'schema';
export const META_IDS = 'ids.position';
export const META_REVISION = 'revision';
/** The last operation whose changes `resources` reflects. */
export const META_MATERIALIZED = 'materialized';

/** One statement to run: its SQL text and positional parameters. */
export type Step = readonly [sql: string, params: readonly unknown[]];

export const SQL = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  insertOperation:
    'INSERT INTO operations (seq, time, account, region, name, changes, ids, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  deleteResource: 'DELETE FROM resources WHERE kind = ? AND id = ?',
  setMeta:
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  /** Two meta rows in one statement: every write records the id position and the revision. */
  setMetaPair:
    'INSERT INTO meta (key, value) VALUES (?, ?), (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  operationsSince: `SELECT seq, time, account, region, name, changes FROM operations
    WHERE seq > ? AND seq <= ? ORDER BY seq`,
} as const;

/**
 * Multi-row INSERTs, one text per row count: an operation writes its change rows in one
 * statement and its resource rows in another, rather than one statement per row.
 */
class MultiRow {
  /** Rows per statement; larger operations are written in chunks. */
  static readonly MAX_ROWS = 32;
  private readonly texts: string[] = [];

  constructor(
    private readonly head: string,
    readonly width: number,
    private readonly tail = '',
  ) {}

  /** Steps inserting the rows given as one flat list of `width` values each. */
  steps(values: readonly unknown[]): Step[] {
    const out: Step[] = [];
    const step = MultiRow.MAX_ROWS * this.width;
    for (let at = 0; at < values.length; at += step) {
      const chunk = at === 0 && values.length <= step ? values : values.slice(at, at + step);
      out.push([this.text(chunk.length / this.width), chunk]);
    }
    return out;
  }

  private text(rows: number): string {
    let text = this.texts[rows];
    if (text === undefined) {
      const row = `(${new Array<string>(this.width).fill('?').join(', ')})`;
      text =
        `${this.head} VALUES ${new Array<string>(rows).fill(row).join(', ')} ${this.tail}`.trim();
      this.texts[rows] = text;
    }
    return text;
  }
}

export const upsertResources = new MultiRow(
  'INSERT INTO resources (kind, id, owner, region, body)',
  5,
  'ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, region = excluded.region, body = excluded.body',
);

/** `PRAGMA integrity_check` problems; empty when the file is sound. Reads the whole file. */
export function integrityProblems(db: Database.Database): string[] {
  const rows = db.prepare<[], string>('PRAGMA integrity_check').pluck().all();
  return rows.length === 1 && rows[0] === 'ok' ? [] : rows;
}

/** Creates the schema in a new file, or checks that an existing file has the schema we speak. */
export function ensureSchema(db: Database.Database, path: string): void {
  const tables = new Set(
    db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all(),
  );
  if (tables.size === 0) {
    db.transaction(() => {
      db.exec(SCHEMA);
      db.prepare(SQL.setMeta).run(META_SCHEMA, SCHEMA_VERSION);
    }).immediate();
    return;
  }
  if (!tables.has('meta')) throw new Error(`${path} is not a vpctwin store`);
  const version = db
    .prepare<[string], unknown>('SELECT value FROM meta WHERE key = ?')
    .pluck()
    .get(META_SCHEMA);
  if (version === 1) {
    migrateFromV1(db);
    return;
  }
  if (version !== SCHEMA_VERSION) {
    throw new Error(
      `${path} has store schema version ${String(version)}; this vpctwin reads version ${SCHEMA_VERSION}`,
    );
  }
}

/**
 * Version 1 kept one `changes` row per changed resource, indexed by operation. Version 2 keeps an
 * operation's changes in its own row: the rows are folded in, in their original order, and the
 * resources table (written with every operation in version 1) is current up to the last one.
 */
function migrateFromV1(db: Database.Database): void {
  const rows = db.prepare<
    [number, number],
    { seq: number; kind: string; id: string; before: string | null; after: string | null }
  >(
    `SELECT op_seq AS seq, kind, id, before, after FROM changes
     WHERE op_seq > ? AND op_seq <= ? ORDER BY op_seq, rowid`,
  );
  const insert = (): Database.Statement<[string, number]> =>
    db.prepare(
      `INSERT INTO operations_v2 (seq, time, account, region, name, changes)
       SELECT seq, time, account, region, name, ? FROM operations WHERE seq = ?`,
    );
  db.transaction(() => {
    db.exec(OPERATIONS_TABLE('operations_v2'));
    const put = insert();
    const last =
      db.prepare<[], number | null>('SELECT max(seq) FROM operations').pluck().get() ?? 0;
    // A thousand operations at a time: a big log need not fit in memory at once.
    for (let from = 0; from < last; from += 1000) {
      const byOp = new Map<number, string[]>();
      for (const r of rows.all(from, from + 1000)) {
        let parts = byOp.get(r.seq);
        if (!parts) byOp.set(r.seq, (parts = []));
        parts.push(logEntry(r.kind, r.id, r.before, r.after));
      }
      for (const [seq, parts] of byOp) put.run(`[${parts.join(',')}]`, seq);
    }
    db.exec(`INSERT INTO operations_v2 (seq, time, account, region, name, changes)
      SELECT seq, time, account, region, name, '[]' FROM operations
      WHERE seq NOT IN (SELECT seq FROM operations_v2)`);
    db.exec(
      'DROP TABLE changes; DROP TABLE operations; ALTER TABLE operations_v2 RENAME TO operations',
    );
    const set = db.prepare(SQL.setMeta);
    set.run(META_MATERIALIZED, last);
    set.run(META_SCHEMA, SCHEMA_VERSION);
  }).immediate();
}

/** One change as the log writes it: `[kind, id, before, after]`, bodies already JSON text. */
export function logEntry(
  kind: string,
  id: string,
  before: string | null,
  after: string | null,
): string {
  return `[${JSON.stringify(kind)},${JSON.stringify(id)},${before ?? 'null'},${after ?? 'null'}]`;
}
