import { compile } from '../dataplane/index.js';
import type { PortRange } from '../model/common.js';
import type {
  AnalysisFindings,
  NetworkInsightsPath,
  PathFilter,
} from '../model/network-insights.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  DEFAULT_SOURCE_PORT,
  trace,
  type AnalysisPacketHeader,
  type Explanation,
  type NetworkInsightsAnalysis,
  type PathComponent,
  type TraceRequest,
} from './trace/index.js';

/**
 * Running a stored Reachability Analyzer path (`nip-…`) through the tracer, for
 * StartNetworkInsightsAnalysis and `vpctwin trace --path`. RA reasons over every header a path
 * allows; the tracer follows one packet, so a path is turned into its most typical packet (the
 * filters' first ports, the default client port when the filter admits it) and the answer is
 * then checked against what the path demands: the filters' headers, and FilterInArns.
 */

/** A path's analysis: the tracer's answer, and the same as the findings the model stores. */
export interface PathAnalysis {
  readonly result: NetworkInsightsAnalysis;
  readonly findings: AnalysisFindings;
}

const inRange = (n: number, r: PortRange | undefined): boolean =>
  r === undefined || (n >= r.from && n <= r.to);

/** The client port: the tracer's default when the filter admits it, else the range's first. */
function sourcePort(range: PortRange | undefined): number {
  return range === undefined || inRange(DEFAULT_SOURCE_PORT, range)
    ? DEFAULT_SOURCE_PORT
    : range.from;
}

/**
 * The packet a path stands for. FilterAtSource describes the header as it leaves the source, so
 * its fields win over the path's own; FilterAtDestination's destination ports (never
 * translated on the way) fill in a port the source side leaves open.
 */
export function pathTraceRequest(path: NetworkInsightsPath): TraceRequest | { error: string } {
  const atSource = path.filterAtSource;
  const atDestination = path.filterAtDestination;
  const destinationPort =
    atSource?.destinationPortRange?.from ??
    path.destinationPort ??
    atDestination?.destinationPortRange?.from;
  if (destinationPort === undefined) {
    return {
      error:
        'vpctwin traces one packet: the path needs a DestinationPort or a FilterAtSource.DestinationPortRange (Reachability Analyzer would try every port)',
    };
  }
  const sourceIp = atSource?.sourceAddress ?? path.sourceIp;
  const destinationIp = atSource?.destinationAddress ?? path.destinationIp;
  return {
    source: path.source,
    ...(path.destination !== undefined ? { destination: path.destination } : {}),
    ...(sourceIp ? { sourceIp } : {}),
    ...(destinationIp ? { destinationIp } : {}),
    protocol: path.protocol,
    destinationPort,
    sourcePort: sourcePort(atSource?.sourcePortRange ?? atDestination?.sourcePortRange),
    // A load balancer on the way must reach its target on one of these ports (D85).
    ...(atDestination?.destinationPortRange
      ? { arrivalPortRange: atDestination.destinationPortRange }
      : {}),
  };
}

type FilterField =
  'SOURCE_ADDRESS' | 'DESTINATION_ADDRESS' | 'SOURCE_PORT_RANGE' | 'DESTINATION_PORT_RANGE';

const hostAddress = (cidrs: readonly string[]): string | undefined =>
  cidrs[0]?.replace(/\/(32|128)$/, '');

/** The first field of a header a filter does not admit, if any. */
function filterMismatch(f: PathFilter, h: AnalysisPacketHeader): FilterField | undefined {
  if (f.sourceAddress && hostAddress(h.SourceAddresses) !== f.sourceAddress.toString())
    return 'SOURCE_ADDRESS';
  if (
    f.destinationAddress &&
    hostAddress(h.DestinationAddresses) !== f.destinationAddress.toString()
  )
    return 'DESTINATION_ADDRESS';
  const sport = h.SourcePortRanges?.[0]?.From;
  if (f.sourcePortRange && (sport === undefined || !inRange(sport, f.sourcePortRange)))
    return 'SOURCE_PORT_RANGE';
  const dport = h.DestinationPortRanges?.[0]?.From;
  if (f.destinationPortRange && (dport === undefined || !inRange(dport, f.destinationPortRange)))
    return 'DESTINATION_PORT_RANGE';
  return undefined;
}

