import type { Cidr } from '../net/index.js';
import type { ResourceBase, Tag } from './common.js';
import type { Id } from './ids.js';
import type { Snapshot } from './snapshot.js';
import { tgwCarriesReferences } from './transit-gateway-sg-referencing.js';
import { activePeeringBetween, isSameRegionPeering } from './vpc-peering.js';

/** The security group a rule references (EC2 `ReferencedSecurityGroup`). */
export interface ReferencedSecurityGroup {
  readonly groupId: Id<'security-group'>;
  readonly userId: string;
  readonly vpcId?: Id<'vpc'>;
  readonly vpcPeeringConnectionId?: Id<'vpc-peering-connection'>;
}

/**
 * One security group rule (EC2 `SecurityGroupRule`): one protocol, one port range, one peer.
 * `ipProtocol` is AWS's text: `-1`, `tcp`, `udp`, `icmp`, `icmpv6` or a number. Ports are -1
 * for "all" where AWS uses -1 (all protocols, ICMP any type/code).
 */
export interface SecurityGroupRule {
  readonly securityGroupRuleId: Id<'security-group-rule'>;
  readonly isEgress: boolean;
  readonly ipProtocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrIpv4?: Cidr;
  readonly cidrIpv6?: Cidr;
  readonly prefixListId?: Id<'prefix-list'>;
  readonly referencedGroupInfo?: ReferencedSecurityGroup;
  readonly description?: string;
  /** Tags given in the Authorize call's TagSpecifications (resource type `security-group-rule`). */
  readonly tags?: readonly Tag[];
}

/** A VPC security group (EC2 `SecurityGroup`); rules are kept one per peer, as AWS numbers them. */
export interface SecurityGroup extends ResourceBase<'security-group', Id<'security-group'>> {
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: Id<'vpc'>;
  readonly rules: readonly SecurityGroupRule[];
}

/** The VPC's `default` security group. */
export function defaultSecurityGroupOf(s: Snapshot, vpcId: string): SecurityGroup | undefined {
  return s.find('securityGroupByName', `${vpcId}|default`)[0];
}

/**
 * Whether a rule is stale (DescribeStaleSecurityGroups): it references a group that no longer
 * exists, or a group in another VPC with no active same-Region peering to the rule's VPC nor —
 * for an inbound rule — a transit gateway that carries references between them (D77). A
 * stale rule stays in its group and matches nothing
 * (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
 */
export function isStaleRule(
  s: Snapshot,
  group: Pick<SecurityGroup, 'vpcId'>,
  rule: SecurityGroupRule,
): boolean {
  const ref = rule.referencedGroupInfo;
  if (!ref) return false;
  const target = s.get('security-group', ref.groupId);
  if (!target) return true;
  if (target.vpcId === group.vpcId) return false;
  const peering = activePeeringBetween(s, group.vpcId, target.vpcId);
  if (peering) return !isSameRegionPeering(peering);
  // Across a transit gateway with referencing support on: inbound rules only (D77).
  if (rule.isEgress) return true;
  return !tgwCarriesReferences(s, group.vpcId, target.vpcId);
}
