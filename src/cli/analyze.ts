import { type Command, InvalidArgumentError } from 'commander';
import type { AccessFinding } from '../analysis/access/finding.js';
import { findingJson } from '../analysis/network-insights-access-scope.js';
import { nameTag } from '../model/common.js';
import { KINDS } from '../model/resource.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Store } from '../store/store.js';
import {
  analyse,
  openSide,
  progressReporter,
  readScope,
  stateAt,
  type OpenedNetwork,
} from './access-inputs.js';
import { findingsJson, formatFindings, formatImpact } from './analyze-format.js';
import { CliError, openNetwork } from './network.js';

/**
 * `vpctwin analyze`: every path a Network Access Analyzer scope matches, exactly; or, given two
 * versions of a network, the findings a change adds and removes (decisions D134–D135).
 */

interface AnalyzeOptions {
  db?: string;
  scope: string;
  before?: string;
  after?: string;
  beforeRevision?: number;
  afterRevision?: number;
  json?: boolean;
  progress?: boolean;
}

const seq = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('an operation number, 0 or more');
  return n;
};

const EXIT_CODES = `
Exit codes (for CI gates; a scope describes access that should not exist):
  0  no findings (with --before/--after: the change adds none; removing findings is fine)
  1  findings (with --before/--after: the change adds at least one)
  2  bad input: unreadable file or scope, invalid scope, unknown prefix list, usage

Examples:
  vpctwin analyze examples/private-connector.yaml --scope All-IGW-Ingress
  vpctwin analyze --db twin.db --scope scopes/db-from-internet.json --json
  vpctwin analyze --scope AWS-IGW-Egress --before main.yaml --after pr.yaml
  vpctwin analyze --db twin.db --scope All-IGW-Ingress --before-revision 40 --after-revision 52`;

/** Which two networks a change-impact run compares; undefined for a single analysis. */
function impactSides(
  file: string | undefined,
  opts: AnalyzeOptions,
): { before: Snapshot; after: Snapshot; byName: boolean; close: () => void } | undefined {
  const byFiles = opts.before !== undefined || opts.after !== undefined;
  const byRevisions = opts.beforeRevision !== undefined || opts.afterRevision !== undefined;
  if (!byFiles && !byRevisions) return undefined;
  if (byFiles && byRevisions)
    throw new CliError(
      ['give --before/--after or --before-revision/--after-revision, not both'],
      2,
    );
  if (byFiles) {
    if (opts.before === undefined || opts.after === undefined)
      throw new CliError(['--before and --after go together'], 2);
    if (file !== undefined || opts.db !== undefined)
      throw new CliError(['--before/--after name both networks: drop FILE and --db'], 2);
    const opened: OpenedNetwork[] = [];
    try {
      opened.push(openSide(opts.before, '--before'));
      opened.push(openSide(opts.after, '--after'));
    } catch (e) {
      for (const o of opened) o.store.close();
      throw e;
    }
    return {
      before: opened[0]!.snapshot,
      after: opened[1]!.snapshot,
      byName: true,
      close: () => opened.forEach((o) => o.store.close()),
    };
  }
  if (opts.beforeRevision === undefined || opts.afterRevision === undefined)
    throw new CliError(['--before-revision and --after-revision go together'], 2);
  if (opts.db === undefined || file !== undefined)
    throw new CliError(['--before-revision/--after-revision read the change log of --db PATH'], 2);
  const store: Store = openSide(opts.db, '--db').store;
  try {
    return {
      before: stateAt(store, opts.beforeRevision, '--before-revision'),
      after: stateAt(store, opts.afterRevision, '--after-revision'),
      byName: false,
      close: () => store.close(),
    };
  } catch (e) {
    store.close();
    throw e;
  }
}

/**
 * A resource id → `kind:Name` map, for the resources whose Name is unique in their kind. Two
 * topology files draw ids in load order, so one added rule shifts every later id: across two
 * files (or databases) a finding is the same when its path names the same resources (D135).
 */
