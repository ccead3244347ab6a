import type { Ip } from '../../net/index.js';

/**
 * The request and result of a trace, in Reachability Analyzer's shapes: the result is a
 * `NetworkInsightsAnalysis` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInsightsAnalysis.html)
 * with AWS's PascalCase field names, so it can be served by the EC2 API as is.
 */

/** The protocol of a trace: a name, or an IANA number. */
export type TraceProtocol = 'tcp' | 'udp' | 'icmp' | number;

/**
 * A path to trace. `source` and `destination` are resolved component ids: an instance (its
 * primary ENI), an ENI, an internet gateway (the internet behind it), an egress-only internet
 * gateway, or a VPC endpoint (an interface endpoint's ENI; a gateway endpoint's service as
 * destination). Unset addresses default to the components' primary addresses.
 */
export interface TraceRequest {
  readonly source: string;
  readonly destination?: string;
  readonly sourceIp?: Ip;
  readonly destinationIp?: Ip;
  readonly protocol: TraceProtocol;
  readonly destinationPort?: number;
  /** Defaults to 49152, inside every common ephemeral range (Linux, Windows, NAT, ELB). */
  readonly sourcePort?: number;
  /** ICMP type and code; default an echo request. */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /**
   * The destination ports the packet must have when it arrives (RA's
   * FilterAtDestination.DestinationPortRange): a load balancer on the way must pick a target
   * registered on one of them, else TARGET_PORT_RESTRICTION (D85).
   */
  readonly arrivalPortRange?: { readonly from: number; readonly to: number };
}

/** A component reference (EC2 `AnalysisComponent`). */
export interface AnalysisComponent {
  readonly Id: string;
  readonly Arn: string;
  readonly Name?: string;
}

/** An inclusive port range (EC2 `PortRange`). */
export interface PortRangeJson {
  readonly From: number;
  readonly To: number;
}

/** A packet header as a component saw it (EC2 `AnalysisPacketHeader`). */
export interface AnalysisPacketHeader {
  readonly SourceAddresses: readonly string[];
  readonly DestinationAddresses: readonly string[];
  readonly SourcePortRanges?: readonly PortRangeJson[];
  readonly DestinationPortRanges?: readonly PortRangeJson[];
  readonly Protocol: string;
}

/** The ACL entry a hop used (EC2 `AnalysisAclRule`). */
export interface AnalysisAclRule {
  readonly Cidr: string;
  readonly Egress: boolean;
  readonly PortRange?: PortRangeJson;
  readonly Protocol: string;
  readonly RuleAction: 'allow' | 'deny';
  readonly RuleNumber: number;
}

/** The security group rule a hop used (EC2 `AnalysisSecurityGroupRule`). */
export interface AnalysisSecurityGroupRule {
  readonly Cidr?: string;
  readonly Direction: 'ingress' | 'egress';
  readonly SecurityGroupId?: string;
  readonly PortRange?: PortRangeJson;
  readonly PrefixListId?: string;
  readonly Protocol: string;
}

/** The route a hop used (EC2 `AnalysisRouteTableRoute`). */
export interface AnalysisRouteTableRoute {
  readonly DestinationCidr?: string;
  readonly DestinationPrefixListId?: string;
  readonly GatewayId?: string;
  readonly EgressOnlyInternetGatewayId?: string;
  readonly NatGatewayId?: string;
  readonly NetworkInterfaceId?: string;
  readonly InstanceId?: string;
  readonly VpcPeeringConnectionId?: string;
  readonly TransitGatewayId?: string;
  readonly LocalGatewayId?: string;
  readonly CarrierGatewayId?: string;
  readonly CoreNetworkArn?: string;
  readonly Origin: string;
  readonly State: 'active' | 'blackhole';
}

/** The transit gateway route a hop used (EC2 `TransitGatewayRouteTableRoute`). */
export interface AnalysisTransitGatewayRouteTableRoute {
  readonly DestinationCidr: string;
  readonly State: 'active' | 'blackhole';
  readonly RouteOrigin: 'static' | 'propagated';
  readonly PrefixListId?: string;
  readonly AttachmentId?: string;
  readonly ResourceId?: string;
  readonly ResourceType?: string;
}

/** Informational detail on a hop (EC2 `AdditionalDetail`). */
export interface AdditionalDetail {
  readonly AdditionalDetailType: string;
  readonly Component?: AnalysisComponent;
}

