import { idsParam } from '../../control/params.js';
import {
  acceptTransitGatewayPeeringAttachment,
  createTransitGatewayPeeringAttachment,
  deleteTransitGatewayPeeringAttachment,
  rejectTransitGatewayPeeringAttachment,
} from '../../control/transit-gateway-peering.js';
import { AwsErrors } from '../../model/errors.js';
import { fail, ok } from '../../model/result.js';
import type { PeeringTgwInfo, TransitGatewayAttachment } from '../../model/transit-gateway.js';
import type { Caller } from '../../store/store.js';
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { visibleAttachments } from './transit-gateway-attachment.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Transit gateway peering over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html). The requester creates from its
 * account and Region, the accepter accepts or rejects from its own (the server takes both from
 * the SigV4 credentials); either side deletes. Answers carry AWS's transitional states
 * (`initiatingRequest`, `pending`, `rejecting`, `deleting`; D60).
 */

type PeeringOutput = NonNullable<
  Ec2Output<'CreateTransitGatewayPeeringAttachment'>['transitGatewayPeeringAttachment']
>;

const sideOutput = (info: PeeringTgwInfo | undefined) =>
  info && { transitGatewayId: info.transitGatewayId, ownerId: info.ownerId, region: info.region };

/** AWS's status messages per attachment state (the code is the state). */
const STATUS_MESSAGE: Readonly<Record<string, string>> = {
  initiatingRequest: 'Initiating request',
  pendingAcceptance: 'Pending acceptance',
  pending: 'Pending',
  available: 'Available',
  rejecting: 'Rejecting',
  rejected: 'Rejected',
  deleting: 'Deleting',
  deleted: 'Deleted',
  failed: 'Failed',
};

/** EC2 `TransitGatewayPeeringAttachment`; `state` overrides the stored one in answers. */
export function peeringAttachmentOutput(
  a: TransitGatewayAttachment,
  state: string = a.state,
): PeeringOutput {
  return {
    transitGatewayAttachmentId: a.id,
    requesterTgwInfo: sideOutput(a.peering?.requesterTgwInfo),
    accepterTgwInfo: sideOutput(a.peering?.accepterTgwInfo),
    // Dynamic routing is for Cloud WAN peering; transit gateway peering is static only.
    options: { dynamicRouting: 'disable' },
    status: { code: state, message: STATUS_MESSAGE[state] ?? state },
    state,
    creationTime: new Date(a.creationTime),
    tags: tagSet(a.tags),
  };
}

/** CreateTransitGatewayPeeringAttachment: AWS answers `initiatingRequest` (or `failed`). */
export const createTransitGatewayPeeringAttachmentHandler = defineHandler(
  'CreateTransitGatewayPeeringAttachment',
  (input, ctx) => {
    if (input.options?.dynamicRouting === 'enable') {
      return fail(
        AwsErrors.invalidParameterValue(
          'Dynamic routing is supported only for peering with a Cloud WAN core network.',
        ),
      );
    }
    const tags = tagsFromSpecifications(input.tagSpecifications, 'transit-gateway-attachment');
    if (!tags.ok) return tags;
    const result = ctx.run(
      'CreateTransitGatewayPeeringAttachment',
      createTransitGatewayPeeringAttachment,
      {
        transitGatewayId: input.transitGatewayId,
        peerTransitGatewayId: input.peerTransitGatewayId,
        peerAccountId: input.peerAccountId,
        peerRegion: input.peerRegion,
        tags: tags.value,
      },
    );
    if (!result.ok) return result;
    const state = result.value.state === 'pendingAcceptance' ? 'initiatingRequest' : undefined;
    return ok({ transitGatewayPeeringAttachment: peeringAttachmentOutput(result.value, state) });
  },
);

/** AcceptTransitGatewayPeeringAttachment: the accepter, from its Region; AWS answers `pending`. */
export const acceptTransitGatewayPeeringAttachmentHandler = defineHandler(
  'AcceptTransitGatewayPeeringAttachment',
  (input, ctx) => {
    const result = ctx.run(
      'AcceptTransitGatewayPeeringAttachment',
      acceptTransitGatewayPeeringAttachment,
      { transitGatewayAttachmentId: input.transitGatewayAttachmentId },
    );
    return result.ok
      ? ok({ transitGatewayPeeringAttachment: peeringAttachmentOutput(result.value, 'pending') })
      : result;
  },
);

