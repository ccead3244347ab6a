import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { createCustomerGateway } from './customer-gateway.js';
import { associateRouteTable, createRouteTable } from './route-table.js';
import { createVpc, deleteVpc } from './vpc.js';
import { createVpnConnection, deleteVpnConnection } from './vpn-connection.js';
import {
  attachVpnGateway,
  createVpnGateway,
  deleteVpnGateway,
  detachVpnGateway,
} from './vpn-gateway.js';

function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.40.0.0/16' });
  const vgw = h.run(createVpnGateway, { type: 'ipsec.1', tags: [{ key: 'Name', value: 'vgw' }] });
  return { h, vpc, vgw };
}

describe('virtual private gateways', () => {
  it('creates an available gateway with Amazon-side ASN 64512 unless given', () => {
    const { h, vgw } = setup();
    expect(vgw).toMatchObject({
      type: 'ipsec.1',
      state: 'available',
      amazonSideAsn: 64512,
      vpcAttachments: [],
    });
    expect(vgw.id).toMatch(/^vgw-[0-9a-f]{17}$/);
    expect(
      h.run(createVpnGateway, { type: 'ipsec.1', amazonSideAsn: 4200000000 }).amazonSideAsn,
    ).toBe(4200000000);
    for (const asn of [64000, 64511, 65535, 4294967295]) {
      expect(h.fails(createVpnGateway, { type: 'ipsec.1', amazonSideAsn: asn }).code).toBe(
        'InvalidParameterValue',
      );
    }
    expect(h.fails(createVpnGateway, { type: 'gre' }).code).toBe('InvalidParameterValue');
  });

  it('attaches to one VPC at a time, and a VPC takes one gateway', () => {
    const { h, vpc, vgw } = setup();
    const out = h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(out).toEqual({ vpcId: vpc.id, state: 'attached' });
    expect(h.s.find('vpnGatewaysByVpc', vpc.id).map((g) => g.id)).toEqual([vgw.id]);
    const other = h.run(createVpc, { cidrBlock: '10.41.0.0/16' });
    expect(h.fails(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: other.id }).code).toBe(
      'VpnGatewayAttachmentLimitExceeded',
    );
    const second = h.run(createVpnGateway, { type: 'ipsec.1' });
    expect(h.fails(attachVpnGateway, { vpnGatewayId: second.id, vpcId: vpc.id }).code).toBe(
      'VpnGatewayAttachmentLimitExceeded',
    );
  });

  it('detaches, keeping the attachment as detached; a second detach is not found', () => {
    const { h, vpc, vgw } = setup();
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    h.run(detachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(h.s.get('vpn-gateway', vgw.id)?.vpcAttachments).toEqual([
      { vpcId: vpc.id, state: 'detached' },
    ]);
    expect(h.s.find('vpnGatewaysByVpc', vpc.id)).toEqual([]);
    expect(h.fails(detachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id })).toMatchObject({
      code: 'InvalidVpnGatewayAttachment.NotFound',
      message: `The attachment with vpn gateway ID '${vgw.id}' and vpc ID '${vpc.id}' does not exist`,
    });
    // Reattaching replaces the detached record.
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    expect(h.s.get('vpn-gateway', vgw.id)?.vpcAttachments).toEqual([
      { vpcId: vpc.id, state: 'attached' },
    ]);
  });

  it('answers unknown, foreign and malformed ids', () => {
    const { h, vpc, vgw } = setup();
    expect(
      h.fails(attachVpnGateway, { vpnGatewayId: 'vgw-0123456789abcdef0', vpcId: vpc.id }),
    ).toMatchObject({
      code: 'InvalidVpnGatewayID.NotFound',
      message: "The vpnGateway ID 'vgw-0123456789abcdef0' does not exist",
    });
    expect(
      h.fails(attachVpnGateway, { vpnGatewayId: 'igw-0123456789abcdef0', vpcId: vpc.id }).code,
    ).toBe('InvalidVpnGatewayID.Malformed');
    expect(
      h.fails(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: 'vpc-0123456789abcdef0' }).code,
    ).toBe('InvalidVpcID.NotFound');
    const b = caller('222222222222');
    h.init(b);
    const theirs = h.run(createVpc, { cidrBlock: '10.0.0.0/16' }, b);
    expect(h.fails(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: theirs.id }).code).toBe(
      'InvalidVpcID.NotFound',
    );
    expect(h.fails(deleteVpnGateway, { vpnGatewayId: vgw.id }, b).code).toBe(
      'InvalidVpnGatewayID.NotFound',
    );
  });

  it('deletes only when detached and without live VPN connections', () => {
    const { h, vpc, vgw } = setup();
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    // The VPC cannot go while the gateway is attached to it.
    expect(h.fails(deleteVpc, { vpcId: vpc.id }).code).toBe('DependencyViolation');
    expect(h.fails(deleteVpnGateway, { vpnGatewayId: vgw.id }).code).toBe('IncorrectState');
    h.run(detachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
    const vpn = h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      vpnGatewayId: vgw.id,
    });
    expect(h.fails(deleteVpnGateway, { vpnGatewayId: vgw.id }).code).toBe('DependencyViolation');
    h.run(deleteVpnConnection, { vpnConnectionId: vpn.id });
    h.run(deleteVpnGateway, { vpnGatewayId: vgw.id });
    expect(h.s.get('vpn-gateway', vgw.id)?.state).toBe('deleted');
    expect(h.fails(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id }).code).toBe(
      'InvalidVpnGatewayID.NotFound',
    );
  });

  it('takes an edge association only while attached to the table VPC, and no propagating table', () => {
    const { h, vpc, vgw } = setup();
    const rtb = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(attachVpnGateway, { vpnGatewayId: vgw.id, vpcId: vpc.id });
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: vgw.id });
    const second = h.run(createRouteTable, { vpcId: vpc.id });
    expect(h.fails(associateRouteTable, { routeTableId: second.id, gatewayId: vgw.id }).code).toBe(
      'Resource.AlreadyAssociated',
    );
  });
});
