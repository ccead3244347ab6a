import { nameTag } from '../model/common.js';
import type { Snapshot } from '../model/snapshot.js';
import { isLiveAttachment, tgwRoutes } from '../model/transit-gateway.js';
import { formatVpnBandwidth, vpnEcmpBandwidth } from '../model/vpn-ecmp-bandwidth.js';

type Row = Record<string, string | number>;

const n = (r: { tags: readonly { key: string; value: string }[] }) => nameTag(r) ?? '';

/** The `vpctwin show` tables of transit gateways: gateways, attachments, and routes per table. */
export const TRANSIT_GATEWAY_VIEWS: readonly {
  readonly name: string;
  rows(s: Snapshot): Row[];
}[] = [
  {
    name: 'transit-gateways',
    rows: (s) =>
      [...s.all('transit-gateway')]
        .filter((g) => g.state !== 'deleted')
        .map((g) => ({
          id: g.id,
          name: n(g),
          account: g.ownerId,
          region: g.region,
          asn: g.options.amazonSideAsn,
          'default rtb': g.options.associationDefaultRouteTableId ?? '',
          // Aggregate VPN bandwidth toward on premises (D74), empty without VPNs.
          'vpn bandwidth': vpnBandwidthText(s, g.id),
        })),
  },
  {
    name: 'tgw-attachments',
    rows: (s) =>
      [...s.all('transit-gateway-attachment')].filter(isLiveAttachment).map((a) => ({
        id: a.id,
        name: n(a),
        type: a.resourceType,
        resource: a.resourceId,
        gateway: a.transitGatewayId,
        state: a.state,
        subnets: (a.vpc?.subnetIds ?? []).join(' '),
        appliance: a.vpc?.options.applianceModeSupport ?? '',
      })),
  },
  {
    name: 'tgw-routes',
    rows: (s) =>
      [...s.all('transit-gateway-route-table')].flatMap((t) =>
        tgwRoutes(s, t).map((r) => ({
          table: n(t) || t.id,
          destination: r.prefixListId
            ? `${r.prefixListId} (${r.destination.toString()})`
            : r.destination.toString(),
          type: r.type,
          target: r.attachmentId ?? 'blackhole',
          state: r.state,
        })),
      ),
  },
];

function vpnBandwidthText(s: Snapshot, tgwId: string): string {
  const b = vpnEcmpBandwidth(s, tgwId);
  return b ? formatVpnBandwidth(b) : '';
}
