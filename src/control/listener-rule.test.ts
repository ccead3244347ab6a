import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { listenerTargetGroups } from '../model/listener.js';
import { createListener, deleteListener } from './listener.js';
import { createRule, defaultRuleArn, deleteRule, modifyRule } from './listener-rule.js';
import { createLoadBalancer } from './load-balancer.js';
import { createTargetGroup, deleteTargetGroup } from './target-group.js';

/** ALB listener rules (D89): path-pattern and host-header conditions, forward actions. */

function world() {
  const w = dualStackWorld();
  const { h, vpc, subnet, other } = w;
  const alb = h.run(createLoadBalancer, { name: 'web', subnets: [subnet.id, other.id] });
  const group = (name: string) =>
    h.run(createTargetGroup, { name, protocol: 'HTTP', port: 80, vpcId: vpc.id }).id;
  const web = group('web');
  const api = group('api');
  const listener = h.run(createListener, {
    loadBalancerArn: alb.id,
    protocol: 'HTTP',
    port: 80,
    defaultActions: [{ type: 'forward', targetGroupArn: web }],
  });
  return { ...w, alb, web, api, listener, group };
}

const forward = (targetGroupArn: string) => [{ type: 'forward', targetGroupArn }];

describe('CreateRule', () => {
  it('adds a rule with its own ARN, kept by priority, whose group is then in use', () => {
    const { h, listener, web, api } = world();
    const second = h.run(createRule, {
      listenerArn: listener.id,
      priority: 20,
      conditions: [{ field: 'host-header', hostHeaderConfig: { values: ['api.example.com'] } }],
      actions: forward(api),
    });
    const first = h.run(createRule, {
      listenerArn: listener.id,
      priority: 10,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: forward(api),
    });
    expect(first.ruleArn).toMatch(
      new RegExp(
        `^${listener.id.replace(':listener/', ':listener-rule/').replaceAll('/', '\\/')}\\/[0-9a-f]{16}$`,
      ),
    );
    expect(first.conditions).toEqual([{ field: 'path-pattern', values: ['/api/*'] }]);
    const stored = h.s.get('listener', listener.id)!;
    expect(stored.rules!.map((r) => r.priority)).toEqual([10, 20]);
    expect(stored.rules![1]).toEqual(second);
    expect(listenerTargetGroups(stored)).toEqual([web, api]);
    expect(h.fails(deleteTargetGroup, { targetGroupArn: api }).code).toBe('ResourceInUse');
  });

  it('refuses what AWS refuses, changing nothing', () => {
    const { h, listener, api, vpc } = world();
    h.run(createRule, {
      listenerArn: listener.id,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/a'] }],
      actions: forward(api),
    });
    const base = {
      listenerArn: listener.id,
      priority: 2,
      conditions: [{ field: 'path-pattern', values: ['/b'] }],
      actions: forward(api),
    };
    const tcp = h.run(createTargetGroup, {
      name: 'tcp',
      protocol: 'TCP',
      port: 80,
      vpcId: vpc.id,
    }).id;
    const cases: [string, Record<string, unknown>][] = [
      ['PriorityInUse', { priority: 1 }],
      ['ValidationError', { priority: 0 }],
      ['ValidationError', { priority: 50001 }],
      ['ValidationError', { conditions: [] }],
      ['ValidationError', { conditions: [{ field: 'http-header', values: ['x'] }] }],
      ['ValidationError', { conditions: [{ field: 'path-pattern', values: [] }] }],
      ['ValidationError', { conditions: [{ field: 'path-pattern', values: ['/a b'] }] }],
      [
        'ValidationError',
        {
          conditions: [
            { field: 'path-pattern', values: ['/a'] },
            { field: 'path-pattern', values: ['/b'] },
          ],
        },
      ],
      [
        'ValidationError',
        {
          conditions: [
            { field: 'host-header', values: ['a.com'], hostHeaderConfig: { values: ['b.com'] } },
          ],
        },
      ],
      ['ValidationError', { actions: [{ type: 'redirect' }] }],
      ['TargetGroupNotFound', { actions: forward(`${api}0`) }],
      ['IncompatibleProtocols', { actions: forward(tcp) }],
      ['ListenerNotFound', { listenerArn: `${listener.id}0` }],
    ];
    expect(cases.map(([, x]) => h.fails(createRule, { ...base, ...x }).code)).toEqual(
      cases.map(([code]) => code),
    );
  });

  it('is for ALB listeners only, and at most 100 per listener', () => {
    const { h, listener, api, subnet, vpc } = world();
    const nlb = h.run(createLoadBalancer, {
      name: 'nlb',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    const tcp = h.run(createTargetGroup, { name: 'tcp', protocol: 'TCP', port: 80, vpcId: vpc.id });
    const nl = h.run(createListener, {
      loadBalancerArn: nlb.id,
      protocol: 'TCP',
      port: 80,
      defaultActions: forward(tcp.id),
    });
    const rule = (listenerArn: string, priority: number, arn: string) => ({
      listenerArn,
      priority,
      conditions: [{ field: 'path-pattern', values: [`/${priority}`] }],
      actions: forward(arn),
    });
    expect(h.fails(createRule, rule(nl.id, 1, tcp.id)).code).toBe('ValidationError');
    for (let p = 1; p <= 100; p++) h.run(createRule, rule(listener.id, p, api));
    expect(h.fails(createRule, rule(listener.id, 101, api)).code).toBe('TooManyRules');
  });
});

describe('ModifyRule and DeleteRule', () => {
  it('replace conditions and actions, delete rules, and leave the default rule alone', () => {
    const { h, listener, api, web, group } = world();
    const rule = h.run(createRule, {
      listenerArn: listener.id,
      priority: 5,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: forward(api),
    });
    const admin = group('admin');
    const changed = h.run(modifyRule, {
      ruleArn: rule.ruleArn,
      conditions: [{ field: 'host-header', values: ['admin.example.com', '*.admin.example.com'] }],
      actions: forward(admin),
    });
    expect(changed).toEqual({
      ruleArn: rule.ruleArn,
      priority: 5,
      conditions: [{ field: 'host-header', values: ['admin.example.com', '*.admin.example.com'] }],
      actions: [{ type: 'forward', targetGroupArn: admin }],
    });
    expect(listenerTargetGroups(h.s.get('listener', listener.id)!)).toEqual([web, admin]);
    const def = defaultRuleArn(h.s.get('listener', listener.id)!);
    expect(h.fails(modifyRule, { ruleArn: def, actions: forward(api) }).code).toBe(
      'OperationNotPermitted',
    );
    expect(h.fails(deleteRule, { ruleArn: def }).code).toBe('OperationNotPermitted');
    expect(h.fails(deleteRule, { ruleArn: `${rule.ruleArn}0` }).code).toBe('RuleNotFound');
    expect(h.fails(deleteRule, { ruleArn: listener.id }).code).toBe('RuleNotFound');
    h.run(deleteRule, { ruleArn: rule.ruleArn });
    expect(h.s.get('listener', listener.id)!.rules).toEqual([]);
    expect(h.fails(modifyRule, { ruleArn: rule.ruleArn }).code).toBe('RuleNotFound');
    // Deleting the listener takes its rules with it.
    const again = h.run(createRule, {
      listenerArn: listener.id,
      priority: 1,
      conditions: [{ field: 'path-pattern', values: ['/x'] }],
      actions: forward(api),
    });
    h.run(deleteListener, { listenerArn: listener.id });
    expect(h.fails(deleteRule, { ruleArn: again.ruleArn }).code).toBe('RuleNotFound');
    h.run(deleteTargetGroup, { targetGroupArn: api });
  });
});
