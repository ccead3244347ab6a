import type { Ip } from '../net/index.js';
import type { PortRange, Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { ec2Arn, idFamily, parseAccountId, parseEc2Arn, type Id } from '../model/ids.js';
import {
  analysesOfPath,
  NETWORK_INSIGHTS_PROTOCOLS,
  type AnalysisFindings,
  type NetworkInsightsAnalysis,
  type NetworkInsightsPath,
  type NetworkInsightsProtocol,
  type PathFilter,
} from '../model/network-insights.js';
import type { Operation, OperationContext } from '../model/operation.js';
import type { ResourceByKind } from '../model/resource.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { idParam, inRegion, ipParam, isIntIn, owned, tagsParam } from './params.js';
import { visiblePeering } from './vpc-peering.js';

/**
 * Reachability Analyzer's control plane: paths (CreateNetworkInsightsPath,
 * DeleteNetworkInsightsPath) and the record of analyses. Running an analysis is the tracer's
 * job, in the analysis layer, which this layer may not import: a face traces the path and hands
 * the findings to `recordNetworkInsightsAnalysis`, which stores them.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNetworkInsightsPath.html
 */

/**
 * What a path may start or end at, of what vpctwin models: AWS's list (instances, ENIs,
 * internet gateways, VPC endpoints, peering connections; transit gateways and VPN gateways come
 * later), plus egress-only internet gateways, which only vpctwin's IPv6 tracing uses.
 */
const PATH_END_KINDS = [
  'instance',
  'network-interface',
  'internet-gateway',
  'egress-only-internet-gateway',
  'vpc-endpoint',
  'vpc-peering-connection',
] as const;
type PathEndKind = (typeof PATH_END_KINDS)[number];

const isPathEndKind = (k: string): k is PathEndKind =>
  (PATH_END_KINDS as readonly string[]).includes(k);

/** Who asks: lookups need only the account and Region. */
type Where = Pick<OperationContext, 'accountId' | 'region'>;

/** A resolved end of a path: the resource's id and its ARN. */
interface PathEnd {
  readonly id: string;
  readonly arn: string;
}

const unsupported = (param: string, ref: string): AwsError =>
  AwsErrors.invalidParameterValue(
    `Value (${ref}) for parameter ${param} is invalid. The resource type is not supported as a ${param.toLowerCase()}.`,
  );

/** A resource named by id: the caller's own in its Region (a peering from either side). */
function byId(s: Snapshot, kind: PathEndKind, id: string, ctx: OperationContext) {
  return kind === 'vpc-peering-connection' ? visiblePeering(s, id, ctx) : owned(s, kind, id, ctx);
}

/**
 * A resource named by ARN: it may belong to another account (that is what ARNs are for in RA),
 * but it must be in the caller's Region and be the resource the ARN describes.
 */
function byArn(
  s: Snapshot,
  kind: PathEndKind,
  arn: { readonly id: string; readonly account: string; readonly region: string },
  ctx: OperationContext,
): Result<ResourceByKind[PathEndKind], AwsError> {
  const found = inRegion(s, kind, arn.id, ctx);
  if (!found.ok) return found;
  if (found.value.ownerId !== arn.account || found.value.region !== arn.region) {
    return fail(AwsErrors.notFound(kind, arn.id));
  }
  return found;
}

/** Resolves `Source` or `Destination`: an id or an EC2 ARN of a supported resource that exists. */
function pathEnd(
  s: Snapshot,
  param: 'Source' | 'Destination',
  ref: string,
  ctx: OperationContext,
): Result<PathEnd, AwsError> {
  const arn = ref.startsWith('arn:') ? parseEc2Arn(ref) : undefined;
  if (ref.startsWith('arn:') && arn === undefined) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${ref}) for parameter ${param} is invalid. It is not a valid EC2 resource ARN.`,
      ),
    );
  }
  const id = arn?.id ?? ref;
  const kind = idFamily(id);
  if (kind === undefined || !isPathEndKind(kind)) return fail(unsupported(param, ref));
  const found = arn ? byArn(s, kind, arn, ctx) : byId(s, kind, id, ctx);
  if (!found.ok) return found;
  const r = found.value;
  return ok({ id: r.id, arn: ec2Arn(kind, r.region, r.ownerId, r.id) });
}

/** `RequestFilterPortRange` as decoded: either bound may be missing. */
export interface PortRangeInput {
  readonly fromPort?: number;
  readonly toPort?: number;
}

/** `PathRequestFilter` as decoded. */
export interface PathFilterInput {
  readonly sourceAddress?: string;
  readonly sourcePortRange?: PortRangeInput;
  readonly destinationAddress?: string;
  readonly destinationPortRange?: PortRangeInput;
}

/** A port range; a missing bound is the end of the port space. */
function portRangeParam(param: string, r: PortRangeInput): Result<PortRange, AwsError> {
  const from = r.fromPort ?? 0;
  const to = r.toPort ?? 65535;
  if (!isIntIn(from, 0, 65535) || !isIntIn(to, 0, 65535) || from > to) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The port range ${from}-${to} for parameter ${param} is invalid. Ports are 0-65535, from not above to.`,
      ),
    );
  }
  return ok({ from, to });
}

