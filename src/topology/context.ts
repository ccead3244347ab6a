import type { Tag } from '../model/common.js';
import type { AccountId, RegionName } from '../model/ids.js';
import type { Operation } from '../model/operation.js';
import type { Caller, Store } from '../store/store.js';
import type { NameKind, NameTable } from './names.js';
import type { TopologyRegion, TopologyVpc } from './schema.js';
import { problemAt, type DocPath, type TopologyProblem, type TopologySource } from './source.js';

/**
 * Stops a load at the first problem. It never leaves the loader: `loadTopology` catches it and
 * returns the problem as data, after the store has rolled the whole file back.
 */
export class LoadAbort extends Error {
  constructor(readonly problem: TopologyProblem) {
    super(problem.message);
  }
}

/** Where a name is being resolved from. */
export interface Scope {
  readonly caller: Caller;
  /** The VPC name, or '' above VPCs. */
  readonly vpc: string;
}

/** One VPC of the file, with where it sits. */
export interface VpcPlan {
  readonly vpc: TopologyVpc;
  readonly region: TopologyRegion;
  readonly scope: Scope;
  readonly path: DocPath;
  id: string;
}

/** What every loading step shares: the store, the names so far, and how to fail. */
export class LoadContext {
  operations = 0;

  constructor(
    readonly store: Store,
    readonly source: TopologySource,
    readonly names: NameTable,
  ) {}

  /** Runs one operation; an AWS error stops the load, pointing at `path`. */
  run<I, O>(name: string, op: Operation<I, O>, input: I, caller: Caller, path: DocPath): O {
    const r = this.store.execute(name, op, input, caller);
    this.operations++;
    if (!r.ok) throw new LoadAbort(problemAt(this.source, path, r.error.message, r.error.code));
    return r.value;
  }

  abort(path: DocPath, message: string): never {
    throw new LoadAbort(problemAt(this.source, path, message));
  }

  /** Records a name for an id, failing on a duplicate in the same scope. */
  name(kind: NameKind, name: string, id: string, scope: Scope, path: DocPath): void {
    if (!this.names.add(kind, name, { id, vpc: scope.vpc, region: regionKey(scope.caller) })) {
      this.abort(path, `duplicate ${kind.replaceAll('-', ' ')} name '${name}'`);
    }
  }

  /** The id a name refers to, or a problem at `path`. */
  resolve(kind: NameKind, ref: string, scope: Scope, path: DocPath): string {
    const r = this.names.resolve(kind, ref, { vpc: scope.vpc, region: regionKey(scope.caller) });
    if (!r.ok) this.abort(path, r.message);
    return r.id;
  }
}

/** `account/region`: the key of a Region-scoped name. */
export const regionKey = (c: Caller): string => `${c.accountId}/${c.region}`;

/** A caller for an account and Region of the file. */
export const callerFor = (account: string, region: string): Caller => ({
  accountId: account as AccountId,
  region: region as RegionName,
});

/** The tags of a named resource: `Name` first, then the extra tags. */
export function tagsOf(name: string, extra?: Record<string, string>): Tag[] {
  return [
    { key: 'Name', value: name },
    ...Object.entries(extra ?? {}).map(([key, value]) => ({ key, value })),
  ];
}
