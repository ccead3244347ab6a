import type { Snapshot } from '../model/snapshot.js';
import { isLive } from '../model/customer-gateway.js';
import { attachedVpcId } from '../model/vpn-gateway.js';
import { gatewayAttachments } from '../model/transit-gateway.js';
import type { ExportNames } from './export.js';
import type { TopologyAccount, TopologyRegion } from './schema.js';

/**
 * The hybrid sections of an exported topology: what `load-hybrid.ts` reads back. Deleted
 * gateways and connections are left out, as deleted NAT gateways are.
 */

/** A virtual private gateway's name in the file (Region-scoped), or its id when it has none. */
export function vpnGatewayName(s: Snapshot, id: string, names: ExportNames): string {
  return names.of(id, s.get('vpn-gateway', id)?.tags ?? [], 'region');
}

/**
 * The transit gateway side of a VPN connection or Direct Connect association: the gateway's
 * name, and the attachment's name when it is not the one the loader gives by default (D73).
 */
function tgwSide(
  s: Snapshot,
  names: ExportNames,
  tgwId: string,
  type: 'vpn' | 'direct-connect-gateway',
  resourceId: string,
  defaultName: string,
): { transitGateway: string; attachmentName?: string } {
  const tgw = s.get('transit-gateway', tgwId);
  const transitGateway = tgw ? names.of(tgw.id, tgw.tags) : tgwId;
  const att = gatewayAttachments(s, tgwId).find(
    (a) => a.resourceType === type && a.resourceId === resourceId,
  );
  const name = att ? names.of(att.id, att.tags, 'tgw-attach') : defaultName;
  return name === defaultName ? { transitGateway } : { transitGateway, attachmentName: name };
}

type HybridRegion = Pick<
  TopologyRegion,
  | 'customerGateways'
  | 'vpnGateways'
  | 'directConnectGateways'
  | 'virtualInterfaces'
  | 'vpnConnections'
>;

