import type { Cidr, Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { AccountId, Id, RegionName } from './ids.js';
import type { Snapshot } from './snapshot.js';
import { vpcIpv4Cidrs, vpcIpv6Cidrs } from './vpc.js';

/**
 * AWS Transit Gateway (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html):
 * the gateway with its options, its attachments (VPC, VPN, Direct Connect gateway, peering),
 * its route tables with their associations, propagations, static routes and prefix-list
 * references. Propagated routes are derived from the propagations when read (D3), never stored.
 */

/** AWS's `enable | disable` option values. */
export type Toggle = 'enable' | 'disable';

/** EC2 `TransitGatewayOptions`. */
export interface TransitGatewayOptions {
  readonly amazonSideAsn: number;
  readonly autoAcceptSharedAttachments: Toggle;
  readonly defaultRouteTableAssociation: Toggle;
  readonly associationDefaultRouteTableId?: Id<'transit-gateway-route-table'>;
  readonly defaultRouteTablePropagation: Toggle;
  readonly propagationDefaultRouteTableId?: Id<'transit-gateway-route-table'>;
  readonly vpnEcmpSupport: Toggle;
  readonly dnsSupport: Toggle;
  readonly securityGroupReferencingSupport: Toggle;
  readonly multicastSupport: Toggle;
  readonly transitGatewayCidrBlocks: readonly Cidr[];
}

/** Transit gateway states (EC2 `TransitGatewayState`); the twin uses available and deleted. */
export type TransitGatewayState = 'pending' | 'available' | 'modifying' | 'deleting' | 'deleted';

/** A transit gateway (EC2 `TransitGateway`). A deleted one stays visible as `deleted`. */
export interface TransitGateway extends ResourceBase<'transit-gateway', Id<'transit-gateway'>> {
  readonly description?: string;
  readonly state: TransitGatewayState;
  readonly options: TransitGatewayOptions;
  readonly creationTime: string;
}

/** Attachment resource types (EC2 `TransitGatewayAttachmentResourceType`) the twin models. */
export type TgwAttachmentResourceType = 'vpc' | 'vpn' | 'direct-connect-gateway' | 'peering';

/** Attachment states (EC2 `TransitGatewayAttachmentState`). */
export type TgwAttachmentState =
  | 'initiating'
  | 'initiatingRequest'
  | 'pendingAcceptance'
  | 'rollingBack'
  | 'pending'
  | 'available'
  | 'modifying'
  | 'deleting'
  | 'deleted'
  | 'failed'
  | 'rejected'
  | 'rejecting'
  | 'failing';

/** EC2 `TransitGatewayVpcAttachmentOptions`. */
export interface TgwVpcAttachmentOptions {
  readonly dnsSupport: Toggle;
  readonly ipv6Support: Toggle;
  readonly applianceModeSupport: Toggle;
  readonly securityGroupReferencingSupport: Toggle;
}

/** The VPC side of a VPC attachment: one subnet per Availability Zone. */
export interface TgwVpcAttachmentInfo {
  readonly vpcId: Id<'vpc'>;
  readonly vpcOwnerId: AccountId;
  readonly subnetIds: readonly Id<'subnet'>[];
  readonly options: TgwVpcAttachmentOptions;
  /**
   * The requester-managed ENI AWS puts in each attachment subnet (interface type
   * `transit_gateway`), by subnet. Absent on attachments stored before ENIs were modelled.
   */
  readonly networkInterfaces?: readonly {
    readonly subnetId: Id<'subnet'>;
    readonly networkInterfaceId: Id<'network-interface'>;
  }[];
}

/** One side of a peering attachment (EC2 `PeeringTgwInfo`). */
export interface PeeringTgwInfo {
  readonly transitGatewayId: Id<'transit-gateway'>;
  readonly ownerId: AccountId;
  readonly region: RegionName;
}

/** The two sides of a peering attachment. */
export interface TgwPeeringInfo {
  readonly requesterTgwInfo: PeeringTgwInfo;
  readonly accepterTgwInfo: PeeringTgwInfo;
}

/**
 * A transit gateway attachment (EC2 `TransitGatewayAttachment`, with the VPC and peering
 * details of `TransitGatewayVpcAttachment` / `TransitGatewayPeeringAttachment`). A peering
 * attachment is stored once, on the requester's side (its `region` and `ownerId`), and both
 * transit gateways see it under the same id. VPN and Direct Connect gateway attachments name
 * their `resourceId` (vpn-…, a DX gateway id); their details belong to those families.
 */
export interface TransitGatewayAttachment extends ResourceBase<
  'transit-gateway-attachment',
  Id<'transit-gateway-attachment'>
> {
  /** The requester's transit gateway for a peering. */
  readonly transitGatewayId: Id<'transit-gateway'>;
  readonly transitGatewayOwnerId: AccountId;
  readonly resourceType: TgwAttachmentResourceType;
  readonly resourceId: string;
  readonly resourceOwnerId: AccountId;
  readonly state: TgwAttachmentState;
  readonly creationTime: string;
  readonly vpc?: TgwVpcAttachmentInfo;
  readonly peering?: TgwPeeringInfo;
}

/** A static route (EC2 `TransitGatewayRoute` of type static): to an attachment, or a blackhole. */
export interface TgwStaticRoute {
  readonly destinationCidrBlock: Cidr;
  readonly transitGatewayAttachmentId?: Id<'transit-gateway-attachment'>;
  readonly blackhole: boolean;
}

/** A prefix-list reference (EC2 `TransitGatewayPrefixListReference`): each entry acts as a route. */
export interface TgwPrefixListReference {
  readonly prefixListId: Id<'prefix-list'>;
  readonly prefixListOwnerId: AccountId;
  readonly transitGatewayAttachmentId?: Id<'transit-gateway-attachment'>;
  readonly blackhole: boolean;
}

/** A transit gateway route table (EC2 `TransitGatewayRouteTable`) and what it holds. */
export interface TransitGatewayRouteTable extends ResourceBase<
  'transit-gateway-route-table',
  Id<'transit-gateway-route-table'>
> {
  readonly transitGatewayId: Id<'transit-gateway'>;
  readonly state: 'available' | 'deleted';
  readonly creationTime: string;
  /** Attachments associated with this table (each attachment has at most one, per gateway). */
  readonly associations: readonly Id<'transit-gateway-attachment'>[];
  /** Attachments propagating into this table. */
  readonly propagations: readonly Id<'transit-gateway-attachment'>[];
  readonly routes: readonly TgwStaticRoute[];
  readonly prefixListReferences: readonly TgwPrefixListReference[];
}

/** Attachment states in which the attachment still counts (it is not gone or refused). */
const LIVE_ATTACHMENT: ReadonlySet<TgwAttachmentState> = new Set<TgwAttachmentState>([
  'initiating',
  'initiatingRequest',
  'pendingAcceptance',
  'pending',
  'available',
  'modifying',
]);

/** True while an attachment has not been deleted, rejected or failed. */
export const isLiveAttachment = (a: TransitGatewayAttachment): boolean =>
  LIVE_ATTACHMENT.has(a.state);

/** The transit gateway ids an attachment belongs to: one, or both sides of a peering. */
export function attachmentGateways(a: TransitGatewayAttachment): Id<'transit-gateway'>[] {
  return a.peering
    ? [a.peering.requesterTgwInfo.transitGatewayId, a.peering.accepterTgwInfo.transitGatewayId]
    : [a.transitGatewayId];
}

/** The side of a peering attachment across from `tgwId` (undefined for other attachments). */
export function peerTgwOf(a: TransitGatewayAttachment, tgwId: string): PeeringTgwInfo | undefined {
  if (!a.peering) return undefined;
  if (a.peering.requesterTgwInfo.transitGatewayId === tgwId) return a.peering.accepterTgwInfo;
  if (a.peering.accepterTgwInfo.transitGatewayId === tgwId) return a.peering.requesterTgwInfo;
  return undefined;
}

/** The key of the `tgwRouteTableByAssociation` index: one association per attachment per gateway. */
export const tgwAssociationKey = (tgwId: string, attachmentId: string): string =>
  `${tgwId}|${attachmentId}`;

/** The route table an attachment is associated with on one transit gateway, if any. */
export function associatedRouteTable(
  s: Snapshot,
  tgwId: string,
  attachmentId: string,
): TransitGatewayRouteTable | undefined {
  return s.find('tgwRouteTableByAssociation', tgwAssociationKey(tgwId, attachmentId))[0];
}

/** The live attachments of a transit gateway (peerings on either side included). */
export function gatewayAttachments(s: Snapshot, tgwId: string): TransitGatewayAttachment[] {
  return s.find('tgwAttachmentsByGateway', tgwId).filter(isLiveAttachment);
}

/** The live VPC attachment between a VPC and a transit gateway (AWS allows one). */
export function vpcAttachmentBetween(
  s: Snapshot,
  vpcId: string,
  tgwId: string,
): TransitGatewayAttachment | undefined {
  return s
    .find('tgwAttachmentsByVpc', vpcId)
    .find((a) => a.transitGatewayId === tgwId && isLiveAttachment(a));
}

/**
 * Route priority classes on equal prefixes (spec §4): static (VPN static included) beats a
 * prefix-list reference, which beats routes propagated from a VPC, then from a Direct Connect
 * gateway, then from Connect, then from VPN (BGP).
 */
export type TgwRouteRank = 0 | 1 | 2 | 3 | 4 | 5;

/** Where a derived route comes from, for its rank and for SearchTransitGatewayRoutes' `type`. */
export type TgwRouteType = 'static' | 'propagated';

/** One route of a table as AWS lists it (EC2 `TransitGatewayRoute`), resolved. */
export interface TgwRoute {
  readonly destination: Cidr;
  readonly prefixListId: Id<'prefix-list'> | undefined;
  readonly type: TgwRouteType;
  readonly rank: TgwRouteRank;
  readonly state: 'active' | 'blackhole';
  /** The attachment the route sends to; undefined for a blackhole route. */
  readonly attachmentId: Id<'transit-gateway-attachment'> | undefined;
  readonly resourceType: TgwAttachmentResourceType | undefined;
  readonly resourceId: string | undefined;
}

/** Ranks of routes propagated by each attachment type (peering never propagates). */
const PROPAGATED_RANK: Record<TgwAttachmentResourceType, TgwRouteRank> = {
  vpc: 2,
  'direct-connect-gateway': 3,
  vpn: 5,
  peering: 5,
};

/**
 * Providers of the prefixes a VPN or Direct Connect gateway attachment learns by BGP. The
 * hybrid-connectivity family registers them (keyed by resource type); until it does, such
 * attachments advertise nothing. VPC attachments advertise their VPC's blocks; peering
 * attachments never propagate (static routes only).
 */
export const bgpPrefixProviders: Partial<
  Record<
    'vpn' | 'direct-connect-gateway',
    (s: Snapshot, attachment: TransitGatewayAttachment) => readonly Cidr[]
  >
> = {};

/**
 * The prefixes an attachment propagates into the tables it propagates to: a VPC attachment its
 * VPC's IPv4 blocks (and IPv6 blocks when IPv6 support is on); VPN and Direct Connect gateway
 * attachments what they learn by BGP (`bgpPrefixProviders`); a peering nothing.
 */
export function advertisedPrefixes(s: Snapshot, a: TransitGatewayAttachment): readonly Cidr[] {
  switch (a.resourceType) {
    case 'vpc': {
      const vpc = a.vpc && s.get('vpc', a.vpc.vpcId);
      if (!vpc) return [];
      return a.vpc?.options.ipv6Support === 'enable'
        ? [...vpcIpv4Cidrs(vpc), ...vpcIpv6Cidrs(vpc)]
        : vpcIpv4Cidrs(vpc);
    }
    case 'vpn':
    case 'direct-connect-gateway':
      return bgpPrefixProviders[a.resourceType]?.(s, a) ?? [];
    case 'peering':
      return [];
  }
}

/** A static route's or reference's state: blackhole when asked for, or when its attachment is gone. */
function targetState(
  s: Snapshot,
  blackhole: boolean,
  attachmentId: string | undefined,
): { state: 'active' | 'blackhole'; attachment: TransitGatewayAttachment | undefined } {
  const attachment =
    attachmentId === undefined ? undefined : s.get('transit-gateway-attachment', attachmentId);
  const up = !blackhole && attachment !== undefined && attachment.state === 'available';
  return { state: up ? 'active' : 'blackhole', attachment };
}

/**
 * Every route of a table, static, prefix-list and propagated, before selection: the static
 * routes and references as stored, the propagated ones derived from the propagating
 * attachments now. Only available attachments propagate.
 */
export function tgwRouteCandidates(s: Snapshot, t: TransitGatewayRouteTable): TgwRoute[] {
  const out: TgwRoute[] = [];
  for (const r of t.routes) {
    const { state, attachment } = targetState(s, r.blackhole, r.transitGatewayAttachmentId);
    out.push({
      destination: r.destinationCidrBlock,
      prefixListId: undefined,
      type: 'static',
      rank: 0,
      state,
      attachmentId: r.transitGatewayAttachmentId,
      resourceType: attachment?.resourceType,
      resourceId: attachment?.resourceId,
    });
  }
  for (const ref of t.prefixListReferences) {
    const { state, attachment } = targetState(s, ref.blackhole, ref.transitGatewayAttachmentId);
    for (const e of s.get('prefix-list', ref.prefixListId)?.entries ?? []) {
      out.push({
        destination: e.cidr,
        prefixListId: ref.prefixListId,
        type: 'static',
        rank: 1,
        state,
        attachmentId: ref.transitGatewayAttachmentId,
        resourceType: attachment?.resourceType,
        resourceId: attachment?.resourceId,
      });
    }
  }
  for (const id of t.propagations) {
    const a = s.get('transit-gateway-attachment', id);
    if (!a || a.state !== 'available') continue;
    for (const destination of advertisedPrefixes(s, a)) {
      out.push({
        destination,
        prefixListId: undefined,
        type: 'propagated',
        rank: PROPAGATED_RANK[a.resourceType],
        state: 'active',
        attachmentId: a.id,
        resourceType: a.resourceType,
        resourceId: a.resourceId,
      });
    }
  }
  return out;
}

/**
 * The routes a table shows and uses: per prefix, the best rank only (a static route hides a
 * propagated one for the same prefix, which reappears when the static route goes). Routes of
 * the best rank for one prefix are all kept: equal propagated routes are ECMP (VPN).
 */
export function tgwRoutes(
  s: Snapshot,
  t: TransitGatewayRouteTable,
  candidates: readonly TgwRoute[] = tgwRouteCandidates(s, t),
): TgwRoute[] {
  const best = new Map<string, TgwRouteRank>();
  for (const r of candidates) {
    const key = r.destination.toString();
    const rank = best.get(key);
    if (rank === undefined || r.rank < rank) best.set(key, r.rank);
  }
  const kept = candidates.filter((r) => best.get(r.destination.toString()) === r.rank);
  const ecmp = s.get('transit-gateway', t.transitGatewayId)?.options.vpnEcmpSupport === 'enable';
  return ecmp ? kept : oneVpnRoutePerPrefix(kept);
}

/**
 * Without VPN ECMP a gateway uses one of several equal BGP routes from VPN attachments (AWS
 * picks one "at random"); the twin keeps the one to the lowest attachment id, so the choice is
 * deterministic and survives the order propagations were enabled in (D71).
 */
function oneVpnRoutePerPrefix(routes: TgwRoute[]): TgwRoute[] {
  const chosen = new Map<string, TgwRoute>();
  for (const r of routes) {
    if (r.rank !== PROPAGATED_RANK.vpn || r.type !== 'propagated') continue;
    const key = r.destination.toString();
    const cur = chosen.get(key);
    if (!cur || (r.attachmentId ?? '') < (cur.attachmentId ?? '')) chosen.set(key, r);
  }
  return routes.filter(
    (r) =>
      r.rank !== PROPAGATED_RANK.vpn ||
      r.type !== 'propagated' ||
      chosen.get(r.destination.toString()) === r,
  );
}

/**
 * Route selection for a destination (spec §4): longest prefix first, then the best rank on that
 * prefix. Returns every route of the winning prefix and rank (several for ECMP), in table
 * order; empty when no route matches.
 */
export function selectTgwRoutes(routes: readonly TgwRoute[], dst: Ip): TgwRoute[] {
  let bestLen = -1;
  let bestRank = 6;
  let out: TgwRoute[] = [];
  for (const r of routes) {
    if (r.destination.family !== dst.family || !r.destination.contains(dst)) continue;
    const len = r.destination.prefix;
    if (len > bestLen || (len === bestLen && r.rank < bestRank)) {
      bestLen = len;
      bestRank = r.rank;
      out = [r];
    } else if (len === bestLen && r.rank === bestRank) {
      out.push(r);
    }
  }
  return out;
}
