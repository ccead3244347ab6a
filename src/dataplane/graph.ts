import { RangeSet, type Cidr, type Family, type Ip } from '../net/index.js';
import { nameTag, type Tag } from '../model/common.js';
import { ec2Arn } from '../model/ids.js';
import type { Instance } from '../model/instance.js';
import type { NetworkAclEntry } from '../model/network-acl.js';
import type { InterfaceType } from '../model/network-interface.js';
import type { Route, RouteTargetField } from '../model/route-table.js';
import type { SecurityGroupRule } from '../model/security-group.js';
import type { PeeringStatusCode } from '../model/vpc-peering.js';
import type { ProtoMatch } from './packet.js';
import { hybridArn, type HybridGraph, type HybridNode } from './hybrid-graph.js';
import type { PrefixTrie } from '../net/index.js';
import type {
  TgwAttachmentNode,
  TgwGraph,
  TgwNode,
  TgwRouteTableNode,
} from './transit-gateway-graph.js';

/**
 * The forwarding graph. Nodes are network functions (an ENI with its security groups, a
 * subnet with its ACL, a route table, a gateway); edges are the route entries and deliveries
 * between them. Every decision a node makes is a function of the explicit rule data held
 * here — rule lists, prefix tries, address sets — so the concrete tracer and a symbolic
 * engine evaluate the same data.
 */

/**
 * Fields every node has: the AWS id, `Name` tag, Region and owner of the resource it stands
 * for. (Nodes are built with every field present, `undefined` when absent, so each kind has
 * one shape and the hot paths stay monomorphic.)
 */
export interface NodeBase {
  readonly id: string;
  readonly name: string | undefined;
  readonly region: string;
  readonly ownerId: string;
}

/** An address set split by family (IPv4, IPv6), e.g. the peer of a security group rule. */
export interface AddressSet {
  readonly v4: RangeSet;
  readonly v6: RangeSet;
}

/** A VPC: its blocks and the index of which ENI owns which private address. */
export interface VpcNode extends NodeBase {
  readonly kind: 'vpc';
  readonly cidrs: readonly Cidr[];
  readonly blocks: AddressSet;
  /** Private IPv4 (as a number) → the ENI that owns it. */
  readonly owners4: Map<number, EniNode>;
  /** IPv6 (as a bigint) → the ENI that owns it. */
  readonly owners6: Map<bigint, EniNode>;
  /** Public IPv4 (as a number) → the ENI and private IPv4 the internet gateway maps it to. */
  readonly publicIps: Map<number, { readonly eni: EniNode; readonly privateIp: Ip }>;
  internetGateway: IgwNode | undefined;
  egressOnlyInternetGateway: EigwNode | undefined;
}

/** A subnet: the ACL checked where traffic crosses its edge and the route table it uses. */
export interface SubnetNode extends NodeBase {
  readonly kind: 'subnet';
  readonly vpc: VpcNode;
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly cidr4: Cidr | undefined;
  readonly cidrs6: readonly Cidr[];
  readonly acl: AclNode | undefined;
  readonly routeTable: RouteTableNode | undefined;
}

/** What owns an ENI, as far as forwarding is concerned. */
export type EniRole =
  | { readonly kind: 'interface' }
  | { readonly kind: 'nat-gateway'; readonly nat: NatNode }
  | { readonly kind: 'interface-endpoint'; readonly endpoint: EndpointNode }
  | { readonly kind: 'load-balancer'; readonly lb: LoadBalancerNode; readonly zone: LbZoneNode }
  | { readonly kind: 'gwlb-endpoint'; readonly endpoint: EndpointNode }
  | { readonly kind: 'other'; readonly interfaceType: InterfaceType };

/** An ENI: the addresses it owns, its security groups and its source/destination check. */
export interface EniNode extends NodeBase {
  readonly kind: 'network-interface';
  readonly vpc: VpcNode;
  readonly subnet: SubnetNode;
  readonly instance: InstanceNode | undefined;
  readonly deviceIndex: number | undefined;
  readonly v4: readonly Ip[];
  readonly v6: readonly Ip[];
  /** Private IPv4 (number) → public IPv4 (auto-assigned or Elastic IP); undefined when none. */
  publicIps: Map<number, Ip> | undefined;
  readonly securityGroups: readonly SgNode[];
  readonly sourceDestCheck: boolean;
  role: EniRole;
}

