/**
 * Elastic IP addresses: the EC2 actions, mapped onto the operations of
 * src/control/elastic-ip.ts. Every address is a VPC address (EC2-Classic is retired), so the
 * Classic `PublicIp` parameters of Associate/Disassociate/Release answer AWS's VPC errors.
 */
import {
  allocateAddress,
  associateAddress,
  disassociateAddress,
  releaseAddress,
} from '../../control/elastic-ip.js';
import type { ElasticIp } from '../../model/elastic-ip.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok } from '../../model/result.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { unknownAttribute } from './wire.js';

/** `Address` in the model's output shape (DescribeAddresses). */
export function addressOutput(e: ElasticIp): Ec2.Address {
  return {
    instanceId: e.instanceId,
    publicIp: e.publicIp.toString(),
    allocationId: e.id,
    associationId: e.associationId,
    domain: e.domain,
    networkInterfaceId: e.networkInterfaceId,
    networkInterfaceOwnerId: e.networkInterfaceOwnerId,
    privateIpAddress: e.privateIpAddress?.toString(),
    tags: tagSet(e.tags),
    publicIpv4Pool: e.publicIpv4Pool,
    networkBorderGroup: e.networkBorderGroup,
  };
}

/** An empty string is how some clients (aws-nuke, boto3 scripts) leave a parameter unset. */
const given = (v: string | undefined): v is string => v !== undefined && v !== '';

/** AWS's error for a public IP given where the VPC form needs an id, and for both at once. */
function classicPublicIp(
  publicIp: string | undefined,
  id: string | undefined,
  idName: string,
  missingId: AwsError,
): AwsError | undefined {
  if (!given(publicIp)) return undefined;
  if (id !== undefined) {
    return AwsErrors.invalidParameterCombination(
      `You may specify public IP or ${idName}, but not both in the same call`,
    );
  }
  return missingId;
}

/** The pools and border groups the twin has: Amazon's pool in the caller's Region only. */
function unsupportedPool(input: Ec2.AllocateAddressInput, region: string): AwsError | undefined {
  if (given(input.networkBorderGroup) && input.networkBorderGroup !== region) {
    return AwsErrors.invalidParameterValue(
      `The network border group ${input.networkBorderGroup} is not valid in ${region}.`,
    );
  }
  if (given(input.publicIpv4Pool) && input.publicIpv4Pool !== 'amazon') {
    return AwsErrors.unsupported('vpctwin allocates Elastic IPs from the amazon pool only.');
  }
  if (given(input.customerOwnedIpv4Pool) || given(input.ipamPoolId)) {
    return AwsErrors.unsupported(
      'vpctwin does not model customer-owned or IPAM pools for Elastic IPs.',
    );
  }
  return undefined;
}

/** AllocateAddress: `Address` pins the public IPv4 (vpctwin allows it outside BYOIP pools). */
export const allocateAddressHandler = defineHandler('AllocateAddress', (input, ctx) => {
  const bad = unsupportedPool(input, ctx.caller.region);
  if (bad) return fail(bad);
  const tags = tagsFromSpecifications(input.tagSpecifications, 'elastic-ip');
  if (!tags.ok) return tags;
  const result = ctx.run('AllocateAddress', allocateAddress, {
    domain: input.domain,
    address: input.address,
    tags: tags.value,
  });
  if (!result.ok) return result;
  const e = result.value;
  return ok({
    publicIp: e.publicIp.toString(),
    allocationId: e.id,
    publicIpv4Pool: e.publicIpv4Pool,
    networkBorderGroup: e.networkBorderGroup,
    domain: e.domain,
  });
});

/** DescribeAddresses filters, by name, as AWS documents them (tags are built in). */
export const ADDRESS_FILTERS: FilterTable<ElasticIp> = {
  'allocation-id': (e) => [e.id],
  'association-id': (e) => [e.associationId],
  domain: (e) => [e.domain],
  'instance-id': (e) => [e.instanceId],
  'network-border-group': (e) => [e.networkBorderGroup],
  'network-interface-id': (e) => [e.networkInterfaceId],
  'network-interface-owner-id': (e) => [e.networkInterfaceOwnerId],
  'private-ip-address': (e) => [e.privateIpAddress?.toString()],
  'public-ip': (e) => [e.publicIp.toString()],
};

