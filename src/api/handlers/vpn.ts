/**
 * Site-to-Site VPN: customer gateways, virtual private gateways, VPN connections and their
 * static routes, and VGW route propagation — the EC2 actions, mapped onto the operations of
 * src/control/customer-gateway.ts, vpn-gateway.ts, vpn-connection.ts and
 * vgw-route-propagation.ts.
 */
import { createCustomerGateway, deleteCustomerGateway } from '../../control/customer-gateway.js';
import {
  disableVgwRoutePropagation,
  enableVgwRoutePropagation,
} from '../../control/vgw-route-propagation.js';
import {
  createVpnConnection,
  createVpnConnectionRoute,
  deleteVpnConnection,
  deleteVpnConnectionRoute,
  modifyVpnConnection,
} from '../../control/vpn-connection.js';
import {
  attachVpnGateway,
  createVpnGateway,
  deleteVpnGateway,
  detachVpnGateway,
} from '../../control/vpn-gateway.js';
import type { CustomerGateway } from '../../model/customer-gateway.js';
import { ok } from '../../model/result.js';
import type { VpnConnection } from '../../model/vpn-connection.js';
import type { VpnGateway } from '../../model/vpn-gateway.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { describe, flag, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/** `CustomerGateway` in the model's output shape. */
export function customerGatewayOutput(g: CustomerGateway): Ec2.CustomerGateway {
  return {
    bgpAsn: String(g.bgpAsn),
    customerGatewayId: g.id,
    ipAddress: g.ipAddress.toString(),
    certificateArn: g.certificateArn,
    state: g.state,
    type: g.type,
    deviceName: g.deviceName,
    tags: tagSet(g.tags),
    bgpAsnExtended: g.bgpAsn > 2147483647 ? String(g.bgpAsn) : undefined,
  };
}

/** `VpnGateway` in the model's output shape. */
export function vpnGatewayOutput(g: VpnGateway): Ec2.VpnGateway {
  return {
    availabilityZone: g.availabilityZone,
    state: g.state,
    type: g.type,
    vpcAttachments: g.vpcAttachments.map((a) => ({ state: a.state, vpcId: a.vpcId })),
    vpnGatewayId: g.id,
    amazonSideAsn: g.amazonSideAsn,
    tags: tagSet(g.tags),
  };
}

/** `VpnConnection` in the model's output shape; tunnel telemetry reads the twin's status (D42). */
export function vpnConnectionOutput(v: VpnConnection): Ec2.VpnConnection {
  return {
    customerGatewayId: v.customerGatewayId,
    category: v.category,
    state: v.state,
    type: v.type,
    vpnConnectionId: v.id,
    vpnGatewayId: v.vpnGatewayId,
    transitGatewayId: v.transitGatewayId,
    options: {
      staticRoutesOnly: v.staticRoutesOnly,
      localIpv4NetworkCidr: v.localIpv4NetworkCidr.toString(),
      remoteIpv4NetworkCidr: v.remoteIpv4NetworkCidr.toString(),
      tunnelInsideIpVersion: 'ipv4',
      outsideIpAddressType: 'PublicIpv4',
      tunnelOptions: v.tunnels.map((t) => ({
        outsideIpAddress: t.outsideIpAddress.toString(),
        tunnelInsideCidr: t.tunnelInsideCidr.toString(),
      })),
    },
    routes: v.routes.map((r) => ({
      destinationCidrBlock: r.destinationCidrBlock.toString(),
      source: r.source,
      state: v.state === 'deleted' ? 'deleted' : r.state,
    })),
    tags: tagSet(v.tags),
    vgwTelemetry: v.tunnels.map((t) => ({
      acceptedRouteCount: 0,
      outsideIpAddress: t.outsideIpAddress.toString(),
      status: t.status,
      statusMessage: '',
    })),
  };
}

// ---- Customer gateways ----

