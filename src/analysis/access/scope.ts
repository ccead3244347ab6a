import { Cidr, Ip, type Span } from '../../net/index.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { idFamily, parseEc2Arn, parseId, type Id } from '../../model/ids.js';
import { parseProtocol, protocolName } from '../../model/protocol.js';
import { fail, ok, type Result } from '../../model/result.js';

/**
 * Network Access Analyzer scopes (CreateNetworkInsightsAccessScope's MatchPaths and
 * ExcludePaths), parsed from AWS's JSON into typed values with AWS's validation errors as data.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AccessScopePathRequest.html
 * https://docs.aws.amazon.com/vpc/latest/network-access-analyzer/working-with-network-access-scopes.html
 *
 * Extensions (decision D122) use the same fields: IPv6 addresses, protocols other than TCP and
 * UDP (`icmp`, `icmpv6`, `-1`, numbers), resources of any account and Region.
 */

/** The resource types a resource statement may name (the guide's ten, plus two it uses). */
export const SCOPE_RESOURCE_TYPES = [
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::TransitGatewayAttachment',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPCEndpointService',
  'AWS::EC2::VPCPeeringConnection',
  'AWS::EC2::VPNGateway',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::NetworkFirewall::NetworkFirewall',
  // Not in the guide's list, but in its examples and in the Amazon-created scopes' meaning.
  'AWS::EC2::NetworkInterface',
  'AWS::NetworkFirewall::Firewall',
  // vpctwin's own: an on-premises site of the model, where its traffic starts (D147).
  'VPCTWIN::OnPremises::Site',
] as const;
export type ScopeResourceType = (typeof SCOPE_RESOURCE_TYPES)[number];

/** Resources by id or ARN, or by type (never both). */
export interface ResourceStatement {
  readonly resources?: readonly string[];
  readonly resourceTypes?: readonly ScopeResourceType[];
}

/** Packet fields; each list is "any of", an absent list "any". */
export interface PacketHeaderStatement {
  readonly sourceAddresses?: readonly Cidr[];
  readonly destinationAddresses?: readonly Cidr[];
  readonly sourcePrefixLists?: readonly Id<'prefix-list'>[];
  readonly destinationPrefixLists?: readonly Id<'prefix-list'>[];
  readonly sourcePorts?: readonly Span[];
  readonly destinationPorts?: readonly Span[];
  /** IANA numbers, -1 for every protocol; absent means every protocol (D122). */
  readonly protocols?: readonly number[];
}

/** Where a path starts or ends. */
export interface PathStatement {
  readonly resourceStatement?: ResourceStatement;
  readonly packetHeaderStatement?: PacketHeaderStatement;
}

/** One MatchPaths or ExcludePaths entry. */
export interface AccessScopePath {
  readonly source?: PathStatement;
  readonly destination?: PathStatement;
  readonly throughResources?: readonly ResourceStatement[];
}

/** A parsed scope. */
export interface AccessScope {
  readonly matchPaths: readonly AccessScopePath[];
  readonly excludePaths: readonly AccessScopePath[];
}

type Json = unknown;
type R<T> = Result<T, AwsError>;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an object's fields, refusing any AWS does not define there (a misspelt field would
 * otherwise silently widen the scope). */
function fields(v: Json, at: string, allowed: readonly string[]): R<Record<string, Json>> {
  if (!isObject(v)) return fail(AwsErrors.invalidParameterValue(`${at} must be a structure`));
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k))
      return fail(AwsErrors.invalidParameter(`Unknown parameter ${at}.${k}`));
  }
  return ok(v);
}

/** A list of strings; undefined when absent. Positions are 1-based as in the query protocol. */
function strings(v: Json, at: string): R<readonly string[] | undefined> {
  if (v === undefined) return ok(undefined);
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    return fail(AwsErrors.invalidParameterValue(`${at} must be a list of strings`));
  }
  return ok(v as string[]);
}

