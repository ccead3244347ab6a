import { idsParam } from '../../control/params.js';
import {
  acceptTransitGatewayVpcAttachment,
  createTransitGatewayVpcAttachment,
  deleteTransitGatewayVpcAttachment,
  rejectTransitGatewayVpcAttachment,
  modifyTransitGatewayVpcAttachment,
} from '../../control/transit-gateway-attachment.js';
import { attachmentVisibleTo, callerGatewayOf } from '../../control/transit-gateway-lookup.js';
import { ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import {
  associatedRouteTable,
  peerTgwOf,
  type TransitGatewayAttachment,
} from '../../model/transit-gateway.js';
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Transit gateway VPC attachments, and DescribeTransitGatewayAttachments over every attachment
 * type (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html). Create, modify
 * and delete answer with AWS's transitional states (`pending`, `modifying`, `deleting`; D60).
 */

type VpcAttachmentOutput = NonNullable<
  Ec2Output<'CreateTransitGatewayVpcAttachment'>['transitGatewayVpcAttachment']
>;
type AttachmentOutput = NonNullable<
  Ec2Output<'DescribeTransitGatewayAttachments'>['transitGatewayAttachments']
>[number];

/** The attachments the caller sees in its Region: its gateways', its VPCs', either peering side. */
export function visibleAttachments(ctx: HandlerContext): TransitGatewayAttachment[] {
  return [...ctx.store.snapshot.all('transit-gateway-attachment')].filter((a) =>
    attachmentVisibleTo(a, ctx.caller),
  );
}

/** EC2 `TransitGatewayVpcAttachment`; `state` overrides the stored one in answers to changes. */
export function vpcAttachmentOutput(
  a: TransitGatewayAttachment,
  state: string = a.state,
): VpcAttachmentOutput {
  return {
    transitGatewayAttachmentId: a.id,
    transitGatewayId: a.transitGatewayId,
    vpcId: a.vpc?.vpcId,
    vpcOwnerId: a.vpc?.vpcOwnerId,
    state,
    subnetIds: a.vpc?.subnetIds ?? [],
    creationTime: new Date(a.creationTime),
    options: a.vpc && {
      dnsSupport: a.vpc.options.dnsSupport,
      securityGroupReferencingSupport: a.vpc.options.securityGroupReferencingSupport,
      ipv6Support: a.vpc.options.ipv6Support,
      applianceModeSupport: a.vpc.options.applianceModeSupport,
    },
    tags: tagSet(a.tags),
  };
}

/** What one caller sees of an attachment in DescribeTransitGatewayAttachments. */
interface AttachmentView {
  readonly a: TransitGatewayAttachment;
  /** The caller's gateway: for a peering, its own side; otherwise the attachment's gateway. */
  readonly tgwId: string;
  readonly tgwOwnerId: string;
  readonly resourceId: string;
  readonly resourceOwnerId: string;
  readonly associationTableId: string | undefined;
  readonly tags: TransitGatewayAttachment['tags'];
}

/**
 * An attachment from the caller's side: a peering names the caller's gateway as its
 * `transitGatewayId` and the peer gateway as its resource, as AWS shows it to each side.
 */
function attachmentView(
  s: Snapshot,
  a: TransitGatewayAttachment,
  ctx: HandlerContext,
): AttachmentView {
  const mine = callerGatewayOf(a, ctx.caller) ?? a.transitGatewayId;
  const peer = peerTgwOf(a, mine);
  return {
    a,
    tgwId: mine,
    tgwOwnerId: peer ? ctx.caller.accountId : a.transitGatewayOwnerId,
    resourceId: peer ? peer.transitGatewayId : a.resourceId,
    resourceOwnerId: peer ? peer.ownerId : a.resourceOwnerId,
    associationTableId: associatedRouteTable(s, mine, a.id)?.id,
    tags: a.tags,
  };
}

function attachmentOutput(v: AttachmentView): AttachmentOutput {
  return {
    transitGatewayAttachmentId: v.a.id,
    transitGatewayId: v.tgwId,
    transitGatewayOwnerId: v.tgwOwnerId,
    resourceOwnerId: v.resourceOwnerId,
    resourceType: v.a.resourceType,
    resourceId: v.resourceId,
    state: v.a.state,
    association:
      v.associationTableId === undefined
        ? undefined
        : { transitGatewayRouteTableId: v.associationTableId, state: 'associated' },
    creationTime: new Date(v.a.creationTime),
    tags: tagSet(v.tags),
  };
}

/** CreateTransitGatewayVpcAttachment: AWS answers `pending`. */
export const createTransitGatewayVpcAttachmentHandler = defineHandler(
  'CreateTransitGatewayVpcAttachment',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'transit-gateway-attachment');
    if (!tags.ok) return tags;
    const result = ctx.run('CreateTransitGatewayVpcAttachment', createTransitGatewayVpcAttachment, {
      transitGatewayId: input.transitGatewayId,
      vpcId: input.vpcId,
      subnetIds: input.subnetIds,
      options: input.options,
      tags: tags.value,
    });
    return result.ok
      ? ok({ transitGatewayVpcAttachment: vpcAttachmentOutput(result.value, 'pending') })
      : result;
  },
);

