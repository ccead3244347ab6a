/**
 * EC2 instances over the wire: the handlers. Output shapes are in instance-view.ts, Describe
 * filters in instance-filters.ts, and the wire input of RunInstances and
 * ModifyInstanceAttribute in instance-launch-input.ts and instance-attribute-input.ts.
 */
import {
  modifyInstanceAttribute,
  startInstances,
  stopInstances,
  terminateInstances,
  type InstanceIdsInput,
  type InstanceStateChange,
} from '../../control/instance.js';
import { runInstances } from '../../control/instance-launch.js';
import { AwsErrors } from '../../model/errors.js';
import type { Operation } from '../../model/operation.js';
import { fail, ok } from '../../model/result.js';
import type { Handler } from './context.js';
import { describe, type DescribeRequest, type DescribeSpec } from './describe.js';
import {
  attributeChanges,
  FIXED_ATTRIBUTES,
  isFixed,
  unsupportedAttribute,
} from './instance-attribute-input.js';
import { INSTANCE_FILTERS, INSTANCE_STATUS_FILTERS } from './instance-filters.js';
import { runInput, type RunInstancesWire } from './instance-launch-input.js';
import {
  INSTANCE_CONSTANTS,
  instanceStatusOutput,
  instanceView,
  reservationsOf,
  stateChangeOutput,
  type InstanceView,
} from './instance-view.js';
import { callerResource, unknownAttribute } from './wire.js';

/** test/api/instance.test.ts reads the tables from here. */
export { INSTANCE_FILTERS, INSTANCE_STATUS_FILTERS } from './instance-filters.js';

/** How both Describe actions select instances by id. */
const BY_INSTANCE_ID = {
  idOf: (v: InstanceView) => v.instance.id,
  noun: 'instance',
  idsParameter: 'instanceIds',
} as const satisfies Omit<DescribeSpec<InstanceView>, 'filters'>;

/** RunInstances: one reservation; AWS shows the new instances as `pending`. */
export const runInstancesHandler: Handler = (raw, ctx) => {
  const input = runInput(ctx, raw as unknown as RunInstancesWire);
  if (!input.ok) return input;
  const result = ctx.run('RunInstances', runInstances, input.value);
  if (!result.ok) return result;
  const s = ctx.store.snapshot;
  const [reservation] = reservationsOf(
    result.value.map((i) => instanceView(s, i)),
    'pending',
  );
  return ok(reservation);
};

/** DescribeInstances: pages of instances, grouped into their reservations. */
export const describeInstancesHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeRequest & { readonly instanceIds?: readonly string[] };
  const s = ctx.store.snapshot;
  const page = describe(
    ctx.mine('instance').map((i) => instanceView(s, i)),
    { ...input, ids: input.instanceIds },
    { ...BY_INSTANCE_ID, filters: INSTANCE_FILTERS },
  );
  return page.ok
    ? ok({ reservations: reservationsOf(page.value.items), nextToken: page.value.nextToken })
    : page;
};

/**
 * A state-change action (Terminate, Stop, Start): each instance with its previous and its
 * transitional state, under the action's output member.
 */
function stateChangeHandler(
  name: string,
  op: Operation<InstanceIdsInput, InstanceStateChange[]>,
  member: string,
): Handler {
  return (raw, ctx) => {
    const result = ctx.run(name, op, { instanceIds: raw.instanceIds as readonly string[] });
    return result.ok ? ok({ [member]: result.value.map(stateChangeOutput) }) : result;
  };
}

/** TerminateInstances. */
export const terminateInstancesHandler = stateChangeHandler(
  'TerminateInstances',
  terminateInstances,
  'terminatingInstances',
);

/** StopInstances (Hibernate and Force change nothing the twin models). */
export const stopInstancesHandler = stateChangeHandler(
  'StopInstances',
  stopInstances,
  'stoppingInstances',
);

/** StartInstances. */
export const startInstancesHandler = stateChangeHandler(
  'StartInstances',
  startInstances,
  'startingInstances',
);

