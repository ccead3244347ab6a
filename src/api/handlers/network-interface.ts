/**
 * Elastic network interfaces over the wire: the handlers, which map decoded requests onto the
 * operations of src/control. Output shapes are in network-interface-view.ts, Describe filters in
 * network-interface-filters.ts.
 */
import { assignIpv6Addresses, unassignIpv6Addresses } from '../../control/ipv6-address.js';
import {
  attachNetworkInterface,
  createNetworkInterface,
  deleteNetworkInterface,
  detachNetworkInterface,
  modifyNetworkInterfaceAttribute,
} from '../../control/network-interface.js';
import { assignPrivateIpAddresses, unassignPrivateIpAddresses } from '../../control/private-ip.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok } from '../../model/result.js';
import type { Handler } from './context.js';
import { describe, type DescribeRequest } from './describe.js';
import { NETWORK_INTERFACE_FILTERS } from './network-interface-filters.js';
import { eniView, networkInterfaceOutput, primaryAssociation } from './network-interface-view.js';
import { tagsFromSpecifications, type WireTagSpecification } from './tags.js';
import {
  attributeValue,
  callerResource,
  checkNetworkCardIndex,
  privateIpSpecifications,
  unknownAttribute,
  type WireBoolean,
  type WirePrivateIp,
  type WireValue,
} from './wire.js';

/** test/api/network-interface.test.ts reads the table from here. */
export { NETWORK_INTERFACE_FILTERS } from './network-interface-filters.js';

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

/** Refuses the prefix and primary-IPv6 parameters before `handler` sees the call. */
const withoutPrefixes =
  (handler: Handler): Handler =>
  (raw, ctx) => {
    const unsupported = unsupportedParameter(raw, PREFIX_PARAMETERS);
    return unsupported ? fail(unsupported) : handler(raw, ctx);
  };

interface CreateNetworkInterfaceWire {
  readonly subnetId: string;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly WirePrivateIp[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly groups?: readonly string[];
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly { ipv6Address?: string }[];
  readonly interfaceType?: string;
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

/** CreateNetworkInterface. */
export const createNetworkInterfaceHandler: Handler = withoutPrefixes((raw, ctx) => {
  const input = raw as unknown as CreateNetworkInterfaceWire;
  const tags = tagsFromSpecifications(input.tagSpecifications, 'network-interface');
  if (!tags.ok) return tags;
  const privateIpAddresses = privateIpSpecifications(
    'PrivateIpAddresses',
    input.privateIpAddresses,
  );
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
});

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
  const badCard = checkNetworkCardIndex(input.networkCardIndex);
  if (badCard) return fail(badCard);
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
  readonly sourceDestCheck?: WireBoolean;
  readonly description?: WireValue<string>;
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
  const sourceDestCheck = attributeValue('SourceDestCheck', input.sourceDestCheck);
  if (!sourceDestCheck.ok) return sourceDestCheck;
  const description = attributeValue('Description', input.description);
  if (!description.ok) return description;
  const a = input.attachment;
  if (a && a.attachmentId === undefined) {
    return fail(AwsErrors.missingParameter('Attachment.AttachmentId'));
  }
  if (a && a.deleteOnTermination === undefined) {
    return fail(AwsErrors.missingParameter('Attachment.DeleteOnTermination'));
  }
  const result = ctx.run('ModifyNetworkInterfaceAttribute', modifyNetworkInterfaceAttribute, {
    networkInterfaceId: input.networkInterfaceId,
    sourceDestCheck: sourceDestCheck.value,
    description: description.value,
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
  const found = callerResource(ctx, 'network-interface', networkInterfaceId);
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
      return fail(unknownAttribute(attribute));
  }
};

/** AssignPrivateIpAddresses. */
export const assignPrivateIpAddressesHandler: Handler = withoutPrefixes((raw, ctx) => {
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
});

/** UnassignPrivateIpAddresses. */
export const unassignPrivateIpAddressesHandler: Handler = withoutPrefixes((raw, ctx) => {
  const input = raw as { networkInterfaceId: string; privateIpAddresses?: readonly string[] };
  const result = ctx.run('UnassignPrivateIpAddresses', unassignPrivateIpAddresses, input);
  return result.ok ? ok(undefined) : result;
});

/** AssignIpv6Addresses. */
export const assignIpv6AddressesHandler: Handler = withoutPrefixes((raw, ctx) => {
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
});

/** UnassignIpv6Addresses. */
export const unassignIpv6AddressesHandler: Handler = withoutPrefixes((raw, ctx) => {
  const input = raw as { networkInterfaceId: string; ipv6Addresses?: readonly string[] };
  const result = ctx.run('UnassignIpv6Addresses', unassignIpv6Addresses, input);
  if (!result.ok) return result;
  return ok({
    networkInterfaceId: result.value.networkInterfaceId,
    unassignedIpv6Addresses: result.value.unassignedIpv6Addresses.map((ip) => ip.toString()),
    unassignedIpv6Prefixes: [],
  });
});

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
