import { describe, expect, it } from 'vitest';
import { gwlbService } from '../../test/support/elb-fixtures.js';
import { harness } from '../../test/support/harness.js';
import { createSubnet } from './subnet.js';
import { createVpcEndpoint } from './vpc-endpoint.js';
import { createVpc } from './vpc.js';

/** CreateVpcEndpoint's SubnetConfigurations (docs/decisions.md D83). */
function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const a = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.1.0/24',
    availabilityZone: 'us-east-1a',
  });
  const b = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.2.0/24',
    availabilityZone: 'us-east-1b',
  });
  const gwlb = {
    vpcEndpointType: 'GatewayLoadBalancer',
    vpcId: vpc.id,
    serviceName: gwlbService(h).service.serviceName,
  };
  const address = (eniId: string | undefined) =>
    h.s.get('network-interface', eniId ?? '')?.privateIpAddress?.toString();
  return { h, vpc, a, b, gwlb, address };
}

describe('CreateVpcEndpoint with SubnetConfigurations', () => {
  it('puts a GWLB endpoint ENI at the configured address, the subnet named only there', () => {
    const { h, a, gwlb, address } = setup();
    const e = h.run(createVpcEndpoint, {
      ...gwlb,
      subnetConfigurations: [{ subnetId: a.id, ipv4: '10.0.1.200' }],
    });
    expect(e.subnetIds).toEqual([a.id]);
    expect(address(e.networkInterfaceIds[0])).toBe('10.0.1.200');
    // A second endpoint cannot take the same address; without one it takes the lowest free.
    const again = { ...gwlb, subnetConfigurations: [{ subnetId: a.id, ipv4: '10.0.1.200' }] };
    expect(h.fails(createVpcEndpoint, again)).toEqual(
      expect.objectContaining({
        code: 'InvalidIPAddress.InUse',
        message: 'Address 10.0.1.200 is already in use.',
      }),
    );
    const next = h.run(createVpcEndpoint, { ...gwlb, subnetIds: [a.id] });
    expect(address(next.networkInterfaceIds[0])).toBe('10.0.1.4');
  });

  it('adds configured subnets after SubnetIds: a GWLB endpoint then has two and is refused', () => {
    const { h, a, b, gwlb } = setup();
    const error = h.fails(createVpcEndpoint, {
      ...gwlb,
      subnetIds: [a.id],
      subnetConfigurations: [{ subnetId: b.id, ipv4: '10.0.2.10' }],
    });
    expect(error).toMatchObject({
      code: 'InvalidParameter',
      message: 'A GatewayLoadBalancer type VPC endpoint must have exactly one subnet.',
    });
  });

  it('pins one subnet of an interface endpoint and picks the lowest free address in the other', () => {
    const { h, vpc, a, b, address } = setup();
    const e = h.run(createVpcEndpoint, {
      vpcEndpointType: 'Interface',
      vpcId: vpc.id,
      serviceName: 'com.amazonaws.us-east-1.sqs',
      privateDnsEnabled: false,
      subnetIds: [a.id, b.id],
      subnetConfigurations: [{ subnetId: b.id, ipv4: '10.0.2.15' }],
    });
    expect(e.subnetIds).toEqual([a.id, b.id]);
    expect(e.networkInterfaceIds.map(address)).toEqual(['10.0.1.4', '10.0.2.15']);
  });
});
