import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import {
  isGatewayRouteTable,
  isMainRouteTable,
  type RouteTable,
  type RouteTableAssociation,
} from '../model/route-table.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { vpcCidrs } from '../model/vpc.js';
import { newRouteTable } from './defaults.js';
import { idParam, owned, tagsParam } from './params.js';
import { routeKey } from './route-destination.js';
import { attachedInternetGateway, attachedVpnGateway, differentNetworks } from './route-target.js';

/**
 * Route tables and their associations
 * (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html): subnets, the main
 * flag, and gateway (edge) associations with their rules. Routes are in route.ts, destinations in
 * route-destination.ts, targets in route-target.ts; a route's state is derived in the model.
 */

/** Route tables per VPC, the main one included (VPC quotas page). */
export const ROUTE_TABLES_PER_VPC = 200;

// ---------------------------------------------------------------------------------------------
// Route tables

export interface CreateRouteTableInput {
  readonly vpcId: string;
  readonly tags?: readonly Tag[];
}

/** CreateRouteTable: a custom table holding the local route of every VPC block. */
export const createRouteTable: Operation<CreateRouteTableInput, RouteTable> = (s, input, ctx) => {
  const vpc = owned(s, 'vpc', input.vpcId, ctx);
  if (!vpc.ok) return vpc;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  if (s.find('routeTablesByVpc', vpc.value.id).length >= ROUTE_TABLES_PER_VPC) {
    return fail(
      AwsErrors.limitExceeded(
        'RouteTableLimitExceeded',
        `The maximum number of route tables (${ROUTE_TABLES_PER_VPC}) has been reached for VPC ${vpc.value.id}.`,
      ),
    );
  }
  const table = newRouteTable(vpc.value, ctx, false, tags.value);
  return ok({ changes: [{ op: 'put', resource: table }], output: table });
};

export interface RouteTableIdInput {
  readonly routeTableId: string;
}

/** DeleteRouteTable: not the main table, nor one that still has associations. */
export const deleteRouteTable: Operation<RouteTableIdInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  // A gateway endpoint's routes live in the table; the endpoint must let go of it first.
  if (table.associations.length > 0 || s.find('vpcEndpointsByRouteTable', table.id).length > 0) {
    return fail(AwsErrors.hasDependencies('routeTable', table.id));
  }
  return ok({ changes: [{ op: 'delete', kind: 'route-table', id: table.id }], output: true });
};

// ---------------------------------------------------------------------------------------------
// Associations

/**
 * Why a table cannot serve as a gateway route table, if it cannot: routes with targets other
 * than local, an ENI or a GWLB endpoint, destinations outside the VPC, or route propagation.
 */
function edgeProblem(s: Snapshot, table: RouteTable): AwsError | undefined {
  const reject = (why: string) =>
    AwsErrors.invalidParameterValue(
      `Route table ${table.id} cannot be associated with a gateway: ${why}.`,
    );
  if (table.propagatingVgws.length > 0) return reject('route propagation is enabled');
  const vpc = s.get('vpc', table.vpcId);
  const blocks = vpc ? vpcCidrs(vpc) : [];
  for (const r of table.routes) {
    const cidr = r.destinationCidrBlock ?? r.destinationIpv6CidrBlock;
    if (!cidr || !blocks.some((b) => b.containsCidr(cidr))) {
      return reject(`route ${routeKey(r)} goes outside the VPC`);
    }
    const edgeTarget =
      r.gatewayId === 'local' ||
      r.networkInterfaceId !== undefined ||
      r.vpcEndpointId !== undefined;
    if (!edgeTarget) {
      return reject(
        `route ${routeKey(r)} targets something other than local, a network interface or a Gateway Load Balancer endpoint`,
      );
    }
  }
  return undefined;
}

const mainCannotBeGateway = (table: RouteTable): AwsError =>
  AwsErrors.invalidParameterValue(
    `Route table ${table.id} cannot be both the main route table and a gateway route table.`,
  );

/** Checks that `gatewayId` may be edge-associated with `table`. */
function checkGatewayAssociation(
  s: Snapshot,
  table: RouteTable,
  gatewayId: string,
  ctx: OperationContext,
): AwsError | undefined {
  if (gatewayId.startsWith('igw-')) {
    const bad = attachedInternetGateway(s, table, gatewayId, ctx);
    if (bad) return bad;
  } else if (gatewayId.startsWith('vgw-')) {
    const bad = attachedVpnGateway(s, table, gatewayId, ctx);
    if (bad) return bad;
  } else {
    return AwsErrors.invalidParameterValue(
      `The gateway ${gatewayId} cannot be associated with a route table. Only internet gateways and virtual private gateways can.`,
    );
  }
  if (isMainRouteTable(table)) return mainCannotBeGateway(table);
  return edgeProblem(s, table);
}

export interface AssociateRouteTableInput {
  readonly routeTableId: string;
  readonly subnetId?: string;
  readonly gatewayId?: string;
}

/** What the association calls answer. */
export interface AssociationOutput {
  readonly associationId: Id<'route-table-association'>;
  readonly associationState: { readonly state: 'associated' };
}

/**
 * AssociateRouteTable: a subnet (one explicit table per subnet) or, as an edge association, an
 * internet gateway or virtual private gateway attached to the table's VPC (one table per gateway).
 */
