import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Instance } from '../model/instance.js';
import type { NetworkInterface } from '../model/network-interface.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import { defaultVpcOf } from '../model/vpc.js';
import { Draft } from './draft.js';
import { buildNetworkInterface, groupsParam } from './interface-builder.js';
import { attachInterface, interfaceInUse, managedInterfaceError } from './network-interface.js';
import { countParam, ipParam, owned, tagsParam } from './params.js';
import { assignAutoPublicIp } from './public-address.js';

/**
 * RunInstances, as far as networking needs it: the launch's network interface specifications
 * resolved (subnets, existing ENIs, addresses, groups), then as many instances as the subnets
 * have addresses for, each with its ENIs attached and, where AWS gives one, an auto-assigned
 * public IPv4.
 */

/** One entry of RunInstances' `networkInterfaces` (EC2 `InstanceNetworkInterfaceSpecification`). */
export interface InstanceNetworkInterfaceSpec {
  readonly deviceIndex?: number;
  readonly subnetId?: string;
  /** Attach this existing, available ENI instead of creating one. */
  readonly networkInterfaceId?: string;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly secondaryPrivateIpAddressCount?: number;
  readonly groups?: readonly string[];
  readonly associatePublicIpAddress?: boolean;
  readonly ipv6AddressCount?: number;
  /** Default: true for an ENI the launch creates, false for an existing one. */
  readonly deleteOnTermination?: boolean;
}

/** RunInstances, as far as networking needs it. */
export interface RunInstancesInput {
  readonly imageId?: string;
  readonly instanceType?: string;
  readonly subnetId?: string;
  readonly privateIpAddress?: string;
  readonly securityGroupIds?: readonly string[];
  /** Default: the subnet's mapPublicIpOnLaunch. */
  readonly associatePublicIpAddress?: boolean;
  readonly ipv6AddressCount?: number;
  readonly networkInterfaces?: readonly InstanceNetworkInterfaceSpec[];
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly tags?: readonly Tag[];
}

/** An ENI of the launch, resolved: an existing one to attach, or one to create. */
type Plan =
  | {
      readonly existing: NetworkInterface;
      readonly deviceIndex: number;
      readonly deleteOnTermination: boolean;
    }
  | {
      readonly existing?: undefined;
      readonly deviceIndex: number;
      readonly deleteOnTermination: boolean;
      readonly subnet: Subnet;
      readonly description: string;
      readonly primaryIp?: Ip;
      readonly secondaryCount: number;
      readonly groups: readonly Id<'security-group'>[];
      readonly ipv6Count: number;
      readonly associatePublicIpAddress?: boolean;
    };

/**
 * Where a launch without a subnet goes: the default VPC's first subnet (default subnets first,
 * then by AZ name and CIDR), with AWS's errors when there is none.
 */
export function defaultSubnet(s: Snapshot, ctx: OperationContext): Result<Subnet, AwsError> {
  const vpc = defaultVpcOf(s, ctx.accountId, ctx.region);
  if (!vpc) return fail(AwsErrors.code('VPCIdNotSpecified', 'No default VPC for this user'));
  const subnets = s
    .find('subnetsByVpc', vpc.id)
    .sort(
      (a, b) =>
        Number(b.defaultForAz) - Number(a.defaultForAz) ||
        a.availabilityZone.localeCompare(b.availabilityZone) ||
        (a.cidrBlock && b.cidrBlock ? a.cidrBlock.compare(b.cidrBlock) : 0),
    );
  const first = subnets[0];
  if (!first) {
    return fail(
      AwsErrors.code(
        'MissingInput',
        `No subnets found for the default VPC '${vpc.id}'. Please specify a subnet.`,
      ),
    );
  }
  return ok(first);
}

/** The instance-level parameters RunInstances refuses next to `networkInterfaces`. */
const INSTANCE_LEVEL: readonly [keyof RunInstancesInput, string, string][] = [
  ['subnetId', 'an instance-level subnet ID', 'may not'],
  ['securityGroupIds', 'an instance-level security groups', 'may not'],
  ['privateIpAddress', 'an instance-level private IP address', 'should not'],
  ['associatePublicIpAddress', 'an instance-level public IP address setting', 'may not'],
  ['ipv6AddressCount', 'an instance-level IPv6 address count', 'may not'],
];

/** The ENI specifications of a launch: `networkInterfaces`, or one made of instance-level fields. */
function specsOf(input: RunInstancesInput): Result<InstanceNetworkInterfaceSpec[], AwsError> {
  if (!input.networkInterfaces || input.networkInterfaces.length === 0) {
    return ok([
      {
        deviceIndex: 0,
        ...(input.subnetId !== undefined ? { subnetId: input.subnetId } : {}),
        ...(input.privateIpAddress !== undefined
          ? { privateIpAddress: input.privateIpAddress }
          : {}),
        ...(input.securityGroupIds !== undefined ? { groups: input.securityGroupIds } : {}),
        ...(input.associatePublicIpAddress !== undefined
          ? { associatePublicIpAddress: input.associatePublicIpAddress }
          : {}),
        ...(input.ipv6AddressCount !== undefined
          ? { ipv6AddressCount: input.ipv6AddressCount }
          : {}),
      },
    ]);
  }
  for (const [field, words, modal] of INSTANCE_LEVEL) {
    if (input[field] !== undefined) {
      return fail(
        AwsErrors.invalidParameterCombination(
          `Network interfaces and ${words} ${modal} be specified on the same request`,
        ),
      );
    }
  }
  return ok([...input.networkInterfaces]);
}

