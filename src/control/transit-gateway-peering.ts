import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { parseAccountId, type AccountId, type RegionName } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { isKnownRegion } from '../model/regions.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  gatewayAttachments,
  peerTgwOf,
  type PeeringTgwInfo,
  type TgwAttachmentState,
  type TransitGatewayAttachment,
} from '../model/transit-gateway.js';
import { Draft } from './draft.js';
import { idParam, tagsParam } from './params.js';
import {
  applyDefaultRouting,
  deleteAttachment,
  gatewayAvailable,
  type TransitGatewayAttachmentIdInput,
} from './transit-gateway-attachment.js';
import { incorrectState, ownedTgw, visibleAttachment } from './transit-gateway-lookup.js';

/**
 * Transit gateway peering (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html): within
 * or across Regions and accounts; the accepter must accept even within one account. The
 * attachment is stored once, in the requester's account and Region, and each side's owner acts
 * on it from its own Region. Peering carries static routes only.
 */

/** At most this many peering attachments per gateway (quota); and one per pair of gateways. */
export const MAX_PEERINGS_PER_TGW = 50;

export interface CreateTransitGatewayPeeringAttachmentInput {
  readonly transitGatewayId: string;
  readonly peerTransitGatewayId: string;
  readonly peerAccountId: string;
  readonly peerRegion: string;
  readonly tags?: readonly Tag[];
}

const side = (tgwId: string, ownerId: AccountId, region: RegionName): PeeringTgwInfo => ({
  transitGatewayId: tgwId as PeeringTgwInfo['transitGatewayId'],
  ownerId,
  region,
});

/**
 * CreateTransitGatewayPeeringAttachment. The request is `pendingAcceptance` when the peer
 * gateway exists in the named account and Region; otherwise it is created `failed` (as a VPC
 * peering does, D8), except for a peer looked up in the caller's own account and Region, which
 * fails at once with InvalidTransitGatewayID.NotFound.
 */
export const createTransitGatewayPeeringAttachment: Operation<
  CreateTransitGatewayPeeringAttachmentInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const found = ownedTgw(s, input.transitGatewayId, ctx);
  if (!found.ok) return found;
  const tgw = found.value;
  const down = gatewayAvailable(tgw);
  if (down) return fail(down);
  for (const [name, value] of [
    ['PeerTransitGatewayId', input.peerTransitGatewayId],
    ['PeerAccountId', input.peerAccountId],
    ['PeerRegion', input.peerRegion],
  ] as const) {
    if (value === undefined) return fail(AwsErrors.missingParameter(name));
  }
  const peerId = idParam('transit-gateway', input.peerTransitGatewayId);
  if (!peerId.ok) return peerId;
  const peerAccount = parseAccountId(input.peerAccountId);
  if (!peerAccount) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.peerAccountId}) for parameter PeerAccountId is invalid.`,
      ),
    );
  }
  if (!isKnownRegion(input.peerRegion)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.peerRegion}) for parameter PeerRegion is invalid.`,
      ),
    );
  }
  const peerRegion = input.peerRegion as RegionName;
  if (peerId.value === tgw.id) {
    return fail(AwsErrors.invalidParameterValue('A transit gateway cannot be peered with itself.'));
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const candidate = s.get('transit-gateway', peerId.value);
  const peer =
    candidate &&
    candidate.ownerId === peerAccount &&
    candidate.region === peerRegion &&
    candidate.state === 'available'
      ? candidate
      : undefined;
  if (!peer && peerAccount === ctx.accountId && peerRegion === ctx.region) {
    return fail(
      AwsErrors.code(
        'InvalidTransitGatewayID.NotFound',
        `Transit Gateway ${peerId.value} was deleted or does not exist.`,
      ),
    );
  }
  const mine = gatewayAttachments(s, tgw.id).filter((a) => a.resourceType === 'peering');
  if (mine.some((a) => peerTgwOf(a, tgw.id)?.transitGatewayId === peerId.value)) {
    return fail(
      AwsErrors.code(
        'DuplicateTransitGatewayAttachment',
        `${tgw.id} has non-deleted Transit Gateway Peering Attachments with ${peerId.value}.`,
      ),
    );
  }
  if (mine.length >= MAX_PEERINGS_PER_TGW) {
    return fail(
      AwsErrors.limitExceeded(
        'TransitGatewayAttachmentLimitExceeded',
        `${tgw.id} already has ${MAX_PEERINGS_PER_TGW} peering attachments, the most a transit gateway can have.`,
      ),
    );
  }
  const attachment: TransitGatewayAttachment = {
    kind: 'transit-gateway-attachment',
    id: ctx.ids.next('transit-gateway-attachment'),
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    transitGatewayId: tgw.id,
    transitGatewayOwnerId: tgw.ownerId,
    resourceType: 'peering',
    resourceId: peerId.value,
    resourceOwnerId: peerAccount,
    state: peer ? 'pendingAcceptance' : 'failed',
    creationTime: ctx.clock.now().toISOString(),
    peering: {
      requesterTgwInfo: side(tgw.id, tgw.ownerId, tgw.region),
      accepterTgwInfo: side(peerId.value, peerAccount, peerRegion),
    },
  };
  return ok({ changes: [{ op: 'put', resource: attachment }], output: attachment });
};

