import type { Ip } from '../../net/index.js';
import type {
  AclRuleNode,
  Drop,
  Hop,
  Node,
  Packet,
  RouteEntry,
  SgRuleNode,
  TgwRouteEntry,
} from '../../dataplane/index.js';
import { hasPorts, nodeArn } from '../../dataplane/index.js';
import { ROUTE_TARGET_FIELDS, type RouteTargetField } from '../../model/route-table.js';
import type {
  AnalysisAclRule,
  AnalysisComponent,
  AnalysisPacketHeader,
  AnalysisRouteTableRoute,
  AnalysisSecurityGroupRule,
  AnalysisTransitGatewayRouteTableRoute,
  Explanation,
  PathComponent,
} from './types.js';

/**
 * Turns the dataplane's hops and drops into Reachability Analyzer's JSON. Component
 * references, rule and route JSON and address strings are built once per node, rule and
 * address and then shared (frozen), so rendering a trace allocates little. Results are read-only.
 */

/** Caches one value per key object for the life of the key (the compiled dataplane). */
function cached<K extends object, V>(build: (k: K) => V): (k: K) => V {
  const memo = new WeakMap<K, V>();
  return (k) => {
    let v = memo.get(k);
    if (v === undefined) memo.set(k, (v = build(k)));
    return v;
  };
}

/** The `AnalysisComponent` of a node: id, ARN and Name tag. */
export const component = cached((n: Node): AnalysisComponent => {
  const arn = nodeArn(n);
  return Object.freeze(
    n.name === undefined ? { Id: n.id, Arn: arn } : { Id: n.id, Arn: arn, Name: n.name },
  );
});

// The last packet rendered and its header. Consecutive hops share one packet object (a hop's
// inbound and outbound headers, and the next hop's inbound), so one entry catches the repeats.
// A WeakMap keyed by every packet of every trace made each scavenge walk an ephemeron table of
// short-lived keys: ~30% of the tracer's CPU on the 1,000-spoke network (D92).
let lastPacket: Packet | undefined;
let lastHeader: AnalysisPacketHeader | undefined;

/** An address as a one-address CIDR (`/32`, `/128`); addresses are shared model objects. */
const hostCidr = cached((ip: Ip): string => `${ip.toString()}/${ip.bits}`);

/** A packet as RA writes it: /32 or /128 CIDRs, one-port ranges, the protocol number as text. */
export function header(p: Packet): AnalysisPacketHeader {
  let h = p === lastPacket ? lastHeader : undefined;
  if (!h) {
    const src = [hostCidr(p.src)];
    const dst = [hostCidr(p.dst)];
    const protocol = String(p.protocol);
    h =
      hasPorts(p.protocol) && p.srcPort !== undefined && p.dstPort !== undefined
        ? {
            SourceAddresses: src,
            DestinationAddresses: dst,
            SourcePortRanges: [{ From: p.srcPort, To: p.srcPort }],
            DestinationPortRanges: [{ From: p.dstPort, To: p.dstPort }],
            Protocol: protocol,
          }
        : { SourceAddresses: src, DestinationAddresses: dst, Protocol: protocol };
    lastPacket = p;
    lastHeader = h;
  }
  return h;
}

/** AWS writes "all protocols" as `all` in analysis rules. */
const protocolText = (text: string): string => (text === '-1' ? 'all' : text);

/** The ACL entry as RA shows it (the implicit `*` deny included). */
export const aclRuleJson = cached((r: AclRuleNode): AnalysisAclRule => Object.freeze(aclRuleOf(r)));

