import { assignIpv6Addresses, unassignIpv6Addresses } from '../../control/ipv6-address.js';
import {
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
} from '../../control/network-interface.js';
import { idParam } from '../../control/params.js';
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from '../../control/private-ip.js';
import type { Ip } from '../../net/index.js';
import type { Tag } from '../../model/common.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import type {
  NetworkInterface,
  PrivateIpAddress,
  PublicIpAssociation,
} from '../../model/network-interface.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { Handler, HandlerContext } from './context.js';
import { describe, flag, type DescribeRequest, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications, type WireTagSpecification } from './tags.js';

/**
 * Elastic network interfaces over the wire. Describing an ENI needs more than the ENI: its
 * groups' names and its VPC's DNS settings, gathered once per ENI in an {@link EniView} that the
 * output mappers and the filter tables share (DescribeInstances reuses both).
 */

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
const associationDns = (v: EniView, a: PublicIpAssociation): string | undefined =>
  v.dnsHostnames ? publicDnsName(v.eni.region, a.publicIp) : undefined;

/** `NetworkInterfaceAssociation`; `short` drops the ids, for `InstanceNetworkInterfaceAssociation`. */
export function associationOutput(
  v: EniView,
  a: PublicIpAssociation,
  short = false,
): Record<string, unknown> {
  return {
    ...(short ? {} : { allocationId: a.allocationId, associationId: a.associationId }),
    ipOwnerId: a.ipOwnerId,
    publicDnsName: associationDns(v, a),
    publicIp: a.publicIp.toString(),
  };
}

/** One entry of `privateIpAddressesSet`. */
export function privateIpOutput(
  v: EniView,
  p: PrivateIpAddress,
  short = false,
): Record<string, unknown> {
  return {
    association: p.association ? associationOutput(v, p.association, short) : undefined,
    primary: p.primary,
    privateDnsName: privateDnsName(v.eni.region, p.privateIpAddress),
    privateIpAddress: p.privateIpAddress.toString(),
  };
}

/** The association of the ENI's primary private address, which AWS shows on the ENI itself. */
export const primaryAssociation = (eni: NetworkInterface): PublicIpAssociation | undefined =>
  eni.privateIpAddresses.find((p) => p.primary)?.association;

/** `NetworkInterface` in the model's output shape. */
export function networkInterfaceOutput(v: EniView): Record<string, unknown> {
  const { eni } = v;
  const association = primaryAssociation(eni);
  return {
    association: association ? associationOutput(v, association) : undefined,
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
    privateIpAddresses: eni.privateIpAddresses.map((p) => privateIpOutput(v, p)),
    ipv4Prefixes: [],
    ipv6Prefixes: [],
    requesterId: eni.requesterId,
    requesterManaged: eni.requesterManaged,
    sourceDestCheck: eni.sourceDestCheck,
    status: eni.status,
    subnetId: eni.subnetId,
    tagSet: tagSet(eni.tags),
    vpcId: eni.vpcId,
    // Only an ENI in an IPv6-only subnet has no private IPv4.
    ipv6Native: eni.privateIpAddress === undefined,
  };
}

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

/** Filters with nothing the twin models to match (attach times, prefixes, carrier IPs). */
const nothing = (): string[] => [];

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
  'operator.managed': () => ['false'],
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
  'ipv6-addresses.is-primary-ipv6': (v) => v.eni.ipv6Addresses.map(() => 'false'),
  'ipv6-native': (v) => [flag(v.eni.privateIpAddress === undefined)],
  'ipv6-prefixes.ipv6-prefix': nothing,
  'outpost-arn': nothing,
  'public-dns-name': onPrimaryAssociation((a, v) => associationDns(v, a)),
  'tag-key': (v) => v.tags.map((t) => t.key),
  'tag-value': (v) => v.tags.map((t) => t.value),
};

/** The caller's ENI by id, as Describe*Attribute reads it: malformed and unknown ids refused. */
function callerEni(ctx: HandlerContext, id: string): Result<NetworkInterface, AwsError> {
  const shaped = idParam('network-interface', id);
  if (!shaped.ok) return shaped;
  const eni = ctx.store.snapshot.get('network-interface', id);
  if (eni?.ownerId !== ctx.caller.accountId || eni.region !== ctx.caller.region) {
    return fail(AwsErrors.notFound('network-interface', id));
  }
  return ok(eni);
}

