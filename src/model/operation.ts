import type { Clock } from './clock.js';
import type { AwsError } from './errors.js';
import type { AccountId, IdGenerator, RegionName } from './ids.js';
import type { Result } from './result.js';
import type { Change, Snapshot } from './snapshot.js';

/** Who calls an operation and where, plus the injected id generator and clock. */
export interface OperationContext {
  readonly accountId: AccountId;
  readonly region: RegionName;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/** What a successful operation produces: the changes to apply and the caller's answer. */
export interface Outcome<O> {
  readonly changes: readonly Change[];
  readonly output: O;
}

/**
 * An operation: a pure function of a snapshot and a typed input. Every input path (API,
 * topology file, import) goes through operations, so AWS's validation rules hold everywhere.
 */
export type Operation<I, O> = (
  snapshot: Snapshot,
  input: I,
  ctx: OperationContext,
) => Result<Outcome<O>, AwsError>;
