import { analysePath } from '../../analysis/network-insights.js';
import {
  createNetworkInsightsPath,
  deleteNetworkInsightsAnalysis,
  deleteNetworkInsightsPath,
  ownedPath,
  recordNetworkInsightsAnalysis,
} from '../../control/network-insights.js';
import type { PortRange } from '../../model/common.js';
import type {
  NetworkInsightsAnalysis,
  NetworkInsightsPath,
  PathFilter,
} from '../../model/network-insights.js';
import { ok } from '../../model/result.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';

/**
 * Reachability Analyzer over the EC2 API: paths, and analyses that run the tracer on the
 * current state before the call returns (AWS answers `running` and finishes minutes later;
 * vpctwin's analyses are `succeeded` or `failed` at once, so waiters stop at the first poll).
 */

const portRangeOutput = (r: PortRange | undefined) => r && { fromPort: r.from, toPort: r.to };

/** `PathFilter` in the model's output shape. */
function filterOutput(f: PathFilter | undefined): Ec2.FilterAtSource | undefined {
  return (
    f && {
      sourceAddress: f.sourceAddress?.toString(),
      sourcePortRange: portRangeOutput(f.sourcePortRange),
      destinationAddress: f.destinationAddress?.toString(),
      destinationPortRange: portRangeOutput(f.destinationPortRange),
    }
  );
}

/** `NetworkInsightsPath` in the model's output shape. */
export function pathOutput(p: NetworkInsightsPath): Ec2.NetworkInsightsPath {
  return {
    networkInsightsPathId: p.id,
    networkInsightsPathArn: p.arn,
    createdDate: new Date(p.createdDate),
    source: p.source,
    destination: p.destination,
    sourceArn: p.sourceArn,
    destinationArn: p.destinationArn,
    sourceIp: p.sourceIp?.toString(),
    destinationIp: p.destinationIp?.toString(),
    protocol: p.protocol,
    destinationPort: p.destinationPort,
    tags: tagSet(p.tags),
    filterAtSource: filterOutput(p.filterAtSource),
    filterAtDestination: filterOutput(p.filterAtDestination),
  };
}

const lowerFirst = (k: string): string => k.charAt(0).toLowerCase() + k.slice(1);

/**
 * The tracer's JSON in the output shape. Its keys are EC2's member names (`ForwardPathComponents`,
 * `ExplanationCode`, `SecurityGroupRule`), and output keys are those names with the first letter
 * lowered, at every level; values (CIDR strings, numbers, booleans) pass unchanged.
 */
export function wireShape<T>(v: T): Wire<T> {
  return lowerKeys(v) as Wire<T>;
}

/** `T` with every key's first letter lowered, at every level: what `wireShape` returns. */
export type Wire<T> = T extends readonly (infer E)[]
  ? readonly Wire<E>[]
  : T extends object
    ? {
        [K in keyof T as K extends 'AvailabilityZoneIds' ? never : Uncapitalize<K & string>]: Wire<
          T[K]
        >;
      }
    : T;

function lowerKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(lowerKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => !NOT_IN_MODEL.has(k))
      .map(([k, x]) => [lowerFirst(k), lowerKeys(x)]),
  );
}

/**
 * Explanation members newer than the EC2 model vpctwin ships: `AvailabilityZoneIds` (the tracer
 * gives AZ ids, which name one AZ in every account) is not in its `Explanation` shape, so the
 * wire carries the same AZs by name in `AvailabilityZones` only (D75).
 */
const NOT_IN_MODEL: ReadonlySet<string> = new Set(['AvailabilityZoneIds']);

