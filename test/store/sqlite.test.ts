import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { initRegion } from '../../src/control/account.js';
import { createVpc, deleteVpc } from '../../src/control/vpc.js';
import { encodeResource } from '../../src/store/codec.js';
import { FixedClock } from '../../src/model/clock.js';
import type { AwsError } from '../../src/model/errors.js';
import type { Operation } from '../../src/model/operation.js';
import { fail, ok, type Result } from '../../src/model/result.js';
import { MemoryStore } from '../../src/store/memory.js';
import { openStore } from '../../src/store/open.js';
import { SCHEMA_VERSION, SqliteStore, StoreWriteError } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import type { Resource } from '../../src/model/resource.js';
import { caller } from '../support/harness.js';
import { everything, RecordingIds, run, storeContract } from './store-contract.js';
import { tempFiles } from './temp.js';

const file = tempFiles();

const alice = caller();

for (const batchThread of [true, false]) {
  const mode = batchThread ? 'batches on a writer thread' : 'batches inline';
  storeContract(`SqliteStore (${mode})`, {
    create: (ids, clock) => new SqliteStore({ path: file('contract.db'), ids, clock, batchThread }),
    reopen: (store, ids, clock) => {
      const { path } = store as SqliteStore;
      store.close();
      return new SqliteStore({ path, ids, clock, batchThread });
    },
  });
  sqliteSuite(mode, batchThread);
}

