import type { Cidr, Ip, PrefixTrie } from '../net/index.js';
import type { VgwPath } from '../model/advertised-prefixes.js';
import type { AddressSet, NodeBase, RouteTableNode, VpcNode } from './graph.js';

/**
 * The hybrid part of the forwarding graph: virtual private gateways with what they have
 * learned, VPN connections and customer gateways, Direct Connect virtual interfaces, and the
 * on-premises sites behind them (D41, D45).
 */

/** A path a VGW uses toward on premises, resolved to graph nodes. */
export type VgwHop =
  | { readonly kind: 'vpn'; readonly vpn: VpnNode }
  | { readonly kind: 'direct-connect'; readonly vif: VifNode };

/** The route a VGW uses for one prefix: the best learned path (D40's preference order). */
export interface VgwRoute {
  readonly destination: Cidr;
  readonly via: VgwHop;
  readonly learned: VgwPath;
}

/** A virtual private gateway: its VPC, its edge route table, and what it learned from on premises. */
export interface VgwNode extends NodeBase {
  readonly kind: 'vpn-gateway';
  /** The VPC it is attached to (undefined when detached or deleted). */
  readonly vpc: VpcNode | undefined;
  readonly available: boolean;
  edgeRouteTable: RouteTableNode | undefined;
  /** The VPC's main route table: where traffic from on premises to non-VPC addresses is looked up (D45). */
  readonly mainRouteTable: RouteTableNode | undefined;
  readonly routes: PrefixTrie<VgwRoute>;
}

/** A customer gateway and the site behind it. */
export interface CgwNode extends NodeBase {
  readonly kind: 'customer-gateway';
  readonly ipAddress: Ip;
  site: SiteNode | undefined;
}

/** A Site-to-Site VPN connection between a customer gateway and a VGW or a transit gateway. */
export interface VpnNode extends NodeBase {
  readonly kind: 'vpn-connection';
  readonly vpnGateway: VgwNode | undefined;
  readonly transitGatewayId: string | undefined;
  readonly customerGateway: CgwNode | undefined;
  readonly state: string;
  /** Available with a tunnel UP (D42). */
  readonly up: boolean;
}

/** A Direct Connect virtual interface: the VGW it reaches (directly or through a DX gateway). */
export interface VifNode extends NodeBase {
  readonly kind: 'virtual-interface';
  readonly virtualInterfaceType: 'private' | 'transit';
  readonly up: boolean;
  /** The VGWs it reaches, with the prefixes they allow toward on premises. */
  readonly gateways: { readonly vgw: VgwNode; readonly allowed: readonly Cidr[] }[];
  /**
   * A transit interface: the transit gateways its Direct Connect gateway is associated with,
   * with the prefixes each association allows toward on premises (D72).
   */
  readonly transitGateways: { readonly tgwId: string; readonly allowed: readonly Cidr[] }[];
  readonly directConnectGatewayId: string | undefined;
  site: SiteNode | undefined;
}

/** One way out of a site toward AWS: the AWS prefixes it carries. */
export interface SiteUplink {
  readonly prefixes: readonly Cidr[];
  readonly via: VgwHop;
}

/** An on-premises site: its blocks and named hosts, and its uplinks toward AWS. */
export interface SiteNode extends NodeBase {
  readonly kind: 'on-premises-site';
  readonly cidrs: readonly Cidr[];
  readonly blocks: AddressSet;
  readonly hosts: ReadonlyMap<string, Ip>;
  /** Direct Connect first, then VPN connections in id order (D45). */
  readonly uplinks: SiteUplink[];
}

/** Any hybrid node. */
export type HybridNode = VgwNode | CgwNode | VpnNode | VifNode | SiteNode;

/** The hybrid maps of a compiled dataplane. */
export interface HybridGraph {
  readonly vpnGateways: ReadonlyMap<string, VgwNode>;
  readonly customerGateways: ReadonlyMap<string, CgwNode>;
  readonly vpnConnections: ReadonlyMap<string, VpnNode>;
  readonly virtualInterfaces: ReadonlyMap<string, VifNode>;
  readonly sites: ReadonlyMap<string, SiteNode>;
}

/**
 * ARNs of the nodes that are not EC2 resources: Direct Connect's own (`dxvif/…`), and a
 * vpctwin ARN for on-premises sites (D45), so a path component always has one.
 */
export function hybridArn(n: VifNode | SiteNode): string {
  if (n.kind === 'virtual-interface') {
    return `arn:aws:directconnect:${n.region}:${n.ownerId}:dxvif/${n.id}`;
  }
  return `arn:vpctwin:onprem::${n.ownerId}:site/${n.id}`;
}
