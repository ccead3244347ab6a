import type { Refusal } from './explanation.js';
import type { SubnetNode } from './graph.js';
import { flowHash, type Packet } from './packet.js';
import type {
  TgwAttachmentNode,
  TgwNode,
  TgwRouteEntry,
  TgwRouteTableNode,
} from './transit-gateway-graph.js';

/**
 * The transit gateway function (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html):
 * a packet enters through the attachment it came from — a VPC attachment only in an AZ where
 * the attachment has a subnet — is routed by the route table associated with that attachment
 * (longest prefix, then static > prefix list > VPC > DX > Connect > VPN propagated), and leaves
 * through the route's attachment: for a VPC, by the ENI in the entry AZ if it has one, else in
 * another AZ; with appliance mode, by an AZ picked from a hash of the flow that both directions
 * share. Peering attachments hand the packet to the peer gateway, which routes it by its own
 * association of the peering.
 */

type Refused = { readonly ok: false } & Refusal;

/**
 * The attachment subnet a packet from a VPC subnet enters by: the one in the source's AZ.
 * Without one, the subnet's route to the gateway does not forward (TGW_ROUTE_AZ_RESTRICTION).
 */
export function tgwEntrySubnet(
  att: TgwAttachmentNode,
  fromAzId: string | undefined,
): { readonly ok: true; readonly subnet: SubnetNode } | Refused {
  const first = att.azIds[0];
  const azId = fromAzId ?? first;
  const subnet = azId === undefined ? undefined : att.subnetByAz.get(azId);
  if (!subnet) {
    return {
      ok: false,
      code: 'TGW_ROUTE_AZ_RESTRICTION',
      ...(fromAzId ? { availabilityZoneIds: [fromAzId] } : {}),
    };
  }
  return { ok: true, subnet };
}

/** The outcome of a route lookup in a transit gateway route table. */
export type TgwLookup =
  | { readonly ok: true; readonly table: TgwRouteTableNode; readonly entry: TgwRouteEntry }
  | (Refused & {
      readonly table?: TgwRouteTableNode;
      readonly entry?: TgwRouteEntry;
      /** The attachment the destination sits behind, when the table has no route to it. */
      readonly behind?: TgwAttachmentNode;
    });

/**
 * Routes a packet that entered `tgw` through `att`: the associated table, the winning route
 * (one of several equal ones picked by the flow hash: ECMP), or why not.
 */
export function tgwRoute(tgw: TgwNode, att: TgwAttachmentNode, p: Packet): TgwLookup {
  const table = att.associations.get(tgw.id);
  if (!table) return { ok: false, code: 'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION' };
  const winners = (p.dst.family === 4 ? table.v4 : table.v6).lpm(p.dst)?.value;
  if (!winners || winners.length === 0) {
    // The destination sits behind an attachment the table has no route to, or behind none.
    const behind = (p.dst.family === 4 ? tgw.advertised4 : tgw.advertised6).lpm(p.dst);
    return behind
      ? {
          ok: false,
          code: 'TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT',
          packetField: 'destination-address',
          address: p.dst,
          table,
          behind: behind.value,
        }
      : {
          ok: false,
          code: 'TGW_RTB_CANNOT_ROUTE',
          packetField: 'destination-address',
          address: p.dst,
          table,
        };
  }
  // Equal routes share the flow by hash (ECMP) only when the gateway has VPN ECMP on (VPN and
  // Connect are the only attachments that propagate equal routes); else the first one carries it.
  const entry =
    winners.length === 1 || !tgw.vpnEcmp ? winners[0] : winners[flowHash(p) % winners.length];
  if (!entry) return { ok: false, code: 'TGW_RTB_CANNOT_ROUTE', table };
  if (entry.route.state === 'blackhole' || !entry.attachment) {
    return { ok: false, code: 'TGW_RTB_BAD_STATE_ROUTE', state: 'blackhole', table, entry };
  }
  return { ok: true, table, entry };
}

/**
 * The attachment subnet a packet leaves a VPC attachment by, and whether it crossed AZs. With
 * appliance mode the flow hash picks the AZ (the same for the reply); without, the entry AZ when
 * the attachment has a subnet there, else the first other AZ (AWS: "only crosses AZs if the
 * attachment has no subnet in that AZ").
 */
export function tgwExitSubnet(
  att: TgwAttachmentNode,
  entryAzId: string | undefined,
  p: Packet,
): { readonly subnet: SubnetNode; readonly crossed: boolean } | undefined {
  const ids = att.azIds;
  if (ids.length === 0) return undefined;
  let azId: string | undefined;
  if (att.applianceMode) azId = ids[flowHash(p) % ids.length];
  else azId = entryAzId !== undefined && att.subnetByAz.has(entryAzId) ? entryAzId : ids[0];
  const subnet = azId === undefined ? undefined : att.subnetByAz.get(azId);
  if (!subnet) return undefined;
  return { subnet, crossed: entryAzId !== undefined && entryAzId !== azId };
}
