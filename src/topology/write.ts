import { stringify } from 'yaml';
import type { Topology } from './schema.js';

/**
 * Topology YAML as `vpctwin export` writes it. With `schemaPath`, a first-line comment points
 * editors (yaml-language-server) at the JSON Schema.
 */
export function topologyYaml(t: Topology, schemaPath?: string): string {
  const header = schemaPath ? `# yaml-language-server: $schema=${schemaPath}\n` : '';
  return `${header}${stringify(t, { lineWidth: 120, aliasDuplicateObjects: false })}`;
}

/** Topology JSON: the same document, for machine-made files that must load fast. */
export function topologyJson(t: Topology): string {
  return `${JSON.stringify(t, null, 1)}\n`;
}
