import { Cidr } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { isLive } from '../model/customer-gateway.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { VpnConnection, VpnStaticRoute, VpnTunnel } from '../model/vpn-connection.js';
import { liveCustomerGateway } from './customer-gateway.js';
import { Draft } from './draft.js';
import { cidrParam, owned, tagsParam } from './params.js';
import { attachResource } from './transit-gateway-attachment.js';
import { detachHybrid, tgwForAttachment } from './transit-gateway-hybrid.js';
import { buildTunnels, type TunnelOptionsInput } from './vpn-tunnel.js';
import { liveVpnGateway } from './vpn-gateway.js';

/**
 * Site-to-Site VPN connections (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html):
 * a customer gateway joined to a virtual private gateway or a transit gateway by two tunnels,
 * routed statically (CreateVpnConnectionRoute) or by BGP.
 */

const ANY_V4 = Cidr.parse('0.0.0.0/0') as Cidr;

export interface CreateVpnConnectionInput {
  readonly type: string;
  readonly customerGatewayId: string;
  readonly vpnGatewayId?: string;
  readonly transitGatewayId?: string;
  readonly options?: {
    readonly staticRoutesOnly?: boolean;
    readonly localIpv4NetworkCidr?: string;
    readonly remoteIpv4NetworkCidr?: string;
    readonly tunnelOptions?: readonly TunnelOptionsInput[];
  };
  readonly tags?: readonly Tag[];
}

/** The gateway on the Amazon side: exactly one of a VGW or a TGW (available, the caller's). */
function amazonSide(
  s: Snapshot,
  input: CreateVpnConnectionInput,
  ctx: OperationContext,
): Result<Pick<VpnConnection, 'vpnGatewayId' | 'transitGatewayId'>, AwsError> {
  const { vpnGatewayId, transitGatewayId } = input;
  if (vpnGatewayId !== undefined && transitGatewayId !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'The parameter VpnGatewayId cannot be used with the parameter TransitGatewayId',
      ),
    );
  }
  if (vpnGatewayId !== undefined) {
    const vgw = liveVpnGateway(s, vpnGatewayId, ctx);
    return vgw.ok ? ok({ vpnGatewayId: vgw.value.id }) : vgw;
  }
  if (transitGatewayId !== undefined) {
    // The connection's attachment is created with it (D70): the gateway must take one.
    const tgw = tgwForAttachment(s, transitGatewayId, ctx);
    return tgw.ok ? ok({ transitGatewayId: tgw.value.id }) : tgw;
  }
  return fail(AwsErrors.missingParameter('VpnGatewayId or TransitGatewayId'));
}

/** The traffic selector CIDRs of the options (IPv4 only here), 0.0.0.0/0 when absent. */
function selectorParam(name: string, text: string | undefined): Result<Cidr, AwsError> {
  return text === undefined ? ok(ANY_V4) : cidrParam(name, text, 4);
}

/**
 * CreateVpnConnection: `ipsec.1`; BGP unless `Options.StaticRoutesOnly`. The customer gateway
 * and the virtual private gateway must be available. Tunnels get inside CIDRs (given or drawn)
 * and outside addresses, and start UP (D42).
 */
