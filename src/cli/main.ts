import { Command, CommanderError } from 'commander';
import { analyzeCommand } from './analyze.js';
import { exportCommand } from './export.js';
import { generateCommand } from './generate.js';
import { ipamCommand } from './ipam.js';
import { loadCommand } from './load.js';
import { matrixCommand } from './matrix.js';
import { CliError } from './network.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import { showCommand } from './show.js';
import { traceCommand } from './trace.js';
import { validateCommand } from './validate.js';

/** Builds the `vpctwin` command line; each subcommand lives in its own file. */
export function program(): Command {
  const cmd = new Command('vpctwin')
    .description('An offline digital twin of Amazon VPC networking.')
    .version('0.1.0')
    .showHelpAfterError();
  for (const add of [
    validateCommand,
    loadCommand,
    showCommand,
    traceCommand,
    exportCommand,
    generateCommand,
    schemaCommand,
    serveCommand,
    ipamCommand,
    analyzeCommand,
    matrixCommand,
  ]) {
    add(cmd);
  }
  return cmd;
}

/**
 * Runs the CLI and returns the exit code: 0 ok; 1 a negative answer (invalid file, unreachable
 * path); 2 a usage or input error.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const cmd = program().exitOverride();
  cmd.commands.forEach((c) => c.exitOverride());
  try {
    await cmd.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CliError) {
      for (const line of e.lines) console.error(line);
      return e.exitCode;
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    console.error(`vpctwin: ${(e as Error).message}`);
    return 2;
  }
}
