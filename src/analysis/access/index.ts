// The access analyzer's foundations: rules compiled to header spaces, and scopes. The symbolic
// walk over the forwarding graph is built on these (issue 5).
export { protoMatchSpace, icmpSpans } from './rule-space.js';
export { securityGroupRuleSpace, securityGroupsSpace, sgRuleNodeSpace } from './security-group.js';
export { type AclPartition, aclRuleSpace, networkAclPartition } from './network-acl.js';
export {
  type RoutePartition,
  type RouteShare,
  routeTablePartition,
  routeTargetKey,
  sharesByTarget,
} from './route-table.js';
export {
  type AccessScope,
  type AccessScopePath,
  type PacketHeaderStatement,
  type PathStatement,
  type ResourceStatement,
  SCOPE_RESOURCE_TYPES,
  type ScopeResourceType,
  parseAccessScope,
} from './scope.js';
export { type ScopeJson, scopeToJson } from './scope-json.js';
export { packetHeaderSpace } from './scope-space.js';
export {
  AMAZON_SCOPES,
  type AmazonScopeName,
  amazonScope,
  isAmazonScopeName,
} from './amazon-scopes.js';
export { analyzeAccess, matchesStatement } from './analyze.js';
export type { AccessAnalysis, AccessFinding, AccessOptions } from './finding.js';
export { packetHeaders } from './finding-render.js';
