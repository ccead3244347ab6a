import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';

describe('docs/topology.md', () => {
  it('has a reference example that loads as written', () => {
    const doc = readFileSync('docs/topology.md', 'utf8');
    const start = doc.indexOf('```yaml', doc.indexOf('## Reference')) + '```yaml'.length;
    const yaml = doc.slice(start, doc.indexOf('```', start));
    const parsed = parseTopology('docs/topology.md', yaml);
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
    const loaded = loadTopology(new MemoryStore(), parsed.value.topology, parsed.value.source);
    if (!loaded.ok) throw new Error(formatProblem(loaded.error));
    expect(
      loaded.value.names.resolve('vpc', 'shared', { vpc: '', region: '111111111111/eu-west-1' }).ok,
    ).toBe(true);
  });
});