/**
 * An optional address parameter. AWS's pattern admits IPv4 only (RA analyses IPv4); vpctwin's
 * tracer follows IPv6 too, so an IPv6 address is accepted as the same field's extension (D22).
 */
function optionalIp(param: string, text: string | undefined): Result<Ip | undefined, AwsError> {
  if (text === undefined) return ok(undefined);
  return ipParam(param, text, text.includes(':') ? 6 : 4);
}

function optionalRange(
  param: string,
  r: PortRangeInput | undefined,
): Result<PortRange | undefined, AwsError> {
  return r === undefined ? ok(undefined) : portRangeParam(param, r);
}

/** Parses `FilterAtSource` or `FilterAtDestination`. */
function pathFilterParam(param: string, f: PathFilterInput): Result<PathFilter, AwsError> {
  const sourceAddress = optionalIp(`${param}.SourceAddress`, f.sourceAddress);
  if (!sourceAddress.ok) return sourceAddress;
  const destinationAddress = optionalIp(`${param}.DestinationAddress`, f.destinationAddress);
  if (!destinationAddress.ok) return destinationAddress;
  const sourcePortRange = optionalRange(`${param}.SourcePortRange`, f.sourcePortRange);
  if (!sourcePortRange.ok) return sourcePortRange;
  const destinationPortRange = optionalRange(
    `${param}.DestinationPortRange`,
    f.destinationPortRange,
  );
  if (!destinationPortRange.ok) return destinationPortRange;
  return ok({
    ...(sourceAddress.value ? { sourceAddress: sourceAddress.value } : {}),
    ...(sourcePortRange.value ? { sourcePortRange: sourcePortRange.value } : {}),
    ...(destinationAddress.value ? { destinationAddress: destinationAddress.value } : {}),
    ...(destinationPortRange.value ? { destinationPortRange: destinationPortRange.value } : {}),
  });
}

/** CreateNetworkInsightsPath, as decoded. */
export interface CreateNetworkInsightsPathInput {
  readonly source?: string;
  readonly destination?: string;
  readonly sourceIp?: string;
  readonly destinationIp?: string;
  readonly protocol?: string;
  readonly destinationPort?: number;
  readonly filterAtSource?: PathFilterInput;
  readonly filterAtDestination?: PathFilterInput;
  readonly tags?: readonly Tag[];
}

const combination = (a: string, b: string): AwsError =>
  AwsErrors.invalidParameterCombination(
    `The parameter ${a} cannot be used with the parameter ${b}`,
  );

/** The required parameters of a create request, checked. */
interface PathBasics {
  readonly source: string;
  readonly protocol: NetworkInsightsProtocol;
}

const isProtocol = (p: string): p is NetworkInsightsProtocol =>
  (NETWORK_INSIGHTS_PROTOCOLS as readonly string[]).includes(p);

/**
 * The parameter rules of the API reference: FilterAtSource excludes SourceIp and
 * DestinationPort, FilterAtDestination excludes DestinationIp, and a path needs a Destination
 * or a destination address at the source (AWS's MissingParameter wording, which also refuses
 * DestinationIp alone).
 */
