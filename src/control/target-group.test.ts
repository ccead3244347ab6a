import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { attributeValue } from '../model/load-balancer.js';
import { targetHealth } from '../model/target-health.js';
import { modifyTargetGroupAttributes } from './elbv2-attributes.js';
import { runInstances } from './instance-launch.js';
import { stopInstances } from './instance.js';
import { createListener } from './listener.js';
import { createLoadBalancer } from './load-balancer.js';
import { deregisterTargets, registerTargets } from './target.js';
import { createTargetGroup, deleteTargetGroup } from './target-group.js';
import { createVpc } from './vpc.js';

const TG_ARN =
  /^arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup\/[a-z0-9-]+\/[0-9a-f]{16}$/;

describe('CreateTargetGroup', () => {
  it('creates groups with the defaults of their protocol and target type', () => {
    const { h, vpc } = dualStackWorld();
    const web = h.run(createTargetGroup, {
      name: 'web',
      protocol: 'HTTP',
      port: 80,
      vpcId: vpc.id,
    });
    expect(web.id).toMatch(TG_ARN);
    expect(web).toMatchObject({
      targetType: 'instance',
      protocolVersion: 'HTTP1',
      healthCheckProtocol: 'HTTP',
      healthCheckPort: 'traffic-port',
      healthCheckPath: '/',
      targets: [],
    });
    expect(attributeValue(web, 'stickiness.type')).toBe('lb_cookie');
    const ipTcp = h.run(createTargetGroup, {
      name: 'ip',
      protocol: 'TCP',
      port: 5432,
      vpcId: vpc.id,
      targetType: 'ip',
    });
    expect(attributeValue(ipTcp, 'preserve_client_ip.enabled')).toBe('false');
    const instTcp = h.run(createTargetGroup, {
      name: 'inst',
      protocol: 'TCP',
      port: 5432,
      vpcId: vpc.id,
    });
    expect(attributeValue(instTcp, 'preserve_client_ip.enabled')).toBe('true');
    const geneve = h.run(createTargetGroup, {
      name: 'fw',
      protocol: 'GENEVE',
      port: 6081,
      vpcId: vpc.id,
    });
    expect(attributeValue(geneve, 'stickiness.type')).toBe('source_ip_dest_ip_proto');
    expect(attributeValue(geneve, 'preserve_client_ip.enabled')).toBeUndefined();
  });

  it('refuses bad shapes with ELBv2 codes', () => {
    const { h, vpc } = dualStackWorld();
    const code = (input: Parameters<typeof createTargetGroup>[1]) =>
      h.fails(createTargetGroup, input).code;
    const base = { name: 'x', protocol: 'TCP', port: 80, vpcId: vpc.id };
    expect(code({ ...base, name: 'no_underscores' })).toBe('ValidationError');
    expect(code({ ...base, protocol: 'SCTP' })).toBe('ValidationError');
    expect(code({ ...base, port: 0 })).toBe('ValidationError');
    expect(code({ ...base, protocol: 'GENEVE', port: 6080 })).toBe('ValidationError');
    expect(code({ ...base, targetType: 'alb', protocol: 'UDP' })).toBe('ValidationError');
    expect(code({ ...base, vpcId: 'vpc-0123456789abcdef0' })).toBe('ValidationError');
    h.run(createTargetGroup, base);
    expect(h.run(createTargetGroup, base).targetGroupName).toBe('x');
    expect(h.fails(createTargetGroup, { ...base, port: 81 })).toMatchObject({
      code: 'DuplicateTargetGroupName',
      message: "A target group with the same name 'x' exists, but with different settings",
    });
  });
});