/**
 * AWS's answer for a parameter of a feature the twin does not model (prefix delegation, primary
 * IPv6, ENA Express), rather than accepting it and answering as if it applied.
 */
function unsupportedParameter(
  input: Readonly<Record<string, unknown>>,
  names: Readonly<Record<string, string>>,
): AwsError | undefined {
  const given = Object.keys(names).find((k) => input[k] !== undefined && input[k] !== false);
  return given === undefined
    ? undefined
    : AwsErrors.unsupported(`The parameter ${names[given] ?? given} is not supported.`);
}

/** Wire names of the create/assign parameters the twin does not model. */
const PREFIX_PARAMETERS = {
  ipv4Prefixes: 'Ipv4Prefix',
  ipv4PrefixCount: 'Ipv4PrefixCount',
  ipv6Prefixes: 'Ipv6Prefix',
  ipv6PrefixCount: 'Ipv6PrefixCount',
  enablePrimaryIpv6: 'EnablePrimaryIpv6',
} as const;

interface CreateNetworkInterfaceWire {
  readonly subnetId: string;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly { primary?: boolean; privateIpAddress?: string }[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly groups?: readonly string[];
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly { ipv6Address?: string }[];
  readonly interfaceType?: string;
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

/** `PrivateIpAddresses.N` as the operation takes them; each entry needs its address. */
function privateIpSpecifications(
  list: CreateNetworkInterfaceWire['privateIpAddresses'],
): Result<{ privateIpAddress: string; primary?: boolean }[] | undefined, AwsError> {
  if (list === undefined) return ok(undefined);
  const out: { privateIpAddress: string; primary?: boolean }[] = [];
  for (const [i, p] of list.entries()) {
    if (p.privateIpAddress === undefined) {
      return fail(AwsErrors.missingParameter(`PrivateIpAddresses.${i + 1}.PrivateIpAddress`));
    }
    out.push({ privateIpAddress: p.privateIpAddress, primary: p.primary });
  }
  return ok(out);
}

/** CreateNetworkInterface. */
export const createNetworkInterfaceHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as CreateNetworkInterfaceWire;
  const unsupported = unsupportedParameter(raw, PREFIX_PARAMETERS);
  if (unsupported) return fail(unsupported);
  const tags = tagsFromSpecifications(input.tagSpecifications, 'network-interface');
  if (!tags.ok) return tags;
  const privateIpAddresses = privateIpSpecifications(input.privateIpAddresses);
  if (!privateIpAddresses.ok) return privateIpAddresses;
  const result = ctx.run('CreateNetworkInterface', createNetworkInterface, {
    subnetId: input.subnetId,
    description: input.description,
    privateIpAddress: input.privateIpAddress,
    privateIpAddresses: privateIpAddresses.value,
    secondaryPrivateIpAddressCount: input.secondaryPrivateIpAddressCount,
    groups: input.groups,
    ipv6AddressCount: input.ipv6AddressCount,
    ipv6Addresses: input.ipv6Addresses?.map((a) => ({ ipv6Address: a.ipv6Address ?? '' })),
    interfaceType: input.interfaceType,
    tags: tags.value,
  });
  if (!result.ok) return result;
  return ok({
    networkInterface: networkInterfaceOutput(eniView(ctx.store.snapshot, result.value)),
  });
};

/** DescribeNetworkInterfaces: ids, filters and MaxResults/NextToken pagination, in id order. */
export const describeNetworkInterfacesHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeRequest & { readonly networkInterfaceIds?: readonly string[] };
  const s = ctx.store.snapshot;
  const page = describe(
    ctx.mine('network-interface').map((eni) => eniView(s, eni)),
    { ...input, ids: input.networkInterfaceIds },
    {
      idOf: (v) => v.eni.id,
      filters: NETWORK_INTERFACE_FILTERS,
      noun: 'network-interface',
      idsParameter: 'networkInterfaceIds',
    },
  );
  return page.ok
    ? ok({
        networkInterfaces: page.value.items.map(networkInterfaceOutput),
        nextToken: page.value.nextToken,
      })
    : page;
};

/** DeleteNetworkInterface. */
export const deleteNetworkInterfaceHandler: Handler = (raw, ctx) => {
  const result = ctx.run('DeleteNetworkInterface', deleteNetworkInterface, {
    networkInterfaceId: raw.networkInterfaceId as string,
  });
  return result.ok ? ok(undefined) : result;
};