/** RejectTransitGatewayPeeringAttachment: AWS answers `rejecting`. */
export const rejectTransitGatewayPeeringAttachmentHandler = defineHandler(
  'RejectTransitGatewayPeeringAttachment',
  (input, ctx) => {
    const result = ctx.run(
      'RejectTransitGatewayPeeringAttachment',
      rejectTransitGatewayPeeringAttachment,
      { transitGatewayAttachmentId: input.transitGatewayAttachmentId },
    );
    return result.ok
      ? ok({ transitGatewayPeeringAttachment: peeringAttachmentOutput(result.value, 'rejecting') })
      : result;
  },
);

/** DeleteTransitGatewayPeeringAttachment: either side; AWS answers `deleting`. */
export const deleteTransitGatewayPeeringAttachmentHandler = defineHandler(
  'DeleteTransitGatewayPeeringAttachment',
  (input, ctx) => {
    const result = ctx.run(
      'DeleteTransitGatewayPeeringAttachment',
      deleteTransitGatewayPeeringAttachment,
      { transitGatewayAttachmentId: input.transitGatewayAttachmentId },
    );
    return result.ok
      ? ok({ transitGatewayPeeringAttachment: peeringAttachmentOutput(result.value, 'deleting') })
      : result;
  },
);

/** A peering seen by one caller: `local` is the caller's side, `remote` the other. */
interface PeeringView {
  readonly a: TransitGatewayAttachment;
  readonly local: PeeringTgwInfo | undefined;
  readonly remote: PeeringTgwInfo | undefined;
  readonly tags: TransitGatewayAttachment['tags'];
}

function peeringView(a: TransitGatewayAttachment, who: Caller): PeeringView {
  const req = a.peering?.requesterTgwInfo;
  const acc = a.peering?.accepterTgwInfo;
  const requesterIsMe = req?.ownerId === who.accountId && req.region === who.region;
  return {
    a,
    local: requesterIsMe ? req : acc,
    remote: requesterIsMe ? acc : req,
    tags: a.tags,
  };
}

/** DescribeTransitGatewayPeeringAttachments filters, as AWS documents them (tags built in). */
export const PEERING_ATTACHMENT_FILTERS: FilterTable<PeeringView> = {
  'transit-gateway-attachment-id': (v) => [v.a.id],
  'local-owner-id': (v) => [v.local?.ownerId],
  'remote-owner-id': (v) => [v.remote?.ownerId],
  state: (v) => [v.a.state],
  'transit-gateway-id': (v) => [v.local?.transitGatewayId],
};

/** DescribeTransitGatewayPeeringAttachments: peerings either side of which is the caller's. */
export const describeTransitGatewayPeeringAttachmentsHandler = defineHandler(
  'DescribeTransitGatewayPeeringAttachments',
  (input, ctx) => {
    const shaped = idsParam('transit-gateway-attachment', input.transitGatewayAttachmentIds);
    if (!shaped.ok) return shaped;
    const page = describe(
      visibleAttachments(ctx)
        .filter((a) => a.resourceType === 'peering')
        .map((a) => peeringView(a, ctx.caller)),
      { ...input, ids: input.transitGatewayAttachmentIds },
      {
        idOf: (v) => v.a.id,
        filters: PEERING_ATTACHMENT_FILTERS,
        noun: 'transit-gateway-attachment',
        idsParameter: 'transitGatewayAttachmentIds',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          transitGatewayPeeringAttachments: page.value.items.map((v) =>
            peeringAttachmentOutput(v.a),
          ),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

/** The peering attachment handlers, by action. */
export const TGW_PEERING_HANDLERS = handlerRegistry(
  createTransitGatewayPeeringAttachmentHandler,
  acceptTransitGatewayPeeringAttachmentHandler,
  rejectTransitGatewayPeeringAttachmentHandler,
  describeTransitGatewayPeeringAttachmentsHandler,
  deleteTransitGatewayPeeringAttachmentHandler,
);
