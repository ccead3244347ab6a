/**
 * EC2 instances in the model's output shapes. An instance's addresses, groups and DNS names are
 * its ENIs'; an {@link InstanceView} derives them once, for the output mappers and the filter
 * tables alike.
 */
import type { InstanceStateChange } from '../../control/instance.js';
import type { Tag } from '../../model/common.js';
import { instanceNetworkInterfaces, type Instance } from '../../model/instance.js';
import type { Snapshot } from '../../model/snapshot.js';
import {
  eniCommonOutput,
  eniView,
  instanceAssociationOutput,
  instancePrivateIpOutput,
  primaryAssociation,
  privateDnsName,
  publicDnsName,
  type EniView,
} from './network-interface-view.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { tagSet } from './tags.js';

/** EC2's instance states and their codes (`InstanceState`). */
export const STATE_CODE = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
} as const;

/** An `InstanceState` name. */
export type StateName = keyof typeof STATE_CODE;

/** `InstanceState`: the name with its code. */
export const state = (name: StateName): Ec2.InstanceState => ({ code: STATE_CODE[name], name });

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
function instanceNetworkInterfaceOutput(v: EniView): Ec2.NetworkInterface2 {
  const { eni } = v;
  const association = primaryAssociation(eni);
  return {
    association: association ? instanceAssociationOutput(v, association) : undefined,
    ...eniCommonOutput(v),
    privateIpAddresses: eni.privateIpAddresses.map((p) => instancePrivateIpOutput(v, p)),
    attachment: eni.attachment && {
      attachmentId: eni.attachment.attachmentId,
      deleteOnTermination: eni.attachment.deleteOnTermination,
      deviceIndex: eni.attachment.deviceIndex,
      status: eni.attachment.status,
      networkCardIndex: 0,
    },
  };
}

/** Values the twin reports for what it does not model: an EBS-backed HVM instance. */
export const INSTANCE_CONSTANTS = {
  rootDeviceName: '/dev/xvda',
  rootDeviceType: 'ebs',
  hypervisor: 'xen',
  virtualizationType: 'hvm',
} as const;

/**
 * `Instance` in the model's output shape; `shown` overrides the state (RunInstances answers
 * `pending`). A terminated instance has no network left, so AWS shows no subnet or VPC.
 */
export function instanceOutput(v: InstanceView, shown?: StateName): Ec2.Instance {
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

/** One reservation per launch, with its instances in the order given. */
export function reservationsOf(
  views: readonly InstanceView[],
  shown?: StateName,
): Ec2.Reservation[] {
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

/** `InstanceStateChange` as AWS answers it, in the transitional state. */
export const stateChangeOutput = (c: InstanceStateChange): Ec2.StartingInstance => ({
  instanceId: c.instanceId,
  previousState: state(c.previousState.name),
  currentState: state(
    c.previousState.name === c.currentState.name
      ? c.currentState.name
      : TRANSITIONAL[c.currentState.name],
  ),
});

/** Status checks: a running instance passes them; others have none (`not-applicable`). */
export function statusSummary(v: InstanceView): Ec2.InstanceStatus {
  return v.instance.state === 'running'
    ? { status: 'ok', details: [{ name: 'reachability', status: 'passed' }] }
    : { status: 'not-applicable' };
}

/** `InstanceStatus` in the model's output shape. */
export function instanceStatusOutput(v: InstanceView): Ec2.InstanceStatuse {
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
