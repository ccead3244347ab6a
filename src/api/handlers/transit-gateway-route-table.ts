import { idsParam } from '../../control/params.js';
import { ownedTgwRouteTable } from '../../control/transit-gateway-lookup.js';
import {
  associateTransitGatewayRouteTable,
  createTransitGatewayRouteTable,
  deleteTransitGatewayRouteTable,
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
import type { Ec2Output } from '../protocol/ec2-types.generated.js';
import type { HandlerContext } from './context.js';
import {
  checkMaxResults,
  compileFilters,
  describe,
  flag,
  paginate,
  type FilterTable,
  type WireFilter,
} from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Transit gateway route tables over the EC2 API
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html): create, describe, delete;
 * associations and propagations, and the Get* actions that list them.
 */

type RouteTableOutput = NonNullable<
  Ec2Output<'CreateTransitGatewayRouteTable'>['transitGatewayRouteTable']
>;

/** Whether a table is its gateway's default association / propagation table. */
function defaults(s: Snapshot, t: TransitGatewayRouteTable): { assoc: boolean; prop: boolean } {
  const o = s.get('transit-gateway', t.transitGatewayId)?.options;
  return {
    assoc: o?.associationDefaultRouteTableId === t.id,
    prop: o?.propagationDefaultRouteTableId === t.id,
  };
}

/** EC2 `TransitGatewayRouteTable`; `state` overrides the stored one in answers to changes. */
export function routeTableOutput(
  s: Snapshot,
  t: TransitGatewayRouteTable,
  state: string = t.state,
): RouteTableOutput {
  const d = defaults(s, t);
  return {
    transitGatewayRouteTableId: t.id,
    transitGatewayId: t.transitGatewayId,
    state,
    defaultAssociationRouteTable: d.assoc,
    defaultPropagationRouteTable: d.prop,
    creationTime: new Date(t.creationTime),
    tags: tagSet(t.tags),
  };
}

/** CreateTransitGatewayRouteTable: AWS answers `pending`. */
export const createTransitGatewayRouteTableHandler = defineHandler(
  'CreateTransitGatewayRouteTable',
  (input, ctx) => {
    const tags = tagsFromSpecifications(input.tagSpecifications, 'transit-gateway-route-table');
    if (!tags.ok) return tags;
    const result = ctx.run('CreateTransitGatewayRouteTable', createTransitGatewayRouteTable, {
      transitGatewayId: input.transitGatewayId,
      tags: tags.value,
    });
    return result.ok
      ? ok({
          transitGatewayRouteTable: routeTableOutput(ctx.store.snapshot, result.value, 'pending'),
        })
      : result;
  },
);

/** DeleteTransitGatewayRouteTable: AWS answers `deleting`. */
export const deleteTransitGatewayRouteTableHandler = defineHandler(
  'DeleteTransitGatewayRouteTable',
  (input, ctx) => {
    const result = ctx.run('DeleteTransitGatewayRouteTable', deleteTransitGatewayRouteTable, {
      transitGatewayRouteTableId: input.transitGatewayRouteTableId,
    });
    return result.ok
      ? ok({
          transitGatewayRouteTable: routeTableOutput(ctx.store.snapshot, result.value, 'deleting'),
        })
      : result;
  },
);

/** A table with its default flags, for filtering. */
interface TableView {
  readonly t: TransitGatewayRouteTable;
  readonly assoc: boolean;
  readonly prop: boolean;
  readonly tags: TransitGatewayRouteTable['tags'];
}

/** DescribeTransitGatewayRouteTables filters, as AWS documents them (tags built in). */
export const ROUTE_TABLE_FILTERS: FilterTable<TableView> = {
  'default-association-route-table': (v) => [flag(v.assoc)],
  'default-propagation-route-table': (v) => [flag(v.prop)],
  state: (v) => [v.t.state],
  'transit-gateway-id': (v) => [v.t.transitGatewayId],
  'transit-gateway-route-table-id': (v) => [v.t.id],
};

/** DescribeTransitGatewayRouteTables: the tables of the caller's gateways in its Region. */
export const describeTransitGatewayRouteTablesHandler = defineHandler(
  'DescribeTransitGatewayRouteTables',
  (input, ctx) => {
    const shaped = idsParam('transit-gateway-route-table', input.transitGatewayRouteTableIds);
    if (!shaped.ok) return shaped;
    const s = ctx.store.snapshot;
    const views = ctx.mine('transit-gateway-route-table').map((t) => {
      const d = defaults(s, t);
      return { t, assoc: d.assoc, prop: d.prop, tags: t.tags };
    });
    const page = describe(
      views,
      { ...input, ids: input.transitGatewayRouteTableIds },
      {
        idOf: (v) => v.t.id,
        filters: ROUTE_TABLE_FILTERS,
        noun: 'transit-gateway-route-table',
        idsParameter: 'transitGatewayRouteTableIds',
        idsWithMaxResults: true,
      },
    );
    return page.ok
      ? ok({
          transitGatewayRouteTables: page.value.items.map((v) => routeTableOutput(s, v.t)),
          nextToken: page.value.nextToken,
        })
      : page;
  },
);

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

/** The route table handlers, by action. */
export const TGW_ROUTE_TABLE_HANDLERS = handlerRegistry(
  createTransitGatewayRouteTableHandler,
  describeTransitGatewayRouteTablesHandler,
  deleteTransitGatewayRouteTableHandler,
  associateTransitGatewayRouteTableHandler,
  disassociateTransitGatewayRouteTableHandler,
  enableTransitGatewayRouteTablePropagationHandler,
  disableTransitGatewayRouteTablePropagationHandler,
  getTransitGatewayRouteTableAssociationsHandler,
  getTransitGatewayRouteTablePropagationsHandler,
);
