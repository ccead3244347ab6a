import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { isUuid } from '../model/direct-connect-gateway.js';
import {
  createDirectConnectGateway,
  createDirectConnectGatewayAssociation,
  deleteDirectConnectGateway,
  deleteDirectConnectGatewayAssociation,
} from './direct-connect-gateway.js';
import {
  createPrivateVirtualInterface,
  createTransitVirtualInterface,
  deleteVirtualInterface,
} from './virtual-interface.js';
import { createTransitGateway } from './transit-gateway.js';
import { createVpc } from './vpc.js';
import { attachVpnGateway, createVpnGateway } from './vpn-gateway.js';

const CONNECTION = 'dxcon-fgh0hcrk';

function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.40.0.0/16' });
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
  h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
  const dxgw = h.run(createDirectConnectGateway, { directConnectGatewayName: 'corp' });
  const tgw = h.run(createTransitGateway, {}).id;
  const tgw2 = h.run(createTransitGateway, {}).id;
  const vif = (
    type: 'private' | 'transit',
    vlan: number,
    gateway: { virtualGatewayId?: string; directConnectGatewayId?: string },
  ) =>
    ({
      connectionId: CONNECTION,
      newVirtualInterface: {
        virtualInterfaceName: `${type}-${vlan}`,
        vlan,
        asn: 65100,
        ...gateway,
      },
    }) as const;
  return { h, vpc, vgw, dxgw, vif, tgw, tgw2 };
}

describe('Direct Connect gateways', () => {
  it('creates a gateway with a UUID id and Amazon-side ASN 64512 unless given', () => {
    const { h, dxgw } = setup();
    expect(isUuid(dxgw.id)).toBe(true);
    expect(dxgw).toMatchObject({
      directConnectGatewayName: 'corp',
      amazonSideAsn: 64512,
      directConnectGatewayState: 'available',
    });
    expect(
      h.fails(createDirectConnectGateway, { directConnectGatewayName: 'x', amazonSideAsn: 7224 })
        .code,
    ).toBe('DirectConnectClientException');
    expect(h.fails(createDirectConnectGateway, { directConnectGatewayName: '' }).code).toBe(
      'DirectConnectClientException',
    );
  });

  it('associates a VGW with the VPC blocks as allowed prefixes, and a TGW with given ones', () => {
    const { h, vgw, dxgw, tgw, tgw2 } = setup();
    const a = h.run(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: dxgw.id,
      gatewayId: vgw.id,
    });
    expect(a.associatedGateway).toMatchObject({ id: vgw.id, type: 'virtualPrivateGateway' });
    expect(a.allowedPrefixesToDirectConnectGateway.map(String)).toEqual(['10.40.0.0/16']);
    expect(h.s.find('directConnectGatewaysByAssociatedGateway', vgw.id).map((g) => g.id)).toEqual([
      dxgw.id,
    ]);
    // One Direct Connect gateway per VGW.
    const other = h.run(createDirectConnectGateway, { directConnectGatewayName: 'other' });
    expect(
      h.fails(createDirectConnectGatewayAssociation, {
        directConnectGatewayId: other.id,
        gatewayId: vgw.id,
      }).message,
    ).toContain('already associated');
    const t = h.run(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: other.id,
      gatewayId: tgw,
      addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/8' }],
    });
    expect(t.associatedGateway.type).toBe('transitGateway');
    expect(
      h.fails(createDirectConnectGatewayAssociation, {
        directConnectGatewayId: dxgw.id,
        gatewayId: tgw2,
      }).message,
    ).toContain('required');
    h.run(deleteDirectConnectGatewayAssociation, { associationId: a.associationId });
    expect(h.s.get('direct-connect-gateway', dxgw.id)?.associations).toEqual([]);
    expect(
      h.fails(deleteDirectConnectGatewayAssociation, { associationId: a.associationId }).code,
    ).toBe('DirectConnectClientException');
  });

  it('refuses overlapping allowed prefixes on one gateway', () => {
    const { h, dxgw, tgw, tgw2 } = setup();
    h.run(createDirectConnectGatewayAssociation, {
      directConnectGatewayId: dxgw.id,
      gatewayId: tgw,
      addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/16' }],
    });
    expect(
      h.fails(createDirectConnectGatewayAssociation, {
        directConnectGatewayId: dxgw.id,
        gatewayId: tgw2,
        addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.128.0/17' }],
      }).message,
    ).toContain('overlaps');
  });

  it('deletes only without associations and interfaces', () => {
    const { h, dxgw, vif } = setup();
    const v = h.run(
      createPrivateVirtualInterface,
      vif('private', 101, { directConnectGatewayId: dxgw.id }),
    );
    expect(h.fails(deleteDirectConnectGateway, { directConnectGatewayId: dxgw.id }).code).toBe(
      'DirectConnectClientException',
    );
    h.run(deleteVirtualInterface, { virtualInterfaceId: v.id });
    h.run(deleteDirectConnectGateway, { directConnectGatewayId: dxgw.id });
    expect(h.s.get('direct-connect-gateway', dxgw.id)?.directConnectGatewayState).toBe('deleted');
  });
});

