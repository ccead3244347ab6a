import { createCustomerGateway } from '../control/customer-gateway.js';
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
} from '../control/direct-connect-gateway.js';
import { createOnPremisesSite } from '../control/on-premises-site.js';
import { enableVgwRoutePropagation } from '../control/vgw-route-propagation.js';
import {
  createPrivateVirtualInterface,
  createTransitVirtualInterface,
} from '../control/virtual-interface.js';
import {
  createVpnConnection,
  createVpnConnectionRoute,
  setVpnTunnelStatus,
} from '../control/vpn-connection.js';
import { attachVpnGateway, createVpnGateway } from '../control/vpn-gateway.js';
import { callerFor, regionKey, tagsOf, type LoadContext, type Scope } from './context.js';
import type { DocPath } from './source.js';
import type { Topology, TopologyRegion } from './schema.js';

/**
 * Loads the hybrid sections of a topology through the operations: per Region, customer
 * gateways, virtual private gateways (attached, propagating), Direct Connect gateways and their
 * associations, virtual interfaces and VPN connections; then each account's on-premises sites.
 * Runs after route tables exist and before routes are added, so routes and edge associations
 * can name the gateways.
 */
export function loadHybrid(L: LoadContext, topology: Topology): void {
  topology.accounts.forEach((account, a) => {
    account.regions.forEach((region, r) => {
      const scope: Scope = { caller: callerFor(account.id, region.name), vpc: '' };
      loadRegion(L, region, scope, ['accounts', a, 'regions', r]);
    });
    const first = account.regions[0];
    if (!first) return;
    const scope: Scope = { caller: callerFor(account.id, first.name), vpc: '' };
    account.onPremises?.forEach((site, i) => {
      const at = ['accounts', a, 'onPremises', i];
      const created = L.run(
        'CreateOnPremisesSite',
        createOnPremisesSite,
        {
          siteName: site.name,
          cidrs: site.cidrs,
          hosts: Object.entries(site.hosts ?? {}).map(([name, ip]) => ({ name, ip })),
          ...(site.advertise ? { advertisedPrefixes: site.advertise } : {}),
          customerGatewayIds: (site.customerGateways ?? []).map((ref, j) =>
            L.resolve('customer-gateway', ref, scope, [...at, 'customerGateways', j]),
          ),
          virtualInterfaceIds: (site.virtualInterfaces ?? []).map((ref, j) =>
            L.resolve('virtual-interface', ref, scope, [...at, 'virtualInterfaces', j]),
          ),
          tags: tagsOf(site.name, site.tags),
        },
        scope.caller,
        at,
      );
      L.name('on-premises-site', site.name, created.id, scope, [...at, 'name']);
    });
  });
}

