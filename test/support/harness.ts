import { initRegion } from '../../src/control/account.js';
import type { AwsError } from '../../src/model/errors.js';
import type { AccountId, RegionName } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Caller } from '../../src/store/store.js';

/** A caller in account 111111111111, us-east-1, unless said otherwise. */
export const caller = (accountId = '111111111111', region = 'us-east-1'): Caller => ({
  accountId: accountId as AccountId,
  region: region as RegionName,
});

/**
 * A fresh in-memory store with helpers that run operations: `run` returns the output and fails
 * the test on an AWS error; `fails` returns the AWS error and fails the test on success. Both
 * check that a failing operation changed nothing.
 */
export function harness(defaultCaller: Caller = caller()) {
  const store = new MemoryStore();
  const init = (c: Caller) => {
    const r = store.execute('InitRegion', initRegion, {}, c);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  };
  init(defaultCaller);
  return {
    store,
    get s() {
      return store.snapshot;
    },
    caller: defaultCaller,
    init,
    run<I, O>(op: Operation<I, O>, input: I, c: Caller = defaultCaller): O {
      const r = store.execute(op.name || 'op', op, input, c);
      if (!r.ok) throw new Error(`unexpected ${r.error.code}: ${r.error.message}`);
      return r.value;
    },
    fails<I, O>(op: Operation<I, O>, input: I, c: Caller = defaultCaller): AwsError {
      const before = store.snapshot.revision;
      const r = store.execute(op.name || 'op', op, input, c);
      if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
      if (store.snapshot.revision !== before) throw new Error('a failed operation changed state');
      return r.error;
    },
  };
}
