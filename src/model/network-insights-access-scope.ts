import { fnv1a } from './hash.js';
import type { ResourceBase } from './common.js';
import { ID_PREFIX, type Id } from './ids.js';
import type { AnalysisJson } from './network-insights.js';
import type { Snapshot } from './snapshot.js';

/**
 * Network Access Analyzer's resources: a scope (EC2 `NetworkInsightsAccessScope` with its
 * `NetworkInsightsAccessScopeContent`) and the stored answer of one analysis of it (EC2
 * `NetworkInsightsAccessScopeAnalysis` and its findings).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInsightsAccessScope.html
 *
 * The model keeps the scope's paths and the findings as opaque AWS JSON: only the analysis layer
 * (src/analysis/access) types them, and the faces parse them there.
 */

/** A scope's MatchPaths and ExcludePaths, in AWS's JSON (canonical, as the analyzer wrote it). */
export interface AccessScopeContentJson {
  readonly MatchPaths: readonly AnalysisJson[];
  readonly ExcludePaths: readonly AnalysisJson[];
}

/** A Network Access Scope. */
export interface NetworkInsightsAccessScope extends ResourceBase<
  'network-insights-access-scope',
  Id<'network-insights-access-scope'>
> {
  readonly arn: string;
  /** ISO 8601. */
  readonly createdDate: string;
  readonly updatedDate: string;
  readonly content: AccessScopeContentJson;
  /** Set on the four Amazon-created scopes (decision D131), which are not stored. */
  readonly amazonCreated?: AmazonScopeName;
}

/** One finding, in AWS's JSON (`FindingId`, `FindingComponents`), as the analyzer wrote it. */
export type AccessFindingJson = AnalysisJson;

/** One analysis of a scope; vpctwin's finish before the call returns. */
export interface NetworkInsightsAccessScopeAnalysis extends ResourceBase<
  'network-insights-access-scope-analysis',
  Id<'network-insights-access-scope-analysis'>
> {
  readonly arn: string;
  readonly networkInsightsAccessScopeId: Id<'network-insights-access-scope'>;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly statusMessage?: string;
  readonly warningMessage?: string;
  readonly startDate: string;
  readonly endDate?: string;
  readonly findingsFound: 'true' | 'false' | 'unknown';
  readonly analyzedEniCount?: number;
  /** In the analyzer's order (decision D124): pages of GetNetworkInsightsAccessScopeAnalysisFindings. */
  readonly findings: readonly AccessFindingJson[];
}

/** The names of the Amazon-created scopes (Network Access Analyzer guide, "Getting started"). */
export const AMAZON_SCOPE_NAMES = [
  'All-IGW-Ingress',
  'AWS-IGW-Egress',
  'AWS-VPC-Ingress',
  'AWS-VPC-Egress',
] as const;
export type AmazonScopeName = (typeof AMAZON_SCOPE_NAMES)[number];

/**
 * The id an Amazon-created scope has in one account and Region: fixed, so scripts can keep it,
 * and distinct per account and Region as AWS's are (decision D131). 17 hex digits from two
 * independent hashes of the triple.
 */
export function amazonScopeId(
  account: string,
  region: string,
  name: AmazonScopeName,
): Id<'network-insights-access-scope'> {
  const text = `${account}|${region}|${name}`;
  const hi = fnv1a(text).toString(16).padStart(8, '0');
  const lo = fnv1a(text, 0x01234567).toString(16).padStart(8, '0');
  const top = (fnv1a(text, 0x76543210) & 0xf).toString(16);
  return `${ID_PREFIX['network-insights-access-scope']}-${top}${hi}${lo}` as Id<'network-insights-access-scope'>;
}

/** The Amazon-created scope `id` names in this account and Region, if it names one. */
export function amazonScopeNameOf(
  account: string,
  region: string,
  id: string,
): AmazonScopeName | undefined {
  return AMAZON_SCOPE_NAMES.find((n) => amazonScopeId(account, region, n) === id);
}

/** The analyses of a scope (a scan: analyses are few, and only deletes of scopes ask). */
export function analysesOfScope(
  s: Snapshot,
  scopeId: string,
): NetworkInsightsAccessScopeAnalysis[] {
  return [...s.all('network-insights-access-scope-analysis')].filter(
    (a) => a.networkInsightsAccessScopeId === scopeId,
  );
}
