import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import {
  directConnectGatewayAdvertisedPrefixes,
  vgwLearnedRoutes,
  vpnAdvertisedPrefixes,
} from '../model/advertised-prefixes.js';
import { propagatedRoutes } from '../model/vgw-route-propagation.js';
import { createCustomerGateway } from './customer-gateway.js';
import { createDirectConnectGateway } from './direct-connect-gateway.js';
import {
  createOnPremisesSite,
  deleteOnPremisesSite,
  modifyOnPremisesSite,
} from './on-premises-site.js';
import { createRouteTable } from './route-table.js';
import { createTags } from './tags.js';
import { enableVgwRoutePropagation } from './vgw-route-propagation.js';
import {
  createPrivateVirtualInterface,
  createTransitVirtualInterface,
} from './virtual-interface.js';
import { createVpc } from './vpc.js';
import { createVpnConnection, createVpnConnectionRoute } from './vpn-connection.js';
import { attachVpnGateway, createVpnGateway } from './vpn-gateway.js';

function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.40.0.0/16' });
  const rtb = h.run(createRouteTable, { vpcId: vpc.id });
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
  h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
  h.run(enableVgwRoutePropagation, { routeTableId: rtb.id, gatewayId: vgw.id });
  const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
  const table = () => h.s.get('route-table', rtb.id)!;
  const propagated = () =>
    propagatedRoutes(h.s, table()).map((r) => r.destinationCidrBlock?.toString());
  return { h, vpc, rtb, vgw, cgw, table, propagated };
}

const site = {
  siteName: 'hq',
  cidrs: ['172.16.0.0/16'],
  hosts: [{ name: 'file-gateway', ip: '172.16.5.20' }],
};

