import { afterEach, describe, expect, it } from 'vitest';
import { initRegion } from '../../src/control/account.js';
import { createVpc, deleteVpc, modifyVpcAttribute } from '../../src/control/vpc.js';
import { FixedClock, type Clock } from '../../src/model/clock.js';
import { AwsErrors, type AwsError } from '../../src/model/errors.js';
import { SeededIds, type Id, type IdFamily } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import { KINDS, type Resource } from '../../src/model/resource.js';
import { fail, ok, type Result } from '../../src/model/result.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { Vpc } from '../../src/model/vpc.js';
import type { Caller, ResumableIds, Store } from '../../src/store/store.js';
import { caller } from '../support/harness.js';

/** How the contract makes stores of one implementation. */
export interface StoreFactory {
  /** A fresh, empty store using these ids and this clock. */
  create(ids: ResumableIds, clock: Clock): Store;
  /** Closes the store and opens its state again; only for stores that persist. */
  reopen?(store: Store, ids: ResumableIds, clock: Clock): Store;
}

/** Seeded ids that remember every id they issue, so tests can prove ids are never reissued. */
export class RecordingIds extends SeededIds {
  readonly issued = new Set<string>();
  override next<F extends IdFamily>(family: F): Id<F> {
    const id = super.next(family);
    this.issued.add(id);
    return id;
  }
}

const alice = caller();
const bob = caller('222222222222', 'eu-west-1');

