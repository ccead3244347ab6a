import { INDEXES, type IndexKind, type IndexName } from './indexes.js';
import type { Kind, Resource, ResourceByKind } from './resource.js';

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
type IndexTable = Map<string, Set<string>>;
const INDEX_NAMES = Object.keys(INDEXES) as IndexName[];

/** Indexes that apply to each kind, so a put only touches the indexes of its kind. */
const INDEXES_BY_KIND = new Map<Kind, IndexName[]>();
for (const name of INDEX_NAMES) {
  const kind = INDEXES[name].kind;
  INDEXES_BY_KIND.set(kind, [...(INDEXES_BY_KIND.get(kind) ?? []), name]);
}

/**
 * The mutable state behind snapshots: resource tables plus the secondary indexes, kept in step
 * on every put and delete. Only the store mutates it.
 */
export class World implements Snapshot {
  private readonly tables = new Map<Kind, Table>();
  private readonly indexes = new Map<IndexName, IndexTable>();
  revision = 0;

  get<K extends Kind>(kind: K, id: string): ResourceByKind[K] | undefined {
    return this.tables.get(kind)?.get(id) as ResourceByKind[K] | undefined;
  }

  all<K extends Kind>(kind: K): IterableIterator<ResourceByKind[K]> {
    return (this.tables.get(kind) ?? new Map<string, Resource>()).values() as IterableIterator<ResourceByKind[K]>;
  }

  count(kind: Kind): number {
    return this.tables.get(kind)?.size ?? 0;
  }

  find<N extends IndexName>(index: N, key: string): ResourceByKind[IndexKind<N>][] {
    const ids = this.indexes.get(index)?.get(key);
    if (!ids) return [];
    const kind = INDEXES[index].kind;
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
    if (before) this.unindex(before);
    table.set(r.id, r);
    this.index(r);
  }

  private remove(kind: Kind, id: string): void {
    const table = this.tables.get(kind);
    const before = table?.get(id);
    if (!table || !before) return;
    this.unindex(before);
    table.delete(id);
  }

  private index(r: Resource): void {
    for (const name of INDEXES_BY_KIND.get(r.kind) ?? []) {
      const keys = (INDEXES[name].keys as (x: Resource) => readonly string[])(r);
      let table = this.indexes.get(name);
      if (!table) this.indexes.set(name, (table = new Map<string, Set<string>>()));
      for (const key of keys) {
        let ids = table.get(key);
        if (!ids) table.set(key, (ids = new Set<string>()));
        ids.add(r.id);
      }
    }
  }

  private unindex(r: Resource): void {
    for (const name of INDEXES_BY_KIND.get(r.kind) ?? []) {
      const keys = (INDEXES[name].keys as (x: Resource) => readonly string[])(r);
      const table = this.indexes.get(name);
      for (const key of keys) {
        const ids = table?.get(key);
        ids?.delete(r.id);
        if (ids?.size === 0) table?.delete(key);
      }
    }
  }

  fork(): World {
    const copy = new World();
    for (const table of this.tables.values()) for (const r of table.values()) copy.put(r);
    copy.revision = this.revision;
    return copy;
  }
}
