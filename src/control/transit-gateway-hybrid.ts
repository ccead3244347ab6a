import type { AwsError } from '../model/errors.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import {
  gatewayAttachments,
  type TransitGateway,
  type TransitGatewayAttachment,
} from '../model/transit-gateway.js';
import { deleteAttachment, gatewayAvailable } from './transit-gateway-attachment.js';
import { ownedTgw } from './transit-gateway-lookup.js';

/**
 * The transit gateway side of VPN connections and Direct Connect gateway associations
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html,
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-dcg-attachments.html): the attachment AWS
 * creates with the connection or association, found again by its resource, and deleted with it.
 */

/** The hybrid attachment types: created by other families' operations, never directly. */
export type HybridAttachmentType = 'vpn' | 'direct-connect-gateway';

/** A transit gateway of the caller's, in its Region, able to take a new attachment. */
export function tgwForAttachment(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<TransitGateway, AwsError> {
  const tgw = ownedTgw(s, id, ctx);
  if (!tgw.ok) return tgw;
  const down = gatewayAvailable(tgw.value);
  return down ? fail(down) : ok(tgw.value);
}

/** The live attachment of a VPN connection or Direct Connect gateway to one transit gateway. */
export function hybridAttachment(
  s: Snapshot,
  tgwId: string,
  type: HybridAttachmentType,
  resourceId: string,
): TransitGatewayAttachment | undefined {
  return gatewayAttachments(s, tgwId).find(
    (a) => a.resourceType === type && a.resourceId === resourceId,
  );
}

/**
 * The changes that delete the attachment of a resource to a gateway (its associations and
 * propagations go; static routes to it stay as blackholes, D32); none when it has none.
 */
export function detachHybrid(
  s: Snapshot,
  tgwId: string,
  type: HybridAttachmentType,
  resourceId: string,
): Change[] {
  const a = hybridAttachment(s, tgwId, type, resourceId);
  return a ? deleteAttachment(s, a) : [];
}
