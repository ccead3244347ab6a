import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import {
  associatedRouteTable,
  attachmentGateways,
  type TgwAttachmentResourceType,
  type TransitGatewayAttachment,
  type TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import { tagsParam } from './params.js';
import { gatewayAvailable } from './transit-gateway-attachment.js';
import {
  attachmentNotFound,
  incorrectState,
  ownedTgw,
  ownedTgwRouteTable,
  visibleAttachment,
} from './transit-gateway-lookup.js';
import { newTgwRouteTable } from './transit-gateway.js';

/**
 * Transit gateway route tables (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html):
 * create and delete, associations (exactly one table per attachment per gateway) and
 * propagations (many; never from a peering attachment).
 */

/** Route tables per transit gateway (quota). */
export const MAX_ROUTE_TABLES_PER_TGW = 20;

export interface CreateTransitGatewayRouteTableInput {
  readonly transitGatewayId: string;
  readonly tags?: readonly Tag[];
}

/** CreateTransitGatewayRouteTable. */
export const createTransitGatewayRouteTable: Operation<
  CreateTransitGatewayRouteTableInput,
  TransitGatewayRouteTable
> = (s, input, ctx) => {
  const found = ownedTgw(s, input.transitGatewayId, ctx);
  if (!found.ok) return found;
  const down = gatewayAvailable(found.value);
  if (down) return fail(down);
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  if (s.find('tgwRouteTablesByGateway', found.value.id).length >= MAX_ROUTE_TABLES_PER_TGW) {
    return fail(
      AwsErrors.limitExceeded(
        'TransitGatewayRouteTableLimitExceeded',
        `${found.value.id} already has ${MAX_ROUTE_TABLES_PER_TGW} route tables, the most a transit gateway can have.`,
      ),
    );
  }
  const table = newTgwRouteTable(found.value, ctx, tags.value);
  return ok({ changes: [{ op: 'put', resource: table }], output: table });
};

export interface TransitGatewayRouteTableIdInput {
  readonly transitGatewayRouteTableId: string;
}

/**
 * DeleteTransitGatewayRouteTable: refused while attachments are associated or propagate into
 * it, and for the gateway's default association or propagation table (decision D33: AWS's
 * words are IncorrectState for a resource in use).
 */
export const deleteTransitGatewayRouteTable: Operation<
  TransitGatewayRouteTableIdInput,
  TransitGatewayRouteTable
> = (s, input, ctx) => {
  const found = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx);
  if (!found.ok) return found;
  const t = found.value;
  const tgw = s.get('transit-gateway', t.transitGatewayId);
  if (
    tgw &&
    (tgw.options.associationDefaultRouteTableId === t.id ||
      tgw.options.propagationDefaultRouteTableId === t.id)
  ) {
    return fail(
      incorrectState(
        `Transit Gateway Route Table ${t.id} is the default route table of ${tgw.id} and cannot be deleted.`,
      ),
    );
  }
  if (t.associations.length > 0 || t.propagations.length > 0) {
    return fail(
      incorrectState(
        `Transit Gateway Route Table ${t.id} has associations or propagations: ${[...t.associations, ...t.propagations].join(', ')}.`,
      ),
    );
  }
  return ok({
    changes: [{ op: 'delete', kind: 'transit-gateway-route-table', id: t.id }],
    output: { ...t, state: 'deleted' },
  });
};

export interface TransitGatewayRouteTableAttachmentInput {
  readonly transitGatewayRouteTableId: string;
  readonly transitGatewayAttachmentId: string;
}

/** EC2 `TransitGatewayAssociation` / `TransitGatewayPropagation`. */
export interface TgwRouteTableLink {
  readonly transitGatewayRouteTableId: Id<'transit-gateway-route-table'>;
  readonly transitGatewayAttachmentId: Id<'transit-gateway-attachment'>;
  readonly resourceId: string;
  readonly resourceType: TgwAttachmentResourceType;
  readonly state:
    | 'associating'
    | 'associated'
    | 'disassociating'
    | 'disassociated'
    | 'enabling'
    | 'enabled'
    | 'disabling'
    | 'disabled';
}

const link = (
  t: TransitGatewayRouteTable,
  a: TransitGatewayAttachment,
  state: TgwRouteTableLink['state'],
): TgwRouteTableLink => ({
  transitGatewayRouteTableId: t.id,
  transitGatewayAttachmentId: a.id,
  resourceId: a.resourceId,
  resourceType: a.resourceType,
  state,
});

/**
 * The table with the attachment added to (or removed from) its associations or propagations,
 * and the link AWS answers with, in the transitional `state`.
 */
function relink(
  table: TransitGatewayRouteTable,
  attachment: TransitGatewayAttachment,
  list: 'associations' | 'propagations',
  add: boolean,
  state: TgwRouteTableLink['state'],
): Result<{ changes: Change[]; output: TgwRouteTableLink }, AwsError> {
  const ids = table[list];
  const next: TransitGatewayRouteTable = {
    ...table,
    [list]: add ? [...ids, attachment.id] : ids.filter((x) => x !== attachment.id),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: link(next, attachment, state) });
}

