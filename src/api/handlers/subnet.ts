import {
  associateSubnetCidrBlock,
  availableIpAddressCount,
  createSubnet,
  deleteSubnet,
  disassociateSubnetCidrBlock,
  modifySubnetAttribute,
  type SubnetCidrBlockOutput,
} from '../../control/subnet.js';
import { idParam } from '../../control/params.js';
import { ec2Arn } from '../../model/ids.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { Subnet, SubnetIpv6CidrBlockAssociation } from '../../model/subnet.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry, type TypedResult } from './typed.js';

/**
 * Subnets: CreateSubnet, DescribeSubnets, DeleteSubnet, ModifySubnetAttribute and the IPv6
 * block associations. The rules live in src/control/subnet.ts; this module maps the wire.
 */

/**
 * The private DNS options a subnet hands its instances at launch. vpctwin does not model them:
 * they are AWS's defaults, resource names being the only choice for an IPv6-only subnet
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-naming.html).
 */
function privateDnsOptions(n: Subnet) {
  return {
    hostnameType: n.ipv6Native ? 'resource-name' : 'ip-name',
    enableResourceNameDnsARecord: false,
    enableResourceNameDnsAAAARecord: false,
  } as const;
}

/** A subnet IPv6 block in the model's output shape, in `state`. */
function ipv6AssociationOutput(
  a: SubnetIpv6CidrBlockAssociation,
  state: string,
): Ec2.Ipv6CidrBlockAssociation {
  return {
    associationId: a.associationId,
    ipv6CidrBlock: a.ipv6CidrBlock.toString(),
    ipv6CidrBlockState: { state },
    // Every IPv6 block in vpctwin comes from the VPC's Amazon-provided (public) block.
    ipv6AddressAttribute: 'public',
    ipSource: 'amazon',
  };
}

/** `arn:aws:ec2:REGION:ACCOUNT:subnet/ID`. */
const subnetArn = (n: Subnet): string => ec2Arn('subnet', n.region, n.ownerId, n.id);

/** `Subnet` in the model's output shape; the free address count is read from `s`. */
export function subnetOutput(s: Snapshot, n: Subnet): Ec2.Subnet {
  return {
    availabilityZone: n.availabilityZone,
    availabilityZoneId: n.availabilityZoneId,
    availableIpAddressCount: availableIpAddressCount(s, n),
    cidrBlock: n.cidrBlock?.toString(),
    defaultForAz: n.defaultForAz,
    mapPublicIpOnLaunch: n.mapPublicIpOnLaunch,
    // Customer-owned IPs exist only on Outposts, which vpctwin does not model.
    mapCustomerOwnedIpOnLaunch: false,
    state: n.state,
    subnetId: n.id,
    vpcId: n.vpcId,
    ownerId: n.ownerId,
    assignIpv6AddressOnCreation: n.assignIpv6AddressOnCreation,
    ipv6CidrBlockAssociationSet: n.ipv6CidrBlockAssociationSet.map((a) =>
      ipv6AssociationOutput(a, a.ipv6CidrBlockState.state),
    ),
    tags: tagSet(n.tags),
    subnetArn: subnetArn(n),
    enableDns64: n.enableDns64,
    ipv6Native: n.ipv6Native,
    privateDnsNameOptionsOnLaunch: privateDnsOptions(n),
  };
}

/** The CreateSubnet parameters vpctwin does not model: IPAM pools and Outposts. */
const CREATE_UNSUPPORTED = [
  ['ipv4IpamPoolId', 'Ipv4IpamPoolId'],
  ['ipv4NetmaskLength', 'Ipv4NetmaskLength'],
  ['ipv6IpamPoolId', 'Ipv6IpamPoolId'],
  ['ipv6NetmaskLength', 'Ipv6NetmaskLength'],
  ['outpostArn', 'OutpostArn'],
] as const;

/** The answer for a parameter of a feature vpctwin does not model. */
const unsupportedParameter = (wire: string): AwsError =>
  AwsErrors.unsupported(
    `The parameter ${wire} is not supported by vpctwin (IPAM pools and Outposts are not modelled).`,
  );

/** CreateSubnet: IPv4-only, dual-stack or IPv6-only (`Ipv6Native`). */
export const createSubnetHandler = defineHandler('CreateSubnet', (input, ctx) => {
  const unsupported = CREATE_UNSUPPORTED.find(([key]) => input[key] !== undefined);
  if (unsupported) return fail(unsupportedParameter(unsupported[1]));
  const tags = tagsFromSpecifications(input.tagSpecifications, 'subnet');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateSubnet', createSubnet, {
    vpcId: input.vpcId,
    cidrBlock: input.cidrBlock,
    ipv6CidrBlock: input.ipv6CidrBlock,
    ipv6Native: input.ipv6Native,
    availabilityZone: input.availabilityZone,
    availabilityZoneId: input.availabilityZoneId,
    tags: tags.value,
  });
  return result.ok ? ok({ subnet: subnetOutput(ctx.store.snapshot, result.value) }) : result;
});

