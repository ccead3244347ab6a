/** Every EC2 action vpctwin implements, by action name: one module per resource family. */
import { ACCOUNT_HANDLERS } from './account.js';
import { ADDRESS_HANDLERS } from './addresses.js';
import type { Handler } from './context.js';
import { ENDPOINT_HANDLERS } from './endpoint.js';
import { ENDPOINT_SERVICE_HANDLERS } from './endpoint-service.js';
import { GATEWAY_HANDLERS } from './gateways.js';
import { INSTANCE_HANDLERS } from './instance.js';
import { NETWORK_ACL_HANDLERS } from './network-acl.js';
import { NETWORK_INSIGHTS_HANDLERS } from './network-insights.js';
import { NETWORK_INTERFACE_HANDLERS } from './network-interface.js';
import { PEERING_HANDLERS } from './peering.js';
import { PREFIX_LIST_HANDLERS } from './prefix-list.js';
import { ROUTE_TABLE_HANDLERS } from './route-table.js';
import { SECURITY_GROUP_HANDLERS } from './security-group.js';
import { SUBNET_HANDLERS } from './subnet.js';
import { TAG_HANDLERS } from './tags.js';
import { TRANSIT_GATEWAY_HANDLERS } from './transit-gateway.js';
import { TGW_ASSOCIATION_HANDLERS } from './transit-gateway-association.js';
import { TGW_ATTACHMENT_HANDLERS } from './transit-gateway-attachment.js';
import { TGW_PEERING_HANDLERS } from './transit-gateway-peering.js';
import { TGW_PREFIX_LIST_REFERENCE_HANDLERS } from './transit-gateway-prefix-list-reference.js';
import { TGW_ROUTE_HANDLERS } from './transit-gateway-route.js';
import { TGW_ROUTE_SEARCH_HANDLERS } from './transit-gateway-route-search.js';
import { TGW_ROUTE_TABLE_HANDLERS } from './transit-gateway-route-table.js';
import { VPC_HANDLERS } from './vpc.js';
import { VPN_HANDLERS } from './vpn.js';
import { IPAM_HANDLERS } from './ipam.js';
import { IPAM_AUDIT_HANDLERS } from './ipam-audit.js';
import { IPAM_POOL_HANDLERS } from './ipam-pool.js';
import { NETWORK_INSIGHTS_ACCESS_SCOPE_HANDLERS } from './network-insights-access-scope.js';

export const EC2_HANDLERS: Readonly<Record<string, Handler>> = {
  ...ACCOUNT_HANDLERS,
  ...VPC_HANDLERS,
  ...SUBNET_HANDLERS,
  ...ROUTE_TABLE_HANDLERS,
  ...GATEWAY_HANDLERS,
  ...ADDRESS_HANDLERS,
  ...NETWORK_INTERFACE_HANDLERS,
  ...INSTANCE_HANDLERS,
  ...SECURITY_GROUP_HANDLERS,
  ...NETWORK_ACL_HANDLERS,
  ...PREFIX_LIST_HANDLERS,
  ...PEERING_HANDLERS,
  ...ENDPOINT_HANDLERS,
  ...NETWORK_INSIGHTS_HANDLERS,
  ...TAG_HANDLERS,
  ...TRANSIT_GATEWAY_HANDLERS,
  ...TGW_ATTACHMENT_HANDLERS,
  ...TGW_PEERING_HANDLERS,
  ...TGW_ROUTE_TABLE_HANDLERS,
  ...TGW_ASSOCIATION_HANDLERS,
  ...TGW_ROUTE_HANDLERS,
  ...TGW_ROUTE_SEARCH_HANDLERS,
  ...TGW_PREFIX_LIST_REFERENCE_HANDLERS,
  ...ENDPOINT_SERVICE_HANDLERS,
  ...VPN_HANDLERS,
  ...IPAM_HANDLERS,
  ...IPAM_POOL_HANDLERS,
  ...IPAM_AUDIT_HANDLERS,
  ...NETWORK_INSIGHTS_ACCESS_SCOPE_HANDLERS,
};
