import type { AwsError } from '../../model/errors.js';
import type { Id, IdFamily, IdGenerator } from '../../model/ids.js';
import type { Operation } from '../../model/operation.js';
import type { Kind, ResourceByKind } from '../../model/resource.js';
import { ok, type Result } from '../../model/result.js';
import { contextFor, type Caller, type Store } from '../../store/store.js';

/** What a handler answers: the output object for the XML writer, or AWS's error. */
export type HandlerResult = Result<Record<string, unknown> | undefined, AwsError>;

/** Everything a handler may use: the caller, the state, and `run` for operations. */
export interface HandlerContext {
  readonly caller: Caller;
  readonly store: Store;
  /**
   * Runs an operation: through the store normally; with DryRun, against the current snapshot
   * with throwaway ids, so it validates fully and changes nothing.
   */
  run<I, O>(name: string, op: Operation<I, O>, input: I): Result<O, AwsError>;
  /** The caller's own resources of one kind in the caller's Region (what Describe sees). */
  mine<K extends Kind>(kind: K): ResourceByKind[K][];
}

/** A handler: the decoded input (keys as the model names them, first letter lowered). */
export type Handler = (input: Record<string, unknown>, ctx: HandlerContext) => HandlerResult;

/** Ids for dry runs: well-formed, never drawn from the store's generator. */
const scratchIds: IdGenerator = {
  next<F extends IdFamily>(family: F): Id<F> {
    return `${family}-dryrun` as Id<F>;
  },
};

/** Builds a handler context; `dryRun` evaluates operations without applying them. */
export function handlerContext(store: Store, caller: Caller, dryRun: boolean): HandlerContext {
  return {
    caller,
    store,
    run<I, O>(name: string, op: Operation<I, O>, input: I): Result<O, AwsError> {
      if (!dryRun) return store.execute(name, op, input, caller);
      const result = op(store.snapshot, input, {
        ...contextFor(store, caller),
        ids: scratchIds,
      });
      return result.ok ? ok(result.value.output) : result;
    },
    mine<K extends Kind>(kind: K): ResourceByKind[K][] {
      const s = store.snapshot;
      if (kind === 'vpc') {
        return s.find(
          'vpcsByOwnerRegion',
          `${caller.accountId}|${caller.region}`,
        ) as ResourceByKind[K][];
      }
      const out: ResourceByKind[K][] = [];
      for (const r of s.all(kind)) {
        if ('ownerId' in r && r.ownerId === caller.accountId && r.region === caller.region)
          out.push(r);
      }
      return out;
    },
  };
}
