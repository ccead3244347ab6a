import type { Clock } from '../model/clock.js';
import type { AwsError } from '../model/errors.js';
import type { AccountId, IdGenerator, RegionName } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import type { Kind, Resource } from '../model/resource.js';
import type { Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';

/** An id generator a store can resume after a restart (`SeededIds` is one). */
export type ResumableIds = IdGenerator & { position: bigint };

/** Who is calling and where: the part of an operation's context that a face supplies. */
export interface Caller {
  readonly accountId: AccountId;
  readonly region: RegionName;
}

/** One resource changed by one operation, as the change log keeps it. */
export interface ChangeRecord {
  /** The operation's sequence number, from 1; every change of one operation shares it. */
  readonly seq: number;
  readonly time: string;
  readonly accountId: string;
  readonly region: string;
  readonly operation: string;
  readonly kind: Kind;
  readonly id: string;
  readonly before: Resource | undefined;
  readonly after: Resource | undefined;
}

/**
 * The state of the twin: a live snapshot plus durable storage. Every operation runs against the
 * current snapshot and its changes are applied in one transaction, logged in the change log.
 * `batch` makes a run of operations all-or-nothing (a topology file loads whole or not at all).
 */
export interface Store {
  readonly snapshot: Snapshot;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  execute<I, O>(name: string, op: Operation<I, O>, input: I, caller: Caller): Result<O, AwsError>;
  batch<T, E>(fn: () => Result<T, E>): Result<T, E>;
  /** The change log, oldest first, optionally from a sequence number on. */
  changes(since?: number): ChangeRecord[];
  close(): void;
}

/** Builds an operation context from a caller and the store's injected id generator and clock. */
export function contextFor(store: Pick<Store, 'ids' | 'clock'>, caller: Caller): OperationContext {
  return { accountId: caller.accountId, region: caller.region, ids: store.ids, clock: store.clock };
}

/** The resource a change touches, as (kind, id). */
export function changeKey(c: Change): { kind: Kind; id: string } {
  return c.op === 'put' ? { kind: c.resource.kind, id: c.resource.id } : { kind: c.kind, id: c.id };
}
