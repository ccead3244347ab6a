import { Cidr } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  attachmentGateways,
  tgwRoutes,
  type TgwPrefixListReference,
  type TgwRoute,
  type TgwStaticRoute,
  type TransitGatewayRouteTable,
} from '../model/transit-gateway.js';
import { idParam, visiblePrefixList } from './params.js';
import {
  attachmentNotFound,
  incorrectState,
  ownedTgwRouteTable,
  visibleAttachment,
} from './transit-gateway-lookup.js';

/**
 * Static routes and prefix-list references of transit gateway route tables: to an attachment
 * of the table's gateway, or a blackhole (drop). One static route per prefix per table.
 */

/** Routes across all route tables of one transit gateway (quota, current docs). */
export const MAX_ROUTES_PER_TGW = 10_000;

export interface TransitGatewayRouteInput {
  readonly transitGatewayRouteTableId: string;
  readonly destinationCidrBlock: string;
  readonly transitGatewayAttachmentId?: string;
  readonly blackhole?: boolean;
}

/** EC2 `TransitGatewayRoute` as the route actions answer it. */
export interface TransitGatewayRouteOutput {
  readonly destinationCidrBlock: string;
  readonly type: 'static';
  readonly state: 'active' | 'blackhole';
  readonly transitGatewayAttachmentId?: Id<'transit-gateway-attachment'>;
}

/**
 * The target of a static route or reference: exactly one of an attachment and `blackhole`;
 * the attachment must be of the table's gateway and available.
 */
function targetParam(
  s: Snapshot,
  table: TransitGatewayRouteTable,
  attachmentId: string | undefined,
  blackhole: boolean | undefined,
  ctx: OperationContext,
): Result<Id<'transit-gateway-attachment'> | undefined, AwsError> {
  if (blackhole === true) {
    if (attachmentId !== undefined) {
      return fail(
        AwsErrors.invalidParameterCombination(
          'The parameter TransitGatewayAttachmentId cannot be used with the parameter Blackhole',
        ),
      );
    }
    return ok(undefined);
  }
  if (attachmentId === undefined) {
    return fail(AwsErrors.missingParameter('TransitGatewayAttachmentId or Blackhole'));
  }
  const found = visibleAttachment(s, attachmentId, ctx);
  if (!found.ok) return found;
  if (!attachmentGateways(found.value).includes(table.transitGatewayId)) {
    return fail(attachmentNotFound(attachmentId));
  }
  if (found.value.state !== 'available') {
    return fail(
      incorrectState(
        `Transit Gateway Attachment ${attachmentId} is in ${found.value.state} state.`,
      ),
    );
  }
  return ok(found.value.id);
}

/** The destination of a static route: any IPv4 or IPv6 CIDR, canonicalised. */
function destinationParam(text: string | undefined): Result<Cidr, AwsError> {
  if (text === undefined) return fail(AwsErrors.missingParameter('DestinationCidrBlock'));
  const c = Cidr.parse(text);
  return c ? ok(c) : fail(AwsErrors.invalidCidr('DestinationCidrBlock', text));
}

/** Static routes plus reference entries of every table of a gateway. */
function routeCount(s: Snapshot, tgwId: string): number {
  let n = 0;
  for (const t of s.find('tgwRouteTablesByGateway', tgwId))
    n += t.routes.length + t.prefixListReferences.length;
  return n;
}

const output = (s: Snapshot, r: TgwStaticRoute): TransitGatewayRouteOutput => {
  const a =
    r.transitGatewayAttachmentId &&
    s.get('transit-gateway-attachment', r.transitGatewayAttachmentId);
  return {
    destinationCidrBlock: r.destinationCidrBlock.toString(),
    type: 'static',
    state: !r.blackhole && a && a.state === 'available' ? 'active' : 'blackhole',
    ...(r.transitGatewayAttachmentId
      ? { transitGatewayAttachmentId: r.transitGatewayAttachmentId }
      : {}),
  };
};

/** Shared by create and replace: the table, the parsed route, and the index of an existing one. */
function routeRequest(
  s: Snapshot,
  input: TransitGatewayRouteInput,
  ctx: OperationContext,
): Result<{ table: TransitGatewayRouteTable; route: TgwStaticRoute; at: number }, AwsError> {
  const found = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = destinationParam(input.destinationCidrBlock);
  if (!dest.ok) return dest;
  const target = targetParam(s, table, input.transitGatewayAttachmentId, input.blackhole, ctx);
  if (!target.ok) return target;
  const route: TgwStaticRoute = {
    destinationCidrBlock: dest.value,
    ...(target.value ? { transitGatewayAttachmentId: target.value } : {}),
    blackhole: target.value === undefined,
  };
  const at = table.routes.findIndex((r) => r.destinationCidrBlock.equals(dest.value));
  return ok({ table, route, at });
}

