import { AwsErrors, type AwsError } from '../model/errors.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type {
  TransitGateway,
  TransitGatewayAttachment,
  TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import { ec2Arn } from '../model/ids.js';
import { isSharedWith } from '../model/resource-share.js';
import { idParam } from './params.js';

/**
 * Finding transit gateway resources the caller may act on, with the errors the Transit Gateway
 * actions return. Their not-found wording differs from EC2's usual "The … ID '…' does not
 * exist": "Transit Gateway tgw-… was deleted or does not exist." (as seen in
 * terraform-provider-aws#7196 and terraform-aws-transit-gateway#89).
 */

type Where = Pick<OperationContext, 'accountId' | 'region'>;

const deletedOrMissing = (code: string, noun: string, id: string): AwsError =>
  AwsErrors.code(code, `${noun} ${id} was deleted or does not exist.`);

/** InvalidTransitGatewayID.NotFound, as the Transit Gateway actions word it. */
export const tgwNotFound = (id: string): AwsError =>
  deletedOrMissing('InvalidTransitGatewayID.NotFound', 'Transit Gateway', id);

/** InvalidTransitGatewayAttachmentID.NotFound. */
export const attachmentNotFound = (id: string): AwsError =>
  deletedOrMissing('InvalidTransitGatewayAttachmentID.NotFound', 'Transit Gateway Attachment', id);

/** InvalidRouteTableID.NotFound for a transit gateway route table. */
export const tgwRouteTableNotFound = (id: string): AwsError =>
  deletedOrMissing('InvalidRouteTableID.NotFound', 'Transit Gateway Route Table', id);

/** IncorrectState, for a resource in no state for the call. */
export const incorrectState = (message: string): AwsError =>
  AwsErrors.incorrectState('IncorrectState', message);

/**
 * A transit gateway the caller may attach its VPCs to: its own, or one another account of the
 * Region shares with it through RAM (D27). Anything else reads as missing, as in AWS.
 */
export function usableTgw(
  s: Snapshot,
  id: string | undefined,
  ctx: Where,
): Result<TransitGateway, AwsError> {
  if (id === undefined) return fail(AwsErrors.missingParameter('TransitGatewayId'));
  const tgw = s.get('transit-gateway', id);
  if (
    tgw &&
    tgw.ownerId !== ctx.accountId &&
    tgw.region === ctx.region &&
    tgw.state !== 'deleted'
  ) {
    const arn = ec2Arn('transit-gateway', tgw.region, tgw.ownerId, tgw.id);
    if (isSharedWith(s, arn, tgw.ownerId, ctx.accountId)) return ok(tgw);
  }
  return ownedTgw(s, id, ctx);
}

/** A transit gateway the caller owns, in its Region, not deleted. */
export function ownedTgw(
  s: Snapshot,
  id: string | undefined,
  ctx: Where,
): Result<TransitGateway, AwsError> {
  if (id === undefined) return fail(AwsErrors.missingParameter('TransitGatewayId'));
  const shaped = idParam('transit-gateway', id);
  if (!shaped.ok) return shaped;
  const tgw = s.get('transit-gateway', id);
  if (
    !tgw ||
    tgw.ownerId !== ctx.accountId ||
    tgw.region !== ctx.region ||
    tgw.state === 'deleted'
  ) {
    return fail(tgwNotFound(id));
  }
  return ok(tgw);
}

/** True when the caller owns the attachment's gateway, or one side of a peering, in that Region. */
export function attachmentVisibleTo(a: TransitGatewayAttachment, ctx: Where): boolean {
  if (a.peering) {
    return [a.peering.requesterTgwInfo, a.peering.accepterTgwInfo].some(
      (side) => side.ownerId === ctx.accountId && side.region === ctx.region,
    );
  }
  if (a.region !== ctx.region) return false;
  return a.transitGatewayOwnerId === ctx.accountId || a.resourceOwnerId === ctx.accountId;
}

/** An attachment the caller can see and that still exists (not deleted, rejected or failed). */
export function visibleAttachment(
  s: Snapshot,
  id: string | undefined,
  ctx: Where,
): Result<TransitGatewayAttachment, AwsError> {
  if (id === undefined) return fail(AwsErrors.missingParameter('TransitGatewayAttachmentId'));
  const shaped = idParam('transit-gateway-attachment', id);
  if (!shaped.ok) return shaped;
  const a = s.get('transit-gateway-attachment', id);
  if (!a || a.state === 'deleted' || !attachmentVisibleTo(a, ctx)) {
    return fail(attachmentNotFound(id));
  }
  return ok(a);
}

/** A route table of a transit gateway the caller owns. */
export function ownedTgwRouteTable(
  s: Snapshot,
  id: string | undefined,
  ctx: Where,
): Result<TransitGatewayRouteTable, AwsError> {
  if (id === undefined) return fail(AwsErrors.missingParameter('TransitGatewayRouteTableId'));
  const shaped = idParam('transit-gateway-route-table', id);
  if (!shaped.ok) return shaped;
  const t = s.get('transit-gateway-route-table', id);
  if (!t || t.ownerId !== ctx.accountId || t.region !== ctx.region || t.state === 'deleted') {
    return fail(tgwRouteTableNotFound(id));
  }
  return ok(t);
}

/** The caller's side of an attachment: the gateway of its own it belongs to. */
export function callerGatewayOf(a: TransitGatewayAttachment, ctx: Where): string | undefined {
  if (!a.peering) return a.transitGatewayOwnerId === ctx.accountId ? a.transitGatewayId : undefined;
  const mine = [a.peering.requesterTgwInfo, a.peering.accepterTgwInfo].find(
    (side) => side.ownerId === ctx.accountId && side.region === ctx.region,
  );
  return mine?.transitGatewayId;
}
