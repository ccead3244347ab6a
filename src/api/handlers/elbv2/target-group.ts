import { modifyTargetGroupAttributes } from '../../../control/elbv2-attributes.js';
import { loadBalancerParam, targetGroupParam } from '../../../control/elbv2-params.js';
import { deregisterTargets, registerTargets, type TargetInput } from '../../../control/target.js';
import { createTargetGroup, deleteTargetGroup } from '../../../control/target-group.js';
import { Elbv2Errors } from '../../../model/elbv2-errors.js';
import { listenerTargetGroups } from '../../../model/listener.js';
import { fail, ok } from '../../../model/result.js';
import { targetHealth } from '../../../model/target-health.js';
import type { TargetGroup } from '../../../model/target-group.js';
import type { Handler } from '../context.js';
import { attributesOf, bool, int, records, str, strs, tagsOf, type Input } from './input.js';
import { page } from './paging.js';
import { targetGroupView } from './views.js';

/** ELBv2 target group and target actions. */

const createTargetGroupHandler: Handler = (input, ctx) => {
  const tags = tagsOf(input);
  const r = ctx.run('CreateTargetGroup', createTargetGroup, {
    name: str(input, 'name'),
    protocol: str(input, 'protocol'),
    protocolVersion: str(input, 'protocolVersion'),
    port: int(input, 'port'),
    vpcId: str(input, 'vpcId'),
    targetType: str(input, 'targetType'),
    healthCheckProtocol: str(input, 'healthCheckProtocol'),
    healthCheckPort: str(input, 'healthCheckPort'),
    healthCheckEnabled: bool(input, 'healthCheckEnabled'),
    healthCheckPath: str(input, 'healthCheckPath'),
    ipAddressType: str(input, 'ipAddressType'),
    ...(tags ? { tags } : {}),
  });
  return r.ok ? ok({ targetGroups: [targetGroupView(ctx.store.snapshot, r.value)] }) : r;
};

/** DescribeTargetGroups: by load balancer, ARN or name, else all, paged. */
const describeTargetGroupsHandler: Handler = (input, ctx) => {
  const s = ctx.store.snapshot;
  const arns = strs(input, 'targetGroupArns');
  const names = strs(input, 'names');
  const lbArn = str(input, 'loadBalancerArn');
  let groups: TargetGroup[] = ctx.mine('target-group').sort((a, b) => a.id.localeCompare(b.id));
  if (lbArn !== undefined) {
    const lb = loadBalancerParam(s, lbArn, ctx.caller);
    if (!lb.ok) return lb;
    const used = s.find('listenersByLoadBalancer', lbArn).flatMap((l) => listenerTargetGroups(l));
    groups = groups.filter((g) => used.includes(g.id));
  }
  if (arns?.length) {
    if (arns.some((a) => !groups.some((g) => g.id === a)))
      return fail(Elbv2Errors.targetGroupNotFound());
    groups = groups.filter((g) => arns.includes(g.id));
  }
  if (names?.length) {
    if (names.some((n) => !groups.some((g) => g.targetGroupName === n))) {
      return fail({
        ...Elbv2Errors.targetGroupNotFound(),
        message: `Target groups '[${names.join(', ')}]' not found`,
      });
    }
    groups = groups.filter((g) => names.includes(g.targetGroupName));
  }
  const paged = page(groups, str(input, 'marker'), int(input, 'pageSize'));
  if (!paged.ok) return paged;
  return ok({
    targetGroups: paged.value.items.map((g) => targetGroupView(s, g)),
    ...(paged.value.nextMarker ? { nextMarker: paged.value.nextMarker } : {}),
  });
};

const deleteTargetGroupHandler: Handler = (input, ctx) => {
  const r = ctx.run('DeleteTargetGroup', deleteTargetGroup, {
    targetGroupArn: str(input, 'targetGroupArn'),
  });
  return r.ok ? ok({}) : r;
};

const describeTargetGroupAttributesHandler: Handler = (input, ctx) => {
  const tg = targetGroupParam(ctx.store.snapshot, str(input, 'targetGroupArn'), ctx.caller);
  return tg.ok ? ok({ attributes: tg.value.attributes.map((a) => ({ ...a })) }) : tg;
};

const modifyTargetGroupAttributesHandler: Handler = (input, ctx) => {
  const r = ctx.run('ModifyTargetGroupAttributes', modifyTargetGroupAttributes, {
    targetGroupArn: str(input, 'targetGroupArn'),
    attributes: attributesOf(input) ?? [],
  });
  return r.ok ? ok({ attributes: r.value }) : r;
};

const targetsOf = (input: Input): TargetInput[] =>
  (records(input, 'targets') ?? []).map((t) => ({
    ...(str(t, 'id') !== undefined ? { id: str(t, 'id') } : {}),
    ...(int(t, 'port') !== undefined ? { port: int(t, 'port') } : {}),
    ...(str(t, 'availabilityZone') !== undefined
      ? { availabilityZone: str(t, 'availabilityZone') }
      : {}),
  }));

const registerTargetsHandler: Handler = (input, ctx) => {
  const r = ctx.run('RegisterTargets', registerTargets, {
    targetGroupArn: str(input, 'targetGroupArn'),
    targets: targetsOf(input),
  });
  return r.ok ? ok({}) : r;
};

const deregisterTargetsHandler: Handler = (input, ctx) => {
  const r = ctx.run('DeregisterTargets', deregisterTargets, {
    targetGroupArn: str(input, 'targetGroupArn'),
    targets: targetsOf(input),
  });
  return r.ok ? ok({}) : r;
};

/**
 * DescribeTargetHealth: every registered target, or the ones asked for (an unregistered one is
 * `unused`, `Target.NotRegistered`), with the health the twin derives (model/target-health.ts).
 */
const describeTargetHealthHandler: Handler = (input, ctx) => {
  const s = ctx.store.snapshot;
  const found = targetGroupParam(s, str(input, 'targetGroupArn'), ctx.caller);
  if (!found.ok) return found;
  const tg = found.value;
  const asked = targetsOf(input);
  const health = (t: { id: string; port: number; availabilityZone?: string }) => {
    const registered = tg.targets.find((x) => x.id === t.id && x.port === t.port);
    const h = registered
      ? targetHealth(s, tg, registered)
      : {
          state: 'unused',
          reason: 'Target.NotRegistered',
          description: 'Target is not registered to the target group',
        };
    return {
      target: {
        id: t.id,
        port: t.port,
        ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
      },
      healthCheckPort: tg.healthCheckPort === 'traffic-port' ? String(t.port) : tg.healthCheckPort,
      targetHealth: {
        state: h.state,
        ...(h.reason ? { reason: h.reason } : {}),
        ...(h.description ? { description: h.description } : {}),
      },
    };
  };
  const list = asked.length
    ? asked.map((t) => ({
        id: t.id ?? '',
        port: t.port ?? tg.port,
        ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
      }))
    : tg.targets;
  return ok({ targetHealthDescriptions: list.map(health) });
};

export const TARGET_GROUP_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateTargetGroup: createTargetGroupHandler,
  DescribeTargetGroups: describeTargetGroupsHandler,
  DeleteTargetGroup: deleteTargetGroupHandler,
  DescribeTargetGroupAttributes: describeTargetGroupAttributesHandler,
  ModifyTargetGroupAttributes: modifyTargetGroupAttributesHandler,
  RegisterTargets: registerTargetsHandler,
  DeregisterTargets: deregisterTargetsHandler,
  DescribeTargetHealth: describeTargetHealthHandler,
};