/** DescribeAddresses: public IPs, allocation ids and filters, all ANDed; not paginated. */
export const describeAddressesHandler = defineHandler('DescribeAddresses', (input, ctx) => {
  const visible = ctx.mine('elastic-ip');
  const publicIps = new Set(input.publicIps ?? []);
  for (const ip of publicIps) {
    if (!visible.some((e) => e.publicIp.toString() === ip)) {
      return fail(AwsErrors.code('InvalidAddress.NotFound', `Address '${ip}' not found.`));
    }
  }
  const page = describe(
    visible,
    { ids: input.allocationIds, filters: input.filters },
    { idOf: (e) => e.id, filters: ADDRESS_FILTERS, noun: 'elastic-ip' },
  );
  if (!page.ok) return page;
  const items =
    publicIps.size === 0
      ? page.value.items
      : page.value.items.filter((e) => publicIps.has(e.publicIp.toString()));
  return ok({ addresses: items.map(addressOutput) });
});

/** AssociateAddress: an EIP onto an instance's single ENI or a given ENI's address. */
export const associateAddressHandler = defineHandler('AssociateAddress', (input, ctx) => {
  const classic = classicPublicIp(
    input.publicIp,
    input.allocationId,
    'allocation id',
    AwsErrors.invalidParameterCombination(
      'You must specify an allocation id when mapping an address to a VPC instance',
    ),
  );
  if (classic) return fail(classic);
  const result = ctx.run('AssociateAddress', associateAddress, {
    allocationId: input.allocationId,
    instanceId: input.instanceId,
    networkInterfaceId: input.networkInterfaceId,
    privateIpAddress: input.privateIpAddress,
    allowReassociation: input.allowReassociation,
  });
  return result.ok ? ok({ associationId: result.value.associationId }) : result;
});

/** DisassociateAddress: by association id. */
export const disassociateAddressHandler = defineHandler('DisassociateAddress', (input, ctx) => {
  const classic = classicPublicIp(
    input.publicIp,
    input.associationId,
    'association id',
    AwsErrors.invalidParameterValue(
      'You must specify an association id when unmapping an address from a VPC instance',
    ),
  );
  if (classic) return fail(classic);
  const result = ctx.run('DisassociateAddress', disassociateAddress, {
    associationId: input.associationId,
  });
  return result.ok ? ok(undefined) : result;
});

/**
 * ReleaseAddress: by allocation id. "If you provide an incorrect network border group, you
 * receive an InvalidAddress.NotFound error" (ReleaseAddress API reference).
 */
export const releaseAddressHandler = defineHandler('ReleaseAddress', (input, ctx) => {
  const classic = classicPublicIp(
    input.publicIp,
    input.allocationId,
    'allocation id',
    AwsErrors.invalidParameterValue(
      'You must specify an allocation id when releasing a VPC elastic IP address',
    ),
  );
  if (classic) return fail(classic);
  if (given(input.networkBorderGroup) && input.networkBorderGroup !== ctx.caller.region) {
    return fail(
      AwsErrors.code(
        'InvalidAddress.NotFound',
        `Address '${input.allocationId ?? ''}' not found in network border group ${input.networkBorderGroup}.`,
      ),
    );
  }
  const result = ctx.run('ReleaseAddress', releaseAddress, { allocationId: input.allocationId });
  return result.ok ? ok(undefined) : result;
});

/**
 * DescribeAddressesAttribute: `domain-name` is the only attribute. The twin keeps no reverse
 * DNS (PTR) records, so each address answers without `ptrRecord`. Paginated 1..1000.
 */
export const describeAddressesAttributeHandler = defineHandler(
  'DescribeAddressesAttribute',
  (input, ctx) => {
    if (input.attribute !== undefined && input.attribute !== 'domain-name') {
      return fail(unknownAttribute(input.attribute));
    }
    const page = describe(
      ctx.mine('elastic-ip'),
      { ids: input.allocationIds, maxResults: input.maxResults, nextToken: input.nextToken },
      {
        idOf: (e) => e.id,
        filters: {},
        noun: 'elastic-ip',
        maxResultsRange: [1, 1000],
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          addresses: page.value.items.map((e) => ({
            publicIp: e.publicIp.toString(),
            allocationId: e.id,
          })),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The Elastic IP handlers, by action. */
export const ADDRESS_HANDLERS = handlerRegistry(
  allocateAddressHandler,
  describeAddressesHandler,
  associateAddressHandler,
  disassociateAddressHandler,
  releaseAddressHandler,
  describeAddressesAttributeHandler,
);