/** The table and an attachment of its gateway, both found; the attachment available. */
function tableAndAttachment(
  s: Snapshot,
  input: TransitGatewayRouteTableAttachmentInput,
  ctx: OperationContext,
  needAvailable: boolean,
): Result<{ table: TransitGatewayRouteTable; attachment: TransitGatewayAttachment }, AwsError> {
  const table = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx);
  if (!table.ok) return table;
  const attachment = visibleAttachment(s, input.transitGatewayAttachmentId, ctx);
  if (!attachment.ok) return attachment;
  if (!attachmentGateways(attachment.value).includes(table.value.transitGatewayId)) {
    return fail(attachmentNotFound(input.transitGatewayAttachmentId));
  }
  if (needAvailable && attachment.value.state !== 'available') {
    return fail(
      incorrectState(
        `Transit Gateway Attachment ${attachment.value.id} is in ${attachment.value.state} state.`,
      ),
    );
  }
  return ok({ table: table.value, attachment: attachment.value });
}

/**
 * AssociateTransitGatewayRouteTable: an attachment has one association per gateway; a second
 * is Resource.AlreadyAssociated (AWS: "Transit Gateway Attachment … is already associated to
 * a route table."), even to the same table.
 */
export const associateTransitGatewayRouteTable: Operation<
  TransitGatewayRouteTableAttachmentInput,
  TgwRouteTableLink
> = (s, input, ctx) => {
  const found = tableAndAttachment(s, input, ctx, true);
  if (!found.ok) return found;
  const { table, attachment } = found.value;
  if (associatedRouteTable(s, table.transitGatewayId, attachment.id)) {
    return fail(
      AwsErrors.code(
        'Resource.AlreadyAssociated',
        `Transit Gateway Attachment ${attachment.id} is already associated to a route table.`,
      ),
    );
  }
  return relink(table, attachment, 'associations', true, 'associating');
};

/** DisassociateTransitGatewayRouteTable: the attachment must be associated with this table. */
export const disassociateTransitGatewayRouteTable: Operation<
  TransitGatewayRouteTableAttachmentInput,
  TgwRouteTableLink
> = (s, input, ctx) => {
  const found = tableAndAttachment(s, input, ctx, false);
  if (!found.ok) return found;
  const { table, attachment } = found.value;
  if (!table.associations.includes(attachment.id)) {
    return fail(
      AwsErrors.code(
        'InvalidAssociation.NotFound',
        `Transit Gateway Attachment ${attachment.id} is not associated with Transit Gateway Route Table ${table.id}.`,
      ),
    );
  }
  return relink(table, attachment, 'associations', false, 'disassociating');
};

/** AWS refuses propagation from a peering attachment: peering carries static routes only. */
export const peeringPropagationRefused = (id: string): AwsError =>
  AwsErrors.invalidParameterValue(
    `Route propagation is not supported for Transit Gateway Peering Attachment ${id}. Peering attachments support static routes only.`,
  );

/**
 * EnableTransitGatewayRouteTablePropagation: an attachment propagates into any number of
 * tables of its gateway, once each; a peering attachment never (decision D34 on the code).
 */
export const enableTransitGatewayRouteTablePropagation: Operation<
  TransitGatewayRouteTableAttachmentInput,
  TgwRouteTableLink
> = (s, input, ctx) => {
  const found = tableAndAttachment(s, input, ctx, true);
  if (!found.ok) return found;
  const { table, attachment } = found.value;
  if (attachment.resourceType === 'peering') return fail(peeringPropagationRefused(attachment.id));
  if (table.propagations.includes(attachment.id)) {
    return fail(
      AwsErrors.code(
        'TransitGatewayRouteTablePropagation.Duplicate',
        `Transit Gateway Attachment ${attachment.id} already propagates to Transit Gateway Route Table ${table.id}.`,
      ),
    );
  }
  return relink(table, attachment, 'propagations', true, 'enabled');
};

/** DisableTransitGatewayRouteTablePropagation: the propagation must exist. */
export const disableTransitGatewayRouteTablePropagation: Operation<
  TransitGatewayRouteTableAttachmentInput,
  TgwRouteTableLink
> = (s, input, ctx) => {
  const found = tableAndAttachment(s, input, ctx, false);
  if (!found.ok) return found;
  const { table, attachment } = found.value;
  if (!table.propagations.includes(attachment.id)) {
    return fail(
      AwsErrors.code(
        'TransitGatewayRouteTablePropagation.NotFound',
        `Transit Gateway Attachment ${attachment.id} does not propagate to Transit Gateway Route Table ${table.id}.`,
      ),
    );
  }
  return relink(table, attachment, 'propagations', false, 'disabled');
};

/** The association of an attachment on a gateway, as GetTransitGatewayAttachment shows it. */
export function associationOf(
  s: Snapshot,
  tgwId: string,
  attachment: TransitGatewayAttachment,
): TgwRouteTableLink | undefined {
  const t = associatedRouteTable(s, tgwId, attachment.id);
  return t ? link(t, attachment, 'associated') : undefined;
}

/** GetTransitGatewayRouteTableAssociations / Propagations: the table's links, in order. */
export function routeTableLinks(
  s: Snapshot,
  t: TransitGatewayRouteTable,
  which: 'associations' | 'propagations',
): TgwRouteTableLink[] {
  return t[which].flatMap((id) => {
    const a = s.get('transit-gateway-attachment', id);
    return a ? [link(t, a, which === 'associations' ? 'associated' : 'enabled')] : [];
  });
}