export const createVpnConnection: Operation<CreateVpnConnectionInput, VpnConnection> = (
  s,
  input,
  ctx,
) => {
  if (input.type !== 'ipsec.1') {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${input.type}) for parameter type is invalid. Valid values: ipsec.1`,
      ),
    );
  }
  const cgw = liveCustomerGateway(s, input.customerGatewayId, ctx);
  if (!cgw.ok) return cgw;
  const side = amazonSide(s, input, ctx);
  if (!side.ok) return side;
  const staticRoutesOnly = input.options?.staticRoutesOnly ?? false;
  const asn = asnClash(s, side.value, staticRoutesOnly, cgw.value.bgpAsn);
  if (asn) return fail(asn);
  const local = selectorParam('LocalIpv4NetworkCidr', input.options?.localIpv4NetworkCidr);
  if (!local.ok) return local;
  const remote = selectorParam('RemoteIpv4NetworkCidr', input.options?.remoteIpv4NetworkCidr);
  if (!remote.ok) return remote;
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('vpn-connection');
  const gatewayId = side.value.vpnGatewayId ?? side.value.transitGatewayId ?? '';
  const tunnels = buildTunnels(s, id, gatewayId, input.options?.tunnelOptions, ctx);
  if (!tunnels.ok) return tunnels;
  const vpn: VpnConnection = {
    kind: 'vpn-connection',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    customerGatewayId: cgw.value.id,
    ...side.value,
    type: 'ipsec.1',
    category: 'VPN',
    state: 'available',
    staticRoutesOnly,
    localIpv4NetworkCidr: local.value,
    remoteIpv4NetworkCidr: remote.value,
    tunnels: tunnels.value,
    routes: [],
  };
  const d = new Draft(s);
  d.put(vpn);
  attachToTgw(d, ctx, vpn);
  return ok({ changes: d.changes(), output: vpn });
};

/**
 * A BGP connection's peers need distinct ASNs (Site-to-Site VPN user guide, customer gateway
 * options): the customer gateway's must differ from the VGW's or transit gateway's Amazon side.
 */
function asnClash(
  s: Snapshot,
  side: Pick<VpnConnection, 'vpnGatewayId' | 'transitGatewayId'>,
  staticRoutesOnly: boolean,
  cgwAsn: number,
): AwsError | undefined {
  if (staticRoutesOnly) return undefined;
  const vgw = side.vpnGatewayId && s.get('vpn-gateway', side.vpnGatewayId);
  const tgw = side.transitGatewayId && s.get('transit-gateway', side.transitGatewayId);
  const amazon = vgw ? vgw.amazonSideAsn : tgw ? tgw.options.amazonSideAsn : undefined;
  if (amazon !== cgwAsn) return undefined;
  const noun = vgw ? 'virtual private gateway' : 'transit gateway';
  return AwsErrors.invalidParameterValue(
    `The customer gateway's BGP ASN ${String(cgwAsn)} must differ from the ${noun}'s Amazon-side ASN for a dynamically routed VPN connection.`,
  );
}

/**
 * A connection to a transit gateway gets its attachment (resource type `vpn`) with the
 * gateway's default association and propagation, as AWS creates it (D70).
 */
function attachToTgw(d: Draft, ctx: OperationContext, vpn: VpnConnection): void {
  const tgw = vpn.transitGatewayId && d.get('transit-gateway', vpn.transitGatewayId);
  if (tgw) attachResource(d, ctx, tgw, 'vpn', vpn.id);
}

/** The changes that delete a connection's transit gateway attachment, if it has one. */
function detachFromTgw(s: Snapshot, vpn: VpnConnection): Change[] {
  return vpn.transitGatewayId ? detachHybrid(s, vpn.transitGatewayId, 'vpn', vpn.id) : [];
}

/** The caller's VPN connection, not deleted (a deleted one answers as not found). */
export function liveVpnConnection(
  s: Snapshot,
  id: string,
  ctx: OperationContext,
): Result<VpnConnection, AwsError> {
  const vpn = owned(s, 'vpn-connection', id, ctx);
  if (!vpn.ok) return vpn;
  if (!isLive(vpn.value)) return fail(AwsErrors.notFound('vpn-connection', id));
  return vpn;
}

/**
 * DeleteVpnConnection: the connection stays visible as `deleted`; its routes go with it, and so
 * does its transit gateway attachment (static routes to it turn blackhole, D32).
 */
export const deleteVpnConnection: Operation<{ readonly vpnConnectionId: string }, true> = (
  s,
  input,
  ctx,
) => {
  const vpn = liveVpnConnection(s, input.vpnConnectionId, ctx);
  if (!vpn.ok) return vpn;
  const deleted: VpnConnection = { ...vpn.value, state: 'deleted', routes: [] };
  return ok({
    changes: [{ op: 'put', resource: deleted }, ...detachFromTgw(s, vpn.value)],
    output: true,
  });
};

export interface VpnConnectionRouteInput {
  readonly vpnConnectionId: string;
  readonly destinationCidrBlock: string;
}

/** The connection and destination of a static-route call, checked as AWS checks them. */
function staticRouteTarget(
  s: Snapshot,
  input: VpnConnectionRouteInput,
  ctx: OperationContext,
): Result<{ vpn: VpnConnection; cidr: Cidr }, AwsError> {
  const vpn = liveVpnConnection(s, input.vpnConnectionId, ctx);
  if (!vpn.ok) return vpn;
  const cidr = cidrParam('DestinationCidrBlock', input.destinationCidrBlock, 4);
  if (!cidr.ok) return cidr;
  if (!vpn.value.staticRoutesOnly) {
    return fail(
      AwsErrors.invalidParameterValue(
        `The VPN connection ${vpn.value.id} uses dynamic (BGP) routing; static routes need a connection created with StaticRoutesOnly.`,
      ),
    );
  }
  if (vpn.value.vpnGatewayId === undefined) {
    // A transit gateway's static routes live in its route tables (CreateTransitGatewayRoute).
    return fail(
      AwsErrors.invalidParameterValue(
        `The VPN connection ${vpn.value.id} is attached to a transit gateway; add static routes to the transit gateway route table instead.`,
      ),
    );
  }
  return ok({ vpn: vpn.value, cidr: cidr.value });
}

/** CreateVpnConnectionRoute: a static route toward the customer gateway (static VPNs only). */
export const createVpnConnectionRoute: Operation<VpnConnectionRouteInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = staticRouteTarget(s, input, ctx);
  if (!found.ok) return found;
  const { vpn, cidr } = found.value;
  if (vpn.routes.some((r) => r.destinationCidrBlock.equals(cidr))) {
    return fail(
      AwsErrors.code(
        'RouteAlreadyExists',
        `The route identified by ${cidr.toString()} already exists in VPN connection ${vpn.id}.`,
      ),
    );
  }
  const route: VpnStaticRoute = {
    destinationCidrBlock: cidr,
    source: 'Static',
    state: 'available',
  };
  const next: VpnConnection = { ...vpn, routes: [...vpn.routes, route] };
  return ok({ changes: [{ op: 'put', resource: next }], output: true });
};

/** DeleteVpnConnectionRoute: removes a static route the connection has. */
export const deleteVpnConnectionRoute: Operation<VpnConnectionRouteInput, true> = (
  s,
  input,
  ctx,
) => {
  const found = staticRouteTarget(s, input, ctx);
  if (!found.ok) return found;
  const { vpn, cidr } = found.value;
  const routes = vpn.routes.filter((r) => !r.destinationCidrBlock.equals(cidr));
  if (routes.length === vpn.routes.length) {
    return fail(
      AwsErrors.code(
        'InvalidRoute.NotFound',
        `The route identified by ${cidr.toString()} does not exist in VPN connection ${vpn.id}.`,
      ),
    );
  }
  return ok({ changes: [{ op: 'put', resource: { ...vpn, routes } }], output: true });
};

export interface VpnTunnelStatusInput {
  readonly vpnConnectionId: string;
  /** 0 or 1: which tunnel. */
  readonly tunnel: number;
  readonly status: 'UP' | 'DOWN';
}

/**
 * Takes a tunnel down or brings it up. Not an AWS action — AWS observes tunnel status — but the
 * twin's way to model an outage (D42); topology files use it.
 */
export const setVpnTunnelStatus: Operation<VpnTunnelStatusInput, true> = (s, input, ctx) => {
  const vpn = liveVpnConnection(s, input.vpnConnectionId, ctx);
  if (!vpn.ok) return vpn;
  if (input.tunnel !== 0 && input.tunnel !== 1) {
    return fail(AwsErrors.invalidParameterValue('A VPN connection has tunnels 0 and 1.'));
  }
  if (input.status !== 'UP' && input.status !== 'DOWN') {
    return fail(AwsErrors.invalidParameterValue('A tunnel status is UP or DOWN.'));
  }
  const [a, b] = vpn.value.tunnels;
  const set = (t: VpnTunnel): VpnTunnel => ({ ...t, status: input.status });
  const tunnels: [VpnTunnel, VpnTunnel] = input.tunnel === 0 ? [set(a), b] : [a, set(b)];
  return ok({ changes: [{ op: 'put', resource: { ...vpn.value, tunnels } }], output: true });
};

export interface ModifyVpnConnectionInput {
  readonly vpnConnectionId: string;
  readonly customerGatewayId?: string;
  readonly vpnGatewayId?: string;
  readonly transitGatewayId?: string;
}

/**
 * ModifyVpnConnection: moves the connection to another customer gateway, virtual private
 * gateway or transit gateway (one per call), keeping its id and tunnels
 * (https://docs.aws.amazon.com/vpn/latest/s2svpn/modify-vpn-target.html). Moving to a transit
 * gateway drops the connection's static routes: a transit gateway keeps them in its route tables.
 */
export const modifyVpnConnection: Operation<ModifyVpnConnectionInput, VpnConnection> = (
  s,
  input,
  ctx,
) => {
  const found = liveVpnConnection(s, input.vpnConnectionId, ctx);
  if (!found.ok) return found;
  const vpn = found.value;
  const given = (['customerGatewayId', 'vpnGatewayId', 'transitGatewayId'] as const).filter(
    (k) => input[k] !== undefined,
  );
  const [field, extra] = given;
  if (field === undefined) {
    return fail(AwsErrors.missingParameter('CustomerGatewayId, VpnGatewayId or TransitGatewayId'));
  }
  if (extra !== undefined) {
    return fail(
      AwsErrors.invalidParameterCombination(
        `The parameter ${field} cannot be used with the parameter ${extra}`,
      ),
    );
  }
  let next: VpnConnection;
  if (field === 'customerGatewayId') {
    const cgw = liveCustomerGateway(s, input.customerGatewayId ?? '', ctx);
    if (!cgw.ok) return cgw;
    next = { ...vpn, customerGatewayId: cgw.value.id };
  } else {
    const side = amazonSide(
      s,
      { type: 'ipsec.1', customerGatewayId: vpn.customerGatewayId, [field]: input[field] },
      ctx,
    );
    if (!side.ok) return side;
    const newGateway = side.value.vpnGatewayId ?? side.value.transitGatewayId ?? '';
    const oldGateway = vpn.vpnGatewayId ?? vpn.transitGatewayId;
    if (newGateway === oldGateway) {
      return fail(
        AwsErrors.invalidParameterValue(
          `The VPN connection ${vpn.id} already terminates on ${newGateway}.`,
        ),
      );
    }
    const { vpnGatewayId: _v, transitGatewayId: _t, ...rest } = vpn;
    next = {
      ...rest,
      ...side.value,
      routes: side.value.transitGatewayId !== undefined ? [] : vpn.routes,
    };
  }
  const cgw = s.get('customer-gateway', next.customerGatewayId);
  const asn = cgw && asnClash(s, next, next.staticRoutesOnly, cgw.bgpAsn);
  if (asn) return fail(asn);
  if (next.transitGatewayId === vpn.transitGatewayId) {
    return ok({ changes: [{ op: 'put', resource: next }], output: next });
  }
  // A move off a transit gateway deletes the old attachment; a move onto one makes a new one.
  const d = new Draft(s);
  for (const c of detachFromTgw(s, vpn)) {
    if (c.op === 'put') d.put(c.resource);
    else d.delete(c.kind, c.id);
  }
  d.put(next);
  attachToTgw(d, ctx, next);
  return ok({ changes: d.changes(), output: next });
};
