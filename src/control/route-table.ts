import { Cidr, type Family } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { parseId, type Id } from '../model/ids.js';
import type { Operation, OperationContext } from '../model/operation.js';
import type { PeeringStatusCode } from '../model/vpc-peering.js';
import { fail, ok, type Result } from '../model/result.js';
import {
  ROUTE_TARGET_FIELDS,
  type Route,
  type RouteTable,
  type RouteTableAssociation,
  type RouteTargetField,
} from '../model/route-table.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import { vpcCidrs, type Vpc } from '../model/vpc.js';
import { localRoute, newRouteTable } from './defaults.js';
import { cidrParam, idParam, owned, tagsParam } from './params.js';

/**
 * Route tables, their associations and their routes
 * (https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html), with AWS's rules
 * for local routes, more-specific routes, gateway (edge) route tables and route targets.
 */

/** Non-propagated routes per table, per address family (VPC quotas page). */
export const ROUTES_PER_TABLE = 50;
/** Route tables per VPC, the main one included (VPC quotas page). */
export const ROUTE_TABLES_PER_VPC = 200;

const c = (text: string) => Cidr.parse(text) as Cidr;
/** AWS keeps these for its own services (IMDS, DNS): no route may go to them or inside them. */
const RESERVED = [c('169.254.168.0/22'), c('fd00:ec2::/32')];
/** NAT64's well-known prefix: the only IPv6 destinations a NAT gateway route may have (spec §8.2). */
const NAT64_PREFIX = c('64:ff9b::/96');
const VGW_ID = /^vgw-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const TGW_ID = /^tgw-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

// ---------------------------------------------------------------------------------------------
// Helpers other modules use

/** True for a VPC block's local route, whether or not its target was replaced. */
export const isLocalRoute = (r: Route): boolean => r.origin === 'CreateRouteTable';

