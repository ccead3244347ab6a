import { compile, type Dataplane } from '../dataplane/index.js';
import type { AwsError } from '../model/errors.js';
import type {
  AccessFindingJson,
  AccessScopeContentJson,
  AmazonScopeName,
} from '../model/network-insights-access-scope.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  AMAZON_SCOPES,
  analyzeAccess,
  parseAccessScope,
  scopeToJson,
  type AccessScope,
} from './access/index.js';
import type { AccessAnalysis, AccessFinding, AccessOptions } from './access/finding.js';
import type { PathComponent } from './trace/types.js';

/**
 * Running a stored Network Access Analyzer scope, for StartNetworkInsightsAccessScopeAnalysis
 * and `vpctwin analyze`: the scope's JSON is parsed again (it was stored canonical, so this
 * cannot fail for a stored scope), the analyzer runs on the snapshot's dataplane, and its
 * findings become AWS's `AccessScopeAnalysisFinding` JSON.
 */

/** One finding in AWS's JSON, as stored and served (the analysis and scope ids are added on the wire). */
export interface AccessFindingWire {
  readonly FindingId: string;
  readonly FindingComponents: readonly PathComponent[];
}

/** A finding as AWS's JSON. */
export const findingJson = (f: AccessFinding): AccessFindingWire => ({
  FindingId: f.findingId,
  FindingComponents: f.components,
});

/** What one analysis of a scope found, in the model's terms (the fields of the stored analysis). */
export interface ScopeAnalysisOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly statusMessage?: string;
  readonly findingsFound: 'true' | 'false' | 'unknown';
  readonly analyzedEniCount?: number;
  readonly findings: readonly AccessFindingJson[];
  /** The analyzer's own answer, for faces that show more than AWS's JSON. */
  readonly analysis?: AccessAnalysis;
}

/** Parses a scope (AWS's JSON) and writes it back canonically, for storage; AWS's error if bad. */
export function canonicalScope(
  json: unknown,
):
  | { ok: true; scope: AccessScope; content: AccessScopeContentJson }
  | { ok: false; error: AwsError } {
  const parsed = parseAccessScope(json);
  if (!parsed.ok) return parsed;
  return { ok: true, scope: parsed.value, content: scopeToJson(parsed.value) };
}

/** An Amazon-created scope's content, as GetNetworkInsightsAccessScopeContent shows it. */
export const amazonScopeContent = (name: AmazonScopeName): AccessScopeContentJson =>
  AMAZON_SCOPES[name];

/**
 * Runs a scope over a dataplane. An analyzer error (say, a prefix list that no longer exists) is
 * a failed analysis with AWS's message, as AWS records a failed analysis (decision D133).
 */
export function runScope(
  dp: Dataplane,
  content: AccessScopeContentJson,
  opts?: AccessOptions,
): ScopeAnalysisOutcome {
  const parsed = parseAccessScope(content);
  if (!parsed.ok) {
    return {
      status: 'failed',
      statusMessage: parsed.error.message,
      findingsFound: 'unknown',
      findings: [],
    };
  }
  const r = analyzeAccess(dp, parsed.value, opts);
  if (!r.ok) {
    return {
      status: 'failed',
      statusMessage: `${r.error.code}: ${r.error.message}`,
      findingsFound: 'unknown',
      findings: [],
    };
  }
  return {
    status: 'succeeded',
    findingsFound: r.value.findings.length > 0 ? 'true' : 'false',
    analyzedEniCount: r.value.analyzedEniCount,
    findings: r.value.findings.map(findingJson),
    analysis: r.value,
  };
}

/** Runs a scope over the current state of a snapshot. */
export const runScopeOnSnapshot = (
  s: Snapshot,
  content: AccessScopeContentJson,
  opts?: AccessOptions,
): ScopeAnalysisOutcome => runScope(compile(s), content, opts);
