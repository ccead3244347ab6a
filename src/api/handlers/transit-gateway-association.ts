import { ownedTgwRouteTable } from '../../control/transit-gateway-lookup.js';
import {
  associateTransitGatewayRouteTable,
  disableTransitGatewayRouteTablePropagation,
  disassociateTransitGatewayRouteTable,
  enableTransitGatewayRouteTablePropagation,
  routeTableLinks,
  type TgwRouteTableLink,
} from '../../control/transit-gateway-route-table.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import { peerTgwOf, type TransitGatewayRouteTable } from '../../model/transit-gateway.js';
import type { HandlerContext } from './context.js';
import {
  checkMaxResults,
  compileFilters,
  paginate,
  type FilterTable,
  type WireFilter,
} from './describe.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Associations and propagations of transit gateway route tables over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html): one association per
 * attachment, propagations many (never from a peering, D33), and the Get* actions listing a
 * table's associations, propagations — and, through `tableListPage`, its prefix-list references.
 */

/**
 * A link as the table's gateway sees it: a peering's resource is the gateway across from the
 * table's own (the operation names the accepter's gateway whichever side the table is on).
 */
function sideOfTable(s: Snapshot, l: TgwRouteTableLink): TgwRouteTableLink {
  const tgwId = s.get(
    'transit-gateway-route-table',
    l.transitGatewayRouteTableId,
  )?.transitGatewayId;
  const a = s.get('transit-gateway-attachment', l.transitGatewayAttachmentId);
  const peer = a && tgwId !== undefined ? peerTgwOf(a, tgwId) : undefined;
  return peer ? { ...l, resourceId: peer.transitGatewayId } : l;
}

/** EC2 `TransitGatewayAssociation` / `TransitGatewayPropagation` from the operation's link. */
const linkOutput = (s: Snapshot, link: TgwRouteTableLink) => {
  const l = sideOfTable(s, link);
  return {
    transitGatewayRouteTableId: l.transitGatewayRouteTableId,
    transitGatewayAttachmentId: l.transitGatewayAttachmentId,
    resourceId: l.resourceId,
    resourceType: l.resourceType,
    state: l.state,
  };
};

/** AssociateTransitGatewayRouteTable: AWS answers `associating`. */
export const associateTransitGatewayRouteTableHandler = defineHandler(
  'AssociateTransitGatewayRouteTable',
  (input, ctx) => {
    const result = ctx.run('AssociateTransitGatewayRouteTable', associateTransitGatewayRouteTable, {
      transitGatewayRouteTableId: input.transitGatewayRouteTableId,
      transitGatewayAttachmentId: input.transitGatewayAttachmentId,
    });
    return result.ok ? ok({ association: linkOutput(ctx.store.snapshot, result.value) }) : result;
  },
);

/** DisassociateTransitGatewayRouteTable: AWS answers `disassociating`. */
export const disassociateTransitGatewayRouteTableHandler = defineHandler(
  'DisassociateTransitGatewayRouteTable',
  (input, ctx) => {
    const result = ctx.run(
      'DisassociateTransitGatewayRouteTable',
      disassociateTransitGatewayRouteTable,
      {
        transitGatewayRouteTableId: input.transitGatewayRouteTableId,
        transitGatewayAttachmentId: input.transitGatewayAttachmentId,
      },
    );
    return result.ok ? ok({ association: linkOutput(ctx.store.snapshot, result.value) }) : result;
  },
);

/**
 * The attachment a propagation request names. Route table announcements (Cloud WAN) are not
 * modelled, so the attachment id is required.
 */
function propagationAttachment(input: {
  readonly transitGatewayAttachmentId?: string;
  readonly transitGatewayRouteTableAnnouncementId?: string;
}): Result<string, AwsError> {
  if (input.transitGatewayRouteTableAnnouncementId !== undefined) {
    return fail(
      AwsErrors.unsupported('Transit gateway route table announcements are not supported.'),
    );
  }
  return input.transitGatewayAttachmentId === undefined
    ? fail(AwsErrors.missingParameter('TransitGatewayAttachmentId'))
    : ok(input.transitGatewayAttachmentId);
}

/** EnableTransitGatewayRouteTablePropagation: never from a peering attachment (D33). */
export const enableTransitGatewayRouteTablePropagationHandler = defineHandler(
  'EnableTransitGatewayRouteTablePropagation',
  (input, ctx) => {
    const id = propagationAttachment(input);
    if (!id.ok) return id;
    const result = ctx.run(
      'EnableTransitGatewayRouteTablePropagation',
      enableTransitGatewayRouteTablePropagation,
      {
        transitGatewayRouteTableId: input.transitGatewayRouteTableId,
        transitGatewayAttachmentId: id.value,
      },
    );
    return result.ok ? ok({ propagation: linkOutput(ctx.store.snapshot, result.value) }) : result;
  },
);

