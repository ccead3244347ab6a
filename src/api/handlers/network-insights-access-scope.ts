import {
  amazonScopeContent,
  canonicalScope,
  runScopeOnSnapshot,
} from '../../analysis/network-insights-access-scope.js';
import { idParam } from '../../control/params.js';
import {
  createNetworkInsightsAccessScope,
  deleteNetworkInsightsAccessScope,
  deleteNetworkInsightsAccessScopeAnalysis,
  recordNetworkInsightsAccessScopeAnalysis,
  scopeRef,
} from '../../control/network-insights-access-scope.js';
import { ec2Arn } from '../../model/ids.js';
import {
  AMAZON_SCOPE_NAMES,
  amazonScopeId,
  type AccessScopeContentJson,
  type NetworkInsightsAccessScope,
  type NetworkInsightsAccessScopeAnalysis,
} from '../../model/network-insights-access-scope.js';
import { fail, ok } from '../../model/result.js';
import type { Caller } from '../../store/store.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import {
  checkMaxResults,
  decodeToken,
  describe,
  encodeToken,
  type FilterTable,
} from './describe.js';
import { wireShape } from './network-insights.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';
import type { HandlerContext } from './context.js';
import { AwsErrors } from '../../model/errors.js';

/**
 * Network Access Analyzer over the EC2 API: scopes, and analyses that run the access analyzer
 * on the current state before the call returns (AWS answers `running` and takes minutes;
 * vpctwin's analyses are `succeeded` or `failed` at once, and exact — decision D130).
 */

const upperFirst = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);

/**
 * The decoded request paths back in AWS's JSON: the decoder names members as the model does
 * with the first letter lowered (`matchPaths[0].source.packetHeaderStatement.destinationPorts`),
 * and the scope JSON is the model's member names (`MatchPaths[0].Source.PacketHeaderStatement…`).
 */
function upperKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(upperKeys);
  if (typeof v !== 'object' || v === null || v instanceof Date) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [upperFirst(k), upperKeys(x)]));
}

/** When the Amazon-created scopes were "created": Network Access Analyzer's launch (D131). */
const AMAZON_SCOPE_DATE = '2021-12-01T00:00:00.000Z';

/** The four Amazon-created scopes of the caller's account and Region, as resources (D131). */
function amazonScopes(caller: Caller): NetworkInsightsAccessScope[] {
  return AMAZON_SCOPE_NAMES.map((name) => {
    const id = amazonScopeId(caller.accountId, caller.region, name);
    return {
      kind: 'network-insights-access-scope',
      id,
      ownerId: caller.accountId,
      region: caller.region,
      tags: [{ key: 'Name', value: name }],
      arn: ec2Arn('network-insights-access-scope', caller.region, caller.accountId, id),
      createdDate: AMAZON_SCOPE_DATE,
      updatedDate: AMAZON_SCOPE_DATE,
      content: amazonScopeContent(name),
      amazonCreated: name,
    };
  });
}

/** `NetworkInsightsAccessScope` in the model's output shape. */
function scopeOutput(s: NetworkInsightsAccessScope): Ec2.NetworkInsightsAccessScope {
  return {
    networkInsightsAccessScopeId: s.id,
    networkInsightsAccessScopeArn: s.arn,
    createdDate: new Date(s.createdDate),
    updatedDate: new Date(s.updatedDate),
    tags: tagSet(s.tags),
  };
}

/** `NetworkInsightsAccessScopeContent` in the model's output shape. */
function contentOutput(
  id: string,
  c: AccessScopeContentJson,
): Ec2.NetworkInsightsAccessScopeContent {
  return {
    networkInsightsAccessScopeId: id,
    matchPaths: wireShape(c.MatchPaths),
    excludePaths: c.ExcludePaths.length ? wireShape(c.ExcludePaths) : undefined,
  };
}

/** `NetworkInsightsAccessScopeAnalysis` in the model's output shape. */
function analysisOutput(
  a: NetworkInsightsAccessScopeAnalysis,
): Ec2.NetworkInsightsAccessScopeAnalysis {
  return {
    networkInsightsAccessScopeAnalysisId: a.id,
    networkInsightsAccessScopeAnalysisArn: a.arn,
    networkInsightsAccessScopeId: a.networkInsightsAccessScopeId,
    status: a.status,
    statusMessage: a.statusMessage,
    warningMessage: a.warningMessage,
    startDate: new Date(a.startDate),
    endDate: a.endDate === undefined ? undefined : new Date(a.endDate),
    findingsFound: a.findingsFound,
    analyzedEniCount: a.analyzedEniCount,
    tags: tagSet(a.tags),
  };
}