/**
 * CreateTransitGatewayRoute: one static route per prefix (RouteAlreadyExists: "Route … already
 * exists in Transit Gateway Route Table …."); a static route hides a propagated one.
 */
export const createTransitGatewayRoute: Operation<
  TransitGatewayRouteInput,
  TransitGatewayRouteOutput
> = (s, input, ctx) => {
  const req = routeRequest(s, input, ctx);
  if (!req.ok) return req;
  const { table, route, at } = req.value;
  if (at >= 0) {
    return fail(
      AwsErrors.code(
        'RouteAlreadyExists',
        `Route ${route.destinationCidrBlock.toString()} already exists in Transit Gateway Route Table ${table.id}.`,
      ),
    );
  }
  if (routeCount(s, table.transitGatewayId) >= MAX_ROUTES_PER_TGW) {
    return fail(
      AwsErrors.limitExceeded(
        'TransitGatewayRouteLimitExceeded',
        `${table.transitGatewayId} already has ${MAX_ROUTES_PER_TGW} routes across its route tables.`,
      ),
    );
  }
  const next: TransitGatewayRouteTable = { ...table, routes: [...table.routes, route] };
  return ok({ changes: [{ op: 'put', resource: next }], output: output(s, route) });
};

const noRoute = (table: TransitGatewayRouteTable, dest: string): AwsError =>
  AwsErrors.code(
    'InvalidRoute.NotFound',
    `No route with destination-cidr-block ${dest} in Transit Gateway Route Table ${table.id}.`,
  );

/** ReplaceTransitGatewayRoute: a static route of that prefix must exist. */
export const replaceTransitGatewayRoute: Operation<
  TransitGatewayRouteInput,
  TransitGatewayRouteOutput
> = (s, input, ctx) => {
  const req = routeRequest(s, input, ctx);
  if (!req.ok) return req;
  const { table, route, at } = req.value;
  if (at < 0) return fail(noRoute(table, route.destinationCidrBlock.toString()));
  const routes = table.routes.map((r, i) => (i === at ? route : r));
  return ok({ changes: [{ op: 'put', resource: { ...table, routes } }], output: output(s, route) });
};

export interface DeleteTransitGatewayRouteInput {
  readonly transitGatewayRouteTableId: string;
  readonly destinationCidrBlock: string;
}

/** DeleteTransitGatewayRoute: static routes only (propagated routes go with their propagation). */
export const deleteTransitGatewayRoute: Operation<
  DeleteTransitGatewayRouteInput,
  TransitGatewayRouteOutput
> = (s, input, ctx) => {
  const found = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = destinationParam(input.destinationCidrBlock);
  if (!dest.ok) return dest;
  const route = table.routes.find((r) => r.destinationCidrBlock.equals(dest.value));
  if (!route) return fail(noRoute(table, dest.value.toString()));
  const next: TransitGatewayRouteTable = {
    ...table,
    routes: table.routes.filter((r) => r !== route),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: output(s, route) });
};

export interface TransitGatewayPrefixListReferenceInput {
  readonly transitGatewayRouteTableId: string;
  readonly prefixListId: string;
  readonly transitGatewayAttachmentId?: string;
  readonly blackhole?: boolean;
}

/** EC2 `TransitGatewayPrefixListReference`. */
export interface TransitGatewayPrefixListReferenceOutput {
  readonly transitGatewayRouteTableId: Id<'transit-gateway-route-table'>;
  readonly prefixListId: Id<'prefix-list'>;
  readonly prefixListOwnerId: string;
  readonly state: 'pending' | 'available' | 'modifying' | 'deleting';
  readonly blackhole: boolean;
  readonly transitGatewayAttachmentId?: Id<'transit-gateway-attachment'>;
}