/** Runs an operation and returns its output; throws on an AWS error. */
export function run<I, O>(
  store: Store,
  name: string,
  op: Operation<I, O>,
  input: I,
  who: Caller = alice,
): O {
  const r = store.execute(name, op, input, who);
  if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Every resource of a snapshot, in a stable order, for whole-state comparisons. */
export function everything(s: Snapshot): Resource[] {
  const out: Resource[] = [];
  for (const kind of KINDS) {
    out.push(...[...s.all(kind)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }
  return out;
}

const newVpc = (store: Store, cidrBlock = '10.0.0.0/16', who: Caller = alice): Vpc =>
  run(store, 'CreateVpc', createVpc, { cidrBlock }, who);

/** The VPC and the three resources AWS creates with it are all present. */
function expectWholeVpc(s: Snapshot, id: string): void {
  expect(s.get('vpc', id)).toBeDefined();
  expect(s.find('routeTablesByVpc', id)).toHaveLength(1);
  expect(s.find('securityGroupsByVpc', id)).toHaveLength(1);
  expect(s.find('networkAclsByVpc', id)).toHaveLength(1);
}

/** An operation that asks for no change (as a read would). */
const noChange: Operation<Record<string, never>, string> = () =>
  ok({ changes: [], output: 'nothing' });

/** The store contract every Store implementation must honour. */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name}: the Store contract`, () => {
    const open: Store[] = [];
    const create = (
      ids: ResumableIds = new RecordingIds(),
      clock: Clock = new FixedClock(),
    ): Store => {
      const s = factory.create(ids, clock);
      open.push(s);
      return s;
    };
    afterEach(() => {
      for (const s of open.splice(0)) s.close();
    });

    it('execute applies the changes, bumps the revision once and logs each change', () => {
      const clock = new FixedClock(new Date('2026-03-04T05:06:07.000Z'));
      const s = create(new RecordingIds(), clock);
      run(s, 'InitRegion', initRegion, {});
      const revision = s.snapshot.revision;
      clock.advance(1000);
      const vpc = newVpc(s);
      expect(s.snapshot.revision).toBe(revision + 1);
      expectWholeVpc(s.snapshot, vpc.id);
      expect(s.snapshot.get('vpc', vpc.id)).toEqual(vpc);

      const log = s.changes();
      const initSeq = log[0]?.seq;
      expect(log.filter((r) => r.seq === initSeq).every((r) => r.operation === 'InitRegion')).toBe(
        true,
      );
      const created = s.changes(initSeq);
      expect(created.map((r) => r.kind)).toEqual([
        'vpc',
        'route-table',
        'security-group',
        'network-acl',
      ]);
      for (const r of created) {
        expect(r).toMatchObject({
          operation: 'CreateVpc',
          accountId: alice.accountId,
          region: alice.region,
          time: '2026-03-04T05:06:08.000Z',
          before: undefined,
        });
        expect(r.seq).toBe(created[0]?.seq);
        expect(r.seq).toBeGreaterThan(initSeq ?? 0);
        expect(r.after).toEqual(s.snapshot.get(r.kind, r.id));
      }
    });

    it('logs before and after of a modification and of a deletion', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      const vpc = newVpc(s);
      const since = s.changes().at(-1)?.seq ?? 0;
      const modified = run(s, 'ModifyVpcAttribute', modifyVpcAttribute, {
        vpcId: vpc.id,
        enableDnsHostnames: true,
      });
      const [change, ...rest] = s.changes(since);
      expect(rest).toHaveLength(0);
      expect(change).toMatchObject({ operation: 'ModifyVpcAttribute', kind: 'vpc', id: vpc.id });
      expect(change?.before).toEqual(vpc);
      expect(change?.after).toEqual(modified);
      expect(s.snapshot.get('vpc', vpc.id)?.enableDnsHostnames).toBe(true);

      const seq = change?.seq ?? 0;
      run(s, 'DeleteVpc', deleteVpc, { vpcId: vpc.id });
      const deleted = s.changes(seq);
      expect(deleted.map((r) => r.kind).sort()).toEqual([
        'network-acl',
        'route-table',
        'security-group',
        'vpc',
      ]);
      expect(deleted.every((r) => r.after === undefined && r.before !== undefined)).toBe(true);
      expect(deleted.find((r) => r.kind === 'vpc')?.before).toEqual(modified);
      expect(s.snapshot.get('vpc', vpc.id)).toBeUndefined();
      expect(s.snapshot.find('routeTablesByVpc', vpc.id)).toHaveLength(0);
    });

    it('keeps callers apart in the log: account and Region come from the caller', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {}, alice);
      run(s, 'InitRegion', initRegion, {}, bob);
      const vpc = newVpc(s, '10.1.0.0/16', bob);
      const records = s.changes().filter((r) => r.id === vpc.id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ accountId: bob.accountId, region: bob.region });
    });

    it('a failing operation changes nothing and logs nothing', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      newVpc(s);
      const state = everything(s.snapshot);
      const revision = s.snapshot.revision;
      const log = s.changes();
      const r = s.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/8' }, alice);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('InvalidVpc.Range');
      const missing = s.execute('DeleteVpc', deleteVpc, { vpcId: 'vpc-0123456789abcdef0' }, alice);
      expect(!missing.ok && missing.error.code).toBe('InvalidVpcID.NotFound');
      expect(s.snapshot.revision).toBe(revision);
      expect(everything(s.snapshot)).toEqual(state);
      expect(s.changes()).toEqual(log);
    });

    it('an operation that changes nothing is neither logged nor a new revision', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      const revision = s.snapshot.revision;
      const log = s.changes();
      expect(run(s, 'Describe', noChange, {})).toBe('nothing');
      expect(s.snapshot.revision).toBe(revision);
      expect(s.changes()).toEqual(log);
    });

    it('sequence numbers are per operation and increase', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      newVpc(s);
      newVpc(s);
      const seqs = [...new Set(s.changes().map((r) => r.seq))];
      expect(seqs).toHaveLength(3);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(s.changes(seqs[1])).toHaveLength(4);
      expect(s.changes(seqs[2])).toHaveLength(0);
    });

    it('batch commits every operation when the function succeeds', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      const since = s.changes().at(-1)?.seq ?? 0;
      const r = s.batch(() =>
        ok([newVpc(s, '10.0.0.0/16'), newVpc(s, '10.1.0.0/16'), newVpc(s, '10.2.0.0/16')]),
      );
      expect(r.ok).toBe(true);
      const vpcs = r.ok ? r.value : [];
      for (const v of vpcs) expectWholeVpc(s.snapshot, v.id);
      const ops = new Set(s.changes(since).map((c) => c.seq));
      expect(ops.size).toBe(3);
      expect(s.changes(since)).toHaveLength(12);
    });

    it('batch undoes every operation when the function fails', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      const first = newVpc(s);
      const state = everything(s.snapshot);
      const log = s.changes();
      const made: string[] = [];
      const r = s.batch((): Result<true, AwsError> => {
        made.push(newVpc(s, '10.1.0.0/16').id);
        run(s, 'ModifyVpcAttribute', modifyVpcAttribute, {
          vpcId: first.id,
          enableDnsHostnames: true,
        });
        made.push(newVpc(s, '10.2.0.0/16').id);
        const bad = s.execute('CreateVpc', createVpc, { cidrBlock: 'nonsense' }, alice);
        return bad.ok ? ok(true) : bad;
      });
      expect(!r.ok && r.error.code).toBe('InvalidParameterValue');
      expect(made).toHaveLength(2);
      for (const id of made) expect(s.snapshot.get('vpc', id)).toBeUndefined();
      expect(everything(s.snapshot)).toEqual(state);
      expect(s.snapshot.find('routeTablesByVpc', made[0] ?? '')).toHaveLength(0);
      expect(s.changes()).toEqual(log);
      // The store goes on: the next operation takes the next sequence number after the log.
      const after = newVpc(s, '10.3.0.0/16');
      const next = s.changes(log.at(-1)?.seq);
      expect(next.map((c) => c.id)).toContain(after.id);
      expect(next[0]?.seq).toBe((log.at(-1)?.seq ?? 0) + 1);
    });

    it('batch undoes every operation and rethrows when the function throws', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      const state = everything(s.snapshot);
      const log = s.changes();
      let made = '';
      expect(() =>
        s.batch(() => {
          made = newVpc(s).id;
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(made).not.toBe('');
      expect(s.snapshot.get('vpc', made)).toBeUndefined();
      expect(everything(s.snapshot)).toEqual(state);
      expect(s.changes()).toEqual(log);
      expectWholeVpc(s.snapshot, newVpc(s).id);
    });

    it('a nested batch joins the outer one: the outer failure undoes the inner work', () => {
      const s = create();
      run(s, 'InitRegion', initRegion, {});
      const state = everything(s.snapshot);
      let inner = '';
      const r = s.batch(() => {
        const nested = s.batch(() => ok((inner = newVpc(s).id)));
        expect(nested.ok).toBe(true);
        expect(s.snapshot.get('vpc', inner)).toBeDefined();
        return fail(AwsErrors.code('Stop', 'stop'));
      });
      expect(r.ok).toBe(false);
      expect(s.snapshot.get('vpc', inner)).toBeUndefined();
      expect(everything(s.snapshot)).toEqual(state);
      // And an inner failure inside a successful outer batch keeps what the outer committed.
      const kept = s.batch(() => {
        const v = newVpc(s, '10.5.0.0/16');
        const nested = s.batch(() => fail('inner failed'));
        expect(nested.ok).toBe(false);
        return ok(v.id);
      });
      expect(kept.ok && s.snapshot.get('vpc', kept.value)).toBeTruthy();
    });

    it('ids are never reissued after a rolled-back batch', () => {
      const ids = new RecordingIds();
      const s = create(ids);
      run(s, 'InitRegion', initRegion, {});
      s.batch(() => {
        newVpc(s);
        return fail('undo');
      });
      const seen = new Set(ids.issued);
      ids.issued.clear();
      newVpc(s);
      for (const id of ids.issued) expect(seen.has(id)).toBe(false);
    });

    const reopen = factory.reopen?.bind(factory);
    // Only stores that can reopen their state get the persistence cases (no skipped tests).
    if (reopen)
      describe('persistence', () => {
        const again = (s: Store, ids: ResumableIds = new RecordingIds()): Store => {
          const i = open.indexOf(s);
          if (i >= 0) open.splice(i, 1);
          const next = reopen(s, ids, new FixedClock());
          open.push(next);
          return next;
        };

        it('reopening gives the same resources, revision and change log', () => {
          const s = create();
          run(s, 'InitRegion', initRegion, {});
          run(s, 'InitRegion', initRegion, {}, bob);
          const vpc = newVpc(s);
          newVpc(s, '10.9.0.0/16', bob);
          run(s, 'ModifyVpcAttribute', modifyVpcAttribute, {
            vpcId: vpc.id,
            enableDnsHostnames: true,
          });
          const doomed = newVpc(s, '10.7.0.0/16');
          run(s, 'DeleteVpc', deleteVpc, { vpcId: doomed.id });
          const state = everything(s.snapshot);
          const revision = s.snapshot.revision;
          const log = s.changes();
          const t = again(s);
          expect(everything(t.snapshot)).toEqual(state);
          expect(t.snapshot.revision).toBe(revision);
          expect(t.changes()).toEqual(log);
          // Indexes are rebuilt, not just tables.
          expectWholeVpc(t.snapshot, vpc.id);
          expect(t.snapshot.find('routeTablesByVpc', doomed.id)).toHaveLength(0);
          // And it goes on: the next operation continues the sequence.
          const more = newVpc(t, '10.8.0.0/16');
          expect(t.changes(log.at(-1)?.seq).map((c) => c.id)).toContain(more.id);
        });

        it('ids continue after reopening: the next id differs from every id used before', () => {
          const before = new RecordingIds();
          const s = create(before);
          run(s, 'InitRegion', initRegion, {});
          for (let i = 0; i < 5; i++) newVpc(s);
          const after = new RecordingIds();
          const t = again(s, after);
          newVpc(t);
          expect(after.issued.size).toBeGreaterThan(0);
          for (const id of after.issued) expect(before.issued.has(id)).toBe(false);
        });

        it('ids and revision stay ahead after a rolled-back batch and a reopen', () => {
          const before = new RecordingIds();
          const s = create(before);
          run(s, 'InitRegion', initRegion, {});
          s.batch(() => {
            newVpc(s);
            return fail('undo');
          });
          const revision = s.snapshot.revision;
          const after = new RecordingIds();
          const t = again(s, after);
          expect(t.snapshot.revision).toBe(revision);
          newVpc(t);
          for (const id of after.issued) expect(before.issued.has(id)).toBe(false);
        });
      });
  });
}