function nameLabels(s: Snapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of KINDS) {
    const seen = new Map<string, string | undefined>();
    for (const r of s.all(kind)) {
      const name = 'tags' in r ? nameTag(r) : undefined;
      if (name === undefined) continue;
      seen.set(name, seen.has(name) ? undefined : r.id);
    }
    for (const [name, id] of seen) if (id !== undefined) out.set(id, `${kind}:${name}`);
  }
  return out;
}

/** A finding's key with every named resource's id replaced by its name. */
const ID_TOKEN = /[a-z][a-z0-9-]*-[0-9a-f]{8,17}/g;
const keyBy =
  (labels: Map<string, string> | undefined) =>
  (f: AccessFinding): string =>
    labels ? f.key.replace(ID_TOKEN, (id) => labels.get(id) ?? id) : f.key;

/** The findings of `a` whose key `b` lacks. */
function minus(
  a: readonly AccessFinding[],
  keyA: (f: AccessFinding) => string,
  b: readonly AccessFinding[],
  keyB: (f: AccessFinding) => string,
): AccessFinding[] {
  const keys = new Set(b.map(keyB));
  return a.filter((f) => !keys.has(keyA(f)));
}

function runImpact(
  sides: { before: Snapshot; after: Snapshot; byName: boolean },
  opts: AnalyzeOptions,
): void {
  const scope = readScope(opts.scope);
  const before = analyse(sides.before, scope, progressReporter('before', opts.progress === true));
  const after = analyse(sides.after, scope, progressReporter('after', opts.progress === true));
  const keyBefore = keyBy(sides.byName ? nameLabels(sides.before) : undefined);
  const keyAfter = keyBy(sides.byName ? nameLabels(sides.after) : undefined);
  const added = minus(after.findings, keyAfter, before.findings, keyBefore);
  const removed = minus(before.findings, keyBefore, after.findings, keyAfter);
  console.log(
    opts.json
      ? JSON.stringify(
          {
            AddedFindings: added.map(findingJson),
            RemovedFindings: removed.map(findingJson),
          },
          null,
          2,
        )
      : formatImpact(added, removed),
  );
  process.exitCode = added.length > 0 ? 1 : 0;
}

function runOne(file: string | undefined, opts: AnalyzeOptions): void {
  const scope = readScope(opts.scope);
  const store = openNetwork(file, opts.db);
  try {
    const result = analyse(
      store.snapshot,
      scope,
      progressReporter('analysing', opts.progress === true),
    );
    console.log(
      opts.json
        ? JSON.stringify(findingsJson(result.findings), null, 2)
        : formatFindings(result.findings, result.analyzedEniCount),
    );
    process.exitCode = result.findings.length > 0 ? 1 : 0;
  } finally {
    store.close();
  }
}

/** Registers `vpctwin analyze`. */
export function analyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description(
      'Find every path a Network Access Analyzer scope matches (exact findings), or the findings a change adds and removes.',
    )
    .argument('[file]', 'topology YAML file')
    .option('--db <path>', 'SQLite database file')
    .requiredOption(
      '--scope <file|name>',
      'scope JSON (MatchPaths/ExcludePaths) or an Amazon-created scope: All-IGW-Ingress, AWS-IGW-Egress, AWS-VPC-Ingress, AWS-VPC-Egress',
    )
    .option('--before <file|db>', 'change impact: the network before (topology file or database)')
    .option('--after <file|db>', 'change impact: the network after')
    .option(
      '--before-revision <n>',
      'change impact: the state of --db after operation N of its change log',
      seq,
    )
    .option('--after-revision <n>', 'change impact: the state of --db after operation M', seq)
    .option('--json', "AWS's JSON: {AnalysisFindings} (or {AddedFindings, RemovedFindings})")
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .addHelpText('after', EXIT_CODES)
    .action((file: string | undefined, opts: AnalyzeOptions) => {
      const sides = impactSides(file, opts);
      if (!sides) return runOne(file, opts);
      try {
        runImpact(sides, opts);
      } finally {
        sides.close();
      }
    });
}
