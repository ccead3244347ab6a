import { PrefixTrie } from '../net/index.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  advertisedPrefixes,
  tgwRouteCandidates,
  tgwRoutes,
  type TgwAttachmentResourceType,
  type TgwAttachmentState,
  type TgwRoute,
  type TransitGatewayState,
} from '../model/transit-gateway.js';
import { nameTag } from '../model/common.js';
import type { NodeBase, SubnetNode, VpcNode } from './graph.js';

/**
 * The transit gateway part of the forwarding graph: gateways, attachments (a VPC attachment's
 * subnet per Availability Zone, appliance mode, the peering's two gateways), and route tables
 * compiled to prefix tries of their winning routes (several for ECMP).
 */

/**
 * A transit gateway, with the prefixes its attachments advertise or its static routes send to an
 * attachment (to tell a missing route to a known attachment from a destination behind none).
 */
export interface TgwNode extends NodeBase {
  readonly kind: 'transit-gateway';
  readonly state: TransitGatewayState;
  readonly vpnEcmp: boolean;
  /** `SecurityGroupReferencingSupport` of the gateway (D77). */
  readonly sgReferencing: boolean;
  /** Which attachment advertises an address, whatever the route tables say. */
  readonly advertised4: PrefixTrie<TgwAttachmentNode>;
  readonly advertised6: PrefixTrie<TgwAttachmentNode>;
}

/** A transit gateway attachment. */
export interface TgwAttachmentNode extends NodeBase {
  readonly kind: 'transit-gateway-attachment';
  readonly resourceType: TgwAttachmentResourceType;
  readonly resourceId: string;
  readonly state: TgwAttachmentState;
  /** The gateway(s): one, or both sides of a peering. */
  readonly gatewayIds: readonly string[];
  readonly vpc: VpcNode | undefined;
  /** The attachment's subnet in each Availability Zone, by AZ id (VPC attachments). */
  readonly subnetByAz: ReadonlyMap<string, SubnetNode>;
  /** AZ ids with a subnet, sorted: the order of the fallback and of the appliance-mode hash. */
  readonly azIds: readonly string[];
  readonly applianceMode: boolean;
  /** A VPC attachment's `SecurityGroupReferencingSupport` (D77). */
  readonly sgReferencing: boolean;
  /** The route table it is associated with, per gateway id. */
  readonly associations: Map<string, TgwRouteTableNode>;
}

/** One route of a compiled transit gateway route table. */
export interface TgwRouteEntry {
  readonly route: TgwRoute;
  readonly attachment: TgwAttachmentNode | undefined;
}

/** A transit gateway route table: per prefix, the routes of the best rank (ECMP when several). */
export interface TgwRouteTableNode extends NodeBase {
  readonly kind: 'transit-gateway-route-table';
  readonly transitGatewayId: string;
  readonly v4: PrefixTrie<readonly TgwRouteEntry[]>;
  readonly v6: PrefixTrie<readonly TgwRouteEntry[]>;
  /**
   * Every candidate route, the ones a better route hides included (a propagated route under a
   * static one of the same prefix): what route-shadowing explanations compare with (D76).
   */
  readonly candidates: readonly TgwRouteEntry[];
}

/** The compiled transit gateways of a snapshot. */
export interface TgwGraph {
  readonly transitGateways: ReadonlyMap<string, TgwNode>;
  readonly tgwAttachments: ReadonlyMap<string, TgwAttachmentNode>;
  readonly tgwRouteTables: ReadonlyMap<string, TgwRouteTableNode>;
  /** `vpcId|tgwId` → the VPC's attachment to that gateway. */
  readonly vpcAttachments: ReadonlyMap<string, TgwAttachmentNode>;
  /**
   * The available VPN and Direct Connect gateway attachments, by `hybridAttachmentKey`: where
   * traffic from on premises enters a transit gateway.
   */
  readonly hybridAttachments: ReadonlyMap<string, TgwAttachmentNode>;
}

/**
 * The key of `hybridAttachments`: a VPN connection's id (it has one gateway), or
 * `dxgwId|tgwId` for a Direct Connect gateway (it may reach several).
 */
export const hybridAttachmentKey = (resourceId: string, tgwId?: string): string =>
  tgwId === undefined ? resourceId : `${resourceId}|${tgwId}`;

/** The key of `vpcAttachments`. */
export const vpcTgwKey = (vpcId: string, tgwId: string): string => `${vpcId}|${tgwId}`;

