/**
 * A reference network built twice: once from its topology file (the loader runs each resource
 * through the control-plane operations, recorded here), and once through the EC2 API by a real
 * client replaying the recorded operations as API requests against `vpctwin serve`.
 *
 * Ids: the server's store draws ids from the same seeded generator as the recording, and the
 * API runs the same operations in the same order, so every resource gets the id it got from the
 * file. The replay asserts that for every call (a divergence fails at the call that caused
 * it), which lets a question name resources by the recording's ids and compare answers as is.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { initRegion, type InitRegionInput } from '../../src/control/account.js';
import type { AwsError } from '../../src/model/errors.js';
import { ID_PREFIX } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import type { Result } from '../../src/model/result.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Caller } from '../../src/store/store.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/schema.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import type { Ec2Client, Who } from './api-replay-clients.js';
import { SECRET } from './api-replay-clients.js';
import { ROOT } from './cli-process.js';
import { apiRequest, isRecord } from './api-replay-request.js';
import { Scenario } from './scenario.js';
import { exportState } from './state.js';

/** One operation the topology route ran, with its AWS action name and what it answered. */
export interface RecordedCall {
  readonly action: string;
  readonly input: unknown;
  readonly caller: Caller;
  readonly output: unknown;
}

/** A MemoryStore that records every operation that succeeds, in order. */
export class RecordingStore extends MemoryStore {
  readonly calls: RecordedCall[] = [];

  override execute<I, O>(
    name: string,
    op: Operation<I, O>,
    input: I,
    caller: Caller,
  ): Result<O, AwsError> {
    const r = super.execute(name, op, input, caller);
    if (r.ok) this.calls.push({ action: name, input, caller, output: r.value });
    return r;
  }

