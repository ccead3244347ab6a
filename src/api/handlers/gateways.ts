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
import type { Operation } from '../../model/operation.js';
import { ok } from '../../model/result.js';
import type { Handler } from './context.js';
import { describe, type DescribeRequest, type FilterTable, type WireFilter } from './describe.js';
import { tagSet, tagsFromSpecifications, type WireTagSpecification } from './tags.js';

/** `InternetGateway` in the model's output shape. */
export function internetGatewayOutput(g: InternetGateway): Record<string, unknown> {
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
): Record<string, unknown> {
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
): Record<string, unknown> {
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
export function natGatewayOutput(n: NatGateway, state: string = n.state): Record<string, unknown> {
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

interface CreateWithTagsWire {
  readonly tagSpecifications?: readonly WireTagSpecification[];
}

/** CreateInternetGateway: a detached gateway. */
export const createInternetGatewayHandler: Handler = (raw, ctx) => {
  const input = raw as CreateWithTagsWire;
  const tags = tagsFromSpecifications(input.tagSpecifications, 'internet-gateway');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateInternetGateway', createInternetGateway, { tags: tags.value });
  return result.ok ? ok({ internetGateway: internetGatewayOutput(result.value) }) : result;
};

/** DescribeInternetGateways filters, by name, as AWS documents them (tags are built in). */
export const INTERNET_GATEWAY_FILTERS: FilterTable<InternetGateway> = {
  'attachment.state': (g) => g.attachments.map((a) => a.state),
  'attachment.vpc-id': (g) => g.attachments.map((a) => a.vpcId),
  'internet-gateway-id': (g) => [g.id],
  'owner-id': (g) => [g.ownerId],
};

/** DescribeInternetGateways: ids, filters and pagination (5..1000), in id order. */
export const describeInternetGatewaysHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeRequest & { readonly internetGatewayIds?: readonly string[] };
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
};

/** DeleteInternetGateway. */
export const deleteInternetGatewayHandler: Handler = (raw, ctx) => {
  const result = ctx.run('DeleteInternetGateway', deleteInternetGateway, {
    internetGatewayId: raw.internetGatewayId as string,
  });
  return result.ok ? ok(undefined) : result;
};

/** Attach and detach take the same input and answer only the request id. */
const attachmentHandler =
  (name: string, op: typeof attachInternetGateway): Handler =>
  (raw, ctx) => {
    const result = ctx.run(name, op, {
      internetGatewayId: raw.internetGatewayId as string,
      vpcId: raw.vpcId as string,
    });
    return result.ok ? ok(undefined) : result;
  };

// ---- Egress-only internet gateways ----

interface CreateEgressOnlyWire extends CreateWithTagsWire {
  readonly vpcId: string;
  readonly clientToken?: string;
}

/** CreateEgressOnlyInternetGateway: attached to its VPC from the start; echoes ClientToken. */
export const createEgressOnlyInternetGatewayHandler: Handler = (raw, ctx) => {
  const input = raw as unknown as CreateEgressOnlyWire;
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
};

/** DescribeEgressOnlyInternetGateways documents only the tag filters, which are built in. */
export const EGRESS_ONLY_INTERNET_GATEWAY_FILTERS: FilterTable<EgressOnlyInternetGateway> = {};

/** DescribeEgressOnlyInternetGateways: ids, tag filters and pagination (5..255). */
export const describeEgressOnlyInternetGatewaysHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeRequest & {
    readonly egressOnlyInternetGatewayIds?: readonly string[];
  };
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
};

/** DeleteEgressOnlyInternetGateway: answers `returnCode` true. */
export const deleteEgressOnlyInternetGatewayHandler: Handler = (raw, ctx) => {
  const result = ctx.run('DeleteEgressOnlyInternetGateway', deleteEgressOnlyInternetGateway, {
    egressOnlyInternetGatewayId: raw.egressOnlyInternetGatewayId as string,
  });
  return result.ok ? ok({ returnCode: result.value.returnCode }) : result;
};

// ---- NAT gateways ----

interface CreateNatGatewayWire extends CreateWithTagsWire {
  readonly subnetId?: string;
  readonly allocationId?: string;
  readonly clientToken?: string;
  readonly connectivityType?: string;
  readonly privateIpAddress?: string;
  readonly secondaryAllocationIds?: readonly string[];
  readonly secondaryPrivateIpAddresses?: readonly string[];
  readonly secondaryPrivateIpAddressCount?: number;
}

/**
 * CreateNatGateway. AWS answers with the gateway `pending` (it turns `available` a little
 * later); the twin's gateway is available at once, so Describe shows it available.
 */
export const createNatGatewayHandler: Handler = (raw, ctx) => {
  const input = raw as CreateNatGatewayWire;
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
};

/** DescribeNatGateways filters, by name, as AWS documents them (tags are built in). */
export const NAT_GATEWAY_FILTERS: FilterTable<NatGateway> = {
  'nat-gateway-id': (n) => [n.id],
  state: (n) => [n.state],
  'subnet-id': (n) => [n.subnetId],
  'vpc-id': (n) => [n.vpcId],
};

