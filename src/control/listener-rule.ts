import { Elbv2Errors } from '../model/elbv2-errors.js';
import type { AwsError } from '../model/errors.js';
import {
  listenerOfRuleArn,
  listenerRuleArn,
  type Listener,
  type ListenerRule,
  type RuleCondition,
} from '../model/listener.js';
import { elbv2Suffix } from '../model/load-balancer.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { listenerParam } from './elbv2-params.js';
import { checkActions, type ActionInput } from './listener.js';

/**
 * CreateRule, ModifyRule and DeleteRule for Application Load Balancer listeners (D89,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html):
 * `path-pattern` and `host-header` conditions and `forward` actions. Rules live in their
 * listener; the default rule is the listener's default actions and cannot be changed here.
 */

/** A condition of a request: `Values`, or the field's own config's `Values`. */
export interface ConditionInput {
  readonly field?: string;
  readonly values?: readonly string[];
  readonly pathPatternConfig?: { readonly values?: readonly string[] };
  readonly hostHeaderConfig?: { readonly values?: readonly string[] };
}

export interface CreateRuleInput {
  readonly listenerArn?: string;
  readonly priority?: number;
  readonly conditions?: readonly ConditionInput[];
  readonly actions?: readonly ActionInput[];
}

/** ELBv2's quota of rules per ALB listener, the default rule excluded. */
const RULES_PER_LISTENER = 100;

const HOST = /^[A-Za-z0-9*?.-]{1,128}$/;
const PATH = /^[A-Za-z0-9_\-.$/~"'@:+&()!,;=*?]{1,128}$/;

/** One condition, checked: a modelled field and 1–5 patterns of its shape. */
function conditionParam(c: ConditionInput): Result<RuleCondition, AwsError> {
  const field = c.field;
  if (field !== 'path-pattern' && field !== 'host-header') {
    return fail(
      Elbv2Errors.validation(
        `Condition field '${field ?? ''}' is not modelled by vpctwin; use 'path-pattern' or 'host-header'`,
      ),
    );
  }
  const config = field === 'path-pattern' ? c.pathPatternConfig : c.hostHeaderConfig;
  if (c.values?.length && config?.values?.length) {
    return fail(
      Elbv2Errors.validation(
        `You cannot specify both 'Values' and '${field === 'path-pattern' ? 'PathPatternConfig' : 'HostHeaderConfig'}' for a condition`,
      ),
    );
  }
  const values = [...(config?.values ?? c.values ?? [])];
  if (values.length === 0) {
    return fail(Elbv2Errors.validation(`A '${field}' condition must have at least one value`));
  }
  if (values.length > 5) {
    return fail(Elbv2Errors.validation(`A '${field}' condition can have at most 5 values`));
  }
  const shape = field === 'path-pattern' ? PATH : HOST;
  const bad = values.find((v) => !shape.test(v));
  if (bad !== undefined) {
    return fail(Elbv2Errors.validation(`The '${field}' value '${bad}' is not valid`));
  }
  return ok({ field, values });
}

/** The conditions of a request: 1–5, each field once. */
function conditionsParam(
  input: readonly ConditionInput[] | undefined,
): Result<RuleCondition[], AwsError> {
  if (!input?.length) return fail(Elbv2Errors.validation('At least one condition is required'));
  const out: RuleCondition[] = [];
  for (const c of input) {
    const checked = conditionParam(c);
    if (!checked.ok) return checked;
    if (out.some((o) => o.field === checked.value.field)) {
      return fail(
        Elbv2Errors.validation(
          `A rule can have only one '${checked.value.field}' condition; give it several values`,
        ),
      );
    }
    out.push(checked.value);
  }
  if (out.length > 5) return fail(Elbv2Errors.validation('A rule can have at most 5 conditions'));
  return ok(out);
}

/** The caller's ALB listener a rule is to be added to. */
function albListener(s: Snapshot, arn: string | undefined, ctx: OperationContext) {
  const found = listenerParam(s, arn, ctx);
  if (!found.ok) return found;
  const lb = s.get('load-balancer', found.value.loadBalancerArn);
  if (!lb || lb.type !== 'application') {
    return fail(
      Elbv2Errors.validation('vpctwin models listener rules on Application Load Balancers only'),
    );
  }
  return ok({ listener: found.value, lb });
}

/** CreateRule: a rule at a priority no other rule of the listener has. */
export const createRule: Operation<CreateRuleInput, ListenerRule> = (s, input, ctx) => {
  const found = albListener(s, input.listenerArn, ctx);
  if (!found.ok) return found;
  const { listener, lb } = found.value;
  const priority = input.priority;
  if (priority === undefined) return fail(Elbv2Errors.validation('A priority must be specified'));
  if (!Number.isInteger(priority) || priority < 1 || priority > 50000) {
    return fail(
      Elbv2Errors.validation(
        `1 validation error detected: Value '${priority}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000`,
      ),
    );
  }
  const rules = listener.rules ?? [];
  if (rules.some((r) => r.priority === priority)) {
    return fail(Elbv2Errors.priorityInUse(priority));
  }
  if (rules.length >= RULES_PER_LISTENER) {
    return fail(Elbv2Errors.tooManyRules(RULES_PER_LISTENER));
  }
  const conditions = conditionsParam(input.conditions);
  if (!conditions.ok) return conditions;
  const actions = checkActions(s, lb, listener.protocol, input.actions, ctx);
  if (!actions.ok) return actions;
  const rule: ListenerRule = {
    ruleArn: listenerRuleArn(listener.id, elbv2Suffix(ctx.ids.next('listener-rule'))),
    priority,
    conditions: conditions.value,
    actions: actions.value,
  };
  const next: Listener = {
    ...listener,
    rules: [...rules, rule].sort((a, b) => a.priority - b.priority),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: rule });
};