/**
 * The packet at a path's end: what entered the first component with a header (an internet
 * gateway source translates it: its inbound header is what the internet sent), and what left
 * the last one (an internet gateway destination translates too: its outbound header is what
 * reaches the internet).
 */
function endHeader(forward: readonly PathComponent[], end: 'source' | 'destination') {
  const hops = end === 'source' ? forward : [...forward].reverse();
  for (const c of hops) {
    const h =
      end === 'source'
        ? (c.InboundHeader ?? c.OutboundHeader)
        : (c.OutboundHeader ?? c.InboundHeader);
    if (h) return { hop: c, header: h };
  }
  return undefined;
}

/** RA's search-filter explanation when the packet at a path's end is not the one its filter asks for. */
function filterExplanation(
  path: NetworkInsightsPath,
  forward: readonly PathComponent[],
): Explanation | undefined {
  for (const [end, filter] of [
    ['source', path.filterAtSource],
    ['destination', path.filterAtDestination],
  ] as const) {
    const seen = filter && endHeader(forward, end);
    const field = seen && filterMismatch(filter, seen.header);
    if (seen && field) {
      return {
        ExplanationCode: `FILTER_AT_${end.toUpperCase()}_${field}`,
        Component: seen.hop.Component,
      };
    }
  }
  return undefined;
}

/**
 * FilterInArns: the path must pass each component. The tracer finds the one path routing
 * takes, so a component not on it means no path through it: `COMPONENT_FILTER_RESTRICTION`.
 */
function componentFilterExplanation(
  filterInArns: readonly string[],
  forward: readonly PathComponent[],
): Explanation | undefined {
  const onPath = new Set(forward.flatMap((c) => [c.Component.Arn, c.AttachedTo?.Arn ?? '']));
  const missing = filterInArns.find((arn) => !onPath.has(arn));
  if (missing === undefined) return undefined;
  const id = missing.slice(missing.lastIndexOf('/') + 1);
  return { ExplanationCode: 'COMPONENT_FILTER_RESTRICTION', Component: { Id: id, Arn: missing } };
}

/** A found path that the path's own constraints rule out after all. */
function constrained(
  result: NetworkInsightsAnalysis,
  path: NetworkInsightsPath,
  filterInArns: readonly string[],
): NetworkInsightsAnalysis {
  if (result.Status !== 'succeeded' || !result.NetworkPathFound) return result;
  const forward = result.ForwardPathComponents ?? [];
  const why = filterExplanation(path, forward) ?? componentFilterExplanation(filterInArns, forward);
  return why ? { ...result, NetworkPathFound: false, Explanations: [why] } : result;
}

/** The findings the model stores: the tracer's JSON as it is, under the model's field names. */
export function findingsOf(result: NetworkInsightsAnalysis): AnalysisFindings {
  return {
    status: result.Status,
    ...(result.StatusMessage !== undefined ? { statusMessage: result.StatusMessage } : {}),
    // The appliance-mode warning (D37) is part of the answer the API returns.
    ...(result.WarningMessage !== undefined ? { warningMessage: result.WarningMessage } : {}),
    ...(result.NetworkPathFound !== undefined ? { networkPathFound: result.NetworkPathFound } : {}),
    ...(result.ForwardPathComponents
      ? { forwardPathComponents: result.ForwardPathComponents }
      : {}),
    ...(result.ReturnPathComponents ? { returnPathComponents: result.ReturnPathComponents } : {}),
    ...(result.Explanations ? { explanations: result.Explanations } : {}),
  };
}

/**
 * Analyses a stored path on a snapshot, as StartNetworkInsightsAnalysis does. A path whose ends
 * no longer resolve is a `failed` analysis with the reason, as in RA.
 * @example analysePath(store.snapshot, path, []).result.NetworkPathFound
 */
export function analysePath(
  s: Snapshot,
  path: NetworkInsightsPath,
  filterInArns: readonly string[] = [],
): PathAnalysis {
  const request = pathTraceRequest(path);
  const result: NetworkInsightsAnalysis =
    'error' in request
      ? { Status: 'failed', StatusMessage: request.error }
      : constrained(trace(compile(s), request), path, filterInArns);
  return { result, findings: findingsOf(result) };
}