/** DisableTransitGatewayRouteTablePropagation. */
export const disableTransitGatewayRouteTablePropagationHandler = defineHandler(
  'DisableTransitGatewayRouteTablePropagation',
  (input, ctx) => {
    const id = propagationAttachment(input);
    if (!id.ok) return id;
    const result = ctx.run(
      'DisableTransitGatewayRouteTablePropagation',
      disableTransitGatewayRouteTablePropagation,
      {
        transitGatewayRouteTableId: input.transitGatewayRouteTableId,
        transitGatewayAttachmentId: id.value,
      },
    );
    return result.ok ? ok({ propagation: linkOutput(ctx.store.snapshot, result.value) }) : result;
  },
);

/** Filters of GetTransitGatewayRouteTableAssociations / Propagations, as AWS documents them. */
export const LINK_FILTERS: FilterTable<TgwRouteTableLink> = {
  'resource-id': (l) => [l.resourceId],
  'resource-type': (l) => [l.resourceType],
  'transit-gateway-attachment-id': (l) => [l.transitGatewayAttachmentId],
};

/** The paging and filtering part of a Get* request on one table. */
export interface TableListRequest {
  readonly transitGatewayRouteTableId: string;
  readonly filters?: readonly WireFilter[];
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/**
 * One page of a table's items for a Get* action: the caller's table, AWS's filters, MaxResults
 * (5..1000) and NextToken in `idOf` order.
 */
export function tableListPage<T>(
  ctx: HandlerContext,
  input: TableListRequest,
  items: (t: TransitGatewayRouteTable) => T[],
  filters: FilterTable<T>,
  idOf: (x: T) => string,
): Result<{ items: T[]; nextToken: string | undefined }, AwsError> {
  const bad = checkMaxResults(input.maxResults);
  if (bad) return fail(bad);
  const table = ownedTgwRouteTable(
    ctx.store.snapshot,
    input.transitGatewayRouteTableId,
    ctx.caller,
  );
  if (!table.ok) return table;
  const predicate = compileFilters(input.filters, filters);
  if (!predicate.ok) return predicate;
  return paginate(
    items(table.value).filter(predicate.value),
    idOf,
    input.maxResults,
    input.nextToken,
  );
}

/** GetTransitGatewayRouteTableAssociations. */
export const getTransitGatewayRouteTableAssociationsHandler = defineHandler(
  'GetTransitGatewayRouteTableAssociations',
  (input, ctx) => {
    const s = ctx.store.snapshot;
    const page = tableListPage(
      ctx,
      input,
      (t) => routeTableLinks(s, t, 'associations').map((l) => sideOfTable(s, l)),
      LINK_FILTERS,
      (l) => l.transitGatewayAttachmentId,
    );
    if (!page.ok) return page;
    return ok({
      associations: page.value.items.map((l) => ({
        transitGatewayAttachmentId: l.transitGatewayAttachmentId,
        resourceId: l.resourceId,
        resourceType: l.resourceType,
        state: l.state,
      })),
      nextToken: page.value.nextToken,
    });
  },
);

/** GetTransitGatewayRouteTablePropagations. */
export const getTransitGatewayRouteTablePropagationsHandler = defineHandler(
  'GetTransitGatewayRouteTablePropagations',
  (input, ctx) => {
    const s = ctx.store.snapshot;
    const page = tableListPage(
      ctx,
      input,
      (t) => routeTableLinks(s, t, 'propagations').map((l) => sideOfTable(s, l)),
      LINK_FILTERS,
      (l) => l.transitGatewayAttachmentId,
    );
    if (!page.ok) return page;
    return ok({
      transitGatewayRouteTablePropagations: page.value.items.map((l) => ({
        transitGatewayAttachmentId: l.transitGatewayAttachmentId,
        resourceId: l.resourceId,
        resourceType: l.resourceType,
        state: l.state,
      })),
      nextToken: page.value.nextToken,
    });
  },
);

/** The association and propagation handlers, by action. */
export const TGW_ASSOCIATION_HANDLERS = handlerRegistry(
  associateTransitGatewayRouteTableHandler,
  disassociateTransitGatewayRouteTableHandler,
  enableTransitGatewayRouteTablePropagationHandler,
  disableTransitGatewayRouteTablePropagationHandler,
  getTransitGatewayRouteTableAssociationsHandler,
  getTransitGatewayRouteTablePropagationsHandler,
);
