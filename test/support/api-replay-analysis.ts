/**
 * Reachability Analyzer through a client: the questions of the scenario tests as
 * CreateNetworkInsightsPath requests, asked and answered as a user would.
 */
import { resolveRef } from '../../src/cli/refs.js';
import { ec2Arn } from '../../src/model/ids.js';
import { instanceNetworkInterfaces } from '../../src/model/instance.js';
import { kindOfId, vpcIdOf } from '../../src/model/resource.js';
import { Ip } from '../../src/net/index.js';
import type { Caller } from '../../src/store/store.js';
import type { ApiTwin } from './api-replay.js';
import type { Ec2Client } from './api-replay-clients.js';
import { isRecord } from './api-replay-request.js';
import type { Question, Scenario } from './scenario.js';

/** The members of `NetworkInsightsAnalysis` that the tracer fills: the answer itself. */
const ANSWER_KEYS = [
  'Status',
  'StatusMessage',
  'WarningMessage',
  'NetworkPathFound',
  'ForwardPathComponents',
  'ReturnPathComponents',
  'Explanations',
  'AlternatePathHints',
] as const;

/** The answer part of an analysis from the API. */
export function answerOf(analysis: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(ANSWER_KEYS.flatMap((k) => (k in analysis ? [[k, analysis[k]]] : [])));
}

const refId = (sc: Scenario, ref: string): string => {
  const found = resolveRef(sc.s, ref);
  if ('error' in found) throw new Error(found.error);
  return found.id;
};

/** A path end: the caller that owns it, its ARN, VPC and primary private IPv4. */
function pathEnd(sc: Scenario, id: string) {
  const kind = kindOfId(id);
  const r = kind && sc.s.get(kind, id);
  if (!r || !('ownerId' in r)) throw new Error(`no owner for ${id}`);
  const eni =
    r.kind === 'instance'
      ? instanceNetworkInterfaces(sc.s, r.id)[0]
      : r.kind === 'network-interface'
        ? r
        : undefined;
  return {
    caller: { accountId: r.ownerId, region: r.region } as Caller,
    arn: ec2Arn(r.kind, r.region, r.ownerId, r.id),
    vpcId: vpcIdOf(r),
    ip: eni?.privateIpAddress?.toString(),
  };
}

/**
 * The `CreateNetworkInsightsPath` request that asks `q`, and the caller: the source's owner.
 *
 * - A resource in the source's account and Region is the `Destination`; in another account,
 *   its ARN, as AWS requires.
 * - An internet IPv4 address is `DestinationIp` with the source VPC's internet gateway as the
 *   `Destination`, as the console asks it (every version of the API has these members).
 * - A resource in another Region, an IPv6 address, or an address with no internet gateway, is
 *   `FilterAtSource.DestinationAddress` (the 2024 members): a path's resources stay in one
 *   Region, and AWS refuses a `DestinationIp` without a `Destination`.
 */
export function pathRequest(sc: Scenario, q: Question): { params: object; caller: Caller } {
  const source = refId(sc, q.from);
  const from = pathEnd(sc, source);
  const protocol = q.protocol ?? 'tcp';
  if (typeof protocol !== 'string' || protocol === 'icmp') {
    throw new Error(`Reachability Analyzer asks about TCP and UDP, not ${protocol}`);
  }
  const base = { Source: source, Protocol: protocol };
  // AWS refuses SourceIp beside FilterAtSource: there the source address is its SourceAddress.
  const sourceIp = q.sourceIp === undefined ? {} : { SourceIp: q.sourceIp };
  const port = q.port === undefined ? {} : { DestinationPort: q.port };
  const filtered = (address: string) => ({
    ...base,
    FilterAtSource: {
      ...(q.sourceIp === undefined ? {} : { SourceAddress: q.sourceIp }),
      DestinationAddress: address,
      ...(q.port === undefined
        ? {}
        : { DestinationPortRange: { FromPort: q.port, ToPort: q.port } }),
    },
  });
  const ask = (params: object) => ({ params, caller: from.caller });
  const address = Ip.parse(q.to);
  if (address) {
    // IPv6 leaves by whichever gateway routes it (an egress-only one, or an IGW after NAT64).
    // From the internet (an IGW source) the address itself is the filter.
    const igw =
      address.family === 4 &&
      !source.startsWith('igw-') &&
      from.vpcId &&
      sc.s.find('internetGatewaysByVpc', from.vpcId)[0];
    return ask(
      igw
        ? { ...base, ...sourceIp, Destination: igw.id, DestinationIp: q.to, ...port }
        : filtered(q.to),
    );
  }
  const destination = refId(sc, q.to);
  const to = pathEnd(sc, destination);
  if (to.caller.region !== from.caller.region) {
    if (to.ip === undefined) throw new Error(`${q.to} is in another Region and has no address`);
    return ask(filtered(to.ip));
  }
  const named = to.caller.accountId === from.caller.accountId ? destination : to.arn;
  return ask({ ...base, ...sourceIp, Destination: named, ...port });
}

const single = (value: Record<string, unknown>, key: string, id: string): string => {
  const inner = value[key];
  const found = isRecord(inner) ? inner[id] : undefined;
  if (typeof found !== 'string') throw new Error(`no ${key}.${id} in ${JSON.stringify(value)}`);
  return found;
};

/**
 * Asks `q` through Reachability Analyzer, as a user would: CreateNetworkInsightsPath,
 * StartNetworkInsightsAnalysis, then DescribeNetworkInsightsAnalyses for the finished analysis.
 */
export async function analyse(
  twin: ApiTwin,
  client: Ec2Client,
  sc: Scenario,
  q: Question,
): Promise<Record<string, unknown>> {
  const { params, caller } = pathRequest(sc, q);
  const created = await twin.send(client, 'CreateNetworkInsightsPath', params, caller);
  const pathId = single(created, 'NetworkInsightsPath', 'NetworkInsightsPathId');
  const started = await twin.send(
    client,
    'StartNetworkInsightsAnalysis',
    { NetworkInsightsPathId: pathId },
    caller,
  );
  const analysisId = single(started, 'NetworkInsightsAnalysis', 'NetworkInsightsAnalysisId');
  const described = await twin.send(
    client,
    'DescribeNetworkInsightsAnalyses',
    { NetworkInsightsAnalysisIds: [analysisId] },
    caller,
  );
  const list = described.NetworkInsightsAnalyses;
  if (!Array.isArray(list) || list.length !== 1 || !isRecord(list[0])) {
    throw new Error(`DescribeNetworkInsightsAnalyses: ${JSON.stringify(described)}`);
  }
  return list[0];
}
