import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, so tests find `examples/` and `bin/` wherever vitest runs from. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What one run of the real CLI did. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/vpctwin.js ARGS` from the repository root, as a user would (`npx vpctwin`
 * runs the same file), and resolves with its exit code and output; it never rejects on a
 * non-zero exit, which is an answer (1: not reachable). Asynchronous, so several runs of a
 * `describe.concurrent` block overlap.
 */
export function runVpctwin(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/vpctwin.js', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number')
          reject(new Error(`vpctwin did not run: ${error.message}`));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