/** CreateNetworkInsightsAccessScope: the paths parsed with AWS's validation, stored canonical. */
export const createNetworkInsightsAccessScopeHandler = defineHandler(
  'CreateNetworkInsightsAccessScope',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'network-insights-access-scope');
    if (!tags.ok) return tags;
    const parsed = canonicalScope({
      MatchPaths: upperKeys(input.matchPaths ?? []),
      ExcludePaths: upperKeys(input.excludePaths ?? []),
    });
    if (!parsed.ok) return fail(parsed.error);
    const result = ctx.run('CreateNetworkInsightsAccessScope', createNetworkInsightsAccessScope, {
      content: parsed.content,
      tags: tags.value,
    });
    if (!result.ok) return result;
    return ok({
      networkInsightsAccessScope: scopeOutput(result.value),
      networkInsightsAccessScopeContent: contentOutput(result.value.id, result.value.content),
    });
  },
);

/**
 * A stored finding with AWS's members only. The analyzer adds to each hop the exact header set
 * as `InboundHeaders`/`OutboundHeaders` (a vpctwin extension, D126) beside AWS's single
 * `InboundHeader`/`OutboundHeader`; the EC2 answer is written from AWS's model, which has no
 * such members, so the API serves AWS's and `vpctwin analyze --json` keeps both (D130).
 */
function awsFinding(f: object): object {
  const { FindingComponents: components, ...rest } = f as {
    readonly FindingComponents?: readonly Record<string, unknown>[];
  };
  return {
    ...rest,
    FindingComponents: (components ?? []).map(
      ({ InboundHeaders: _in, OutboundHeaders: _out, ...c }) => c,
    ),
  };
}

/** MaxResults bounds of both Describe actions (API reference: 1 to 100). */
const MAX_RESULTS: readonly [number, number] = [1, 100];
/** GetNetworkInsightsAccessScopeAnalysisFindings' bounds (API reference: 1 to 1000). */
const MAX_FINDINGS: readonly [number, number] = [1, 1000];

/** The API reference lists no filters for either Describe action; `tag:` filters still work. */
const SCOPE_FILTERS: FilterTable<NetworkInsightsAccessScope> = {};
const ANALYSIS_FILTERS: FilterTable<NetworkInsightsAccessScopeAnalysis> = {};