/** Checks device indexes and the public-IP rules across the specifications. */
function checkSpecs(specs: readonly InstanceNetworkInterfaceSpec[]): AwsError | undefined {
  const seen = new Set<number>();
  for (const spec of specs) {
    if (spec.deviceIndex === undefined) return AwsErrors.missingParameter('deviceIndex');
    const bad = countParam('deviceIndex', spec.deviceIndex);
    if (bad) return bad;
    if (seen.has(spec.deviceIndex)) {
      return AwsErrors.invalidParameterValue(
        'Each network interface requires a unique device index.',
      );
    }
    seen.add(spec.deviceIndex);
  }
  if (!seen.has(0)) {
    return AwsErrors.invalidParameterValue('A network interface with device index 0 is required.');
  }
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceNetworkInterfaceSpecification.html
  for (const spec of specs) {
    if (spec.associatePublicIpAddress === undefined) continue;
    if (specs.length > 1 && spec.associatePublicIpAddress) {
      return AwsErrors.invalidParameterCombination(
        'The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces.',
      );
    }
    if (spec.deviceIndex !== 0) {
      return AwsErrors.invalidParameterCombination(
        'The associatePublicIPAddress parameter can only be specified for the network interface with DeviceIndex 0.',
      );
    }
    if (spec.networkInterfaceId !== undefined) {
      return AwsErrors.invalidParameterCombination(
        'The associatePublicIPAddress parameter cannot be specified for an existing network interface.',
      );
    }
  }
  return undefined;
}

/** Resolves one specification: looks up the subnet or ENI, groups and addresses. */
function planOf(
  s: Snapshot,
  ctx: OperationContext,
  spec: InstanceNetworkInterfaceSpec,
  count: number,
): Result<Plan, AwsError> {
  const deviceIndex = spec.deviceIndex ?? 0;
  if (spec.networkInterfaceId !== undefined) {
    const extra = [
      spec.subnetId,
      spec.privateIpAddress,
      spec.groups,
      spec.ipv6AddressCount,
      spec.secondaryPrivateIpAddressCount,
    ];
    if (extra.some((x) => x !== undefined)) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'A network interface ID may not be specified with a subnet ID, private IP addresses, security groups or IPv6 addresses on the same network interface.',
        ),
      );
    }
    if (count > 1) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'An existing network interface cannot be attached when launching more than one instance.',
        ),
      );
    }
    const found = owned(s, 'network-interface', spec.networkInterfaceId, ctx);
    if (!found.ok) return found;
    if (found.value.requesterManaged) return fail(managedInterfaceError(found.value));
    if (found.value.attachment) return fail(interfaceInUse(found.value));
    return ok({
      existing: found.value,
      deviceIndex,
      deleteOnTermination: spec.deleteOnTermination ?? false,
    });
  }
  const sub =
    spec.subnetId !== undefined ? owned(s, 'subnet', spec.subnetId, ctx) : defaultSubnet(s, ctx);
  if (!sub.ok) return sub;
  const subnet = sub.value;
  const bad =
    countParam('ipv6AddressCount', spec.ipv6AddressCount) ??
    countParam('secondaryPrivateIpAddressCount', spec.secondaryPrivateIpAddressCount);
  if (bad) return fail(bad);
  let primaryIp: Ip | undefined;
  if (spec.privateIpAddress !== undefined) {
    const ip = ipParam('privateIpAddress', spec.privateIpAddress, 4);
    if (!ip.ok) return ip;
    if (count > 1) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'A private IP address cannot be specified when launching more than one instance.',
        ),
      );
    }
    primaryIp = ip.value;
  }
  if (spec.associatePublicIpAddress && !subnet.cidrBlock) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `A public IPv4 address cannot be assigned in IPv6-only subnet '${subnet.id}'.`,
      ),
    );
  }
  const groups = groupsParam(s, ctx, subnet, spec.groups);
  if (!groups.ok) return groups;
  const autoV6 =
    subnet.assignIpv6AddressOnCreation && subnet.ipv6CidrBlockAssociationSet.length > 0;
  return ok({
    deviceIndex,
    deleteOnTermination: spec.deleteOnTermination ?? true,
    subnet,
    description: spec.description ?? '',
    ...(primaryIp ? { primaryIp } : {}),
    secondaryCount: spec.secondaryPrivateIpAddressCount ?? 0,
    groups: groups.value,
    ipv6Count: spec.ipv6AddressCount ?? (autoV6 ? 1 : 0),
    ...(spec.associatePublicIpAddress !== undefined
      ? { associatePublicIpAddress: spec.associatePublicIpAddress }
      : {}),
  });
}

