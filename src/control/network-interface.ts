import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { InterfaceType, NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import { Draft, eipsOfInterface } from './draft.js';
import { buildNetworkInterface, groupsParam, ipv6ListAndCount } from './interface-builder.js';
import { countParam, idParam, ipParam, ipsParam, owned, tagsParam } from './params.js';
import { disassociateEip } from './public-address.js';

/**
 * Elastic network interfaces: CreateNetworkInterface, DeleteNetworkInterface, Attach/Detach and
 * ModifyNetworkInterfaceAttribute, plus the ENI lifecycle steps other operations take in their
 * Draft (TerminateInstances, DeleteNatGateway). Building an ENI is in interface-builder.ts; its
 * secondary addresses in private-ip.ts and ipv6-address.ts.
 */

/** Deletes an ENI in the draft, disassociating its Elastic IPs first (AWS keeps them allocated). */
export function deleteInterface(d: Draft, eni: NetworkInterface): void {
  for (const eip of eipsOfInterface(d, eni)) disassociateEip(d, eip);
  d.delete('network-interface', eni.id);
}

/**
 * Attaches an ENI in the draft. An Elastic IP on an attached ENI shows the instance too
 * (DescribeAddresses' InstanceId).
 */
export function attachInterface(
  d: Draft,
  eni: NetworkInterface,
  attachment: Omit<NonNullable<NetworkInterface['attachment']>, 'status'>,
): void {
  d.put({ ...eni, attachment: { ...attachment, status: 'attached' }, status: 'in-use' });
  for (const eip of eipsOfInterface(d, eni)) d.put({ ...eip, instanceId: attachment.instanceId });
}

/** Detaches an ENI in the draft: it becomes available and its EIPs no longer name the instance. */
export function detachInterface(d: Draft, eniId: Id<'network-interface'>): void {
  const eni = d.get('network-interface', eniId);
  if (!eni) return;
  const { attachment: _, ...rest } = eni;
  d.put({ ...rest, status: 'available' });
  for (const eip of eipsOfInterface(d, eni)) {
    const { instanceId: _i, ...unnamed } = eip;
    d.put(unnamed);
  }
}

/** AWS's answer when something tries to use an ENI another service manages (NAT, endpoint). */
export function managedInterfaceError(eni: NetworkInterface): AwsError {
  return AwsErrors.code(
    'OperationNotPermitted',
    `You are not allowed to manage '${eni.interfaceType}' network interface '${eni.id}'; it is managed by its service.`,
  );
}

/** AWS's answer for an ENI that is attached or otherwise in use. */
export function interfaceInUse(eni: NetworkInterface): AwsError {
  return AwsErrors.code(
    'InvalidNetworkInterface.InUse',
    `Network interface '${eni.id}' is currently in use.`,
  );
}

/** CreateNetworkInterface, as far as the twin models it. */
export interface CreateNetworkInterfaceInput {
  readonly subnetId: string;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly {
    readonly privateIpAddress: string;
    readonly primary?: boolean;
  }[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly ipv6Addresses?: readonly { readonly ipv6Address: string }[];
  readonly ipv6AddressCount?: number;
  /** Security group ids (EC2's `SecurityGroupId.N`). */
  readonly groups?: readonly string[];
  readonly interfaceType?: string;
  readonly tags?: readonly Tag[];
}

/** Interface types a caller may create; the others belong to AWS services. */
const CREATABLE_TYPES: readonly InterfaceType[] = ['interface', 'efa', 'efa-only', 'trunk'];

/** Sorts CreateNetworkInterface's address parameters into a primary and secondaries. */
function privateIpsParam(
  input: CreateNetworkInterfaceInput,
): Result<{ primary?: Ip; secondaries: Ip[] }, AwsError> {
  const listed = input.privateIpAddresses ?? [];
  const parsed = ipsParam(
    'privateIpAddresses',
    listed.map((p) => p.privateIpAddress),
    4,
  );
  if (!parsed.ok) return parsed;
  const primaries = listed.flatMap((p, i) => (p.primary ? [parsed.value[i] as Ip] : []));
  if (primaries.length > 1) {
    return fail(AwsErrors.invalidParameterValue('Only one private IP address can be primary.'));
  }
  let primary = primaries[0];
  if (input.privateIpAddress !== undefined) {
    const ip = ipParam('privateIpAddress', input.privateIpAddress, 4);
    if (!ip.ok) return ip;
    if (primary && !primary.equals(ip.value)) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'The primary private IP address was specified twice with different values.',
        ),
      );
    }
    primary = ip.value;
  }
  // With no primary marked, the first listed address is the primary, as AWS does.
  primary ??= parsed.value[0];
  const secondaries = parsed.value.filter((ip) => !primary?.equals(ip));
  return ok(primary ? { primary, secondaries } : { secondaries });
}

