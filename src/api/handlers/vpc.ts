import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  disassociateVpcCidrBlock,
  modifyVpcAttribute,
} from '../../control/vpc.js';
import { AwsErrors } from '../../model/errors.js';
import { fail, ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { Vpc } from '../../model/vpc.js';
import type { Caller } from '../../store/store.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';
import { unknownAttribute } from './wire.js';

/** `Vpc` in the model's output shape. */
export function vpcOutput(v: Vpc): Ec2.Vpc {
  return {
    vpcId: v.id,
    state: v.state,
    cidrBlock: v.cidrBlock.toString(),
    cidrBlockAssociationSet: v.cidrBlockAssociationSet.map((a) => ({
      associationId: a.associationId,
      cidrBlock: a.cidrBlock.toString(),
      cidrBlockState: { state: a.cidrBlockState.state },
    })),
    ipv6CidrBlockAssociationSet: v.ipv6CidrBlockAssociationSet.map((a) => ({
      associationId: a.associationId,
      ipv6CidrBlock: a.ipv6CidrBlock.toString(),
      ipv6CidrBlockState: { state: a.ipv6CidrBlockState.state },
      networkBorderGroup: a.networkBorderGroup,
      ipv6Pool: a.ipv6Pool,
    })),
    dhcpOptionsId: 'default',
    instanceTenancy: v.instanceTenancy,
    isDefault: v.isDefault,
    ownerId: v.ownerId,
    tags: tagSet(v.tags),
  };
}

/** CreateVpc. */
export const createVpcHandler = defineHandler('CreateVpc', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'vpc');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateVpc', createVpc, {
    cidrBlock: input.cidrBlock,
    amazonProvidedIpv6CidrBlock: input.amazonProvidedIpv6CidrBlock,
    // A given block is taken from Amazon's pool, as AssociateVpcCidrBlock does (D21).
    ipv6CidrBlock: input.ipv6CidrBlock,
    instanceTenancy: input.instanceTenancy,
    tags: tags.value,
    // Blocks drawn from IPAM pools (D108).
    ipv4IpamPoolId: input.ipv4IpamPoolId,
    ipv4NetmaskLength: input.ipv4NetmaskLength,
    ipv6IpamPoolId: input.ipv6IpamPoolId,
    ipv6NetmaskLength: input.ipv6NetmaskLength,
  });
  return result.ok ? ok({ vpc: vpcOutput(result.value) }) : result;
});

/** DescribeVpcs filters, by name, as AWS documents them (tags are built in). */
export const VPC_FILTERS: FilterTable<Vpc> = {
  'vpc-id': (v) => [v.id],
  cidr: (v) => [v.cidrBlock.toString()],
  'cidr-block-association.cidr-block': (v) =>
    v.cidrBlockAssociationSet.map((a) => a.cidrBlock.toString()),
  'cidr-block-association.association-id': (v) =>
    v.cidrBlockAssociationSet.map((a) => a.associationId),
  'cidr-block-association.state': (v) =>
    v.cidrBlockAssociationSet.map((a) => a.cidrBlockState.state),
  'dhcp-options-id': () => ['default'],
  'ipv6-cidr-block-association.ipv6-cidr-block': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock.toString()),
  'ipv6-cidr-block-association.ipv6-pool': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6Pool),
  'ipv6-cidr-block-association.association-id': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.associationId),
  'ipv6-cidr-block-association.state': (v) =>
    v.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlockState.state),
  'is-default': (v) => [flag(v.isDefault)],
  'owner-id': (v) => [v.ownerId],
  state: (v) => [v.state],
};

const callerVpcs = (s: Snapshot, caller: Caller): Vpc[] =>
  s.find('vpcsByOwnerRegion', `${caller.accountId}|${caller.region}`);

/** DescribeVpcs: ids, filters and MaxResults/NextToken pagination, in id order. */
export const describeVpcsHandler = defineHandler('DescribeVpcs', (input, ctx) => {
  const page = describe(
    callerVpcs(ctx.store.snapshot, ctx.caller),
    { ...input, ids: input.vpcIds },
    { idOf: (v) => v.id, filters: VPC_FILTERS, noun: 'vpc', idsParameter: 'vpcIdSet' },
  );
  return page.ok
    ? ok({ vpcs: page.value.items.map(vpcOutput), nextToken: page.value.nextToken })
    : page;
});

/** DeleteVpc. */
export const deleteVpcHandler = defineHandler('DeleteVpc', (input, ctx) => {
  const result = ctx.run('DeleteVpc', deleteVpc, { vpcId: input.vpcId });
  return result.ok ? ok(undefined) : result;
});