/** ModifyTransitGatewayVpcAttachment: AWS answers `modifying`, with the new subnets and options. */
export const modifyTransitGatewayVpcAttachmentHandler = defineHandler(
  'ModifyTransitGatewayVpcAttachment',
  (input, ctx) => {
    const result = ctx.run('ModifyTransitGatewayVpcAttachment', modifyTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
      addSubnetIds: input.addSubnetIds,
      removeSubnetIds: input.removeSubnetIds,
      options: input.options,
    });
    return result.ok
      ? ok({ transitGatewayVpcAttachment: vpcAttachmentOutput(result.value, 'modifying') })
      : result;
  },
);

/** DeleteTransitGatewayVpcAttachment: AWS answers `deleting`; it then reads `deleted`. */
export const deleteTransitGatewayVpcAttachmentHandler = defineHandler(
  'DeleteTransitGatewayVpcAttachment',
  (input, ctx) => {
    const result = ctx.run('DeleteTransitGatewayVpcAttachment', deleteTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
    });
    return result.ok
      ? ok({ transitGatewayVpcAttachment: vpcAttachmentOutput(result.value, 'deleting') })
      : result;
  },
);

/** AcceptTransitGatewayVpcAttachment (the shared gateway's owner): AWS answers `pending`. */
export const acceptTransitGatewayVpcAttachmentHandler = defineHandler(
  'AcceptTransitGatewayVpcAttachment',
  (input, ctx) => {
    const result = ctx.run('AcceptTransitGatewayVpcAttachment', acceptTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
    });
    return result.ok
      ? ok({ transitGatewayVpcAttachment: vpcAttachmentOutput(result.value, 'pending') })
      : result;
  },
);

/** RejectTransitGatewayVpcAttachment (the shared gateway's owner): AWS answers `rejecting`. */
export const rejectTransitGatewayVpcAttachmentHandler = defineHandler(
  'RejectTransitGatewayVpcAttachment',
  (input, ctx) => {
    const result = ctx.run('RejectTransitGatewayVpcAttachment', rejectTransitGatewayVpcAttachment, {
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
    });
    return result.ok
      ? ok({ transitGatewayVpcAttachment: vpcAttachmentOutput(result.value, 'rejecting') })
      : result;
  },
);

/** DescribeTransitGatewayVpcAttachments filters, as AWS documents them (tags built in). */
export const VPC_ATTACHMENT_FILTERS: FilterTable<TransitGatewayAttachment> = {
  state: (a) => [a.state],
  'transit-gateway-attachment-id': (a) => [a.id],
  'transit-gateway-id': (a) => [a.transitGatewayId],
  'vpc-id': (a) => [a.vpc?.vpcId],
};

/** DescribeTransitGatewayVpcAttachments: the caller's VPC attachments (its gateways' or VPCs'). */
export const describeTransitGatewayVpcAttachmentsHandler = defineHandler(
  'DescribeTransitGatewayVpcAttachments',
  (input, ctx) => {
    const shaped = idsParam('transit-gateway-attachment', input.transitGatewayAttachmentIds);
    if (!shaped.ok) return shaped;
    const page = describe(
      visibleAttachments(ctx).filter((a) => a.resourceType === 'vpc'),
      { ...input, ids: input.transitGatewayAttachmentIds },
      {
        idOf: (a) => a.id,
        filters: VPC_ATTACHMENT_FILTERS,
        noun: 'transit-gateway-attachment',
        idsParameter: 'transitGatewayAttachmentIds',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          transitGatewayVpcAttachments: page.value.items.map((a) => vpcAttachmentOutput(a)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** DescribeTransitGatewayAttachments filters, as AWS documents them (tags built in). */
export const ATTACHMENT_FILTERS: FilterTable<AttachmentView> = {
  'association.transit-gateway-route-table-id': (v) => [v.associationTableId],
  'association.state': (v) => (v.associationTableId === undefined ? [] : ['associated']),
  'resource-id': (v) => [v.resourceId],
  'resource-owner-id': (v) => [v.resourceOwnerId],
  'resource-type': (v) => [v.a.resourceType],
  state: (v) => [v.a.state],
  'transit-gateway-attachment-id': (v) => [v.a.id],
  'transit-gateway-id': (v) => [v.tgwId],
  'transit-gateway-owner-id': (v) => [v.tgwOwnerId],
};

/** DescribeTransitGatewayAttachments: every attachment type, each from the caller's side. */
export const describeTransitGatewayAttachmentsHandler = defineHandler(
  'DescribeTransitGatewayAttachments',
  (input, ctx) => {
    const shaped = idsParam('transit-gateway-attachment', input.transitGatewayAttachmentIds);
    if (!shaped.ok) return shaped;
    const s = ctx.store.snapshot;
    const page = describe(
      visibleAttachments(ctx).map((a) => attachmentView(s, a, ctx)),
      { ...input, ids: input.transitGatewayAttachmentIds },
      {
        idOf: (v) => v.a.id,
        filters: ATTACHMENT_FILTERS,
        noun: 'transit-gateway-attachment',
        idsParameter: 'transitGatewayAttachmentIds',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          transitGatewayAttachments: page.value.items.map(attachmentOutput),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The VPC attachment handlers and DescribeTransitGatewayAttachments, by action. */
export const TGW_ATTACHMENT_HANDLERS = handlerRegistry(
  createTransitGatewayVpcAttachmentHandler,
  describeTransitGatewayVpcAttachmentsHandler,
  modifyTransitGatewayVpcAttachmentHandler,
  deleteTransitGatewayVpcAttachmentHandler,
  describeTransitGatewayAttachmentsHandler,
  acceptTransitGatewayVpcAttachmentHandler,
  rejectTransitGatewayVpcAttachmentHandler,
);
