import type { Command } from 'commander';
import { topologyJsonSchema } from '../topology/schema.js';

/** `vpctwin schema`: the topology JSON Schema, for editors. */
export function schemaCommand(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of topology files (also in schema/topology.schema.json).')
    .action(() => {
      console.log(JSON.stringify(topologyJsonSchema(), null, 2));
    });
}
