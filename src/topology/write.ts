import { stringify } from 'yaml';
import type { Topology } from './schema.js';

/** Topology YAML as `vpctwin export` writes it, with the schema comment editors pick up. */
export function topologyYaml(t: Topology, schemaUrl = 'https://vpctwin.dev/schema/topology.schema.json'): string {
  return `# yaml-language-server: $schema=${schemaUrl}\n${stringify(t, { lineWidth: 120, aliasDuplicateObjects: false })}`;
}

/** Topology JSON: the same document, for machine-made files that must load fast. */
export function topologyJson(t: Topology): string {
  return `${JSON.stringify(t, null, 1)}\n`;
}
