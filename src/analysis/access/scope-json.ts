import type { Span } from '../../net/index.js';
import { protocolName } from '../../model/protocol.js';
import type {
  AccessScope,
  AccessScopePath,
  PacketHeaderStatement,
  PathStatement,
  ResourceStatement,
} from './scope.js';

/**
 * A parsed scope back in AWS's JSON (GetNetworkInsightsAccessScopeContent's MatchPaths and
 * ExcludePaths), canonical: addresses as CIDRs, ports as "p" or "from-to", protocols by name
 * where AWS has one. parseAccessScope(scopeToJson(s)) gives s back.
 */
export interface ScopeJson {
  readonly MatchPaths: readonly PathJson[];
  readonly ExcludePaths: readonly PathJson[];
}
type PathJson = Record<string, unknown>;

const ports = (list: readonly Span[]): string[] =>
  list.map((p) => (p.from === p.to ? String(p.from) : `${p.from}-${p.to}`));

function resources(r: ResourceStatement): Record<string, readonly string[]> {
  return r.resources ? { Resources: r.resources } : { ResourceTypes: r.resourceTypes ?? [] };
}

function header(h: PacketHeaderStatement): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  if (h.sourceAddresses) out.SourceAddresses = h.sourceAddresses.map(String);
  if (h.destinationAddresses) out.DestinationAddresses = h.destinationAddresses.map(String);
  if (h.sourcePrefixLists) out.SourcePrefixLists = h.sourcePrefixLists;
  if (h.destinationPrefixLists) out.DestinationPrefixLists = h.destinationPrefixLists;
  if (h.sourcePorts) out.SourcePorts = ports(h.sourcePorts);
  if (h.destinationPorts) out.DestinationPorts = ports(h.destinationPorts);
  if (h.protocols)
    out.Protocols = h.protocols.map((p) => (p === -1 ? '-1' : (protocolName(p) ?? String(p))));
  return out;
}

function statement(s: PathStatement): PathJson {
  return {
    ...(s.resourceStatement ? { ResourceStatement: resources(s.resourceStatement) } : {}),
    ...(s.packetHeaderStatement ? { PacketHeaderStatement: header(s.packetHeaderStatement) } : {}),
  };
}

function path(p: AccessScopePath): PathJson {
  return {
    ...(p.source ? { Source: statement(p.source) } : {}),
    ...(p.destination ? { Destination: statement(p.destination) } : {}),
    ...(p.throughResources
      ? { ThroughResources: p.throughResources.map((r) => ({ ResourceStatement: resources(r) })) }
      : {}),
  };
}

/** The scope as AWS's JSON. */
export function scopeToJson(s: AccessScope): ScopeJson {
  return { MatchPaths: s.matchPaths.map(path), ExcludePaths: s.excludePaths.map(path) };
}
