import type { Change, Snapshot, World } from '../model/snapshot.js';
import { changeKey, type ChangeRecord } from './store.js';

/** What the change log records about one operation, besides the resources it changed. */
export type OperationHead = Pick<
  ChangeRecord,
  'seq' | 'time' | 'accountId' | 'region' | 'operation'
>;

/**
 * The change records of one operation, one per change, in order. Each `before` is the resource as
 * it stood just before that change, so an operation that touches one resource twice logs the
 * intermediate state rather than the pre-operation state twice.
 */
export function changeRecords(
  s: Snapshot,
  changes: readonly Change[],
  head: OperationHead,
): ChangeRecord[] {
  const records: ChangeRecord[] = [];
  // Most operations change a handful of resources, where a backwards scan beats a map.
  const latest = changes.length > 16 ? new Map<string, number>() : undefined;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as Change;
    const { kind, id } = changeKey(c);
    let prior = -1;
    if (latest) {
      const key = `${kind}\u0000${id}`;
      prior = latest.get(key) ?? -1;
      latest.set(key, i);
    } else {
      for (let j = i - 1; j >= 0 && prior < 0; j--) {
        if (records[j]?.kind === kind && records[j]?.id === id) prior = j;
      }
    }
    records.push({
      seq: head.seq,
      time: head.time,
      accountId: head.accountId,
      region: head.region,
      operation: head.operation,
      kind,
      id,
      before: prior >= 0 ? records[prior]?.after : s.get(kind, id),
      after: c.op === 'put' ? c.resource : undefined,
    });
  }
  return records;
}

/**
 * The undo steps of an open batch: the inverse changes `World.apply` returned for each operation,
 * oldest first. Rolling back applies them newest first, which restores every resource and index.
 */
export class UndoSteps {
  private readonly steps: Change[][] = [];

  push(inverse: Change[]): void {
    this.steps.push(inverse);
  }

  rollback(world: World): void {
    for (let i = this.steps.length - 1; i >= 0; i--) world.apply(this.steps[i] ?? []);
    this.steps.length = 0;
  }
}
