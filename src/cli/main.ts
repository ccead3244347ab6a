import { Command } from 'commander';

/** Builds the `vpctwin` command line; each subcommand lives in its own file. */
export function program(): Command {
  const cmd = new Command('vpctwin')
    .description('An offline digital twin of Amazon VPC networking.')
    .version('0.1.0')
    .showHelpAfterError();
  return cmd;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 a finding (unreachable, invalid), 2 usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const cmd = program().exitOverride();
  try {
    await cmd.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? (code === 0 ? 0 : 2) : 2;
  }
}
