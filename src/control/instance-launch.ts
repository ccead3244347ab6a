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
import { buildNetworkInterface, groupsParam, ipv6ListAndCount } from './interface-builder.js';
import { attachInterface, interfaceInUse, managedInterfaceError } from './network-interface.js';
import { countParam, ipParam, ipsParam, owned, tagsParam } from './params.js';
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
  /** Secondary private IPv4s to pin, besides the primary `privateIpAddress`. */
  readonly secondaryPrivateIpAddresses?: readonly string[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly groups?: readonly string[];
  readonly associatePublicIpAddress?: boolean;
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly string[];
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
  readonly ipv6Addresses?: readonly string[];
  readonly networkInterfaces?: readonly InstanceNetworkInterfaceSpec[];
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly tags?: readonly Tag[];
  /** Tags for the ENIs the launch creates (a `network-interface` TagSpecification). */
  readonly interfaceTags?: readonly Tag[];
  /**
   * `Placement.AvailabilityZone`: without a subnet, the launch goes to the default VPC's subnet
   * in that zone; with one, the subnet must be in it.
   */
  readonly availabilityZone?: string;
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
      readonly secondaryIps: readonly Ip[];
      readonly secondaryCount: number;
      readonly ipv6Addresses: readonly Ip[];
      readonly groups: readonly Id<'security-group'>[];
      readonly ipv6Count: number;
      readonly associatePublicIpAddress?: boolean;
      readonly tags: readonly Tag[];
    };

/**
 * Where a launch without a subnet goes: the default VPC's first subnet (default subnets first,
 * then by AZ name and CIDR), in `zone` when given, with AWS's errors when there is none.
 */
