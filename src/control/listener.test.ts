import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { createListener, deleteListener } from './listener.js';
import { createLoadBalancer } from './load-balancer.js';
import { createTargetGroup } from './target-group.js';
import { createVpc } from './vpc.js';

function world() {
  const w = dualStackWorld();
  const { h, vpc, subnet, other } = w;
  const alb = h.run(createLoadBalancer, { name: 'alb', subnets: [subnet.id, other.id] });
  const nlb = h.run(createLoadBalancer, { name: 'nlb', type: 'network', subnets: [subnet.id] });
  const gwlb = h.run(createLoadBalancer, { name: 'gwlb', type: 'gateway', subnets: [subnet.id] });
  const tg = (name: string, protocol: string, port = 80) =>
    h.run(createTargetGroup, { name, protocol, port, vpcId: vpc.id });
  return { ...w, alb, nlb, gwlb, tg };
}

const forward = (targetGroupArn: string) => [{ type: 'forward', targetGroupArn }];

describe('CreateListener', () => {
  it('creates listeners whose ARNs extend the load balancer path', () => {
    const { h, alb, gwlb, tg } = world();
    const web = tg('web', 'HTTP');
    const l = h.run(createListener, {
      loadBalancerArn: alb.id,
      protocol: 'HTTP',
      port: 80,
      defaultActions: forward(web.id),
    });
    expect(l.id).toMatch(
      new RegExp(
        `^${alb.id.replace(':loadbalancer/', ':listener/').replace(/[/.]/g, '\\$&')}/[0-9a-f]{16}$`,
      ),
    );
    expect(l).toMatchObject({
      protocol: 'HTTP',
      port: 80,
      defaultActions: [{ type: 'forward', targetGroupArn: web.id }],
    });
    const fw = tg('fw', 'GENEVE', 6081);
    const g = h.run(createListener, { loadBalancerArn: gwlb.id, defaultActions: forward(fw.id) });
    expect(g.protocol).toBeUndefined();
    expect(g.port).toBeUndefined();
    expect(
      h.fails(createListener, { loadBalancerArn: gwlb.id, defaultActions: forward(fw.id) }).code,
    ).toBe('TooManyListeners');
  });

  it('refuses protocols the load balancer type does not speak, and incompatible groups', () => {
    const { h, alb, nlb, gwlb, tg } = world();
    const web = tg('web', 'HTTP');
    const tcp = tg('tcp', 'TCP');
    const udp = tg('udp', 'UDP', 53);
    const fail = (input: Parameters<typeof createListener>[1]) => h.fails(createListener, input);
    expect(
      fail({ loadBalancerArn: alb.id, protocol: 'TCP', port: 80, defaultActions: forward(tcp.id) })
        .code,
    ).toBe('UnsupportedProtocol');
    expect(
      fail({ loadBalancerArn: nlb.id, protocol: 'TCP', port: 80, defaultActions: forward(web.id) }),
    ).toMatchObject({
      code: 'IncompatibleProtocols',
      message:
        "Listener protocol 'TCP' is not supported with a target group with the protocol 'HTTP'",
    });
    expect(
      fail({ loadBalancerArn: nlb.id, protocol: 'TCP', port: 53, defaultActions: forward(udp.id) })
        .code,
    ).toBe('IncompatibleProtocols');
    expect(
      fail({ loadBalancerArn: nlb.id, protocol: 'TLS', port: 443, defaultActions: forward(tcp.id) })
        .code,
    ).toBe('ValidationError');
    expect(
      fail({ loadBalancerArn: gwlb.id, protocol: 'TCP', port: 80, defaultActions: forward(tcp.id) })
        .code,
    ).toBe('ValidationError');
    expect(fail({ loadBalancerArn: gwlb.id, defaultActions: forward(tcp.id) }).code).toBe(
      'IncompatibleProtocols',
    );
    expect(
      fail({
        loadBalancerArn: nlb.id,
        protocol: 'TCP',
        port: 80,
        defaultActions: [{ type: 'redirect' }],
      }).code,
    ).toBe('ValidationError');
    expect(
      fail({
        loadBalancerArn: nlb.id,
        protocol: 'TCP',
        port: 80,
        defaultActions: forward(`${tcp.id}0`),
      }).code,
    ).toBe('TargetGroupNotFound');
    expect(
      fail({
        loadBalancerArn: `${nlb.id}0`,
        protocol: 'TCP',
        port: 80,
        defaultActions: forward(tcp.id),
      }).code,
    ).toBe('LoadBalancerNotFound');
  });

  it('refuses a second listener on a port, a group of another VPC, and a group another LB uses', () => {
    const { h, nlb, subnet, tg } = world();
    const tcp = tg('tcp', 'TCP');
    h.run(createListener, {
      loadBalancerArn: nlb.id,
      protocol: 'TCP',
      port: 80,
      defaultActions: forward(tcp.id),
    });
    expect(
      h.fails(createListener, {
        loadBalancerArn: nlb.id,
        protocol: 'TCP',
        port: 80,
        defaultActions: forward(tcp.id),
      }),
    ).toMatchObject({
      code: 'DuplicateListener',
      message: `A listener already exists on this port for this load balancer '${nlb.id}'`,
    });
    const far = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
    const farTg = h.run(createTargetGroup, {
      name: 'far',
      protocol: 'TCP',
      port: 80,
      vpcId: far.id,
    });
    expect(
      h.fails(createListener, {
        loadBalancerArn: nlb.id,
        protocol: 'TCP',
        port: 81,
        defaultActions: forward(farTg.id),
      }).code,
    ).toBe('ValidationError');
    const nlb2 = h.run(createLoadBalancer, { name: 'nlb2', type: 'network', subnets: [subnet.id] });
    expect(
      h.fails(createListener, {
        loadBalancerArn: nlb2.id,
        protocol: 'TCP',
        port: 80,
        defaultActions: forward(tcp.id),
      }).code,
    ).toBe('TargetGroupAssociationLimit');
  });
});

describe('DeleteListener', () => {
  it('deletes a listener and answers ListenerNotFound after', () => {
    const { h, nlb, tg } = world();
    const tcp = tg('tcp', 'TCP');
    const l = h.run(createListener, {
      loadBalancerArn: nlb.id,
      protocol: 'TCP',
      port: 80,
      defaultActions: forward(tcp.id),
    });
    h.run(deleteListener, { listenerArn: l.id });
    expect(h.s.get('listener', l.id)).toBeUndefined();
    expect(h.fails(deleteListener, { listenerArn: l.id })).toMatchObject({
      code: 'ListenerNotFound',
      message: 'One or more listeners not found',
    });
  });
});