/** One hop of a path (EC2 `PathComponent`). */
export interface PathComponent {
  SequenceNumber: number;
  Component: AnalysisComponent;
  Vpc?: AnalysisComponent;
  Subnet?: AnalysisComponent;
  AttachedTo?: AnalysisComponent;
  SourceVpc?: AnalysisComponent;
  DestinationVpc?: AnalysisComponent;
  InboundHeader?: AnalysisPacketHeader;
  OutboundHeader?: AnalysisPacketHeader;
  AclRule?: AnalysisAclRule;
  SecurityGroupRule?: AnalysisSecurityGroupRule;
  RouteTableRoute?: AnalysisRouteTableRoute;
  ServiceName?: string;
  AdditionalDetails?: AdditionalDetail[];
  TransitGateway?: AnalysisComponent;
  TransitGatewayRouteTableRoute?: AnalysisTransitGatewayRouteTableRoute;
  /** A load balancer hop: the ELBv2 listener it used, as a component (EC2's model). */
  ElasticLoadBalancerListener?: AnalysisComponent;
  /** Informational explanations of this hop (e.g. TGW_ATTACH_VPC_AZ_RESTRICTION, D75). */
  Explanations?: Explanation[];
}

/** A load balancer's target in an explanation (EC2 `AnalysisLoadBalancerTarget`). */
export interface AnalysisLoadBalancerTarget {
  readonly Address?: string;
  readonly AvailabilityZone?: string;
  readonly Instance?: AnalysisComponent;
  readonly Port?: number;
}

/** Why a path is not reachable (EC2 `Explanation`, the fields vpctwin fills). */
export interface Explanation {
  ExplanationCode: string;
  Direction?: 'ingress' | 'egress';
  PacketField?: string;
  Component?: AnalysisComponent;
  Vpc?: AnalysisComponent;
  Subnet?: AnalysisComponent;
  NetworkInterface?: AnalysisComponent;
  SecurityGroups?: AnalysisComponent[];
  /** The rule a block is about (SG_REFERENCING_SUPPORT: the inbound rule naming a group). */
  SecurityGroupRule?: AnalysisSecurityGroupRule;
  Acl?: AnalysisComponent;
  AclRule?: AnalysisAclRule;
  RouteTable?: AnalysisComponent;
  RouteTableRoute?: AnalysisRouteTableRoute;
  InternetGateway?: AnalysisComponent;
  NatGateway?: AnalysisComponent;
  VpcPeeringConnection?: AnalysisComponent;
  VpcEndpoint?: AnalysisComponent;
  VpnGateway?: AnalysisComponent;
  VpnConnection?: AnalysisComponent;
  CustomerGateway?: AnalysisComponent;
  Destination?: AnalysisComponent;
  State?: string;
  Address?: string;
  Cidrs?: string[];
  Protocols?: string[];
  TransitGateway?: AnalysisComponent;
  TransitGatewayAttachment?: AnalysisComponent;
  TransitGatewayRouteTable?: AnalysisComponent;
  TransitGatewayRouteTableRoute?: AnalysisTransitGatewayRouteTableRoute;
  AvailabilityZoneIds?: string[];
  LoadBalancerArn?: string;
  ElasticLoadBalancerListener?: AnalysisComponent;
  LoadBalancerListenerPort?: number;
  LoadBalancerTargetGroup?: AnalysisComponent;
  LoadBalancerTarget?: AnalysisLoadBalancerTarget;
  /** The port ranges a trace asked for (TARGET_PORT_RESTRICTION). */
  PortRanges?: PortRangeJson[];
  AvailabilityZones?: string[];
}

/** The answer to a trace (EC2 `NetworkInsightsAnalysis`, without the ids a face adds). */
export interface NetworkInsightsAnalysis {
  Status: 'succeeded' | 'failed';
  StatusMessage?: string;
  /** Informational: e.g. transit gateway appliance mode recommended for this flow. */
  WarningMessage?: string;
  NetworkPathFound?: boolean;
  ForwardPathComponents?: PathComponent[];
  /** The reply's path: complete when reachable; up to the blocking hop when the reply is blocked. */
  ReturnPathComponents?: PathComponent[];
  Explanations?: Explanation[];
}