/** CreateNetworkInterface: an unattached ENI in a subnet, with the VPC's default group if none. */
export const createNetworkInterface: Operation<CreateNetworkInterfaceInput, NetworkInterface> = (
  s,
  input,
  ctx,
) => {
  if (input.subnetId === undefined) return fail(AwsErrors.missingParameter('subnetId'));
  const found = owned(s, 'subnet', input.subnetId, ctx);
  if (!found.ok) return found;
  const subnet = found.value;
  const type = (input.interfaceType ?? 'interface') as InterfaceType;
  if (!CREATABLE_TYPES.includes(type)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.interfaceType ?? ''}) for parameter interfaceType is invalid.`,
      ),
    );
  }
  const badCount =
    countParam('secondaryPrivateIpAddressCount', input.secondaryPrivateIpAddressCount) ??
    countParam('ipv6AddressCount', input.ipv6AddressCount);
  if (badCount) return fail(badCount);
  const ips = privateIpsParam(input);
  if (!ips.ok) return ips;
  if (
    input.secondaryPrivateIpAddressCount !== undefined &&
    (input.privateIpAddresses?.length ?? 0) > 1
  ) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'secondaryPrivateIpAddressCount cannot be specified with more than one private IP address.',
      ),
    );
  }
  if (input.ipv6Addresses !== undefined && input.ipv6AddressCount !== undefined) {
    return fail(ipv6ListAndCount());
  }
  const v6 = ipsParam(
    'ipv6Addresses',
    (input.ipv6Addresses ?? []).map((a) => a.ipv6Address),
    6,
  );
  if (!v6.ok) return v6;
  const groups = groupsParam(s, ctx, subnet, input.groups);
  if (!groups.ok) return groups;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const autoV6 =
    subnet.assignIpv6AddressOnCreation && subnet.ipv6CidrBlockAssociationSet.length > 0;
  const d = new Draft(s);
  const built = buildNetworkInterface(d, ctx, subnet, {
    description: input.description ?? '',
    interfaceType: type,
    ...(ips.value.primary ? { primaryIp: ips.value.primary } : {}),
    secondaryIps: ips.value.secondaries,
    secondaryCount: input.secondaryPrivateIpAddressCount ?? 0,
    ipv6Addresses: v6.value,
    ipv6Count: input.ipv6AddressCount ?? (v6.value.length === 0 && autoV6 ? 1 : 0),
    groups: groups.value,
    tags: tags.value,
  });
  if (!built.ok) return built;
  d.put(built.value);
  return ok({ changes: d.changes(), output: built.value });
};

export interface NetworkInterfaceIdInput {
  readonly networkInterfaceId: string;
}

/**
 * DeleteNetworkInterface: only a detached ENI the caller manages. Its Elastic IPs are
 * disassociated (they stay allocated); routes to it turn blackhole, as they are derived.
 */
export const deleteNetworkInterface: Operation<NetworkInterfaceIdInput, true> = (s, input, ctx) => {
  const found = owned(s, 'network-interface', input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  if (eni.requesterManaged) {
    // What AWS answers for a NAT gateway's or an interface endpoint's ENI.
    return fail(
      AwsErrors.invalidParameterValue(`Network interface '${eni.id}' is currently in use.`),
    );
  }
  if (eni.attachment) return fail(interfaceInUse(eni));
  const d = new Draft(s);
  deleteInterface(d, eni);
  return ok({ changes: d.changes(), output: true });
};

export interface AttachNetworkInterfaceInput {
  readonly networkInterfaceId: string;
  readonly instanceId: string;
  readonly deviceIndex?: number;
}

/** AttachNetworkInterface: same AZ as the instance, a device index the instance has free. */
export const attachNetworkInterface: Operation<
  AttachNetworkInterfaceInput,
  { attachmentId: Id<'network-interface-attachment'> }
> = (s, input, ctx) => {
  if (input.deviceIndex === undefined) return fail(AwsErrors.missingParameter('deviceIndex'));
  const badIndex = countParam('deviceIndex', input.deviceIndex);
  if (badIndex) return fail(badIndex);
  const foundEni = owned(s, 'network-interface', input.networkInterfaceId, ctx);
  if (!foundEni.ok) return foundEni;
  const foundInstance = owned(s, 'instance', input.instanceId, ctx);
  if (!foundInstance.ok) return foundInstance;
  const eni = foundEni.value;
  const instance = foundInstance.value;
  if (eni.requesterManaged) return fail(managedInterfaceError(eni));
  if (eni.attachment) return fail(interfaceInUse(eni));
  if (instance.state === 'terminated') return fail(AwsErrors.invalidInstanceState(instance.id));
  if (eni.availabilityZone !== instance.availabilityZone) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'You may not attach a network interface to an instance if they are not in the same availability zone',
      ),
    );
  }
  const taken = s
    .find('networkInterfacesByInstance', instance.id)
    .some((n) => n.attachment?.deviceIndex === input.deviceIndex);
  if (taken) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Instance '${instance.id}' already has an interface attached at device index '${input.deviceIndex}'.`,
      ),
    );
  }
  const attachmentId = ctx.ids.next('network-interface-attachment');
  const d = new Draft(s);
  attachInterface(d, eni, {
    attachmentId,
    instanceId: instance.id,
    deviceIndex: input.deviceIndex,
    deleteOnTermination: false,
  });
  return ok({ changes: d.changes(), output: { attachmentId } });
};

