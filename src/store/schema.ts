import type Database from 'better-sqlite3';

/**
 * The SQLite schema of the store and the statements that write it. One statement text per
 * purpose, so both connections (the main thread's and the batch writer thread's) prepare each
 * once and reuse it.
 */

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

export const META_SCHEMA = 'schema';
export const META_IDS = 'ids.position';
export const META_REVISION = 'revision';

/** One statement to run: its SQL text and positional parameters. */
export type Step = readonly [sql: string, params: readonly unknown[]];

export const SQL = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  insertOperation:
    'INSERT INTO operations (seq, time, account, region, name) VALUES (?, ?, ?, ?, ?)',
  deleteResource: 'DELETE FROM resources WHERE kind = ? AND id = ?',
  setMeta:
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  /** Two meta rows in one statement: every write records the id position and the revision. */
  setMetaPair:
    'INSERT INTO meta (key, value) VALUES (?, ?), (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  changesSince: `SELECT c.op_seq, o.time, o.account, o.region, o.name, c.kind, c.id, c.before, c.after
    FROM changes c JOIN operations o ON o.seq = c.op_seq
    WHERE c.op_seq > ? AND c.op_seq <= ? ORDER BY c.op_seq, c.rowid`,
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

export const insertChanges = new MultiRow(
  'INSERT INTO changes (op_seq, kind, id, before, after)',
  5,
);
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
  if (version !== SCHEMA_VERSION) {
    throw new Error(
      `${path} has store schema version ${String(version)}; this vpctwin reads version ${SCHEMA_VERSION}`,
    );
  }
}
