import type { Snapshot } from '../model/snapshot.js';
import {
  isLiveAttachment,
  type TransitGateway,
  type TransitGatewayAttachment,
  type TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import type { ExportNames } from './export.js';
import type { TopologyTgwRouteTable, TopologyTransitGateway } from './schema.js';

/**
 * The `transitGateways` of one account and Region, written back so that loading them rebuilds
 * the same gateways: options that differ from AWS's defaults, VPC attachments, the peerings the
 * gateway requested, and route tables with associations, propagations, static routes and
 * prefix-list references. A static route whose attachment is gone is written as a blackhole
 * (the file cannot name a deleted attachment).
 */
export function exportTransitGateways(
  s: Snapshot,
  names: ExportNames,
  account: string,
  region: string,
): TopologyTransitGateway[] {
  return s
    .find('transitGatewaysByOwnerRegion', `${account}|${region}`)
    .filter((g) => g.state !== 'deleted')
    .map((g) => exportGateway(s, names, g));
}

const flag = (v: 'enable' | 'disable', aws: 'enable' | 'disable'): boolean | undefined =>
  v === aws ? undefined : v === 'enable';

/** Only the fields that are set: a YAML writer must not see `undefined`. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const tgwName = (names: ExportNames, g: Pick<TransitGateway, 'id' | 'tags'>): string =>
  names.of(g.id, g.tags);

const attachmentName = (names: ExportNames, a: TransitGatewayAttachment): string =>
  names.of(a.id, a.tags, 'tgw-attach');

function exportGateway(s: Snapshot, names: ExportNames, g: TransitGateway): TopologyTransitGateway {
  const o = g.options;
  const attachments = s.find('tgwAttachmentsByGateway', g.id).filter(isLiveAttachment);
  // Another account's attachment is written with its account and, unless accepted, its state
  // — rejected ones included, as the file can say so (D78).
  const rejected = s
    .find('tgwAttachmentsByGateway', g.id)
    .filter((a) => a.state === 'rejected' && a.ownerId !== g.ownerId);
  const vpcAttachments = [...attachments, ...rejected]
    .filter((a) => a.resourceType === 'vpc' && a.vpc && a.transitGatewayId === g.id)
    .map((a) => {
      const v = a.vpc!;
      const foreign = a.ownerId !== g.ownerId;
      return defined({
        name: attachmentName(names, a),
        vpc: names.vpc(v.vpcId),
        subnets: v.subnetIds.map((id) =>
          names.ref(id, s.get('subnet', id)?.tags ?? [], v.vpcId, v.vpcId),
        ),
        applianceMode: flag(v.options.applianceModeSupport, 'disable'),
        dnsSupport: flag(v.options.dnsSupport, 'enable'),
        ipv6Support: flag(v.options.ipv6Support, 'disable'),
        securityGroupReferencing: flag(v.options.securityGroupReferencingSupport, 'enable'),
        account: foreign ? a.ownerId : undefined,
        status:
          foreign && (a.state === 'pendingAcceptance' || a.state === 'rejected')
            ? a.state
            : undefined,
      });
    });
  const peerings = attachments
    .filter((a) => a.peering?.requesterTgwInfo.transitGatewayId === g.id)
    .filter((a) => ['available', 'pendingAcceptance', 'rejected'].includes(a.state))
    .map((a) => {
      const peer = a.peering!.accepterTgwInfo;
      const peerTgw = s.get('transit-gateway', peer.transitGatewayId);
      return {
        name: attachmentName(names, a),
        peer: peerTgw ? tgwName(names, peerTgw) : peer.transitGatewayId,
        account: peer.ownerId,
        region: peer.region,
        ...(a.state === 'available' ? {} : { status: a.state as 'pendingAcceptance' | 'rejected' }),
      };
    });
  const routeTables = s
    .find('tgwRouteTablesByGateway', g.id)
    .map((t) => exportRouteTable(s, names, g, t));
  return defined({
    name: tgwName(names, g),
    description: g.description,
    amazonSideAsn: o.amazonSideAsn === 64512 ? undefined : o.amazonSideAsn,
    defaultRouteTableAssociation: flag(o.defaultRouteTableAssociation, 'enable'),
    defaultRouteTablePropagation: flag(o.defaultRouteTablePropagation, 'enable'),
    vpnEcmpSupport: flag(o.vpnEcmpSupport, 'enable'),
    dnsSupport: flag(o.dnsSupport, 'enable'),
    securityGroupReferencingSupport: flag(o.securityGroupReferencingSupport, 'disable'),
    autoAcceptSharedAttachments: flag(o.autoAcceptSharedAttachments, 'disable'),
    cidrBlocks: o.transitGatewayCidrBlocks.length
      ? o.transitGatewayCidrBlocks.map((c) => c.toString())
      : undefined,
    vpcAttachments: vpcAttachments.length ? vpcAttachments : undefined,
    peerings: peerings.length ? peerings : undefined,
    routeTables: routeTables.length ? routeTables : undefined,
  });
}

function exportRouteTable(
  s: Snapshot,
  names: ExportNames,
  g: TransitGateway,
  t: TransitGatewayRouteTable,
): TopologyTgwRouteTable {
  const live = (id: string) => {
    const a = s.get('transit-gateway-attachment', id);
    return a && a.state === 'available' ? a : undefined;
  };
  const refs = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const a = live(id);
      return a ? [attachmentName(names, a)] : [];
    });
  const target = (id: string | undefined): string => {
    const a = id === undefined ? undefined : live(id);
    return a ? attachmentName(names, a) : 'blackhole';
  };
  const isDefault =
    g.options.associationDefaultRouteTableId === t.id ||
    g.options.propagationDefaultRouteTableId === t.id;
  const associations = refs(t.associations);
  const propagations = refs(t.propagations);
  return defined({
    name: names.of(t.id, t.tags, `tgw-rtb|${g.ownerId}|${g.region}`),
    default: isDefault ? true : undefined,
    associations: associations.length ? associations : undefined,
    propagations: propagations.length ? propagations : undefined,
    routes: t.routes.length
      ? t.routes.map((r) => ({
          destination: r.destinationCidrBlock.toString(),
          target: r.blackhole ? 'blackhole' : target(r.transitGatewayAttachmentId),
        }))
      : undefined,
    prefixListReferences: t.prefixListReferences.length
      ? t.prefixListReferences.map((r) => {
          const pl = s.get('prefix-list', r.prefixListId);
          return {
            prefixList: pl ? names.of(pl.id, pl.tags) : r.prefixListId,
            target: r.blackhole ? 'blackhole' : target(r.transitGatewayAttachmentId),
          };
        })
      : undefined,
  });
}
