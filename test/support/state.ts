import { KINDS } from '../../src/model/resource.js';
import { encodeResource } from '../../src/store/codec.js';
import type { Store } from '../../src/store/store.js';

/**
 * Every stored resource, encoded, in kind then id order: two equal strings mean the same state.
 * Tests take it before and after a refused request to prove nothing changed.
 */
export function exportState(store: Pick<Store, 'snapshot'>): string {
  const lines: string[] = [];
  for (const kind of KINDS) {
    const rows = [...store.snapshot.all(kind)].map(encodeResource).sort();
    lines.push(...rows);
  }
  return lines.join('\n');
}
