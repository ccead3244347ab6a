import type { LoadBalancer } from './load-balancer.js';
import type { Snapshot } from './snapshot.js';
import type { Target, TargetGroup } from './target-group.js';

/**
 * A target's health as the twin derives it (ELBv2 `TargetHealth`). The twin runs no health
 * checks: a registered target is `healthy` when a load balancer uses its group, the target is
 * in one of the load balancer's zones (or `all`) and, for an instance, the instance runs
 * (D52). Derived when read, never stored (D3), so the control plane's DescribeTargetHealth and
 * the dataplane's target choice agree.
 */
export interface TargetHealth {
  readonly state: 'healthy' | 'unused' | 'unavailable';
  readonly reason?: 'Target.NotInUse' | 'Target.InvalidState';
  readonly description?: string;
}

/** The load balancers whose listeners forward to a group. */
export function loadBalancersOfTargetGroup(s: Snapshot, tg: TargetGroup): LoadBalancer[] {
  const out: LoadBalancer[] = [];
  for (const l of s.find('listenersByTargetGroup', tg.id)) {
    const lb = s.get('load-balancer', l.loadBalancerArn);
    if (lb && !out.includes(lb)) out.push(lb);
  }
  return out;
}

/** The zone a target sits in: an instance's, an in-VPC address's subnet's, or `all`. */
export function targetZone(s: Snapshot, tg: TargetGroup, t: Target): string | undefined {
  if (t.availabilityZone) return t.availabilityZone;
  if (tg.targetType === 'instance') return s.get('instance', t.id)?.availabilityZone;
  return undefined;
}

/** The health of one registered target. */
export function targetHealth(s: Snapshot, tg: TargetGroup, t: Target): TargetHealth {
  const lbs = loadBalancersOfTargetGroup(s, tg);
  if (lbs.length === 0) {
    return {
      state: 'unused',
      reason: 'Target.NotInUse',
      description: 'Target group is not configured to receive traffic from the load balancer',
    };
  }
  if (tg.targetType === 'instance') {
    const i = s.get('instance', t.id);
    if (!i || i.state !== 'running') {
      return {
        state: 'unused',
        reason: 'Target.InvalidState',
        description: 'Target is in the stopped state',
      };
    }
  }
  const zone = targetZone(s, tg, t);
  const inZone =
    zone === 'all' ||
    zone === undefined ||
    lbs.some((lb) => lb.availabilityZones.some((z) => z.zoneName === zone));
  if (!inZone) {
    return {
      state: 'unused',
      reason: 'Target.NotInUse',
      description: 'Target is in an Availability Zone that is not enabled for the load balancer',
    };
  }
  return { state: 'healthy' };
}