function aclRuleOf(r: AclRuleNode): AnalysisAclRule {
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
export const sgRuleJson = cached((r: SgRuleNode): AnalysisSecurityGroupRule =>
  Object.freeze(sgRuleOf(r)),
);

function sgRuleOf(r: SgRuleNode): AnalysisSecurityGroupRule {
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
export const routeJson = cached((e: RouteEntry): AnalysisRouteTableRoute =>
  Object.freeze(routeOf(e)),
);

function routeOf(e: RouteEntry): AnalysisRouteTableRoute {
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
  if (hop.azCrossed)
    c.AdditionalDetails = [
      { AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: component(hop.node) },
    ];
  if (hop.transitGateway) c.TransitGateway = component(hop.transitGateway);
  if (hop.tgwRoute) c.TransitGatewayRouteTableRoute = tgwRouteJson(hop.tgwRoute);
  if (hop.applianceModeRecommended) {
    (c.AdditionalDetails ??= []).push({
      AdditionalDetailType: 'TRANSIT_GATEWAY_APPLIANCE_MODE_RECOMMENDED',
      Component: component(hop.node),
    });
  }
  // The ELBv2 listener as a component (EC2's PathComponent names it so; port pairs belong to
  // Classic Load Balancers' `ClassicLoadBalancerListener`). D81.
  if (hop.listener) c.ElasticLoadBalancerListener = component(hop.listener);
  // An informational explanation on the hop itself (EC2's PathComponent has `Explanations`):
  // the two directions of the flow crossed this attachment in different AZs (D75).
  if (hop.tgwAzRestriction) {
    c.Explanations = [
      {
        ExplanationCode: 'TGW_ATTACH_VPC_AZ_RESTRICTION',
        Component: component(hop.node),
        ...(hop.transitGateway ? { TransitGateway: component(hop.transitGateway) } : {}),
        TransitGatewayAttachment: component(hop.node),
        AvailabilityZoneIds: hop.tgwAzRestriction.map((sn) => sn.availabilityZoneId),
        AvailabilityZones: hop.tgwAzRestriction.map((sn) => sn.availabilityZone),
      },
    ];
  }
  return c;
}

/** A list of hops, numbered from 1. */
export const pathComponents = (hops: readonly Hop[]): PathComponent[] =>
  hops.map((h, i) => pathComponent(i + 1, h));

const PROTOCOL_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

/** A drop as an `Explanation`, naming the blocking component and the settings involved. */
export function explanation(d: Drop): Explanation {
  const r = d.refusal;
  const x = d.related;
  const e: Explanation = { ExplanationCode: r.code, Component: component(d.component) };
  if (r.direction) e.Direction = r.direction;
  if (r.packetField) e.PacketField = r.packetField;
  if (x.vpc) e.Vpc = component(x.vpc);
  if (x.subnet) e.Subnet = component(x.subnet);
  if (x.networkInterface) e.NetworkInterface = component(x.networkInterface);
  if (x.securityGroups) e.SecurityGroups = x.securityGroups.map(component);
  if (x.acl) e.Acl = component(x.acl);
  if (x.aclRule) e.AclRule = aclRuleJson(x.aclRule);
  if (x.routeTable) e.RouteTable = component(x.routeTable);
  if (x.route) e.RouteTableRoute = routeJson(x.route);
  if (x.internetGateway) e.InternetGateway = component(x.internetGateway);
  const nat = r.natGateway ?? x.natGateway;
  if (nat) e.NatGateway = component(nat);
  if (x.peering) e.VpcPeeringConnection = component(x.peering);
  if (x.endpoint) e.VpcEndpoint = component(x.endpoint);
  if (x.vpnGateway) e.VpnGateway = component(x.vpnGateway);
  if (x.vpnConnection) e.VpnConnection = component(x.vpnConnection);
  if (x.customerGateway) e.CustomerGateway = component(x.customerGateway);
  if (r.state) e.State = r.state;
  if (r.address) e.Address = r.address.toString();
  if (r.cidrs) e.Cidrs = r.cidrs.map((c) => c.toString());
  if (r.protocols) e.Protocols = r.protocols.map((p) => PROTOCOL_NAMES[p] ?? String(p));
  if (x.transitGateway) e.TransitGateway = component(x.transitGateway);
  if (x.tgwAttachment) e.TransitGatewayAttachment = component(x.tgwAttachment);
  if (x.tgwRouteTable) e.TransitGatewayRouteTable = component(x.tgwRouteTable);
  if (x.tgwRoute) e.TransitGatewayRouteTableRoute = tgwRouteJson(x.tgwRoute);
  if (r.availabilityZoneIds) e.AvailabilityZoneIds = [...r.availabilityZoneIds];
  if (x.loadBalancer) e.LoadBalancerArn = x.loadBalancer.id;
  if (x.listener) {
    e.ElasticLoadBalancerListener = component(x.listener);
    if (x.listener.port !== undefined) e.LoadBalancerListenerPort = x.listener.port;
  }
  if (x.targetGroup) e.LoadBalancerTargetGroup = component(x.targetGroup);
  if (x.target) {
    e.LoadBalancerTarget = {
      ...(x.target.ip ? { Address: x.target.ip.toString() } : {}),
      ...(x.target.zone ? { AvailabilityZone: x.target.zone } : {}),
      ...(x.target.eni?.instance ? { Instance: component(x.target.eni.instance) } : {}),
      Port: x.target.port,
    };
  }
  if (r.availabilityZones) e.AvailabilityZones = [...r.availabilityZones];
  if (r.portRanges) e.PortRanges = r.portRanges.map((x) => ({ From: x.from, To: x.to }));
  return e;
}

/** A transit gateway route as RA shows it. */
export const tgwRouteJson = cached((e: TgwRouteEntry): AnalysisTransitGatewayRouteTableRoute => {
  const r = e.route;
  return Object.freeze({
    DestinationCidr: r.destination.toString(),
    State: r.state,
    RouteOrigin: r.type,
    ...(r.prefixListId ? { PrefixListId: r.prefixListId } : {}),
    ...(r.attachmentId ? { AttachmentId: r.attachmentId } : {}),
    ...(r.resourceId ? { ResourceId: r.resourceId } : {}),
    ...(r.resourceType ? { ResourceType: r.resourceType } : {}),
  });
});
