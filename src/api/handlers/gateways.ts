/**
 * Internet gateways, egress-only internet gateways and NAT gateways: the EC2 actions, mapped
 * onto the operations of src/control/internet-gateway.ts, nat-gateway.ts and
 * nat-gateway-address.ts.
 */
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
  deleteEgressOnlyInternetGateway,
  deleteInternetGateway,
  detachInternetGateway,
} from '../../control/internet-gateway.js';
import { createNatGateway, deleteNatGateway } from '../../control/nat-gateway.js';
import {
  assignPrivateNatGatewayAddress,
  associateNatGatewayAddress,
  disassociateNatGatewayAddress,
  unassignPrivateNatGatewayAddress,
  type NatGatewayAddressesOutput,
} from '../../control/nat-gateway-address.js';
import type { EgressOnlyInternetGateway, InternetGateway } from '../../model/internet-gateway.js';
import type { NatGateway, NatGatewayAddress } from '../../model/nat-gateway.js';
import type { AwsError } from '../../model/errors.js';
import { ok, type Result } from '../../model/result.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/** `InternetGateway` in the model's output shape. */
export function internetGatewayOutput(g: InternetGateway): Ec2.InternetGateway {
  return {
    attachments: g.attachments.map((a) => ({ state: a.state, vpcId: a.vpcId })),
    internetGatewayId: g.id,
    ownerId: g.ownerId,
    tags: tagSet(g.tags),
  };
}

/**
 * `EgressOnlyInternetGateway` in the model's output shape. The 2016-11-15 model vpctwin speaks
 * has no `ownerId` member for it, so the owner is not written.
 */
export function egressOnlyInternetGatewayOutput(
  g: EgressOnlyInternetGateway,
): Ec2.EgressOnlyInternetGateway {
  return {
    attachments: g.attachments.map((a) => ({ state: a.state, vpcId: a.vpcId })),
    egressOnlyInternetGatewayId: g.id,
    tags: tagSet(g.tags),
  };
}

/** `NatGatewayAddress` in the model's output shape; `status` overrides the stored one. */
export function natGatewayAddressOutput(
  a: NatGatewayAddress,
  status: string = a.status,
): Ec2.NatGatewayAddress {
  return {
    allocationId: a.allocationId,
    networkInterfaceId: a.networkInterfaceId,
    privateIp: a.privateIp.toString(),
    publicIp: a.publicIp?.toString(),
    associationId: a.associationId,
    isPrimary: a.isPrimary,
    status,
  };
}

/** `NatGateway` in the model's output shape; `state` overrides the stored one. */
export function natGatewayOutput(n: NatGateway, state: string = n.state): Ec2.NatGateway {
  return {
    createTime: new Date(n.createTime),
    deleteTime: n.deleteTime === undefined ? undefined : new Date(n.deleteTime),
    natGatewayAddresses: n.natGatewayAddresses.map((a) => natGatewayAddressOutput(a)),
    natGatewayId: n.id,
    state,
    subnetId: n.subnetId,
    vpcId: n.vpcId,
    tags: tagSet(n.tags),
    connectivityType: n.connectivityType,
  };
}

// ---- Internet gateways ----

/** CreateInternetGateway: a detached gateway. */
export const createInternetGatewayHandler = defineHandler('CreateInternetGateway', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'internet-gateway');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateInternetGateway', createInternetGateway, { tags: tags.value });
  return result.ok ? ok({ internetGateway: internetGatewayOutput(result.value) }) : result;
});

/** DescribeInternetGateways filters, by name, as AWS documents them (tags are built in). */
export const INTERNET_GATEWAY_FILTERS: FilterTable<InternetGateway> = {
  'attachment.state': (g) => g.attachments.map((a) => a.state),
  'attachment.vpc-id': (g) => g.attachments.map((a) => a.vpcId),
  'internet-gateway-id': (g) => [g.id],
  'owner-id': (g) => [g.ownerId],
};

