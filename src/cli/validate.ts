import type { Command } from 'commander';
import { openStore } from '../store/open.js';
import { loadFile } from './network.js';

/** `vpctwin validate FILE`: loads the file through the operations, in memory, and reports. */
export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check a topology file: its shape, names and every AWS rule the operations apply.')
    .argument('<file>', 'topology YAML file')
    .option('--json', 'machine-readable output')
    .action((file: string, opts: { json?: boolean }) => {
      const report = loadFile(openStore(), file);
      const out = { file, valid: true, operations: report.operations, resources: report.resources };
      console.log(
        opts.json
          ? JSON.stringify(out)
          : `${file}: valid (${report.resources} resources, ${report.operations} operations)`,
      );
    });
}