/** CreateCustomerGateway: `IpAddress`, or the older `PublicIp`. */
export const createCustomerGatewayHandler = defineHandler('CreateCustomerGateway', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'customer-gateway');
  if (!tags.ok) return tags;
  const ipAddress = input.ipAddress ?? input.publicIp;
  const result = ctx.run('CreateCustomerGateway', createCustomerGateway, {
    type: input.type,
    ...(ipAddress !== undefined ? { ipAddress } : {}),
    ...(input.bgpAsn !== undefined ? { bgpAsn: input.bgpAsn } : {}),
    ...(input.bgpAsnExtended !== undefined ? { bgpAsnExtended: input.bgpAsnExtended } : {}),
    ...(input.deviceName !== undefined ? { deviceName: input.deviceName } : {}),
    ...(input.certificateArn !== undefined ? { certificateArn: input.certificateArn } : {}),
    tags: tags.value,
  });
  return result.ok ? ok({ customerGateway: customerGatewayOutput(result.value) }) : result;
});

/** DescribeCustomerGateways filters (API reference). */
export const CUSTOMER_GATEWAY_FILTERS: FilterTable<CustomerGateway> = {
  'bgp-asn': (g) => [String(g.bgpAsn)],
  'customer-gateway-id': (g) => [g.id],
  'ip-address': (g) => [g.ipAddress.toString()],
  state: (g) => [g.state],
  type: (g) => [g.type],
};

/** DescribeCustomerGateways: ids and filters; AWS does not paginate this action. */
export const describeCustomerGatewaysHandler = defineHandler(
  'DescribeCustomerGateways',
  (input, ctx) => {
    const page = describe(
      ctx.mine('customer-gateway'),
      { ...input, ids: input.customerGatewayIds },
      { idOf: (g) => g.id, filters: CUSTOMER_GATEWAY_FILTERS, noun: 'customer-gateway' },
    );
    return page.ok ? ok({ customerGateways: page.value.items.map(customerGatewayOutput) }) : page;
  },
);

/** DeleteCustomerGateway. */
export const deleteCustomerGatewayHandler = defineHandler('DeleteCustomerGateway', (input, ctx) => {
  const result = ctx.run('DeleteCustomerGateway', deleteCustomerGateway, {
    customerGatewayId: input.customerGatewayId,
  });
  return result.ok ? ok(undefined) : result;
});

// ---- Virtual private gateways ----

/** CreateVpnGateway. */
export const createVpnGatewayHandler = defineHandler('CreateVpnGateway', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'vpn-gateway');
  if (!tags.ok) return tags;
  const result = ctx.run('CreateVpnGateway', createVpnGateway, {
    type: input.type,
    ...(input.amazonSideAsn !== undefined ? { amazonSideAsn: Number(input.amazonSideAsn) } : {}),
    ...(input.availabilityZone !== undefined ? { availabilityZone: input.availabilityZone } : {}),
    tags: tags.value,
  });
  return result.ok ? ok({ vpnGateway: vpnGatewayOutput(result.value) }) : result;
});

/** DescribeVpnGateways filters (API reference). */
export const VPN_GATEWAY_FILTERS: FilterTable<VpnGateway> = {
  'amazon-side-asn': (g) => [String(g.amazonSideAsn)],
  'attachment.state': (g) => g.vpcAttachments.map((a) => a.state),
  'attachment.vpc-id': (g) => g.vpcAttachments.map((a) => a.vpcId),
  'availability-zone': (g) => [g.availabilityZone],
  state: (g) => [g.state],
  type: (g) => [g.type],
  'vpn-gateway-id': (g) => [g.id],
};

/** DescribeVpnGateways: ids and filters; AWS does not paginate this action. */
export const describeVpnGatewaysHandler = defineHandler('DescribeVpnGateways', (input, ctx) => {
  const page = describe(
    ctx.mine('vpn-gateway'),
    { ...input, ids: input.vpnGatewayIds },
    { idOf: (g) => g.id, filters: VPN_GATEWAY_FILTERS, noun: 'vpn-gateway' },
  );
  return page.ok ? ok({ vpnGateways: page.value.items.map(vpnGatewayOutput) }) : page;
});