/** ModifyInstanceAttribute: sourceDestCheck, groups and instanceType; one per call. */
export const modifyInstanceAttributeHandler: Handler = (raw, ctx) => {
  const instanceId = raw.instanceId as string;
  const changes = attributeChanges(raw);
  if (!changes.ok) return changes;
  const [change, more] = changes.value;
  if (more) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `Fields for multiple attribute types specified: ${changes.value.map((c) => c.name).join(', ')}`,
      ),
    );
  }
  if (change && isFixed(change.name)) {
    const found = callerResource(ctx, 'instance', instanceId);
    if (!found.ok) return found;
    if (change.value !== String(FIXED_ATTRIBUTES[change.name])) {
      return fail(unsupportedAttribute(change.name));
    }
    return ok(undefined);
  }
  const result = ctx.run('ModifyInstanceAttribute', modifyInstanceAttribute, {
    instanceId,
    sourceDestCheck: change?.name === 'sourceDestCheck' ? change.value : undefined,
    instanceType: change?.name === 'instanceType' ? change.value : undefined,
    groups: change?.name === 'groups' ? change.value : undefined,
  });
  return result.ok ? ok(undefined) : result;
};

/** DescribeInstanceAttribute: one attribute per call, by AWS's attribute name. */
export const describeInstanceAttributeHandler: Handler = (raw, ctx) => {
  const { attribute, instanceId } = raw as { attribute: string; instanceId: string };
  const found = callerResource(ctx, 'instance', instanceId);
  if (!found.ok) return found;
  const v = instanceView(ctx.store.snapshot, found.value);
  const base = { instanceId: v.instance.id };
  const primary = v.enis[0];
  switch (attribute) {
    case 'instanceType':
      return ok({ ...base, instanceType: { value: v.instance.instanceType } });
    case 'sourceDestCheck':
      return ok({ ...base, sourceDestCheck: { value: primary?.eni.sourceDestCheck } });
    case 'groupSet':
      return ok({ ...base, groups: v.groups });
    case 'rootDeviceName':
      return ok({ ...base, rootDeviceName: { value: INSTANCE_CONSTANTS.rootDeviceName } });
    case 'blockDeviceMapping':
      return ok({ ...base, blockDeviceMappings: [] });
    case 'productCodes':
      return ok({ ...base, productCodes: [] });
    case 'kernel':
      return ok({ ...base, kernelId: {} });
    case 'ramdisk':
      return ok({ ...base, ramdiskId: {} });
    case 'userData':
      return ok({ ...base, userData: {} });
    case 'sriovNetSupport':
      return ok({ ...base, sriovNetSupport: {} });
    case 'enclaveOptions':
      return ok({ ...base, enclaveOptions: { enabled: false } });
    default:
      if (isFixed(attribute))
        return ok({ ...base, [attribute]: { value: FIXED_ATTRIBUTES[attribute] } });
      return fail(unknownAttribute(attribute));
  }
};

/**
 * DescribeInstanceStatus: running instances only unless `IncludeAllInstances`; an instance named
 * but not shown is no error, as in AWS.
 */
export const describeInstanceStatusHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeRequest & {
    readonly instanceIds?: readonly string[];
    readonly includeAllInstances?: boolean;
  };
  const s = ctx.store.snapshot;
  const all = ctx.mine('instance');
  const shown = input.includeAllInstances ? all : all.filter((i) => i.state === 'running');
  let ids = input.instanceIds;
  if (ids !== undefined && ids.length > 0) {
    const missing = ids.find((id) => !all.some((i) => i.id === id));
    if (missing !== undefined) return fail(AwsErrors.notFound('instance', missing));
    ids = ids.filter((id) => shown.some((i) => i.id === id));
    if (ids.length === 0) return ok({ instanceStatuses: [] });
  }
  const page = describe(
    shown.map((i) => instanceView(s, i)),
    { ...input, ids },
    { ...BY_INSTANCE_ID, filters: INSTANCE_STATUS_FILTERS },
  );
  return page.ok
    ? ok({
        instanceStatuses: page.value.items.map(instanceStatusOutput),
        nextToken: page.value.nextToken,
      })
    : page;
};

/** The instance handlers, by action. */
export const INSTANCE_HANDLERS: Readonly<Record<string, Handler>> = {
  RunInstances: runInstancesHandler,
  DescribeInstances: describeInstancesHandler,
  TerminateInstances: terminateInstancesHandler,
  StopInstances: stopInstancesHandler,
  StartInstances: startInstancesHandler,
  ModifyInstanceAttribute: modifyInstanceAttributeHandler,
  DescribeInstanceAttribute: describeInstanceAttributeHandler,
  DescribeInstanceStatus: describeInstanceStatusHandler,
};