/** A route's destination as AWS prints it: the canonical CIDR or the prefix-list id. */
export function routeKey(r: Route): string {
  return (
    (r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.toString() ??
    r.destinationPrefixListId ??
    ''
  );
}

/** True for a route a gateway endpoint owns (prefix-list destination, `vpce-` gateway). */
export const isGatewayEndpointRoute = (r: Route): boolean =>
  r.gatewayId?.startsWith('vpce-') ?? false;

/** True for a route table associated with an internet or virtual private gateway. */
export const isGatewayRouteTable = (t: RouteTable): boolean =>
  t.associations.some((a) => a.gatewayId !== undefined);

/** True for the VPC's main route table. */
export const isMainRouteTable = (t: RouteTable): boolean => t.associations.some((a) => a.main);

/**
 * A route's state, derived from its target: `blackhole` when the target is gone or unusable
 * (gateway deleted or detached from the table's VPC, NAT gateway deleted, ENI gone, instance
 * not running, peering not active). Pass the route's table so gateway attachments are checked
 * against its VPC; without it, any attachment counts.
 */
export function routeState(
  s: Snapshot,
  route: Route,
  table?: Pick<RouteTable, 'vpcId'>,
): 'active' | 'blackhole' {
  const attached = (atts: readonly { vpcId: string }[]) =>
    atts.some((a) => table === undefined || a.vpcId === table.vpcId);
  const state = (up: boolean) => (up ? 'active' : 'blackhole');
  const gw = route.gatewayId;
  if (gw !== undefined) {
    if (gw === 'local') return 'active';
    if (gw.startsWith('igw-')) {
      const igw = s.get('internet-gateway', gw);
      return state(igw !== undefined && attached(igw.attachments));
    }
    if (gw.startsWith('vpce-')) return state(s.get('vpc-endpoint', gw) !== undefined);
    // Virtual private gateways are not modelled yet: their routes read as active.
    return 'active';
  }
  if (route.egressOnlyInternetGatewayId !== undefined) {
    const eigw = s.get('egress-only-internet-gateway', route.egressOnlyInternetGatewayId);
    return state(eigw !== undefined && attached(eigw.attachments));
  }
  if (route.natGatewayId !== undefined) {
    const nat = s.get('nat-gateway', route.natGatewayId);
    return state(nat !== undefined && nat.state !== 'deleted');
  }
  if (route.instanceId !== undefined) {
    const instance = s.get('instance', route.instanceId);
    if (!instance || instance.state !== 'running') return 'blackhole';
  }
  if (route.networkInterfaceId !== undefined) {
    const eni = s.get('network-interface', route.networkInterfaceId);
    if (!eni) return 'blackhole';
    const owner = eni.attachment && s.get('instance', eni.attachment.instanceId);
    return state(owner === undefined || owner.state === 'running');
  }
  if (route.instanceId !== undefined) return 'active';
  if (route.vpcPeeringConnectionId !== undefined) {
    const pcx = s.get('vpc-peering-connection', route.vpcPeeringConnectionId);
    return state(pcx?.status.code === 'active');
  }
  if (route.vpcEndpointId !== undefined) {
    return state(s.get('vpc-endpoint', route.vpcEndpointId) !== undefined);
  }
  // Transit gateways are not modelled yet: their routes read as active.
  if (route.transitGatewayId !== undefined) return 'active';
  return 'blackhole';
}

/** The address family and quota weight of a route: a prefix list weighs its max entries. */
function routeWeight(s: Snapshot, r: Route): { family: Family; weight: number } {
  const cidr = r.destinationCidrBlock ?? r.destinationIpv6CidrBlock;
  if (cidr) return { family: cidr.family, weight: 1 };
  const list = r.destinationPrefixListId && s.get('prefix-list', r.destinationPrefixListId);
  if (!list) return { family: 4, weight: 1 };
  return { family: list.addressFamily === 'IPv4' ? 4 : 6, weight: list.maxEntries };
}

/**
 * The routes of one family that count against the 50-routes quota: every non-propagated route
 * but the local ones, a prefix-list destination counting as its max entries.
 */
export function routeQuotaCount(s: Snapshot, table: RouteTable, family: Family): number {
  let n = 0;
  for (const r of table.routes) {
    if (isLocalRoute(r) || r.origin === 'EnableVgwRoutePropagation') continue;
    const w = routeWeight(s, r);
    if (w.family === family) n += w.weight;
  }
  return n;
}

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

const differentNetworks = (table: RouteTable, what: string): AwsError =>
  AwsErrors.invalidParameterValue(
    `route table ${table.id} and ${what} belong to different networks`,
  );

const gatewayNotFound = (id: string): AwsError =>
  AwsErrors.code('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);

/** Finds an internet gateway the caller owns and checks it is attached to the table's VPC. */
function attachedInternetGateway(
  s: Snapshot,
  table: RouteTable,
  id: string,
  ctx: OperationContext,
): AwsError | undefined {
  const igw = parseId('internet-gateway', id) && s.get('internet-gateway', id);
  if (!igw || igw.ownerId !== ctx.accountId || igw.region !== ctx.region) {
    return gatewayNotFound(id);
  }
  if (!igw.attachments.some((a) => a.vpcId === table.vpcId)) {
    return differentNetworks(table, `network gateway ${id}`);
  }
  return undefined;
}

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
  } else if (!VGW_ID.test(gatewayId)) {
    // Virtual private gateways are not modelled yet: any well-formed vgw- id is accepted.
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

// ---------------------------------------------------------------------------------------------
// Routes: destinations

const DESTINATION_FIELDS = [
  'destinationCidrBlock',
  'destinationIpv6CidrBlock',
  'destinationPrefixListId',
] as const;
type DestinationField = (typeof DESTINATION_FIELDS)[number];

/** AWS's wire names of the destination fields, as its "no route" message spells them. */
const DESTINATION_WIRE: Record<DestinationField, string> = {
  destinationCidrBlock: 'destination-cidr-block',
  destinationIpv6CidrBlock: 'destination-ipv6-cidr-block',
  destinationPrefixListId: 'destination-prefix-list-id',
};

export type RouteDestinationInput = { readonly routeTableId: string } & {
  readonly [F in DestinationField]?: string;
};

/** A parsed destination: a canonical CIDR or a prefix-list id, and its key for matching. */
type Destination =
  | {
      readonly field: 'destinationCidrBlock' | 'destinationIpv6CidrBlock';
      readonly key: string;
      readonly cidr: Cidr;
      readonly prefixListId?: undefined;
    }
  | {
      readonly field: 'destinationPrefixListId';
      readonly key: string;
      readonly cidr?: undefined;
      readonly prefixListId: Id<'prefix-list'>;
    };

/** Parses exactly one destination field (prefix lists by shape only; see `prefixList`). */
function parseDestination(input: RouteDestinationInput): Result<Destination, AwsError> {
  const given = DESTINATION_FIELDS.filter((f) => input[f] !== undefined);
  const [field, other] = given;
  if (field === undefined) {
    return fail(
      AwsErrors.code(
        'MissingParameter',
        `The request must contain exactly one of the parameters ${DESTINATION_FIELDS.join(', ')}`,
      ),
    );
  }
  if (other !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter ${field} cannot be used with the parameter ${other}`,
      ),
    );
  }
  const text = input[field] ?? '';
  if (field === 'destinationPrefixListId') {
    const id = idParam('prefix-list', text);
    if (!id.ok) return id;
    return ok({ field, key: id.value, prefixListId: id.value });
  }
  const cidr = cidrParam(field, text, field === 'destinationCidrBlock' ? 4 : 6);
  if (!cidr.ok) return cidr;
  return ok({ field, key: cidr.value.toString(), cidr: cidr.value });
}

/** A prefix list the caller may route to: its own or AWS-managed, in its Region. */
function prefixList(s: Snapshot, id: Id<'prefix-list'>, ctx: OperationContext) {
  const list = s.get('prefix-list', id);
  if (!list || list.region !== ctx.region || !(list.awsManaged || list.ownerId === ctx.accountId)) {
    return fail(AwsErrors.notFound('prefix-list', id));
  }
  return ok(list);
}

/** The family of a destination; prefix lists must exist and be visible. */
function destinationFamily(
  s: Snapshot,
  dest: Destination,
  ctx: OperationContext,
): Result<Family, AwsError> {
  if (dest.cidr) return ok(dest.cidr.family);
  const list = prefixList(s, dest.prefixListId, ctx);
  if (!list.ok) return list;
  return ok(list.value.addressFamily === 'IPv4' ? 4 : 6);
}

function destinationFields(dest: Destination): Pick<Route, DestinationField> {
  if (!dest.cidr) return { destinationPrefixListId: dest.prefixListId };
  return dest.cidr.family === 4
    ? { destinationCidrBlock: dest.cidr }
    : { destinationIpv6CidrBlock: dest.cidr };
}

// ---------------------------------------------------------------------------------------------
// Routes: targets

/** What a target is, for the rules that depend on it. */
type TargetKind = 'igw' | 'vgw' | 'eigw' | 'nat' | 'eni' | 'instance' | 'pcx' | 'gwlbe' | 'tgw';

interface Target {
  readonly kind: TargetKind;
  readonly fields: Partial<Pick<Route, RouteTargetField>>;
}

/** Targets allowed on a route more specific than local, and on a replaced local route. */
const MIDDLEBOX: ReadonlySet<TargetKind> = new Set(['nat', 'eni', 'instance', 'gwlbe']);
/** Targets allowed in a gateway route table (besides local). */
const EDGE: ReadonlySet<TargetKind> = new Set(['eni', 'instance', 'gwlbe']);

export type RouteTargetInput = { readonly [F in RouteTargetField]?: string };

/** Peering states in which a peering can no longer carry routes. */
const DEAD_PEERING: ReadonlySet<PeeringStatusCode> = new Set([
  'deleted',
  'deleting',
  'rejected',
  'failed',
  'expired',
]);

/** Resolves exactly one target field to a target that exists and serves the table's VPC. */
function resolveTarget(
  s: Snapshot,
  table: RouteTable,
  input: RouteTargetInput,
  ctx: OperationContext,
): Result<Target, AwsError> {
  const given = ROUTE_TARGET_FIELDS.filter((f) => input[f] !== undefined);
  const [field, other] = given;
  if (field === undefined) {
    return fail(
      AwsErrors.code(
        'MissingParameter',
        `The request must contain exactly one of the parameters ${ROUTE_TARGET_FIELDS.join(', ')}`,
      ),
    );
  }
  if (other !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter ${field} cannot be used with the parameter ${other}`,
      ),
    );
  }
  const id = input[field] ?? '';
  switch (field) {
    case 'gatewayId':
      return gatewayTarget(s, table, id, ctx);
    case 'egressOnlyInternetGatewayId': {
      const eigw = owned(s, 'egress-only-internet-gateway', id, ctx);
      if (!eigw.ok) return eigw;
      if (!eigw.value.attachments.some((a) => a.vpcId === table.vpcId)) {
        return fail(differentNetworks(table, `network gateway ${id}`));
      }
      return ok({ kind: 'eigw', fields: { egressOnlyInternetGatewayId: eigw.value.id } });
    }
    case 'natGatewayId': {
      const shaped = idParam('nat-gateway', id);
      if (!shaped.ok) return shaped;
      const nat = s.get('nat-gateway', id);
      if (
        !nat ||
        nat.ownerId !== ctx.accountId ||
        nat.region !== ctx.region ||
        nat.state === 'deleted'
      ) {
        return fail(
          AwsErrors.code(
            'InvalidNatGatewayID.NotFound',
            `The natGateway ID '${id}' does not exist`,
          ),
        );
      }
      if (nat.vpcId !== table.vpcId) return fail(differentNetworks(table, `NAT gateway ${id}`));
      return ok({ kind: 'nat', fields: { natGatewayId: nat.id } });
    }
    case 'networkInterfaceId': {
      const eni = owned(s, 'network-interface', id, ctx);
      if (!eni.ok) return eni;
      if (eni.value.vpcId !== table.vpcId) return fail(differentNetworks(table, `interface ${id}`));
      return ok({ kind: 'eni', fields: { networkInterfaceId: eni.value.id } });
    }
    case 'instanceId':
      return instanceTarget(s, table, id, ctx);
    case 'vpcPeeringConnectionId':
      return peeringTarget(s, table, id, ctx);
    case 'vpcEndpointId': {
      const vpce = owned(s, 'vpc-endpoint', id, ctx);
      if (!vpce.ok) return vpce;
      if (vpce.value.vpcEndpointType !== 'GatewayLoadBalancer') {
        return fail(
          AwsErrors.invalidParameterValue(
            `The VPC endpoint ${id} is not a Gateway Load Balancer endpoint. Only Gateway Load Balancer endpoints can be route targets.`,
          ),
        );
      }
      if (vpce.value.vpcId !== table.vpcId)
        return fail(differentNetworks(table, `vpc endpoint ${id}`));
      return ok({ kind: 'gwlbe', fields: { vpcEndpointId: vpce.value.id } });
    }
    case 'transitGatewayId':
      // Transit gateways land later: any well-formed id is accepted for now.
      if (!TGW_ID.test(id)) {
        return fail(AwsErrors.malformedId('InvalidTransitGatewayID.Malformed', id, 'tgw'));
      }
      return ok({ kind: 'tgw', fields: { transitGatewayId: id } });
    case 'localGatewayId':
    case 'carrierGatewayId':
    case 'coreNetworkArn':
      return fail(
        AwsErrors.unsupported(
          `Routes with ${field} (Outposts, Wavelength, Cloud WAN) are not supported by vpctwin.`,
        ),
      );
  }
}

