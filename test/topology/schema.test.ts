import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyJsonSchema } from '../../src/topology/schema.js';

describe('schema/topology.schema.json', () => {
  it('is the schema the code checks files against (regenerate with `vpctwin schema`)', () => {
    const published = JSON.parse(readFileSync('schema/topology.schema.json', 'utf8')) as unknown;
    expect(published).toEqual(topologyJsonSchema());
  });
});
