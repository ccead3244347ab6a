import { describe, expect, it } from 'vitest';
import type { PathComponent } from '../../src/analysis/trace/index.js';
import { LISTENER_RULES_WARNING } from '../../src/analysis/trace/load-balancer.js';
import { createListener } from '../../src/control/listener.js';
import { createRule, deleteRule } from '../../src/control/listener-rule.js';
import { createLoadBalancer } from '../../src/control/load-balancer.js';
import {
  authorizeSecurityGroupIngress,
  createSecurityGroup,
} from '../../src/control/security-group.js';
import { registerTargets } from '../../src/control/target.js';
import { createTargetGroup } from '../../src/control/target-group.js';
import { elbWorld } from './elb-world.js';

/**
 * ALB listener rules in a trace (D89): with no HTTP request to match, the groups of the default
 * action and of every rule are possible, and a found path says so in its warning.
 */

const ids = (cs: readonly PathComponent[] | undefined) => (cs ?? []).map((c) => c.Component.Id);

function world() {
  const w = elbWorld();
  const i = (name: string) => w.id(name, 'instance');
  const vpcId = w.store.snapshot.get('load-balancer', w.id('db', 'load-balancer'))!.vpcId;
  const g = w.run(createSecurityGroup, { vpcId, groupName: 'alb', description: 'alb' });
  w.run(authorizeSecurityGroupIngress, {
    groupId: g.id,
    ipPermissions: [
      { ipProtocol: 'tcp', fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '10.0.0.0/16' }] },
    ],
  });
  const alb = w.run(createLoadBalancer, {
    name: 'web',
    scheme: 'internal',
    subnets: ['app-a', 'app-b'].map((n) => w.id(n, 'subnet')),
    securityGroups: [g.id],
  });
  const group = (name: string) =>
    w.run(createTargetGroup, { name, protocol: 'HTTP', port: 5432, vpcId }).id;
  // The default action's group has no targets; the API group has db-a.
  const empty = group('default');
  const api = group('api');
  w.run(registerTargets, { targetGroupArn: api, targets: [{ id: i('db-a') }] });
  const listener = w.run(createListener, {
    loadBalancerArn: alb.id,
    protocol: 'HTTP',
    port: 80,
    defaultActions: [{ type: 'forward', targetGroupArn: empty }],
  });
  return { ...w, i, alb, albSg: g.id, empty, api, listener };
}

describe('ALB listener rules in a trace', () => {
  it('make the rules’ groups possible, with a warning that conditions were not evaluated', () => {
    const w = world();
    const req = { source: w.i('app-1'), destination: w.alb.id, destinationPort: 80 };
    const before = w.trace(req);
    expect(before.Explanations?.map((e) => e.ExplanationCode)).toEqual([
      'ELBV2_LISTENER_HAS_NO_TG',
    ]);
    const rule = w.run(createRule, {
      listenerArn: w.listener.id,
      priority: 10,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: [{ type: 'forward', targetGroupArn: w.api }],
    });
    const r = w.trace(req);
    expect(r.NetworkPathFound).toBe(true);
    expect(r.WarningMessage).toBe(LISTENER_RULES_WARNING);
    expect(ids(r.ForwardPathComponents)).toEqual([
      w.i('app-1'),
      w.eni('app-1'),
      w.id('db-sg', 'security-group'),
      w.albSg,
      w.alb.id,
      w.api,
      w.albSg,
      w.id('db-sg', 'security-group'),
      w.eni('db-a'),
      w.i('db-a'),
    ]);
    const albHop = r.ForwardPathComponents!.find((c) => c.Component.Id === w.alb.id)!;
    expect(albHop.ElasticLoadBalancerListener?.Id).toBe(w.listener.id);
    expect(ids(r.ReturnPathComponents)).toEqual([
      w.i('db-a'),
      w.eni('db-a'),
      w.alb.id,
      w.eni('app-1'),
      w.i('app-1'),
    ]);
    // Without the rule the listener is back to its default action alone.
    w.run(deleteRule, { ruleArn: rule.ruleArn });
    const after = w.trace(req);
    expect(after.Explanations?.map((e) => e.ExplanationCode)).toEqual(['ELBV2_LISTENER_HAS_NO_TG']);
  });
});