function checkParameters(input: CreateNetworkInsightsPathInput): Result<PathBasics, AwsError> {
  const { source, protocol } = input;
  if (source === undefined || source === '') return fail(AwsErrors.missingParameter('Source'));
  if (protocol === undefined) return fail(AwsErrors.missingParameter('Protocol'));
  if (!isProtocol(protocol)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${protocol}) for parameter Protocol is invalid. Valid values: tcp | udp.`,
      ),
    );
  }
  if (input.filterAtSource && input.sourceIp !== undefined)
    return fail(combination('FilterAtSource', 'SourceIp'));
  if (input.filterAtSource && input.destinationPort !== undefined)
    return fail(combination('FilterAtSource', 'DestinationPort'));
  if (input.filterAtDestination && input.destinationIp !== undefined)
    return fail(combination('FilterAtDestination', 'DestinationIp'));
  if (input.destination === undefined && input.filterAtSource?.destinationAddress === undefined) {
    return fail(
      AwsErrors.code(
        'MissingParameter',
        'The request must include either the Destination parameter or the FilterAtSource.DestinationAddress parameter. Add the required parameter and retry the request.',
      ),
    );
  }
  if (input.destinationPort !== undefined && !isIntIn(input.destinationPort, 0, 65535)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${String(input.destinationPort)}) for parameter DestinationPort is invalid. Ports are 0-65535.`,
      ),
    );
  }
  return ok({ source, protocol });
}

/** The typed addresses and filters of a create request. */
interface PathHeader {
  readonly sourceIp?: Ip;
  readonly destinationIp?: Ip;
  readonly filterAtSource?: PathFilter;
  readonly filterAtDestination?: PathFilter;
}

function headerParams(input: CreateNetworkInsightsPathInput): Result<PathHeader, AwsError> {
  const sourceIp = optionalIp('SourceIp', input.sourceIp);
  if (!sourceIp.ok) return sourceIp;
  const destinationIp = optionalIp('DestinationIp', input.destinationIp);
  if (!destinationIp.ok) return destinationIp;
  const atSource = input.filterAtSource && pathFilterParam('FilterAtSource', input.filterAtSource);
  if (atSource && !atSource.ok) return atSource;
  const atDestination =
    input.filterAtDestination && pathFilterParam('FilterAtDestination', input.filterAtDestination);
  if (atDestination && !atDestination.ok) return atDestination;
  return ok({
    ...(sourceIp.value ? { sourceIp: sourceIp.value } : {}),
    ...(destinationIp.value ? { destinationIp: destinationIp.value } : {}),
    ...(atSource ? { filterAtSource: atSource.value } : {}),
    ...(atDestination ? { filterAtDestination: atDestination.value } : {}),
  });
}

/** CreateNetworkInsightsPath: a path between two resources (or to an address), to analyse later. */
export const createNetworkInsightsPath: Operation<
  CreateNetworkInsightsPathInput,
  NetworkInsightsPath
> = (s, input, ctx) => {
  const basics = checkParameters(input);
  if (!basics.ok) return basics;
  const header = headerParams(input);
  if (!header.ok) return header;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const source = pathEnd(s, 'Source', basics.value.source, ctx);
  if (!source.ok) return source;
  const destination =
    input.destination === undefined ? undefined : pathEnd(s, 'Destination', input.destination, ctx);
  if (destination && !destination.ok) return destination;
  const id = ctx.ids.next('network-insights-path');
  const path: NetworkInsightsPath = {
    kind: 'network-insights-path',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    arn: ec2Arn('network-insights-path', ctx.region, ctx.accountId, id),
    createdDate: ctx.clock.now().toISOString(),
    source: source.value.id,
    sourceArn: source.value.arn,
    ...(destination
      ? { destination: destination.value.id, destinationArn: destination.value.arn }
      : {}),
    protocol: basics.value.protocol,
    ...(input.destinationPort !== undefined ? { destinationPort: input.destinationPort } : {}),
    ...header.value,
  };
  return ok({ changes: [{ op: 'put', resource: path }], output: path });
};