/** AttachVpnGateway: answers the attachment. */
export const attachVpnGatewayHandler = defineHandler('AttachVpnGateway', (input, ctx) => {
  const result = ctx.run('AttachVpnGateway', attachVpnGateway, {
    vpnGatewayId: input.vpnGatewayId,
    vpcId: input.vpcId,
  });
  return result.ok
    ? ok({ vpcAttachment: { state: result.value.state, vpcId: result.value.vpcId } })
    : result;
});

/** DetachVpnGateway. */
export const detachVpnGatewayHandler = defineHandler('DetachVpnGateway', (input, ctx) => {
  const result = ctx.run('DetachVpnGateway', detachVpnGateway, {
    vpnGatewayId: input.vpnGatewayId,
    vpcId: input.vpcId,
  });
  return result.ok ? ok(undefined) : result;
});

/** DeleteVpnGateway. */
export const deleteVpnGatewayHandler = defineHandler('DeleteVpnGateway', (input, ctx) => {
  const result = ctx.run('DeleteVpnGateway', deleteVpnGateway, {
    vpnGatewayId: input.vpnGatewayId,
  });
  return result.ok ? ok(undefined) : result;
});

// ---- VPN connections ----

/** CreateVpnConnection: options as the model has them (static routing, tunnel inside CIDRs). */
export const createVpnConnectionHandler = defineHandler('CreateVpnConnection', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'vpn-connection');
  if (!tags.ok) return tags;
  const o = input.options;
  const result = ctx.run('CreateVpnConnection', createVpnConnection, {
    type: input.type,
    customerGatewayId: input.customerGatewayId,
    ...(input.vpnGatewayId !== undefined ? { vpnGatewayId: input.vpnGatewayId } : {}),
    ...(input.transitGatewayId !== undefined ? { transitGatewayId: input.transitGatewayId } : {}),
    ...(o
      ? {
          options: {
            ...(o.staticRoutesOnly !== undefined ? { staticRoutesOnly: o.staticRoutesOnly } : {}),
            ...(o.localIpv4NetworkCidr !== undefined
              ? { localIpv4NetworkCidr: o.localIpv4NetworkCidr }
              : {}),
            ...(o.remoteIpv4NetworkCidr !== undefined
              ? { remoteIpv4NetworkCidr: o.remoteIpv4NetworkCidr }
              : {}),
            ...(o.tunnelOptions
              ? {
                  tunnelOptions: o.tunnelOptions.map((t) =>
                    t.tunnelInsideCidr !== undefined
                      ? { tunnelInsideCidr: t.tunnelInsideCidr }
                      : {},
                  ),
                }
              : {}),
          },
        }
      : {}),
    tags: tags.value,
  });
  return result.ok ? ok({ vpnConnection: vpnConnectionOutput(result.value) }) : result;
});

/** DescribeVpnConnections filters (API reference). */
export function vpnConnectionFilters(
  bgpAsn: (v: VpnConnection) => string | undefined,
): FilterTable<VpnConnection> {
  return {
    'customer-gateway-id': (v) => [v.customerGatewayId],
    state: (v) => [v.state],
    'option.static-routes-only': (v) => [flag(v.staticRoutesOnly)],
    'route.destination-cidr-block': (v) => v.routes.map((r) => r.destinationCidrBlock.toString()),
    'bgp-asn': (v) => [bgpAsn(v)],
    type: (v) => [v.type],
    'vpn-connection-id': (v) => [v.id],
    'vpn-gateway-id': (v) => [v.vpnGatewayId],
    'transit-gateway-id': (v) => [v.transitGatewayId],
  };
}

/** DescribeVpnConnections: ids and filters; AWS does not paginate this action. */
export const describeVpnConnectionsHandler = defineHandler(
  'DescribeVpnConnections',
  (input, ctx) => {
    const s = ctx.store.snapshot;
    const filters = vpnConnectionFilters((v) => {
      const cgw = s.get('customer-gateway', v.customerGatewayId);
      return cgw ? String(cgw.bgpAsn) : undefined;
    });
    const page = describe(
      ctx.mine('vpn-connection'),
      { ...input, ids: input.vpnConnectionIds },
      { idOf: (v) => v.id, filters, noun: 'vpn-connection' },
    );
    return page.ok ? ok({ vpnConnections: page.value.items.map(vpnConnectionOutput) }) : page;
  },
);

