import { Cidr } from '../../net/index.js';
import type { AclRuleNode, Drop, Hop, Node, Packet, RouteEntry, SgRuleNode } from '../../dataplane/index.js';
import { hasPorts } from '../../dataplane/index.js';
import { ROUTE_TARGET_FIELDS, type RouteTargetField } from '../../model/route-table.js';
import type {
  AnalysisAclRule,
  AnalysisComponent,
  AnalysisPacketHeader,
  AnalysisRouteTableRoute,
  AnalysisSecurityGroupRule,
  Explanation,
  PathComponent,
} from './types.js';

/**
 * Turns the dataplane's hops and drops into Reachability Analyzer's JSON. Component
 * references and headers are built once per node and per packet and then shared (frozen), so
 * rendering a trace allocates little.
 */

const components = new WeakMap<Node, AnalysisComponent>();

/** The `AnalysisComponent` of a node: id, ARN and Name tag. */
export function component(n: Node): AnalysisComponent {
  let c = components.get(n);
  if (!c) {
    c = Object.freeze(n.name === undefined ? { Id: n.id, Arn: n.arn } : { Id: n.id, Arn: n.arn, Name: n.name });
    components.set(n, c);
  }
  return c;
}

const headers = new WeakMap<Packet, AnalysisPacketHeader>();

/** A packet as RA writes it: /32 or /128 CIDRs, one-port ranges, the protocol number as text. */
export function header(p: Packet): AnalysisPacketHeader {
  let h = headers.get(p);
  if (!h) {
    const ports = hasPorts(p.protocol);
    h = Object.freeze({
      SourceAddresses: [Cidr.host(p.src).toString()],
      DestinationAddresses: [Cidr.host(p.dst).toString()],
      ...(ports && p.srcPort !== undefined ? { SourcePortRanges: [{ From: p.srcPort, To: p.srcPort }] } : {}),
      ...(ports && p.dstPort !== undefined ? { DestinationPortRanges: [{ From: p.dstPort, To: p.dstPort }] } : {}),
      Protocol: String(p.protocol),
    });
    headers.set(p, h);
  }
  return h;
}

/** AWS writes "all protocols" as `all` in analysis rules. */
const protocolText = (text: string): string => (text === '-1' ? 'all' : text);

/** The ACL entry as RA shows it (the implicit `*` deny included). */
export function aclRuleJson(r: AclRuleNode): AnalysisAclRule {
  const e = r.entry;
  const ports = r.match.ports;
  return {
    Cidr: r.cidr.toString(),
    Egress: r.egress,
    ...(ports ? { PortRange: { From: ports.from, To: ports.to } } : {}),
    Protocol: e ? protocolText(e.protocol) : 'all',
    RuleAction: r.allow ? 'allow' : 'deny',
    RuleNumber: r.ruleNumber,
  };
}

/** The security group rule as RA shows it; a group reference names the referenced group. */
export function sgRuleJson(r: SgRuleNode): AnalysisSecurityGroupRule {
  const rule = r.rule;
  const ports = r.match.ports;
  const cidr = rule.cidrIpv4 ?? rule.cidrIpv6;
  return {
    ...(cidr ? { Cidr: cidr.toString() } : {}),
    Direction: r.egress ? 'egress' : 'ingress',
    ...(rule.referencedGroupInfo ? { SecurityGroupId: rule.referencedGroupInfo.groupId } : {}),
    ...(ports ? { PortRange: { From: ports.from, To: ports.to } } : {}),
    ...(rule.prefixListId ? { PrefixListId: rule.prefixListId } : {}),
    Protocol: protocolText(rule.ipProtocol),
  };
}

/** EC2's field for each route target in `AnalysisRouteTableRoute` (endpoints are gateways there). */
const TARGET_JSON: Record<RouteTargetField, keyof AnalysisRouteTableRoute> = {
  gatewayId: 'GatewayId',
  egressOnlyInternetGatewayId: 'EgressOnlyInternetGatewayId',
  natGatewayId: 'NatGatewayId',
  networkInterfaceId: 'NetworkInterfaceId',
  instanceId: 'InstanceId',
  vpcPeeringConnectionId: 'VpcPeeringConnectionId',
  transitGatewayId: 'TransitGatewayId',
  vpcEndpointId: 'GatewayId',
  localGatewayId: 'LocalGatewayId',
  carrierGatewayId: 'CarrierGatewayId',
  coreNetworkArn: 'CoreNetworkArn',
};