/** ModifyVpcAttribute: `EnableDnsSupport.Value=true` and friends. */
export const modifyVpcAttributeHandler = defineHandler('ModifyVpcAttribute', (input, ctx) => {
  if (input.enableNetworkAddressUsageMetrics !== undefined) {
    return fail(
      AwsErrors.unsupported('The attribute enableNetworkAddressUsageMetrics is not supported.'),
    );
  }
  // An AttributeBooleanValue without its Value is AWS's "value missing" error.
  for (const [name, attr] of [
    ['EnableDnsSupport', input.enableDnsSupport],
    ['EnableDnsHostnames', input.enableDnsHostnames],
  ] as const) {
    if (attr !== undefined && attr.value === undefined) {
      return fail(AwsErrors.missingParameter(`${name}.Value`));
    }
  }
  const result = ctx.run('ModifyVpcAttribute', modifyVpcAttribute, {
    vpcId: input.vpcId,
    enableDnsSupport: input.enableDnsSupport?.value,
    enableDnsHostnames: input.enableDnsHostnames?.value,
  });
  return result.ok ? ok(undefined) : result;
});

/** DescribeVpcAttribute: one attribute per call. */
export const describeVpcAttributeHandler = defineHandler('DescribeVpcAttribute', (input, ctx) => {
  const { attribute, vpcId } = input;
  const vpc = callerVpcs(ctx.store.snapshot, ctx.caller).find((v) => v.id === vpcId);
  if (vpc === undefined) return fail(AwsErrors.notFound('vpc', vpcId));
  switch (attribute) {
    case 'enableDnsSupport':
      return ok({ vpcId: vpc.id, enableDnsSupport: { value: vpc.enableDnsSupport } });
    case 'enableDnsHostnames':
      return ok({ vpcId: vpc.id, enableDnsHostnames: { value: vpc.enableDnsHostnames } });
    case 'enableNetworkAddressUsageMetrics':
      return ok({ vpcId: vpc.id, enableNetworkAddressUsageMetrics: { value: false } });
    default:
      return fail(unknownAttribute(attribute));
  }
});

/** The output shapes of an association, IPv4 or IPv6. */
function associationOutput(
  vpcId: string,
  associationId: string,
  cidr: { family: 4 | 6; toString(): string },
  state: string,
  region: string,
): Ec2.AssociateVpcCidrBlockOutput & Ec2.DisassociateVpcCidrBlockOutput {
  return cidr.family === 4
    ? {
        vpcId,
        cidrBlockAssociation: {
          associationId,
          cidrBlock: cidr.toString(),
          cidrBlockState: { state },
        },
      }
    : {
        vpcId,
        ipv6CidrBlockAssociation: {
          associationId,
          ipv6CidrBlock: cidr.toString(),
          ipv6CidrBlockState: { state },
          networkBorderGroup: region,
          ipv6Pool: 'Amazon',
        },
      };
}

/** AssociateVpcCidrBlock: AWS answers with the association in state `associating`. */
export const associateVpcCidrBlockHandler = defineHandler('AssociateVpcCidrBlock', (input, ctx) => {
  const result = ctx.run('AssociateVpcCidrBlock', associateVpcCidrBlock, {
    vpcId: input.vpcId,
    cidrBlock: input.cidrBlock,
    amazonProvidedIpv6CidrBlock: input.amazonProvidedIpv6CidrBlock,
    ipv6CidrBlock: input.ipv6CidrBlock,
    ipv4IpamPoolId: input.ipv4IpamPoolId,
    ipv4NetmaskLength: input.ipv4NetmaskLength,
    ipv6IpamPoolId: input.ipv6IpamPoolId,
    ipv6NetmaskLength: input.ipv6NetmaskLength,
  });
  if (!result.ok) return result;
  const { vpcId, associationId, cidr } = result.value;
  return ok(associationOutput(vpcId, associationId, cidr, 'associating', ctx.caller.region));
});

/** DisassociateVpcCidrBlock: AWS answers with the association in state `disassociating`. */
export const disassociateVpcCidrBlockHandler = defineHandler(
  'DisassociateVpcCidrBlock',
  (input, ctx) => {
    const { associationId } = input;
    const result = ctx.run('DisassociateVpcCidrBlock', disassociateVpcCidrBlock, {
      associationId,
    });
    if (!result.ok) return result;
    const { vpcId, cidr } = result.value;
    return ok(associationOutput(vpcId, associationId, cidr, 'disassociating', ctx.caller.region));
  },
);

/** The VPC handlers, by action. */
export const VPC_HANDLERS = handlerRegistry(
  createVpcHandler,
  describeVpcsHandler,
  deleteVpcHandler,
  modifyVpcAttributeHandler,
  describeVpcAttributeHandler,
  associateVpcCidrBlockHandler,
  disassociateVpcCidrBlockHandler,
);
