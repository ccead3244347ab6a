import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { runInstances } from './instance-launch.js';
import { createListener, deleteListener } from './listener.js';
import { setIpAddressType } from './load-balancer-ip-address-type.js';
import { createLoadBalancer } from './load-balancer.js';
import { setSubnets } from './load-balancer-subnets.js';
import { createSubnet } from './subnet.js';
import { registerTargets } from './target.js';
import { createTargetGroup } from './target-group.js';
import { createVpc } from './vpc.js';

/**
 * Dualstack load balancers and IPv6 target groups (D87): nodes take an IPv6 address from their
 * subnets, IPv6 groups hold IPv6 targets and need a dualstack load balancer.
 */

function world() {
  const w = dualStackWorld();
  const { h, vpc, v6 } = w;
  const second = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.4.0/24',
    ipv6CidrBlock: v6[2]!.toString(),
    availabilityZone: 'us-east-1b',
  });
  return { ...w, second };
}

describe('dualstack load balancers', () => {
  it('give each node an IPv6 address from its subnet, on its ENI', () => {
    const { h, subnet, second } = world();
    const lb = h.run(createLoadBalancer, {
      name: 'v6',
      type: 'network',
      scheme: 'internal',
      ipAddressType: 'dualstack',
      subnets: [subnet.id, second.id],
    });
    expect(lb.ipAddressType).toBe('dualstack');
    for (const [z, sn] of [
      [lb.availabilityZones[0]!, subnet],
      [lb.availabilityZones[1]!, second],
    ] as const) {
      const address = z.loadBalancerAddresses[0]!;
      expect(sn.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock.contains(address.iPv6Address!)).toBe(
        true,
      );
      const eni = h.s.get('network-interface', z.networkInterfaceId)!;
      expect(eni.ipv6Addresses.map((a) => a.ipv6Address.toString())).toEqual([
        address.iPv6Address!.toString(),
      ]);
    }
    // An IPv4 load balancer's nodes have none.
    const v4 = h.run(createLoadBalancer, {
      name: 'v4',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    expect(v4.availabilityZones[0]!.loadBalancerAddresses[0]!.iPv6Address).toBeUndefined();
  });

  it('need IPv6 in every subnet, when created and when subnets change', () => {
    const { h, subnet, plain, second } = world();
    const bad = h.fails(createLoadBalancer, {
      name: 'v6',
      type: 'network',
      scheme: 'internal',
      ipAddressType: 'dualstack',
      subnets: [plain.id],
    });
    expect([bad.code, bad.message]).toEqual([
      'InvalidSubnet',
      `Subnet '${plain.id}' has no IPv6 CIDR block; a dualstack load balancer needs IPv6 in every subnet`,
    ]);
    expect(
      h.fails(createLoadBalancer, {
        name: 'v6',
        type: 'network',
        ipAddressType: 'ipv5',
        subnets: [subnet.id],
      }).code,
    ).toBe('ValidationError');
    const lb = h.run(createLoadBalancer, {
      name: 'v6',
      type: 'network',
      scheme: 'internal',
      ipAddressType: 'dualstack',
      subnets: [subnet.id],
    });
    const zones = h.run(setSubnets, { loadBalancerArn: lb.id, subnets: [subnet.id, second.id] });
    expect(zones[1]!.loadBalancerAddresses[0]!.iPv6Address).toBeDefined();
  });
});

describe('IPv6 target groups', () => {
  it('take IP targets (instances only behind HTTP), never GENEVE, in a VPC with IPv6', () => {
    const { h, vpc } = world();
    const tg = h.run(createTargetGroup, {
      name: 'v6-ip',
      protocol: 'TCP',
      port: 5432,
      vpcId: vpc.id,
      targetType: 'ip',
      ipAddressType: 'ipv6',
    });
    expect(tg.ipAddressType).toBe('ipv6');
    expect(
      h.run(createTargetGroup, {
        name: 'v6-web',
        protocol: 'HTTP',
        port: 80,
        vpcId: vpc.id,
        ipAddressType: 'ipv6',
      }).targetType,
    ).toBe('instance');
    const codes = [
      { protocol: 'TCP', port: 5432, targetType: 'instance' },
      { protocol: 'GENEVE', port: 6081, targetType: 'ip' },
      { protocol: 'TCP', port: 5432, targetType: 'ip', ipAddressType: 'ipv5' },
    ].map(
      (x) =>
        h.fails(createTargetGroup, { name: 'x', vpcId: vpc.id, ipAddressType: 'ipv6', ...x }).code,
    );
    expect(codes).toEqual(['ValidationError', 'ValidationError', 'ValidationError']);
    const v4Only = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
    expect(
      h.fails(createTargetGroup, {
        name: 'x',
        protocol: 'TCP',
        port: 1,
        vpcId: v4Only.id,
        targetType: 'ip',
        ipAddressType: 'ipv6',
      }).message,
    ).toBe(
      `The VPC '${v4Only.id}' has no IPv6 CIDR block; a target group with the IP address type 'ipv6' needs one`,
    );
    // The same name with another address type is another group.
    expect(
      h.fails(createTargetGroup, {
        name: 'v6-ip',
        protocol: 'TCP',
        port: 5432,
        vpcId: vpc.id,
        targetType: 'ip',
      }).code,
    ).toBe('DuplicateTargetGroupName');
  });

  it('register IPv6 addresses of the VPC’s subnets and instances that have one', () => {
    const { h, vpc, subnet, plain } = world();
    const tg = h.run(createTargetGroup, {
      name: 'v6-ip',
      protocol: 'TCP',
      port: 5432,
      vpcId: vpc.id,
      targetType: 'ip',
      ipAddressType: 'ipv6',
    });
    const inSubnet = subnet.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock.nth(100n).toString();
    const refused = ['10.0.0.10', '2001:db8::10'].map(
      (id) => h.fails(registerTargets, { targetGroupArn: tg.id, targets: [{ id }] }).message,
    );
    expect(refused).toEqual([
      "The IP address '10.0.0.10' is not a valid IPv6 address",
      `The IP address '2001:db8::10' is not in a subnet of the VPC '${vpc.id}'`,
    ]);
    h.run(registerTargets, { targetGroupArn: tg.id, targets: [{ id: inSubnet }] });
    expect(h.s.get('target-group', tg.id)!.targets).toEqual([
      { id: inSubnet, port: 5432, availabilityZone: 'us-east-1a' },
    ]);
    const web = h.run(createTargetGroup, {
      name: 'v6-web',
      protocol: 'HTTP',
      port: 80,
      vpcId: vpc.id,
      ipAddressType: 'ipv6',
    });
    const [v4Only] = h.run(runInstances, { subnetId: plain.id });
    const [withV6] = h.run(runInstances, { subnetId: subnet.id, ipv6AddressCount: 1 });
    const e = h.fails(registerTargets, { targetGroupArn: web.id, targets: [{ id: v4Only!.id }] });
    expect([e.code, e.message]).toEqual([
      'InvalidTarget',
      `The following targets do not have an IPv6 address: '${v4Only!.id}'`,
    ]);
    h.run(registerTargets, { targetGroupArn: web.id, targets: [{ id: withV6!.id }] });
  });

  it('are forwarded to by dualstack load balancers only', () => {
    const { h, vpc, subnet } = world();
    const tg = h.run(createTargetGroup, {
      name: 'v6-ip',
      protocol: 'TCP',
      port: 5432,
      vpcId: vpc.id,
      targetType: 'ip',
      ipAddressType: 'ipv6',
    });
    const listen = (lb: string) => ({
      loadBalancerArn: lb,
      protocol: 'TCP',
      port: 5432,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    const v4 = h.run(createLoadBalancer, {
      name: 'v4',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    const e = h.fails(createListener, listen(v4.id));
    expect([e.code, e.message]).toEqual([
      'InvalidConfigurationRequest',
      `The target group '${tg.id}' has the IP address type 'ipv6', which needs a load balancer with the IP address type 'dualstack'`,
    ]);
    const dual = h.run(createLoadBalancer, {
      name: 'v6',
      type: 'network',
      scheme: 'internal',
      ipAddressType: 'dualstack',
      subnets: [subnet.id],
    });
    expect(h.run(createListener, listen(dual.id)).port).toBe(5432);
  });
});

describe('SetIpAddressType', () => {
  it('gives nodes IPv6 going dualstack and takes it back going ipv4, unless an IPv6 group is in use', () => {
    const { h, vpc, subnet, plain } = world();
    const lb = h.run(createLoadBalancer, {
      name: 'nlb',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    const eniId = lb.availabilityZones[0]!.networkInterfaceId;
    expect(h.run(setIpAddressType, { loadBalancerArn: lb.id, ipAddressType: 'dualstack' })).toBe(
      'dualstack',
    );
    const dual = h.s.get('load-balancer', lb.id)!;
    const node6 = dual.availabilityZones[0]!.loadBalancerAddresses[0]!.iPv6Address!;
    expect(subnet.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock.contains(node6)).toBe(true);
    expect(h.s.get('network-interface', eniId)!.ipv6Addresses).toEqual([{ ipv6Address: node6 }]);
    const tg = h.run(createTargetGroup, {
      name: 'v6',
      protocol: 'TCP',
      port: 443,
      vpcId: vpc.id,
      targetType: 'ip',
      ipAddressType: 'ipv6',
    });
    const listener = h.run(createListener, {
      loadBalancerArn: lb.id,
      protocol: 'TCP',
      port: 443,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    const e = h.fails(setIpAddressType, { loadBalancerArn: lb.id, ipAddressType: 'ipv4' });
    expect([e.code, e.message]).toEqual([
      'InvalidConfigurationRequest',
      `The IP address type cannot be 'ipv4' while the listener '${listener.id}' forwards to the IPv6 target group '${tg.id}'`,
    ]);
    h.run(deleteListener, { listenerArn: listener.id });
    h.run(setIpAddressType, { loadBalancerArn: lb.id, ipAddressType: 'ipv4' });
    const back = h.s.get('load-balancer', lb.id)!;
    expect(back.ipAddressType).toBe('ipv4');
    expect(back.availabilityZones[0]!.loadBalancerAddresses[0]!.iPv6Address).toBeUndefined();
    expect(h.s.get('network-interface', eniId)!.ipv6Addresses).toEqual([]);
    // A node in a subnet without IPv6 cannot go dualstack; bad input changes nothing.
    const v4 = h.run(createLoadBalancer, {
      name: 'plain',
      type: 'network',
      scheme: 'internal',
      subnets: [plain.id],
    });
    const codes = [
      { loadBalancerArn: v4.id, ipAddressType: 'dualstack' },
      { loadBalancerArn: v4.id, ipAddressType: 'ipv5' },
      { loadBalancerArn: v4.id },
      { loadBalancerArn: `${v4.id}0`, ipAddressType: 'ipv4' },
    ].map((x) => h.fails(setIpAddressType, x).code);
    expect(codes).toEqual([
      'InvalidSubnet',
      'ValidationError',
      'ValidationError',
      'LoadBalancerNotFound',
    ]);
  });
});