function loadRegion(L: LoadContext, region: TopologyRegion, scope: Scope, path: DocPath): void {
  const { caller } = scope;
  region.customerGateways?.forEach((g, i) => {
    const at = [...path, 'customerGateways', i];
    const cgw = L.run(
      'CreateCustomerGateway',
      createCustomerGateway,
      {
        type: 'ipsec.1',
        ipAddress: g.ip,
        ...(g.bgpAsn !== undefined ? { bgpAsn: g.bgpAsn } : {}),
        ...(g.deviceName !== undefined ? { deviceName: g.deviceName } : {}),
        tags: tagsOf(g.name, g.tags),
      },
      caller,
      at,
    );
    L.name('customer-gateway', g.name, cgw.id, scope, [...at, 'name']);
  });
  region.vpnGateways?.forEach((g, i) => {
    const at = [...path, 'vpnGateways', i];
    const vgw = L.run(
      'CreateVpnGateway',
      createVpnGateway,
      {
        type: 'ipsec.1',
        ...(g.amazonSideAsn !== undefined ? { amazonSideAsn: g.amazonSideAsn } : {}),
        tags: tagsOf(g.name, g.tags),
      },
      caller,
      at,
    );
    L.name('vpn-gateway', g.name, vgw.id, scope, [...at, 'name']);
    if (g.vpc === undefined) return;
    const vpcId = L.resolve('vpc', g.vpc, scope, [...at, 'vpc']);
    L.run('AttachVpnGateway', attachVpnGateway, { vpnGatewayId: vgw.id, vpcId }, caller, [
      ...at,
      'vpc',
    ]);
    // Route table names are the VPC's own: resolve them from inside it.
    const inVpc: Scope = { caller, vpc: g.vpc };
    g.routePropagation?.forEach((ref, j) => {
      const where = [...at, 'routePropagation', j];
      const routeTableId = L.resolve('route-table', ref, inVpc, where);
      L.run(
        'EnableVgwRoutePropagation',
        enableVgwRoutePropagation,
        { routeTableId, gatewayId: vgw.id },
        caller,
        where,
      );
    });
  });
  region.directConnectGateways?.forEach((g, i) => {
    const at = [...path, 'directConnectGateways', i];
    const dxgw = L.run(
      'CreateDirectConnectGateway',
      createDirectConnectGateway,
      {
        directConnectGatewayName: g.name,
        ...(g.amazonSideAsn !== undefined ? { amazonSideAsn: g.amazonSideAsn } : {}),
      },
      caller,
      at,
    );
    L.name('direct-connect-gateway', g.name, dxgw.id, scope, [...at, 'name']);
    g.associations?.forEach((assoc, j) => {
      const where = [...at, 'associations', j];
      const gatewayId =
        assoc.vpnGateway !== undefined
          ? L.resolve('vpn-gateway', assoc.vpnGateway, scope, [...where, 'vpnGateway'])
          : (assoc.transitGateway ??
            L.abort(where, 'an association names a vpnGateway or a transitGateway'));
      L.run(
        'CreateDirectConnectGatewayAssociation',
        createDirectConnectGatewayAssociation,
        {
          directConnectGatewayId: dxgw.id,
          gatewayId,
          ...(assoc.allowedPrefixes
            ? {
                addAllowedPrefixesToDirectConnectGateway: assoc.allowedPrefixes.map((cidr) => ({
                  cidr,
                })),
              }
            : {}),
        },
        caller,
        where,
      );
    });
  });
  region.virtualInterfaces?.forEach((v, i) => {
    const at = [...path, 'virtualInterfaces', i];
    const input = {
      connectionId: v.connection,
      newVirtualInterface: {
        virtualInterfaceName: v.name,
        vlan: v.vlan,
        asn: v.asn,
        ...(v.mtu !== undefined ? { mtu: v.mtu } : {}),
        ...(v.vpnGateway !== undefined
          ? {
              virtualGatewayId: L.resolve('vpn-gateway', v.vpnGateway, scope, [
                ...at,
                'vpnGateway',
              ]),
            }
          : {}),
        ...(v.directConnectGateway !== undefined
          ? {
              directConnectGatewayId: L.resolve(
                'direct-connect-gateway',
                v.directConnectGateway,
                scope,
                [...at, 'directConnectGateway'],
              ),
            }
          : {}),
        tags: tagsOf(v.name, v.tags),
      },
    };
    const vif =
      v.type === 'private'
        ? L.run('CreatePrivateVirtualInterface', createPrivateVirtualInterface, input, caller, at)
        : L.run('CreateTransitVirtualInterface', createTransitVirtualInterface, input, caller, at);
    L.name('virtual-interface', v.name, vif.id, scope, [...at, 'name']);
  });
  region.vpnConnections?.forEach((c, i) => {
    const at = [...path, 'vpnConnections', i];
    const vpn = L.run(
      'CreateVpnConnection',
      createVpnConnection,
      {
        type: 'ipsec.1',
        customerGatewayId: L.resolve('customer-gateway', c.customerGateway, scope, [
          ...at,
          'customerGateway',
        ]),
        ...(c.vpnGateway !== undefined
          ? { vpnGatewayId: L.resolve('vpn-gateway', c.vpnGateway, scope, [...at, 'vpnGateway']) }
          : {}),
        ...(c.transitGateway !== undefined
          ? { transitGatewayId: transitGatewayRef(L, c.transitGateway, scope) }
          : {}),
        options: {
          staticRoutesOnly: c.staticRoutesOnly ?? false,
          ...(c.tunnels
            ? {
                tunnelOptions: c.tunnels.map((t) =>
                  t.insideCidr !== undefined ? { tunnelInsideCidr: t.insideCidr } : {},
                ),
              }
            : {}),
        },
        tags: tagsOf(c.name, c.tags),
      },
      caller,
      at,
    );
    L.name('vpn-connection', c.name, vpn.id, scope, [...at, 'name']);
    c.staticRoutes?.forEach((cidr, j) => {
      L.run(
        'CreateVpnConnectionRoute',
        createVpnConnectionRoute,
        { vpnConnectionId: vpn.id, destinationCidrBlock: cidr },
        caller,
        [...at, 'staticRoutes', j],
      );
    });
    c.tunnels?.forEach((t, j) => {
      if (t.status !== 'DOWN') return;
      L.run(
        'SetVpnTunnelStatus',
        setVpnTunnelStatus,
        { vpnConnectionId: vpn.id, tunnel: j, status: 'DOWN' },
        caller,
        [...at, 'tunnels', j, 'status'],
      );
    });
  });
}

/**
 * A VPN connection's transit gateway: a gateway named in the file (the generator's enterprise
 * network names its own), else the text as an id, which CreateVpnConnection checks.
 */
function transitGatewayRef(L: LoadContext, ref: string, scope: Scope): string {
  const r = L.names.resolve('transit-gateway', ref, {
    vpc: '',
    region: regionKey(scope.caller),
  });
  return r.ok ? r.id : ref;
}