describe('on-premises sites', () => {
  it('creates a site whose advertised prefixes default to its blocks', () => {
    const { h, cgw } = setup();
    const s = h.run(createOnPremisesSite, { ...site, customerGatewayIds: [cgw.id] });
    expect(s.id).toMatch(/^onprem-[0-9a-f]{17}$/);
    expect(s.advertisedPrefixes.map(String)).toEqual(['172.16.0.0/16']);
    expect(s.hosts.map((x) => `${x.name} ${x.ip.toString()}`)).toEqual([
      'file-gateway 172.16.5.20',
    ]);
    expect(h.s.find('onPremisesSiteByCustomerGateway', cgw.id).map((o) => o.id)).toEqual([s.id]);
  });

  it('is not an EC2 resource: CreateTags refuses its id', () => {
    const { h } = setup();
    const s = h.run(createOnPremisesSite, site);
    expect(
      h.fails(createTags, { resources: [s.id], tags: [{ key: 'env', value: 'x' }] }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `Invalid id: "${s.id}"`,
    });
  });

  it('refuses bad sites', () => {
    const { h, cgw } = setup();
    expect(h.fails(createOnPremisesSite, { ...site, cidrs: [] }).code).toBe('MissingParameter');
    expect(h.fails(createOnPremisesSite, { ...site, cidrs: ['172.16.0.0/33'] }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      h.fails(createOnPremisesSite, { ...site, cidrs: ['172.16.0.0/16', '172.16.4.0/24'] }).message,
    ).toContain('overlap');
    expect(
      h.fails(createOnPremisesSite, { ...site, hosts: [{ name: 'x', ip: '10.0.0.1' }] }).message,
    ).toContain('outside');
    expect(
      h.fails(createOnPremisesSite, {
        ...site,
        hosts: [
          { name: 'x', ip: '172.16.0.1' },
          { name: 'x', ip: '172.16.0.2' },
        ],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createOnPremisesSite, { ...site, customerGatewayIds: ['cgw-0123456789abcdef0'] })
        .code,
    ).toBe('InvalidCustomerGatewayID.NotFound');
    h.run(createOnPremisesSite, { ...site, customerGatewayIds: [cgw.id] });
    expect(
      h.fails(createOnPremisesSite, { ...site, cidrs: ['192.168.0.0/16'], hosts: [] }).code,
    ).toBe('InvalidOnPremisesSite.Duplicate');
    expect(
      h.fails(createOnPremisesSite, {
        siteName: 'branch',
        cidrs: ['192.168.0.0/16'],
        customerGatewayIds: [cgw.id],
      }).code,
    ).toBe('Resource.AlreadyAssociated');
  });

  it('feeds BGP VPN propagation with its advertised prefixes; static VPNs use their routes', () => {
    const { h, vgw, cgw, propagated } = setup();
    const bgp = h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      vpnGatewayId: vgw.id,
    });
    expect(vpnAdvertisedPrefixes(h.s, bgp)).toEqual([]);
    const s = h.run(createOnPremisesSite, {
      ...site,
      advertisedPrefixes: ['172.16.0.0/12', '10.40.7.0/24'],
      customerGatewayIds: [cgw.id],
    });
    // The prefix inside the VPC's own block stays with the local route.
    expect(propagated()).toEqual(['172.16.0.0/12']);
    h.run(modifyOnPremisesSite, {
      ...site,
      siteId: s.id,
      advertisedPrefixes: ['172.16.0.0/16'],
      customerGatewayIds: [cgw.id],
    });
    expect(propagated()).toEqual(['172.16.0.0/16']);
    // A static VPN on another customer gateway of the same site: its static routes, not BGP.
    const cgw2 = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.21' });
    const stat = h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw2.id,
      vpnGatewayId: vgw.id,
      options: { staticRoutesOnly: true },
    });
    h.run(createVpnConnectionRoute, {
      vpnConnectionId: stat.id,
      destinationCidrBlock: '192.168.0.0/24',
    });
    expect(propagated()).toEqual(['192.168.0.0/24', '172.16.0.0/16']);
    // Static VPN routes rank above BGP ones at the gateway.
    expect(vgwLearnedRoutes(h.s, h.s.get('vpn-gateway', vgw.id)!).map((r) => r.preference)).toEqual(
      [1, 2],
    );
    h.run(deleteOnPremisesSite, { siteId: s.id });
    expect(propagated()).toEqual(['192.168.0.0/24']);
  });

  it('feeds Direct Connect: private interfaces to the VGW first, transit ones to the DX gateway', () => {
    const { h, vgw, propagated } = setup();
    const vif = h.run(createPrivateVirtualInterface, {
      connectionId: 'dxcon-fgh0hcrk',
      newVirtualInterface: {
        virtualInterfaceName: 'dc',
        vlan: 101,
        asn: 65100,
        virtualGatewayId: vgw.id,
      },
    });
    h.run(createOnPremisesSite, {
      siteName: 'dc',
      cidrs: ['10.200.0.0/16'],
      virtualInterfaceIds: [vif.id],
    });
    expect(propagated()).toEqual(['10.200.0.0/16']);
    expect(vgwLearnedRoutes(h.s, h.s.get('vpn-gateway', vgw.id)!)[0]?.path.kind).toBe(
      'direct-connect',
    );
    const dxgw = h.run(createDirectConnectGateway, { directConnectGatewayName: 'transit' });
    const tvif = h.run(createTransitVirtualInterface, {
      connectionId: 'dxcon-fgh0hcrk',
      newVirtualInterface: {
        virtualInterfaceName: 't',
        vlan: 102,
        asn: 65100,
        directConnectGatewayId: dxgw.id,
      },
    });
    h.run(createOnPremisesSite, {
      siteName: 'colo',
      cidrs: ['10.201.0.0/16'],
      virtualInterfaceIds: [tvif.id],
    });
    expect(directConnectGatewayAdvertisedPrefixes(h.s, dxgw.id).map(String)).toEqual([
      '10.201.0.0/16',
    ]);
  });
});
