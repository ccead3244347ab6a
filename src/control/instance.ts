import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import { instanceNetworkInterfaces, type Instance } from '../model/instance.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext, Outcome } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import { attachedInterfaces, Draft } from './draft.js';
import { instanceTypeParam } from './instance-launch.js';
import { groupsParam } from './interface-builder.js';
import { deleteInterface, detachInterface } from './network-interface.js';
import { owned } from './params.js';
import { refillAutoPublicIp, releaseAutoPublicIps } from './public-address.js';

/**
 * EC2 instances as far as networking needs them: their state changes (Start, Stop, Terminate),
 * which move their public addresses, and ModifyInstanceAttribute. Launching is in
 * instance-launch.ts. An instance's ENIs are the ones whose attachment names it.
 */

/** EC2's instance state codes, as state-change answers carry them. */
const STATE_CODE = { running: 16, stopped: 80, terminated: 48 } as const;

/** One entry of a Start/Stop/TerminateInstances answer. */
export interface InstanceStateChange {
  readonly instanceId: Id<'instance'>;
  readonly previousState: { readonly code: number; readonly name: Instance['state'] };
  readonly currentState: { readonly code: number; readonly name: Instance['state'] };
}

export interface InstanceIdsInput {
  readonly instanceIds?: readonly string[];
}

/** The caller's instances named in the request, each once, in order. */
function instancesOf(
  s: Snapshot,
  input: InstanceIdsInput,
  ctx: OperationContext,
): Result<Instance[], AwsError> {
  if (!input.instanceIds || input.instanceIds.length === 0) {
    return fail(AwsErrors.missingParameter('instanceIds'));
  }
  const out: Instance[] = [];
  for (const id of new Set(input.instanceIds)) {
    const found = owned(s, 'instance', id, ctx);
    if (!found.ok) return found;
    out.push(found.value);
  }
  return ok(out);
}

const change = (i: Instance, to: Instance['state']): InstanceStateChange => ({
  instanceId: i.id,
  previousState: { code: STATE_CODE[i.state], name: i.state },
  currentState: { code: STATE_CODE[to], name: to },
});

/**
 * TerminateInstances: ENIs marked deleteOnTermination are deleted, the others detached; their
 * auto-assigned public IPs are released and their Elastic IPs disassociated or left on the
 * detached ENI. Terminated instances stay visible, as in AWS; terminating again is a no-op.
 */
export const terminateInstances: Operation<InstanceIdsInput, InstanceStateChange[]> = (
  s,
  input,
  ctx,
) => {
  const found = instancesOf(s, input, ctx);
  if (!found.ok) return found;
  const d = new Draft(s);
  for (const instance of found.value) {
    if (instance.state === 'terminated') continue;
    for (const eni of attachedInterfaces(d, instance.id)) {
      if (eni.attachment?.deleteOnTermination) {
        deleteInterface(d, eni);
      } else {
        releaseAutoPublicIps(d, eni.id);
        detachInterface(d, eni.id);
      }
    }
    d.put({ ...instance, state: 'terminated' });
  }
  return ok({ changes: d.changes(), output: found.value.map((i) => change(i, 'terminated')) });
};

/**
 * Stop or start: every named instance in state `from` moves to `to` through `move`, which
 * records the instance and whatever else the move changes; the answer lists each named instance
 * as going from its state to `to`. A terminated instance refuses the whole request.
 */
function stopOrStart(
  s: Snapshot,
  input: InstanceIdsInput,
  ctx: OperationContext,
  from: 'running' | 'stopped',
  to: 'running' | 'stopped',
  move: (d: Draft, instance: Instance) => Result<void, AwsError>,
): Result<Outcome<InstanceStateChange[]>, AwsError> {
  const found = instancesOf(s, input, ctx);
  if (!found.ok) return found;
  const bad = found.value.find((i) => i.state === 'terminated');
  if (bad) {
    const verb = to === 'stopped' ? 'stopped' : 'started';
    return fail(
      AwsErrors.incorrectState(
        'IncorrectInstanceState',
        `The instance '${bad.id}' is not in a state from which it can be ${verb}.`,
      ),
    );
  }
  const d = new Draft(s);
  for (const instance of found.value) {
    if (instance.state !== from) continue;
    const moved = move(d, instance);
    if (!moved.ok) return moved;
  }
  return ok({ changes: d.changes(), output: found.value.map((i) => change(i, to)) });
}

