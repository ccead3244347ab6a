import { shadowedTgwRoute, shadowedVpcRoute, type Hop } from '../../dataplane/index.js';
import { component, routeJson, tgwRouteJson } from './render.js';
import type { Explanation } from './types.js';

/**
 * The route-shadowing explanations of a path that is not reachable (D76): when the walk that
 * failed was last routed by a table that holds another active route for the destination,
 * leading elsewhere, which lost to the route taken — by prefix length (MORE_SPECIFIC_ROUTE) or
 * by priority on the same prefix (HIGHER_PRIORITY_ROUTE); TGW_RTB_ forms for transit gateway
 * tables. The explanation names the table and that losing route; the route taken is on the
 * path's route-table component.
 */

/**
 * Codes of filters, not routing: a path a security group, a network ACL or a load balancer
 * refused went where its routes sent it, so no route is blamed.
 */
const FILTERING = new Set([
  'ENI_SG_RULES_MISMATCH',
  'SUBNET_ACL_RESTRICTION',
  'SG_REFERENCING_SUPPORT',
  'ELBV2_LISTENERS_MISMATCH',
  'ELBV2_LISTENER_PORT_RESTRICTION',
  'ELBV2_LISTENER_HAS_NO_TG',
  'ELBV2_NO_TARGETS_IN_AZ',
  'GWLB_DESTINATION_PORT_RESTRICTION',
  'GWLB_PROTOCOL_RESTRICTION',
  'VPCE_INTRA_VPC_TRAFFIC',
]);

/** The shadowing explanation of a failed walk's last routing, if any; `code` is why it failed. */
export function routeShadows(hops: readonly Hop[], code: string | undefined): Explanation[] {
  if (code !== undefined && FILTERING.has(code)) return [];
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i]!;
    if (h.node.kind === 'route-table') {
      const s = h.route && shadowedVpcRoute(h.node, h.route);
      if (!s) return [];
      return [
        {
          ExplanationCode:
            s.by === 'more-specific' ? 'MORE_SPECIFIC_ROUTE' : 'HIGHER_PRIORITY_ROUTE',
          Component: component(h.node),
          RouteTable: component(h.node),
          RouteTableRoute: routeJson(s.route),
          ...(h.vpc ? { Vpc: component(h.vpc) } : {}),
        },
      ];
    }
    if (h.node.kind === 'transit-gateway-route-table') {
      const s = h.tgwRoute && shadowedTgwRoute(h.node, h.tgwRoute);
      if (!s) return [];
      return [
        {
          ExplanationCode:
            s.by === 'more-specific'
              ? 'TGW_RTB_MORE_SPECIFIC_ROUTE'
              : 'TGW_RTB_HIGHER_PRIORITY_ROUTE',
          Component: component(h.node),
          ...(h.transitGateway ? { TransitGateway: component(h.transitGateway) } : {}),
          TransitGatewayRouteTable: component(h.node),
          TransitGatewayRouteTableRoute: tgwRouteJson(s.route),
        },
      ];
    }
  }
  return [];
}
