import {
  modifyInstanceAttribute,
  startInstances,
  stopInstances,
  terminateInstances,
  type InstanceStateChange,
} from '../../control/instance.js';
import {
  runInstances,
  type InstanceNetworkInterfaceSpec,
  type RunInstancesInput,
} from '../../control/instance-launch.js';
import { idParam } from '../../control/params.js';
import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { instanceNetworkInterfaces, type Instance } from '../../model/instance.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import { defaultVpcOf } from '../../model/vpc.js';
import type { Handler, HandlerContext } from './context.js';
import { describe, flag, type DescribeRequest, type FilterTable } from './describe.js';
import {
  eniView,
  INSTANCE_ENI_EXTRA_FILTERS,
  NETWORK_INTERFACE_FILTERS,
  primaryAssociation,
  privateDnsName,
  privateIpOutput,
  associationOutput,
  publicDnsName,
  type EniView,
} from './network-interface.js';
import { tagSet, tagsFromSpecifications, type WireTagSpecification } from './tags.js';

/**
 * EC2 instances over the wire. An instance's addresses, groups and DNS names are its ENIs';
 * an {@link InstanceView} derives them once, for the output mappers and the filter table alike.
 */

/** EC2's instance states and their codes (`InstanceState`). */
const STATE_CODE = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

type StateName = keyof typeof STATE_CODE;

const state = (name: StateName) => ({ code: STATE_CODE[name], name });

/** An instance with what describing it needs from its ENIs, subnet and VPC. */
export interface InstanceView {
  readonly instance: Instance;
  readonly tags: readonly Tag[];
  /** Attached ENIs by device index, the primary first. */
  readonly enis: readonly EniView[];
  /** The groups of all its ENIs, each once. */
  readonly groups: readonly { readonly groupId: string; readonly groupName: string }[];
  readonly privateIp: string | undefined;
  readonly publicIp: string | undefined;
  /** Empty when there is none, as AWS answers. */
  readonly privateDnsName: string;
  readonly publicDnsName: string;
  readonly tenancy: string;
  readonly availabilityZoneId: string | undefined;
  /** Why it is stopped or terminated (`StateReason`). */
  readonly stateReason: { readonly code: string; readonly message: string } | undefined;
}

/** Gathers what describing `instance` needs. */
export function instanceView(s: Snapshot, instance: Instance): InstanceView {
  const enis = instanceNetworkInterfaces(s, instance.id).map((eni) => eniView(s, eni));
  const primary = enis[0];
  const groups = new Map<string, { groupId: string; groupName: string }>();
  for (const g of enis.flatMap((v) => v.groups)) groups.set(g.groupId, g);
  const ip = primary?.eni.privateIpAddress;
  const association = primary && primaryAssociation(primary.eni);
  const stopped = instance.state !== 'running';
  return {
    instance,
    tags: instance.tags,
    enis,
    groups: [...groups.values()],
    privateIp: ip?.toString(),
    publicIp: association?.publicIp.toString(),
    privateDnsName: ip ? privateDnsName(instance.region, ip) : '',
    publicDnsName:
      association && primary.dnsHostnames
        ? publicDnsName(instance.region, association.publicIp)
        : '',
    tenancy: s.get('vpc', instance.vpcId)?.instanceTenancy ?? 'default',
    availabilityZoneId: s.get('subnet', instance.subnetId)?.availabilityZoneId,
    stateReason: stopped
      ? {
          code: 'Client.UserInitiatedShutdown',
          message: 'Client.UserInitiatedShutdown: User initiated shutdown',
        }
      : undefined,
  };
}