/**
 * DescribeSubnets filters, by name, as AWS documents them (tags are built in), with the
 * camel-case aliases AWS also accepts. Outposts-only filters match nothing, as no subnet is on
 * an Outpost.
 */
export function subnetFilters(s: Snapshot): FilterTable<Subnet> {
  const az = (n: Subnet) => [n.availabilityZone];
  const azId = (n: Subnet) => [n.availabilityZoneId];
  const cidr = (n: Subnet) => [n.cidrBlock?.toString()];
  const defaultForAz = (n: Subnet) => [flag(n.defaultForAz)];
  const dns = (n: Subnet) => privateDnsOptions(n);
  return {
    'availability-zone': az,
    availabilityZone: az,
    'availability-zone-id': azId,
    availabilityZoneId: azId,
    'available-ip-address-count': (n) => [String(availableIpAddressCount(s, n))],
    'cidr-block': cidr,
    cidr,
    cidrBlock: cidr,
    'customer-owned-ipv4-pool': () => [],
    'default-for-az': defaultForAz,
    defaultForAz,
    'enable-dns64': (n) => [flag(n.enableDns64)],
    'enable-lni-at-device-index': () => [],
    'ipv6-cidr-block-association.ipv6-cidr-block': (n) =>
      n.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock.toString()),
    'ipv6-cidr-block-association.association-id': (n) =>
      n.ipv6CidrBlockAssociationSet.map((a) => a.associationId),
    'ipv6-cidr-block-association.state': (n) =>
      n.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlockState.state),
    'ipv6-native': (n) => [flag(n.ipv6Native)],
    'map-customer-owned-ip-on-launch': () => [flag(false)],
    'map-public-ip-on-launch': (n) => [flag(n.mapPublicIpOnLaunch)],
    'outpost-arn': () => [],
    'owner-id': (n) => [n.ownerId],
    'private-dns-name-options-on-launch.hostname-type': (n) => [dns(n).hostnameType],
    'private-dns-name-options-on-launch.enable-resource-name-dns-a-record': (n) => [
      flag(dns(n).enableResourceNameDnsARecord),
    ],
    'private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record': (n) => [
      flag(dns(n).enableResourceNameDnsAAAARecord),
    ],
    state: (n) => [n.state],
    'subnet-arn': (n) => [subnetArn(n)],
    'subnet-id': (n) => [n.id],
    'vpc-id': (n) => [n.vpcId],
  };
}

