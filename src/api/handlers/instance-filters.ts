/**
 * DescribeInstances and DescribeInstanceStatus filters, by AWS's names, over an
 * {@link InstanceView}.
 */
import { flag, type FilterTable } from './describe.js';
import {
  INSTANCE_CONSTANTS,
  STATE_CODE,
  statusSummary,
  type InstanceView,
} from './instance-view.js';
import {
  INSTANCE_ENI_EXTRA_FILTERS,
  NETWORK_INTERFACE_FILTERS,
} from './network-interface-filters.js';
import type { EniView } from './network-interface-view.js';
import { nothing } from './wire.js';

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

/** The filters DescribeInstances and DescribeInstanceStatus both document, read alike. */
const COMMON_FILTERS: FilterTable<InstanceView> = {
  'availability-zone': (v) => [v.instance.availabilityZone],
  'availability-zone-id': (v) => [v.availabilityZoneId],
  'instance-state-code': (v) => [String(STATE_CODE[v.instance.state])],
  'instance-state-name': (v) => [v.instance.state],
  'operator.managed': () => [flag(false)],
};

/** DescribeInstances filters, by name, as AWS documents them (tags are built in). */
export const INSTANCE_FILTERS: FilterTable<InstanceView> = {
  ...Object.fromEntries(UNMODELLED_INSTANCE_FILTERS.map((name) => [name, nothing])),
  ...eniFilters(),
  ...COMMON_FILTERS,
  'dns-name': (v) => [v.publicDnsName],
  'ebs-optimized': () => [flag(false)],
  'ena-support': () => [flag(true)],
  'enclave-options.enabled': () => [flag(false)],
  'hibernation-options.configured': () => [flag(false)],
  hypervisor: () => [INSTANCE_CONSTANTS.hypervisor],
  'image-id': (v) => [v.instance.imageId],
  'instance-id': (v) => [v.instance.id],
  'instance-type': (v) => [v.instance.instanceType],
  'instance.group-id': (v) => v.groups.map((g) => g.groupId),
  'instance.group-name': (v) => v.groups.map((g) => g.groupName),
  'ip-address': (v) => [v.publicIp],
  'ipv6-address': (v) =>
    v.enis.flatMap((e) => e.eni.ipv6Addresses.map((a) => a.ipv6Address.toString())),
  'launch-index': (v) => [String(v.instance.amiLaunchIndex ?? 0)],
  'launch-time': (v) => [v.instance.launchTime],
  'monitoring-state': () => ['disabled'],
  'owner-id': (v) => [v.instance.ownerId],
  'private-dns-name': (v) => [v.privateDnsName],
  'private-dns-name-options.enable-resource-name-dns-a-record': () => [flag(false)],
  'private-dns-name-options.enable-resource-name-dns-aaaa-record': () => [flag(false)],
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

/** Status checks as filters read them: `ok` or `not-applicable`, and `passed` when running. */
const statusOf = (v: InstanceView) => [statusSummary(v).status];
const reachabilityOf = (v: InstanceView) => (v.instance.state === 'running' ? ['passed'] : []);

/** DescribeInstanceStatus filters, by name, as AWS documents them. */
export const INSTANCE_STATUS_FILTERS: FilterTable<InstanceView> = {
  ...COMMON_FILTERS,
  'event.code': nothing,
  'event.description': nothing,
  'event.instance-event-id': nothing,
  'event.not-after': nothing,
  'event.not-before': nothing,
  'event.not-before-deadline': nothing,
  'instance-status.reachability': reachabilityOf,
  'instance-status.status': statusOf,
  'operator.principal': nothing,
  'system-status.reachability': reachabilityOf,
  'system-status.status': statusOf,
  'attached-ebs-status.status': statusOf,
  'application-status.status': nothing,
};