function sqliteSuite(mode: string, batchThread: boolean): void {
  describe(`SqliteStore (${mode})`, () => {
    const open: Store[] = [];
    const store = (path = file('s.db')): SqliteStore => {
      const s = new SqliteStore({
        path,
        ids: new RecordingIds(),
        clock: new FixedClock(),
        batchThread,
      });
      open.push(s);
      return s;
    };
    afterEach(() => {
      for (const s of open.splice(0)) s.close();
    });

    /** Installs a trigger through a second connection; returns its removal. */
    const trigger = (path: string, when: string, table = 'resources'): (() => void) => {
      const db = new Database(path);
      db.exec(`CREATE TRIGGER sabotage BEFORE INSERT ON ${table} WHEN ${when}
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
      db.close();
      return () => {
        const again = new Database(path);
        again.exec('DROP TRIGGER sabotage');
        again.close();
      };
    };
    /** Makes the log row of every operation that changes a resource of `kind` fail. */
    const sabotage = (path: string, kind: string) =>
      trigger(path, `NEW.changes LIKE '%["${kind}",%'`, 'operations');
    /** Makes the network ACL row of a VPC tagged `doomed` fail: the fourth row of its CreateVpc. */
    const doomVpcs = (path: string) =>
      trigger(
        path,
        `NEW.kind = 'network-acl' AND EXISTS (SELECT 1 FROM resources WHERE kind = 'vpc'
       AND id = json_extract(NEW.body, '$.vpcId') AND body LIKE '%"doomed"%')`,
      );
    const doomed = [{ key: 'Name', value: 'doomed' }];

    it('uses WAL mode and creates the documented tables', () => {
      const path = file('schema.db');
      store(path);
      const db = new Database(path, { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['meta', 'operations', 'resources']);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe(
        SCHEMA_VERSION,
      );
      db.close();
    });

    it('logs each operation in one row, and keeps resources with owner and Region beside them', () => {
      const path = file('rows.db');
      const s = store(path);
      run(s, 'InitRegion', initRegion, {});
      const vpc = run(s, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' });
      const db = new Database(path, { readonly: true });
      const ops = db
        .prepare('SELECT seq, account, region, name, changes FROM operations ORDER BY seq')
        .all() as { seq: number; account: string; region: string; name: string; changes: string }[];
      expect(ops.map(({ changes: _, ...head }) => head)).toEqual([
        { seq: 1, account: alice.accountId, region: alice.region, name: 'InitRegion' },
        { seq: 2, account: alice.accountId, region: alice.region, name: 'CreateVpc' },
      ]);
      const logged = JSON.parse(ops[1]?.changes ?? '[]') as [string, string, unknown, unknown][];
      expect(logged.map(([kind, id, before]) => [kind, id, before])).toEqual([
        ['vpc', vpc.id, null],
        ['route-table', expect.stringMatching(/^rtb-/), null],
        ['security-group', expect.stringMatching(/^sg-/), null],
        ['network-acl', expect.stringMatching(/^acl-/), null],
      ]);
      expect(JSON.stringify(logged[0]?.[3])).toContain('"cidrBlock":{"$cidr":"10.0.0.0/16"}');
      // `resources` catches up when writes pause or the store closes.
      const vpcRow = db.prepare("SELECT * FROM resources WHERE kind = 'vpc' AND id = ?");
      expect(vpcRow.get(vpc.id)).toBeUndefined();
      s.close();
      const row = vpcRow.get(vpc.id) as { owner: string; region: string; body: string };
      expect(row.owner).toBe(alice.accountId);
      expect(row.region).toBe(alice.region);
      expect(row.body).toContain('"cidrBlock":{"$cidr":"10.0.0.0/16"}');
      const account = db
        .prepare("SELECT owner, region FROM resources WHERE kind = 'account'")
        .get();
      expect(account).toEqual({ owner: alice.accountId, region: null });
      expect(db.prepare("SELECT value FROM meta WHERE key = 'materialized'").pluck().get()).toBe(2);
      db.close();
    });

    it('catches resources up every 256 operations, and replays the rest after a crash', () => {
      const path = file('catch-up.db');
      const s = store(path);
      run(s, 'InitRegion', initRegion, {});
      for (let i = 0; i < 300; i++) run(s, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' });
      const db = new Database(path, { readonly: true });
      const count = db.prepare("SELECT count(*) FROM resources WHERE kind = 'vpc'").pluck();
      const materialized = db.prepare("SELECT value FROM meta WHERE key = 'materialized'").pluck();
      expect(materialized.get()).toBe(256);
      expect(count.get()).toBe(255);
      // A copy of the files as they stand is what a crash now would leave: the World comes back
      // from `resources` plus the 45 operations after the catch-up.
      const crashed = file('catch-up-crashed.db');
      copyFileSync(path, crashed);
      copyFileSync(`${path}-wal`, `${crashed}-wal`);
      const t = store(crashed);
      expect(everything(t.snapshot)).toEqual(everything(s.snapshot));
      expect(t.snapshot.revision).toBe(s.snapshot.revision);
      expect(t.changes()).toEqual(s.changes());
      db.close();
    });

    it('opens a version 1 file: its change rows become one log row per operation', () => {
      const mem = new MemoryStore(new RecordingIds(), new FixedClock());
      run(mem, 'InitRegion', initRegion, {});
      const vpc = run(mem, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' });
      run(mem, 'DeleteVpc', deleteVpc, { vpcId: vpc.id });
      run(mem, 'CreateVpc', createVpc, { cidrBlock: '10.1.0.0/16' });
      const path = file('v1.db');
      writeVersion1(path, mem);
      const s = store(path);
      expect(everything(s.snapshot)).toEqual(everything(mem.snapshot));
      expect(s.changes()).toEqual(mem.changes());
      expect(s.snapshot.revision).toBe(mem.snapshot.revision);
      s.close();
      const db = new Database(path, { readonly: true });
      const tables = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(['meta', 'operations', 'resources']);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get()).toBe(2);
      db.close();
    });

    it('a failed write returns InternalError and leaves the World and the file untouched', () => {
      const path = file('sabotage.db');
      const s = store(path);
      run(s, 'InitRegion', initRegion, {});
      const state = everything(s.snapshot);
      const revision = s.snapshot.revision;
      const log = s.changes();
      // The security group is the third of four changes: the VPC and route table must go too.
      const repair = sabotage(path, 'security-group');
      const r = s.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, alice);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatchObject({
        code: 'InternalError',
        httpStatus: 500,
        fault: 'server',
      });
      expect(!r.ok && r.error.message).toContain('injected failure');
      expect(everything(s.snapshot)).toEqual(state);
      expect(s.snapshot.revision).toBe(revision);
      expect(s.changes()).toEqual(log);
      repair();
      const vpc = run(s, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' });
      s.close();
      const t = store(path);
      expect(everything(t.snapshot)).toEqual(everything(s.snapshot));
      expect(t.snapshot.get('vpc', vpc.id)).toEqual(vpc);
      expect(t.snapshot.revision).toBe(s.snapshot.revision);
    });

    it('a failed write inside a batch dooms the whole batch', () => {
      const path = file('batch-sabotage.db');
      const s = store(path);
      run(s, 'InitRegion', initRegion, {});
      const state = everything(s.snapshot);
      const log = s.changes();
      const repair = doomVpcs(path);
      /** Runs a batch; returns its result, or what it threw. */
      const attempt = (fn: () => Result<unknown, unknown>): unknown => {
        try {
          return s.batch(fn);
        } catch (e) {
          return e;
        }
      };
      // The function passes the error on (a writer thread may only report it at the commit).
      const passed = attempt((): Result<string, AwsError> => {
        run(s, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' });
        const bad = s.execute(
          'CreateVpc',
          createVpc,
          { cidrBlock: '10.1.0.0/16', tags: doomed },
          alice,
        );
        return bad.ok ? ok(bad.value.id) : bad;
      });
      const code = (x: unknown) =>
        x instanceof StoreWriteError ? x.error.code : (x as { error?: AwsError }).error?.code;
      expect(code(passed)).toBe('InternalError');
      expect(everything(s.snapshot)).toEqual(state);
      expect(s.changes()).toEqual(log);
      // The function ignores the error and returns ok: the batch still commits nothing.
      const ignored = attempt(() => {
        run(s, 'CreateVpc', createVpc, { cidrBlock: '10.2.0.0/16' });
        s.execute('CreateVpc', createVpc, { cidrBlock: '10.3.0.0/16', tags: doomed }, alice);
        for (let i = 0; i < 200; i++)
          s.execute('CreateVpc', createVpc, { cidrBlock: '10.4.0.0/16' }, alice);
        return ok(true);
      });
      expect(ignored).toBeInstanceOf(StoreWriteError);
      expect((ignored as StoreWriteError).error.message).toContain('injected failure');
      expect(everything(s.snapshot)).toEqual(state);
      expect(s.changes()).toEqual(log);
      repair();
      // The store goes on, and the file holds exactly what the World holds.
      const kept = s.batch(() =>
        ok(run(s, 'CreateVpc', createVpc, { cidrBlock: '10.5.0.0/16' }).id),
      );
      expect(kept.ok).toBe(true);
      const committed = s.changes();
      expect(new Set(committed.map((c) => c.seq)).size).toBe(2);
      s.close();
      const t = store(path);
      expect(everything(t.snapshot)).toEqual(everything(s.snapshot));
      expect(t.snapshot.count('vpc')).toBe(1);
      expect(t.changes()).toEqual(committed);
    });

    it('a value that cannot be encoded is an InternalError, not a crash', () => {
      const s = store();
      run(s, 'InitRegion', initRegion, {});
      const before = everything(s.snapshot);
      const cyclic: Operation<Record<string, never>, true> = (snap, _input, ctx) => {
        const account = snap.get('account', ctx.accountId);
        if (!account)
          return fail({ code: 'X', message: 'no account', httpStatus: 400, fault: 'client' });
        const loop: Record<string, unknown> = { ...account };
        loop.self = loop;
        return ok({
          changes: [{ op: 'put', resource: loop as unknown as typeof account }],
          output: true,
        });
      };
      const r = s.execute('Loop', cyclic, {}, alice);
      expect(!r.ok && r.error.code).toBe('InternalError');
      expect(everything(s.snapshot)).toEqual(before);
    });

    it('a process whose World is stale cannot write over another writer', () => {
      const path = file('two.db');
      const a = store(path);
      run(a, 'InitRegion', initRegion, {});
      const b = store(path);
      run(a, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' });
      const stale = everything(b.snapshot);
      const r = b.execute('CreateVpc', createVpc, { cidrBlock: '10.1.0.0/16' }, alice);
      expect(!r.ok && r.error.code).toBe('InternalError');
      expect(!r.ok && r.error.message).toContain('another process');
      expect(everything(b.snapshot)).toEqual(stale);
      run(a, 'CreateVpc', createVpc, { cidrBlock: '10.2.0.0/16' });
      expect(a.snapshot.count('vpc')).toBe(2);
    });

    it('after close, operations fail with InternalError; close twice is harmless', () => {
      const s = store();
      run(s, 'InitRegion', initRegion, {});
      s.close();
      s.close();
      const r = s.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, alice);
      expect(!r.ok && r.error.code).toBe('InternalError');
      expect(() => s.batch(() => ok(1))).toThrow(StoreWriteError);
    });

    it('refuses a file that is not a vpctwin store, or has another schema version', () => {
      const foreign = file('foreign.db');
      const db = new Database(foreign);
      db.exec('CREATE TABLE foo (x)');
      db.close();
      expect(() => new SqliteStore({ path: foreign })).toThrow(/not a vpctwin store/);

      const future = file('future.db');
      store(future).close();
      const f = new Database(future);
      f.prepare("UPDATE meta SET value = 99 WHERE key = 'schema'").run();
      f.close();
      expect(() => new SqliteStore({ path: future })).toThrow(/schema version 99/);
    });

    it('verify runs an integrity check on open', () => {
      const path = file('verify.db');
      const s = store(path);
      run(s, 'InitRegion', initRegion, {});
      expect(s.integrityCheck()).toEqual([]);
      s.close();
      const t = new SqliteStore({ path, verify: true });
      expect(t.snapshot.count('account')).toBe(1);
      t.close();
    });

    it('batch begin failure is a StoreWriteError, with nothing run', () => {
      const path = file('locked.db');
      const s = store(path);
      run(s, 'InitRegion', initRegion, {});
      const other = new Database(path, { timeout: 0 });
      other.exec('BEGIN IMMEDIATE');
      // It loads fine while another connection holds the write lock; do not wait for the lock.
      const locked = new SqliteStore({ path, busyTimeoutMs: 0, batchThread });
      open.push(locked);
      let ran = false;
      expect(() =>
        locked.batch(() => {
          ran = true;
          return ok(1);
        }),
      ).toThrow(StoreWriteError);
      expect(ran).toBe(false);
      const r = locked.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, alice);
      expect(!r.ok && r.error.code).toBe('InternalError');
      other.exec('ROLLBACK');
      other.close();
      expect(locked.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, alice).ok).toBe(
        true,
      );
    });
  });
}

describe('SqliteStore in memory', () => {
  it('works on :memory: (batches stay on the one private connection)', () => {
    const s = new SqliteStore({ path: ':memory:', clock: new FixedClock() });
    run(s, 'InitRegion', initRegion, {});
    const r = s.batch(() => ok(run(s, 'CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' })));
    expect(r.ok && s.snapshot.get('vpc', r.value.id)).toBeTruthy();
    expect(new Set(s.changes().map((c) => c.seq)).size).toBe(2);
    s.close();
  });
});

describe('openStore', () => {
  it('opens a SqliteStore on a path and a MemoryStore without one', () => {
    const path = file('open.db');
    const durable = openStore({ path, clock: new FixedClock() });
    expect(durable).toBeInstanceOf(SqliteStore);
    run(durable, 'InitRegion', initRegion, {});
    durable.close();
    const again = openStore({ path });
    expect(again.snapshot.count('account')).toBe(1);
    again.close();
    const memory = openStore();
    expect(memory).toBeInstanceOf(MemoryStore);
    memory.close();
  });
});

/** Writes a store in the version 1 layout (one `changes` row per changed resource), by hand. */
function writeVersion1(path: string, from: MemoryStore): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
    CREATE TABLE resources (kind TEXT NOT NULL, id TEXT NOT NULL, owner TEXT, region TEXT,
      body TEXT NOT NULL, PRIMARY KEY (kind, id));
    CREATE TABLE operations (seq INTEGER PRIMARY KEY, time TEXT NOT NULL, account TEXT NOT NULL,
      region TEXT NOT NULL, name TEXT NOT NULL);
    CREATE TABLE changes (op_seq INTEGER NOT NULL REFERENCES operations (seq), kind TEXT NOT NULL,
      id TEXT NOT NULL, before TEXT, after TEXT);
    CREATE INDEX changes_by_op ON changes (op_seq);`);
  const op = db.prepare('INSERT OR IGNORE INTO operations VALUES (?, ?, ?, ?, ?)');
  const change = db.prepare('INSERT INTO changes VALUES (?, ?, ?, ?, ?)');
  const resource = db.prepare('INSERT INTO resources VALUES (?, ?, ?, ?, ?)');
  const meta = db.prepare('INSERT INTO meta VALUES (?, ?)');
  const body = (r: Resource | undefined) => (r ? encodeResource(r) : null);
  db.transaction(() => {
    for (const c of from.changes()) {
      op.run(c.seq, c.time, c.accountId, c.region, c.operation);
      change.run(c.seq, c.kind, c.id, body(c.before), body(c.after));
    }
    for (const r of everything(from.snapshot)) {
      const owner = r.kind === 'account' ? r.id : r.ownerId;
      resource.run(r.kind, r.id, owner, r.kind === 'account' ? null : r.region, encodeResource(r));
    }
    meta.run('schema', 1);
    meta.run('revision', from.snapshot.revision);
    meta.run('ids.position', from.ids.position.toString());
  })();
  db.close();
}