/** The caller's listener and rule a rule ARN names (RuleNotFound otherwise). */
export function ruleParam(
  s: Snapshot,
  arn: string | undefined,
  ctx: Pick<OperationContext, 'accountId' | 'region'>,
): Result<{ listener: Listener; rule: ListenerRule | 'default' }, AwsError> {
  if (arn === undefined) return fail(Elbv2Errors.validation('A rule ARN must be specified'));
  const notFound = Elbv2Errors.ruleNotFound();
  if (!arn.includes(':listener-rule/')) return fail(notFound);
  const found = listenerParam(s, listenerOfRuleArn(arn), ctx);
  if (!found.ok) return fail(notFound);
  const listener = found.value;
  if (arn === defaultRuleArn(listener)) return ok({ listener, rule: 'default' });
  const rule = listener.rules?.find((r) => r.ruleArn === arn);
  return rule ? ok({ listener, rule }) : fail(notFound);
}

/** The default rule's ARN: the listener's suffix again, so it is stable without storing it. */
export const defaultRuleArn = (l: Listener): string =>
  listenerRuleArn(l.id, l.id.slice(l.id.lastIndexOf('/') + 1));

export interface ModifyRuleInput {
  readonly ruleArn?: string;
  readonly conditions?: readonly ConditionInput[];
  readonly actions?: readonly ActionInput[];
}

/** ModifyRule: replaces the conditions and/or actions given (the default rule: neither). */
export const modifyRule: Operation<ModifyRuleInput, ListenerRule> = (s, input, ctx) => {
  const found = ruleParam(s, input.ruleArn, ctx);
  if (!found.ok) return found;
  const { listener, rule } = found.value;
  if (rule === 'default') {
    return fail(
      Elbv2Errors.operationNotPermitted(
        "The default rule's actions are the listener's default actions; change them on the listener",
      ),
    );
  }
  const lb = s.get('load-balancer', listener.loadBalancerArn);
  if (!lb) return fail(Elbv2Errors.loadBalancerNotFound());
  let conditions = rule.conditions;
  if (input.conditions !== undefined) {
    const checked = conditionsParam(input.conditions);
    if (!checked.ok) return checked;
    conditions = checked.value;
  }
  let actions = rule.actions;
  if (input.actions !== undefined) {
    const checked = checkActions(s, lb, listener.protocol, input.actions, ctx);
    if (!checked.ok) return checked;
    actions = checked.value;
  }
  const next: ListenerRule = { ...rule, conditions, actions };
  const rules = (listener.rules ?? []).map((r) => (r === rule ? next : r));
  return ok({ changes: [{ op: 'put', resource: { ...listener, rules } }], output: next });
};

/** DeleteRule: any rule but the default one. */
export const deleteRule: Operation<{ readonly ruleArn?: string }, true> = (s, input, ctx) => {
  const found = ruleParam(s, input.ruleArn, ctx);
  if (!found.ok) return found;
  const { listener, rule } = found.value;
  if (rule === 'default') {
    return fail(Elbv2Errors.operationNotPermitted('The default rule cannot be deleted'));
  }
  const rules = (listener.rules ?? []).filter((r) => r !== rule);
  return ok({ changes: [{ op: 'put', resource: { ...listener, rules } }], output: true });
};