/** AttachNetworkInterface: the twin models one network card, index 0. */
export const attachNetworkInterfaceHandler: Handler = (raw, ctx) => {
  const input = raw as {
    networkInterfaceId: string;
    instanceId: string;
    deviceIndex: number;
    networkCardIndex?: number;
  };
  if (input.networkCardIndex !== undefined && input.networkCardIndex !== 0) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.networkCardIndex}) for parameter networkCardIndex is invalid.`,
      ),
    );
  }
  const result = ctx.run('AttachNetworkInterface', attachNetworkInterface, {
    networkInterfaceId: input.networkInterfaceId,
    instanceId: input.instanceId,
    deviceIndex: input.deviceIndex,
  });
  return result.ok ? ok({ attachmentId: result.value.attachmentId, networkCardIndex: 0 }) : result;
};

/** DetachNetworkInterface. */
export const detachNetworkInterfaceHandler: Handler = (raw, ctx) => {
  const input = raw as { attachmentId: string; force?: boolean };
  const result = ctx.run('DetachNetworkInterface', detachNetworkInterface, {
    attachmentId: input.attachmentId,
    force: input.force,
  });
  return result.ok ? ok(undefined) : result;
};

interface ModifyNetworkInterfaceAttributeWire {
  readonly networkInterfaceId: string;
  readonly sourceDestCheck?: { readonly value?: boolean };
  readonly description?: { readonly value?: string };
  readonly groups?: readonly string[];
  readonly attachment?: { readonly attachmentId?: string; readonly deleteOnTermination?: boolean };
}

/** Attributes of ModifyNetworkInterfaceAttribute the twin does not model, by wire name. */
const UNMODELLED_ENI_ATTRIBUTES = {
  associatePublicIpAddress: 'AssociatePublicIpAddress',
  enablePrimaryIpv6: 'EnablePrimaryIpv6',
  enaSrdSpecification: 'EnaSrdSpecification',
  connectionTrackingSpecification: 'ConnectionTrackingSpecification',
} as const;

/** ModifyNetworkInterfaceAttribute: `SourceDestCheck.Value=false` and friends, one per call. */
export const modifyNetworkInterfaceAttributeHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as ModifyNetworkInterfaceAttributeWire;
  const unsupported = unsupportedParameter(raw, UNMODELLED_ENI_ATTRIBUTES);
  if (unsupported) return fail(unsupported);
  // A value structure without its Value is AWS's "value missing" error.
  if (input.sourceDestCheck && input.sourceDestCheck.value === undefined) {
    return fail(AwsErrors.missingParameter('SourceDestCheck.Value'));
  }
  if (input.description && input.description.value === undefined) {
    return fail(AwsErrors.missingParameter('Description.Value'));
  }
  const a = input.attachment;
  if (a && a.attachmentId === undefined) {
    return fail(AwsErrors.missingParameter('Attachment.AttachmentId'));
  }
  if (a && a.deleteOnTermination === undefined) {
    return fail(AwsErrors.missingParameter('Attachment.DeleteOnTermination'));
  }
  const result = ctx.run('ModifyNetworkInterfaceAttribute', modifyNetworkInterfaceAttribute, {
    networkInterfaceId: input.networkInterfaceId,
    sourceDestCheck: input.sourceDestCheck?.value,
    description: input.description?.value,
    groups: input.groups,
    attachment: a && {
      attachmentId: a.attachmentId ?? '',
      deleteOnTermination: a.deleteOnTermination ?? false,
    },
  });
  return result.ok ? ok(undefined) : result;
};

/** DescribeNetworkInterfaceAttribute: one attribute per call. */
export const describeNetworkInterfaceAttributeHandler: Handler = (raw, ctx) => {
  const { attribute, networkInterfaceId } = raw as {
    attribute?: string;
    networkInterfaceId: string;
  };
  const found = callerEni(ctx, networkInterfaceId);
  if (!found.ok) return found;
  const v = eniView(ctx.store.snapshot, found.value);
  const out = networkInterfaceOutput(v);
  const base = { networkInterfaceId: v.eni.id };
  switch (attribute) {
    case undefined:
      return fail(AwsErrors.missingParameter('Attribute'));
    case 'description':
      return ok({ ...base, description: { value: v.eni.description } });
    case 'groupSet':
      return ok({ ...base, groups: v.groups });
    case 'sourceDestCheck':
      return ok({ ...base, sourceDestCheck: { value: v.eni.sourceDestCheck } });
    case 'attachment':
      return ok({ ...base, attachment: out.attachment });
    case 'associatePublicIpAddress':
      // An Amazon-owned public IPv4 on the primary address is the auto-assigned one.
      return ok({
        ...base,
        associatePublicIpAddress: primaryAssociation(v.eni)?.ipOwnerId === 'amazon',
      });
    default:
      return fail(
        AwsErrors.invalidParameterValue(
          `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
        ),
      );
  }
};

