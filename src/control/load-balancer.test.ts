import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { allocateAddress } from './elastic-ip.js';
import { modifyLoadBalancerAttributes } from './elbv2-attributes.js';
import { addElbv2Tags, removeElbv2Tags } from './elbv2-tags.js';
import { createLoadBalancer, deleteLoadBalancer } from './load-balancer.js';
import { setSecurityGroups, setSubnets } from './load-balancer-subnets.js';
import { createSecurityGroup } from './security-group.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';
import { detachInternetGateway } from './internet-gateway.js';
import { attributeValue } from '../model/load-balancer.js';

const ARN =
  /^arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer\/(app|net|gwy)\/[a-z0-9-]+\/[0-9a-f]{16}$/;

describe('CreateLoadBalancer', () => {
  it('creates an internet-facing ALB with a node per subnet and the VPC default group', () => {
    const { h, vpc, subnet, other, defaultSg } = dualStackWorld();
    const lb = h.run(createLoadBalancer, {
      name: 'web',
      subnets: [subnet.id, other.id],
      tags: [{ key: 'team', value: 'a' }],
    });
    expect(lb.id).toMatch(ARN);
    expect(lb.id).toContain(':loadbalancer/app/web/');
    expect(lb).toMatchObject({
      type: 'application',
      scheme: 'internet-facing',
      ipAddressType: 'ipv4',
      vpcId: vpc.id,
      state: { code: 'active' },
      securityGroups: [defaultSg.id],
      canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      tags: [{ key: 'team', value: 'a' }],
    });
    expect(lb.dnsName).toMatch(/^web-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(lb.availabilityZones.map((z) => [z.zoneName, z.subnetId])).toEqual([
      ['us-east-1a', subnet.id],
      ['us-east-1b', other.id],
    ]);
    expect(attributeValue(lb, 'load_balancing.cross_zone.enabled')).toBe('true');
    for (const z of lb.availabilityZones) {
      const eni = h.s.get('network-interface', z.networkInterfaceId)!;
      expect(eni).toMatchObject({
        description: `ELB app/web/${lb.id.slice(-16)}`,
        interfaceType: 'interface',
        requesterManaged: true,
        requesterId: 'amazon-elb',
        groups: [defaultSg.id],
      });
      const address = z.loadBalancerAddresses[0]!;
      expect(address.privateIPv4Address.equals(eni.privateIpAddress!)).toBe(true);
      // Internet-facing nodes get an Amazon-owned public IPv4, mapped by the IGW.
      expect(eni.privateIpAddresses[0]?.association?.publicIp.equals(address.ipAddress!)).toBe(
        true,
      );
    }
  });

  it('creates an internal NLB with chosen private addresses and an internet-facing one with EIPs', () => {
    const { h, subnet, other } = dualStackWorld();
    const internal = h.run(createLoadBalancer, {
      name: 'db',
      type: 'network',
      scheme: 'internal',
      subnetMappings: [{ subnetId: subnet.id, privateIPv4Address: '10.0.0.100' }],
    });
    expect(internal.dnsName).toMatch(/^internal-db-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
    expect(internal.securityGroups).toEqual([]);
    expect(
      internal.availabilityZones[0]?.loadBalancerAddresses[0]?.privateIPv4Address.toString(),
    ).toBe('10.0.0.100');
    expect(
      h.s.get('network-interface', internal.availabilityZones[0]!.networkInterfaceId)
        ?.interfaceType,
    ).toBe('network_load_balancer');
    expect(attributeValue(internal, 'load_balancing.cross_zone.enabled')).toBe('false');

    const eip = h.run(allocateAddress, {});
    const publicNlb = h.run(createLoadBalancer, {
      name: 'edge',
      type: 'network',
      subnetMappings: [{ subnetId: subnet.id, allocationId: eip.id }, { subnetId: other.id }],
    });
    const [a, b] = publicNlb.availabilityZones;
    expect(a?.loadBalancerAddresses[0]).toMatchObject({ allocationId: eip.id });
    expect(a?.loadBalancerAddresses[0]?.ipAddress?.equals(eip.publicIp)).toBe(true);
    expect(h.s.get('elastic-ip', eip.id)?.networkInterfaceId).toBe(a?.networkInterfaceId);
    expect(b?.loadBalancerAddresses[0]?.ipAddress).toBeDefined();
  });

  it('creates a GWLB without scheme, groups or DNS zone, and cross-zone off', () => {
    const { h, subnet } = dualStackWorld();
    const lb = h.run(createLoadBalancer, { name: 'fw', type: 'gateway', subnets: [subnet.id] });
    expect(lb.scheme).toBeUndefined();
    expect(lb.canonicalHostedZoneId).toBeUndefined();
    expect(lb.securityGroups).toEqual([]);
    expect(
      h.s.get('network-interface', lb.availabilityZones[0]!.networkInterfaceId)?.interfaceType,
    ).toBe('gateway_load_balancer');
    expect(attributeValue(lb, 'load_balancing.cross_zone.enabled')).toBe('false');
  });

  it('answers the same load balancer for the same name and settings, and refuses other settings', () => {
    const { h, subnet, other, plain } = dualStackWorld();
    const first = h.run(createLoadBalancer, { name: 'web', subnets: [subnet.id, other.id] });
    const again = h.run(createLoadBalancer, { name: 'web', subnets: [other.id, subnet.id] });
    expect(again.id).toBe(first.id);
    expect(
      h.fails(createLoadBalancer, { name: 'WEB', type: 'network', subnets: [plain.id] }),
    ).toMatchObject({
      code: 'DuplicateLoadBalancerName',
      message: "A load balancer with the same name 'WEB' exists, but with different settings",
    });
  });

  it('refuses bad names, types, subnets and groups with ELBv2 error codes', () => {
    const { h, vpc, subnet, other, plain } = dualStackWorld();
    const two = [subnet.id, other.id];
    const code = (input: Parameters<typeof createLoadBalancer>[1]) =>
      h.fails(createLoadBalancer, input).code;
    expect(code({ subnets: two })).toBe('ValidationError');
    expect(code({ name: 'a'.repeat(33), subnets: two })).toBe('ValidationError');
    expect(code({ name: 'bad_name', subnets: two })).toBe('ValidationError');
    expect(code({ name: '-x', subnets: two })).toBe('ValidationError');
    expect(code({ name: 'internal-x', subnets: two })).toBe('ValidationError');
    expect(code({ name: 'x', type: 'classic', subnets: two })).toBe('ValidationError');
    expect(code({ name: 'x', subnets: [subnet.id] })).toBe('ValidationError');
    expect(code({ name: 'x', subnets: [subnet.id, plain.id] })).toBe('InvalidConfigurationRequest');
    expect(
      h.fails(createLoadBalancer, { name: 'x', subnets: [subnet.id, 'subnet-0123456789abcdef0'] }),
    ).toMatchObject({
      code: 'SubnetNotFound',
      message: "The subnet ID 'subnet-0123456789abcdef0' is not valid",
    });
    expect(code({ name: 'x', subnets: two, securityGroups: ['sg-0123456789abcdef0'] })).toBe(
      'InvalidSecurityGroup',
    );
    expect(code({ name: 'x', type: 'gateway', subnets: [subnet.id], scheme: 'internal' })).toBe(
      'ValidationError',
    );
    const sg = h.run(createSecurityGroup, { vpcId: vpc.id, groupName: 'g', description: 'g' });
    expect(
      code({ name: 'x', type: 'gateway', subnets: [subnet.id], securityGroups: [sg.id] }),
    ).toBe('InvalidConfigurationRequest');
    expect(
      code({
        name: 'x',
        type: 'network',
        subnetMappings: [{ subnetId: subnet.id, allocationId: 'eipalloc-0123456789abcdef0' }],
      }),
    ).toBe('AllocationIdNotFound');
    expect(
      code({
        name: 'x',
        type: 'network',
        scheme: 'internal',
        subnetMappings: [{ subnetId: subnet.id, allocationId: 'eipalloc-0123456789abcdef0' }],
      }),
    ).toBe('InvalidConfigurationRequest');
    expect(
      code({
        name: 'x',
        type: 'network',
        scheme: 'internal',
        subnetMappings: [{ subnetId: subnet.id, privateIPv4Address: '10.0.9.9' }],
      }),
    ).toBe('InvalidConfigurationRequest');
  });

  it('needs an internet gateway for an internet-facing load balancer', () => {
    const { h, vpc, subnet, igw } = dualStackWorld();
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    expect(
      h.fails(createLoadBalancer, { name: 'x', type: 'network', subnets: [subnet.id] }),
    ).toMatchObject({
      code: 'InvalidSubnet',
      message: `VPC ${vpc.id} has no internet gateway`,
    });
    h.run(createLoadBalancer, {
      name: 'x',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
  });
});

describe('DeleteLoadBalancer', () => {
  it('removes the nodes, keeps the EIPs allocated, and succeeds for an unknown ARN', () => {
    const { h, subnet } = dualStackWorld();
    const eip = h.run(allocateAddress, {});
    const lb = h.run(createLoadBalancer, {
      name: 'edge',
      type: 'network',
      subnetMappings: [{ subnetId: subnet.id, allocationId: eip.id }],
    });
    const eni = lb.availabilityZones[0]!.networkInterfaceId;
    h.run(deleteLoadBalancer, { loadBalancerArn: lb.id });
    expect(h.s.get('load-balancer', lb.id)).toBeUndefined();
    expect(h.s.get('network-interface', eni)).toBeUndefined();
    expect(h.s.get('elastic-ip', eip.id)?.associationId).toBeUndefined();
    h.run(deleteLoadBalancer, { loadBalancerArn: lb.id });
  });

  it('refuses while deletion protection is on', () => {
    const { h, subnet } = dualStackWorld();
    const lb = h.run(createLoadBalancer, { name: 'x', type: 'gateway', subnets: [subnet.id] });
    h.run(modifyLoadBalancerAttributes, {
      loadBalancerArn: lb.id,
      attributes: [{ key: 'deletion_protection.enabled', value: 'true' }],
    });
    expect(h.fails(deleteLoadBalancer, { loadBalancerArn: lb.id }).code).toBe(
      'OperationNotPermitted',
    );
  });
});

describe('ModifyLoadBalancerAttributes', () => {
  it('changes known keys and refuses unknown keys and bad values', () => {
    const { h, subnet } = dualStackWorld();
    const lb = h.run(createLoadBalancer, { name: 'n', type: 'network', subnets: [subnet.id] });
    const attrs = h.run(modifyLoadBalancerAttributes, {
      loadBalancerArn: lb.id,
      attributes: [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }],
    });
    expect(attrs).toContainEqual({ key: 'load_balancing.cross_zone.enabled', value: 'true' });
    expect(
      attributeValue(h.s.get('load-balancer', lb.id)!, 'load_balancing.cross_zone.enabled'),
    ).toBe('true');
    const modify = (key: string, value: string) =>
      h.fails(modifyLoadBalancerAttributes, {
        loadBalancerArn: lb.id,
        attributes: [{ key, value }],
      }).code;
    expect(modify('idle_timeout.timeout_seconds', '30')).toBe('InvalidConfigurationRequest');
    expect(modify('deletion_protection.enabled', 'yes')).toBe('ValidationError');
    expect(
      h.fails(modifyLoadBalancerAttributes, { loadBalancerArn: `${lb.id}0`, attributes: [] }).code,
    ).toBe('LoadBalancerNotFound');
  });
});

describe('SetSubnets and SetSecurityGroups', () => {
  it('adds and removes nodes, keeping the ones that stay', () => {
    const { h, subnet, other, plain } = dualStackWorld();
    const lb = h.run(createLoadBalancer, {
      name: 'n',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    const kept = lb.availabilityZones[0]!;
    const zones = h.run(setSubnets, { loadBalancerArn: lb.id, subnets: [subnet.id, other.id] });
    expect(zones[0]).toEqual(kept);
    expect(zones.map((z) => z.zoneName)).toEqual(['us-east-1a', 'us-east-1b']);
    const moved = h.run(setSubnets, { loadBalancerArn: lb.id, subnets: [other.id] });
    expect(moved.map((z) => z.subnetId)).toEqual([other.id]);
    expect(h.s.get('network-interface', kept.networkInterfaceId)).toBeUndefined();
    expect(
      h.fails(setSubnets, { loadBalancerArn: lb.id, subnets: [plain.id, subnet.id] }).code,
    ).toBe('InvalidConfigurationRequest');
    const far = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
    const farSubnet = h.run(createSubnet, { vpcId: far.id, cidrBlock: '10.9.0.0/24' });
    expect(h.fails(setSubnets, { loadBalancerArn: lb.id, subnets: [farSubnet.id] }).code).toBe(
      'InvalidConfigurationRequest',
    );
  });

  it('sets groups on ALB nodes; refuses them on a GWLB and on an NLB created without', () => {
    const { h, vpc, subnet, other } = dualStackWorld();
    const sg = h.run(createSecurityGroup, { vpcId: vpc.id, groupName: 'lb', description: 'lb' });
    const alb = h.run(createLoadBalancer, { name: 'a', subnets: [subnet.id, other.id] });
    expect(h.run(setSecurityGroups, { loadBalancerArn: alb.id, securityGroups: [sg.id] })).toEqual([
      sg.id,
    ]);
    for (const z of alb.availabilityZones) {
      expect(h.s.get('network-interface', z.networkInterfaceId)?.groups).toEqual([sg.id]);
    }
    const nlb = h.run(createLoadBalancer, { name: 'n', type: 'network', subnets: [subnet.id] });
    expect(
      h.fails(setSecurityGroups, { loadBalancerArn: nlb.id, securityGroups: [sg.id] }).code,
    ).toBe('InvalidConfigurationRequest');
    const gwlb = h.run(createLoadBalancer, { name: 'g', type: 'gateway', subnets: [subnet.id] });
    expect(
      h.fails(setSecurityGroups, { loadBalancerArn: gwlb.id, securityGroups: [sg.id] }).code,
    ).toBe('InvalidConfigurationRequest');
  });
});

describe('AddTags and RemoveTags', () => {
  it('tags by ARN and refuses duplicate keys in one request', () => {
    const { h, subnet } = dualStackWorld();
    const lb = h.run(createLoadBalancer, { name: 'g', type: 'gateway', subnets: [subnet.id] });
    h.run(addElbv2Tags, {
      resourceArns: [lb.id],
      tags: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
    h.run(addElbv2Tags, { resourceArns: [lb.id], tags: [{ key: 'a', value: '3' }] });
    h.run(removeElbv2Tags, { resourceArns: [lb.id], tagKeys: ['b'] });
    expect(h.s.get('load-balancer', lb.id)?.tags).toEqual([{ key: 'a', value: '3' }]);
    expect(
      h.fails(addElbv2Tags, {
        resourceArns: [lb.id],
        tags: [
          { key: 'x', value: '1' },
          { key: 'x', value: '2' },
        ],
      }).code,
    ).toBe('DuplicateTagKeys');
    expect(
      h.fails(addElbv2Tags, { resourceArns: [`${lb.id}f`], tags: [{ key: 'x', value: '1' }] }).code,
    ).toBe('LoadBalancerNotFound');
  });
});
