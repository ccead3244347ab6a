import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { accountsFileSchema, type Accounts } from '../api/auth.js';
import { systemClock } from '../model/clock.js';
import { nameTag } from '../model/common.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { CliError, loadFile } from './network.js';

interface ServeOptions {
  readonly port: string;
  readonly db: string;
  readonly memory?: boolean;
  readonly defaultAccount?: string;
  readonly accounts?: string;
  readonly verifySignatures?: boolean;
  readonly defaultVpcs: boolean;
  readonly load?: string;
}

/** The account of unmapped keys when none is given: the first one in the state, if any. */
const FALLBACK_ACCOUNT = '123456789012';

/**
 * `vpctwin serve`: the EC2 API (and sts:GetCallerIdentity) on 127.0.0.1 until interrupted,
 * with state in a SQLite file so it survives restarts.
 */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the AWS APIs (EC2, ELBv2, Direct Connect, RAM, STS) on 127.0.0.1 for the AWS CLI, SDKs and IaC tools.',
    )
    .option('--port <n>', 'TCP port', '4566')
    .option('--db <path>', 'SQLite database file (state survives restarts)', 'vpctwin.db')
    .option('--memory', 'keep state in memory only, ignoring --db')
    .option('--load <file>', 'load a topology file first, when the state is empty')
    .option(
      '--default-account <id>',
      'account of access keys not in --accounts (default: the first account in the state, or 123456789012)',
    )
    .option('--accounts <file>', 'YAML/JSON file mapping access keys to accounts and secrets')
    .option('--verify-signatures', 'refuse requests not signed with the secret of a known key')
    .option('--no-default-vpcs', 'do not create a default VPC on first use of a Region')
    .action(async (opts: ServeOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CliError([`vpctwin serve: invalid --port ${opts.port}`], 2);
      }
      const accounts = opts.accounts === undefined ? undefined : readAccounts(opts.accounts);
      const store = openStore({ path: opts.memory ? undefined : opts.db, clock: systemClock });
      let loaded = false;
      try {
        if (opts.load !== undefined && store.snapshot.count('account') === 0) {
          loadFile(store, opts.load);
          loaded = true;
        }
      } catch (e) {
        store.close();
        throw e;
      }
      const defaultAccount =
        opts.defaultAccount ?? accounts?.defaultAccount ?? firstAccount(store) ?? FALLBACK_ACCOUNT;
      if (!/^\d{12}$/.test(defaultAccount)) {
        store.close();
        throw new CliError(
          [`vpctwin serve: --default-account must be 12 digits, not ${defaultAccount}`],
          2,
        );
      }
      // Loaded here, not at start-up: fastify and the EC2 model are only for this command.
      const { buildServer } = await import('../api/server.js');
      const app = buildServer({
        store,
        defaultAccount,
        accounts: accounts?.credentials,
        verifySignatures: opts.verifySignatures === true,
        defaultVpcs: opts.defaultVpcs,
      });
      try {
        await app.listen({ host: '127.0.0.1', port });
      } catch (e) {
        store.close();
        throw new CliError([`vpctwin serve: ${(e as Error).message}`], 2);
      }
      const address = app.server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      const endpoint = `http://127.0.0.1:${bound}`;
      const where = opts.memory ? 'state in memory' : `state in ${opts.db}`;
      const what = loaded ? `, loaded ${opts.load}` : '';
      console.log(
        `vpctwin serving EC2, ELBv2, Direct Connect, RAM and STS on ${endpoint} (${where}${what})`,
      );
      console.log(
        `account ${defaultAccount} for any access key${accounts ? ' not in --accounts' : ''}`,
      );
      for (const line of tryThese(store, endpoint, defaultAccount)) console.log(line);
      const stop = (): void => {
        void app.close().finally(() => store.close());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

/** Reads and checks the `--accounts` file. */
function readAccounts(file: string): Accounts {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError([`${file}: ${(e as Error).message}`], 2);
  }
  const parsed = accountsFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CliError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`),
      2,
    );
  }
  return parsed.data;
}

function firstAccount(store: Store): string | undefined {
  const ids = [...store.snapshot.all('account')].map((a) => a.id as string).sort();
  return ids[0];
}

/** Three AWS CLI commands that work against what is being served. */
function tryThese(store: Store, endpoint: string, account: string): string[] {
  const s = store.snapshot;
  const region = s.get('account', account)?.regionsInitialised[0] ?? 'us-east-1';
  const aws = `AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${endpoint} --region ${region}`;
  const enis = [...s.all('network-interface')].filter(
    (n) => n.ownerId === account && n.region === region,
  );
  const [from, to] = enis.length >= 2 ? [enis[0], enis[enis.length - 1]] : [undefined, undefined];
  const lines = [
    'try:',
    `  ${aws} ec2 describe-vpcs --query "Vpcs[].[VpcId,CidrBlock,Tags[?Key=='Name']|[0].Value]" --output table`,
  ];
  if (from !== undefined && to !== undefined) {
    lines.push(
      `  ${aws} ec2 create-network-insights-path --source ${from.id} --destination ${to.id} --protocol tcp --destination-port 3306  # ${nameTag(from) ?? from.id} -> ${nameTag(to) ?? to.id}`,
      `  ${aws} ec2 start-network-insights-analysis --network-insights-path-id <the NetworkInsightsPathId above> --query "NetworkInsightsAnalysis.[NetworkPathFound,Explanations[].ExplanationCode]"`,
    );
  } else {
    lines.push(
      `  ${aws} ec2 create-subnet --vpc-id <a VpcId above> --cidr-block 172.31.200.0/24`,
      `  curl ${endpoint}/_vpctwin/export`,
    );
  }
  return lines;
}
