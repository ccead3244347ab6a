import { FixedClock, type Clock } from '../model/clock.js';
import type { AwsError } from '../model/errors.js';
import { SeededIds } from '../model/ids.js';
import type { Operation } from '../model/operation.js';
import type { Result } from '../model/result.js';
import { World, type Change } from '../model/snapshot.js';
import { changeKey, contextFor, type Caller, type ChangeRecord, type Store } from './store.js';

/** A store that lives in memory: for tests, and for one-shot CLI commands on a topology file. */
export class MemoryStore implements Store {
  readonly snapshot = new World();
  private readonly log: ChangeRecord[] = [];
  /** Undo records of the open batch, newest last; undefined outside a batch. */
  private undo: { steps: Change[][]; logLength: number } | undefined;

  constructor(
    readonly ids: SeededIds = new SeededIds(),
    readonly clock: Clock = new FixedClock(),
  ) {}

  execute<I, O>(name: string, op: Operation<I, O>, input: I, caller: Caller): Result<O, AwsError> {
    const result = op(this.snapshot, input, contextFor(this, caller));
    if (!result.ok) return result;
    const time = this.clock.now().toISOString();
    for (const c of result.value.changes) {
      const { kind, id } = changeKey(c);
      this.log.push({
        seq: this.log.length + 1,
        time,
        accountId: caller.accountId,
        region: caller.region,
        operation: name,
        kind,
        id,
        before: this.snapshot.get(kind, id),
        after: c.op === 'put' ? c.resource : undefined,
      });
    }
    const inverse = this.snapshot.apply(result.value.changes);
    this.undo?.steps.push(inverse);
    return { ok: true, value: result.value.output };
  }

  batch<T, E>(fn: () => Result<T, E>): Result<T, E> {
    if (this.undo) return fn(); // nested batches join the outer one
    this.undo = { steps: [], logLength: this.log.length };
    try {
      const result = fn();
      if (!result.ok) this.rollback();
      return result;
    } catch (e) {
      this.rollback();
      throw e;
    } finally {
      this.undo = undefined;
    }
  }

  private rollback(): void {
    if (!this.undo) return;
    for (const step of this.undo.steps.reverse()) this.snapshot.apply(step);
    this.log.length = this.undo.logLength;
  }

  changes(since = 0): ChangeRecord[] {
    return this.log.filter((r) => r.seq > since);
  }

  close(): void {}
}