/** Min and max count: integers from 1, min ≤ max; max defaults to min. */
function countsOf(input: RunInstancesInput): Result<{ min: number; max: number }, AwsError> {
  const min = input.minCount ?? 1;
  const max = input.maxCount ?? Math.max(min, 1);
  for (const [name, n] of [
    ['minCount', min],
    ['maxCount', max],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) {
      return fail(
        AwsErrors.invalidParameterValue(`Value (${n}) for parameter ${name} is invalid.`),
      );
    }
  }
  if (min > max) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${min}) for parameter minCount is invalid. It must be less than or equal to maxCount (${max}).`,
      ),
    );
  }
  return ok({ min, max });
}

const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** The ENIs of one instance of the launch, built (or looked up) but not yet attached. */
function buildInterfaces(
  d: Draft,
  ctx: OperationContext,
  plans: readonly Plan[],
): Result<NetworkInterface[], AwsError> {
  const out: NetworkInterface[] = [];
  for (const plan of plans) {
    if (plan.existing) {
      out.push(plan.existing);
      continue;
    }
    const built = buildNetworkInterface(d, ctx, plan.subnet, {
      description: plan.description,
      ...(plan.primaryIp ? { primaryIp: plan.primaryIp } : {}),
      secondaryCount: plan.secondaryCount,
      ipv6Count: plan.ipv6Count,
      groups: plan.groups,
      shortageNoun: 'instances',
    });
    if (!built.ok) return built;
    out.push(built.value);
  }
  return ok(out);
}

/**
 * RunInstances: launches between minCount and maxCount instances (as many as the subnets have
 * addresses for), each with its ENIs attached by device index. An auto-assigned public IPv4
 * comes only when the instance has exactly one ENI, a new one, and asks for it or its subnet
 * maps public IPs on launch.
 */
export const runInstances: Operation<RunInstancesInput, Instance[]> = (s, input, ctx) => {
  const counts = countsOf(input);
  if (!counts.ok) return counts;
  const imageId = input.imageId ?? 'ami-00000000';
  if (!AMI_ID.test(imageId)) {
    return fail(AwsErrors.malformedId('InvalidAMIID.Malformed', imageId, 'ami'));
  }
  const instanceType = input.instanceType ?? 't3.micro';
  if (!INSTANCE_TYPE.test(instanceType)) {
    return fail(
      AwsErrors.invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const specs = specsOf(input);
  if (!specs.ok) return specs;
  const bad = checkSpecs(specs.value);
  if (bad) return fail(bad);
  const plans: Plan[] = [];
  for (const spec of [...specs.value].sort((a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0))) {
    const plan = planOf(s, ctx, spec, counts.value.max);
    if (!plan.ok) return plan;
    if (plan.value.existing && plans.some((p) => p.existing?.id === plan.value.existing?.id)) {
      return fail(interfaceInUse(plan.value.existing));
    }
    plans.push(plan.value);
  }
  const zoneOf = (p: Plan) =>
    p.existing ? p.existing.availabilityZone : p.subnet.availabilityZone;
  const primary = plans[0];
  if (!primary) return fail(AwsErrors.missingParameter('networkInterfaces'));
  if (plans.some((p) => zoneOf(p) !== zoneOf(primary))) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The network interfaces of an instance must all be in the same availability zone.',
      ),
    );
  }
  const autoPublic =
    plans.length === 1 &&
    !primary.existing &&
    primary.subnet.cidrBlock !== undefined &&
    (primary.associatePublicIpAddress ?? primary.subnet.mapPublicIpOnLaunch);
  const d = new Draft(s);
  const reservationId = ctx.ids.next('reservation');
  const launched: Instance[] = [];
  for (let i = 0; i < counts.value.max; i++) {
    const enis = buildInterfaces(d, ctx, plans);
    if (!enis.ok) {
      // AWS launches as many as it can, if that is at least minCount.
      if (enis.error.code === 'InsufficientFreeAddressesInSubnet' && i >= counts.value.min) break;
      return enis;
    }
    const first = enis.value[0];
    if (!first) return fail(AwsErrors.missingParameter('networkInterfaces'));
    const instance: Instance = {
      kind: 'instance',
      id: ctx.ids.next('instance'),
      ownerId: ctx.accountId,
      region: ctx.region,
      tags: tags.value,
      imageId,
      instanceType,
      state: 'running',
      vpcId: first.vpcId,
      subnetId: first.subnetId,
      availabilityZone: first.availabilityZone,
      launchTime: ctx.clock.now().toISOString(),
      reservationId,
      autoAssignPublicIp: autoPublic,
    };
    d.put(instance);
    for (const [n, eni] of enis.value.entries()) {
      const plan = plans[n];
      if (!plan) continue;
      attachInterface(d, eni, {
        attachmentId: ctx.ids.next('network-interface-attachment'),
        instanceId: instance.id,
        deviceIndex: plan.deviceIndex,
        deleteOnTermination: plan.deleteOnTermination,
      });
    }
    if (autoPublic) {
      const assigned = assignAutoPublicIp(d, ctx, first);
      if (!assigned.ok) return assigned;
    }
    launched.push(instance);
  }
  return ok({ changes: d.changes(), output: launched });
};
