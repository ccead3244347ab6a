import type { Change, Snapshot, World } from '../model/snapshot.js';
import type { Store } from './store.js';

/**
 * The state right after operation `seq` of the change log (sequence numbers are per operation,
 * README), rebuilt from the log: a copy of the current snapshot with every later operation
 * undone, newest first (each change record keeps the resource as it was before). 0 is the
 * state before the first operation; undefined for a number past the log's end. Used by
 * `vpctwin analyze --before-revision N --after-revision M` (decision D135).
 *
 * @example snapshotAt(store, 12) // the state right after the 12th logged operation
 */
export function snapshotAt(store: Store, seq: number): Snapshot | undefined {
  const log = store.changes(0);
  const last = log.length === 0 ? 0 : log[log.length - 1]!.seq;
  if (!Number.isInteger(seq) || seq < 0 || seq > last) return undefined;
  const world: World = store.snapshot.fork();
  const undo: Change[] = [];
  for (let i = log.length - 1; i >= 0 && log[i]!.seq > seq; i--) {
    const c = log[i]!;
    undo.push(
      c.before ? { op: 'put', resource: c.before } : { op: 'delete', kind: c.kind, id: c.id },
    );
  }
  if (undo.length > 0) world.apply(undo);
  return world;
}

/** The sequence number of the change log's last operation (0 for an empty log). */
export function lastSeq(store: Store): number {
  const log = store.changes(0);
  return log.length === 0 ? 0 : log[log.length - 1]!.seq;
}
