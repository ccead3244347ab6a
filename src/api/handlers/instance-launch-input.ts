/**
 * RunInstances' wire input as the launch operation takes it: interface specifications, groups
 * named in the default VPC, and the tags of each resource the launch creates.
 */
import type {
  InstanceNetworkInterfaceSpec,
  RunInstancesInput,
} from '../../control/instance-launch.js';
import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import { defaultVpcOf } from '../../model/vpc.js';
import type { HandlerContext } from './context.js';
import { groupNameNotFound } from './security-group-lookup.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { tagsFromSpecifications } from './tags.js';
import { checkNetworkCardIndex, privateIpSpecifications } from './wire.js';

/**
 * `PrivateIpAddresses.N` of an interface specification split into the primary and secondaries:
 * the one marked primary, else `PrivateIpAddress`, else the first listed, as AWS does.
 */
function splitPrivateIps(
  spec: Ec2.NetworkInterfaceInput,
  n: number,
): Result<{ primary?: string; secondaries?: string[] }, AwsError> {
  const checked = privateIpSpecifications(
    `NetworkInterface.${n}.PrivateIpAddresses`,
    spec.privateIpAddresses,
  );
  if (!checked.ok) return checked;
  const listed = checked.value;
  if (listed === undefined)
    return ok(spec.privateIpAddress ? { primary: spec.privateIpAddress } : {});
  const addresses = listed.map((p) => p.privateIpAddress);
  const marked = listed.filter((p) => p.primary === true).map((p) => p.privateIpAddress);
  if (marked.length > 1) {
    return fail(AwsErrors.invalidParameterValue('Only one private IP address can be primary.'));
  }
  const [markedPrimary] = marked;
  if (markedPrimary && spec.privateIpAddress && markedPrimary !== spec.privateIpAddress) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The primary private IP address was specified twice with different values.',
      ),
    );
  }
  const primary = markedPrimary ?? spec.privateIpAddress ?? addresses[0];
  return ok({ primary, secondaries: addresses.filter((a) => a !== primary) });
}

/** One interface specification as the operation takes it. */
function interfaceSpecOf(
  spec: Ec2.NetworkInterfaceInput,
  n: number,
): Result<InstanceNetworkInterfaceSpec, AwsError> {
  if (spec.interfaceType !== undefined && spec.interfaceType !== 'interface') {
    return fail(
      AwsErrors.unsupported(`The interface type ${spec.interfaceType} is not supported.`),
    );
  }
  const badCard = checkNetworkCardIndex(spec.networkCardIndex);
  if (badCard) return fail(badCard);
  const ips = splitPrivateIps(spec, n);
  if (!ips.ok) return ips;
  return ok({
    deviceIndex: spec.deviceIndex,
    subnetId: spec.subnetId,
    networkInterfaceId: spec.networkInterfaceId,
    description: spec.description,
    privateIpAddress: ips.value.primary,
    secondaryPrivateIpAddresses: ips.value.secondaries,
    secondaryPrivateIpAddressCount: spec.secondaryPrivateIpAddressCount,
    groups: spec.groups,
    associatePublicIpAddress: spec.associatePublicIpAddress,
    ipv6AddressCount: spec.ipv6AddressCount,
    ipv6Addresses: spec.ipv6Addresses?.map((a) => a.ipv6Address ?? ''),
    deleteOnTermination: spec.deleteOnTermination,
  });
}

/**
 * `SecurityGroup.N` names groups of the default VPC; AWS refuses names with a subnet, where the
 * launch may be in any VPC.
 */
function groupIdsByName(
  ctx: HandlerContext,
  input: Ec2.RunInstancesInput,
): Result<string[] | undefined, AwsError> {
  const names = input.securityGroups;
  if (names === undefined || names.length === 0) return ok(input.securityGroupIds?.slice());
  if (input.subnetId !== undefined || input.networkInterfaces !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The parameter groupName cannot be used with the parameter subnet',
      ),
    );
  }
  const s = ctx.store.snapshot;
  const vpc = defaultVpcOf(s, ctx.caller.accountId, ctx.caller.region);
  if (!vpc) return fail(AwsErrors.code('VPCIdNotSpecified', 'No default VPC for this user'));
  const ids = [...(input.securityGroupIds ?? [])];
  for (const name of names) {
    const group = s.find('securityGroupByName', `${vpc.id}|${name}`)[0];
    if (!group) {
      return fail(groupNameNotFound(name, `default VPC '${vpc.id}'`));
    }
    ids.push(group.id);
  }
  return ok(ids);
}

/**
 * The tags of a launch by resource: `instance` and `network-interface` apply; `volume` is
 * accepted and has nothing to tag (the twin models no volumes); any other type is refused.
 */
function launchTags(
  specs: readonly Ec2.TagSpecificationInput[] = [],
): Result<{ instance: Tag[]; networkInterface: Tag[] }, AwsError> {
  const known = ['instance', 'network-interface', 'volume'];
  // Checked against `instance`, an unknown type gets AWS's "not a valid taggable resource".
  const unknown = tagsFromSpecifications(
    specs.filter((x) => !known.includes(x.resourceType ?? '')),
    'instance',
  );
  if (!unknown.ok) return unknown;
  const of = (type: string) =>
    tagsFromSpecifications(
      specs.filter((x) => x.resourceType === type),
      type,
    );
  const instance = of('instance');
  if (!instance.ok) return instance;
  const networkInterface = of('network-interface');
  if (!networkInterface.ok) return networkInterface;
  return ok({ instance: instance.value, networkInterface: networkInterface.value });
}

/** RunInstances' wire input as the operation takes it. */
export function runInput(
  ctx: HandlerContext,
  input: Ec2.RunInstancesInput,
): Result<RunInstancesInput, AwsError> {
  const tags = launchTags(input.tagSpecifications);
  if (!tags.ok) return tags;
  const groups = groupIdsByName(ctx, input);
  if (!groups.ok) return groups;
  const specs: InstanceNetworkInterfaceSpec[] = [];
  for (const [i, spec] of (input.networkInterfaces ?? []).entries()) {
    const mapped = interfaceSpecOf(spec, i + 1);
    if (!mapped.ok) return mapped;
    specs.push(mapped.value);
  }
  return ok({
    imageId: input.imageId,
    instanceType: input.instanceType,
    minCount: input.minCount,
    maxCount: input.maxCount,
    subnetId: input.subnetId,
    privateIpAddress: input.privateIpAddress,
    securityGroupIds: groups.value,
    ipv6AddressCount: input.ipv6AddressCount,
    ipv6Addresses: input.ipv6Addresses?.map((a) => a.ipv6Address ?? ''),
    networkInterfaces: input.networkInterfaces && specs,
    availabilityZone: input.placement?.availabilityZone,
    tags: tags.value.instance,
    interfaceTags: tags.value.networkInterface,
  });
}
