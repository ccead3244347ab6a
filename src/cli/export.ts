import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../model/clock.js';
import { openStore } from '../store/open.js';
import { exportTopology } from '../topology/export.js';
import { topologyYaml } from '../topology/write.js';

/** `vpctwin export --db PATH`: the database as a topology file. */
export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('Write the network in a database back out as a topology YAML file.')
    .requiredOption('--db <path>', 'SQLite database file')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((opts: { db: string; output?: string }) => {
      const store = openStore({ path: opts.db, clock: systemClock });
      try {
        const yaml = topologyYaml(exportTopology(store.snapshot));
        if (opts.output) writeFileSync(opts.output, yaml);
        else process.stdout.write(yaml);
      } finally {
        store.close();
      }
    });
}
