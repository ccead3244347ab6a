import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { expect } from 'vitest';
import { formatTrace, type NetworkInsightsAnalysis } from '../../src/analysis/trace/index.js';
import { goldenJson, normalise, normaliseText, type Labels } from './normalise.js';

/**
 * Golden files of a scenario: `expected/<slug>.json` (the trace result, ids normalised, keys in
 * a stable order, formatted by prettier so `npm run format:check` accepts it) and
 * `expected/<slug>.txt` (`formatTrace`, ids normalised). A test compares against them;
 *
 *     UPDATE_GOLDEN=1 npx vitest run test/scenarios
 *
 * rewrites them instead, and removes files no question produces any more. Review the diff.
 */
export const UPDATING = !!process.env.UPDATE_GOLDEN && process.env.UPDATE_GOLDEN !== '0';

const HINT = 'run `UPDATE_GOLDEN=1 npx vitest run test/scenarios` and review the diff';

/** The golden files beside a scenario test: `golden(import.meta.url)`. */
export function golden(testFileUrl: string): Goldens {
  return new Goldens(fileURLToPath(new URL('./expected/', testFileUrl)));
}

export class Goldens {
  constructor(readonly dir: string) {}

  /** Checks (or, when updating, writes) both golden files of one question. */
  async check(slug: string, result: NetworkInsightsAnalysis, table: Labels): Promise<void> {
    const jsonFile = join(this.dir, `${slug}.json`);
    const textFile = join(this.dir, `${slug}.txt`);
    const json = normalise(result, table);
    const text = `${normaliseText(formatTrace(result), table)}\n`;
    if (UPDATING) {
      mkdirSync(this.dir, { recursive: true });
      const options = { ...(await resolveConfig(jsonFile)), parser: 'json' };
      writeFileSync(jsonFile, await format(goldenJson(json), options));
      writeFileSync(textFile, text);
      return;
    }
    for (const f of [jsonFile, textFile]) {
      if (!existsSync(f)) expect.fail(`missing golden file ${f}: ${HINT}`);
    }
    expect(json, `${jsonFile} differs: ${HINT}`).toEqual(
      JSON.parse(readFileSync(jsonFile, 'utf8')),
    );
    expect(text, `${textFile} differs: ${HINT}`).toBe(readFileSync(textFile, 'utf8'));
  }

  /**
   * Golden files that no question of `slugs` produces: an empty list, or (when updating) the
   * files are removed.
   */
  stale(slugs: readonly string[]): string[] {
    if (!existsSync(this.dir)) return [];
    const wanted = new Set(slugs.flatMap((s) => [`${s}.json`, `${s}.txt`]));
    const extra = readdirSync(this.dir).filter((f) => !wanted.has(f));
    if (UPDATING) {
      for (const f of extra) rmSync(join(this.dir, f));
      return [];
    }
    return extra;
  }
}