export const associateRouteTable: Operation<AssociateRouteTableInput, AssociationOutput> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  if (input.subnetId === undefined && input.gatewayId === undefined) {
    return fail(
      AwsErrors.code(
        'MissingParameter',
        'The request must contain the parameter subnetId or gatewayId',
      ),
    );
  }
  if (input.subnetId !== undefined && input.gatewayId !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The parameter subnetId cannot be used with the parameter gatewayId',
      ),
    );
  }
  const conflict = AwsErrors.code(
    'Resource.AlreadyAssociated',
    `the specified association for route table ${table.id} conflicts with an existing association`,
  );
  let association: RouteTableAssociation;
  if (input.subnetId !== undefined) {
    const subnet = owned(s, 'subnet', input.subnetId, ctx);
    if (!subnet.ok) return subnet;
    if (subnet.value.vpcId !== table.vpcId) {
      return fail(differentNetworks(table, `subnet ${subnet.value.id}`));
    }
    if (s.find('routeTableBySubnet', subnet.value.id).length > 0) return fail(conflict);
    association = {
      routeTableAssociationId: ctx.ids.next('route-table-association'),
      main: false,
      subnetId: subnet.value.id,
    };
  } else {
    const gatewayId = input.gatewayId ?? '';
    const bad = checkGatewayAssociation(s, table, gatewayId, ctx);
    if (bad) return fail(bad);
    if (s.find('routeTableByGateway', gatewayId).length > 0) return fail(conflict);
    association = {
      routeTableAssociationId: ctx.ids.next('route-table-association'),
      main: false,
      gatewayId,
    };
  }
  const next: RouteTable = { ...table, associations: [...table.associations, association] };
  return ok({
    changes: [{ op: 'put', resource: next }],
    output: {
      associationId: association.routeTableAssociationId,
      associationState: { state: 'associated' },
    },
  });
};

/** Finds one of the caller's route table associations by id. */
function findAssociation(
  s: Snapshot,
  associationId: string,
  ctx: OperationContext,
): Result<{ table: RouteTable; association: RouteTableAssociation }, AwsError> {
  const shaped = idParam('route-table-association', associationId);
  if (!shaped.ok) return shaped;
  const table = s
    .find('routeTableByAssociation', associationId)
    .find((t) => t.ownerId === ctx.accountId && t.region === ctx.region);
  const association = table?.associations.find((a) => a.routeTableAssociationId === associationId);
  if (!table || !association) {
    return fail(AwsErrors.notFound('route-table-association', associationId));
  }
  return ok({ table, association });
}

/** DisassociateRouteTable: the subnet falls back to the main table; main itself cannot go. */
export const disassociateRouteTable: Operation<{ readonly associationId: string }, true> = (
  s,
  input,
  ctx,
) => {
  const found = findAssociation(s, input.associationId, ctx);
  if (!found.ok) return found;
  const { table, association } = found.value;
  if (association.main) {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot disassociate the main route table association ${association.routeTableAssociationId}`,
      ),
    );
  }
  const next: RouteTable = {
    ...table,
    associations: table.associations.filter((a) => a !== association),
  };
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};

export interface ReplaceRouteTableAssociationInput {
  readonly associationId: string;
  readonly routeTableId: string;
}

/** What ReplaceRouteTableAssociation answers. */
export interface ReplaceAssociationOutput {
  readonly newAssociationId: Id<'route-table-association'>;
  readonly associationState: { readonly state: 'associated' };
}

/**
 * ReplaceRouteTableAssociation: moves a subnet, gateway or the main flag to another table of
 * the same VPC, under a new association id. Moving main makes every implicitly associated
 * subnet follow.
 */
export const replaceRouteTableAssociation: Operation<
  ReplaceRouteTableAssociationInput,
  ReplaceAssociationOutput
> = (s, input, ctx) => {
  const found = findAssociation(s, input.associationId, ctx);
  if (!found.ok) return found;
  const { table: old, association } = found.value;
  const target = owned(s, 'route-table', input.routeTableId, ctx);
  if (!target.ok) return target;
  if (target.value.vpcId !== old.vpcId) {
    return fail(
      differentNetworks(target.value, `association ${association.routeTableAssociationId}`),
    );
  }
  // Checked on the target as it will be, without the association being moved.
  const without: RouteTable = {
    ...old,
    associations: old.associations.filter((a) => a !== association),
  };
  const base = target.value.id === old.id ? without : target.value;
  if (association.main && isGatewayRouteTable(base)) return fail(mainCannotBeGateway(base));
  if (association.gatewayId !== undefined) {
    if (isMainRouteTable(base)) return fail(mainCannotBeGateway(base));
    const bad = edgeProblem(s, base);
    if (bad) return fail(bad);
  }
  const moved: RouteTableAssociation = {
    ...association,
    routeTableAssociationId: ctx.ids.next('route-table-association'),
  };
  const changes: Change[] = [];
  if (base !== without) changes.push({ op: 'put', resource: without });
  changes.push({ op: 'put', resource: { ...base, associations: [...base.associations, moved] } });
  return ok({
    changes,
    output: {
      newAssociationId: moved.routeTableAssociationId,
      associationState: { state: 'associated' },
    },
  });
};
