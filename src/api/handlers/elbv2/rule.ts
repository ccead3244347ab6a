import { listenerParam } from '../../../control/elbv2-params.js';
import {
  createRule,
  defaultRuleArn,
  deleteRule,
  modifyRule,
  ruleParam,
  type ConditionInput,
} from '../../../control/listener-rule.js';
import { Elbv2Errors } from '../../../model/elbv2-errors.js';
import type { Listener } from '../../../model/listener.js';
import { fail, ok } from '../../../model/result.js';
import type { Handler } from '../context.js';
import { int, record, records, str, strs, type Input } from './input.js';
import { actionsOf } from './listener.js';
import { page } from './paging.js';
import { ruleView } from './views.js';

/** ELBv2 listener rule actions (D89). */

const conditionsOf = (input: Input): ConditionInput[] | undefined =>
  records(input, 'conditions')?.map((c) => {
    const values = strs(c, 'values');
    const path = record(c, 'pathPatternConfig');
    const host = record(c, 'hostHeaderConfig');
    const pathValues = path ? strs(path, 'values') : undefined;
    const hostValues = host ? strs(host, 'values') : undefined;
    return {
      ...(str(c, 'field') !== undefined ? { field: str(c, 'field') } : {}),
      ...(values ? { values } : {}),
      ...(pathValues ? { pathPatternConfig: { values: pathValues } } : {}),
      ...(hostValues ? { hostHeaderConfig: { values: hostValues } } : {}),
    };
  });

/** A listener's rules as DescribeRules lists them: by priority, the default rule last. */
const rulesOf = (l: Listener) => [
  ...(l.rules ?? []).map((r) => ruleView(r)),
  ruleView(
    { ruleArn: defaultRuleArn(l), priority: 0, conditions: [], actions: l.defaultActions },
    true,
  ),
];

const createRuleHandler: Handler = (input, ctx) => {
  const conditions = conditionsOf(input);
  const actions = actionsOf(input, 'actions');
  const r = ctx.run('CreateRule', createRule, {
    listenerArn: str(input, 'listenerArn'),
    priority: int(input, 'priority'),
    ...(conditions ? { conditions } : {}),
    ...(actions ? { actions } : {}),
  });
  return r.ok ? ok({ rules: [ruleView(r.value)] }) : r;
};

const modifyRuleHandler: Handler = (input, ctx) => {
  const conditions = conditionsOf(input);
  const actions = actionsOf(input, 'actions');
  const r = ctx.run('ModifyRule', modifyRule, {
    ruleArn: str(input, 'ruleArn'),
    ...(conditions ? { conditions } : {}),
    ...(actions ? { actions } : {}),
  });
  return r.ok ? ok({ rules: [ruleView(r.value)] }) : r;
};

const deleteRuleHandler: Handler = (input, ctx) => {
  const r = ctx.run('DeleteRule', deleteRule, { ruleArn: str(input, 'ruleArn') });
  return r.ok ? ok({}) : r;
};

/** DescribeRules: a listener's rules, or rules by ARN (one of the two), paged. */
const describeRulesHandler: Handler = (input, ctx) => {
  const s = ctx.store.snapshot;
  const listenerArn = str(input, 'listenerArn');
  const arns = strs(input, 'ruleArns');
  if ((listenerArn === undefined) === !arns?.length) {
    return fail(Elbv2Errors.validation('You must specify either listener ARN or rule ARNs'));
  }
  let rules: ReturnType<typeof ruleView>[] = [];
  if (listenerArn !== undefined) {
    const l = listenerParam(s, listenerArn, ctx.caller);
    if (!l.ok) return l;
    rules = rulesOf(l.value);
  } else {
    for (const arn of arns ?? []) {
      const found = ruleParam(s, arn, ctx.caller);
      if (!found.ok) return found;
      const { listener, rule } = found.value;
      rules.push(rule === 'default' ? rulesOf(listener).at(-1)! : ruleView(rule));
    }
  }
  const paged = page(rules, str(input, 'marker'), int(input, 'pageSize'));
  if (!paged.ok) return paged;
  return ok({
    rules: paged.value.items,
    ...(paged.value.nextMarker ? { nextMarker: paged.value.nextMarker } : {}),
  });
};

export const RULE_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateRule: createRuleHandler,
  DescribeRules: describeRulesHandler,
  ModifyRule: modifyRuleHandler,
  DeleteRule: deleteRuleHandler,
};
