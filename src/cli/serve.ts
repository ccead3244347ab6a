import type { Command } from 'commander';
import { systemClock } from '../model/clock.js';
import { openStore } from '../store/open.js';
import { CliError } from './network.js';

interface ServeOptions {
  readonly port: string;
  readonly db?: string;
  readonly defaultAccount: string;
}

/**
 * `vpctwin serve`: the EC2 API on 127.0.0.1 until interrupted; state in memory, or in a SQLite
 * file with `--db`.
 */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the EC2 API on 127.0.0.1 for the AWS CLI and SDKs.')
    .option('--port <n>', 'TCP port', '4566')
    .option('--db <path>', 'SQLite database file (default: state in memory only)')
    .option('--default-account <id>', 'account of every caller (12 digits)', '123456789012')
    .action(async (opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CliError([`vpctwin serve: invalid --port ${opts.port}`], 2);
      }
      if (!/^\d{12}$/.test(opts.defaultAccount)) {
        throw new CliError(
          [`vpctwin serve: --default-account must be 12 digits, not ${opts.defaultAccount}`],
          2,
        );
      }
      // Loaded here, not at start-up: fastify and the EC2 model are only for this command.
      const { buildServer } = await import('../api/server.js');
      const store = openStore({ path: opts.db, clock: systemClock });
      const app = buildServer({ store, defaultAccount: opts.defaultAccount });
      try {
        await app.listen({ host: '127.0.0.1', port });
      } catch (e) {
        store.close();
        throw new CliError([`vpctwin serve: ${(e as Error).message}`], 2);
      }
      const address = app.server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      const endpoint = `http://127.0.0.1:${bound}`;
      console.log(`vpctwin serving EC2 on ${endpoint} (${opts.db ?? 'in-memory state'})`);
      console.log('try:');
      console.log(
        `  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${endpoint} --region us-east-1 ec2 describe-vpcs`,
      );
      const stop = (): void => {
        void app.close().finally(() => store.close());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