/** An instance, with its ENIs by device index. */
export interface InstanceNode extends NodeBase {
  readonly kind: 'instance';
  readonly state: Instance['state'];
  readonly enis: EniNode[];
}

/** One compiled security group rule: what it admits, and the rule it came from. */
export interface SgRuleNode {
  readonly group: SgNode;
  readonly egress: boolean;
  readonly match: ProtoMatch;
  /** The addresses of the peer: a CIDR, a prefix list's entries, or a group's members. */
  readonly peer: AddressSet;
  readonly rule: SecurityGroupRule;
}

/** A security group: allow rules only, unioned over every group of an ENI. */
export interface SgNode extends NodeBase {
  readonly kind: 'security-group';
  readonly vpcId: string;
  readonly ingress: SgRuleNode[];
  readonly egress: SgRuleNode[];
}

/** One compiled ACL entry of one family. */
export interface AclRuleNode {
  readonly ruleNumber: number;
  readonly allow: boolean;
  readonly egress: boolean;
  readonly cidr: Cidr;
  readonly match: ProtoMatch;
  /** The entry, or undefined for the implicit `*` deny AWS always ends a list with. */
  readonly entry: NetworkAclEntry | undefined;
}

/** A network ACL: per direction and family, entries in ascending rule-number order. */
export interface AclNode extends NodeBase {
  readonly kind: 'network-acl';
  readonly vpcId: string;
  readonly ingress4: readonly AclRuleNode[];
  readonly ingress6: readonly AclRuleNode[];
  readonly egress4: readonly AclRuleNode[];
  readonly egress6: readonly AclRuleNode[];
}

/** Where a route sends traffic, resolved to a graph node kind. */
export type RouteTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'internet-gateway'; readonly id: string }
  | { readonly kind: 'egress-only-internet-gateway'; readonly id: string }
  | { readonly kind: 'nat-gateway'; readonly id: string }
  | { readonly kind: 'network-interface'; readonly id: string }
  | { readonly kind: 'instance'; readonly id: string }
  | { readonly kind: 'vpc-peering-connection'; readonly id: string }
  | { readonly kind: 'gateway-endpoint'; readonly id: string }
  | { readonly kind: 'transit-gateway'; readonly id: string }
  /** Virtual private gateways, GWLB endpoints, …: not modelled yet. */
  | { readonly kind: 'gateway-load-balancer-endpoint'; readonly id: string }
  | { readonly kind: 'vpn-gateway'; readonly id: string }
  /** Transit gateways, virtual private gateways, GWLB endpoints, …: not modelled yet. */
  | { readonly kind: 'unsupported'; readonly field: RouteTargetField; readonly id: string };

/** Route priority class on equal prefixes: static, then prefix list, then propagated. */
export type RouteRank = 0 | 1 | 2;

/** One route of a table, expanded: a prefix-list route yields one entry per list entry. */
export interface RouteEntry {
  readonly destination: Cidr;
  readonly prefixListId: string | undefined;
  readonly rank: RouteRank;
  readonly target: RouteTarget;
  readonly state: 'active' | 'blackhole';
  readonly route: Route;
  /** Position of the route in its table: the last tie-break, for determinism. */
  readonly order: number;
}

/** A route table: one prefix trie per family, holding the winning entry per prefix. */
export interface RouteTableNode extends NodeBase {
  readonly kind: 'route-table';
  readonly vpcId: string;
  readonly v4: PrefixTrie<RouteEntry>;
  readonly v6: PrefixTrie<RouteEntry>;
  /** Every expanded entry, winners and losers (for explanations and reference checks). */
  readonly entries: readonly RouteEntry[];
}

/** An internet gateway and the edge route table that steers traffic entering through it. */
export interface IgwNode extends NodeBase {
  readonly kind: 'internet-gateway';
  readonly vpc: VpcNode | undefined;
  edgeRouteTable: RouteTableNode | undefined;
}