/** AssignPrivateIpAddresses. */
export const assignPrivateIpAddressesHandler: Handler = (raw, ctx) => {
  const unsupported = unsupportedParameter(raw, PREFIX_PARAMETERS);
  if (unsupported) return fail(unsupported);
  const input = raw as {
    networkInterfaceId: string;
    privateIpAddresses?: readonly string[];
    secondaryPrivateIpAddressCount?: number;
    allowReassignment?: boolean;
  };
  const result = ctx.run('AssignPrivateIpAddresses', assignPrivateIpAddresses, input);
  if (!result.ok) return result;
  return ok({
    networkInterfaceId: result.value.networkInterfaceId,
    assignedPrivateIpAddresses: result.value.assignedPrivateIpAddresses.map((ip) => ({
      privateIpAddress: ip.toString(),
    })),
    assignedIpv4Prefixes: [],
  });
};

/** UnassignPrivateIpAddresses. */
export const unassignPrivateIpAddressesHandler: Handler = (raw, ctx) => {
  const unsupported = unsupportedParameter(raw, PREFIX_PARAMETERS);
  if (unsupported) return fail(unsupported);
  const input = raw as { networkInterfaceId: string; privateIpAddresses?: readonly string[] };
  const result = ctx.run('UnassignPrivateIpAddresses', unassignPrivateIpAddresses, input);
  return result.ok ? ok(undefined) : result;
};

/** AssignIpv6Addresses. */
export const assignIpv6AddressesHandler: Handler = (raw, ctx) => {
  const unsupported = unsupportedParameter(raw, PREFIX_PARAMETERS);
  if (unsupported) return fail(unsupported);
  const input = raw as {
    networkInterfaceId: string;
    ipv6Addresses?: readonly string[];
    ipv6AddressCount?: number;
  };
  const result = ctx.run('AssignIpv6Addresses', assignIpv6Addresses, input);
  if (!result.ok) return result;
  return ok({
    networkInterfaceId: result.value.networkInterfaceId,
    assignedIpv6Addresses: result.value.assignedIpv6Addresses.map((ip) => ip.toString()),
    assignedIpv6Prefixes: [],
  });
};

/** UnassignIpv6Addresses. */
export const unassignIpv6AddressesHandler: Handler = (raw, ctx) => {
  const unsupported = unsupportedParameter(raw, PREFIX_PARAMETERS);
  if (unsupported) return fail(unsupported);
  const input = raw as { networkInterfaceId: string; ipv6Addresses?: readonly string[] };
  const result = ctx.run('UnassignIpv6Addresses', unassignIpv6Addresses, input);
  if (!result.ok) return result;
  return ok({
    networkInterfaceId: result.value.networkInterfaceId,
    unassignedIpv6Addresses: result.value.unassignedIpv6Addresses.map((ip) => ip.toString()),
    unassignedIpv6Prefixes: [],
  });
};

/** The network-interface handlers, by action. */
export const NETWORK_INTERFACE_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateNetworkInterface: createNetworkInterfaceHandler,
  DescribeNetworkInterfaces: describeNetworkInterfacesHandler,
  DeleteNetworkInterface: deleteNetworkInterfaceHandler,
  AttachNetworkInterface: attachNetworkInterfaceHandler,
  DetachNetworkInterface: detachNetworkInterfaceHandler,
  ModifyNetworkInterfaceAttribute: modifyNetworkInterfaceAttributeHandler,
  DescribeNetworkInterfaceAttribute: describeNetworkInterfaceAttributeHandler,
  AssignPrivateIpAddresses: assignPrivateIpAddressesHandler,
  UnassignPrivateIpAddresses: unassignPrivateIpAddressesHandler,
  AssignIpv6Addresses: assignIpv6AddressesHandler,
  UnassignIpv6Addresses: unassignIpv6AddressesHandler,
};