/** `NetworkInsightsAnalysis` in the model's output shape. */
export function analysisOutput(a: NetworkInsightsAnalysis): Ec2.NetworkInsightsAnalysis {
  return {
    networkInsightsAnalysisId: a.id,
    networkInsightsAnalysisArn: a.arn,
    networkInsightsPathId: a.networkInsightsPathId,
    additionalAccounts: a.additionalAccounts.length ? a.additionalAccounts : undefined,
    filterInArns: a.filterInArns.length ? a.filterInArns : undefined,
    startDate: new Date(a.startDate),
    status: a.status,
    statusMessage: a.statusMessage,
    warningMessage: a.warningMessage,
    networkPathFound: a.networkPathFound,
    forwardPathComponents: wireShape(a.forwardPathComponents),
    returnPathComponents: wireShape(a.returnPathComponents),
    explanations: wireShape(a.explanations),
    alternatePathHints: wireShape(a.alternatePathHints),
    tags: tagSet(a.tags),
  };
}

/** CreateNetworkInsightsPath. */
export const createNetworkInsightsPathHandler = defineHandler(
  'CreateNetworkInsightsPath',
  (input, ctx) => {
    const { tagSpecifications, ...rest } = input;
    const tags = tagsFromSpecifications(tagSpecifications, 'network-insights-path');
    if (!tags.ok) return tags;
    const result = ctx.run('CreateNetworkInsightsPath', createNetworkInsightsPath, {
      ...rest,
      tags: tags.value,
    });
    return result.ok ? ok({ networkInsightsPath: pathOutput(result.value) }) : result;
  },
);

/** A port range as filters compare it: `from-to`, and the single port when it is one. */
const rangeValues = (r: PortRange | undefined): string[] =>
  r === undefined ? [] : [`${r.from}-${r.to}`, ...(r.from === r.to ? [String(r.from)] : [])];

/** The four filters of one end (`filter-at-source.*`, `filter-at-destination.*`). */
function pathFilterFilters(
  prefix: string,
  at: (p: NetworkInsightsPath) => PathFilter | undefined,
): FilterTable<NetworkInsightsPath> {
  return {
    [`${prefix}.source-address`]: (p) => [at(p)?.sourceAddress?.toString()],
    [`${prefix}.source-port-range`]: (p) => rangeValues(at(p)?.sourcePortRange),
    [`${prefix}.destination-address`]: (p) => [at(p)?.destinationAddress?.toString()],
    [`${prefix}.destination-port-range`]: (p) => rangeValues(at(p)?.destinationPortRange),
  };
}

/**
 * DescribeNetworkInsightsPaths filters, as the API reference lists them; `destination-ip`,
 * `destination-port` and `source-ip` are the older reference's, still accepted.
 */
export const PATH_FILTERS: FilterTable<NetworkInsightsPath> = {
  destination: (p) => [p.destination],
  'destination-ip': (p) => [p.destinationIp?.toString()],
  'destination-port': (p) => [
    p.destinationPort === undefined ? undefined : String(p.destinationPort),
  ],
  protocol: (p) => [p.protocol],
  source: (p) => [p.source],
  'source-ip': (p) => [p.sourceIp?.toString()],
  ...pathFilterFilters('filter-at-source', (p) => p.filterAtSource),
  ...pathFilterFilters('filter-at-destination', (p) => p.filterAtDestination),
};

/** MaxResults bounds of both Describe actions (API reference: 1 to 100). */
const MAX_RESULTS: readonly [number, number] = [1, 100];

