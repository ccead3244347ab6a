import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatTrace,
  trace,
  type Explanation,
  type NetworkInsightsAnalysis,
  type PathComponent,
  type TraceProtocol,
  type TraceRequest,
} from '../../src/analysis/trace/index.js';
import {
  amazonScope,
  analyzeAccess,
  parseAccessScope,
  type AccessFinding,
} from '../../src/analysis/access/index.js';
import { resolveOnPremisesRef } from '../../src/cli/onprem-refs.js';
import { resolveRef } from '../../src/cli/refs.js';
import { compile } from '../../src/dataplane/index.js';
import type { AwsError } from '../../src/model/errors.js';
import { idFamily } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import type { Result } from '../../src/model/result.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { Ip } from '../../src/net/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Caller } from '../../src/store/store.js';
import { loadTopology } from '../../src/topology/load.js';
import type { NameKind, NameTable } from '../../src/topology/names.js';
import type { Topology } from '../../src/topology/schema.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { ROOT, runVpctwin } from './cli-process.js';
import {
  elbv2ArnType,
  labelOf,
  labels,
  normalise,
  normaliseText,
  type Labels,
} from './normalise.js';

/** A question as a user asks it on the command line: names (or an IP for `to`), a port. */
export interface Question {
  readonly from: string;
  readonly to: string;
  readonly port?: number;
  readonly protocol?: TraceProtocol;
  /** `--source-ip`: the sender's address, e.g. a host on the internet behind a gateway. */
  readonly sourceIp?: string;
}

/** The `vpctwin trace` arguments that ask `q` about `file` (relative to the repository root). */
export function traceArgs(file: string, q: Question): string[] {
  return [
    'trace',
    file,
    '--from',
    q.from,
    '--to',
    q.to,
    ...(q.protocol !== undefined ? ['--protocol', String(q.protocol)] : []),
    ...(q.port !== undefined ? ['--port', String(q.port)] : []),
    ...(q.sourceIp !== undefined ? ['--source-ip', q.sourceIp] : []),
  ];
}

/**
 * A reference network loaded the way `vpctwin trace FILE` loads it (parse, then every resource
 * through the control-plane operations into a fresh in-memory store), with what a scenario
 * test needs: names → ids, the operations a user would run next, and traces asked by name.
 */
