import { PrefixTrie, type Cidr, type Ip } from '../net/index.js';
import { vgwLearnedRoutes } from '../model/advertised-prefixes.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  associatedRouteTable,
  gatewayAttachments,
  tgwRoutes,
  type TgwRoute,
} from '../model/transit-gateway.js';
import { isVifUp } from '../model/virtual-interface.js';
import { isVpnUp } from '../model/vpn-connection.js';
import { attachedVpcId } from '../model/vpn-gateway.js';
import { addressSet, nodeBase, type RouteTableNode, type VpcNode } from './graph.js';
import type {
  CgwNode,
  HybridGraph,
  SiteNode,
  SiteUplink,
  VgwNode,
  VgwRoute,
  VifNode,
  VpnNode,
} from './hybrid-graph.js';

/**
 * Compiles the hybrid nodes: VGWs (attachment, edge route table, learned routes as a trie),
 * customer gateways, VPN connections, virtual interfaces and on-premises sites with their
 * uplinks. Cost is linear in the number of these resources.
 */
export function compileHybrid(
  s: Snapshot,
  vpcs: ReadonlyMap<string, VpcNode>,
  routeTables: ReadonlyMap<string, RouteTableNode>,
): HybridGraph {
  const vpnGateways = new Map<string, VgwNode>();
  for (const g of s.all('vpn-gateway')) {
    const vpcId = g.state === 'available' ? attachedVpcId(g) : undefined;
    const edge = s.find('routeTableByGateway', g.id)[0];
    const main = vpcId !== undefined ? s.find('mainRouteTableByVpc', vpcId)[0] : undefined;
    vpnGateways.set(g.id, {
      ...nodeBase(g),
      kind: 'vpn-gateway',
      vpc: vpcId !== undefined ? vpcs.get(vpcId) : undefined,
      available: g.state === 'available',
      edgeRouteTable: edge && routeTables.get(edge.id),
      mainRouteTable: main && routeTables.get(main.id),
      routes: new PrefixTrie<VgwRoute>(4),
    });
  }
  const customerGateways = new Map<string, CgwNode>();
  for (const c of s.all('customer-gateway')) {
    customerGateways.set(c.id, {
      ...nodeBase(c),
      kind: 'customer-gateway',
      ipAddress: c.ipAddress,
      site: undefined,
    });
  }
  const vpnConnections = new Map<string, VpnNode>();
  for (const v of s.all('vpn-connection')) {
    vpnConnections.set(v.id, {
      ...nodeBase(v),
      kind: 'vpn-connection',
      vpnGateway: v.vpnGatewayId !== undefined ? vpnGateways.get(v.vpnGatewayId) : undefined,
      transitGatewayId: v.transitGatewayId,
      customerGateway: customerGateways.get(v.customerGatewayId),
      state: v.state,
      up: isVpnUp(v),
    });
  }
  const virtualInterfaces = new Map<string, VifNode>();
  for (const v of s.all('virtual-interface')) {
    const gateways: VifNode['gateways'] = [];
    const direct = v.virtualGatewayId ? vpnGateways.get(v.virtualGatewayId) : undefined;
    if (direct?.vpc) gateways.push({ vgw: direct, allowed: direct.vpc.cidrs });
    const dxgw = v.directConnectGatewayId
      ? s.get('direct-connect-gateway', v.directConnectGatewayId)
      : undefined;
    if (dxgw?.directConnectGatewayState === 'available' && v.virtualInterfaceType === 'private') {
      for (const a of dxgw.associations) {
        const vgw = vpnGateways.get(a.associatedGateway.id);
        if (vgw?.vpc) gateways.push({ vgw, allowed: a.allowedPrefixesToDirectConnectGateway });
      }
    }
    const transitGateways =
      dxgw?.directConnectGatewayState === 'available' && v.virtualInterfaceType === 'transit'
        ? dxgw.associations
            .filter((a) => a.associatedGateway.type === 'transitGateway')
            .map((a) => ({
              tgwId: a.associatedGateway.id,
              allowed: a.allowedPrefixesToDirectConnectGateway,
            }))
        : [];
    virtualInterfaces.set(v.id, {
      ...nodeBase(v),
      kind: 'virtual-interface',
      virtualInterfaceType: v.virtualInterfaceType,
      up: isVifUp(v),
      gateways,
      transitGateways,
      directConnectGatewayId: v.directConnectGatewayId,
      site: undefined,
    });
  }
  // Learned routes: the first path per prefix is the best (vgwLearnedRoutes sorts them).
  for (const g of s.all('vpn-gateway')) {
    const node = vpnGateways.get(g.id);
    if (!node?.vpc) continue;
    for (const learned of vgwLearnedRoutes(s, g)) {
      if (node.routes.get(learned.destination) !== undefined) continue;
      const path = learned.path;
      const vpn = path.kind === 'vpn' ? vpnConnections.get(path.vpn.id) : undefined;
      const vif = path.kind === 'direct-connect' ? virtualInterfaces.get(path.vif.id) : undefined;
      const via = vpn
        ? { kind: 'vpn' as const, vpn }
        : vif
          ? { kind: 'direct-connect' as const, vif }
          : undefined;
      if (via)
        node.routes.set(learned.destination, {
          destination: learned.destination,
          via,
          learned: path,
        });
    }
  }
  const tgwAdvertised = tgwAdvertisedToOnPremises(s);
  const sites = new Map<string, SiteNode>();
  for (const o of s.all('on-premises-site')) {
    const uplinks: SiteUplink[] = [];
    const node: SiteNode = {
      ...nodeBase(o),
      kind: 'on-premises-site',
      cidrs: o.cidrs,
      blocks: addressSet(o.cidrs),
      hosts: new Map<string, Ip>(o.hosts.map((h) => [h.name, h.ip])),
      uplinks,
    };
    for (const id of o.virtualInterfaceIds) {
      const vif = virtualInterfaces.get(id);
      if (!vif) continue;
      vif.site = node;
      const prefixes = [
        ...vif.gateways.flatMap((g) => g.allowed),
        ...vif.transitGateways.flatMap((g) => g.allowed),
      ];
      uplinks.push({ prefixes, via: { kind: 'direct-connect', vif } });
    }
    const vpns: VpnNode[] = [];
    for (const id of o.customerGatewayIds) {
      const cgw = customerGateways.get(id);
      if (!cgw) continue;
      cgw.site = node;
      for (const v of s.find('vpnConnectionsByCustomerGateway', id)) {
        const vpn = vpnConnections.get(v.id);
        if (vpn && v.state !== 'deleted') vpns.push(vpn);
      }
    }
    vpns.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const vpn of vpns) {
      const vpc = vpn.vpnGateway?.vpc;
      // The VGW advertises its VPC's blocks to the customer gateway (BGP), and a static
      // connection's device is configured with them: either way the site routes them there.
      // A transit gateway advertises its attachment's route table (D72).
      const prefixes = vpc ? vpc.cidrs : tgwAdvertised(vpn.id);
      uplinks.push({ prefixes, via: { kind: 'vpn', vpn } });
    }
    sites.set(o.id, node);
  }
  return { vpnGateways, customerGateways, vpnConnections, virtualInterfaces, sites };
}

/**
 * What a transit gateway advertises to a VPN's customer gateway: the active routes of the route
 * table associated with the connection's attachment, less those back to that attachment (the
 * prefixes a BGP device learns, and a static device is assumed configured with; D72). Tables
 * are read once each.
 */
function tgwAdvertisedToOnPremises(s: Snapshot): (vpnId: string) => readonly Cidr[] {
  const byTable = new Map<string, readonly TgwRoute[]>();
  return (vpnId) => {
    const vpn = s.get('vpn-connection', vpnId);
    if (!vpn?.transitGatewayId) return [];
    const att = gatewayAttachments(s, vpn.transitGatewayId).find(
      (a) => a.resourceType === 'vpn' && a.resourceId === vpnId,
    );
    const table = att && associatedRouteTable(s, vpn.transitGatewayId, att.id);
    if (!att || !table) return [];
    let routes = byTable.get(table.id);
    if (!routes) byTable.set(table.id, (routes = tgwRoutes(s, table)));
    return routes
      .filter((r) => r.state === 'active' && r.attachmentId !== att.id)
      .map((r) => r.destination);
  };
}