/** Compiles the gateways, attachments and route tables of a snapshot. */
export function compileTransitGateways(
  s: Snapshot,
  vpcs: ReadonlyMap<string, VpcNode>,
  subnets: ReadonlyMap<string, SubnetNode>,
): TgwGraph {
  const transitGateways = new Map<string, TgwNode>();
  for (const g of s.all('transit-gateway')) {
    transitGateways.set(g.id, {
      id: g.id,
      name: nameTag(g),
      region: g.region,
      ownerId: g.ownerId,
      kind: 'transit-gateway',
      state: g.state,
      vpnEcmp: g.options.vpnEcmpSupport === 'enable',
      sgReferencing: g.options.securityGroupReferencingSupport === 'enable',
      advertised4: new PrefixTrie<TgwAttachmentNode>(4),
      advertised6: new PrefixTrie<TgwAttachmentNode>(6),
    });
  }
  const tgwAttachments = new Map<string, TgwAttachmentNode>();
  const vpcAttachments = new Map<string, TgwAttachmentNode>();
  const hybridAttachments = new Map<string, TgwAttachmentNode>();
  for (const a of s.all('transit-gateway-attachment')) {
    if (a.state === 'deleted') continue;
    const subnetByAz = new Map<string, SubnetNode>();
    for (const id of a.vpc?.subnetIds ?? []) {
      const sn = subnets.get(id);
      if (sn) subnetByAz.set(sn.availabilityZoneId, sn);
    }
    const gatewayIds = a.peering
      ? [a.peering.requesterTgwInfo.transitGatewayId, a.peering.accepterTgwInfo.transitGatewayId]
      : [a.transitGatewayId];
    const node: TgwAttachmentNode = {
      id: a.id,
      name: nameTag(a),
      region: a.region,
      ownerId: a.ownerId,
      kind: 'transit-gateway-attachment',
      resourceType: a.resourceType,
      resourceId: a.resourceId,
      state: a.state,
      gatewayIds,
      vpc: a.vpc ? vpcs.get(a.vpc.vpcId) : undefined,
      subnetByAz,
      azIds: [...subnetByAz.keys()].sort(),
      applianceMode: a.vpc?.options.applianceModeSupport === 'enable',
      sgReferencing: a.vpc?.options.securityGroupReferencingSupport === 'enable',
      associations: new Map(),
    };
    tgwAttachments.set(a.id, node);
    if (a.vpc && a.state === 'available') {
      vpcAttachments.set(vpcTgwKey(a.vpc.vpcId, a.transitGatewayId), node);
    }
    if (a.state === 'available' && a.resourceType === 'vpn') {
      hybridAttachments.set(hybridAttachmentKey(a.resourceId), node);
    }
    if (a.state === 'available' && a.resourceType === 'direct-connect-gateway') {
      hybridAttachments.set(hybridAttachmentKey(a.resourceId, a.transitGatewayId), node);
    }
    const tgw = transitGateways.get(a.transitGatewayId);
    if (tgw && a.state === 'available') {
      for (const c of advertisedPrefixes(s, a)) {
        (c.family === 4 ? tgw.advertised4 : tgw.advertised6).set(c, node);
      }
    }
  }
  const tgwRouteTables = new Map<string, TgwRouteTableNode>();
  for (const t of s.all('transit-gateway-route-table')) {
    const node: TgwRouteTableNode = {
      id: t.id,
      name: nameTag(t),
      region: t.region,
      ownerId: t.ownerId,
      kind: 'transit-gateway-route-table',
      transitGatewayId: t.transitGatewayId,
      v4: new PrefixTrie<readonly TgwRouteEntry[]>(4),
      v6: new PrefixTrie<readonly TgwRouteEntry[]>(6),
      candidates: [],
    };
    const all = tgwRouteCandidates(s, t);
    const entryOf = new Map<TgwRoute, TgwRouteEntry>();
    for (const route of all) {
      const entry: TgwRouteEntry = {
        route,
        attachment: route.attachmentId ? tgwAttachments.get(route.attachmentId) : undefined,
      };
      entryOf.set(route, entry);
      (node.candidates as TgwRouteEntry[]).push(entry);
    }
    // Equal routes (VPN ECMP) in the order of their resources' ids, the order a site lists its
    // VPN uplinks in: the symmetric flow hash then keeps a flow and its reply on one VPN (D72).
    const ordered = tgwRoutes(s, t, all).sort((a, b) =>
      (a.resourceId ?? '') < (b.resourceId ?? '')
        ? -1
        : (a.resourceId ?? '') > (b.resourceId ?? '')
          ? 1
          : 0,
    );
    for (const route of ordered) {
      const entry = entryOf.get(route)!;
      const trie = route.destination.family === 4 ? node.v4 : node.v6;
      trie.set(route.destination, [...(trie.get(route.destination) ?? []), entry]);
    }
    // A destination a static route of any table sends to an attachment also sits behind it.
    const tgw = transitGateways.get(t.transitGatewayId);
    for (const route of t.routes) {
      const att =
        route.transitGatewayAttachmentId && tgwAttachments.get(route.transitGatewayAttachmentId);
      const trie = route.destinationCidrBlock.family === 4 ? tgw?.advertised4 : tgw?.advertised6;
      if (att && trie && !trie.has(route.destinationCidrBlock))
        trie.set(route.destinationCidrBlock, att);
    }
    tgwRouteTables.set(t.id, node);
    for (const id of t.associations) {
      tgwAttachments.get(id)?.associations.set(t.transitGatewayId, node);
    }
  }
  return { transitGateways, tgwAttachments, tgwRouteTables, vpcAttachments, hybridAttachments };
}