export function loadScenario(file: string, edit?: (t: Topology) => Topology): Scenario {
  const text = readFileSync(`${ROOT}${file}`, 'utf8');
  const parsed = parseTopology(file, text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const topology = edit ? edit(parsed.value.topology) : parsed.value.topology;
  const store = new MemoryStore();
  const loaded = loadTopology(store, topology, parsed.value.source);
  if (!loaded.ok) throw new Error(formatProblem(loaded.error));
  return new Scenario(store, loaded.value.names);
}

/** A loaded reference network; see `loadScenario`. */
export class Scenario {
  constructor(
    readonly store: MemoryStore,
    readonly names: NameTable,
  ) {}

  get s(): Snapshot {
    return this.store.snapshot;
  }

  /** The id of a resource named in the topology file (`name` or `vpc-name/name`). */
  id(kind: NameKind, ref: string): string {
    const r = this.names.resolve(kind, ref, { vpc: '', region: '' });
    if (!r.ok) throw new Error(r.message);
    return r.id;
  }

  /** Runs an operation as `caller`, exactly as the EC2 API would; the AWS error or the output. */
  attempt<I, O>(op: Operation<I, O>, input: I, caller: Caller): Result<O, AwsError> {
    return this.store.execute(op.name || 'op', op, input, caller);
  }

  /** Runs an operation that must succeed. */
  run<I, O>(op: Operation<I, O>, input: I, caller: Caller): O {
    const r = this.attempt(op, input, caller);
    if (!r.ok) throw new Error(`${op.name}: ${r.error.code}: ${r.error.message}`);
    return r.value;
  }

  /** Traces a question the way `vpctwin trace` does: names resolved by `resolveRef`, TCP by default. */
  trace(q: Question): NetworkInsightsAnalysis {
    const ref = (r: string, flag: string) => {
      const found = resolveRef(this.s, r);
      if ('error' in found) throw new Error(`${flag}: ${found.error}`);
      return found.id;
    };
    const asIp = Ip.parse(q.to);
    // On-premises hosts, sites and addresses, as `vpctwin trace` resolves them (D41).
    const fromSite =
      'error' in resolveRef(this.s, q.from) ? resolveOnPremisesRef(this.s, q.from) : undefined;
    const toSite = resolveOnPremisesRef(this.s, q.to);
    const destinationIp = asIp ?? toSite?.ip;
    const sourceIp = q.sourceIp !== undefined ? Ip.parse(q.sourceIp) : fromSite?.ip;
    const request: TraceRequest = {
      source: fromSite?.id ?? ref(q.from, '--from'),
      ...(sourceIp ? { sourceIp } : {}),
      ...(toSite ? { destination: toSite.id } : asIp ? {} : { destination: ref(q.to, '--to') }),
      ...(destinationIp ? { destinationIp } : {}),
      protocol: q.protocol ?? 'tcp',
      ...(q.port !== undefined ? { destinationPort: q.port } : {}),
    };
    return trace(compile(this.s), request);
  }

  /**
   * The findings of a Network Access Analyzer scope on the current state, as `vpctwin analyze`
   * gives them: AWS's scope JSON, or the name of an Amazon-created scope.
   */
  access(scope: unknown): readonly AccessFinding[] {
    const named = typeof scope === 'string' ? amazonScope(scope) : undefined;
    const parsed = named ? { ok: true as const, value: named } : parseAccessScope(scope);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const r = analyzeAccess(compile(this.s), parsed.value);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.findings;
  }

  /**
   * A path as `kind label` per hop, in order — `network-interface connector-a`,
   * `network-acl default` — with the labels the golden files use for unnamed components.
   */
  hops(path: readonly PathComponent[] | undefined): string[] {
    const table = labels(this.s);
    return (path ?? []).map((h) => hopName(table, h.Component.Id));
  }

  /** `kind label` of one component reference, as in `hops`. */
  ref(c: { readonly Id: string } | undefined): string | undefined {
    return c && hopName(labels(this.s), c.Id);
  }

  /** A text (an AWS error message) with its ids replaced by `<prefix:label>`. */
  normalise(text: string): string {
    return normaliseText(text, labels(this.s));
  }
}

/**
 * `nat-gateway nat-a`: the twin's name for the id's family (for ELBv2 ARNs their resource type,
 * `loadbalancer`, `targetgroup`), then the resource's label.
 */
function hopName(table: Labels, id: string): string {
  return `${idFamily(id) ?? elbv2ArnType(id) ?? '?'} ${labelOf(table, id)}`;
}

/** Asserts a reachable answer (the formatted trace is the failure message). */
export function expectReachable(r: NetworkInsightsAnalysis): void {
  expect(r.Status, formatTrace(r)).toBe('succeeded');
  expect(r.NetworkPathFound, formatTrace(r)).toBe(true);
  expect(r.Explanations, formatTrace(r)).toBeUndefined();
}

/** Asserts an unreachable answer with exactly one explanation, of `code`, and returns it. */
export function expectBlocked(r: NetworkInsightsAnalysis, code: string): Explanation {
  expect(r.Status, formatTrace(r)).toBe('succeeded');
  expect(r.NetworkPathFound, formatTrace(r)).toBe(false);
  expect(
    r.Explanations?.map((x) => x.ExplanationCode),
    formatTrace(r),
  ).toEqual([code]);
  return r.Explanations![0]!;
}

/**
 * Asks each question of `file` through the real CLI (`vpctwin trace … --json`) and checks the
 * exit code and that the answer is the in-process one. Each run starts a Node process (~0.5 s):
 * they run side by side.
 */
export function describeCliAnswers(
  file: string,
  cases: readonly { readonly q: Question; readonly exitCode: number }[],
): void {
  describe.concurrent('the same answers from the CLI', () => {
    for (const { q, exitCode } of cases) {
      const command = ['vpctwin', ...traceArgs(file, q), '--json'].join(' ');
      it(`${command}: exit ${exitCode}, the in-process result`, async ({ expect }) => {
        const run = await runVpctwin([...traceArgs(file, q), '--json']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(exitCode);
        const sc = loadScenario(file);
        const table = labels(sc.s);
        expect(normalise(JSON.parse(run.stdout), table)).toEqual(normalise(sc.trace(q), table));
      });
    }
  });
}