/** `InstanceNetworkInterface`: an ENI as the instance shows it (associations without ids). */
function instanceNetworkInterfaceOutput(v: EniView): Record<string, unknown> {
  const { eni } = v;
  const association = primaryAssociation(eni);
  return {
    association: association ? associationOutput(v, association, true) : undefined,
    attachment: eni.attachment && {
      attachmentId: eni.attachment.attachmentId,
      deleteOnTermination: eni.attachment.deleteOnTermination,
      deviceIndex: eni.attachment.deviceIndex,
      status: eni.attachment.status,
      networkCardIndex: 0,
    },
    description: eni.description,
    groups: v.groups,
    ipv6Addresses: eni.ipv6Addresses.map((a) => ({
      ipv6Address: a.ipv6Address.toString(),
      isPrimaryIpv6: false,
    })),
    macAddress: eni.macAddress,
    networkInterfaceId: eni.id,
    ownerId: eni.ownerId,
    privateDnsName: eni.privateIpAddress && privateDnsName(eni.region, eni.privateIpAddress),
    privateIpAddress: eni.privateIpAddress?.toString(),
    privateIpAddresses: eni.privateIpAddresses.map((p) => privateIpOutput(v, p, true)),
    sourceDestCheck: eni.sourceDestCheck,
    status: eni.status,
    subnetId: eni.subnetId,
    vpcId: eni.vpcId,
    interfaceType: eni.interfaceType,
    ipv4Prefixes: [],
    ipv6Prefixes: [],
  };
}

/** Values the twin reports for what it does not model: an EBS-backed HVM instance. */
const INSTANCE_CONSTANTS = {
  rootDeviceName: '/dev/xvda',
  rootDeviceType: 'ebs',
  hypervisor: 'xen',
  virtualizationType: 'hvm',
} as const;

/**
 * `Instance` in the model's output shape; `shown` overrides the state (RunInstances answers
 * `pending`). A terminated instance has no network left, so AWS shows no subnet or VPC.
 */
export function instanceOutput(v: InstanceView, shown?: StateName): Record<string, unknown> {
  const i = v.instance;
  const live = i.state !== 'terminated';
  return {
    amiLaunchIndex: i.amiLaunchIndex ?? 0,
    imageId: i.imageId,
    instanceId: i.id,
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime),
    monitoring: { state: 'disabled' },
    placement: { availabilityZone: i.availabilityZone, groupName: '', tenancy: v.tenancy },
    privateDnsName: v.privateDnsName,
    privateIpAddress: v.privateIp,
    productCodes: [],
    publicDnsName: v.publicDnsName,
    publicIpAddress: v.publicIp,
    state: state(shown ?? i.state),
    stateTransitionReason: i.state === 'running' ? '' : 'User initiated',
    subnetId: live ? i.subnetId : undefined,
    vpcId: live ? i.vpcId : undefined,
    blockDeviceMappings: [],
    ebsOptimized: false,
    enaSupport: true,
    networkInterfaces: v.enis.map(instanceNetworkInterfaceOutput),
    securityGroups: v.groups,
    sourceDestCheck: v.enis[0]?.eni.sourceDestCheck,
    stateReason: v.stateReason,
    tags: tagSet(i.tags),
    enclaveOptions: { enabled: false },
    hibernationOptions: { configured: false },
    privateDnsNameOptions: {
      hostnameType: 'ip-name',
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    },
    ...INSTANCE_CONSTANTS,
  };
}

/** Instance filters with nothing the twin models to match. */
const nothing = (): string[] => [];

/**
 * DescribeInstances filters on what the twin does not model (volumes, key pairs, metadata
 * options, placement groups…): AWS's names are accepted and match nothing.
 */
const UNMODELLED_INSTANCE_FILTERS: readonly string[] = `
  affinity architecture block-device-mapping.attach-time
  block-device-mapping.delete-on-termination block-device-mapping.device-name
  block-device-mapping.status block-device-mapping.volume-id boot-mode capacity-reservation-id
  client-token current-instance-boot-mode host-id iam-instance-profile.arn
  iam-instance-profile.id instance-lifecycle kernel-id key-name
  maintenance-options.auto-recovery metadata-options.http-endpoint
  metadata-options.http-protocol-ipv4 metadata-options.http-protocol-ipv6
  metadata-options.http-put-response-hop-limit metadata-options.http-tokens
  metadata-options.instance-metadata-tags metadata-options.state
  network-performance-options.bandwidth-weighting operator.principal outpost-arn
  placement-group-name placement-partition-number platform platform-details product-code
  product-code.type ramdisk-id requester-id spot-instance-request-id tpm-support
  usage-operation usage-operation-update-time
`
  .trim()
  .split(/\s+/);

