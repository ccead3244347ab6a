import type { Ip } from '../net/index.js';
import type { PortRange, ResourceBase } from './common.js';
import type { Id } from './ids.js';
import type { Snapshot } from './snapshot.js';

/**
 * Reachability Analyzer's resources: a path to analyse (EC2 `NetworkInsightsPath`) and the
 * stored answer of one analysis of it (EC2 `NetworkInsightsAnalysis`).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInsightsPath.html
 */

/** The protocols a path may name: RA analyses TCP and UDP only. */
export const NETWORK_INSIGHTS_PROTOCOLS = ['tcp', 'udp'] as const;
export type NetworkInsightsProtocol = (typeof NETWORK_INSIGHTS_PROTOCOLS)[number];

/** Header constraints at one end of a path (EC2 `PathFilter`); unset fields match anything. */
export interface PathFilter {
  readonly sourceAddress?: Ip;
  readonly sourcePortRange?: PortRange;
  readonly destinationAddress?: Ip;
  readonly destinationPortRange?: PortRange;
}

/** A path to analyse (EC2 `NetworkInsightsPath`). */
export interface NetworkInsightsPath extends ResourceBase<
  'network-insights-path',
  Id<'network-insights-path'>
> {
  readonly arn: string;
  /** ISO 8601 time of creation. */
  readonly createdDate: string;
  /** The source's id, whether the request named it by id or by ARN. */
  readonly source: string;
  readonly sourceArn: string;
  readonly destination?: string;
  readonly destinationArn?: string;
  readonly sourceIp?: Ip;
  readonly destinationIp?: Ip;
  readonly protocol: NetworkInsightsProtocol;
  readonly destinationPort?: number;
  readonly filterAtSource?: PathFilter;
  readonly filterAtDestination?: PathFilter;
}

/**
 * A piece of Reachability Analyzer JSON (a `PathComponent`, an `Explanation`) exactly as the
 * tracer wrote it, with EC2's PascalCase member names. The model keeps it opaque: only the
 * analysis layer gives it a type, and the API only renames its keys.
 */
export type AnalysisJson = object;

/** What an analysis found, as the tracer produced it (the `NetworkInsightsAnalysis` fields it fills). */
export interface AnalysisFindings {
  readonly status: 'succeeded' | 'failed';
  readonly statusMessage?: string;
  readonly warningMessage?: string;
  readonly networkPathFound?: boolean;
  readonly forwardPathComponents?: readonly AnalysisJson[];
  readonly returnPathComponents?: readonly AnalysisJson[];
  readonly explanations?: readonly AnalysisJson[];
  readonly alternatePathHints?: readonly AnalysisJson[];
}

/** One analysis of a path (EC2 `NetworkInsightsAnalysis`); vpctwin's finish at once. */
export interface NetworkInsightsAnalysis
  extends
    ResourceBase<'network-insights-analysis', Id<'network-insights-analysis'>>,
    Omit<AnalysisFindings, 'status'> {
  readonly arn: string;
  readonly networkInsightsPathId: Id<'network-insights-path'>;
  /** ISO 8601 time the analysis started. */
  readonly startDate: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly filterInArns: readonly string[];
  readonly additionalAccounts: readonly string[];
}

/** The analyses of a path (a scan: analyses are few, and only deletes of paths ask). */
export function analysesOfPath(s: Snapshot, pathId: string): NetworkInsightsAnalysis[] {
  return [...s.all('network-insights-analysis')].filter((a) => a.networkInsightsPathId === pathId);
}