export interface DetachNetworkInterfaceInput {
  readonly attachmentId: string;
  readonly force?: boolean;
}

/** DetachNetworkInterface: any attachment but the primary one (device index 0). */
export const detachNetworkInterface: Operation<DetachNetworkInterfaceInput, true> = (
  s,
  input,
  ctx,
) => {
  const shaped = idParam('network-interface-attachment', input.attachmentId);
  if (!shaped.ok) return shaped;
  const eni = s.find('networkInterfaceByAttachmentId', input.attachmentId)[0];
  if (!eni?.attachment || eni.ownerId !== ctx.accountId || eni.region !== ctx.region) {
    return fail(AwsErrors.notFound('network-interface-attachment', input.attachmentId));
  }
  if (eni.attachment.deviceIndex === 0) {
    return fail(
      AwsErrors.code(
        'OperationNotPermitted',
        'The network interface at device index 0 cannot be detached.',
      ),
    );
  }
  const d = new Draft(s);
  detachInterface(d, eni.id);
  return ok({ changes: d.changes(), output: true });
};

/** Finds an ENI the caller may change the addresses or attributes of. */
export function managedByCaller(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<NetworkInterface, AwsError> {
  const found = owned(s, 'network-interface', id, ctx);
  if (!found.ok) return found;
  if (found.value.requesterManaged) return fail(managedInterfaceError(found.value));
  return found;
}

/** The ENI's subnet; it exists while the ENI does (subnets with ENIs cannot be deleted). */
export function subnetOf(s: Snapshot, eni: NetworkInterface): Result<Subnet, AwsError> {
  const subnet = s.get('subnet', eni.subnetId);
  return subnet ? ok(subnet) : fail(AwsErrors.notFound('subnet', eni.subnetId));
}

export interface ModifyNetworkInterfaceAttributeInput {
  readonly networkInterfaceId: string;
  readonly sourceDestCheck?: boolean;
  readonly groups?: readonly string[];
  readonly description?: string;
  readonly attachment?: { readonly attachmentId: string; readonly deleteOnTermination: boolean };
}

/** ModifyNetworkInterfaceAttribute: one attribute per call, as AWS requires. */
export const modifyNetworkInterfaceAttribute: Operation<
  ModifyNetworkInterfaceAttributeInput,
  NetworkInterface
> = (s, input, ctx) => {
  const found = managedByCaller(s, input.networkInterfaceId, ctx);
  if (!found.ok) return found;
  const eni = found.value;
  const given = (['sourceDestCheck', 'groups', 'description', 'attachment'] as const).filter(
    (k) => input[k] !== undefined,
  );
  if (given.length !== 1) {
    return fail(
      given.length === 0
        ? AwsErrors.missingParameter('sourceDestCheck, groups, description or attachment')
        : AwsErrors.invalidParameterCombination(
            `Fields for multiple attribute types specified: ${given.join(', ')}`,
          ),
    );
  }
  let next: NetworkInterface;
  if (input.sourceDestCheck !== undefined) {
    next = { ...eni, sourceDestCheck: input.sourceDestCheck };
  } else if (input.description !== undefined) {
    next = { ...eni, description: input.description };
  } else if (input.groups !== undefined) {
    if (input.groups.length === 0) return fail(AwsErrors.missingParameter('groups'));
    const groups = groupsParam(s, ctx, { id: eni.subnetId, vpcId: eni.vpcId }, input.groups);
    if (!groups.ok) return groups;
    next = { ...eni, groups: groups.value };
  } else {
    const a = input.attachment;
    if (!a || !eni.attachment || eni.attachment.attachmentId !== a.attachmentId) {
      return fail(AwsErrors.notFound('network-interface-attachment', a?.attachmentId ?? ''));
    }
    next = {
      ...eni,
      attachment: { ...eni.attachment, deleteOnTermination: a.deleteOnTermination },
    };
  }
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};