/** StopInstances: the instance keeps its ENIs and Elastic IPs but loses its auto-assigned public IP. */
export const stopInstances: Operation<InstanceIdsInput, InstanceStateChange[]> = (s, input, ctx) =>
  stopOrStart(s, input, ctx, 'running', 'stopped', (d, instance) => {
    for (const eni of attachedInterfaces(d, instance.id)) releaseAutoPublicIps(d, eni.id);
    d.put({ ...instance, state: 'stopped' });
    return ok(undefined);
  });

/**
 * StartInstances: an instance launched with an auto-assigned public IPv4 gets a new one (the
 * lowest free address of the pool), unless an Elastic IP holds its primary address or it now
 * has more than one ENI.
 */
export const startInstances: Operation<InstanceIdsInput, InstanceStateChange[]> = (s, input, ctx) =>
  stopOrStart(s, input, ctx, 'stopped', 'running', (d, instance) => {
    const running: Instance = { ...instance, state: 'running' };
    d.put(running);
    return refillAutoPublicIp(d, ctx, running);
  });

export interface ModifyInstanceAttributeInput {
  readonly instanceId: string;
  readonly sourceDestCheck?: boolean;
  /** Security group ids for the instance's ENI (`GroupId.N`). */
  readonly groups?: readonly string[];
  /** A new instance type: AWS changes it only while the instance is stopped. */
  readonly instanceType?: string;
}

/** The attributes ModifyInstanceAttribute can change here, one per call as AWS requires. */
const MODIFIABLE = ['sourceDestCheck', 'groups', 'instanceType'] as const;

/**
 * ModifyInstanceAttribute: `sourceDestCheck` and `groups` set the instance's ENI, and like AWS
 * refuse an instance with several ENIs (the caller must name the ENI, with
 * ModifyNetworkInterfaceAttribute); `instanceType` needs a stopped instance.
 */
export const modifyInstanceAttribute: Operation<ModifyInstanceAttributeInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'instance', input.instanceId, ctx);
  if (!found.ok) return found;
  const instance = found.value;
  const given = MODIFIABLE.filter((k) => input[k] !== undefined);
  if (given.length !== 1) {
    return fail(
      given.length === 0
        ? AwsErrors.missingParameter(MODIFIABLE.join(', '))
        : AwsErrors.invalidParameterCombination(
            `Fields for multiple attribute types specified: ${given.join(', ')}`,
          ),
    );
  }
  if (input.instanceType !== undefined) {
    const bad = instanceTypeParam(input.instanceType);
    if (bad) return fail(bad);
    if (instance.state !== 'stopped') {
      return fail(
        AwsErrors.incorrectState(
          'IncorrectInstanceState',
          `The instance '${instance.id}' is not in the 'stopped' state.`,
        ),
      );
    }
    const next: Instance = { ...instance, instanceType: input.instanceType };
    return ok({ changes: [{ op: 'put', resource: next }], output: true });
  }
  const enis = instanceNetworkInterfaces(s, instance.id);
  const eni = enis[0];
  if (instance.state === 'terminated' || !eni) {
    return fail(AwsErrors.invalidInstanceState(instance.id));
  }
  if (enis.length > 1) return fail(AwsErrors.multipleInterfaces(instance.id));
  let next: NetworkInterface;
  if (input.groups !== undefined) {
    if (input.groups.length === 0) return fail(AwsErrors.missingParameter('groupId'));
    const groups = groupsParam(s, ctx, { id: eni.subnetId, vpcId: eni.vpcId }, input.groups);
    if (!groups.ok) return groups;
    next = { ...eni, groups: groups.value };
  } else {
    next = { ...eni, sourceDestCheck: input.sourceDestCheck ?? eni.sourceDestCheck };
  }
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};
