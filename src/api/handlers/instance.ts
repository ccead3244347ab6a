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
import { AwsErrors, type AwsError } from '../../model/errors.js';
import type { Operation } from '../../model/operation.js';
import { fail, ok, type Result } from '../../model/result.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';
import { describe, type DescribeSpec } from './describe.js';
import {
  attributeChanges,
  FIXED_ATTRIBUTES,
  isFixed,
  unsupportedAttribute,
} from './instance-attribute-input.js';
import { INSTANCE_FILTERS, INSTANCE_STATUS_FILTERS } from './instance-filters.js';
import { runInput } from './instance-launch-input.js';
import {
  INSTANCE_CONSTANTS,
  instanceStatusOutput,
  instanceView,
  reservationsOf,
  stateChangeOutput,
  type InstanceView,
} from './instance-view.js';
import { defineHandler, handlerRegistry } from './typed.js';
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
export const runInstancesHandler = defineHandler('RunInstances', (wire, ctx) => {
  const input = runInput(ctx, wire);
  if (!input.ok) return input;
  const result = ctx.run('RunInstances', runInstances, input.value);
  if (!result.ok) return result;
  const s = ctx.store.snapshot;
  const [reservation] = reservationsOf(
    result.value.map((i) => instanceView(s, i)),
    'pending',
  );
  return ok(reservation);
});

/** DescribeInstances: pages of instances, grouped into their reservations. */
export const describeInstancesHandler = defineHandler('DescribeInstances', (input, ctx) => {
  const s = ctx.store.snapshot;
  const page = describe(
    ctx.mine('instance').map((i) => instanceView(s, i)),
    { ...input, ids: input.instanceIds },
    { ...BY_INSTANCE_ID, filters: INSTANCE_FILTERS },
  );
  return page.ok
    ? ok({ reservations: reservationsOf(page.value.items), nextToken: page.value.nextToken })
    : page;
});

/**
 * Runs a state-change action (Terminate, Stop, Start): each instance with its previous and its
 * transitional state.
 */
function changeStates(
  ctx: HandlerContext,
  name: string,
  op: Operation<InstanceIdsInput, InstanceStateChange[]>,
  instanceIds: readonly string[],
): Result<Ec2.StartingInstance[], AwsError> {
  const result = ctx.run(name, op, { instanceIds });
  return result.ok ? ok(result.value.map(stateChangeOutput)) : result;
}

/** TerminateInstances. */
export const terminateInstancesHandler = defineHandler('TerminateInstances', (input, ctx) => {
  const changed = changeStates(ctx, 'TerminateInstances', terminateInstances, input.instanceIds);
  return changed.ok ? ok({ terminatingInstances: changed.value }) : changed;
});

/** StopInstances (Hibernate and Force change nothing the twin models). */
export const stopInstancesHandler = defineHandler('StopInstances', (input, ctx) => {
  const changed = changeStates(ctx, 'StopInstances', stopInstances, input.instanceIds);
  return changed.ok ? ok({ stoppingInstances: changed.value }) : changed;
});

/** StartInstances. */
export const startInstancesHandler = defineHandler('StartInstances', (input, ctx) => {
  const changed = changeStates(ctx, 'StartInstances', startInstances, input.instanceIds);
  return changed.ok ? ok({ startingInstances: changed.value }) : changed;
});

/** ModifyInstanceAttribute: sourceDestCheck, groups and instanceType; one per call. */
export const modifyInstanceAttributeHandler = defineHandler(
  'ModifyInstanceAttribute',
  (input, ctx) => {
    const { instanceId } = input;
    const changes = attributeChanges(input);
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
  },
);

/** DescribeInstanceAttribute's answer for each of the {@link FIXED_ATTRIBUTES}. */
const FIXED_ATTRIBUTE_OUTPUT: {
  readonly [K in keyof typeof FIXED_ATTRIBUTES]: Pick<Ec2.DescribeInstanceAttributeOutput, K>;
} = {
  disableApiTermination: {
    disableApiTermination: { value: FIXED_ATTRIBUTES.disableApiTermination },
  },
  disableApiStop: { disableApiStop: { value: FIXED_ATTRIBUTES.disableApiStop } },
  ebsOptimized: { ebsOptimized: { value: FIXED_ATTRIBUTES.ebsOptimized } },
  enaSupport: { enaSupport: { value: FIXED_ATTRIBUTES.enaSupport } },
  instanceInitiatedShutdownBehavior: {
    instanceInitiatedShutdownBehavior: {
      value: FIXED_ATTRIBUTES.instanceInitiatedShutdownBehavior,
    },
  },
};

/** DescribeInstanceAttribute: one attribute per call, by AWS's attribute name. */
export const describeInstanceAttributeHandler = defineHandler(
  'DescribeInstanceAttribute',
  (input, ctx) => {
    const { attribute, instanceId } = input;
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
        if (isFixed(attribute)) return ok({ ...base, ...FIXED_ATTRIBUTE_OUTPUT[attribute] });
        return fail(unknownAttribute(attribute));
    }
  },
);

/**
 * DescribeInstanceStatus: running instances only unless `IncludeAllInstances`; an instance named
 * but not shown is no error, as in AWS.
 */
export const describeInstanceStatusHandler = defineHandler(
  'DescribeInstanceStatus',
  (input, ctx) => {
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
  },
);

/** The instance handlers, by action. */
export const INSTANCE_HANDLERS = handlerRegistry(
  runInstancesHandler,
  describeInstancesHandler,
  terminateInstancesHandler,
  stopInstancesHandler,
  startInstancesHandler,
  modifyInstanceAttributeHandler,
  describeInstanceAttributeHandler,
  describeInstanceStatusHandler,
);
