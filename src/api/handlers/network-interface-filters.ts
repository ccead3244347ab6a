/**
 * DescribeNetworkInterfaces filters, and the extra ENI filters DescribeInstances documents under
 * `network-interface.`; both read an {@link EniView}.
 */
import type { NetworkInterface, PublicIpAssociation } from '../../model/network-interface.js';
import { flag, type FilterTable } from './describe.js';
import {
  associationDns,
  primaryAssociation,
  privateDnsName,
  type EniView,
} from './network-interface-view.js';
import { nothing } from './wire.js';

/** The public addresses associated with any of the ENI's private addresses. */
const associations = (eni: NetworkInterface): PublicIpAssociation[] =>
  eni.privateIpAddresses.flatMap((p) => (p.association ? [p.association] : []));

/** Filters on one address association of the primary address (`association.*`). */
const onPrimaryAssociation =
  (read: (a: PublicIpAssociation, v: EniView) => string | undefined) => (v: EniView) => {
    const a = primaryAssociation(v.eni);
    return a ? [read(a, v)] : [];
  };

/** Filters on the associations of every address (`addresses.association.*`). */
const onEveryAssociation =
  (read: (a: PublicIpAssociation, v: EniView) => string | undefined) => (v: EniView) =>
    associations(v.eni).map((a) => read(a, v));

/** Filters on the attachment, empty for an unattached ENI. */
const onAttachment =
  (read: (a: NonNullable<NetworkInterface['attachment']>, v: EniView) => string) => (v: EniView) =>
    v.eni.attachment ? [read(v.eni.attachment, v)] : [];

/** DescribeNetworkInterfaces filters, by name, as AWS documents them (tags are built in). */
export const NETWORK_INTERFACE_FILTERS: FilterTable<EniView> = {
  'addresses.private-ip-address': (v) =>
    v.eni.privateIpAddresses.map((p) => p.privateIpAddress.toString()),
  'addresses.primary': (v) => v.eni.privateIpAddresses.map((p) => flag(p.primary)),
  'addresses.association.public-ip': onEveryAssociation((a) => a.publicIp.toString()),
  'addresses.association.owner-id': onEveryAssociation((a) => a.ipOwnerId),
  'association.association-id': onPrimaryAssociation((a) => a.associationId),
  'association.allocation-id': onPrimaryAssociation((a) => a.allocationId),
  'association.ip-owner-id': onPrimaryAssociation((a) => a.ipOwnerId),
  'association.public-ip': onPrimaryAssociation((a) => a.publicIp.toString()),
  'association.public-dns-name': onPrimaryAssociation((a, v) => associationDns(v, a)),
  'attachment.attach-time': nothing,
  'attachment.attachment-id': onAttachment((a) => a.attachmentId),
  'attachment.delete-on-termination': onAttachment((a) => flag(a.deleteOnTermination)),
  'attachment.device-index': onAttachment((a) => String(a.deviceIndex)),
  'attachment.instance-id': onAttachment((a) => a.instanceId),
  'attachment.instance-owner-id': onAttachment((_a, v) => v.eni.ownerId),
  'attachment.status': onAttachment((a) => a.status),
  'availability-zone': (v) => [v.eni.availabilityZone],
  'availability-zone-id': (v) => [v.availabilityZoneId],
  description: (v) => [v.eni.description],
  'group-id': (v) => v.groups.map((g) => g.groupId),
  'group-name': (v) => v.groups.map((g) => g.groupName),
  'ipv6-addresses.ipv6-address': (v) => v.eni.ipv6Addresses.map((a) => a.ipv6Address.toString()),
  'interface-type': (v) => [v.eni.interfaceType],
  'mac-address': (v) => [v.eni.macAddress],
  'network-interface-id': (v) => [v.eni.id],
  'operator.managed': () => [flag(false)],
  'operator.principal': nothing,
  'owner-id': (v) => [v.eni.ownerId],
  'private-dns-name': (v) =>
    v.eni.privateIpAddress ? [privateDnsName(v.eni.region, v.eni.privateIpAddress)] : [],
  'private-ip-address': (v) => v.eni.privateIpAddresses.map((p) => p.privateIpAddress.toString()),
  'requester-id': (v) => [v.eni.requesterId],
  'requester-managed': (v) => [flag(v.eni.requesterManaged)],
  'source-dest-check': (v) => [flag(v.eni.sourceDestCheck)],
  status: (v) => [v.eni.status],
  'subnet-id': (v) => [v.eni.subnetId],
  'vpc-id': (v) => [v.eni.vpcId],
};

/**
 * The ENI filters DescribeInstances documents under `network-interface.` beyond those of
 * DescribeNetworkInterfaces.
 */
export const INSTANCE_ENI_EXTRA_FILTERS: FilterTable<EniView> = {
  'addresses.association.allocation-id': onEveryAssociation((a) => a.allocationId),
  'addresses.association.association-id': onEveryAssociation((a) => a.associationId),
  'addresses.association.carrier-ip': nothing,
  'addresses.association.customer-owned-ip': nothing,
  'addresses.association.ip-owner-id': onEveryAssociation((a) => a.ipOwnerId),
  'addresses.association.public-dns-name': onEveryAssociation((a, v) => associationDns(v, a)),
  'addresses.private-dns-name': (v) =>
    v.eni.privateIpAddresses.map((p) => privateDnsName(v.eni.region, p.privateIpAddress)),
  'association.carrier-ip': nothing,
  'association.customer-owned-ip': nothing,
  'attachment.network-card-index': onAttachment(() => '0'),
  'deny-all-igw-traffic': nothing,
  'ipv4-prefixes.ipv4-prefix': nothing,
  'ipv6-address': nothing,
  'ipv6-addresses.is-primary-ipv6': (v) => v.eni.ipv6Addresses.map(() => flag(false)),
  'ipv6-native': (v) => [flag(v.eni.privateIpAddress === undefined)],
  'ipv6-prefixes.ipv6-prefix': nothing,
  'outpost-arn': nothing,
  'public-dns-name': onPrimaryAssociation((a, v) => associationDns(v, a)),
  'tag-key': (v) => v.tags.map((t) => t.key),
  'tag-value': (v) => v.tags.map((t) => t.value),
};
