import { Cidr } from '../net/index.js';
import type { Tag } from '../model/common.js';
import {
  ACL_DEFAULT_DENY_V4,
  ACL_DEFAULT_DENY_V6,
  type NetworkAcl,
  type NetworkAclEntry,
} from '../model/network-acl.js';
import type { OperationContext } from '../model/operation.js';
import type { Route, RouteTable } from '../model/route-table.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/security-group.js';
import type { Vpc } from '../model/vpc.js';

/**
 * The resources AWS creates with every VPC, with AWS's default contents
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html).
 */

const ALL_V4 = Cidr.all(4);
const ALL_V6 = Cidr.all(6);

/** A local route for one VPC block. */
export function localRoute(cidr: Cidr): Route {
  return cidr.family === 4
    ? { destinationCidrBlock: cidr, gatewayId: 'local', origin: 'CreateRouteTable' }
    : { destinationIpv6CidrBlock: cidr, gatewayId: 'local', origin: 'CreateRouteTable' };
}

/** A route table with the local routes of every block of the VPC. */
export function newRouteTable(
  vpc: Vpc,
  ctx: OperationContext,
  main: boolean,
  tags: readonly Tag[] = [],
): RouteTable {
  const cidrs = [
    ...vpc.cidrBlockAssociationSet.map((a) => a.cidrBlock),
    ...vpc.ipv6CidrBlockAssociationSet.map((a) => a.ipv6CidrBlock),
  ];
  return {
    kind: 'route-table',
    id: ctx.ids.next('route-table'),
    ownerId: vpc.ownerId,
    region: vpc.region,
    tags,
    vpcId: vpc.id,
    routes: cidrs.map(localRoute),
    associations: main
      ? [{ routeTableAssociationId: ctx.ids.next('route-table-association'), main: true }]
      : [],
    propagatingVgws: [],
  };
}

/** Egress allow-all rules of a new security group: IPv4, plus IPv6 where the VPC has it. */
export function allowAllEgress(ctx: OperationContext, ipv6: boolean): SecurityGroupRule[] {
  const rule = (cidr: Cidr): SecurityGroupRule => ({
    securityGroupRuleId: ctx.ids.next('security-group-rule'),
    isEgress: true,
    ipProtocol: '-1',
    fromPort: -1,
    toPort: -1,
    ...(cidr.family === 4 ? { cidrIpv4: cidr } : { cidrIpv6: cidr }),
  });
  return ipv6 ? [rule(ALL_V4), rule(ALL_V6)] : [rule(ALL_V4)];
}

/** The VPC's `default` security group: all inbound from itself, all outbound. */
export function defaultSecurityGroup(vpc: Vpc, ctx: OperationContext): SecurityGroup {
  const id = ctx.ids.next('security-group');
  const self: SecurityGroupRule = {
    securityGroupRuleId: ctx.ids.next('security-group-rule'),
    isEgress: false,
    ipProtocol: '-1',
    fromPort: -1,
    toPort: -1,
    referencedGroupInfo: { groupId: id, userId: vpc.ownerId },
  };
  return {
    kind: 'security-group',
    id,
    ownerId: vpc.ownerId,
    region: vpc.region,
    tags: [],
    groupName: 'default',
    description: 'default VPC security group',
    vpcId: vpc.id,
    rules: [self, ...allowAllEgress(ctx, vpc.ipv6CidrBlockAssociationSet.length > 0)],
  };
}

const entry = (
  ruleNumber: number,
  egress: boolean,
  ruleAction: 'allow' | 'deny',
  cidr: Cidr,
): NetworkAclEntry => ({
  ruleNumber,
  protocol: '-1',
  ruleAction,
  egress,
  ...(cidr.family === 4 ? { cidrBlock: cidr } : { ipv6CidrBlock: cidr }),
});

/** The catch-all deny entries every ACL ends with. */
export function denyAllEntries(ipv6: boolean): NetworkAclEntry[] {
  return [false, true].flatMap((egress) => [
    entry(ACL_DEFAULT_DENY_V4, egress, 'deny', ALL_V4),
    ...(ipv6 ? [entry(ACL_DEFAULT_DENY_V6, egress, 'deny', ALL_V6)] : []),
  ]);
}

/** The IPv6 entries AWS adds to a default ACL direction: rule 101 allow ::/0 and `*` deny. */
function defaultIpv6Entries(egress: boolean): NetworkAclEntry[] {
  return [entry(101, egress, 'allow', ALL_V6), entry(ACL_DEFAULT_DENY_V6, egress, 'deny', ALL_V6)];
}

/**
 * The IPv6 entries AWS adds to an ACL when its VPC gains IPv6: the `*` deny in each direction
 * that lacks it, on every ACL (AWS lists it on every ACL of a VPC with IPv6) and, on the default
 * ACL, rule 101 allow ::/0 in each direction nobody has edited
 * (https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html).
 */
export function ipv6EntriesFor(acl: NetworkAcl): NetworkAclEntry[] {
  return [false, true].flatMap((egress) => {
    const direction = acl.entries.filter((e) => e.egress === egress);
    const edited = egress ? acl.modified.egress : acl.modified.ingress;
    const allow =
      acl.isDefault && !edited && !direction.some((e) => e.ipv6CidrBlock)
        ? [entry(101, egress, 'allow', ALL_V6)]
        : [];
    const deny = direction.some((e) => e.ruleNumber === ACL_DEFAULT_DENY_V6)
      ? []
      : [entry(ACL_DEFAULT_DENY_V6, egress, 'deny', ALL_V6)];
    return [...allow, ...deny];
  });
}

/** The VPC's default network ACL: rule 100 allows everything (101 for IPv6), then `*` deny. */
export function defaultNetworkAcl(vpc: Vpc, ctx: OperationContext): NetworkAcl {
  const ipv6 = vpc.ipv6CidrBlockAssociationSet.length > 0;
  const entries = [false, true].flatMap((egress) => [
    entry(100, egress, 'allow', ALL_V4),
    entry(ACL_DEFAULT_DENY_V4, egress, 'deny', ALL_V4),
    ...(ipv6 ? defaultIpv6Entries(egress) : []),
  ]);
  return {
    kind: 'network-acl',
    id: ctx.ids.next('network-acl'),
    ownerId: vpc.ownerId,
    region: vpc.region,
    tags: [],
    vpcId: vpc.id,
    isDefault: true,
    entries,
    associations: [],
    modified: { ingress: false, egress: false },
  };
}

/** Sorts ACL entries as AWS evaluates and lists them: by direction, then rule number. */
export function sortEntries(entries: readonly NetworkAclEntry[]): NetworkAclEntry[] {
  return [...entries].sort(
    (a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber,
  );
}
