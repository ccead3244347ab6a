import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

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
}

/** A VPC security group (EC2 `SecurityGroup`); rules are kept one per peer, as AWS numbers them. */
export interface SecurityGroup extends ResourceBase<'security-group', Id<'security-group'>> {
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: Id<'vpc'>;
  readonly rules: readonly SecurityGroupRule[];
}
