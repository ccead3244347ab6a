import type { Cidr, Ip } from '../net/index.js';
import type {
  AclNode,
  AclRuleNode,
  EigwNode,
  EndpointNode,
  EniNode,
  IgwNode,
  ListenerNode,
  LoadBalancerNode,
  NatNode,
  TargetGroupNode,
  TargetNode,
  Node,
  PeeringNode,
  RouteEntry,
  RouteTableNode,
  SgNode,
  SubnetNode,
  VpcNode,
} from './graph.js';
import type { CgwNode, VgwNode, VpnNode } from './hybrid-graph.js';
import type { Packet } from './packet.js';
import type {
  TgwAttachmentNode,
  TgwNode,
  TgwRouteEntry,
  TgwRouteTableNode,
} from './transit-gateway-graph.js';

/**
 * Reachability Analyzer's explanation codes that the forwarding functions produce
 * (https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html). Outcomes are
 * data, never exceptions.
 */
export type ExplanationCode =
  | 'BAD_STATE'
  | 'BAD_STATE_ROUTE'
  | 'CANNOT_ROUTE'
  | 'ENI_SG_RULES_MISMATCH'
  | 'ENI_SOURCE_DEST_CHECK_RESTRICTION'
  | 'GATEWAY_REJECTS_SPOOFED_TRAFFIC'
  | 'IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS'
  | 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS'
  | 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS'
  | 'IGW_NAT_REFLECTION'
  | 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'
  | 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS'
  | 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS'
  | 'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS'
  | 'NGW_REQUIRES_SOURCE_IN_VPC'
  | 'NGW_SOURCE_ADDRESS_REASSIGN'
  | 'NO_PATH'
  | 'NO_POSSIBLE_DESTINATION'
  | 'NO_ROUTE_TO_DESTINATION'
  | 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR'
  | 'PROTOCOL_RESTRICTION'
  | 'SUBNET_ACL_RESTRICTION'
  | 'UNKNOWN_DESTINATION'
  | 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION'
  | 'TGW_ATTACH_VPC_AZ_RESTRICTION'
  | 'TGW_ROUTE_AZ_RESTRICTION'
  | 'TGW_RTB_BAD_STATE_ROUTE'
  | 'TGW_RTB_CANNOT_ROUTE'
  | 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT'
  | 'BAD_STATE_ATTACHMENT'
  | 'VPCE_GATEWAY_PROTOCOL_RESTRICTION'
  | 'VPCE_INTRA_VPC_TRAFFIC'
  // Elastic Load Balancing v2 and Gateway Load Balancer endpoints.
  | 'ELBV2_LISTENERS_MISMATCH'
  | 'ELBV2_LISTENER_PORT_RESTRICTION'
  | 'ELBV2_LISTENER_HAS_NO_TG'
  | 'ELBV2_NO_TARGETS_IN_AZ'
  | 'GWLB_DESTINATION_PORT_RESTRICTION'
  | 'GWLB_PROTOCOL_RESTRICTION'
  | 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ'
  // Hybrid connectivity (D45).
  | 'BAD_STATE_VPN'
  | 'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS'
  | 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'
  // Transit gateway VPN attachments (D72).
  | 'TGW_BAD_STATE_VPN'
  // ELBv2 target choice (D84–D86).
  | 'ELBV2_LISTENER_REQUIRES_TG_ACCEPT'
  | 'ELBV2_SOURCE_ADDRESS_PRESERVATION'
  | 'TARGET_ADDRESS_RESTRICTION'
  | 'TARGET_PORT_RESTRICTION';

/** The packet field an explanation blames, in RA's words. */
export type PacketField =
  'source-address' | 'destination-address' | 'source-port' | 'destination-port' | 'protocol';

/** Why a forwarding function refused a packet, before the walker says where. */
export interface Refusal {
  readonly code: ExplanationCode;
  readonly direction?: 'ingress' | 'egress';
  readonly packetField?: PacketField;
  readonly address?: Ip;
  readonly cidrs?: readonly Cidr[];
  readonly protocols?: readonly number[];
  readonly state?: string;
  readonly natGateway?: NatNode;
  /** The Availability Zones (ids) involved, e.g. where a transit gateway attachment has subnets. */
  readonly availabilityZoneIds?: readonly string[];
  /** ELBv2: the zones a load balancer found no target in. */
  readonly availabilityZones?: readonly string[];
  /** ELBv2: the ports a trace asked the target to be reached on (TARGET_PORT_RESTRICTION). */
  readonly portRanges?: readonly { readonly from: number; readonly to: number }[];
}

/** The resources an explanation names besides the blocking component. */
export interface Related {
  readonly vpc?: VpcNode | undefined;
  readonly subnet?: SubnetNode | undefined;
  readonly networkInterface?: EniNode | undefined;
  readonly securityGroups?: readonly SgNode[] | undefined;
  readonly acl?: AclNode | undefined;
  readonly aclRule?: AclRuleNode | undefined;
  readonly routeTable?: RouteTableNode | undefined;
  readonly route?: RouteEntry | undefined;
  readonly internetGateway?: IgwNode | undefined;
  readonly egressOnlyInternetGateway?: EigwNode | undefined;
  readonly natGateway?: NatNode | undefined;
  readonly peering?: PeeringNode | undefined;
  readonly endpoint?: EndpointNode | undefined;
  readonly transitGateway?: TgwNode | undefined;
  readonly tgwAttachment?: TgwAttachmentNode | undefined;
  readonly tgwRouteTable?: TgwRouteTableNode | undefined;
  readonly tgwRoute?: TgwRouteEntry | undefined;
  readonly loadBalancer?: LoadBalancerNode | undefined;
  readonly listener?: ListenerNode | undefined;
  readonly targetGroup?: TargetGroupNode | undefined;
  readonly target?: TargetNode | undefined;
  readonly vpnGateway?: VgwNode | undefined;
  readonly vpnConnection?: VpnNode | undefined;
  readonly customerGateway?: CgwNode | undefined;
}

/** A dropped packet: why, the blocking component, the header there, and the related resources. */
export interface Drop {
  readonly refusal: Refusal;
  readonly component: Node;
  readonly packet: Packet;
  readonly related: Related;
}

/** What a forwarding function answers: the packet it passes on (maybe rewritten), or a refusal. */
export type Verdict =
  { readonly ok: true; readonly packet: Packet } | ({ readonly ok: false } & Refusal);

/** A refusal verdict. */
export const refuse = (r: Refusal): Verdict => ({ ok: false, ...r });

/** A pass verdict. */
export const pass = (packet: Packet): Verdict => ({ ok: true, packet });
