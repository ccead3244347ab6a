/**
 * The EC2 clients an API replay drives, behind one interface: the AWS CLI v1 (`aws` on PATH),
 * the AWS CLI v2 (Debian's awscli, /usr/bin/aws), boto3 (one long-lived Python process) and
 * @aws-sdk/client-ec2 in process. Each takes a request in the EC2 API's own shape (PascalCase
 * members, as `--cli-input-json`, boto3 and the SDK all accept it) and answers with the
 * response in the same shape, timestamps as ISO text, or the AWS error.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as ec2 from '@aws-sdk/client-ec2';
import { serviceOf } from './api-replay-request.js';
import { ROOT } from './cli-process.js';

/** Who calls and where: an access key (which the server maps to an account) and a Region. */
export interface Who {
  readonly accessKeyId: string;
  readonly region: string;
}

/** What one call answered. */
export type Answer =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** One EC2 client. */
export interface Ec2Client {
  /** As the report and test names say it: `AWS CLI v2`, `boto3`, … */
  readonly name: string;
  /** How the client's User-Agent header starts, to prove which client made a request. */
  readonly userAgent: RegExp;
  call(endpoint: string, action: string, params: object, who: Who): Promise<Answer>;
  close(): Promise<void>;
}

/** The secret every test key has; the server maps keys to accounts and does not verify. */
export const SECRET = 'vpctwin-replay-secret';

/** `CreateVpcPeeringConnection` → `create-vpc-peering-connection`, as both CLIs name commands. */
export const cliCommand = (action: string): string =>
  action.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase();

/** `An error occurred (InvalidVpcID.NotFound) when calling the DescribeVpcs operation: …` */
const CLI_ERROR =
  /An error occurred \(([^)]+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)/s;

/** This process's environment without any AWS_ setting (a profile would redirect the calls). */
function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
}

/** The CLI's environment: no config or credential files, no pager, no prompt, no retries. */
function cliEnv(who: Who): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    AWS_ACCESS_KEY_ID: who.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_CLI_AUTO_PROMPT: 'off',
    AWS_DEFAULT_OUTPUT: 'json',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * An AWS CLI: `aws ec2 <command> --cli-input-json '<request>'`, one process per call (both
 * versions accept the API's request shape as `--cli-input-json`). `argv` is how to start it.
 */
function awsCli(
  name: string,
  argv: () => Promise<readonly string[]>,
  userAgent: RegExp,
): Ec2Client {
  const run = (
    command: readonly string[],
    action: string,
    params: object,
    endpoint: string,
    who: Who,
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const [bin = '', ...prefix] = command;
      const args = [
        ...prefix,
        serviceOf(action),
        cliCommand(action),
        '--cli-input-json',
        JSON.stringify(params),
        '--endpoint-url',
        endpoint,
        '--region',
        who.region,
        '--output',
        'json',
      ];
      execFile(
        bin,
        args,
        { encoding: 'utf8', timeout: 120_000, env: cliEnv(who) },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            reject(new Error(`${name} (${bin}) did not run: ${error.message}`));
            return;
          }
          if (!error) {
            resolve({ ok: true, value: stdout.trim() ? (JSON.parse(stdout) as never) : {} });
            return;
          }
          const m = CLI_ERROR.exec(stderr);
          if (m?.[1] === undefined) {
            reject(new Error(`${name} ${cliCommand(action)} failed: ${stderr || stdout}`));
            return;
          }
          resolve({ ok: false, code: m[1], message: (m[2] ?? '').trim() });
        },
      );
    });
  return {
    name,
    userAgent,
    call: async (endpoint, action, params, who) => run(await argv(), action, params, endpoint, who),
    close: () => Promise.resolve(),
  };
}

/** Runs a short Python program and resolves with its output. */
const python = (program: string): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile('python3', ['-c', program], { encoding: 'utf8', env: baseEnv() }, (error, stdout) => {
      if (error) reject(new Error(error.message));
      else resolve(stdout);
    });
  });

const V1_MISSING =
  'The AWS CLI v1 is missing: `python3 -m awscli` must be version 1 (`pip install awscli`).';

/** Where the Python on PATH is, its awscli's version, and the `aws` script pip put beside it. */
const FIND_V1 = `
import os, sys, awscli
script = os.path.join(os.path.dirname(sys.executable), "aws")
print(sys.executable)
print(awscli.__version__)
print(script if os.path.isfile(script) else "")
`;

/**
 * The AWS CLI v1 of the Python on PATH (pip's awscli): its `aws` script run directly, not
 * through pyenv's shim, which costs a third more per call; else `python -m awscli`.
 */
export function awsCliV1(): Ec2Client {
  let argv: Promise<readonly string[]> | undefined;
  const resolveArgv = async () => {
    const out = await python(FIND_V1).catch((e: Error) => {
      throw new Error(`${V1_MISSING} (${e.message})`);
    });
    const [exe = '', version = '', script = ''] = out.split('\n');
    if (!version.startsWith('1.')) throw new Error(`${V1_MISSING} It is ${version} at ${exe}.`);
    return script ? [script] : [exe, '-m', 'awscli'];
  };
  return awsCli('AWS CLI v1', () => (argv ??= resolveArgv()), /^aws-cli\/1\./);
}

