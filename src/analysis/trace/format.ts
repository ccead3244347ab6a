import type {
  AnalysisAclRule,
  AnalysisComponent,
  AnalysisPacketHeader,
  AnalysisRouteTableRoute,
  AnalysisTransitGatewayRouteTableRoute,
  AnalysisSecurityGroupRule,
  Explanation,
  NetworkInsightsAnalysis,
  PathComponent,
} from './types.js';

/**
 * A readable hop list of a trace result: one line per hop — sequence, component type, id and
 * name, the rule or route it used, the header it saw (and what it turned it into) — then the
 * explanation when the path is blocked.
 *
 * @example console.log(formatTrace(trace(dp, request)))
 */
export function formatTrace(result: NetworkInsightsAnalysis): string {
  if (result.Status === 'failed')
    return `analysis failed: ${result.StatusMessage ?? 'unknown error'}`;
  const lines: string[] = [];
  const blockedOnReturn =
    result.NetworkPathFound === false && (result.ReturnPathComponents?.length ?? 0) > 0;
  lines.push(
    `reachable: ${result.NetworkPathFound ? 'yes' : 'no'}${blockedOnReturn ? ' (the reply is blocked)' : ''}`,
  );
  const forward = result.ForwardPathComponents ?? [];
  if (forward.length > 0) lines.push('forward path:', ...forward.map(hopLine));
  const back = result.ReturnPathComponents ?? [];
  if (back.length > 0) lines.push('return path:', ...back.map(hopLine));
  for (const x of result.Explanations ?? []) lines.push(explanationLine(x));
  return lines.join('\n');
}

/** The resource type in an ARN (`…:network-interface/eni-…` → `network-interface`). */
function typeOf(c: AnalysisComponent): string {
  const resource = c.Arn.split(':').slice(5).join(':');
  const slash = resource.indexOf('/');
  return slash < 0 ? resource : resource.slice(0, slash);
}

const named = (c: AnalysisComponent): string => (c.Name ? `${c.Id} (${c.Name})` : c.Id);

function endpoint(
  addresses: readonly string[],
  ports: AnalysisPacketHeader['SourcePortRanges'],
): string {
  const address = (addresses[0] ?? '?').replace(/\/(32|128)$/, '');
  const port = ports?.[0];
  if (!port) return address;
  const shown = address.includes(':') ? `[${address}]` : address;
  return `${shown}:${port.From === port.To ? port.From : `${port.From}-${port.To}`}`;
}

const PROTOCOL_NAMES: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'icmpv6',
};

/** `10.0.1.10:49152 → 10.0.2.20:443 tcp` */
export function formatHeader(h: AnalysisPacketHeader): string {
  const src = endpoint(h.SourceAddresses, h.SourcePortRanges);
  const dst = endpoint(h.DestinationAddresses, h.DestinationPortRanges);
  return `${src} → ${dst} ${PROTOCOL_NAMES[h.Protocol] ?? `proto ${h.Protocol}`}`;
}

const sameHeader = (a: AnalysisPacketHeader, b: AnalysisPacketHeader): boolean =>
  formatHeader(a) === formatHeader(b);

function portText(p: { From: number; To: number } | undefined): string {
  if (!p) return '';
  return p.From === p.To ? ` ${p.From}` : ` ${p.From}-${p.To}`;
}

function aclText(r: AnalysisAclRule): string {
  const rule = r.RuleNumber >= 32767 ? '*' : String(r.RuleNumber);
  const protocol = r.Protocol === '-1' ? 'all' : (PROTOCOL_NAMES[r.Protocol] ?? r.Protocol);
  return `${r.Egress ? 'egress' : 'ingress'} rule ${rule} ${r.RuleAction} ${protocol}${portText(r.PortRange)} ${r.Cidr}`;
}

function sgText(r: AnalysisSecurityGroupRule): string {
  const peer = r.Cidr ?? r.PrefixListId ?? r.SecurityGroupId ?? '?';
  return `${r.Direction} allow ${r.Protocol}${portText(r.PortRange)} ${r.Direction === 'egress' ? 'to' : 'from'} ${peer}`;
}

