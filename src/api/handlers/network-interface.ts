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
import { describe } from './describe.js';
import { NETWORK_INTERFACE_FILTERS } from './network-interface-filters.js';
import { eniView, networkInterfaceOutput, primaryAssociation } from './network-interface-view.js';
import { tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';
import {
  attributeValue,
  callerResource,
  checkNetworkCardIndex,
  privateIpSpecifications,
  unknownAttribute,
} from './wire.js';

/** test/api/network-interface.test.ts reads the table from here. */
export { NETWORK_INTERFACE_FILTERS } from './network-interface-filters.js';

/**
 * AWS's answer for a parameter of a feature the twin does not model (prefix delegation, primary
 * IPv6, ENA Express), rather than accepting it and answering as if it applied.
 */
function unsupportedParameter<I extends object>(
  input: I,
  names: { readonly [K in keyof I]?: string },
): AwsError | undefined {
  const given = (Object.keys(names) as (keyof I & string)[]).find(
    (k) => input[k] !== undefined && input[k] !== false,
  );
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

/** The prefix and primary-IPv6 parameters, refused before anything else is looked at. */
const refusePrefixes = <I extends object>(input: I): AwsError | undefined =>
  unsupportedParameter<I>(input, PREFIX_PARAMETERS);

/** CreateNetworkInterface. */
export const createNetworkInterfaceHandler = defineHandler(
  'CreateNetworkInterface',
  (input, ctx) => {
    const unsupported = refusePrefixes(input);
    if (unsupported) return fail(unsupported);
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
  },
);

/** DescribeNetworkInterfaces: ids, filters and MaxResults/NextToken pagination, in id order. */
export const describeNetworkInterfacesHandler = defineHandler(
  'DescribeNetworkInterfaces',
  (input, ctx) => {
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
  },
);

/** DeleteNetworkInterface. */
export const deleteNetworkInterfaceHandler = defineHandler(
  'DeleteNetworkInterface',
  (input, ctx) => {
    const result = ctx.run('DeleteNetworkInterface', deleteNetworkInterface, {
      networkInterfaceId: input.networkInterfaceId,
    });
    return result.ok ? ok(undefined) : result;
  },
);

/** AttachNetworkInterface: the twin models one network card, index 0. */
export const attachNetworkInterfaceHandler = defineHandler(
  'AttachNetworkInterface',
  (input, ctx) => {
    const badCard = checkNetworkCardIndex(input.networkCardIndex);
    if (badCard) return fail(badCard);
    const result = ctx.run('AttachNetworkInterface', attachNetworkInterface, {
      networkInterfaceId: input.networkInterfaceId,
      instanceId: input.instanceId,
      deviceIndex: input.deviceIndex,
    });
    return result.ok
      ? ok({ attachmentId: result.value.attachmentId, networkCardIndex: 0 })
      : result;
  },
);

/** DetachNetworkInterface. */
export const detachNetworkInterfaceHandler = defineHandler(
  'DetachNetworkInterface',
  (input, ctx) => {
    const result = ctx.run('DetachNetworkInterface', detachNetworkInterface, {
      attachmentId: input.attachmentId,
      force: input.force,
    });
    return result.ok ? ok(undefined) : result;
  },
);

/** Attributes of ModifyNetworkInterfaceAttribute the twin does not model, by wire name. */
const UNMODELLED_ENI_ATTRIBUTES = {
  associatePublicIpAddress: 'AssociatePublicIpAddress',
  enablePrimaryIpv6: 'EnablePrimaryIpv6',
  enaSrdSpecification: 'EnaSrdSpecification',
  connectionTrackingSpecification: 'ConnectionTrackingSpecification',
} as const;

/** ModifyNetworkInterfaceAttribute: `SourceDestCheck.Value=false` and friends, one per call. */
export const modifyNetworkInterfaceAttributeHandler = defineHandler(
  'ModifyNetworkInterfaceAttribute',
  (input, ctx) => {
    const unsupported = unsupportedParameter(input, UNMODELLED_ENI_ATTRIBUTES);
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
  },
);

/** DescribeNetworkInterfaceAttribute: one attribute per call. */
export const describeNetworkInterfaceAttributeHandler = defineHandler(
  'DescribeNetworkInterfaceAttribute',
  (input, ctx) => {
    const { attribute, networkInterfaceId } = input;
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
  },
);

/** AssignPrivateIpAddresses. */
export const assignPrivateIpAddressesHandler = defineHandler(
  'AssignPrivateIpAddresses',
  (input, ctx) => {
    const unsupported = refusePrefixes(input);
    if (unsupported) return fail(unsupported);
    const result = ctx.run('AssignPrivateIpAddresses', assignPrivateIpAddresses, input);
    if (!result.ok) return result;
    return ok({
      networkInterfaceId: result.value.networkInterfaceId,
      assignedPrivateIpAddresses: result.value.assignedPrivateIpAddresses.map((ip) => ({
        privateIpAddress: ip.toString(),
      })),
      assignedIpv4Prefixes: [],
    });
  },
);

/** UnassignPrivateIpAddresses. */
export const unassignPrivateIpAddressesHandler = defineHandler(
  'UnassignPrivateIpAddresses',
  (input, ctx) => {
    const unsupported = refusePrefixes(input);
    if (unsupported) return fail(unsupported);
    const result = ctx.run('UnassignPrivateIpAddresses', unassignPrivateIpAddresses, input);
    return result.ok ? ok(undefined) : result;
  },
);

/** AssignIpv6Addresses. */
export const assignIpv6AddressesHandler = defineHandler('AssignIpv6Addresses', (input, ctx) => {
  const unsupported = refusePrefixes(input);
  if (unsupported) return fail(unsupported);
  const result = ctx.run('AssignIpv6Addresses', assignIpv6Addresses, input);
  if (!result.ok) return result;
  return ok({
    networkInterfaceId: result.value.networkInterfaceId,
    assignedIpv6Addresses: result.value.assignedIpv6Addresses.map((ip) => ip.toString()),
    assignedIpv6Prefixes: [],
  });
});

/** UnassignIpv6Addresses. */
export const unassignIpv6AddressesHandler = defineHandler('UnassignIpv6Addresses', (input, ctx) => {
  const unsupported = refusePrefixes(input);
  if (unsupported) return fail(unsupported);
  const result = ctx.run('UnassignIpv6Addresses', unassignIpv6Addresses, input);
  if (!result.ok) return result;
  return ok({
    networkInterfaceId: result.value.networkInterfaceId,
    unassignedIpv6Addresses: result.value.unassignedIpv6Addresses.map((ip) => ip.toString()),
    unassignedIpv6Prefixes: [],
  });
});

/** The network-interface handlers, by action. */
export const NETWORK_INTERFACE_HANDLERS = handlerRegistry(
  createNetworkInterfaceHandler,
  describeNetworkInterfacesHandler,
  deleteNetworkInterfaceHandler,
  attachNetworkInterfaceHandler,
  detachNetworkInterfaceHandler,
  modifyNetworkInterfaceAttributeHandler,
  describeNetworkInterfaceAttributeHandler,
  assignPrivateIpAddressesHandler,
  unassignPrivateIpAddressesHandler,
  assignIpv6AddressesHandler,
  unassignIpv6AddressesHandler,
);
