import { readFileSync } from 'node:fs';
import { systemClock } from '../model/clock.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { loadTopology, type LoadReport } from '../topology/load.js';
import { formatProblem, parseTopology } from '../topology/source.js';

/** A command's failure: the lines to print and the exit code. */
export class CliError extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly exitCode = 1,
  ) {
    super(lines.join('\n'));
  }
}

/** Reads, checks and loads a topology file into a store; problems become a CliError. */
export function loadFile(store: Store, file: string): LoadReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError([`${file}: ${(e as Error).message}`], 2);
  }
  const parsed = parseTopology(file, text);
  if (!parsed.ok) throw new CliError(parsed.error.map(formatProblem));
  const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!loaded.ok) throw new CliError([formatProblem(loaded.error)]);
  return loaded.value;
}

/** The network a command works on: a topology FILE (in memory) or a database (`--db`). */
export function openNetwork(file: string | undefined, db: string | undefined): Store {
  if ((file === undefined) === (db === undefined)) {
    throw new CliError(['give either a topology FILE or --db PATH'], 2);
  }
  if (db !== undefined) return openStore({ path: db, clock: systemClock });
  const store = openStore({ clock: systemClock });
  loadFile(store, file as string);
  return store;
}