/** The `network-interface.*` filters DescribeInstances documents, by their ENI filter name. */
const INSTANCE_ENI_FILTERS: readonly string[] = `
  addresses.association.allocation-id addresses.association.association-id
  addresses.association.carrier-ip addresses.association.customer-owned-ip
  addresses.association.ip-owner-id addresses.association.public-dns-name
  addresses.association.public-ip addresses.primary addresses.private-dns-name
  addresses.private-ip-address association.allocation-id association.association-id
  association.carrier-ip association.customer-owned-ip association.ip-owner-id
  association.public-dns-name association.public-ip attachment.attach-time
  attachment.attachment-id attachment.delete-on-termination attachment.device-index
  attachment.instance-id attachment.instance-owner-id attachment.network-card-index
  attachment.status availability-zone deny-all-igw-traffic description group-id group-name
  ipv4-prefixes.ipv4-prefix ipv6-address ipv6-addresses.ipv6-address
  ipv6-addresses.is-primary-ipv6 ipv6-native ipv6-prefixes.ipv6-prefix mac-address
  network-interface-id operator.managed operator.principal outpost-arn owner-id
  private-dns-name private-ip-address public-dns-name requester-id requester-managed status
  source-dest-check subnet-id tag-key tag-value vpc-id
`
  .trim()
  .split(/\s+/);

/** `network-interface.<name>`: the ENI filter over every ENI of the instance. */
function eniFilters(): FilterTable<InstanceView> {
  const all: FilterTable<EniView> = { ...NETWORK_INTERFACE_FILTERS, ...INSTANCE_ENI_EXTRA_FILTERS };
  const out: Record<string, (v: InstanceView) => (string | undefined)[]> = {};
  for (const name of INSTANCE_ENI_FILTERS) {
    const extract = all[name];
    if (extract) out[`network-interface.${name}`] = (v) => v.enis.flatMap((e) => extract(e));
  }
  return out;
}

/** The instance's network, gone once it is terminated (see `instanceOutput`). */
const whileLive = (v: InstanceView, value: string) =>
  v.instance.state === 'terminated' ? [] : [value];

/** DescribeInstances filters, by name, as AWS documents them (tags are built in). */
export const INSTANCE_FILTERS: FilterTable<InstanceView> = {
  ...Object.fromEntries(UNMODELLED_INSTANCE_FILTERS.map((name) => [name, nothing])),
  ...eniFilters(),
  'availability-zone': (v) => [v.instance.availabilityZone],
  'availability-zone-id': (v) => [v.availabilityZoneId],
  'dns-name': (v) => [v.publicDnsName],
  'ebs-optimized': () => ['false'],
  'ena-support': () => ['true'],
  'enclave-options.enabled': () => ['false'],
  'hibernation-options.configured': () => ['false'],
  hypervisor: () => [INSTANCE_CONSTANTS.hypervisor],
  'image-id': (v) => [v.instance.imageId],
  'instance-id': (v) => [v.instance.id],
  'instance-state-code': (v) => [String(STATE_CODE[v.instance.state])],
  'instance-state-name': (v) => [v.instance.state],
  'instance-type': (v) => [v.instance.instanceType],
  'instance.group-id': (v) => v.groups.map((g) => g.groupId),
  'instance.group-name': (v) => v.groups.map((g) => g.groupName),
  'ip-address': (v) => [v.publicIp],
  'ipv6-address': (v) =>
    v.enis.flatMap((e) => e.eni.ipv6Addresses.map((a) => a.ipv6Address.toString())),
  'launch-index': (v) => [String(v.instance.amiLaunchIndex ?? 0)],
  'launch-time': (v) => [v.instance.launchTime],
  'monitoring-state': () => ['disabled'],
  'operator.managed': () => ['false'],
  'owner-id': (v) => [v.instance.ownerId],
  'private-dns-name': (v) => [v.privateDnsName],
  'private-dns-name-options.enable-resource-name-dns-a-record': () => ['false'],
  'private-dns-name-options.enable-resource-name-dns-aaaa-record': () => ['false'],
  'private-dns-name-options.hostname-type': () => ['ip-name'],
  'private-ip-address': (v) => [v.privateIp],
  reason: (v) => [v.instance.state === 'running' ? '' : 'User initiated'],
  'reservation-id': (v) => [v.instance.reservationId],
  'root-device-name': () => [INSTANCE_CONSTANTS.rootDeviceName],
  'root-device-type': () => [INSTANCE_CONSTANTS.rootDeviceType],
  'source-dest-check': (v) => v.enis.slice(0, 1).map((e) => flag(e.eni.sourceDestCheck)),
  'state-reason-code': (v) => [v.stateReason?.code],
  'state-reason-message': (v) => [v.stateReason?.message],
  'subnet-id': (v) => whileLive(v, v.instance.subnetId),
  tenancy: (v) => [v.tenancy],
  'virtualization-type': () => [INSTANCE_CONSTANTS.virtualizationType],
  'vpc-id': (v) => whileLive(v, v.instance.vpcId),
};

