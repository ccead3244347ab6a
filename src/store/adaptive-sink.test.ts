import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempFiles } from '../../test/store/temp.js';
import { caller } from '../../test/support/harness.js';
import { initRegion } from '../control/account.js';
import { createVpc } from '../control/vpc.js';
import type { AwsError } from '../model/errors.js';
import { fail, ok, type Result } from '../model/result.js';
import { SqliteStore, StoreWriteError } from './sqlite.js';

const file = tempFiles('vpctwin-adaptive-');
const who = caller();

/** Whether the store has started its writer thread (a private detail, checked on purpose). */
const hasThread = (s: SqliteStore) => (s as unknown as { thread?: object }).thread !== undefined;

/** `n` CreateVpc in one batch, then `end` decides the batch's result. */
function vpcs(
  s: SqliteStore,
  n: number,
  end: () => Result<number, AwsError> = () => ok(n),
): Result<number, AwsError> {
  return s.batch(() => {
    for (let i = 0; i < n; i++) {
      const r = s.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, who);
      if (!r.ok) return r;
    }
    return end();
  });
}

describe('batches start inline and move to the writer thread once big', () => {
  const open: SqliteStore[] = [];
  const store = (path: string, batchThread?: boolean | number) => {
    const s = new SqliteStore({ path, batchThread });
    open.push(s);
    expect(s.execute('InitRegion', initRegion, {}, who).ok).toBe(true);
    return s;
  };
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  const reopenCount = (path: string) => {
    const s = new SqliteStore({ path });
    try {
      return s.snapshot.count('vpc');
    } finally {
      s.close();
    }
  };

  it('a small batch never starts a thread (the default: 256 operations)', () => {
    const path = file('small.db');
    const s = store(path);
    expect(vpcs(s, 20).ok).toBe(true);
    expect(hasThread(s)).toBe(false);
    s.close();
    expect(reopenCount(path)).toBe(20);
  });

  it('a big batch moves to the thread, replaying what it wrote inline, and commits whole', () => {
    const path = file('big.db');
    const s = store(path, 10);
    expect(vpcs(s, 35).ok).toBe(true);
    expect(hasThread(s)).toBe(true);
    expect(s.snapshot.count('vpc')).toBe(35);
    expect(s.execute('CreateVpc', createVpc, { cidrBlock: '10.1.0.0/16' }, who).ok).toBe(true);
    s.close();
    expect(reopenCount(path)).toBe(36);
  });

  it('a big batch that fails after moving rolls back whole, the inline part too', () => {
    const path = file('fail.db');
    const s = store(path, 10);
    const r = vpcs(s, 25, () =>
      fail({ code: 'X', message: 'no', httpStatus: 400, fault: 'client' }),
    );
    expect(r.ok).toBe(false);
    expect(hasThread(s)).toBe(true);
    expect(s.snapshot.count('vpc')).toBe(0);
    expect(s.changes().some((c) => c.operation === 'CreateVpc')).toBe(false);
    expect(vpcs(s, 3).ok).toBe(true);
    s.close();
    expect(reopenCount(path)).toBe(3);
  });

  it('closes an idle writer thread, and starts another for the next big batch', async () => {
    const path = file('idle.db');
    const s = new SqliteStore({ path, batchThread: 10, threadIdleMs: 20 });
    open.push(s);
    expect(s.execute('InitRegion', initRegion, {}, who).ok).toBe(true);
    expect(vpcs(s, 12).ok).toBe(true);
    expect(hasThread(s)).toBe(true);
    for (let waited = 0; hasThread(s) && waited < 5000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(hasThread(s)).toBe(false);
    expect(vpcs(s, 12).ok).toBe(true);
    expect(hasThread(s)).toBe(true);
    s.close();
    expect(reopenCount(path)).toBe(24);
  });

  it('a write failing after the move dooms the batch, reported late', () => {
    const path = file('doomed.db');
    const s = store(path, 10);
    // The 15th VPC's network ACL row fails, in the thread's transaction.
    const db = new Database(path);
    db.exec(`CREATE TRIGGER sabotage BEFORE INSERT ON resources
      WHEN NEW.kind = 'network-acl' AND (SELECT count(*) FROM resources WHERE kind = 'network-acl') >= 14
      BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    db.close();
    let thrown: unknown;
    try {
      vpcs(s, 40);
    } catch (e) {
      thrown = e;
    }
    // Either the batch saw the failure as an InternalError of a later operation, or its commit
    // threw StoreWriteError; both roll everything back.
    if (thrown !== undefined) expect(thrown).toBeInstanceOf(StoreWriteError);
    expect(s.snapshot.count('vpc')).toBe(0);
    s.close();
    expect(reopenCount(path)).toBe(0);
  });
});
