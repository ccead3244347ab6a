// The dataplane layer: a Snapshot compiled into a forwarding graph of network functions.
export { compile } from './compile.js';
export * from './graph.js';
export * from './packet.js';
export * from './explanation.js';
export { walk } from './forward.js';
export { hop, type Endpoint, type Hop, type Mode, type Walk, type WalkOptions } from './path.js';
export {
  evalSecurityGroups,
  fromInterface,
  namesGroup,
  sgMismatchField,
  sgRuleAdmits,
  sgRuleMatch,
  ownsAddress,
  addressOwner,
  addressSetHas,
  type SgPacketField,
} from './eni.js';
export { evalNetworkAcl, aclEntryMatch, aclRules, inSubnet } from './subnet.js';
export { lookupRoute, routeBeats, routeRank, resolveTarget } from './route-table.js';
export { igwEgress, igwIngress } from './internet-gateway.js';
export { eigwEgress, eigwIngress } from './egress-only-internet-gateway.js';
export {
  natInbound,
  natOutbound,
  remapPort,
  NAT_PROTOCOLS,
  type NatBinding,
} from './nat-gateway.js';
export { peerOf, peeringConnects, peeringForward } from './vpc-peering.js';
export { gatewayEndpointForward, gatewayServiceAddresses } from './vpc-endpoint.js';
export * from './hybrid-graph.js';
export {
  siteOwns,
  siteUplink,
  toTransitGateway,
  uplinkUp,
  vgwEgress,
  vgwRoute,
} from './vpn-gateway.js';
export type {
  TgwAttachmentNode,
  TgwGraph,
  TgwNode,
  TgwRouteEntry,
  TgwRouteTableNode,
} from './transit-gateway-graph.js';
export { tgwEntrySubnet, tgwExitSubnet, tgwRoute } from './transit-gateway.js';
export {
  bindingOfReply,
  listenerFor,
  pickTarget,
  toTarget,
  type ElbBinding,
} from './load-balancer.js';
export { shadowedTgwRoute, shadowedVpcRoute, type Shadowed } from './route-shadow.js';
export { vpcTgwKey } from './transit-gateway-graph.js';
export { selectTarget, type ElbGoal, type TargetChoice } from './load-balancer-target.js';