function routeText(r: AnalysisRouteTableRoute): string {
  const { DestinationCidr, DestinationPrefixListId, Origin, State, ...targets } = r;
  const target = Object.values(targets)[0] ?? '?';
  return `route ${DestinationCidr ?? DestinationPrefixListId ?? '?'} → ${target} (${State}${Origin === 'CreateRoute' ? '' : `, ${Origin}`})`;
}

function tgwRouteText(r: AnalysisTransitGatewayRouteTableRoute): string {
  const dest = r.PrefixListId ? `${r.PrefixListId} (${r.DestinationCidr})` : r.DestinationCidr;
  return `route ${dest} → ${r.AttachmentId ?? 'blackhole'} (${r.State}, ${r.RouteOrigin})`;
}

function hopLine(c: PathComponent): string {
  const parts = [
    `${String(c.SequenceNumber).padStart(3)}  ${typeOf(c.Component).padEnd(28)} ${named(c.Component)}`,
  ];
  if (c.SecurityGroupRule) parts.push(sgText(c.SecurityGroupRule));
  if (c.AclRule) parts.push(aclText(c.AclRule));
  if (c.RouteTableRoute) parts.push(routeText(c.RouteTableRoute));
  if (c.TransitGatewayRouteTableRoute) parts.push(tgwRouteText(c.TransitGatewayRouteTableRoute));
  if (c.SourceVpc && c.DestinationVpc)
    parts.push(`${named(c.SourceVpc)} → ${named(c.DestinationVpc)}`);
  const inb = c.InboundHeader;
  const out = c.OutboundHeader;
  if (inb && out && !sameHeader(inb, out))
    parts.push(`${formatHeader(inb)} ⇒ ${formatHeader(out)}`);
  else if (inb ?? out) parts.push(formatHeader((inb ?? out) as AnalysisPacketHeader));
  for (const d of c.AdditionalDetails ?? []) parts.push(`[${d.AdditionalDetailType}]`);
  for (const x of c.Explanations ?? []) {
    const azs = x.AvailabilityZoneIds?.length ? ` ${x.AvailabilityZoneIds.join(' → ')}` : '';
    parts.push(`[${x.ExplanationCode}${azs}]`);
  }
  return parts.join('  ');
}

function explanationLine(x: Explanation): string {
  const qualifiers = [x.Direction, x.PacketField].filter((q): q is string => q !== undefined);
  // Route shadowing (D76) says which route the path did not take; it is not the block itself.
  const lead = /(^|_)(MORE_SPECIFIC|HIGHER_PRIORITY)_ROUTE$/.test(x.ExplanationCode)
    ? 'not taken'
    : 'blocked';
  const parts = [
    `${lead}: ${x.ExplanationCode}${qualifiers.length ? ` (${qualifiers.join(', ')})` : ''}`,
  ];
  if (x.Component) parts.push(`at ${typeOf(x.Component)} ${named(x.Component)}`);
  if (x.SecurityGroups?.length)
    parts.push(`security groups ${x.SecurityGroups.map(named).join(', ')}`);
  if (x.AclRule) parts.push(aclText(x.AclRule));
  if (x.RouteTableRoute) parts.push(routeText(x.RouteTableRoute));
  if (x.TransitGatewayRouteTableRoute) parts.push(tgwRouteText(x.TransitGatewayRouteTableRoute));
  if (x.AvailabilityZoneIds?.length) parts.push(`AZ ${x.AvailabilityZoneIds.join(', ')}`);
  if (x.State) parts.push(`state ${x.State}`);
  if (x.Address) parts.push(`address ${x.Address}`);
  if (x.Cidrs?.length) parts.push(`allowed ${x.Cidrs.join(', ')}`);
  if (x.Protocols?.length) parts.push(`protocols ${x.Protocols.join(', ')}`);
  if (x.Destination) parts.push(`wanted ${named(x.Destination)}`);
  return parts.join('; ');
}