/** `gatewayId`: an internet gateway attached to the VPC or a virtual private gateway. */
function gatewayTarget(
  s: Snapshot,
  table: RouteTable,
  id: string,
  ctx: OperationContext,
): Result<Target, AwsError> {
  if (id.startsWith('igw-')) {
    const bad = attachedInternetGateway(s, table, id, ctx);
    return bad ? fail(bad) : ok({ kind: 'igw', fields: { gatewayId: id } });
  }
  // Virtual private gateways are not modelled yet: any well-formed vgw- id is accepted.
  if (VGW_ID.test(id)) return ok({ kind: 'vgw', fields: { gatewayId: id } });
  if (id.startsWith('vpce-')) {
    // Gateway endpoints add their own routes (https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html).
    return fail(
      AwsErrors.invalidParameterValue(
        `Routes to gateway endpoint ${id} are managed by the endpoint; choose its route tables with ModifyVpcEndpoint instead.`,
      ),
    );
  }
  // AWS answers any other id given as gatewayId (nat-, eni-, …) as an unknown gateway.
  return fail(gatewayNotFound(id));
}

/** `instanceId`: an instance with exactly one ENI; the route records that ENI too, as AWS does. */
function instanceTarget(
  s: Snapshot,
  table: RouteTable,
  id: string,
  ctx: OperationContext,
): Result<Target, AwsError> {
  const instance = owned(s, 'instance', id, ctx);
  if (!instance.ok) return instance;
  if (instance.value.state === 'terminated') {
    return fail(
      AwsErrors.incorrectState(
        'IncorrectInstanceState',
        `The instance '${id}' is terminated and cannot be a route target.`,
      ),
    );
  }
  if (instance.value.vpcId !== table.vpcId) return fail(differentNetworks(table, `instance ${id}`));
  const enis = s.find('networkInterfacesByInstance', instance.value.id);
  const [eni, extra] = enis;
  if (!eni || extra) {
    return fail(
      AwsErrors.code(
        'InvalidInstanceID',
        enis.length === 0
          ? `The instance '${id}' has no network interface attached.`
          : `There are multiple interfaces attached to instance '${id}'. Please specify an interface ID for the operation instead.`,
      ),
    );
  }
  return ok({
    kind: 'instance',
    fields: { instanceId: instance.value.id, networkInterfaceId: eni.id },
  });
}