describe('virtual interfaces', () => {
  it('creates private interfaces to a VGW or a Direct Connect gateway, unique VLAN per connection', () => {
    const { h, vgw, dxgw, vif } = setup();
    const a = h.run(
      createPrivateVirtualInterface,
      vif('private', 101, { virtualGatewayId: vgw.id }),
    );
    expect(a.id).toMatch(/^dxvif-[0-9a-f]{8}$/);
    expect(a).toMatchObject({
      virtualInterfaceType: 'private',
      virtualGatewayId: vgw.id,
      amazonSideAsn: 64512,
      virtualInterfaceState: 'available',
    });
    expect(
      h.fails(
        createPrivateVirtualInterface,
        vif('private', 101, { directConnectGatewayId: dxgw.id }),
      ).message,
    ).toContain('already in use');
    const b = h.run(
      createPrivateVirtualInterface,
      vif('private', 102, { directConnectGatewayId: dxgw.id }),
    );
    expect(b.directConnectGatewayId).toBe(dxgw.id);
    expect(h.fails(createPrivateVirtualInterface, vif('private', 103, {})).code).toBe(
      'DirectConnectClientException',
    );
    expect(
      h.fails(
        createPrivateVirtualInterface,
        vif('private', 104, { virtualGatewayId: vgw.id, directConnectGatewayId: dxgw.id }),
      ).code,
    ).toBe('DirectConnectClientException');
    expect(
      h.fails(createPrivateVirtualInterface, vif('private', 0, { virtualGatewayId: vgw.id }))
        .message,
    ).toContain('VLAN');
    expect(
      h.fails(createPrivateVirtualInterface, {
        ...vif('private', 105, { virtualGatewayId: vgw.id }),
        connectionId: 'con-1',
      }).message,
    ).toContain('invalid format');
  });

  it('keeps private and transit apart on a Direct Connect gateway', () => {
    const { h, vgw, dxgw, vif, tgw } = setup();
    h.run(createPrivateVirtualInterface, vif('private', 101, { directConnectGatewayId: dxgw.id }));
    expect(
      h.fails(
        createTransitVirtualInterface,
        vif('transit', 102, { directConnectGatewayId: dxgw.id }),
      ).message,
    ).toContain('other type');
    expect(
      h.fails(createDirectConnectGatewayAssociation, {
        directConnectGatewayId: dxgw.id,
        gatewayId: tgw,
        addAllowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/8' }],
      }).message,
    ).toContain('private virtual interfaces');
    const transit = h.run(createDirectConnectGateway, { directConnectGatewayName: 'transit' });
    h.run(
      createTransitVirtualInterface,
      vif('transit', 103, { directConnectGatewayId: transit.id }),
    );
    expect(
      h.fails(createDirectConnectGatewayAssociation, {
        directConnectGatewayId: transit.id,
        gatewayId: vgw.id,
      }).message,
    ).toContain('transit virtual interfaces');
    expect(h.fails(createTransitVirtualInterface, vif('transit', 104, {})).code).toBe(
      'DirectConnectClientException',
    );
  });
});