/** DeleteVpnConnection. */
export const deleteVpnConnectionHandler = defineHandler('DeleteVpnConnection', (input, ctx) => {
  const result = ctx.run('DeleteVpnConnection', deleteVpnConnection, {
    vpnConnectionId: input.vpnConnectionId,
  });
  return result.ok ? ok(undefined) : result;
});

/** CreateVpnConnectionRoute. */
export const createVpnConnectionRouteHandler = defineHandler(
  'CreateVpnConnectionRoute',
  (input, ctx) => {
    const result = ctx.run('CreateVpnConnectionRoute', createVpnConnectionRoute, {
      vpnConnectionId: input.vpnConnectionId,
      destinationCidrBlock: input.destinationCidrBlock,
    });
    return result.ok ? ok(undefined) : result;
  },
);

/** DeleteVpnConnectionRoute. */
export const deleteVpnConnectionRouteHandler = defineHandler(
  'DeleteVpnConnectionRoute',
  (input, ctx) => {
    const result = ctx.run('DeleteVpnConnectionRoute', deleteVpnConnectionRoute, {
      vpnConnectionId: input.vpnConnectionId,
      destinationCidrBlock: input.destinationCidrBlock,
    });
    return result.ok ? ok(undefined) : result;
  },
);

/** ModifyVpnConnection: another customer gateway, VGW or transit gateway. */
export const modifyVpnConnectionHandler = defineHandler('ModifyVpnConnection', (input, ctx) => {
  const result = ctx.run('ModifyVpnConnection', modifyVpnConnection, {
    vpnConnectionId: input.vpnConnectionId,
    ...(input.customerGatewayId !== undefined
      ? { customerGatewayId: input.customerGatewayId }
      : {}),
    ...(input.vpnGatewayId !== undefined ? { vpnGatewayId: input.vpnGatewayId } : {}),
    ...(input.transitGatewayId !== undefined ? { transitGatewayId: input.transitGatewayId } : {}),
  });
  return result.ok ? ok({ vpnConnection: vpnConnectionOutput(result.value) }) : result;
});

// ---- Route propagation ----

/** EnableVgwRoutePropagation. */
export const enableVgwRoutePropagationHandler = defineHandler(
  'EnableVgwRoutePropagation',
  (input, ctx) => {
    const result = ctx.run('EnableVgwRoutePropagation', enableVgwRoutePropagation, {
      routeTableId: input.routeTableId,
      gatewayId: input.gatewayId,
    });
    return result.ok ? ok(undefined) : result;
  },
);

/** DisableVgwRoutePropagation. */
export const disableVgwRoutePropagationHandler = defineHandler(
  'DisableVgwRoutePropagation',
  (input, ctx) => {
    const result = ctx.run('DisableVgwRoutePropagation', disableVgwRoutePropagation, {
      routeTableId: input.routeTableId,
      gatewayId: input.gatewayId,
    });
    return result.ok ? ok(undefined) : result;
  },
);

export const VPN_HANDLERS = handlerRegistry(
  createCustomerGatewayHandler,
  describeCustomerGatewaysHandler,
  deleteCustomerGatewayHandler,
  createVpnGatewayHandler,
  describeVpnGatewaysHandler,
  attachVpnGatewayHandler,
  detachVpnGatewayHandler,
  deleteVpnGatewayHandler,
  createVpnConnectionHandler,
  describeVpnConnectionsHandler,
  deleteVpnConnectionHandler,
  createVpnConnectionRouteHandler,
  deleteVpnConnectionRouteHandler,
  modifyVpnConnectionHandler,
  enableVgwRoutePropagationHandler,
  disableVgwRoutePropagationHandler,
);
