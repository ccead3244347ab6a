import type { Resource } from '../model/resource.js';
import type { Change, Snapshot, World } from '../model/snapshot.js';
import { changeKey, type ChangeRecord } from './store.js';

/** What the change log records about one operation, besides the resources it changed. */
export type OperationHead = Pick<ChangeRecord, 'seq' | 'time' | 'accountId' | 'region' | 'operation'>;

/**
 * The change records of one operation, one per change, in order. Each `before` is the resource as
 * it stood just before that change, so an operation that touches one resource twice logs the
 * intermediate state rather than the pre-operation state twice.
 */
export function changeRecords(s: Snapshot, changes: readonly Change[], head: OperationHead): ChangeRecord[] {
  const pending = new Map<string, Resource | undefined>();
  const records: ChangeRecord[] = [];
  for (const c of changes) {
    const { kind, id } = changeKey(c);
    const key = `${kind}\u0000${id}`;
    const before = pending.has(key) ? pending.get(key) : s.get(kind, id);
    const after = c.op === 'put' ? c.resource : undefined;
    pending.set(key, after);
    records.push({ ...head, kind, id, before, after });
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