/** DescribeSubnets: ids, filters and MaxResults (5–1000)/NextToken pagination, in id order. */
export const describeSubnetsHandler = defineHandler('DescribeSubnets', (input, ctx) => {
  const s = ctx.store.snapshot;
  const page = describe(
    ctx.mine('subnet'),
    { ...input, ids: input.subnetIds },
    {
      idOf: (n) => n.id,
      filters: subnetFilters(s),
      noun: 'subnet',
      maxResultsRange: [5, 1000],
      idsParameter: 'subnetIdSet',
    },
  );
  return page.ok
    ? ok({
        subnets: page.value.items.map((n) => subnetOutput(s, n)),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** DeleteSubnet. */
export const deleteSubnetHandler = defineHandler('DeleteSubnet', (input, ctx) => {
  const result = ctx.run('DeleteSubnet', deleteSubnet, { subnetId: input.subnetId });
  return result.ok ? ok(undefined) : result;
});

/** The Outposts attributes of ModifySubnetAttribute: no vpctwin subnet is on an Outpost. */
const OUTPOST_ATTRIBUTES = [
  ['mapCustomerOwnedIpOnLaunch', 'MapCustomerOwnedIpOnLaunch'],
  ['customerOwnedIpv4Pool', 'CustomerOwnedIpv4Pool'],
  ['enableLniAtDeviceIndex', 'EnableLniAtDeviceIndex'],
  ['disableLniAtDeviceIndex', 'DisableLniAtDeviceIndex'],
] as const;

/**
 * The private DNS attributes, which vpctwin keeps at AWS's defaults: setting one to its current
 * value succeeds (declarative tools may send defaults explicitly), anything else is refused as
 * unsupported rather than silently ignored.
 */
function modifyPrivateDns(
  input: Ec2.ModifySubnetAttributeInput,
  ctx: HandlerContext,
): TypedResult<'ModifySubnetAttribute'> {
  const id = idParam('subnet', input.subnetId);
  if (!id.ok) return id;
  const subnet = ctx.mine('subnet').find((n) => n.id === id.value);
  if (subnet === undefined) return fail(AwsErrors.notFound('subnet', input.subnetId));
  const current = privateDnsOptions(subnet);
  const asked = [
    ['PrivateDnsHostnameTypeOnLaunch', input.privateDnsHostnameTypeOnLaunch, current.hostnameType],
    [
      'EnableResourceNameDnsARecordOnLaunch',
      input.enableResourceNameDnsARecordOnLaunch?.value,
      current.enableResourceNameDnsARecord,
    ],
    [
      'EnableResourceNameDnsAAAARecordOnLaunch',
      input.enableResourceNameDnsAAAARecordOnLaunch?.value,
      current.enableResourceNameDnsAAAARecord,
    ],
  ] as const;
  for (const [wire, value, now] of asked) {
    if (value !== undefined && value !== now) {
      return fail(
        AwsErrors.unsupported(
          `The attribute ${wire} is not supported by vpctwin: its value stays ${String(now)}.`,
        ),
      );
    }
  }
  return ok(undefined);
}

/** ModifySubnetAttribute: `MapPublicIpOnLaunch.Value=true` and friends, one per call. */
export const modifySubnetAttributeHandler = defineHandler('ModifySubnetAttribute', (input, ctx) => {
  const outpost = OUTPOST_ATTRIBUTES.find(([key]) => input[key] !== undefined);
  if (outpost) {
    return fail(
      AwsErrors.unsupported(
        `The attribute ${outpost[1]} applies only to subnets on an Outpost, which vpctwin does not model.`,
      ),
    );
  }
  const dns =
    input.privateDnsHostnameTypeOnLaunch !== undefined ||
    input.enableResourceNameDnsARecordOnLaunch !== undefined ||
    input.enableResourceNameDnsAAAARecordOnLaunch !== undefined;
  const modelled =
    input.mapPublicIpOnLaunch !== undefined ||
    input.assignIpv6AddressOnCreation !== undefined ||
    input.enableDns64 !== undefined;
  if (dns && !modelled) return modifyPrivateDns(input, ctx);
  // The operation's own rule for several modelled attributes at once, in its wording.
  if (dns) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'Fields for multiple attribute types specified: private DNS name options and another attribute',
      ),
    );
  }
  const result = ctx.run('ModifySubnetAttribute', modifySubnetAttribute, {
    subnetId: input.subnetId,
    mapPublicIpOnLaunch: input.mapPublicIpOnLaunch?.value,
    assignIpv6AddressOnCreation: input.assignIpv6AddressOnCreation?.value,
    enableDns64: input.enableDns64?.value,
  });
  return result.ok ? ok(undefined) : result;
});

/** What the association calls answer: the block in a transitional `state`, as AWS shows it. */
const cidrAssociationOutput = (out: SubnetCidrBlockOutput, state: string) => ({
  subnetId: out.subnetId,
  ipv6CidrBlockAssociation: ipv6AssociationOutput(out.ipv6CidrBlockAssociation, state),
});

/** AssociateSubnetCidrBlock: AWS answers with the association in state `associating`. */
export const associateSubnetCidrBlockHandler = defineHandler(
  'AssociateSubnetCidrBlock',
  (input, ctx) => {
    if (input.ipv6IpamPoolId !== undefined) return fail(unsupportedParameter('Ipv6IpamPoolId'));
    if (input.ipv6NetmaskLength !== undefined) {
      return fail(unsupportedParameter('Ipv6NetmaskLength'));
    }
    // The model leaves it optional for IPAM pools; without a pool the block is required.
    if (input.ipv6CidrBlock === undefined) return fail(AwsErrors.missingParameter('ipv6CidrBlock'));
    const result = ctx.run('AssociateSubnetCidrBlock', associateSubnetCidrBlock, {
      subnetId: input.subnetId,
      ipv6CidrBlock: input.ipv6CidrBlock,
    });
    return result.ok ? ok(cidrAssociationOutput(result.value, 'associating')) : result;
  },
);

/** DisassociateSubnetCidrBlock: AWS answers with the association in state `disassociating`. */
export const disassociateSubnetCidrBlockHandler = defineHandler(
  'DisassociateSubnetCidrBlock',
  (input, ctx) => {
    const result = ctx.run('DisassociateSubnetCidrBlock', disassociateSubnetCidrBlock, {
      associationId: input.associationId,
    });
    return result.ok ? ok(cidrAssociationOutput(result.value, 'disassociating')) : result;
  },
);

/** The subnet handlers, by action. */
export const SUBNET_HANDLERS = handlerRegistry(
  createSubnetHandler,
  describeSubnetsHandler,
  deleteSubnetHandler,
  modifySubnetAttributeHandler,
  associateSubnetCidrBlockHandler,
  disassociateSubnetCidrBlockHandler,
);
