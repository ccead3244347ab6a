import { existsSync, readFileSync } from 'node:fs';
import {
  AMAZON_SCOPES,
  amazonScope,
  analyzeAccess,
  parseAccessScope,
  type AccessScope,
} from '../analysis/access/index.js';
import type { AccessAnalysis } from '../analysis/access/finding.js';
import { compile } from '../dataplane/index.js';
import { systemClock } from '../model/clock.js';
import type { Snapshot } from '../model/snapshot.js';
import { openStore } from '../store/open.js';
import { lastSeq, snapshotAt } from '../store/revision.js';
import type { Store } from '../store/store.js';
import { CliError, loadFile } from './network.js';

/**
 * What `vpctwin analyze` and `vpctwin matrix` read: a scope (a JSON file or an Amazon-created
 * scope's name), networks (topology files, databases, points of a database's change log), and
 * the analysis itself with progress on stderr.
 */

const AMAZON_NAMES = Object.keys(AMAZON_SCOPES).join(', ');

/**
 * A scope by name or file. The file holds AWS's JSON: `{"MatchPaths": […], "ExcludePaths": […]}`
 * (`--cli-input-json`'s shape), or what `aws ec2 get-network-insights-access-scope-content`
 * prints (`{"NetworkInsightsAccessScopeContent": {…}}`).
 */
export function readScope(arg: string): AccessScope {
  const builtIn = amazonScope(arg);
  if (builtIn) return builtIn;
  if (!existsSync(arg)) {
    throw new CliError(
      [`--scope ${arg}: no such file, and not an Amazon-created scope (${AMAZON_NAMES})`],
      2,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(arg, 'utf8'));
  } catch (e) {
    throw new CliError([`--scope ${arg}: ${(e as Error).message}`], 2);
  }
  if (typeof json === 'object' && json !== null && 'NetworkInsightsAccessScopeContent' in json) {
    const { NetworkInsightsAccessScopeId: _id, ...content } =
      json.NetworkInsightsAccessScopeContent as Record<string, unknown>;
    json = content;
  }
  const parsed = parseAccessScope(json);
  if (!parsed.ok)
    throw new CliError([`--scope ${arg}: ${parsed.error.code}: ${parsed.error.message}`], 2);
  return parsed.value;
}

/** A network to analyse: its snapshot, and the store to close afterwards. */
export interface OpenedNetwork {
  readonly snapshot: Snapshot;
  readonly store: Store;
}

/** A topology file (`.yaml`, `.yml`, `.json`) loaded in memory, or an existing database. */
export function openSide(path: string, flag: string): OpenedNetwork {
  if (/\.(ya?ml|json)$/i.test(path)) {
    const store = openStore({ clock: systemClock });
    loadFile(store, path);
    return { snapshot: store.snapshot, store };
  }
  // openStore would create a missing database; a typo must not compare against nothing.
  if (!existsSync(path)) throw new CliError([`${flag} ${path}: no such database file`], 2);
  const store = openStore({ path, clock: systemClock });
  return { snapshot: store.snapshot, store };
}

/** The state of a database right after operation `seq` of its change log. */
export function stateAt(store: Store, seq: number, flag: string): Snapshot {
  const s = snapshotAt(store, seq);
  if (!s) {
    throw new CliError(
      [
        `${flag} ${seq}: the change log has operations 1 to ${lastSeq(store)} (0 is the empty state)`,
      ],
      2,
    );
  }
  return s;
}

/**
 * Progress on stderr while an analysis runs: a line rewritten in place on a terminal; with
 * `--progress` elsewhere, a line every tenth of the way.
 */
export function progressReporter(
  label: string,
  force: boolean,
): ((done: number, total: number) => void) | undefined {
  const tty = process.stderr.isTTY === true;
  if (!tty && !force) return undefined;
  let lastTenth = -1;
  return (done, total) => {
    const text = `${label}: ${done}/${total} starting points`;
    if (tty) {
      process.stderr.write(`\r${text}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done * 10) / total);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`${text}\n`);
    }
  };
}

/** Runs a scope over a snapshot; an analyzer error (an unknown prefix list) exits 2. */
export function analyse(
  s: Snapshot,
  scope: AccessScope,
  progress: ((done: number, total: number) => void) | undefined,
): AccessAnalysis {
  const r = analyzeAccess(compile(s), scope, progress ? { onProgress: progress } : {});
  if (!r.ok) throw new CliError([`analysis failed: ${r.error.code}: ${r.error.message}`], 2);
  return r.value;
}
