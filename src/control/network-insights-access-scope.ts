import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { ec2Arn, type Id } from '../model/ids.js';
import {
  amazonScopeNameOf,
  analysesOfScope,
  type AccessFindingJson,
  type AccessScopeContentJson,
  type AmazonScopeName,
  type NetworkInsightsAccessScope,
  type NetworkInsightsAccessScopeAnalysis,
} from '../model/network-insights-access-scope.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { idParam, owned, tagsParam } from './params.js';

/**
 * Network Access Analyzer's control plane: scopes and the record of their analyses. Parsing a
 * scope and running an analysis are the analyzer's work, in the analysis layer, which this
 * layer may not import: a face parses the scope (src/analysis/access/scope.ts) and hands over
 * its canonical JSON, runs the analysis and hands over the findings; this layer keeps them.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInsightsAccessScope.html
 */

type Where = Pick<OperationContext, 'accountId' | 'region'>;

/** A scope the caller may use: one of its own, or an Amazon-created one (D131), by name. */
export type ScopeRef =
  | { readonly kind: 'stored'; readonly scope: NetworkInsightsAccessScope }
  | {
      readonly kind: 'amazon';
      readonly id: Id<'network-insights-access-scope'>;
      readonly name: AmazonScopeName;
    };

/** The caller's scope `id` (shape-checked first, as AWS does), or AWS's NotFound. */
export function scopeRef(s: Snapshot, id: string, who: Where): Result<ScopeRef, AwsError> {
  const shaped = idParam('network-insights-access-scope', id);
  if (!shaped.ok) return shaped;
  const name = amazonScopeNameOf(who.accountId, who.region, id);
  if (name) return ok({ kind: 'amazon', id: shaped.value, name });
  const scope = s.get('network-insights-access-scope', id);
  if (!scope || scope.ownerId !== who.accountId || scope.region !== who.region) {
    return fail(AwsErrors.notFound('network-insights-access-scope', id));
  }
  return ok({ kind: 'stored', scope });
}

/** CreateNetworkInsightsAccessScope, its paths already parsed and written back canonically. */
export interface CreateNetworkInsightsAccessScopeInput {
  readonly content: AccessScopeContentJson;
  readonly tags?: readonly Tag[];
}

/** CreateNetworkInsightsAccessScope: stores the scope. */
export const createNetworkInsightsAccessScope: Operation<
  CreateNetworkInsightsAccessScopeInput,
  NetworkInsightsAccessScope
> = (_s, input, ctx) => {
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('network-insights-access-scope');
  const now = ctx.clock.now().toISOString();
  const scope: NetworkInsightsAccessScope = {
    kind: 'network-insights-access-scope',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    arn: ec2Arn('network-insights-access-scope', ctx.region, ctx.accountId, id),
    createdDate: now,
    updatedDate: now,
    content: input.content,
  };
  return ok({ changes: [{ op: 'put', resource: scope }], output: scope });
};

export interface DeleteNetworkInsightsAccessScopeInput {
  readonly networkInsightsAccessScopeId: string;
}

/**
 * DeleteNetworkInsightsAccessScope: refused for the Amazon-created scopes and while analyses of
 * the scope exist (decision D132, after DeleteNetworkInsightsPath's documented rule).
 */
export const deleteNetworkInsightsAccessScope: Operation<
  DeleteNetworkInsightsAccessScopeInput,
  Id<'network-insights-access-scope'>
> = (s, input, ctx) => {
  const ref = scopeRef(s, input.networkInsightsAccessScopeId, ctx);
  if (!ref.ok) return ref;
  if (ref.value.kind === 'amazon') {
    return fail(
      AwsErrors.code(
        'OperationNotPermitted',
        `The Network Access Scope ${ref.value.id} (${ref.value.name}) is created by Amazon and cannot be deleted.`,
      ),
    );
  }
  const scope = ref.value.scope;
  const analyses = analysesOfScope(s, scope.id);
  if (analyses.length > 0) {
    return fail(
      AwsErrors.code(
        'AnalysisExistsForNetworkInsightsAccessScope',
        `At least one analysis [${analyses.map((a) => a.id).join(', ')}] exists for Network Access Scope ${scope.id}. Delete all the analyses before deleting this Network Access Scope.`,
      ),
    );
  }
  return ok({
    changes: [{ op: 'delete', kind: 'network-insights-access-scope', id: scope.id }],
    output: scope.id,
  });
};

/** What an analysis found, as a face computed it. */
export interface AccessScopeAnalysisResult {
  readonly status: 'succeeded' | 'failed';
  readonly statusMessage?: string;
  readonly findingsFound: 'true' | 'false' | 'unknown';
  readonly analyzedEniCount?: number;
  readonly findings: readonly AccessFindingJson[];
}

export interface RecordAccessScopeAnalysisInput {
  readonly networkInsightsAccessScopeId: string;
  readonly result: AccessScopeAnalysisResult;
  readonly tags?: readonly Tag[];
}

/**
 * StartNetworkInsightsAccessScopeAnalysis's record: stores an analysis of the caller's scope
 * with its findings (vpctwin's analyses end before the call returns: StartDate = EndDate).
 */
export const recordNetworkInsightsAccessScopeAnalysis: Operation<
  RecordAccessScopeAnalysisInput,
  NetworkInsightsAccessScopeAnalysis
> = (s, input, ctx) => {
  const ref = scopeRef(s, input.networkInsightsAccessScopeId, ctx);
  if (!ref.ok) return ref;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('network-insights-access-scope-analysis');
  const now = ctx.clock.now().toISOString();
  const scopeId = ref.value.kind === 'amazon' ? ref.value.id : ref.value.scope.id;
  const analysis: NetworkInsightsAccessScopeAnalysis = {
    kind: 'network-insights-access-scope-analysis',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    arn: ec2Arn('network-insights-access-scope-analysis', ctx.region, ctx.accountId, id),
    networkInsightsAccessScopeId: scopeId,
    startDate: now,
    endDate: now,
    ...input.result,
  };
  return ok({ changes: [{ op: 'put', resource: analysis }], output: analysis });
};

export interface DeleteNetworkInsightsAccessScopeAnalysisInput {
  readonly networkInsightsAccessScopeAnalysisId: string;
}

/** DeleteNetworkInsightsAccessScopeAnalysis. */
export const deleteNetworkInsightsAccessScopeAnalysis: Operation<
  DeleteNetworkInsightsAccessScopeAnalysisInput,
  Id<'network-insights-access-scope-analysis'>
> = (s, input, ctx) => {
  const found = owned(
    s,
    'network-insights-access-scope-analysis',
    input.networkInsightsAccessScopeAnalysisId,
    ctx,
  );
  if (!found.ok) return found;
  return ok({
    changes: [{ op: 'delete', kind: 'network-insights-access-scope-analysis', id: found.value.id }],
    output: found.value.id,
  });
};