/** `vpcPeeringConnectionId`: a live peering with the table's VPC on one side. */
function peeringTarget(
  s: Snapshot,
  table: RouteTable,
  id: string,
  ctx: OperationContext,
): Result<Target, AwsError> {
  const shaped = idParam('vpc-peering-connection', id);
  if (!shaped.ok) return shaped;
  const pcx = s.get('vpc-peering-connection', id);
  const sides = pcx ? [pcx.requesterVpcInfo, pcx.accepterVpcInfo] : [];
  // Stored once, in the requester's Region: either side's account sees it from its own Region.
  const visible = sides.some((v) => v.ownerId === ctx.accountId && v.region === ctx.region);
  if (!pcx || !visible || DEAD_PEERING.has(pcx.status.code)) {
    return fail(AwsErrors.notFound('vpc-peering-connection', id));
  }
  // A route may be added while the peering is pending; it reads as blackhole until active.
  if (!sides.some((v) => v.vpcId === table.vpcId)) {
    return fail(differentNetworks(table, `vpc peering connection ${id}`));
  }
  return ok({ kind: 'pcx', fields: { vpcPeeringConnectionId: pcx.id } });
}

/** Checks the destination's family against the target (EIGW is IPv6-only; NAT is IPv4 + NAT64). */
function checkFamily(target: Target, family: Family, dest: Destination): AwsError | undefined {
  if (target.kind === 'eigw' && family !== 6) {
    return AwsErrors.invalidParameterValue(
      `An egress-only internet gateway only routes IPv6 traffic; ${dest.key} is not an IPv6 destination.`,
    );
  }
  // The API reference says "IPv4 traffic only", yet NAT64 needs 64:ff9b::/96 → nat (spec §8.2).
  if (
    target.kind === 'nat' &&
    family === 6 &&
    !(dest.cidr && NAT64_PREFIX.containsCidr(dest.cidr))
  ) {
    return AwsErrors.invalidParameterValue(
      `A NAT gateway routes IPv6 traffic only inside ${NAT64_PREFIX.toString()} (NAT64); ${dest.key} is outside it.`,
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Routes: rules on destinations

/** Destinations AWS reserves: the range itself or anything inside it (a larger CIDR is fine). */
function checkReserved(dest: Destination): AwsError | undefined {
  const cidr = dest.cidr;
  const hit = cidr && RESERVED.find((r) => r.containsCidr(cidr));
  return hit
    ? AwsErrors.invalidParameterValue(
        `The destination CIDR block ${dest.key} is equal to or inside the reserved range ${hit.toString()}.`,
      )
    : undefined;
}

/** True when some subnet of the VPC has exactly this block. */
function isSubnetBlock(s: Snapshot, vpc: Vpc, cidr: Cidr): boolean {
  return s
    .find('subnetsByVpc', vpc.id)
    .some(
      (sn) =>
        sn.cidrBlock?.equals(cidr) ||
        sn.ipv6CidrBlockAssociationSet.some((a) => a.ipv6CidrBlock.equals(cidr)),
    );
}

/**
 * The rules on a non-local route's destination (spec §1.1, §1.2.4): a VPC block's destination
 * belongs to its local route; a more specific one must be exactly a subnet's block, with a NAT
 * gateway, ENI or GWLB endpoint target; a gateway route table stays inside the VPC and targets
 * only ENIs and GWLB endpoints.
 */
function checkDestination(
  s: Snapshot,
  table: RouteTable,
  vpc: Vpc,
  dest: Destination,
  target: Target,
): AwsError | undefined {
  const cidr = dest.cidr;
  const blocks = vpcCidrs(vpc);
  if (isGatewayRouteTable(table)) {
    if (!cidr) {
      return AwsErrors.invalidParameterValue(
        `Route table ${table.id} is a gateway route table; its routes cannot have a prefix list destination.`,
      );
    }
    if (!blocks.some((b) => b.containsCidr(cidr))) {
      return AwsErrors.invalidParameterValue(
        `Route table ${table.id} is a gateway route table; its routes cannot go to ${dest.key}, outside the VPC's CIDR blocks.`,
      );
    }
    if (!EDGE.has(target.kind)) {
      return AwsErrors.invalidParameterValue(
        `Route table ${table.id} is a gateway route table; its routes can only target a network interface or a Gateway Load Balancer endpoint.`,
      );
    }
  }
  if (!cidr) return undefined;
  if (blocks.some((b) => b.equals(cidr))) {
    return AwsErrors.invalidParameterValue(
      `The destination CIDR block ${dest.key} is equal to a CIDR block of VPC ${vpc.id}; only the target of its local route can be replaced (ReplaceRoute).`,
    );
  }
  if (
    blocks.some((b) => b.containsCidr(cidr)) &&
    !(MIDDLEBOX.has(target.kind) && isSubnetBlock(s, vpc, cidr))
  ) {
    return AwsErrors.invalidParameterValue(
      `The destination CIDR block ${dest.key} is more specific than a CIDR block of VPC ${vpc.id}. Such a route must have the entire CIDR block of a subnet as destination and a NAT gateway, network interface or Gateway Load Balancer endpoint as target.`,
    );
  }
  return undefined;
}

/** The table's VPC; it always exists while the table does. */
function tableVpc(s: Snapshot, table: RouteTable): Result<Vpc, AwsError> {
  const vpc = s.get('vpc', table.vpcId);
  return vpc ? ok(vpc) : fail(AwsErrors.notFound('vpc', table.vpcId));
}

// ---------------------------------------------------------------------------------------------
// Routes: operations

export type CreateRouteInput = RouteDestinationInput & RouteTargetInput;

/** CreateRoute: one destination, one target, with every rule AWS applies to both. */
export const createRoute: Operation<CreateRouteInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = parseDestination(input);
  if (!dest.ok) return dest;
  const reserved = checkReserved(dest.value);
  if (reserved) return fail(reserved);
  const family = destinationFamily(s, dest.value, ctx);
  if (!family.ok) return family;
  const target = resolveTarget(s, table, input, ctx);
  if (!target.ok) return target;
  const vpc = tableVpc(s, table);
  if (!vpc.ok) return vpc;
  const bad =
    checkFamily(target.value, family.value, dest.value) ??
    checkDestination(s, table, vpc.value, dest.value, target.value);
  if (bad) return fail(bad);
  if (table.routes.some((r) => routeKey(r) === dest.value.key)) {
    return fail(
      AwsErrors.code(
        'RouteAlreadyExists',
        `The route identified by ${dest.value.key} already exists.`,
      ),
    );
  }
  const route: Route = {
    ...destinationFields(dest.value),
    ...target.value.fields,
    origin: 'CreateRoute',
  };
  const next: RouteTable = { ...table, routes: [...table.routes, route] };
  if (routeQuotaCount(s, next, family.value) > ROUTES_PER_TABLE) {
    return fail(
      AwsErrors.limitExceeded(
        'RouteLimitExceeded',
        `The maximum number of routes (${ROUTES_PER_TABLE}) has been reached for route table ${table.id}.`,
      ),
    );
  }
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};

export type ReplaceRouteInput = CreateRouteInput & {
  /** Restores a local route's `local` target. */
  readonly localTarget?: boolean;
};

/**
 * ReplaceRoute: a new target for an existing route. A local route may only be pointed at an ENI,
 * NAT gateway or GWLB endpoint (an ENI or GWLB endpoint in a gateway route table), and put back
 * with `localTarget`.
 */
export const replaceRoute: Operation<ReplaceRouteInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = parseDestination(input);
  if (!dest.ok) return dest;
  const index = table.routes.findIndex((r) => routeKey(r) === dest.value.key);
  const route = table.routes[index];
  if (!route) {
    return fail(
      AwsErrors.invalidParameterValue(
        `There is no route defined for '${dest.value.key}' in the route table. Use CreateRoute instead.`,
      ),
    );
  }
  if (isGatewayEndpointRoute(route)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The route ${dest.value.key} belongs to gateway endpoint ${route.gatewayId ?? ''}; change the endpoint's route tables instead.`,
      ),
    );
  }
  const next = input.localTarget
    ? restoredLocal(route, dest.value, input)
    : retargeted(s, table, route, dest.value, input, ctx);
  if (!next.ok) return next;
  const routes = table.routes.map((r, i) => (i === index ? next.value : r));
  return ok({ changes: [{ op: 'put', resource: { ...table, routes } }], output: true });
};

