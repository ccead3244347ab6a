import type { Cidr } from '../net/index.js';
import type { ResourceBase, Tag } from './common.js';
import type { AccountId, Id, RegionName } from './ids.js';
import type { Snapshot } from './snapshot.js';

/** One side of a peering connection (EC2 `VpcPeeringConnectionVpcInfo`). */
export interface VpcPeeringConnectionVpcInfo {
  readonly vpcId: Id<'vpc'>;
  readonly ownerId: AccountId;
  readonly region: RegionName;
  readonly cidrBlock?: Cidr;
  readonly allowDnsResolutionFromRemoteVpc: boolean;
}

/** Peering lifecycle states (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html). */
export type PeeringStatusCode =
  | 'initiating-request'
  | 'pending-acceptance'
  | 'active'
  | 'deleted'
  | 'rejected'
  | 'failed'
  | 'expired'
  | 'provisioning'
  | 'deleting';

/**
 * A VPC peering connection. It is stored once, in the requester's Region; the snapshot shows it
 * to both sides. The CIDR blocks of each side are read live from the VPCs.
 */
export interface VpcPeeringConnection extends ResourceBase<
  'vpc-peering-connection',
  Id<'vpc-peering-connection'>
> {
  readonly requesterVpcInfo: VpcPeeringConnectionVpcInfo;
  readonly accepterVpcInfo: VpcPeeringConnectionVpcInfo;
  readonly status: { readonly code: PeeringStatusCode; readonly message: string };
  readonly expirationTime?: string;
  /**
   * The accepter's own tags when it sees the connection as a separate resource (another account
   * or Region); `tags` are then the requester's. Absent for a peering within one account and
   * Region, where both sides share one resource and one tag set.
   */
  readonly accepterTags?: readonly Tag[];
}

/** True when `who` sees the connection from the accepter's side, with its own tags. */
export function isAccepterView(
  p: VpcPeeringConnection,
  who: { readonly accountId: string; readonly region: string },
): boolean {
  const r = p.requesterVpcInfo;
  const a = p.accepterVpcInfo;
  const separate = r.ownerId !== a.ownerId || r.region !== a.region;
  return separate && who.accountId === a.ownerId && who.region === a.region;
}

/** The tags `who` sees on the connection: AWS keeps one set per side across accounts or Regions. */
export const peeringTagsFor = (
  p: VpcPeeringConnection,
  who: { readonly accountId: string; readonly region: string },
): readonly Tag[] => (isAccepterView(p, who) ? (p.accepterTags ?? []) : p.tags);

/** The connection with the tags `who` sees replaced. */
export const withPeeringTags = (
  p: VpcPeeringConnection,
  who: { readonly accountId: string; readonly region: string },
  tags: readonly Tag[],
): VpcPeeringConnection => (isAccepterView(p, who) ? { ...p, accepterTags: tags } : { ...p, tags });

/** States in which a connection still counts as the peering of its VPC pair. */
const LIVE_STATES: ReadonlySet<PeeringStatusCode> = new Set<PeeringStatusCode>([
  'initiating-request',
  'pending-acceptance',
  'provisioning',
  'active',
]);

/** True for a status code in which the connection has not ended (nor failed, nor expired). */
export const isLivePeeringStatus = (code: PeeringStatusCode): boolean => LIVE_STATES.has(code);

/**
 * The connection's status at `now`: an unaccepted request past its expiry reads `expired`. The
 * stored status never says so (nothing runs when the time passes), so readers derive it.
 */
export function peeringStatusAt(
  pcx: VpcPeeringConnection,
  now: Date,
): VpcPeeringConnection['status'] {
  if (
    pcx.status.code === 'pending-acceptance' &&
    pcx.expirationTime !== undefined &&
    Date.parse(pcx.expirationTime) <= now.getTime()
  ) {
    return { code: 'expired', message: 'Expired' };
  }
  return pcx.status;
}

/** The connection as a reader sees it at `now` (status derived; no expiry once expired). */
export function peeringAt(pcx: VpcPeeringConnection, now: Date): VpcPeeringConnection {
  const status = peeringStatusAt(pcx, now);
  if (status === pcx.status) return pcx;
  const { expirationTime: _gone, ...rest } = pcx;
  return { ...rest, status };
}

/** True while the connection counts as a peering of its VPC pair at `now` (not ended, not expired). */
export function isLivePeering(pcx: VpcPeeringConnection, now: Date): boolean {
  return isLivePeeringStatus(peeringStatusAt(pcx, now).code);
}

/** The other side of the connection from `vpcId` (its VPC id, owner and Region), if `vpcId` is a side. */
export function peerVpcOf(
  pcx: VpcPeeringConnection,
  vpcId: string,
): VpcPeeringConnectionVpcInfo | undefined {
  if (pcx.requesterVpcInfo.vpcId === vpcId) return pcx.accepterVpcInfo;
  if (pcx.accepterVpcInfo.vpcId === vpcId) return pcx.requesterVpcInfo;
  return undefined;
}

/** The key of the `peeringsByVpcPair` index: both VPC ids, sorted. */
export const peeringPairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** The active peering connection between two VPCs, if there is one (AWS allows one per pair). */
export function activePeeringBetween(
  s: Snapshot,
  vpcA: string,
  vpcB: string,
): VpcPeeringConnection | undefined {
  // `active` never expires, so no clock is needed here.
  return s
    .find('peeringsByVpcPair', peeringPairKey(vpcA, vpcB))
    .find((p) => p.status.code === 'active');
}

/** True when both sides of the connection are in one Region (not an inter-Region peering). */
export const isSameRegionPeering = (p: VpcPeeringConnection): boolean =>
  p.requesterVpcInfo.region === p.accepterVpcInfo.region;
