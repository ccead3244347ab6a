import type { ResourceBase } from './common.js';

/**
 * ELBv2 listeners (`Listener`): a port and protocol on a load balancer and the default action.
 * The twin models `forward` actions, to one or more target groups. The id is the listener's ARN.
 */

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';

/** One target group of a forward action, with its weight. */
export interface ForwardTarget {
  readonly targetGroupArn: string;
  readonly weight: number;
}

/** A default action (ELBv2 `Action`, type `forward`). */
export interface ListenerAction {
  readonly type: 'forward';
  readonly order?: number;
  readonly targetGroupArn?: string;
  readonly forwardConfig?: { readonly targetGroups: readonly ForwardTarget[] };
}

/** The request fields a rule matches on (ELBv2 `RuleCondition.Field`) that the twin models. */
export type RuleConditionField = 'path-pattern' | 'host-header';

/** A rule condition: a field and the patterns it matches (any of them). */
export interface RuleCondition {
  readonly field: RuleConditionField;
  readonly values: readonly string[];
}

/**
 * A listener rule (ELBv2 `Rule`) of an ALB listener: when every condition matches, the actions
 * run. Rules live in their listener (D89); the default rule is the listener's default actions.
 */
export interface ListenerRule {
  readonly ruleArn: string;
  readonly priority: number;
  readonly conditions: readonly RuleCondition[];
  readonly actions: readonly ListenerAction[];
}

/** A listener; `id` is its ARN. GWLB listeners have no protocol or port. */
export interface Listener extends ResourceBase<'listener'> {
  readonly loadBalancerArn: string;
  readonly protocol?: ListenerProtocol;
  readonly port?: number;
  readonly certificates?: readonly { readonly certificateArn: string }[];
  readonly sslPolicy?: string;
  readonly defaultActions: readonly ListenerAction[];
  /** ALB listener rules, by priority (D89). */
  readonly rules?: readonly ListenerRule[];
}

/**
 * Every target group a listener forwards to: its default actions', then its rules' (a group a
 * rule names is in use, and a trace may reach it).
 */
export function listenerTargetGroups(l: Pick<Listener, 'defaultActions' | 'rules'>): string[] {
  const out: string[] = [];
  for (const a of [...l.defaultActions, ...(l.rules ?? []).flatMap((r) => r.actions)]) {
    if (a.targetGroupArn && !out.includes(a.targetGroupArn)) out.push(a.targetGroupArn);
    for (const t of a.forwardConfig?.targetGroups ?? []) {
      if (!out.includes(t.targetGroupArn)) out.push(t.targetGroupArn);
    }
  }
  return out;
}

/** A rule's ARN: `listener-rule/<lb type>/<lb name>/<lb suffix>/<listener suffix>/<suffix>`. */
export const listenerRuleArn = (listenerArn: string, suffix: string): string =>
  `${listenerArn.replace(':listener/', ':listener-rule/')}/${suffix}`;

/** The listener a rule ARN belongs to. */
export const listenerOfRuleArn = (ruleArn: string): string =>
  ruleArn.replace(':listener-rule/', ':listener/').slice(0, ruleArn.lastIndexOf('/') - 5);

/** A listener's ARN: `listener/<lb type>/<lb name>/<lb suffix>/<suffix>`. */
export const listenerArn = (loadBalancerArn: string, suffix: string): string =>
  `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/${suffix}`;
