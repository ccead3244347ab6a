import { loadBalancerParam } from '../../../control/elbv2-params.js';
import { addElbv2Tags, removeElbv2Tags, taggableByArn } from '../../../control/elbv2-tags.js';
import { createListener, deleteListener, type ActionInput } from '../../../control/listener.js';
import { Elbv2Errors } from '../../../model/elbv2-errors.js';
import { fail, ok } from '../../../model/result.js';
import type { Handler } from '../context.js';
import { int, record, records, str, strs, tagsOf, type Input } from './input.js';
import { page } from './paging.js';
import { listenerView } from './views.js';

/** ELBv2 listener and tag actions. */

/** The actions of a request under `key` (a listener's `DefaultActions`, a rule's `Actions`). */
export const actionsOf = (input: Input, key = 'defaultActions'): ActionInput[] | undefined =>
  records(input, key)?.map((a) => {
    const forward = record(a, 'forwardConfig');
    const groups = forward ? records(forward, 'targetGroups') : undefined;
    return {
      ...(str(a, 'type') !== undefined ? { type: str(a, 'type') } : {}),
      ...(int(a, 'order') !== undefined ? { order: int(a, 'order') } : {}),
      ...(str(a, 'targetGroupArn') !== undefined
        ? { targetGroupArn: str(a, 'targetGroupArn') }
        : {}),
      ...(groups
        ? {
            forwardConfig: {
              targetGroups: groups.map((g) => ({
                ...(str(g, 'targetGroupArn') !== undefined
                  ? { targetGroupArn: str(g, 'targetGroupArn') }
                  : {}),
                ...(int(g, 'weight') !== undefined ? { weight: int(g, 'weight') } : {}),
              })),
            },
          }
        : {}),
    };
  });

const createListenerHandler: Handler = (input, ctx) => {
  const actions = actionsOf(input);
  const tags = tagsOf(input);
  const certificates = records(input, 'certificates')?.map((c) => ({
    certificateArn: str(c, 'certificateArn'),
  }));
  const r = ctx.run('CreateListener', createListener, {
    loadBalancerArn: str(input, 'loadBalancerArn'),
    protocol: str(input, 'protocol'),
    port: int(input, 'port'),
    sslPolicy: str(input, 'sslPolicy'),
    ...(certificates ? { certificates } : {}),
    ...(actions ? { defaultActions: actions } : {}),
    ...(tags ? { tags } : {}),
  });
  return r.ok ? ok({ listeners: [listenerView(r.value)] }) : r;
};

/** DescribeListeners: a load balancer's listeners, or listeners by ARN (one of the two). */
const describeListenersHandler: Handler = (input, ctx) => {
  const s = ctx.store.snapshot;
  const lbArn = str(input, 'loadBalancerArn');
  const arns = strs(input, 'listenerArns');
  if (lbArn === undefined && !arns?.length) {
    return fail(
      Elbv2Errors.validation('You must specify either listener ARNs or a load balancer ARN'),
    );
  }
  let listeners = ctx.mine('listener').sort((a, b) => a.id.localeCompare(b.id));
  if (lbArn !== undefined) {
    const lb = loadBalancerParam(s, lbArn, ctx.caller);
    if (!lb.ok) return lb;
    listeners = listeners.filter((l) => l.loadBalancerArn === lbArn);
  }
  if (arns?.length) {
    if (arns.some((a) => !listeners.some((l) => l.id === a)))
      return fail(Elbv2Errors.listenerNotFound());
    listeners = listeners.filter((l) => arns.includes(l.id));
  }
  const paged = page(listeners, str(input, 'marker'), int(input, 'pageSize'));
  if (!paged.ok) return paged;
  return ok({
    listeners: paged.value.items.map(listenerView),
    ...(paged.value.nextMarker ? { nextMarker: paged.value.nextMarker } : {}),
  });
};

const deleteListenerHandler: Handler = (input, ctx) => {
  const r = ctx.run('DeleteListener', deleteListener, { listenerArn: str(input, 'listenerArn') });
  return r.ok ? ok({}) : r;
};

const addTagsHandler: Handler = (input, ctx) => {
  const r = ctx.run('AddTags', addElbv2Tags, {
    resourceArns: strs(input, 'resourceArns') ?? [],
    tags: tagsOf(input) ?? [],
  });
  return r.ok ? ok({}) : r;
};

const removeTagsHandler: Handler = (input, ctx) => {
  const r = ctx.run('RemoveTags', removeElbv2Tags, {
    resourceArns: strs(input, 'resourceArns') ?? [],
    tagKeys: strs(input, 'tagKeys') ?? [],
  });
  return r.ok ? ok({}) : r;
};

/** DescribeTags: at most 20 resources, each the caller's. */
const describeTagsHandler: Handler = (input, ctx) => {
  const arns = strs(input, 'resourceArns') ?? [];
  if (arns.length > 20) {
    return fail(
      Elbv2Errors.validation(
        '1 validation error detected: Member must have length less than or equal to 20',
      ),
    );
  }
  const out: { resourceArn: string; tags: { key: string; value: string }[] }[] = [];
  for (const arn of arns) {
    const found = taggableByArn(ctx.store.snapshot, arn, ctx.caller);
    if (!found.ok) return found;
    out.push({
      resourceArn: arn,
      tags: found.value.tags.map((t) => ({ key: t.key, value: t.value })),
    });
  }
  return ok({ tagDescriptions: out });
};

export const LISTENER_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateListener: createListenerHandler,
  DescribeListeners: describeListenersHandler,
  DeleteListener: deleteListenerHandler,
  AddTags: addTagsHandler,
  RemoveTags: removeTagsHandler,
  DescribeTags: describeTagsHandler,
};
