import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { createCustomerGateway, deleteCustomerGateway } from './customer-gateway.js';
import { createVpnConnection } from './vpn-connection.js';
import { createVpnGateway } from './vpn-gateway.js';

describe('customer gateways', () => {
  it('creates an available ipsec.1 gateway with ASN 65000 unless given', () => {
    const h = harness();
    const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
    expect(cgw).toMatchObject({ type: 'ipsec.1', state: 'available', bgpAsn: 65000 });
    expect(cgw.id).toMatch(/^cgw-[0-9a-f]{17}$/);
    expect(cgw.ipAddress.toString()).toBe('203.0.113.20');
    const big = h.run(createCustomerGateway, {
      type: 'ipsec.1',
      ipAddress: '203.0.113.21',
      bgpAsnExtended: 4200000001,
    });
    expect(big.bgpAsn).toBe(4200000001);
  });

  it('returns the existing gateway for the same address and ASN', () => {
    const h = harness();
    const a = h.run(createCustomerGateway, {
      type: 'ipsec.1',
      ipAddress: '203.0.113.20',
      bgpAsn: 65001,
    });
    const again = h.run(createCustomerGateway, {
      type: 'ipsec.1',
      ipAddress: '203.0.113.20',
      bgpAsn: 65001,
    });
    expect(again.id).toBe(a.id);
    const other = h.run(createCustomerGateway, {
      type: 'ipsec.1',
      ipAddress: '203.0.113.20',
      bgpAsn: 65002,
    });
    expect(other.id).not.toBe(a.id);
    // Another account gets its own.
    const b = caller('222222222222');
    h.init(b);
    const theirs = h.run(
      createCustomerGateway,
      { type: 'ipsec.1', ipAddress: '203.0.113.20', bgpAsn: 65001 },
      b,
    );
    expect(theirs.id).not.toBe(a.id);
  });

  it('refuses bad input with AWS error codes', () => {
    const h = harness();
    expect(
      h.fails(createCustomerGateway, { type: 'ipsec.2', ipAddress: '203.0.113.20' }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.300' }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: 'Value (203.0.113.300) for parameter IpAddress is invalid. Invalid IP address.',
    });
    expect(h.fails(createCustomerGateway, { type: 'ipsec.1', ipAddress: '2001:db8::1' }).code).toBe(
      'InvalidParameterValue',
    );
    expect(h.fails(createCustomerGateway, { type: 'ipsec.1' }).code).toBe('MissingParameter');
    expect(
      h.fails(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20', bgpAsn: 0 })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createCustomerGateway, {
        type: 'ipsec.1',
        ipAddress: '203.0.113.20',
        bgpAsn: 65000,
        bgpAsnExtended: 4200000001,
      }).code,
    ).toBe('InvalidParameterCombination');
  });

  it('deletes to state deleted, not while a VPN connection uses it', () => {
    const h = harness();
    const cgw = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '203.0.113.20' });
    const vgw = h.run(createVpnGateway, { type: 'ipsec.1' });
    h.run(createVpnConnection, {
      type: 'ipsec.1',
      customerGatewayId: cgw.id,
      vpnGatewayId: vgw.id,
    });
    expect(h.fails(deleteCustomerGateway, { customerGatewayId: cgw.id }).code).toBe(
      'IncorrectState',
    );
    const lone = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '198.51.100.7' });
    h.run(deleteCustomerGateway, { customerGatewayId: lone.id });
    expect(h.s.get('customer-gateway', lone.id)?.state).toBe('deleted');
    expect(h.fails(deleteCustomerGateway, { customerGatewayId: lone.id })).toMatchObject({
      code: 'InvalidCustomerGatewayID.NotFound',
      message: `The customerGateway ID '${lone.id}' does not exist`,
    });
    expect(h.fails(deleteCustomerGateway, { customerGatewayId: 'cgw-zz' }).code).toBe(
      'InvalidCustomerGatewayId.Malformed',
    );
    // A deleted gateway is not returned by the same-address rule.
    const fresh = h.run(createCustomerGateway, { type: 'ipsec.1', ipAddress: '198.51.100.7' });
    expect(fresh.id).not.toBe(lone.id);
  });
});
