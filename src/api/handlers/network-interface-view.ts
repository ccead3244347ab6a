/**
 * Elastic network interfaces in the model's output shapes. Describing an ENI needs more than
 * the ENI: its groups' names and its VPC's DNS settings, gathered once per ENI in an
 * {@link EniView} that the output mappers and the filter tables share (DescribeInstances reuses
 * both).
 */
import type { Ip } from '../../net/index.js';
import type { Tag } from '../../model/common.js';
import type {
  NetworkInterface,
  PrivateIpAddress,
  PublicIpAssociation,
} from '../../model/network-interface.js';
import type { Snapshot } from '../../model/snapshot.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { tagSet } from './tags.js';

/** An ENI with what describing it needs from elsewhere in the snapshot. */
export interface EniView {
  readonly eni: NetworkInterface;
  readonly tags: readonly Tag[];
  readonly groups: readonly { readonly groupId: string; readonly groupName: string }[];
  readonly availabilityZoneId: string | undefined;
  /** Whether the VPC gives public DNS names (its `enableDnsHostnames`). */
  readonly dnsHostnames: boolean;
}

/**
 * AWS's private DNS name of an IPv4 address: `ip-10-0-0-5.ec2.internal` in us-east-1,
 * `ip-10-0-0-5.<region>.compute.internal` elsewhere
 * (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html#vpc-dns-hostnames).
 */
export function privateDnsName(region: string, ip: Ip): string {
  const host = `ip-${ip.toString().replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** AWS's public DNS name of a public IPv4, which exists only where DNS hostnames are enabled. */
export function publicDnsName(region: string, ip: Ip): string {
  const host = `ec2-${ip.toString().replaceAll('.', '-')}`;
  return region === 'us-east-1'
    ? `${host}.compute-1.amazonaws.com`
    : `${host}.${region}.compute.amazonaws.com`;
}

/** Gathers what describing `eni` needs. */
export function eniView(s: Snapshot, eni: NetworkInterface): EniView {
  return {
    eni,
    tags: eni.tags,
    groups: eni.groups.map((id) => ({
      groupId: id,
      groupName: s.get('security-group', id)?.groupName ?? '',
    })),
    availabilityZoneId: s.get('subnet', eni.subnetId)?.availabilityZoneId,
    dnsHostnames: s.get('vpc', eni.vpcId)?.enableDnsHostnames ?? false,
  };
}

/** The public DNS name of an association's address, where the VPC gives one. */
export const associationDns = (v: EniView, a: PublicIpAssociation): string | undefined =>
  v.dnsHostnames ? publicDnsName(v.eni.region, a.publicIp) : undefined;

/** `NetworkInterfaceAssociation`. */
export function associationOutput(
  v: EniView,
  a: PublicIpAssociation,
): NonNullable<Ec2.NetworkInterface['association']> {
  return {
    allocationId: a.allocationId,
    associationId: a.associationId,
    ...instanceAssociationOutput(v, a),
  };
}

/** `InstanceNetworkInterfaceAssociation`: the association without its ids. */
export function instanceAssociationOutput(
  v: EniView,
  a: PublicIpAssociation,
): NonNullable<Ec2.NetworkInterface2['association']> {
  return {
    ipOwnerId: a.ipOwnerId,
    publicDnsName: associationDns(v, a),
    publicIp: a.publicIp.toString(),
  };
}

/** The members of a `privateIpAddressesSet` entry but its association. */
function privateIpBase(v: EniView, p: PrivateIpAddress) {
  return {
    primary: p.primary,
    privateDnsName: privateDnsName(v.eni.region, p.privateIpAddress),
    privateIpAddress: p.privateIpAddress.toString(),
  } satisfies Ec2.PrivateIpAddress & Ec2.PrivateIpAddress2;
}

/** One entry of a `NetworkInterface`'s `privateIpAddressesSet`. */
export function privateIpOutput(v: EniView, p: PrivateIpAddress): Ec2.PrivateIpAddress {
  return {
    association: p.association ? associationOutput(v, p.association) : undefined,
    ...privateIpBase(v, p),
  };
}

/** One entry of an `InstanceNetworkInterface`'s `privateIpAddressesSet`. */
export function instancePrivateIpOutput(v: EniView, p: PrivateIpAddress): Ec2.PrivateIpAddress2 {
  return {
    association: p.association ? instanceAssociationOutput(v, p.association) : undefined,
    ...privateIpBase(v, p),
  };
}

/** The association of the ENI's primary private address, which AWS shows on the ENI itself. */
export const primaryAssociation = (eni: NetworkInterface): PublicIpAssociation | undefined =>
  eni.privateIpAddresses.find((p) => p.primary)?.association;

/**
 * The members `NetworkInterface` and `InstanceNetworkInterface` share, but the associations
 * (the instance's view of its ENIs drops their ids) and the attachment.
 */
export function eniCommonOutput(v: EniView) {
  const { eni } = v;
  return {
    description: eni.description,
    groups: v.groups,
    interfaceType: eni.interfaceType,
    ipv6Addresses: eni.ipv6Addresses.map((a) => ({
      ipv6Address: a.ipv6Address.toString(),
      isPrimaryIpv6: false,
    })),
    macAddress: eni.macAddress,
    networkInterfaceId: eni.id,
    ownerId: eni.ownerId,
    privateDnsName: eni.privateIpAddress && privateDnsName(eni.region, eni.privateIpAddress),
    privateIpAddress: eni.privateIpAddress?.toString(),
    ipv4Prefixes: [],
    ipv6Prefixes: [],
    sourceDestCheck: eni.sourceDestCheck,
    status: eni.status,
    subnetId: eni.subnetId,
    vpcId: eni.vpcId,
  } satisfies Ec2.NetworkInterface & Ec2.NetworkInterface2;
}

/** `NetworkInterface` in the model's output shape. */
export function networkInterfaceOutput(v: EniView): Ec2.NetworkInterface {
  const { eni } = v;
  const association = primaryAssociation(eni);
  return {
    association: association ? associationOutput(v, association) : undefined,
    ...eniCommonOutput(v),
    privateIpAddresses: eni.privateIpAddresses.map((p) => privateIpOutput(v, p)),
    attachment: eni.attachment && {
      attachmentId: eni.attachment.attachmentId,
      deleteOnTermination: eni.attachment.deleteOnTermination,
      deviceIndex: eni.attachment.deviceIndex,
      networkCardIndex: 0,
      instanceId: eni.attachment.instanceId,
      // The twin's instances belong to the ENI's account.
      instanceOwnerId: eni.ownerId,
      status: eni.attachment.status,
    },
    availabilityZone: eni.availabilityZone,
    requesterId: eni.requesterId,
    requesterManaged: eni.requesterManaged,
    tagSet: tagSet(eni.tags),
    // Only an ENI in an IPv6-only subnet has no private IPv4.
    ipv6Native: eni.privateIpAddress === undefined,
  };
}