/** DescribeNetworkInsightsPaths: ids, filters and pagination. */
export const describeNetworkInsightsPathsHandler = defineHandler(
  'DescribeNetworkInsightsPaths',
  (input, ctx) => {
    const page = describe(
      ctx.mine('network-insights-path'),
      { ...input, ids: input.networkInsightsPathIds },
      {
        idOf: (p) => p.id,
        filters: PATH_FILTERS,
        noun: 'network-insights-path',
        maxResultsRange: MAX_RESULTS,
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          networkInsightsPaths: page.value.items.map(pathOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** DeleteNetworkInsightsPath. */
export const deleteNetworkInsightsPathHandler = defineHandler(
  'DeleteNetworkInsightsPath',
  (input, ctx) => {
    const result = ctx.run('DeleteNetworkInsightsPath', deleteNetworkInsightsPath, {
      networkInsightsPathId: input.networkInsightsPathId,
    });
    return result.ok ? ok({ networkInsightsPathId: result.value }) : result;
  },
);

/**
 * StartNetworkInsightsAnalysis: traces the path on the current state and stores the answer.
 * AdditionalAccounts are recorded but change nothing: vpctwin sees every account it models.
 */
export const startNetworkInsightsAnalysisHandler = defineHandler(
  'StartNetworkInsightsAnalysis',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'network-insights-analysis');
    if (!tags.ok) return tags;
    const path = ownedPath(ctx.store.snapshot, input.networkInsightsPathId, ctx.caller);
    if (!path.ok) return path;
    const filterInArns = input.filterInArns ?? [];
    const { findings } = analysePath(ctx.store.snapshot, path.value, filterInArns);
    const result = ctx.run('StartNetworkInsightsAnalysis', recordNetworkInsightsAnalysis, {
      networkInsightsPathId: path.value.id,
      findings,
      filterInArns,
      additionalAccounts: input.additionalAccounts,
      tags: tags.value,
    });
    return result.ok ? ok({ networkInsightsAnalysis: analysisOutput(result.value) }) : result;
  },
);

/** DescribeNetworkInsightsAnalyses filters, as the API reference lists them. */
export const ANALYSIS_FILTERS: FilterTable<NetworkInsightsAnalysis> = {
  'path-found': (a) => [a.networkPathFound === undefined ? undefined : flag(a.networkPathFound)],
  status: (a) => [a.status],
};

/**
 * DescribeNetworkInsightsAnalyses: ids, the path, the time window (an analysis here ends when
 * it starts, so both bounds apply to its start), filters and pagination.
 */
export const describeNetworkInsightsAnalysesHandler = defineHandler(
  'DescribeNetworkInsightsAnalyses',
  (input, ctx) => {
    const { networkInsightsPathId: pathId, analysisStartTime: from, analysisEndTime: to } = input;
    if (pathId !== undefined) {
      const path = ownedPath(ctx.store.snapshot, pathId, ctx.caller);
      if (!path.ok) return path;
    }
    const visible = ctx.mine('network-insights-analysis').filter((a) => {
      const start = new Date(a.startDate).getTime();
      return (
        (pathId === undefined || a.networkInsightsPathId === pathId) &&
        (from === undefined || start >= from.getTime()) &&
        (to === undefined || start <= to.getTime())
      );
    });
    const page = describe(
      visible,
      { ...input, ids: input.networkInsightsAnalysisIds },
      {
        idOf: (a) => a.id,
        filters: ANALYSIS_FILTERS,
        noun: 'network-insights-analysis',
        maxResultsRange: MAX_RESULTS,
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          networkInsightsAnalyses: page.value.items.map(analysisOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** DeleteNetworkInsightsAnalysis. */
export const deleteNetworkInsightsAnalysisHandler = defineHandler(
  'DeleteNetworkInsightsAnalysis',
  (input, ctx) => {
    const result = ctx.run('DeleteNetworkInsightsAnalysis', deleteNetworkInsightsAnalysis, {
      networkInsightsAnalysisId: input.networkInsightsAnalysisId,
    });
    return result.ok ? ok({ networkInsightsAnalysisId: result.value }) : result;
  },
);

/** The network-insights handlers, by action. */
export const NETWORK_INSIGHTS_HANDLERS = handlerRegistry(
  createNetworkInsightsPathHandler,
  describeNetworkInsightsPathsHandler,
  deleteNetworkInsightsPathHandler,
  startNetworkInsightsAnalysisHandler,
  describeNetworkInsightsAnalysesHandler,
  deleteNetworkInsightsAnalysisHandler,
);