/** One reservation per launch, with its instances in the order given. */
function reservationsOf(views: readonly InstanceView[], shown?: StateName) {
  const byReservation = new Map<string, InstanceView[]>();
  for (const v of views) {
    const list = byReservation.get(v.instance.reservationId) ?? [];
    list.push(v);
    byReservation.set(v.instance.reservationId, list);
  }
  return [...byReservation].map(([reservationId, members]) => ({
    reservationId,
    ownerId: members[0]?.instance.ownerId,
    // EC2-Classic groups; VPC instances have none here.
    groups: [],
    instances: members.map((v) => instanceOutput(v, shown)),
  }));
}

/** `InstanceNetworkInterfaceSpecification` as decoded. */
interface WireInterfaceSpec {
  readonly associatePublicIpAddress?: boolean;
  readonly deleteOnTermination?: boolean;
  readonly description?: string;
  readonly deviceIndex?: number;
  readonly groups?: readonly string[];
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly { readonly ipv6Address?: string }[];
  readonly networkInterfaceId?: string;
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly {
    readonly primary?: boolean;
    readonly privateIpAddress?: string;
  }[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly subnetId?: string;
  readonly interfaceType?: string;
  readonly networkCardIndex?: number;
}

interface RunInstancesWire {
  readonly imageId?: string;
  readonly instanceType?: string;
  readonly minCount: number;
  readonly maxCount: number;
  readonly subnetId?: string;
  readonly privateIpAddress?: string;
  readonly securityGroupIds?: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly { readonly ipv6Address?: string }[];
  readonly networkInterfaces?: readonly WireInterfaceSpec[];
  readonly placement?: { readonly availabilityZone?: string };
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

/**
 * `PrivateIpAddresses.N` of an interface specification split into the primary and secondaries:
 * the one marked primary, else `PrivateIpAddress`, else the first listed, as AWS does.
 */
function splitPrivateIps(
  spec: WireInterfaceSpec,
  n: number,
): Result<{ primary?: string; secondaries?: string[] }, AwsError> {
  const listed = spec.privateIpAddresses;
  if (listed === undefined)
    return ok(spec.privateIpAddress ? { primary: spec.privateIpAddress } : {});
  const addresses: string[] = [];
  for (const [i, p] of listed.entries()) {
    if (p.privateIpAddress === undefined) {
      return fail(
        AwsErrors.missingParameter(
          `NetworkInterface.${n}.PrivateIpAddresses.${i + 1}.PrivateIpAddress`,
        ),
      );
    }
    addresses.push(p.privateIpAddress);
  }
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
  spec: WireInterfaceSpec,
  n: number,
): Result<InstanceNetworkInterfaceSpec, AwsError> {
  if (spec.interfaceType !== undefined && spec.interfaceType !== 'interface') {
    return fail(
      AwsErrors.unsupported(`The interface type ${spec.interfaceType} is not supported.`),
    );
  }
  if (spec.networkCardIndex !== undefined && spec.networkCardIndex !== 0) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${spec.networkCardIndex}) for parameter networkCardIndex is invalid.`,
      ),
    );
  }
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
  input: RunInstancesWire,
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
      return fail(
        AwsErrors.code(
          'InvalidGroup.NotFound',
          `The security group '${name}' does not exist in default VPC '${vpc.id}'`,
        ),
      );
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
  specs: readonly WireTagSpecification[] = [],
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
function runInput(
  ctx: HandlerContext,
  input: RunInstancesWire,
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
    {
      idOf: (v) => v.instance.id,
      filters: INSTANCE_FILTERS,
      noun: 'instance',
      idsParameter: 'instanceIds',
    },
  );
  return page.ok
    ? ok({ reservations: reservationsOf(page.value.items), nextToken: page.value.nextToken })
    : page;
};

/**
 * AWS answers a state change with the transitional state (`stopping`, `pending`,
 * `shutting-down`); the twin completes the change at once, so Describe shows where it ends.
 * An instance already in the target state answers with that state.
 */
const TRANSITIONAL: Readonly<Record<Instance['state'], StateName>> = {
  stopped: 'stopping',
  running: 'pending',
  terminated: 'shutting-down',
};

const stateChangeOutput = (c: InstanceStateChange) => ({
  instanceId: c.instanceId,
  previousState: state(c.previousState.name),
  currentState: state(
    c.previousState.name === c.currentState.name
      ? c.currentState.name
      : TRANSITIONAL[c.currentState.name],
  ),
});

/** TerminateInstances. */
export const terminateInstancesHandler: Handler = (raw, ctx) => {
  const result = ctx.run('TerminateInstances', terminateInstances, {
    instanceIds: raw.instanceIds as readonly string[],
  });
  return result.ok ? ok({ terminatingInstances: result.value.map(stateChangeOutput) }) : result;
};

/** StopInstances (Hibernate and Force change nothing the twin models). */
export const stopInstancesHandler: Handler = (raw, ctx) => {
  const result = ctx.run('StopInstances', stopInstances, {
    instanceIds: raw.instanceIds as readonly string[],
  });
  return result.ok ? ok({ stoppingInstances: result.value.map(stateChangeOutput) }) : result;
};

/** StartInstances. */
export const startInstancesHandler: Handler = (raw, ctx) => {
  const result = ctx.run('StartInstances', startInstances, {
    instanceIds: raw.instanceIds as readonly string[],
  });
  return result.ok ? ok({ startingInstances: result.value.map(stateChangeOutput) }) : result;
};

/** The caller's instance by id, as the attribute handlers read it. */
function callerInstance(ctx: HandlerContext, id: string): Result<Instance, AwsError> {
  const shaped = idParam('instance', id);
  if (!shaped.ok) return shaped;
  const instance = ctx.store.snapshot.get('instance', id);
  if (instance?.ownerId !== ctx.caller.accountId || instance.region !== ctx.caller.region) {
    return fail(AwsErrors.notFound('instance', id));
  }
  return ok(instance);
}

/**
 * Instance attributes the twin does not model, with the value DescribeInstanceAttribute reports
 * for each: setting that value changes nothing and is accepted; any other is refused.
 */
const FIXED_ATTRIBUTES = {
  disableApiTermination: false,
  disableApiStop: false,
  ebsOptimized: false,
  enaSupport: true,
  instanceInitiatedShutdownBehavior: 'stop',
} as const;

type FixedAttribute = keyof typeof FIXED_ATTRIBUTES;

const isFixed = (name: string): name is FixedAttribute => Object.hasOwn(FIXED_ATTRIBUTES, name);

/** ModifyInstanceAttribute parameters the twin cannot honour, by wire name. */
const UNMODELLED_ATTRIBUTES = {
  blockDeviceMappings: 'BlockDeviceMapping',
  kernel: 'Kernel',
  ramdisk: 'Ramdisk',
  sriovNetSupport: 'SriovNetSupport',
  userData: 'UserData',
} as const;

interface ModifyInstanceAttributeWire {
  readonly instanceId: string;
  readonly sourceDestCheck?: { readonly value?: boolean };
  readonly groups?: readonly string[];
  readonly instanceType?: { readonly value?: string };
  readonly attribute?: string;
  readonly value?: string;
}

/** One attribute change, from either wire form: `SourceDestCheck.Value=…` or `Attribute`+`Value`. */
type AttributeChange =
  | { readonly name: 'sourceDestCheck'; readonly value: boolean }
  | { readonly name: 'instanceType'; readonly value: string }
  | { readonly name: 'groups'; readonly value: readonly string[] }
  | { readonly name: FixedAttribute; readonly value: string };

/** The changes a ModifyInstanceAttribute request asks for. */
function attributeChanges(
  raw: Readonly<Record<string, unknown>>,
): Result<AttributeChange[], AwsError> {
  const input = raw as unknown as ModifyInstanceAttributeWire;
  const unmodelled = Object.entries(UNMODELLED_ATTRIBUTES).find(([k]) => raw[k] !== undefined);
  if (unmodelled)
    return fail(AwsErrors.unsupported(`The attribute ${unmodelled[1]} is not supported.`));
  const out: AttributeChange[] = [];
  if (input.sourceDestCheck) {
    const value = input.sourceDestCheck.value;
    if (value === undefined) return fail(AwsErrors.missingParameter('SourceDestCheck.Value'));
    out.push({ name: 'sourceDestCheck', value });
  }
  if (input.instanceType) {
    const value = input.instanceType.value;
    if (value === undefined) return fail(AwsErrors.missingParameter('InstanceType.Value'));
    out.push({ name: 'instanceType', value });
  }
  if (input.groups !== undefined) out.push({ name: 'groups', value: input.groups });
  for (const name of Object.keys(FIXED_ATTRIBUTES)) {
    const given = raw[name] as { value?: boolean | string } | undefined;
    if (given === undefined || !isFixed(name)) continue;
    if (given.value === undefined) return fail(AwsErrors.missingParameter(`${name}.Value`));
    out.push({ name, value: String(given.value) });
  }
  if (input.attribute !== undefined) {
    const byName = attributeByName(input.attribute, input.value);
    if (!byName.ok) return byName;
    out.push(byName.value);
  }
  return ok(out);
}

/** The `Attribute`+`Value` form. */
function attributeByName(
  attribute: string,
  value: string | undefined,
): Result<AttributeChange, AwsError> {
  if (value === undefined) return fail(AwsErrors.missingParameter('Value'));
  if (attribute === 'instanceType') return ok({ name: 'instanceType', value });
  if (attribute === 'sourceDestCheck' && (value === 'true' || value === 'false')) {
    return ok({ name: 'sourceDestCheck', value: value === 'true' });
  }
  if (isFixed(attribute)) return ok({ name: attribute, value });
  return fail(
    AwsErrors.invalidParameterValue(`Value (${value}) for parameter ${attribute} is invalid.`),
  );
}

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
    const found = callerInstance(ctx, instanceId);
    if (!found.ok) return found;
    if (change.value !== String(FIXED_ATTRIBUTES[change.name])) {
      return fail(AwsErrors.unsupported(`The attribute ${change.name} is not supported.`));
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
  const found = callerInstance(ctx, instanceId);
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
      return fail(
        AwsErrors.invalidParameterValue(
          `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
        ),
      );
  }
};