describe('RegisterTargets and DeregisterTargets', () => {
  it('registers instances in the VPC and reports their health', () => {
    const { h, vpc, subnet, other } = dualStackWorld();
    const [a] = h.run(runInstances, { subnetId: subnet.id });
    const [b] = h.run(runInstances, { subnetId: other.id });
    const tg = h.run(createTargetGroup, { name: 'web', protocol: 'TCP', port: 80, vpcId: vpc.id });
    h.run(registerTargets, {
      targetGroupArn: tg.id,
      targets: [{ id: a!.id }, { id: b!.id, port: 8080 }],
    });
    h.run(registerTargets, { targetGroupArn: tg.id, targets: [{ id: a!.id }] });
    let group = h.s.get('target-group', tg.id)!;
    expect(group.targets).toEqual([
      { id: a!.id, port: 80 },
      { id: b!.id, port: 8080 },
    ]);
    expect(targetHealth(h.s, group, group.targets[0]!)).toMatchObject({
      state: 'unused',
      reason: 'Target.NotInUse',
    });
    const lb = h.run(createLoadBalancer, {
      name: 'n',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    h.run(createListener, {
      loadBalancerArn: lb.id,
      protocol: 'TCP',
      port: 80,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    group = h.s.get('target-group', tg.id)!;
    expect(targetHealth(h.s, group, group.targets[0]!).state).toBe('healthy');
    // b is in us-east-1b, where the NLB has no node.
    expect(targetHealth(h.s, group, group.targets[1]!)).toMatchObject({
      state: 'unused',
      reason: 'Target.NotInUse',
    });
    h.run(stopInstances, { instanceIds: [a!.id] });
    expect(targetHealth(h.s, group, group.targets[0]!)).toMatchObject({
      state: 'unused',
      reason: 'Target.InvalidState',
    });
    h.run(deregisterTargets, { targetGroupArn: tg.id, targets: [{ id: a!.id }] });
    expect(h.s.get('target-group', tg.id)?.targets.map((t) => t.id)).toEqual([b!.id]);
    expect(
      h.fails(deregisterTargets, { targetGroupArn: tg.id, targets: [{ id: a!.id }] }).code,
    ).toBe('InvalidTarget');
  });

  it('refuses instances elsewhere, stopped, or unknown', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const far = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
    const tg = h.run(createTargetGroup, { name: 'web', protocol: 'TCP', port: 80, vpcId: far.id });
    const [a] = h.run(runInstances, { subnetId: subnet.id });
    expect(
      h.fails(registerTargets, { targetGroupArn: tg.id, targets: [{ id: a!.id }] }),
    ).toMatchObject({
      code: 'InvalidTarget',
      message: `The following targets are not in the target group VPC '${far.id}': '${a!.id}'`,
    });
    const here = h.run(createTargetGroup, {
      name: 'here',
      protocol: 'TCP',
      port: 80,
      vpcId: vpc.id,
    });
    h.run(stopInstances, { instanceIds: [a!.id] });
    expect(
      h.fails(registerTargets, { targetGroupArn: here.id, targets: [{ id: a!.id }] }).code,
    ).toBe('InvalidTarget');
    expect(
      h.fails(registerTargets, {
        targetGroupArn: here.id,
        targets: [{ id: 'i-0123456789abcdef0' }],
      }).code,
    ).toBe('InvalidTarget');
    expect(
      h.fails(registerTargets, { targetGroupArn: `${here.id}0`, targets: [{ id: a!.id }] }).code,
    ).toBe('TargetGroupNotFound');
  });

  it('registers IP targets in the VPC by zone, and on-premises addresses with zone all', () => {
    const { h, vpc } = dualStackWorld();
    const tg = h.run(createTargetGroup, {
      name: 'ip',
      protocol: 'TCP',
      port: 443,
      vpcId: vpc.id,
      targetType: 'ip',
    });
    h.run(registerTargets, {
      targetGroupArn: tg.id,
      targets: [{ id: '10.0.2.10' }, { id: '192.168.10.5', availabilityZone: 'all' }],
    });
    expect(h.s.get('target-group', tg.id)?.targets).toEqual([
      { id: '10.0.2.10', port: 443, availabilityZone: 'us-east-1b' },
      { id: '192.168.10.5', port: 443, availabilityZone: 'all' },
    ]);
    const code = (id: string, availabilityZone?: string) =>
      h.fails(registerTargets, {
        targetGroupArn: tg.id,
        targets: [{ id, ...(availabilityZone ? { availabilityZone } : {}) }],
      }).code;
    expect(code('192.168.10.6')).toBe('ValidationError');
    expect(code('8.8.8.8', 'all')).toBe('InvalidTarget');
    expect(code('10.0.200.1')).toBe('InvalidTarget');
    expect(code('10.0.2.11', 'us-east-1a')).toBe('ValidationError');
    expect(code('not-an-ip')).toBe('InvalidTarget');
  });

  it('takes GENEVE targets on port 6081 only', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const tg = h.run(createTargetGroup, {
      name: 'fw',
      protocol: 'GENEVE',
      port: 6081,
      vpcId: vpc.id,
    });
    const [a] = h.run(runInstances, { subnetId: subnet.id });
    expect(
      h.fails(registerTargets, { targetGroupArn: tg.id, targets: [{ id: a!.id, port: 80 }] }).code,
    ).toBe('ValidationError');
    h.run(registerTargets, { targetGroupArn: tg.id, targets: [{ id: a!.id }] });
    expect(h.s.get('target-group', tg.id)?.targets).toEqual([{ id: a!.id, port: 6081 }]);
  });
});

describe('ModifyTargetGroupAttributes and DeleteTargetGroup', () => {
  it('changes stickiness and client IP preservation; refuses keys of other protocols', () => {
    const { h, vpc } = dualStackWorld();
    const fw = h.run(createTargetGroup, {
      name: 'fw',
      protocol: 'GENEVE',
      port: 6081,
      vpcId: vpc.id,
    });
    h.run(modifyTargetGroupAttributes, {
      targetGroupArn: fw.id,
      attributes: [
        { key: 'stickiness.enabled', value: 'true' },
        { key: 'stickiness.type', value: 'source_ip_dest_ip' },
      ],
    });
    expect(attributeValue(h.s.get('target-group', fw.id)!, 'stickiness.type')).toBe(
      'source_ip_dest_ip',
    );
    const modify = (arn: string, key: string, value: string) =>
      h.fails(modifyTargetGroupAttributes, { targetGroupArn: arn, attributes: [{ key, value }] })
        .code;
    expect(modify(fw.id, 'stickiness.type', 'lb_cookie')).toBe('ValidationError');
    expect(modify(fw.id, 'preserve_client_ip.enabled', 'true')).toBe('InvalidConfigurationRequest');
    const tcp = h.run(createTargetGroup, {
      name: 'tcp',
      protocol: 'TCP',
      port: 80,
      vpcId: vpc.id,
      targetType: 'ip',
    });
    h.run(modifyTargetGroupAttributes, {
      targetGroupArn: tcp.id,
      attributes: [
        { key: 'preserve_client_ip.enabled', value: 'true' },
        { key: 'load_balancing.cross_zone.enabled', value: 'use_load_balancer_configuration' },
      ],
    });
    expect(attributeValue(h.s.get('target-group', tcp.id)!, 'preserve_client_ip.enabled')).toBe(
      'true',
    );
    expect(modify(tcp.id, 'load_balancing.cross_zone.enabled', 'sometimes')).toBe(
      'ValidationError',
    );
  });

  it('refuses to delete a group a listener uses', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const tg = h.run(createTargetGroup, {
      name: 'fw',
      protocol: 'GENEVE',
      port: 6081,
      vpcId: vpc.id,
    });
    const lb = h.run(createLoadBalancer, { name: 'g', type: 'gateway', subnets: [subnet.id] });
    h.run(createListener, {
      loadBalancerArn: lb.id,
      defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
    });
    expect(h.fails(deleteTargetGroup, { targetGroupArn: tg.id })).toMatchObject({
      code: 'ResourceInUse',
      message: `Target group '${tg.id}' is currently in use by a listener or a rule`,
    });
  });
});
