import { describe, expect, it } from 'vitest';
import { initRegion } from '../../src/control/account.js';
import { createSubnet, deleteSubnet } from '../../src/control/subnet.js';
import { createVpc } from '../../src/control/vpc.js';
import type { Operation } from '../../src/model/operation.js';
import { openStore } from '../../src/store/open.js';
import { lastSeq, snapshotAt } from '../../src/store/revision.js';
import type { Store } from '../../src/store/store.js';
import { caller } from '../support/harness.js';
import { exportState } from '../support/state.js';
import { tempFiles } from './temp.js';

/** snapshotAt: the state after any operation of the change log, rebuilt by undoing later ones. */

const temp = tempFiles('vpctwin-revision-');

function exercise(store: Store): void {
  const states: string[] = [exportState(store)];
  const run = <I, O>(op: Operation<I, O>, input: I): O => {
    const r = store.execute(op.name, op, input, caller());
    if (!r.ok) throw new Error(r.error.message);
    states[lastSeq(store)] = exportState(store);
    return r.value;
  };
  run(initRegion, {});
  const vpc = run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const subnet = run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
  });
  run(deleteSubnet, { subnetId: subnet.id });
  const last = lastSeq(store);
  expect(last).toBe(4);
  for (let seq = 0; seq <= last; seq++) {
    const s = snapshotAt(store, seq);
    expect(exportState({ snapshot: s! }), `after operation ${seq}`).toBe(states[seq]);
  }
  expect(snapshotAt(store, 1)!.get('vpc', vpc.id)).toBeUndefined();
  expect(snapshotAt(store, 3)!.get('subnet', subnet.id)).toBeDefined();
  expect(snapshotAt(store, last + 1)).toBeUndefined();
  expect(snapshotAt(store, -1)).toBeUndefined();
  // The store itself is untouched.
  expect(exportState(store)).toBe(states[last]);
}

describe('snapshotAt', () => {
  it('rebuilds every earlier state in memory', () => {
    const store = openStore();
    exercise(store);
    store.close();
  });

  it('rebuilds every earlier state from a SQLite change log', () => {
    const store = openStore({ path: temp('r.db') });
    exercise(store);
    store.close();
  });
});