/** An egress-only internet gateway (IPv6, outbound-initiated only). */
export interface EigwNode extends NodeBase {
  readonly kind: 'egress-only-internet-gateway';
  readonly vpc: VpcNode | undefined;
}

/** A NAT gateway: the private IPv4 it translates sources to, and its Elastic IP if public. */
export interface NatNode extends NodeBase {
  readonly kind: 'nat-gateway';
  readonly vpc: VpcNode;
  readonly subnet: SubnetNode;
  readonly connectivityType: 'public' | 'private';
  readonly state: 'available' | 'deleted';
  readonly privateIp: Ip | undefined;
  readonly publicIp: Ip | undefined;
  eni: EniNode | undefined;
}

/** A peering connection; each side resolved to its VPC when the snapshot holds it. */
export interface PeeringNode extends NodeBase {
  readonly kind: 'vpc-peering-connection';
  readonly status: PeeringStatusCode;
  readonly requester: VpcNode | undefined;
  readonly accepter: VpcNode | undefined;
  readonly requesterVpcId: string;
  readonly accepterVpcId: string;
}

/** A VPC endpoint: a gateway endpoint routes to a service's prefix list; an interface one is ENIs. */
export interface EndpointNode extends NodeBase {
  readonly kind: 'vpc-endpoint';
  readonly endpointType: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  readonly vpc: VpcNode | undefined;
  readonly serviceName: string;
  /** Gateway endpoints: the AWS-managed prefix list of the service and its addresses. */
  readonly prefixListId: string | undefined;
  readonly serviceAddresses: AddressSet;
  readonly enis: EniNode[];
}

/** A managed prefix list, as an address set. */
export interface PrefixListNode extends NodeBase {
  readonly kind: 'prefix-list';
  readonly cidrs: readonly Cidr[];
  readonly addresses: AddressSet;
}

/** Any graph node. */
export type Node =
  | VpcNode
  | SubnetNode
  | EniNode
  | InstanceNode
  | SgNode
  | AclNode
  | RouteTableNode
  | IgwNode
  | EigwNode
  | NatNode
  | PeeringNode
  | EndpointNode
  | PrefixListNode
  | TgwNode
  | TgwAttachmentNode
  | TgwRouteTableNode
  | LoadBalancerNode
  | ListenerNode
  | TargetGroupNode
  | HybridNode;

/** The compiled forwarding graph of one snapshot revision. */
export interface Dataplane extends TgwGraph {
  readonly revision: number;
  readonly vpcs: ReadonlyMap<string, VpcNode>;
  readonly subnets: ReadonlyMap<string, SubnetNode>;
  readonly enis: ReadonlyMap<string, EniNode>;
  readonly instances: ReadonlyMap<string, InstanceNode>;
  readonly securityGroups: ReadonlyMap<string, SgNode>;
  readonly networkAcls: ReadonlyMap<string, AclNode>;
  readonly routeTables: ReadonlyMap<string, RouteTableNode>;
  readonly internetGateways: ReadonlyMap<string, IgwNode>;
  readonly egressOnlyInternetGateways: ReadonlyMap<string, EigwNode>;
  readonly natGateways: ReadonlyMap<string, NatNode>;
  readonly peerings: ReadonlyMap<string, PeeringNode>;
  readonly endpoints: ReadonlyMap<string, EndpointNode>;
  readonly prefixLists: ReadonlyMap<string, PrefixListNode>;
  /** Every public IPv4 of every VPC (number → owner), to recognise modelled internet hosts. */
  readonly publicIps: ReadonlyMap<number, { readonly eni: EniNode; readonly privateIp: Ip }>;
  /** Elastic Load Balancing v2: load balancers by ARN, and the GWLB behind each GWLB endpoint. */
  readonly loadBalancers: ReadonlyMap<string, LoadBalancerNode>;
  readonly gatewayLoadBalancerOfEndpoint: ReadonlyMap<string, LoadBalancerNode>;
  /** The NLB behind each interface endpoint to an endpoint service (PrivateLink). */
  readonly networkLoadBalancerOfEndpoint: ReadonlyMap<string, LoadBalancerNode>;
  /** Hybrid connectivity: virtual private gateways, VPNs, Direct Connect, on-premises sites. */
  readonly hybrid: HybridGraph;
}