/** DescribeInternetGateways: ids, filters and pagination (5..1000), in id order. */
export const describeInternetGatewaysHandler = defineHandler(
  'DescribeInternetGateways',
  (input, ctx) => {
    const page = describe(
      ctx.mine('internet-gateway'),
      { ...input, ids: input.internetGatewayIds },
      {
        idOf: (g) => g.id,
        filters: INTERNET_GATEWAY_FILTERS,
        noun: 'internet-gateway',
        idsParameter: 'internetGatewayIdSet',
      },
    );
    return page.ok
      ? ok({
          internetGateways: page.value.items.map(internetGatewayOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** DeleteInternetGateway. */
export const deleteInternetGatewayHandler = defineHandler('DeleteInternetGateway', (input, ctx) => {
  const result = ctx.run('DeleteInternetGateway', deleteInternetGateway, {
    internetGatewayId: input.internetGatewayId,
  });
  return result.ok ? ok(undefined) : result;
});

/** AttachInternetGateway: answers only the request id. */
export const attachInternetGatewayHandler = defineHandler('AttachInternetGateway', (input, ctx) => {
  const result = ctx.run('AttachInternetGateway', attachInternetGateway, input);
  return result.ok ? ok(undefined) : result;
});

/** DetachInternetGateway: answers only the request id. */
export const detachInternetGatewayHandler = defineHandler('DetachInternetGateway', (input, ctx) => {
  const result = ctx.run('DetachInternetGateway', detachInternetGateway, input);
  return result.ok ? ok(undefined) : result;
});

// ---- Egress-only internet gateways ----

/** CreateEgressOnlyInternetGateway: attached to its VPC from the start; echoes ClientToken. */
export const createEgressOnlyInternetGatewayHandler = defineHandler(
  'CreateEgressOnlyInternetGateway',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'egress-only-internet-gateway');
    if (!tags.ok) return tags;
    const result = ctx.run('CreateEgressOnlyInternetGateway', createEgressOnlyInternetGateway, {
      vpcId: input.vpcId,
      tags: tags.value,
    });
    return result.ok
      ? ok({
          clientToken: input.clientToken,
          egressOnlyInternetGateway: egressOnlyInternetGatewayOutput(result.value),
        })
      : result;
  },
);

/** DescribeEgressOnlyInternetGateways documents only the tag filters, which are built in. */
export const EGRESS_ONLY_INTERNET_GATEWAY_FILTERS: FilterTable<EgressOnlyInternetGateway> = {};

/** DescribeEgressOnlyInternetGateways: ids, tag filters and pagination (5..255). */
export const describeEgressOnlyInternetGatewaysHandler = defineHandler(
  'DescribeEgressOnlyInternetGateways',
  (input, ctx) => {
    const page = describe(
      ctx.mine('egress-only-internet-gateway'),
      { ...input, ids: input.egressOnlyInternetGatewayIds },
      {
        idOf: (g) => g.id,
        filters: EGRESS_ONLY_INTERNET_GATEWAY_FILTERS,
        noun: 'egress-only-internet-gateway',
        maxResultsRange: [5, 255],
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          egressOnlyInternetGateways: page.value.items.map(egressOnlyInternetGatewayOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** DeleteEgressOnlyInternetGateway: answers `returnCode` true. */
export const deleteEgressOnlyInternetGatewayHandler = defineHandler(
  'DeleteEgressOnlyInternetGateway',
  (input, ctx) => {
    const result = ctx.run('DeleteEgressOnlyInternetGateway', deleteEgressOnlyInternetGateway, {
      egressOnlyInternetGatewayId: input.egressOnlyInternetGatewayId,
    });
    return result.ok ? ok({ returnCode: result.value.returnCode }) : result;
  },
);

// ---- NAT gateways ----

/**
 * CreateNatGateway. AWS answers with the gateway `pending` (it turns `available` a little
 * later); the twin's gateway is available at once, so Describe shows it available.
 */
export const createNatGatewayHandler = defineHandler('CreateNatGateway', (input, ctx) => {
  // "natgateway" is AWS's ResourceType for NAT gateways, without the hyphen.
  const tags = tagsFromSpecifications(input.tagSpecifications, 'natgateway');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateNatGateway', createNatGateway, {
    subnetId: input.subnetId,
    connectivityType: input.connectivityType,
    allocationId: input.allocationId,
    privateIpAddress: input.privateIpAddress,
    secondaryAllocationIds: input.secondaryAllocationIds,
    secondaryPrivateIpAddresses: input.secondaryPrivateIpAddresses,
    secondaryPrivateIpAddressCount: input.secondaryPrivateIpAddressCount,
    tags: tags.value,
  });
  return result.ok
    ? ok({ clientToken: input.clientToken, natGateway: natGatewayOutput(result.value, 'pending') })
    : result;
});

/** DescribeNatGateways filters, by name, as AWS documents them (tags are built in). */
export const NAT_GATEWAY_FILTERS: FilterTable<NatGateway> = {
  'nat-gateway-id': (n) => [n.id],
  state: (n) => [n.state],
  'subnet-id': (n) => [n.subnetId],
  'vpc-id': (n) => [n.vpcId],
};

/** DescribeNatGateways: ids, filters and pagination (5..1000); deleted gateways stay listed. */
export const describeNatGatewaysHandler = defineHandler('DescribeNatGateways', (input, ctx) => {
  // This action's filter list is `Filter`, not `Filters`, in the model.
  const page = describe(
    ctx.mine('nat-gateway'),
    {
      ids: input.natGatewayIds,
      filters: input.filter,
      maxResults: input.maxResults,
      nextToken: input.nextToken,
    },
    {
      idOf: (n) => n.id,
      filters: NAT_GATEWAY_FILTERS,
      noun: 'nat-gateway',
      idsWithMaxResults: true,
    },
  );
  return page.ok
    ? ok({
        natGateways: page.value.items.map((n) => natGatewayOutput(n)),
        nextToken: page.value.nextToken,
      })
    : page;
});

/** DeleteNatGateway: answers the gateway's id. */
export const deleteNatGatewayHandler = defineHandler('DeleteNatGateway', (input, ctx) => {
  const result = ctx.run('DeleteNatGateway', deleteNatGateway, {
    natGatewayId: input.natGatewayId,
  });
  return result.ok ? ok({ natGatewayId: result.value.natGatewayId }) : result;
});

/**
 * What the NAT gateway address actions answer: AWS shows the addresses in their transitional
 * status (`assigning`, `associating`, …); the twin completes at once, so Describe shows
 * `succeeded`. The four actions share this output shape.
 */
function natAddressesReply(
  result: Result<NatGatewayAddressesOutput, AwsError>,
  status: string,
): Result<Ec2.AssociateNatGatewayAddressOutput, AwsError> {
  if (!result.ok) return result;
  const { natGatewayId, natGatewayAddresses } = result.value;
  return ok({
    natGatewayId,
    natGatewayAddresses: natGatewayAddresses.map((a) => natGatewayAddressOutput(a, status)),
  });
}

/** AssociateNatGatewayAddress: secondary EIPs on a public gateway. */
export const associateNatGatewayAddressHandler = defineHandler(
  'AssociateNatGatewayAddress',
  (input, ctx) =>
    natAddressesReply(
      ctx.run('AssociateNatGatewayAddress', associateNatGatewayAddress, {
        natGatewayId: input.natGatewayId,
        allocationIds: input.allocationIds,
        privateIpAddresses: input.privateIpAddresses,
      }),
      'associating',
    ),
);

/** DisassociateNatGatewayAddress: secondary EIPs leave a public gateway. */
export const disassociateNatGatewayAddressHandler = defineHandler(
  'DisassociateNatGatewayAddress',
  (input, ctx) =>
    natAddressesReply(
      ctx.run('DisassociateNatGatewayAddress', disassociateNatGatewayAddress, {
        natGatewayId: input.natGatewayId,
        associationIds: input.associationIds,
        maxDrainDurationSeconds: input.maxDrainDurationSeconds,
      }),
      'disassociating',
    ),
);

/** AssignPrivateNatGatewayAddress: secondary private IPv4s, given or counted. */
export const assignPrivateNatGatewayAddressHandler = defineHandler(
  'AssignPrivateNatGatewayAddress',
  (input, ctx) =>
    natAddressesReply(
      ctx.run('AssignPrivateNatGatewayAddress', assignPrivateNatGatewayAddress, {
        natGatewayId: input.natGatewayId,
        privateIpAddresses: input.privateIpAddresses,
        privateIpAddressCount: input.privateIpAddressCount,
      }),
      'assigning',
    ),
);

/** UnassignPrivateNatGatewayAddress: secondary private IPv4s leave the gateway. */
export const unassignPrivateNatGatewayAddressHandler = defineHandler(
  'UnassignPrivateNatGatewayAddress',
  (input, ctx) =>
    natAddressesReply(
      ctx.run('UnassignPrivateNatGatewayAddress', unassignPrivateNatGatewayAddress, {
        natGatewayId: input.natGatewayId,
        privateIpAddresses: input.privateIpAddresses,
        maxDrainDurationSeconds: input.maxDrainDurationSeconds,
      }),
      'unassigning',
    ),
);

/** The gateway handlers, by action. */
export const GATEWAY_HANDLERS = handlerRegistry(
  createInternetGatewayHandler,
  describeInternetGatewaysHandler,
  deleteInternetGatewayHandler,
  attachInternetGatewayHandler,
  detachInternetGatewayHandler,
  createEgressOnlyInternetGatewayHandler,
  describeEgressOnlyInternetGatewaysHandler,
  deleteEgressOnlyInternetGatewayHandler,
  createNatGatewayHandler,
  describeNatGatewaysHandler,
  deleteNatGatewayHandler,
  associateNatGatewayAddressHandler,
  disassociateNatGatewayAddressHandler,
  assignPrivateNatGatewayAddressHandler,
  unassignPrivateNatGatewayAddressHandler,
);