/** The caller's path `id` (shape-checked first, as AWS does), or AWS's error. */
export function ownedPath(
  s: Snapshot,
  id: string,
  who: Where,
): Result<NetworkInsightsPath, AwsError> {
  const shaped = idParam('network-insights-path', id);
  if (!shaped.ok) return shaped;
  const path = s.get('network-insights-path', id);
  if (!path || path.ownerId !== who.accountId || path.region !== who.region) {
    return fail(AwsErrors.notFound('network-insights-path', id));
  }
  return ok(path);
}

export interface DeleteNetworkInsightsPathInput {
  readonly networkInsightsPathId: string;
}

/** DeleteNetworkInsightsPath: refused while analyses of the path exist, with AWS's error. */
export const deleteNetworkInsightsPath: Operation<
  DeleteNetworkInsightsPathInput,
  Id<'network-insights-path'>
> = (s, input, ctx) => {
  const path = ownedPath(s, input.networkInsightsPathId, ctx);
  if (!path.ok) return path;
  const analyses = analysesOfPath(s, path.value.id);
  if (analyses.length > 0) {
    // Wording as AWS returns it (seen in terraform-provider-aws issue #28330).
    return fail(
      AwsErrors.code(
        'AnalysisExistsForNetworkInsightsPath',
        `At least one analysis [${analyses.map((a) => a.id).join(', ')}] exists for path ${path.value.id}. Delete all the analyses before deleting this network path.`,
      ),
    );
  }
  return ok({
    changes: [{ op: 'delete', kind: 'network-insights-path', id: path.value.id }],
    output: path.value.id,
  });
};

/** The record of one analysis, its findings already computed by a face. */
export interface RecordNetworkInsightsAnalysisInput {
  readonly networkInsightsPathId: string;
  readonly findings: AnalysisFindings;
  readonly filterInArns?: readonly string[];
  readonly additionalAccounts?: readonly string[];
  readonly tags?: readonly Tag[];
}

function checkAnalysisLists(input: RecordNetworkInsightsAnalysisInput): AwsError | undefined {
  for (const arn of input.filterInArns ?? []) {
    if (!parseEc2Arn(arn)) {
      return AwsErrors.invalidParameterValue(
        `Value (${arn}) for parameter FilterInArns is invalid. It is not a valid EC2 resource ARN.`,
      );
    }
  }
  for (const account of input.additionalAccounts ?? []) {
    if (!parseAccountId(account)) {
      return AwsErrors.invalidParameterValue(
        `Value (${account}) for parameter AdditionalAccounts is invalid. An account id is 12 digits.`,
      );
    }
  }
  return undefined;
}

/**
 * StartNetworkInsightsAnalysis's record: stores an analysis of the caller's path with the
 * findings given (vpctwin's analyses finish before the call returns, so none stays `running`).
 */
export const recordNetworkInsightsAnalysis: Operation<
  RecordNetworkInsightsAnalysisInput,
  NetworkInsightsAnalysis
> = (s, input, ctx) => {
  const path = ownedPath(s, input.networkInsightsPathId, ctx);
  if (!path.ok) return path;
  const bad = checkAnalysisLists(input);
  if (bad) return fail(bad);
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('network-insights-analysis');
  const analysis: NetworkInsightsAnalysis = {
    ...input.findings,
    kind: 'network-insights-analysis',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    arn: ec2Arn('network-insights-analysis', ctx.region, ctx.accountId, id),
    networkInsightsPathId: path.value.id,
    startDate: ctx.clock.now().toISOString(),
    filterInArns: [...(input.filterInArns ?? [])],
    additionalAccounts: [...(input.additionalAccounts ?? [])],
  };
  return ok({ changes: [{ op: 'put', resource: analysis }], output: analysis });
};

export interface DeleteNetworkInsightsAnalysisInput {
  readonly networkInsightsAnalysisId: string;
}

/** DeleteNetworkInsightsAnalysis. */
export const deleteNetworkInsightsAnalysis: Operation<
  DeleteNetworkInsightsAnalysisInput,
  Id<'network-insights-analysis'>
> = (s, input, ctx) => {
  const found = owned(s, 'network-insights-analysis', input.networkInsightsAnalysisId, ctx);
  if (!found.ok) return found;
  return ok({
    changes: [{ op: 'delete', kind: 'network-insights-analysis', id: found.value.id }],
    output: found.value.id,
  });
};
