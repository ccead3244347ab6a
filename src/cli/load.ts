import type { Command } from 'commander';
import { systemClock } from '../model/clock.js';
import { openStore } from '../store/open.js';
import { loadFile } from './network.js';

/** `vpctwin load FILE --db PATH`: loads a topology into a database, all or nothing. */
export function loadCommand(program: Command): void {
  program
    .command('load')
    .description('Load a topology file into a SQLite database (the whole file or nothing).')
    .argument('<file>', 'topology YAML file')
    .requiredOption('--db <path>', 'SQLite database file (created when missing)')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { db: string; json?: boolean }) => {
      const store = openStore({ path: opts.db, clock: systemClock });
      try {
        const started = performance.now();
        const report = loadFile(store, file);
        const ms = Math.round(performance.now() - started);
        const out = {
          file,
          db: opts.db,
          operations: report.operations,
          resources: report.resources,
          ms,
        };
        console.log(
          opts.json
            ? JSON.stringify(out)
            : `loaded ${file} into ${opts.db}: ${report.operations} operations, ${report.resources} resources in the database (${ms} ms)`,
        );
      } finally {
        store.close();
      }
    });
}
