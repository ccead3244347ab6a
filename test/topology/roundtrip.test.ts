import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/model/resource.js';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';

function load(file: string, text: string): MemoryStore {
  const parsed = parseTopology(file, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const r = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!r.ok) throw new Error(formatProblem(r.error));
  return store;
}

const counts = (store: MemoryStore) =>
  Object.fromEntries(KINDS.map((k) => [k, store.snapshot.count(k)]));

describe.each([
  'examples/private-connector.yaml',
  'examples/cross-region-peering.yaml',
  'examples/ipv6-only-nat64.yaml',
  'examples/hub-and-spoke.yaml',
  'examples/gwlb-inspection.yaml',
  'examples/hybrid-privatelink.yaml',
  'examples/centralised-egress.yaml',
  'examples/ipam-hierarchy.yaml',
])('%s', (file) => {
  it('exports, reloads and exports again to the same topology', () => {
    const first = load(file, readFileSync(file, 'utf8'));
    const yaml = topologyYaml(exportTopology(first.snapshot));
    const second = load('exported.yaml', yaml);
    expect(counts(second)).toEqual(counts(first));
    expect(topologyYaml(exportTopology(second.snapshot))).toBe(yaml);
  });
});