  /** Runs (and records) an operation under its AWS action name; it must succeed. */
  run<I, O>(action: string, op: Operation<I, O>, input: I, caller: Caller): O {
    const r = this.execute(action, op, input, caller);
    if (!r.ok) throw new Error(`${action}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  }
}

/** Loads a topology file into a recording store, as `loadScenario` does into a MemoryStore. */
export function recordScenario(file: string, edit?: (t: Topology) => Topology): Scenario {
  const parsed = parseTopology(file, readFileSync(`${ROOT}${file}`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const topology = edit ? edit(parsed.value.topology) : parsed.value.topology;
  const store = new RecordingStore();
  const loaded = loadTopology(store, topology, parsed.value.source);
  if (!loaded.ok) throw new Error(formatProblem(loaded.error));
  return new Scenario(store, loaded.value.names);
}

/** The recording behind a scenario made by `recordScenario`. */
export function recordingOf(sc: Scenario): RecordingStore {
  if (!(sc.store instanceof RecordingStore)) throw new Error('not a recorded scenario');
  return sc.store;
}

/** Every id shape the twin draws, longer prefixes first (`eni-attach-` before `eni-`). */
const ID_RE = new RegExp(
  `\\b(?:${Object.values(ID_PREFIX)
    .sort((a, b) => b.length - a.length)
    .join('|')})-(?:[0-9a-f]{17}|[0-9a-f]{8})\\b`,
  'g',
);

/** The ids in any JSON value. */
export const idsIn = (value: unknown): string[] => JSON.stringify(value ?? null).match(ID_RE) ?? [];

/** The ids a recorded operation created and named in its output (a resource, or a list). */
function createdIds(output: unknown): string[] {
  const items = Array.isArray(output) ? output : [output];
  return items.flatMap((o) => (isRecord(o) && typeof o.id === 'string' ? [o.id] : []));
}

const CREATES = /^(Create|Allocate|Run)/;

/** An access key per account: the server maps it back (the `--accounts` file of `serve`). */
const keyOf = (accountId: string): string => `AKIAREPLAY${accountId}`;

/** A `vpctwin serve` for one replay, with the requests' User-Agent headers. */
export class ApiTwin {
  private constructor(
    readonly store: MemoryStore,
    readonly app: FastifyInstance,
    readonly endpoint: string,
    readonly userAgents: string[],
  ) {}

  /**
   * A server whose accounts are the recording's. Only an account's AZ mapping is set up
   * beforehand, where the file pins one: it is the account's, not a network resource, and the
   * API has no call for it. Everything else comes through the client.
   */
  static async start(recording: RecordingStore): Promise<ApiTwin> {
    const store = new MemoryStore();
    for (const c of recording.calls) {
      if (c.action !== 'InitRegion' || (c.input as InitRegionInput).azMapping === undefined) {
        continue;
      }
      const r = store.execute('InitRegion', initRegion, c.input as InitRegionInput, c.caller);
      if (!r.ok) throw new Error(`InitRegion: ${r.error.message}`);
    }
    const accounts = [...new Set(recording.calls.map((c) => c.caller.accountId))].map(
      (accountId) => ({ accessKeyId: keyOf(accountId), secretAccessKey: SECRET, accountId }),
    );
    // A key the server does not know lands in this account, and fails the state comparison.
    const app = buildServer({
      store,
      defaultAccount: '999999999999',
      accounts,
      defaultVpcs: false,
    });
    const userAgents: string[] = [];
    app.addHook('onRequest', (request, _reply, done) => {
      userAgents.push(String(request.headers['user-agent'] ?? ''));
      done();
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    return new ApiTwin(store, app, `http://127.0.0.1:${address.port}`, userAgents);
  }

  who(caller: Caller): Who {
    return { accessKeyId: keyOf(caller.accountId), region: caller.region };
  }

  /** Calls an action through `client`; an AWS error fails with the request that caused it. */
  async send(client: Ec2Client, action: string, params: object, caller: Caller) {
    const a = await client.call(this.endpoint, action, params, this.who(caller));
    if (!a.ok) {
      throw new Error(
        `${client.name} ${action} ${JSON.stringify(params)} as ${caller.accountId}/${caller.region}: ${a.code}: ${a.message}`,
      );
    }
    return a.value;
  }

  /**
   * Replays the recording's calls through `client`, in order, each as its API request, and
   * checks each answer's ids: a created resource has the recording's id, and every id an answer
   * names is one the recording knows.
   */
  async replay(client: Ec2Client, recording: RecordingStore): Promise<number> {
    const known = new Set([
      ...idsIn(exportState(recording)),
      ...recording.calls.flatMap((c) => idsIn(c.output)),
    ]);
    let sent = 0;
    for (const c of recording.calls) {
      // The server initialises an account's Region on its first call there (pinned AZ
      // mappings were set up in `start`).
      if (c.action === 'InitRegion') continue;
      const params = apiRequest(c.action, c.input);
      const answer = await this.send(client, c.action, params, c.caller);
      sent++;
      const ids = idsIn(answer);
      const unknown = ids.filter((id) => !known.has(id));
      // ELBv2 resources are named by ARNs, which `idsIn` does not pick out: found as text.
      const text = JSON.stringify(answer);
      const missing = CREATES.test(c.action)
        ? createdIds(c.output).filter((id) => !ids.includes(id) && !text.includes(`"${id}"`))
        : [];
      if (unknown.length > 0 || missing.length > 0) {
        throw new Error(
          `${client.name} ${c.action}: the API's ids diverged from the topology route's ` +
            `(expected ${createdIds(c.output).join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}): ` +
            `the handler drew ids in another order or number than the loader's operation. ` +
            `Answer: ${JSON.stringify(answer)}`,
        );
      }
    }
    return sent;
  }

  /** Both states, for `toEqual`: every resource encoded, and the topology each exports. */
  compare(recording: RecordingStore) {
    return {
      api: { topology: exportTopology(this.store.snapshot), state: exportState(this.store) },
      file: { topology: exportTopology(recording.snapshot), state: exportState(recording) },
    };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
