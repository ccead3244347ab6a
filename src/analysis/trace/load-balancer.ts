import type { Drop, ElbBinding, ElbGoal, Hop } from '../../dataplane/index.js';
import { component } from './render.js';
import type { Goal } from './request.js';
import type { Explanation, TraceRequest } from './types.js';

/**
 * What the tracer adds around load balancers: what it asks of the target a load balancer picks
 * (the trace's destination, its arrival ports), and RA's note that a Network Load Balancer kept
 * the client's address when that address is what the target refused (D85, D86).
 */

/** RA's kind of note when a path went through an ALB listener whose rules were not evaluated. */
export const LISTENER_RULES_WARNING =
  'ALB listener rules not evaluated: a trace carries no HTTP request, so the target was chosen among the target groups of the listener’s default action and of all its rules (path-pattern and host-header conditions).';

/** The note for a path through a listener with rules (D89), if it went through one. */
export function rulesWarning(hops: readonly Hop[]): string | undefined {
  return hops.some((h) => (h.listener?.ruleCount ?? 0) > 0) ? LISTENER_RULES_WARNING : undefined;
}

/** What a trace asks of a load balancer's target, if anything. */
export function elbGoalOf(goal: Goal, req: TraceRequest): ElbGoal | undefined {
  const enis = goal.kind === 'eni' ? goal.enis : undefined;
  const ports = req.arrivalPortRange;
  if (!enis && !ports) return undefined;
  return { ...(enis ? { enis } : {}), ...(ports ? { ports } : {}) };
}

/**
 * ELBV2_SOURCE_ADDRESS_PRESERVATION beside the blocking explanation, when the packet refused on
 * its way in to a target carries the client's address because an NLB preserved it: the target's
 * rules must admit the clients, not the load balancer.
 */
export function preservationNote(drop: Drop, elb: readonly ElbBinding[]): Explanation | undefined {
  const r = drop.refusal;
  // Only a security group names the field it refused; an ACL's refusal may be the port's.
  if (r.code !== 'ENI_SG_RULES_MISMATCH' || r.direction !== 'ingress') return undefined;
  if (r.packetField !== 'source-address') return undefined;
  const b = elb.find(
    (x) =>
      x.lb.type === 'network' &&
      x.toTarget.src.equals(x.client.src) &&
      x.toTarget.src.equals(drop.packet.src) &&
      x.toTarget.dst.equals(drop.packet.dst),
  );
  if (!b) return undefined;
  return {
    ExplanationCode: 'ELBV2_SOURCE_ADDRESS_PRESERVATION',
    Component: component(b.lb),
    LoadBalancerArn: b.lb.id,
    ...(b.tg ? { LoadBalancerTargetGroup: component(b.tg) } : {}),
    PacketField: 'source-address',
    Address: b.client.src.toString(),
  };
}