function each<T>(
  list: readonly string[] | undefined,
  at: string,
  f: (s: string, at: string) => R<T>,
): R<T[] | undefined> {
  if (list === undefined) return ok(undefined);
  const out: T[] = [];
  for (const [i, s] of list.entries()) {
    const r = f(s, `${at}.${i + 1}`);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** An address or CIDR; a bare address is its /32 or /128. */
function address(s: string, at: string): R<Cidr> {
  const c = s.includes('/')
    ? Cidr.parseStrict(s)
    : (() => {
        const ip = Ip.parse(s);
        return ip && Cidr.host(ip);
      })();
  return c ? ok(c) : fail(AwsErrors.invalidCidr(at, s));
}

/** A prefix list by id or ARN. */
function prefixList(s: string, at: string): R<Id<'prefix-list'>> {
  const arn = parseEc2Arn(s);
  const id = parseId('prefix-list', s) ?? (arn?.family === 'prefix-list' ? arn.id : undefined);
  return id
    ? ok(id as Id<'prefix-list'>)
    : fail(
        AwsErrors.invalidParameterValue(
          `Value (${s}) for parameter ${at} is invalid. Expected a prefix list ID or ARN.`,
        ),
      );
}

/** A port ("22") or a port range ("1024-65535"). */
function port(s: string, at: string): R<Span> {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s.trim());
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || from > 65535 || to > 65535 || from > to) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${s}) for parameter ${at} is invalid. Expected a port or a port range.`,
      ),
    );
  }
  return ok({ from, to });
}

function protocol(s: string, at: string): R<number> {
  const n = parseProtocol(s);
  return n === undefined
    ? fail(AwsErrors.invalidParameterValue(`Value (${s}) for parameter ${at} is invalid.`))
    : ok(n);
}

function resourceStatement(v: Json, at: string): R<ResourceStatement> {
  const f = fields(v, at, ['Resources', 'ResourceTypes']);
  if (!f.ok) return f;
  const resources = strings(f.value.Resources, `${at}.Resources`);
  if (!resources.ok) return resources;
  const types = strings(f.value.ResourceTypes, `${at}.ResourceTypes`);
  if (!types.ok) return types;
  const [ids, ts] = [resources.value ?? [], types.value ?? []];
  if (ids.length > 0 && ts.length > 0) {
    return fail(
      AwsErrors.invalidParameterCombination(`${at} may name Resources or ResourceTypes, not both`),
    );
  }
  if (ids.length === 0 && ts.length === 0) {
    return fail(AwsErrors.invalidParameterValue(`${at} must name Resources or ResourceTypes`));
  }
  for (const [i, r] of ids.entries()) {
    // Ids of any EC2 family, or ARNs (load balancers, resource groups and firewalls have only ARNs).
    if (
      idFamily(r) === undefined &&
      !/^arn:aws(?:-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws)?:.+$/.test(r)
    ) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Value (${r}) for parameter ${at}.Resources.${i + 1} is invalid. Expected a resource ID or ARN.`,
        ),
      );
    }
  }
  for (const [i, t] of ts.entries()) {
    if (!(SCOPE_RESOURCE_TYPES as readonly string[]).includes(t)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Value (${t}) for parameter ${at}.ResourceTypes.${i + 1} is invalid. Unsupported resource type.`,
        ),
      );
    }
  }
  return ok(ids.length > 0 ? { resources: ids } : { resourceTypes: ts as ScopeResourceType[] });
}

const HEADER_FIELDS = [
  'SourceAddresses',
  'DestinationAddresses',
  'SourcePrefixLists',
  'DestinationPrefixLists',
  'SourcePorts',
  'DestinationPorts',
  'Protocols',
] as const;

function packetHeaderStatement(v: Json, at: string): R<PacketHeaderStatement> {
  const f = fields(v, at, HEADER_FIELDS);
  if (!f.ok) return f;
  const lists: Partial<Record<(typeof HEADER_FIELDS)[number], readonly string[]>> = {};
  for (const k of HEADER_FIELDS) {
    const r = strings(f.value[k], `${at}.${k}`);
    if (!r.ok) return r;
    if (r.value !== undefined && r.value.length > 0) lists[k] = r.value;
  }
  if (Object.keys(lists).length === 0) {
    return fail(AwsErrors.invalidParameterValue(`${at} must set at least one field`));
  }
  for (const side of ['Source', 'Destination'] as const) {
    if (lists[`${side}Addresses`] && lists[`${side}PrefixLists`]) {
      return fail(
        AwsErrors.invalidParameterCombination(
          `${at} may set ${side}Addresses or ${side}PrefixLists, not both`,
        ),
      );
    }
  }
  const out: { -readonly [K in keyof PacketHeaderStatement]: PacketHeaderStatement[K] } = {};
  const sa = each(lists.SourceAddresses, `${at}.SourceAddresses`, address);
  const da = each(lists.DestinationAddresses, `${at}.DestinationAddresses`, address);
  const sp = each(lists.SourcePrefixLists, `${at}.SourcePrefixLists`, prefixList);
  const dp = each(lists.DestinationPrefixLists, `${at}.DestinationPrefixLists`, prefixList);
  const sports = each(lists.SourcePorts, `${at}.SourcePorts`, port);
  const dports = each(lists.DestinationPorts, `${at}.DestinationPorts`, port);
  const protos = each(lists.Protocols, `${at}.Protocols`, protocol);
  for (const r of [sa, da, sp, dp, sports, dports, protos]) if (!r.ok) return r;
  if (sa.ok && sa.value) out.sourceAddresses = sa.value;
  if (da.ok && da.value) out.destinationAddresses = da.value;
  if (sp.ok && sp.value) out.sourcePrefixLists = sp.value;
  if (dp.ok && dp.value) out.destinationPrefixLists = dp.value;
  if (sports.ok && sports.value) out.sourcePorts = sports.value;
  if (dports.ok && dports.value) out.destinationPorts = dports.value;
  if (protos.ok && protos.value) {
    const ps = protos.value;
    // Ports belong to TCP and UDP; with another protocol named they would mean nothing.
    const portless = ps.find((p) => p !== 6 && p !== 17);
    if (portless !== undefined && (out.sourcePorts || out.destinationPorts)) {
      return fail(
        AwsErrors.invalidParameterCombination(
          `${at} sets ports, which only TCP and UDP have, with protocol ${protocolName(portless) ?? portless}`,
        ),
      );
    }
    out.protocols = [...new Set(ps)];
  }
  return ok(out);
}

function pathStatement(v: Json, at: string): R<PathStatement> {
  const f = fields(v, at, ['ResourceStatement', 'PacketHeaderStatement']);
  if (!f.ok) return f;
  const out: {
    resourceStatement?: ResourceStatement;
    packetHeaderStatement?: PacketHeaderStatement;
  } = {};
  if (f.value.ResourceStatement !== undefined) {
    const r = resourceStatement(f.value.ResourceStatement, `${at}.ResourceStatement`);
    if (!r.ok) return r;
    out.resourceStatement = r.value;
  }
  if (f.value.PacketHeaderStatement !== undefined) {
    const r = packetHeaderStatement(f.value.PacketHeaderStatement, `${at}.PacketHeaderStatement`);
    if (!r.ok) return r;
    out.packetHeaderStatement = r.value;
  }
  if (!out.resourceStatement && !out.packetHeaderStatement) {
    return fail(
      AwsErrors.invalidParameterValue(`${at} must set ResourceStatement or PacketHeaderStatement`),
    );
  }
  return ok(out);
}

function accessScopePath(v: Json, at: string): R<AccessScopePath> {
  const f = fields(v, at, ['Source', 'Destination', 'ThroughResources']);
  if (!f.ok) return f;
  const out: {
    source?: PathStatement;
    destination?: PathStatement;
    throughResources?: ResourceStatement[];
  } = {};
  for (const [key, name] of [
    ['source', 'Source'],
    ['destination', 'Destination'],
  ] as const) {
    if (f.value[name] === undefined) continue;
    const r = pathStatement(f.value[name], `${at}.${name}`);
    if (!r.ok) return r;
    out[key] = r.value;
  }
  const through = f.value.ThroughResources;
  if (through !== undefined) {
    if (!Array.isArray(through))
      return fail(AwsErrors.invalidParameterValue(`${at}.ThroughResources must be a list`));
    const list: ResourceStatement[] = [];
    for (const [i, t] of through.entries()) {
      const tat = `${at}.ThroughResources.${i + 1}`;
      const tf = fields(t, tat, ['ResourceStatement']);
      if (!tf.ok) return tf;
      if (tf.value.ResourceStatement === undefined)
        return fail(AwsErrors.missingParameter(`${tat}.ResourceStatement`));
      const r = resourceStatement(tf.value.ResourceStatement, `${tat}.ResourceStatement`);
      if (!r.ok) return r;
      list.push(r.value);
    }
    if (list.length > 0) out.throughResources = list;
  }
  if (!out.source && !out.destination && !out.throughResources) {
    return fail(
      AwsErrors.invalidParameterValue(`${at} must set Source, Destination or ThroughResources`),
    );
  }
  return ok(out);
}

/**
 * Parses a scope from AWS's JSON (`{"MatchPaths": [...], "ExcludePaths": [...]}`, the shape of
 * `aws ec2 create-network-insights-access-scope --cli-input-json` and of
 * GetNetworkInsightsAccessScopeContent), or AWS's error for the first invalid field.
 */
export function parseAccessScope(v: Json): R<AccessScope> {
  const f = fields(v, 'scope', ['MatchPaths', 'ExcludePaths']);
  if (!f.ok) return f;
  const lists: Record<'MatchPaths' | 'ExcludePaths', AccessScopePath[]> = {
    MatchPaths: [],
    ExcludePaths: [],
  };
  for (const name of ['MatchPaths', 'ExcludePaths'] as const) {
    const raw = f.value[name];
    if (raw === undefined) continue;
    if (!Array.isArray(raw)) return fail(AwsErrors.invalidParameterValue(`${name} must be a list`));
    for (const [i, p] of raw.entries()) {
      const r = accessScopePath(p, `${name}.${i + 1}`);
      if (!r.ok) return r;
      lists[name].push(r.value);
    }
  }
  if (lists.MatchPaths.length === 0) return fail(AwsErrors.missingParameter('MatchPaths'));
  return ok({ matchPaths: lists.MatchPaths, excludePaths: lists.ExcludePaths });
}