/** One node of a load balancer: its zone, subnet and ENI. */
export interface LbZoneNode {
  readonly zoneName: string;
  readonly subnet: SubnetNode;
  readonly eni: EniNode;
  readonly privateIp: Ip;
  /** A dualstack node's IPv6 address (D87). */
  readonly privateIp6?: Ip | undefined;
}

/** A registered target, resolved: its address and, inside a VPC, the ENI that owns it. */
export interface TargetNode {
  readonly id: string;
  readonly port: number;
  /** The target's zone; `all` for an IP outside the VPC. */
  readonly zone: string | undefined;
  readonly ip: Ip | undefined;
  readonly eni: EniNode | undefined;
  /** An `alb` target: the ALB the traffic is handed to. */
  readonly alb: string | undefined;
  /** Derived health (model/target-health.ts): only healthy targets receive traffic. */
  readonly healthy: boolean;
}

/** A target group: protocol, port, how it keeps flows, and its targets. */
export interface TargetGroupNode extends NodeBase {
  readonly kind: 'target-group';
  readonly protocol: string;
  readonly port: number;
  readonly targetType: 'instance' | 'ip' | 'alb';
  readonly preserveClientIp: boolean;
  /** Overrides the load balancer's cross-zone setting when not undefined. */
  readonly crossZone: boolean | undefined;
  /** GWLB flow stickiness: 5-, 3- or 2-tuple. */
  readonly tuple: 5 | 3 | 2;
  readonly targets: readonly TargetNode[];
  /** The family the load balancer reaches the targets in (ELBv2 `IpAddressType`). */
  readonly ipAddressType: 'ipv4' | 'ipv6';
}

/** A listener: the protocol and port it accepts and the group it forwards to. */
export interface ListenerNode extends NodeBase {
  readonly kind: 'listener';
  readonly protocol: string | undefined;
  readonly port: number | undefined;
  readonly targetGroups: readonly TargetGroupNode[];
  /** ALB listener rules: their groups are in `targetGroups`, their conditions unevaluated (D89). */
  readonly ruleCount?: number;
}

/** A load balancer (ALB, NLB, GWLB): its nodes, listeners and cross-zone setting. */
export interface LoadBalancerNode extends NodeBase {
  readonly kind: 'load-balancer';
  readonly type: 'application' | 'network' | 'gateway';
  readonly dnsName: string;
  readonly vpc: VpcNode;
  readonly zones: readonly LbZoneNode[];
  readonly listeners: readonly ListenerNode[];
  readonly crossZone: boolean;
  readonly securityGroups: readonly SgNode[];
}

/** The ARN of a node (built on demand: it is presentation, not forwarding data). */
export function nodeArn(n: Node): string {
  // ELBv2 resources are named by their ARN.
  if (n.kind === 'load-balancer' || n.kind === 'listener' || n.kind === 'target-group') return n.id;
  if (n.kind === 'virtual-interface' || n.kind === 'on-premises-site') return hybridArn(n);
  return ec2Arn(n.kind, n.region, n.ownerId, n.id);
}

/**
 * How a packet entered the VPC it is in. AWS forbids edge-to-edge routing: traffic that came
 * in through a peering, a VPN or a gateway endpoint cannot leave through a peering, an internet
 * gateway, a NAT gateway or a gateway endpoint; traffic from a transit gateway may use a NAT
 * gateway.
 */
export type Origin =
  'vpc' | 'peering' | 'internet' | 'gateway-endpoint' | 'transit-gateway' | 'vpn';

/** The id, Name tag, Region and owner of a resource, as every node carries them. */
export function nodeBase(r: {
  readonly id: string;
  readonly region: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}): NodeBase {
  return { id: r.id, name: nameTag(r), region: r.region, ownerId: r.ownerId };
}

/** The address set covered by some CIDRs of either family. */
export function addressSet(cidrs: readonly Cidr[]): AddressSet {
  const of = (family: Family) =>
    RangeSet.fromCidrs(
      family,
      cidrs.filter((c) => c.family === family),
    );
  return { v4: of(4), v6: of(6) };
}
