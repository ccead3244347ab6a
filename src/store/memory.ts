import { FixedClock, type Clock } from '../model/clock.js';
import type { AwsError } from '../model/errors.js';
import { SeededIds } from '../model/ids.js';
import type { Operation } from '../model/operation.js';
import { ok, type Result } from '../model/result.js';
import { World } from '../model/snapshot.js';
import { changeRecords, UndoSteps } from './journal.js';
import {
  contextFor,
  type Caller,
  type ChangeRecord,
  type ResumableIds,
  type Store,
} from './store.js';

/** A store that lives in memory: for tests, and for one-shot CLI commands on a topology file. */
export class MemoryStore implements Store {
  readonly snapshot = new World();
  private readonly log: ChangeRecord[] = [];
  /** Sequence number of the last operation that changed something. */
  private seq = 0;
  /** Undo state of the open batch; undefined outside a batch. */
  private undo: { steps: UndoSteps; logLength: number; seq: number } | undefined;

  constructor(
    readonly ids: ResumableIds = new SeededIds(),
    readonly clock: Clock = new FixedClock(),
  ) {}

  execute<I, O>(name: string, op: Operation<I, O>, input: I, caller: Caller): Result<O, AwsError> {
    const result = op(this.snapshot, input, contextFor(this, caller));
    if (!result.ok) return result;
    const { changes, output } = result.value;
    // Nothing changed (a read, an idempotent no-op): no log entry, no new revision.
    if (changes.length === 0) return ok(output);
    const head = {
      seq: this.seq + 1,
      time: this.clock.now().toISOString(),
      accountId: caller.accountId,
      region: caller.region,
      operation: name,
    };
    for (const r of changeRecords(this.snapshot, changes, head)) this.log.push(r);
    this.seq = head.seq;
    const inverse = this.snapshot.apply(changes);
    this.undo?.steps.push(inverse);
    return ok(output);
  }

  batch<T, E>(fn: () => Result<T, E>): Result<T, E> {
    if (this.undo) return fn(); // nested batches join the outer one
    this.undo = { steps: new UndoSteps(), logLength: this.log.length, seq: this.seq };
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
    this.undo.steps.rollback(this.snapshot);
    this.log.length = this.undo.logLength;
    this.seq = this.undo.seq;
  }

  changes(since = 0): ChangeRecord[] {
    return this.log.filter((r) => r.seq > since);
  }

  close(): void {}
}
