import type { Family } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { parseId } from '../model/ids.js';
import { NAT64_PREFIX } from '../model/nat-gateway.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import {
  ROUTE_TARGET_FIELDS,
  type Route,
  type RouteTable,
  type RouteTargetField,
} from '../model/route-table.js';
import type { Snapshot } from '../model/snapshot.js';
import { vpcAttachmentBetween } from '../model/transit-gateway.js';
import { isLivePeering, peerVpcOf } from '../model/vpc-peering.js';
import { isLive } from '../model/customer-gateway.js';
import { attachedVpcId } from '../model/vpn-gateway.js';
import { exactlyOneParam, idParam, owned } from './params.js';
import type { Destination } from './route-destination.js';
import { visiblePeering } from './vpc-peering.js';

/**
 * Route targets: the target fields of CreateRoute and ReplaceRoute resolved to a resource that
 * exists, is visible to the caller and serves the route table's VPC, plus the family rules each
 * kind of target imposes on the destination.
 */

const TGW_ID = /^tgw-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** AWS's answer for a target or association outside the route table's VPC. */
export const differentNetworks = (table: RouteTable, what: string): AwsError =>
  AwsErrors.invalidParameterValue(
    `route table ${table.id} and ${what} belong to different networks`,
  );

/** AWS's answer for an unknown (or someone else's) gateway id. */
const gatewayNotFound = (id: string): AwsError =>
  AwsErrors.code('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`);

/** Finds an internet gateway the caller owns and checks it is attached to the table's VPC. */
export function attachedInternetGateway(
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
 * Finds a live virtual private gateway the caller owns and checks it is attached to the table's
 * VPC, with the answers AWS gives for an internet gateway in the same position.
 */
export function attachedVpnGateway(
  s: Snapshot,
  table: RouteTable,
  id: string,
  ctx: OperationContext,
): AwsError | undefined {
  const vgw = parseId('vpn-gateway', id) && s.get('vpn-gateway', id);
  if (!vgw || vgw.ownerId !== ctx.accountId || vgw.region !== ctx.region || !isLive(vgw)) {
    return gatewayNotFound(id);
  }
  if (attachedVpcId(vgw) !== table.vpcId) {
    return differentNetworks(table, `network gateway ${id}`);
  }
  return undefined;
}

/** What a target is, for the rules that depend on it. */
export type TargetKind =
  'igw' | 'vgw' | 'eigw' | 'nat' | 'eni' | 'instance' | 'pcx' | 'gwlbe' | 'tgw';

/** A resolved target: its kind and the route fields that name it. */
export interface Target {
  readonly kind: TargetKind;
  readonly fields: Partial<Pick<Route, RouteTargetField>>;
}

/** Targets allowed on a route more specific than local, and on a replaced local route. */
export const MIDDLEBOX: ReadonlySet<TargetKind> = new Set(['nat', 'eni', 'instance', 'gwlbe']);
/** Targets allowed in a gateway route table (besides local). */
export const EDGE: ReadonlySet<TargetKind> = new Set(['eni', 'instance', 'gwlbe']);

export type RouteTargetInput = { readonly [F in RouteTargetField]?: string };

/** Resolves exactly one target field to a target that exists and serves the table's VPC. */
export function resolveTarget(
  s: Snapshot,
  table: RouteTable,
  input: RouteTargetInput,
  ctx: OperationContext,
): Result<Target, AwsError> {
  const given = exactlyOneParam(ROUTE_TARGET_FIELDS, input);
  if (!given.ok) return given;
  const field = given.value;
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
      return transitGatewayTarget(s, table, id, ctx);
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
  if (id.startsWith('vgw-')) {
    const bad = attachedVpnGateway(s, table, id, ctx);
    return bad ? fail(bad) : ok({ kind: 'vgw', fields: { gatewayId: id } });
  }
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

/**
 * `transitGatewayId`: a transit gateway the table's VPC is attached to. AWS answers a gateway
 * the VPC has no (available) attachment to as not found — "The transitGateway ID '…' does not
 * exist" (terraform-provider-aws#9222, aws-cdk#8584: a route created before the attachment).
 */
function transitGatewayTarget(
  s: Snapshot,
  table: RouteTable,
  id: string,
  ctx: OperationContext,
): Result<Target, AwsError> {
  if (!TGW_ID.test(id)) {
    return fail(AwsErrors.malformedId('InvalidTransitGatewayID.Malformed', id, 'tgw'));
  }
  const tgw = s.get('transit-gateway', id);
  const attachment = vpcAttachmentBetween(s, table.vpcId, id);
  if (
    !tgw ||
    tgw.region !== ctx.region ||
    tgw.state === 'deleted' ||
    attachment?.state !== 'available'
  ) {
    return fail(AwsErrors.notFound('transit-gateway', id));
  }
  return ok({ kind: 'tgw', fields: { transitGatewayId: tgw.id } });
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
  if (!eni) {
    return fail(
      AwsErrors.code(
        'InvalidInstanceID',
        `The instance '${id}' has no network interface attached.`,
      ),
    );
  }
  if (extra) return fail(AwsErrors.multipleInterfaces(id));
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
  // Stored once, in the requester's Region: either side's account sees it from its own Region.
  const found = visiblePeering(s, id, ctx);
  if (!found.ok) return found;
  const pcx = found.value;
  // An unaccepted request past its expiry reads `expired` though its stored status still says
  // pending-acceptance: judge the status as of now.
  if (!isLivePeering(pcx, ctx.clock.now())) {
    return fail(AwsErrors.notFound('vpc-peering-connection', id));
  }
  // A route may be added while the peering is pending; it reads as blackhole until active.
  if (!peerVpcOf(pcx, table.vpcId)) {
    return fail(differentNetworks(table, `vpc peering connection ${id}`));
  }
  return ok({ kind: 'pcx', fields: { vpcPeeringConnectionId: pcx.id } });
}

/** Checks the destination's family against the target (EIGW is IPv6-only; NAT is IPv4 + NAT64). */
export function checkFamily(
  target: Target,
  family: Family,
  dest: Destination,
): AwsError | undefined {
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