/** The hybrid sections of one account's Region; empty sections are left out. */
export function exportHybridRegion(
  s: Snapshot,
  account: string,
  region: string,
  names: ExportNames,
): HybridRegion {
  const here = <T extends { ownerId: string; region: string }>(r: T) =>
    r.ownerId === account && r.region === region;
  const customerGateways = [...s.all('customer-gateway')]
    .filter((g) => here(g) && isLive(g))
    .map((g) => ({
      name: names.of(g.id, g.tags, 'region'),
      ip: g.ipAddress.toString(),
      bgpAsn: g.bgpAsn,
      ...(g.deviceName !== undefined ? { deviceName: g.deviceName } : {}),
    }));
  const vpnGateways = [...s.all('vpn-gateway')]
    .filter((g) => here(g) && isLive(g))
    .map((g) => {
      const vpcId = attachedVpcId(g);
      const propagating = vpcId
        ? s
            .find('routeTablesByPropagatingVgw', g.id)
            .filter((t) => t.vpcId === vpcId)
            .map((t) => names.of(t.id, t.tags, vpcId))
        : [];
      return {
        name: vpnGatewayName(s, g.id, names),
        ...(vpcId ? { vpc: names.vpc(vpcId) } : {}),
        amazonSideAsn: g.amazonSideAsn,
        ...(propagating.length ? { routePropagation: propagating } : {}),
      };
    });
  const directConnectGateways = [...s.all('direct-connect-gateway')]
    .filter((g) => here(g) && g.directConnectGatewayState === 'available')
    .map((g) => {
      const name = names.of(g.id, [{ key: 'Name', value: g.directConnectGatewayName }], 'region');
      return {
        name,
        amazonSideAsn: g.amazonSideAsn,
        ...(g.associations.length
          ? {
              associations: g.associations.map((a) => ({
                ...(a.associatedGateway.type === 'virtualPrivateGateway'
                  ? { vpnGateway: vpnGatewayName(s, a.associatedGateway.id, names) }
                  : tgwSide(
                      s,
                      names,
                      a.associatedGateway.id,
                      'direct-connect-gateway',
                      g.id,
                      name,
                    )),
                allowedPrefixes: a.allowedPrefixesToDirectConnectGateway.map(String),
              })),
            }
          : {}),
      };
    });
  const virtualInterfaces = [...s.all('virtual-interface')]
    .filter((v) => here(v) && v.virtualInterfaceState !== 'deleted')
    .map((v) => {
      const dxgw = v.directConnectGatewayId
        ? s.get('direct-connect-gateway', v.directConnectGatewayId)
        : undefined;
      return {
        name: names.of(v.id, v.tags, 'region'),
        type: v.virtualInterfaceType,
        connection: v.connectionId,
        vlan: v.vlan,
        asn: v.asn,
        ...(v.virtualGatewayId ? { vpnGateway: vpnGatewayName(s, v.virtualGatewayId, names) } : {}),
        ...(dxgw
          ? {
              directConnectGateway: names.of(
                dxgw.id,
                [{ key: 'Name', value: dxgw.directConnectGatewayName }],
                'region',
              ),
            }
          : {}),
        ...(v.mtu !== 1500 ? { mtu: v.mtu } : {}),
      };
    });
  const vpnConnections = [...s.all('vpn-connection')]
    .filter((c) => here(c) && isLive(c))
    .map((c) => ({ c, name: names.of(c.id, c.tags, 'region') }))
    .map(({ c, name }) => ({
      name,
      customerGateway: names.of(
        c.customerGatewayId,
        s.get('customer-gateway', c.customerGatewayId)?.tags ?? [],
        'region',
      ),
      ...(c.vpnGatewayId ? { vpnGateway: vpnGatewayName(s, c.vpnGatewayId, names) } : {}),
      ...(c.transitGatewayId ? tgwSide(s, names, c.transitGatewayId, 'vpn', c.id, name) : {}),
      staticRoutesOnly: c.staticRoutesOnly,
      ...(c.routes.length
        ? { staticRoutes: c.routes.map((r) => r.destinationCidrBlock.toString()) }
        : {}),
      tunnels: c.tunnels.map((t) => ({
        insideCidr: t.tunnelInsideCidr.toString(),
        ...(t.status === 'DOWN' ? { status: 'DOWN' as const } : {}),
      })),
    }));
  return {
    ...(customerGateways.length ? { customerGateways } : {}),
    ...(vpnGateways.length ? { vpnGateways } : {}),
    ...(directConnectGateways.length ? { directConnectGateways } : {}),
    ...(virtualInterfaces.length ? { virtualInterfaces } : {}),
    ...(vpnConnections.length ? { vpnConnections } : {}),
  };
}

/** An account's on-premises sites. */
export function exportOnPremises(
  s: Snapshot,
  account: string,
  names: ExportNames,
): NonNullable<TopologyAccount['onPremises']> {
  return [...s.all('on-premises-site')]
    .filter((o) => o.ownerId === account)
    .map((o) => {
      const advertised = o.advertisedPrefixes.map(String);
      const sameAsBlocks =
        advertised.length === o.cidrs.length &&
        advertised.every((p, i) => p === String(o.cidrs[i]));
      return {
        name: names.of(o.id, o.tags, 'site'),
        cidrs: o.cidrs.map(String),
        ...(o.hosts.length
          ? { hosts: Object.fromEntries(o.hosts.map((h) => [h.name, h.ip.toString()])) }
          : {}),
        ...(sameAsBlocks ? {} : { advertise: advertised }),
        ...(o.customerGatewayIds.length
          ? {
              customerGateways: o.customerGatewayIds.map((id) =>
                names.of(id, s.get('customer-gateway', id)?.tags ?? [], 'region'),
              ),
            }
          : {}),
        ...(o.virtualInterfaceIds.length
          ? {
              virtualInterfaces: o.virtualInterfaceIds.map((id) =>
                names.of(id, s.get('virtual-interface', id)?.tags ?? [], 'region'),
              ),
            }
          : {}),
      };
    });
}
