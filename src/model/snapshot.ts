import { INDEXES, type IndexKind, type IndexName } from './indexes.js';
import type { Kind, Resource, ResourceByKind } from './resource.js';
// Registers the VPN and Direct Connect prefix providers of transit gateway routing (D70).
import './transit-gateway-bgp.js';

/** A change an operation asks for: put (create or replace) or delete one resource. */
export type Change =
  | { readonly op: 'put'; readonly resource: Resource }
  | { readonly op: 'delete'; readonly kind: Kind; readonly id: string };

/**
 * A read-only, indexed view of every resource at one revision. Engines and operations only ever
 * see this interface. Engines run synchronously, so they never observe a change mid-run; a
 * caller that must keep a past revision takes `fork()`.
 */
export interface Snapshot {
  readonly revision: number;
  get<K extends Kind>(kind: K, id: string): ResourceByKind[K] | undefined;
  all<K extends Kind>(kind: K): IterableIterator<ResourceByKind[K]>;
  count(kind: Kind): number;
  /** Resources found under `key` in a secondary index (see INDEXES). */
  find<N extends IndexName>(index: N, key: string): ResourceByKind[IndexKind<N>][];
  /** An independent copy that later changes do not affect. */
  fork(): World;
}

type Table = Map<string, Resource>;
/**
 * Index key → the ids filed under it. Most keys hold one id (a VPC's main route table, a
 * subnet's ACL association), so a lone id is stored as itself, and a Set only from the second:
 * at 10,000 VPCs that is ~160,000 Sets fewer (~20 MiB of heap).
 */
type IndexTable = Map<string, string | Set<string>>;
const INDEX_NAMES = Object.keys(INDEXES) as IndexName[];

const NO_KEYS: readonly string[] = [];

const sameKeys = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((k, i) => k === b[i]);

/** Indexes that apply to each kind, so a put only touches the indexes of its kind. */
const INDEXES_BY_KIND = new Map<Kind, IndexName[]>();
for (const name of INDEX_NAMES) {
  const kind = INDEXES[name].kind;
  INDEXES_BY_KIND.set(kind, [...(INDEXES_BY_KIND.get(kind) ?? []), name]);
}

/**
 * Told of every resource a World puts or deletes, after the fact, rollbacks included: how
 * state derived from a World (an IPAM pool's free space, D116) stays in step without being
 * rebuilt from the snapshot on every operation. It must not throw.
 */
export type ChangeObserver = (
  kind: Kind,
  id: string,
  before: Resource | undefined,
  after: Resource | undefined,
) => void;

/**
 * The mutable state behind snapshots: resource tables plus the secondary indexes, kept in step
 * on every put and delete. Only the store mutates it.
 */
export class World implements Snapshot {
  private readonly tables = new Map<Kind, Table>();
  private readonly indexes = new Map<IndexName, IndexTable>();
  private readonly observers: ChangeObserver[] = [];
  revision = 0;

  /** Calls `o` after every later put and delete (D116). A fork does not inherit it. */
  observe(o: ChangeObserver): void {
    this.observers.push(o);
  }

  get<K extends Kind>(kind: K, id: string): ResourceByKind[K] | undefined {
    return this.tables.get(kind)?.get(id) as ResourceByKind[K] | undefined;
  }

  all<K extends Kind>(kind: K): IterableIterator<ResourceByKind[K]> {
    return (this.tables.get(kind) ?? new Map<string, Resource>()).values() as IterableIterator<
      ResourceByKind[K]
    >;
  }

  count(kind: Kind): number {
    return this.tables.get(kind)?.size ?? 0;
  }

  find<N extends IndexName>(index: N, key: string): ResourceByKind[IndexKind<N>][] {
    const ids = this.indexes.get(index)?.get(key);
    if (ids === undefined) return [];
    const kind = INDEXES[index].kind;
    if (typeof ids === 'string') return [this.get(kind, ids) as ResourceByKind[IndexKind<N>]];
    const out: ResourceByKind[IndexKind<N>][] = [];
    for (const id of ids) out.push(this.get(kind, id) as ResourceByKind[IndexKind<N>]);
    return out;
  }

  /** Applies changes in order; returns the inverse changes, for rollback. */
  apply(changes: readonly Change[]): Change[] {
    const undo: Change[] = [];
    for (const c of changes) {
      const kind = c.op === 'put' ? c.resource.kind : c.kind;
      const id = c.op === 'put' ? c.resource.id : c.id;
      const before = this.get(kind, id);
      undo.push(before ? { op: 'put', resource: before } : { op: 'delete', kind, id });
      if (c.op === 'put') this.put(c.resource);
      else this.remove(kind, id);
    }
    this.revision++;
    return undo.reverse();
  }

  /** Puts one resource without bumping the revision (bulk loading from a store). */
  put(r: Resource): void {
    let table = this.tables.get(r.kind);
    if (!table) this.tables.set(r.kind, (table = new Map<string, Resource>()));
    const before = table.get(r.id);
    table.set(r.id, r);
    this.reindex(r.kind, r.id, before, r);
    for (const o of this.observers) o(r.kind, r.id, before, r);
  }

  private remove(kind: Kind, id: string): void {
    const before = this.get(kind, id);
    if (before && this.tables.get(kind)?.delete(id)) {
      this.reindex(kind, id, before, undefined);
      for (const o of this.observers) o(kind, id, before, undefined);
    }
  }

  /**
   * Moves a resource's index entries from the keys of its previous version to the keys of `r`
   * (none when deleted), touching only the indexes whose keys changed: most updates (a route
   * added, a rule authorised) change one index or none. The previous keys are recomputed from
   * the previous version rather than remembered: resources are immutable, so that gives the
   * same keys without holding an array of arrays per resource.
   */
  private reindex(
    kind: Kind,
    id: string,
    was: Resource | undefined,
    r: Resource | undefined,
  ): void {
    const names = INDEXES_BY_KIND.get(kind);
    if (!names) return;
    for (const name of names) {
      const keysOf = INDEXES[name].keys as (x: Resource) => readonly string[];
      const before = was ? keysOf(was) : NO_KEYS;
      const after = r ? keysOf(r) : NO_KEYS;
      if (sameKeys(before, after)) continue;
      let index = this.indexes.get(name);
      if (!index) this.indexes.set(name, (index = new Map() as IndexTable));
      // A resource under many keys (a default ACL's subnets) usually gains or loses one: move
      // only the keys that differ, not all of them.
      const [gone, added] =
        before.length + after.length > 16 ? keyDiff(before, after) : [before, after];
      for (const key of gone) unfile(index, key, id);
      for (const key of added) file(index, key, id);
    }
  }

  fork(): World {
    const copy = new World();
    for (const table of this.tables.values()) for (const r of table.values()) copy.put(r);
    copy.revision = this.revision;
    return copy;
  }
}

function file(index: IndexTable, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, id);
  else if (typeof ids !== 'string') ids.add(id);
  else if (ids !== id) index.set(key, new Set([ids, id]));
}

function unfile(index: IndexTable, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === id) index.delete(key);
  else if (typeof ids === 'object' && ids.delete(id) && ids.size === 1) {
    index.set(key, ids.values().next().value as string);
  }
}

/** The keys only in `before` and the keys only in `after`. */
function keyDiff(
  before: readonly string[],
  after: readonly string[],
): [gone: string[], added: string[]] {
  const was = new Set(before);
  const is = new Set(after);
  return [before.filter((k) => !is.has(k)), after.filter((k) => !was.has(k))];
}
