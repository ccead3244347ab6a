import type { Drop } from './explanation.js';
import type {
  AclRuleNode,
  EigwNode,
  EndpointNode,
  EniNode,
  IgwNode,
  InstanceNode,
  ListenerNode,
  Node,
  RouteEntry,
  SgRuleNode,
  SubnetNode,
  TargetNode,
  VpcNode,
} from './graph.js';
import type { SiteNode } from './hybrid-graph.js';
import type { ElbBinding } from './load-balancer.js';
import type { ElbGoal } from './load-balancer-target.js';
import type { NatBinding } from './nat-gateway.js';
import type { Packet } from './packet.js';
import type { TgwNode, TgwRouteEntry } from './transit-gateway-graph.js';

/**
 * The record of a walk through the graph: the hops (component, headers, the rule or route it
 * used) and how it ended. The tracer renders it as RA's path components; a symbolic engine can
 * produce the same record for its witness packets.
 */

/** Forward: a new connection (security groups apply). Return: its replies (they don't). */
export type Mode = 'forward' | 'return';

/** Where a walk starts, and where one may end. */
export type Endpoint =
  | { readonly kind: 'eni'; readonly eni: EniNode }
  | { readonly kind: 'internet-gateway'; readonly gateway: IgwNode }
  | { readonly kind: 'egress-only-internet-gateway'; readonly gateway: EigwNode }
  | { readonly kind: 'service'; readonly endpoint: EndpointNode }
  | { readonly kind: 'on-premises'; readonly site: SiteNode };

/** One component on a path, with what it saw and which rule or route it used. */
export interface Hop {
  readonly node: Node;
  inbound: Packet | undefined;
  outbound: Packet | undefined;
  vpc: VpcNode | undefined;
  subnet: SubnetNode | undefined;
  attachedTo: InstanceNode | undefined;
  securityGroupRule: SgRuleNode | undefined;
  aclRule: AclRuleNode | undefined;
  route: RouteEntry | undefined;
  sourceVpc: VpcNode | undefined;
  destinationVpc: VpcNode | undefined;
  /** The packet came from a subnet in another Availability Zone (RA's AVAILABILITY_ZONE_CROSSED). */
  azCrossed: boolean;
  /** The transit gateway of an attachment or route table hop. */
  transitGateway: TgwNode | undefined;
  /** The transit gateway route a route table hop used. */
  tgwRoute: TgwRouteEntry | undefined;
  /** The flow's two directions cross this attachment in different AZs without appliance mode. */
  applianceModeRecommended: boolean;
  /**
   * The attachment's subnets (the request's AZ, then the reply's) when the flow's two directions
   * crossed this VPC attachment in different AZs without appliance mode
   * (TGW_ATTACH_VPC_AZ_RESTRICTION, D75).
   */
  tgwAzRestriction: readonly SubnetNode[] | undefined;
  /** ELBv2: the listener a load balancer used and the target it chose. */
  listener: ListenerNode | undefined;
  target: TargetNode | undefined;
}

/** A hop at a node, every field present (one object shape for all hops). */
export function hop(node: Node, vpc?: VpcNode, subnet?: SubnetNode): Hop {
  return {
    node,
    inbound: undefined,
    outbound: undefined,
    vpc,
    subnet,
    attachedTo: undefined,
    securityGroupRule: undefined,
    aclRule: undefined,
    route: undefined,
    sourceVpc: undefined,
    destinationVpc: undefined,
    azCrossed: false,
    transitGateway: undefined,
    tgwRoute: undefined,
    applianceModeRecommended: false,
    tgwAzRestriction: undefined,
    listener: undefined,
    target: undefined,
  };
}

/** The path a packet took, and where it ended: delivered (terminal) or dropped. */
export interface Walk {
  readonly hops: Hop[];
  /** The header as it was when the walk ended. */
  readonly packet: Packet;
  readonly terminal?: Endpoint;
  readonly drop?: Drop;
}

/** Options of a walk: the mode, and NAT bindings (filled going forward, read coming back). */
export interface WalkOptions {
  readonly mode: Mode;
  readonly bindings: NatBinding[];
  /**
   * The AZ (id) each transit gateway VPC attachment used, by attachment id: filled going forward,
   * compared coming back (appliance mode). Optional so existing callers need not pass it.
   */
  readonly tgwAzs?: Map<string, string>;
  /** Load balancer connections (filled going forward, read coming back). */
  readonly elb?: ElbBinding[];
  /** What the trace asks of a load balancer's target: its destination, its arrival ports (D85). */
  readonly elbGoal?: ElbGoal | undefined;
}