type Where = Pick<OperationContext, 'accountId' | 'region'>;

/** True when the caller acts for the accepter side: its account, in its Region. */
const isAccepter = (a: TransitGatewayAttachment, ctx: Where): boolean =>
  a.peering?.accepterTgwInfo.ownerId === ctx.accountId &&
  a.peering.accepterTgwInfo.region === ctx.region;

/** A peering attachment the caller sees, or the error AWS gives for anything else. */
function peeringOf(
  s: Snapshot,
  id: string,
  ctx: Where,
): Result<TransitGatewayAttachment, AwsError> {
  const found = visibleAttachment(s, id, ctx);
  if (!found.ok) return found;
  if (found.value.resourceType !== 'peering' || !found.value.peering) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Transit Gateway Attachment ${id} is not a peering attachment.`,
      ),
    );
  }
  return ok(found.value);
}

/** The accepter's answer to a pending request (accept or reject). */
function answer(
  s: Snapshot,
  input: TransitGatewayAttachmentIdInput,
  ctx: OperationContext,
  to: Extract<TgwAttachmentState, 'available' | 'rejected'>,
): Result<{ changes: Draft; output: TransitGatewayAttachment }, AwsError> {
  const found = peeringOf(s, input.transitGatewayAttachmentId, ctx);
  if (!found.ok) return found;
  const a = found.value;
  if (!isAccepter(a, ctx)) {
    return fail(
      incorrectState(
        `Transit Gateway Attachment ${a.id} can be ${to === 'available' ? 'accepted' : 'rejected'} only by the owner of ${a.peering?.accepterTgwInfo.transitGatewayId} in ${a.peering?.accepterTgwInfo.region}.`,
      ),
    );
  }
  if (a.state !== 'pendingAcceptance') {
    return fail(incorrectState(`Transit Gateway Attachment ${a.id} is in ${a.state} state.`));
  }
  const d = new Draft(s);
  const next: TransitGatewayAttachment = { ...a, state: to };
  d.put(next);
  return ok({ changes: d, output: next });
}

/**
 * AcceptTransitGatewayPeeringAttachment: the accepter's owner, in the accepter's Region, makes
 * a pending request available. Each gateway then applies its own default association (never
 * propagation: peering carries static routes only).
 */
export const acceptTransitGatewayPeeringAttachment: Operation<
  TransitGatewayAttachmentIdInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const r = answer(s, input, ctx, 'available');
  if (!r.ok) return r;
  const a = r.value.output;
  for (const info of [a.peering?.requesterTgwInfo, a.peering?.accepterTgwInfo]) {
    const tgw = info && s.get('transit-gateway', info.transitGatewayId);
    if (!tgw) continue;
    applyDefaultRouting(
      r.value.changes,
      { ...tgw, options: { ...tgw.options, defaultRouteTablePropagation: 'disable' } },
      a.id,
    );
  }
  return ok({ changes: r.value.changes.changes(), output: a });
};

/** RejectTransitGatewayPeeringAttachment: the accepter turns a pending request down. */
export const rejectTransitGatewayPeeringAttachment: Operation<
  TransitGatewayAttachmentIdInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const r = answer(s, input, ctx, 'rejected');
  if (!r.ok) return r;
  return ok({ changes: r.value.changes.changes(), output: r.value.output });
};

/**
 * DeleteTransitGatewayPeeringAttachment: either side's owner deletes an available or pending
 * peering (the accepter may also reject a pending one). Associations on both gateways go.
 */
export const deleteTransitGatewayPeeringAttachment: Operation<
  TransitGatewayAttachmentIdInput,
  TransitGatewayAttachment
> = (s, input, ctx) => {
  const found = peeringOf(s, input.transitGatewayAttachmentId, ctx);
  if (!found.ok) return found;
  const a = found.value;
  if (a.state !== 'available' && a.state !== 'pendingAcceptance') {
    return fail(incorrectState(`Transit Gateway Attachment ${a.id} is in ${a.state} state.`));
  }
  return ok({ changes: deleteAttachment(s, a), output: { ...a, state: 'deleting' } });
};
