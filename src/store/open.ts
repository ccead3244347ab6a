import type { Clock } from '../model/clock.js';
import { MemoryStore } from './memory.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite.js';
import type { ResumableIds, Store } from './store.js';

/** Where and how to open the twin's state. */
export interface OpenStoreOptions {
  /** A SQLite file (created when missing); without one the state lives in memory only. */
  readonly path?: string;
  readonly ids?: ResumableIds;
  readonly clock?: Clock;
  /** SQLite only: see `SqliteStoreOptions.synchronous` (default NORMAL, flushed within 100 ms). */
  readonly synchronous?: SqliteStoreOptions['synchronous'];
  /** SQLite only: run `PRAGMA integrity_check` before loading. */
  readonly verify?: boolean;
}

/**
 * Opens the state of the twin: a durable `SqliteStore` on `path`, else a `MemoryStore`. The
 * faces call this; nothing below them picks a store.
 */
export function openStore(options: OpenStoreOptions = {}): Store {
  const { path, ids, clock, synchronous, verify } = options;
  if (path === undefined) return new MemoryStore(ids, clock);
  return new SqliteStore({ path, ids, clock, synchronous, verify });
}