const refOutput = (
  table: TransitGatewayRouteTable,
  r: TgwPrefixListReference,
  state: TransitGatewayPrefixListReferenceOutput['state'],
): TransitGatewayPrefixListReferenceOutput => ({
  transitGatewayRouteTableId: table.id,
  prefixListId: r.prefixListId,
  prefixListOwnerId: r.prefixListOwnerId,
  state,
  blackhole: r.blackhole,
  ...(r.transitGatewayAttachmentId
    ? { transitGatewayAttachmentId: r.transitGatewayAttachmentId }
    : {}),
});

function referenceRequest(
  s: Snapshot,
  input: TransitGatewayPrefixListReferenceInput,
  ctx: OperationContext,
): Result<{ table: TransitGatewayRouteTable; ref: TgwPrefixListReference; at: number }, AwsError> {
  const found = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  if (input.prefixListId === undefined) return fail(AwsErrors.missingParameter('PrefixListId'));
  const plId = idParam('prefix-list', input.prefixListId);
  if (!plId.ok) return plId;
  const pl = visiblePrefixList(s, plId.value, ctx);
  if (!pl.ok) return pl;
  const target = targetParam(s, table, input.transitGatewayAttachmentId, input.blackhole, ctx);
  if (!target.ok) return target;
  const ref: TgwPrefixListReference = {
    prefixListId: pl.value.id,
    prefixListOwnerId: pl.value.ownerId,
    ...(target.value ? { transitGatewayAttachmentId: target.value } : {}),
    blackhole: target.value === undefined,
  };
  const at = table.prefixListReferences.findIndex((r) => r.prefixListId === pl.value.id);
  return ok({ table, ref, at });
}

/** CreateTransitGatewayPrefixListReference: one reference per prefix list per table. */
export const createTransitGatewayPrefixListReference: Operation<
  TransitGatewayPrefixListReferenceInput,
  TransitGatewayPrefixListReferenceOutput
> = (s, input, ctx) => {
  const req = referenceRequest(s, input, ctx);
  if (!req.ok) return req;
  const { table, ref, at } = req.value;
  if (at >= 0) {
    return fail(
      AwsErrors.code(
        'InvalidPrefixListReference.Duplicate',
        `Transit Gateway Route Table ${table.id} already references prefix list ${ref.prefixListId}.`,
      ),
    );
  }
  const next = { ...table, prefixListReferences: [...table.prefixListReferences, ref] };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: refOutput(next, ref, 'available'),
  });
};

const noReference = (table: TransitGatewayRouteTable, plId: string): AwsError =>
  AwsErrors.code(
    'InvalidPrefixListReference.NotFound',
    `Transit Gateway Route Table ${table.id} has no reference to prefix list ${plId}.`,
  );

/** ModifyTransitGatewayPrefixListReference: change the target of an existing reference. */
export const modifyTransitGatewayPrefixListReference: Operation<
  TransitGatewayPrefixListReferenceInput,
  TransitGatewayPrefixListReferenceOutput
> = (s, input, ctx) => {
  const req = referenceRequest(s, input, ctx);
  if (!req.ok) return req;
  const { table, ref, at } = req.value;
  if (at < 0) return fail(noReference(table, ref.prefixListId));
  const refs = table.prefixListReferences.map((r, i) => (i === at ? ref : r));
  const next = { ...table, prefixListReferences: refs };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: refOutput(next, ref, 'modifying'),
  });
};

export interface DeleteTransitGatewayPrefixListReferenceInput {
  readonly transitGatewayRouteTableId: string;
  readonly prefixListId: string;
}

/** DeleteTransitGatewayPrefixListReference. */
export const deleteTransitGatewayPrefixListReference: Operation<
  DeleteTransitGatewayPrefixListReferenceInput,
  TransitGatewayPrefixListReferenceOutput
> = (s, input, ctx) => {
  const found = ownedTgwRouteTable(s, input.transitGatewayRouteTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  if (input.prefixListId === undefined) return fail(AwsErrors.missingParameter('PrefixListId'));
  const plId = idParam('prefix-list', input.prefixListId);
  if (!plId.ok) return plId;
  const ref = table.prefixListReferences.find((r) => r.prefixListId === plId.value);
  if (!ref) return fail(noReference(table, plId.value));
  const next = {
    ...table,
    prefixListReferences: table.prefixListReferences.filter((r) => r !== ref),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: refOutput(next, ref, 'deleting') });
};

/** The routes a table shows (static hides propagated), for describe and search. */
export const routesOfTable = (s: Snapshot, t: TransitGatewayRouteTable): TgwRoute[] =>
  tgwRoutes(s, t);