interface DescribeNatGatewaysWire {
  readonly natGatewayIds?: readonly string[];
  /** This action's filter list is `Filter`, not `Filters`, in the model. */
  readonly filter?: readonly WireFilter[];
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** DescribeNatGateways: ids, filters and pagination (5..1000); deleted gateways stay listed. */
export const describeNatGatewaysHandler: Handler = (raw, ctx) => {
  const input = raw as DescribeNatGatewaysWire;
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
};

/** DeleteNatGateway: answers the gateway's id. */
export const deleteNatGatewayHandler: Handler = (raw, ctx) => {
  const result = ctx.run('DeleteNatGateway', deleteNatGateway, {
    natGatewayId: raw.natGatewayId as string,
  });
  return result.ok ? ok({ natGatewayId: result.value.natGatewayId }) : result;
};

/**
 * A NAT gateway address action. AWS answers with the addresses in their transitional status
 * (`assigning`, `associating`, …); the twin completes at once, so Describe shows `succeeded`.
 */
function natAddressHandler<I>(
  name: string,
  op: Operation<I, NatGatewayAddressesOutput>,
  status: string,
  toInput: (raw: Record<string, unknown>) => I,
): Handler {
  return (raw, ctx) => {
    const result = ctx.run(name, op, toInput(raw));
    if (!result.ok) return result;
    const { natGatewayId, natGatewayAddresses } = result.value;
    return ok({
      natGatewayId,
      natGatewayAddresses: natGatewayAddresses.map((a) => natGatewayAddressOutput(a, status)),
    });
  };
}

const strings = (v: unknown): readonly string[] | undefined => v as readonly string[] | undefined;

/** AssociateNatGatewayAddress: secondary EIPs on a public gateway. */
export const associateNatGatewayAddressHandler = natAddressHandler(
  'AssociateNatGatewayAddress',
  associateNatGatewayAddress,
  'associating',
  (raw) => ({
    natGatewayId: raw.natGatewayId as string,
    allocationIds: strings(raw.allocationIds),
    privateIpAddresses: strings(raw.privateIpAddresses),
  }),
);

/** DisassociateNatGatewayAddress: secondary EIPs leave a public gateway. */
export const disassociateNatGatewayAddressHandler = natAddressHandler(
  'DisassociateNatGatewayAddress',
  disassociateNatGatewayAddress,
  'disassociating',
  (raw) => ({
    natGatewayId: raw.natGatewayId as string,
    associationIds: strings(raw.associationIds),
    maxDrainDurationSeconds: raw.maxDrainDurationSeconds as number | undefined,
  }),
);

/** AssignPrivateNatGatewayAddress: secondary private IPv4s, given or counted. */
export const assignPrivateNatGatewayAddressHandler = natAddressHandler(
  'AssignPrivateNatGatewayAddress',
  assignPrivateNatGatewayAddress,
  'assigning',
  (raw) => ({
    natGatewayId: raw.natGatewayId as string,
    privateIpAddresses: strings(raw.privateIpAddresses),
    privateIpAddressCount: raw.privateIpAddressCount as number | undefined,
  }),
);

/** UnassignPrivateNatGatewayAddress: secondary private IPv4s leave the gateway. */
export const unassignPrivateNatGatewayAddressHandler = natAddressHandler(
  'UnassignPrivateNatGatewayAddress',
  unassignPrivateNatGatewayAddress,
  'unassigning',
  (raw) => ({
    natGatewayId: raw.natGatewayId as string,
    privateIpAddresses: strings(raw.privateIpAddresses),
    maxDrainDurationSeconds: raw.maxDrainDurationSeconds as number | undefined,
  }),
);

/** The gateway handlers, by action. */
export const GATEWAY_HANDLERS: Readonly<Record<string, Handler>> = {
  CreateInternetGateway: createInternetGatewayHandler,
  DescribeInternetGateways: describeInternetGatewaysHandler,
  DeleteInternetGateway: deleteInternetGatewayHandler,
  AttachInternetGateway: attachmentHandler('AttachInternetGateway', attachInternetGateway),
  DetachInternetGateway: attachmentHandler('DetachInternetGateway', detachInternetGateway),
  CreateEgressOnlyInternetGateway: createEgressOnlyInternetGatewayHandler,
  DescribeEgressOnlyInternetGateways: describeEgressOnlyInternetGatewaysHandler,
  DeleteEgressOnlyInternetGateway: deleteEgressOnlyInternetGatewayHandler,
  CreateNatGateway: createNatGatewayHandler,
  DescribeNatGateways: describeNatGatewaysHandler,
  DeleteNatGateway: deleteNatGatewayHandler,
  AssociateNatGatewayAddress: associateNatGatewayAddressHandler,
  DisassociateNatGatewayAddress: disassociateNatGatewayAddressHandler,
  AssignPrivateNatGatewayAddress: assignPrivateNatGatewayAddressHandler,
  UnassignPrivateNatGatewayAddress: unassignPrivateNatGatewayAddressHandler,
};
