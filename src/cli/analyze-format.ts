import type { AccessFinding } from '../analysis/access/finding.js';
import { findingJson } from '../analysis/network-insights-access-scope.js';
import type { PathComponent } from '../analysis/trace/types.js';
import { headerText, spaceLines } from './header-text.js';

/**
 * `vpctwin analyze`'s output: findings grouped by source and destination (each with its hops,
 * the headers it carries and a witness packet), and AWS's JSON.
 */

const label = (n: { readonly id: string; readonly name: string | undefined }): string =>
  n.name ? `${n.name} (${n.id})` : n.id;

/** A hop by name, else id; an ARN-named component (a target group) by its resource part. */
const hop = (c: PathComponent): string =>
  c.Component.Name ??
  (c.Component.Id.startsWith('arn:')
    ? c.Component.Id.split(':').slice(5).join(':')
    : c.Component.Id);

/** One finding's lines, indented under its group. */
function findingLines(f: AccessFinding, n: number): string[] {
  const [first, ...rest] = spaceLines(f.space);
  return [
    `  ${n}. ${f.findingId}`,
    `     hops     ${f.components.map(hop).join(' > ')}`,
    `     headers  ${first ?? 'none'}`,
    ...rest.map((l) => `              ${l}`),
    `     witness  ${headerText(f.witness)}`,
  ];
}

/** Findings grouped by source, then destination, in the analyzer's order. */
export function findingGroups(
  findings: readonly AccessFinding[],
): { readonly title: string; readonly findings: AccessFinding[] }[] {
  const groups = new Map<string, { title: string; findings: AccessFinding[] }>();
  for (const f of findings) {
    const key = `${f.source.id}|${f.destination.id}`;
    let g = groups.get(key);
    if (!g) {
      g = { title: `${label(f.source)} -> ${label(f.destination)}`, findings: [] };
      groups.set(key, g);
    }
    g.findings.push(f);
  }
  return [...groups.values()];
}

/** The readable report of one analysis. */
export function formatFindings(findings: readonly AccessFinding[], eniCount: number): string {
  const lines = [
    `${findings.length} finding${findings.length === 1 ? '' : 's'} (${eniCount} network interface${eniCount === 1 ? '' : 's'} analysed)`,
  ];
  for (const g of findingGroups(findings)) {
    lines.push('', `${g.title}: ${g.findings.length} path${g.findings.length === 1 ? '' : 's'}`);
    g.findings.forEach((f, i) => lines.push(...findingLines(f, i + 1)));
  }
  return lines.join('\n');
}

/** A change's report: the findings it adds, then those it removes. */
export function formatImpact(
  added: readonly AccessFinding[],
  removed: readonly AccessFinding[],
): string {
  const lines = [`${added.length} finding(s) added, ${removed.length} removed`];
  for (const [title, list] of [
    ['added', added],
    ['removed', removed],
  ] as const) {
    if (list.length === 0) continue;
    lines.push('', `${title}:`);
    for (const g of findingGroups(list)) {
      lines.push('', `${g.title}: ${g.findings.length} path${g.findings.length === 1 ? '' : 's'}`);
      g.findings.forEach((f, i) => lines.push(...findingLines(f, i + 1)));
    }
  }
  return lines.join('\n');
}

/** GetNetworkInsightsAccessScopeAnalysisFindings' answer shape, for `--json`. */
export const findingsJson = (findings: readonly AccessFinding[]) => ({
  AnalysisStatus: 'succeeded',
  AnalysisFindings: findings.map(findingJson),
});