/** DescribeNetworkInsightsAccessScopes: the caller's scopes and the four Amazon-created ones. */
export const describeNetworkInsightsAccessScopesHandler = defineHandler(
  'DescribeNetworkInsightsAccessScopes',
  (input, ctx) => {
    const page = describe(
      [...amazonScopes(ctx.caller), ...ctx.mine('network-insights-access-scope')],
      { ...input, ids: input.networkInsightsAccessScopeIds },
      {
        idOf: (s) => s.id,
        filters: SCOPE_FILTERS,
        noun: 'network-insights-access-scope',
        maxResultsRange: MAX_RESULTS,
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          networkInsightsAccessScopes: page.value.items.map(scopeOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The content of a scope the caller may use, by id. */
function scopeContent(ctx: HandlerContext, id: string) {
  const ref = scopeRef(ctx.store.snapshot, id, ctx.caller);
  if (!ref.ok) return ref;
  const content =
    ref.value.kind === 'amazon' ? amazonScopeContent(ref.value.name) : ref.value.scope.content;
  const scopeId = ref.value.kind === 'amazon' ? ref.value.id : ref.value.scope.id;
  return ok({ id: scopeId, content });
}

/** GetNetworkInsightsAccessScopeContent. */
export const getNetworkInsightsAccessScopeContentHandler = defineHandler(
  'GetNetworkInsightsAccessScopeContent',
  (input, ctx) => {
    const found = scopeContent(ctx, input.networkInsightsAccessScopeId);
    if (!found.ok) return found;
    return ok({
      networkInsightsAccessScopeContent: contentOutput(found.value.id, found.value.content),
    });
  },
);

/** DeleteNetworkInsightsAccessScope. */
export const deleteNetworkInsightsAccessScopeHandler = defineHandler(
  'DeleteNetworkInsightsAccessScope',
  (input, ctx) => {
    const result = ctx.run('DeleteNetworkInsightsAccessScope', deleteNetworkInsightsAccessScope, {
      networkInsightsAccessScopeId: input.networkInsightsAccessScopeId,
    });
    return result.ok ? ok({ networkInsightsAccessScopeId: result.value }) : result;
  },
);

/**
 * StartNetworkInsightsAccessScopeAnalysis: runs the analyzer on the current state and stores the
 * analysis with its findings. A dry run validates and stores nothing, and skips the analysis.
 */
export const startNetworkInsightsAccessScopeAnalysisHandler = defineHandler(
  'StartNetworkInsightsAccessScopeAnalysis',
  (input, ctx) => {
    const tags = tagsFromSpecifications(
      input.tagSpecifications,
      'network-insights-access-scope-analysis',
    );
    if (!tags.ok) return tags;
    const found = scopeContent(ctx, input.networkInsightsAccessScopeId);
    if (!found.ok) return found;
    const { analysis: _analysis, ...outcome } = runScopeOnSnapshot(
      ctx.store.snapshot,
      found.value.content,
    );
    const result = ctx.run(
      'StartNetworkInsightsAccessScopeAnalysis',
      recordNetworkInsightsAccessScopeAnalysis,
      { networkInsightsAccessScopeId: found.value.id, result: outcome, tags: tags.value },
    );
    return result.ok
      ? ok({ networkInsightsAccessScopeAnalysis: analysisOutput(result.value) })
      : result;
  },
);

/**
 * DescribeNetworkInsightsAccessScopeAnalyses: ids, the scope, the start-time window (inclusive
 * both ends), tag filters and pagination.
 */
export const describeNetworkInsightsAccessScopeAnalysesHandler = defineHandler(
  'DescribeNetworkInsightsAccessScopeAnalyses',
  (input, ctx) => {
    const {
      networkInsightsAccessScopeId: scopeId,
      analysisStartTimeBegin: from,
      analysisStartTimeEnd: to,
    } = input;
    if (scopeId !== undefined) {
      const ref = scopeRef(ctx.store.snapshot, scopeId, ctx.caller);
      if (!ref.ok) return ref;
    }
    const visible = ctx.mine('network-insights-access-scope-analysis').filter((a) => {
      const start = new Date(a.startDate).getTime();
      return (
        (scopeId === undefined || a.networkInsightsAccessScopeId === scopeId) &&
        (from === undefined || start >= from.getTime()) &&
        (to === undefined || start <= to.getTime())
      );
    });
    const page = describe(
      visible,
      { ...input, ids: input.networkInsightsAccessScopeAnalysisIds },
      {
        idOf: (a) => a.id,
        filters: ANALYSIS_FILTERS,
        noun: 'network-insights-access-scope-analysis',
        maxResultsRange: MAX_RESULTS,
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          networkInsightsAccessScopeAnalyses: page.value.items.map(analysisOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/**
 * GetNetworkInsightsAccessScopeAnalysisFindings: the findings in the analyzer's order (decision
 * D124), paged by position; every finding by default (AWS caps at 10,000 — vpctwin does not).
 */
export const getNetworkInsightsAccessScopeAnalysisFindingsHandler = defineHandler(
  'GetNetworkInsightsAccessScopeAnalysisFindings',
  (input, ctx) => {
    const bad = checkMaxResults(input.maxResults, MAX_FINDINGS);
    if (bad) return fail(bad);
    const shaped = idParam(
      'network-insights-access-scope-analysis',
      input.networkInsightsAccessScopeAnalysisId,
    );
    if (!shaped.ok) return shaped;
    const analysis = ctx
      .mine('network-insights-access-scope-analysis')
      .find((a) => a.id === shaped.value);
    if (!analysis) {
      return fail(
        AwsErrors.notFound(
          'network-insights-access-scope-analysis',
          input.networkInsightsAccessScopeAnalysisId,
        ),
      );
    }
    let start = 0;
    if (input.nextToken !== undefined && input.nextToken !== '') {
      const after = Number(decodeToken(input.nextToken));
      if (!Number.isInteger(after) || after < 0 || after > analysis.findings.length) {
        return fail(
          AwsErrors.code('InvalidPaginationToken', 'The specified pagination token is not valid.'),
        );
      }
      start = after;
    }
    const end =
      input.maxResults === undefined
        ? analysis.findings.length
        : Math.min(analysis.findings.length, start + input.maxResults);
    const ids: Record<string, string> = {
      NetworkInsightsAccessScopeAnalysisId: analysis.id,
      NetworkInsightsAccessScopeId: analysis.networkInsightsAccessScopeId,
    };
    const page: object[] = analysis.findings
      .slice(start, end)
      .map((f) => ({ ...ids, ...awsFinding(f) }));
    return ok({
      networkInsightsAccessScopeAnalysisId: analysis.id,
      analysisStatus: analysis.status,
      // The stored findings are the analyzer's JSON, whose keys are EC2's member names.
      analysisFindings: wireShape(page),
      nextToken: end < analysis.findings.length ? encodeToken(String(end)) : undefined,
    });
  },
);

/** DeleteNetworkInsightsAccessScopeAnalysis. */
export const deleteNetworkInsightsAccessScopeAnalysisHandler = defineHandler(
  'DeleteNetworkInsightsAccessScopeAnalysis',
  (input, ctx) => {
    const result = ctx.run(
      'DeleteNetworkInsightsAccessScopeAnalysis',
      deleteNetworkInsightsAccessScopeAnalysis,
      { networkInsightsAccessScopeAnalysisId: input.networkInsightsAccessScopeAnalysisId },
    );
    return result.ok ? ok({ networkInsightsAccessScopeAnalysisId: result.value }) : result;
  },
);

/** The Network Access Analyzer handlers, by action. */
export const NETWORK_INSIGHTS_ACCESS_SCOPE_HANDLERS = handlerRegistry(
  createNetworkInsightsAccessScopeHandler,
  describeNetworkInsightsAccessScopesHandler,
  getNetworkInsightsAccessScopeContentHandler,
  deleteNetworkInsightsAccessScopeHandler,
  startNetworkInsightsAccessScopeAnalysisHandler,
  describeNetworkInsightsAccessScopeAnalysesHandler,
  getNetworkInsightsAccessScopeAnalysisFindingsHandler,
  deleteNetworkInsightsAccessScopeAnalysisHandler,
);