/** The route as RA shows it: destination (CIDR or prefix list), target, origin, state. */
export function routeJson(e: RouteEntry): AnalysisRouteTableRoute {
  const out: Record<string, string> = {};
  if (e.prefixListId !== undefined) out['DestinationPrefixListId'] = e.prefixListId;
  else out['DestinationCidr'] = e.destination.toString();
  for (const field of ROUTE_TARGET_FIELDS) {
    const id = e.route[field];
    if (id !== undefined) {
      out[TARGET_JSON[field]] = id;
      break;
    }
  }
  out['Origin'] = e.route.origin;
  out['State'] = e.state;
  return out as unknown as AnalysisRouteTableRoute;
}

/** One hop as a `PathComponent`. */
export function pathComponent(seq: number, hop: Hop): PathComponent {
  const c: PathComponent = { SequenceNumber: seq, Component: component(hop.node) };
  if (hop.vpc) c.Vpc = component(hop.vpc);
  if (hop.subnet) c.Subnet = component(hop.subnet);
  if (hop.attachedTo) c.AttachedTo = component(hop.attachedTo);
  if (hop.sourceVpc) c.SourceVpc = component(hop.sourceVpc);
  if (hop.destinationVpc) c.DestinationVpc = component(hop.destinationVpc);
  if (hop.inbound) c.InboundHeader = header(hop.inbound);
  if (hop.outbound) c.OutboundHeader = header(hop.outbound);
  if (hop.aclRule) c.AclRule = aclRuleJson(hop.aclRule);
  if (hop.securityGroupRule) c.SecurityGroupRule = sgRuleJson(hop.securityGroupRule);
  if (hop.route) c.RouteTableRoute = routeJson(hop.route);
  if (hop.node.kind === 'vpc-endpoint') c.ServiceName = hop.node.serviceName;
  if (hop.azCrossed) c.AdditionalDetails = [{ AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: component(hop.node) }];
  return c;
}

/** A list of hops, numbered from 1. */
export const pathComponents = (hops: readonly Hop[]): PathComponent[] => hops.map((h, i) => pathComponent(i + 1, h));

const PROTOCOL_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

/** A drop as an `Explanation`, naming the blocking component and the settings involved. */
export function explanation(d: Drop): Explanation {
  const x: Explanation = { ExplanationCode: d.code, Component: component(d.component) };
  if (d.direction) x.Direction = d.direction;
  if (d.packetField) x.PacketField = d.packetField;
  if (d.vpc) x.Vpc = component(d.vpc);
  if (d.subnet) x.Subnet = component(d.subnet);
  if (d.networkInterface) x.NetworkInterface = component(d.networkInterface);
  if (d.securityGroups) x.SecurityGroups = d.securityGroups.map(component);
  if (d.acl) x.Acl = component(d.acl);
  if (d.aclRule) x.AclRule = aclRuleJson(d.aclRule);
  if (d.routeTable) x.RouteTable = component(d.routeTable);
  if (d.route) x.RouteTableRoute = routeJson(d.route);
  if (d.internetGateway) x.InternetGateway = component(d.internetGateway);
  if (d.natGateway) x.NatGateway = component(d.natGateway);
  if (d.peering) x.VpcPeeringConnection = component(d.peering);
  if (d.endpoint) x.VpcEndpoint = component(d.endpoint);
  if (d.state) x.State = d.state;
  if (d.address) x.Address = d.address.toString();
  if (d.cidrs) x.Cidrs = d.cidrs.map((c) => c.toString());
  if (d.protocols) x.Protocols = d.protocols.map((p) => PROTOCOL_NAMES[p] ?? String(p));
  return x;
}