const CLI_V2 = '/usr/bin/aws';

/** The AWS CLI v2 of Debian's awscli package; fails at once when it is not installed. */
export function awsCliV2(): Ec2Client {
  if (!existsSync(CLI_V2)) {
    throw new Error(
      `The AWS CLI v2 is missing: install Debian's awscli package (\`apt-get install awscli\`, as .ci/run does) so that ${CLI_V2} exists.`,
    );
  }
  return awsCli('AWS CLI v2', () => Promise.resolve([CLI_V2]), /^aws-cli\/2\./);
}

/** boto3 in one Python process (test/support/boto3_replay.py), shared by every caller. */
export function boto3(): Ec2Client {
  let child: ChildProcessWithoutNullStreams | undefined;
  let next = 0;
  const waiting = new Map<number, (a: Answer) => void>();
  let failure: Error | undefined;
  let stderr = '';
  const start = (): ChildProcessWithoutNullStreams => {
    const p = spawn('python3', [`${ROOT}test/support/boto3_replay.py`], {
      env: { ...baseEnv(), AWS_EC2_METADATA_DISABLED: 'true' },
    });
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (d: string) => (stderr += d));
    const lines = createInterface({ input: p.stdout });
    lines.on('line', (line) => {
      const { id, ...answer } = JSON.parse(line) as { id: number } & Answer;
      waiting.get(id)?.(answer);
      waiting.delete(id);
    });
    p.on('error', (e) => (failure = new Error(`python3 for boto3 did not start: ${e.message}`)));
    p.on('exit', (code) => {
      failure ??= new Error(`the boto3 driver exited (${code}): ${stderr}`);
      for (const [, resolve] of waiting) {
        resolve({ ok: false, code: 'Boto3DriverExited', message: failure.message });
      }
      waiting.clear();
    });
    return p;
  };
  return {
    name: 'boto3',
    userAgent: /^Boto3\//,
    call(endpoint, action, params, who) {
      if (failure) return Promise.reject(failure);
      child ??= start();
      const id = ++next;
      const service = serviceOf(action);
      const line = JSON.stringify({ id, endpoint, ...who, service, action, params });
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child?.stdin.write(`${line}\n`);
      });
    },
    close() {
      if (!child) return Promise.resolve();
      const p = child;
      if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        // Python exits when its input ends; a stuck one is killed rather than waited for.
        const timer = setTimeout(() => p.kill('SIGKILL'), 5_000);
        p.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        p.stdin.end();
      });
    },
  };
}

type CommandClass = new (input: object) => Parameters<ec2.EC2Client['send']>[0];

/** `@aws-sdk/client-ec2`'s command class for an action, by the SDK's `<Action>Command` naming. */
function commandFor(action: string): CommandClass {
  const found: unknown = (ec2 as Record<string, unknown>)[`${action}Command`];
  if (typeof found !== 'function') throw new Error(`@aws-sdk/client-ec2 has no ${action}Command`);
  return found as CommandClass;
}

/** @aws-sdk/client-ec2 in this process: one client per endpoint, key and Region. */
export function awsSdkV3(): Ec2Client {
  const clients = new Map<string, ec2.EC2Client>();
  const clientFor = (endpoint: string, who: Who) => {
    const key = `${endpoint}|${who.accessKeyId}|${who.region}`;
    let c = clients.get(key);
    if (!c) {
      c = new ec2.EC2Client({
        endpoint,
        region: who.region,
        credentials: { accessKeyId: who.accessKeyId, secretAccessKey: SECRET },
        maxAttempts: 1,
      });
      clients.set(key, c);
    }
    return c;
  };
  return {
    name: '@aws-sdk/client-ec2',
    userAgent: /^aws-sdk-js\/3\./,
    async call(endpoint, action, params, who) {
      // Only @aws-sdk/client-ec2 is installed: ELBv2 calls need another package.
      if (serviceOf(action) !== 'ec2') {
        throw new Error(`${action}: @aws-sdk/client-ec2 sends EC2 actions only`);
      }
      const Command = commandFor(action);
      try {
        const out: object = await clientFor(endpoint, who).send(new Command(params));
        const { $metadata: _, ...value } = out as Record<string, unknown>;
        // Dates become ISO text, as the CLI and the boto3 driver print them.
        return { ok: true, value: JSON.parse(JSON.stringify(value)) as Record<string, unknown> };
      } catch (e) {
        const err = e as { name?: unknown; message?: unknown; $fault?: unknown };
        if (err.$fault === undefined) throw e;
        return { ok: false, code: String(err.name), message: String(err.message) };
      }
    },
    close() {
      for (const c of clients.values()) c.destroy();
      clients.clear();
      return Promise.resolve();
    },
  };
}