/** `localTarget: true`: the local route gets its `local` target back. */
function restoredLocal(
  route: Route,
  dest: Destination,
  input: ReplaceRouteInput,
): Result<Route, AwsError> {
  const other = ROUTE_TARGET_FIELDS.find((f) => input[f] !== undefined);
  if (other) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter localTarget cannot be used with the parameter ${other}`,
      ),
    );
  }
  if (!isLocalRoute(route) || !dest.cidr) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The route ${dest.key} is not a local route; localTarget only restores the target of a local route.`,
      ),
    );
  }
  return ok(localRoute(dest.cidr));
}

/** A route with a new target, checked as CreateRoute checks it (local routes: middleboxes only). */
function retargeted(
  s: Snapshot,
  table: RouteTable,
  route: Route,
  dest: Destination,
  input: ReplaceRouteInput,
  ctx: OperationContext,
): Result<Route, AwsError> {
  const target = resolveTarget(s, table, input, ctx);
  if (!target.ok) return target;
  const family = destinationFamily(s, dest, ctx);
  if (!family.ok) return family;
  const badFamily = checkFamily(target.value, family.value, dest);
  if (badFamily) return fail(badFamily);
  if (isLocalRoute(route)) {
    const allowed = isGatewayRouteTable(table) ? EDGE : MIDDLEBOX;
    if (!allowed.has(target.value.kind)) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The target of the local route ${dest.key} can only be replaced with a network interface, a NAT gateway or a Gateway Load Balancer endpoint${isGatewayRouteTable(table) ? ' (no NAT gateway in a gateway route table)' : ''}.`,
        ),
      );
    }
    return ok({ ...destinationFields(dest), ...target.value.fields, origin: 'CreateRouteTable' });
  }
  const vpc = tableVpc(s, table);
  if (!vpc.ok) return vpc;
  const bad = checkDestination(s, table, vpc.value, dest, target.value);
  if (bad) return fail(bad);
  return ok({ ...destinationFields(dest), ...target.value.fields, origin: 'CreateRoute' });
}

/** DeleteRoute: any route the caller created; not local routes, nor a gateway endpoint's. */
export const deleteRoute: Operation<RouteDestinationInput, true> = (s, input, ctx) => {
  const found = owned(s, 'route-table', input.routeTableId, ctx);
  if (!found.ok) return found;
  const table = found.value;
  const dest = parseDestination(input);
  if (!dest.ok) return dest;
  const route = table.routes.find((r) => routeKey(r) === dest.value.key);
  if (!route) {
    return fail(
      AwsErrors.code(
        'InvalidRoute.NotFound',
        `no route with ${DESTINATION_WIRE[dest.value.field]} ${dest.value.key} in route table ${table.id}`,
      ),
    );
  }
  if (isLocalRoute(route)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot remove local route ${dest.value.key} in route table ${table.id}`,
      ),
    );
  }
  if (isGatewayEndpointRoute(route)) {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot remove route ${dest.value.key} in route table ${table.id}: it belongs to gateway endpoint ${route.gatewayId ?? ''}; change the endpoint's route tables instead`,
      ),
    );
  }
  if (route.origin === 'EnableVgwRoutePropagation') {
    return fail(
      AwsErrors.invalidParameterValue(
        `cannot remove propagated route ${dest.value.key} in route table ${table.id}`,
      ),
    );
  }
  const routes = table.routes.filter((r) => r !== route);
  return ok({ changes: [{ op: 'put', resource: { ...table, routes } }], output: true });
};