/** Status checks: a running instance passes them; others have none (`not-applicable`). */
function statusSummary(v: InstanceView) {
  return v.instance.state === 'running'
    ? { status: 'ok', details: [{ name: 'reachability', status: 'passed' }] }
    : { status: 'not-applicable' };
}

/** `InstanceStatus` in the model's output shape. */
function instanceStatusOutput(v: InstanceView): Record<string, unknown> {
  return {
    availabilityZone: v.instance.availabilityZone,
    events: [],
    instanceId: v.instance.id,
    instanceState: state(v.instance.state),
    instanceStatus: statusSummary(v),
    systemStatus: statusSummary(v),
    attachedEbsStatus: statusSummary(v),
  };
}

const statusOf = (v: InstanceView) => [statusSummary(v).status];
const reachabilityOf = (v: InstanceView) => (v.instance.state === 'running' ? ['passed'] : []);

/** DescribeInstanceStatus filters, by name, as AWS documents them. */
export const INSTANCE_STATUS_FILTERS: FilterTable<InstanceView> = {
  'availability-zone': (v) => [v.instance.availabilityZone],
  'availability-zone-id': (v) => [v.availabilityZoneId],
  'event.code': nothing,
  'event.description': nothing,
  'event.instance-event-id': nothing,
  'event.not-after': nothing,
  'event.not-before': nothing,
  'event.not-before-deadline': nothing,
  'instance-state-code': (v) => [String(STATE_CODE[v.instance.state])],
  'instance-state-name': (v) => [v.instance.state],
  'instance-status.reachability': reachabilityOf,
  'instance-status.status': statusOf,
  'operator.managed': () => ['false'],
  'operator.principal': nothing,
  'system-status.reachability': reachabilityOf,
  'system-status.status': statusOf,
  'attached-ebs-status.status': statusOf,
  'application-status.status': nothing,
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
    {
      idOf: (v) => v.instance.id,
      filters: INSTANCE_STATUS_FILTERS,
      noun: 'instance',
      idsParameter: 'instanceIds',
    },
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