export function defaultSubnet(
  s: Snapshot,
  ctx: OperationContext,
  zone?: string,
): Result<Subnet, AwsError> {
  const vpc = defaultVpcOf(s, ctx.accountId, ctx.region);
  if (!vpc) return fail(AwsErrors.code('VPCIdNotSpecified', 'No default VPC for this user'));
  const all = s.find('subnetsByVpc', vpc.id);
  const subnets = (zone === undefined ? all : all.filter((x) => x.availabilityZone === zone)).sort(
    (a, b) =>
      Number(b.defaultForAz) - Number(a.defaultForAz) ||
      a.availabilityZone.localeCompare(b.availabilityZone) ||
      (a.cidrBlock && b.cidrBlock ? a.cidrBlock.compare(b.cidrBlock) : 0),
  );
  const first = subnets[0];
  if (!first && zone !== undefined && all.length > 0) {
    return fail(AwsErrors.invalidParameterValue(`Invalid availability zone: [${zone}]`));
  }
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
  ['ipv6Addresses', 'an instance-level IPv6 address list', 'may not'],
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
        ...(input.ipv6Addresses !== undefined ? { ipv6Addresses: input.ipv6Addresses } : {}),
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

/**
 * The addresses a specification pins: a primary and secondary private IPv4s, IPv6 addresses.
 * Each instance needs its own, so AWS refuses them when launching more than one.
 */
function pinnedAddresses(
  spec: InstanceNetworkInterfaceSpec,
  count: number,
): Result<{ primaryIp?: Ip; secondaryIps: Ip[]; ipv6Addresses: Ip[] }, AwsError> {
  if (spec.ipv6Addresses !== undefined && spec.ipv6AddressCount !== undefined) {
    return fail(ipv6ListAndCount());
  }
  const secondaryIps = ipsParam('privateIpAddresses', spec.secondaryPrivateIpAddresses, 4);
  if (!secondaryIps.ok) return secondaryIps;
  const ipv6Addresses = ipsParam('ipv6Addresses', spec.ipv6Addresses, 6);
  if (!ipv6Addresses.ok) return ipv6Addresses;
  const primary =
    spec.privateIpAddress === undefined
      ? undefined
      : ipParam('privateIpAddress', spec.privateIpAddress, 4);
  if (primary && !primary.ok) return primary;
  const pinsV4 = primary !== undefined || secondaryIps.value.length > 0;
  if (count > 1 && (pinsV4 || ipv6Addresses.value.length > 0)) {
    return fail(
      AwsErrors.invalidParameterCombination(
        pinsV4
          ? 'A private IP address cannot be specified when launching more than one instance.'
          : 'IPv6 addresses cannot be specified when launching more than one instance.',
      ),
    );
  }
  return ok({
    ...(primary ? { primaryIp: primary.value } : {}),
    secondaryIps: secondaryIps.value,
    ipv6Addresses: ipv6Addresses.value,
  });
}

/** What every specification of one launch shares. */
interface LaunchWide {
  readonly count: number;
  readonly zone: string | undefined;
  readonly tags: readonly Tag[];
}

/** Resolves one specification: looks up the subnet or ENI, groups and addresses. */
function planOf(
  s: Snapshot,
  ctx: OperationContext,
  spec: InstanceNetworkInterfaceSpec,
  { count, zone, tags }: LaunchWide,
): Result<Plan, AwsError> {
  const deviceIndex = spec.deviceIndex ?? 0;
  if (spec.networkInterfaceId !== undefined) {
    const extra = [
      spec.subnetId,
      spec.privateIpAddress,
      spec.groups,
      spec.ipv6AddressCount,
      spec.ipv6Addresses,
      spec.secondaryPrivateIpAddresses,
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
    spec.subnetId !== undefined
      ? owned(s, 'subnet', spec.subnetId, ctx)
      : defaultSubnet(s, ctx, zone);
  if (!sub.ok) return sub;
  const subnet = sub.value;
  const bad =
    countParam('ipv6AddressCount', spec.ipv6AddressCount) ??
    countParam('secondaryPrivateIpAddressCount', spec.secondaryPrivateIpAddressCount);
  if (bad) return fail(bad);
  const pinned = pinnedAddresses(spec, count);
  if (!pinned.ok) return pinned;
  const { primaryIp, secondaryIps, ipv6Addresses } = pinned.value;
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
    secondaryIps,
    secondaryCount: spec.secondaryPrivateIpAddressCount ?? 0,
    groups: groups.value,
    ipv6Addresses,
    ipv6Count: spec.ipv6AddressCount ?? (autoV6 && ipv6Addresses.length === 0 ? 1 : 0),
    ...(spec.associatePublicIpAddress !== undefined
      ? { associatePublicIpAddress: spec.associatePublicIpAddress }
      : {}),
    tags,
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

/** Checks an instance type's shape (`family.size`); any such name is accepted. */
export function instanceTypeParam(instanceType: string): AwsError | undefined {
  return INSTANCE_TYPE.test(instanceType)
    ? undefined
    : AwsErrors.invalidParameterValue(`Invalid value '${instanceType}' for InstanceType.`);
}

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
      secondaryIps: plan.secondaryIps,
      secondaryCount: plan.secondaryCount,
      ipv6Addresses: plan.ipv6Addresses,
      ipv6Count: plan.ipv6Count,
      groups: plan.groups,
      tags: plan.tags,
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
  const badType = instanceTypeParam(instanceType);
  if (badType) return fail(badType);
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const interfaceTags = tagsParam(input.interfaceTags);
  if (!interfaceTags.ok) return interfaceTags;
  const specs = specsOf(input);
  if (!specs.ok) return specs;
  const bad = checkSpecs(specs.value);
  if (bad) return fail(bad);
  const plans: Plan[] = [];
  for (const spec of [...specs.value].sort((a, b) => (a.deviceIndex ?? 0) - (b.deviceIndex ?? 0))) {
    const plan = planOf(s, ctx, spec, {
      count: counts.value.max,
      zone: input.availabilityZone,
      tags: interfaceTags.value,
    });
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
  const zone = input.availabilityZone;
  if (zone !== undefined && zoneOf(primary) !== zone) {
    const subnetId = primary.existing ? primary.existing.subnetId : primary.subnet.id;
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${zone}) for parameter availabilityZone is invalid. Subnet '${subnetId}' is in the availability zone ${zoneOf(primary)}`,
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
      amiLaunchIndex: i,
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
