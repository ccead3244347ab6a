/**
 * DescribeSecurityGroups and DescribeSecurityGroupRules filters, by AWS's names.
 */
import type { Tag } from '../../model/common.js';
import { parseProtocol } from '../../model/protocol.js';
import type { SecurityGroup, SecurityGroupRule } from '../../model/security-group.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { FilterTable } from './describe.js';
import { PORTED } from './security-group-view.js';

/** Protocol values a filter matches: the stored text and its number (`tcp` and `6`). */
function protocolValues(p: string): string[] {
  const n = parseProtocol(p);
  return n === undefined || String(n) === p ? [p] : [p, String(n)];
}

/** The `ip-permission.*` (or `egress.ip-permission.*`) filters of one direction. */
function permissionFilters(
  s: Snapshot,
  prefix: string,
  isEgress: boolean,
): FilterTable<SecurityGroup> {
  const rules = (g: SecurityGroup) => g.rules.filter((r) => r.isEgress === isEgress);
  const ported = (g: SecurityGroup) => rules(g).filter((r) => PORTED.has(r.ipProtocol));
  return {
    [`${prefix}.cidr`]: (g) => rules(g).map((r) => r.cidrIpv4?.toString()),
    [`${prefix}.from-port`]: (g) => ported(g).map((r) => String(r.fromPort)),
    [`${prefix}.to-port`]: (g) => ported(g).map((r) => String(r.toPort)),
    [`${prefix}.group-id`]: (g) => rules(g).map((r) => r.referencedGroupInfo?.groupId),
    [`${prefix}.group-name`]: (g) =>
      rules(g).map((r) => {
        const ref = r.referencedGroupInfo;
        return ref && s.get('security-group', ref.groupId)?.groupName;
      }),
    [`${prefix}.ipv6-cidr`]: (g) => rules(g).map((r) => r.cidrIpv6?.toString()),
    [`${prefix}.prefix-list-id`]: (g) => rules(g).map((r) => r.prefixListId),
    [`${prefix}.protocol`]: (g) => rules(g).flatMap((r) => protocolValues(r.ipProtocol)),
    [`${prefix}.user-id`]: (g) => rules(g).map((r) => r.referencedGroupInfo?.userId),
  };
}

/**
 * DescribeSecurityGroups filters, by name, as AWS documents them (tags are built in). Rule
 * filters match any rule of the group, so two rule filters may be met by two different rules,
 * as AWS documents.
 */
export function securityGroupFilters(s: Snapshot): FilterTable<SecurityGroup> {
  return {
    description: (g) => [g.description],
    'group-id': (g) => [g.id],
    'group-name': (g) => [g.groupName],
    'owner-id': (g) => [g.ownerId],
    'vpc-id': (g) => [g.vpcId],
    ...permissionFilters(s, 'ip-permission', false),
    ...permissionFilters(s, 'egress.ip-permission', true),
  };
}

/** A rule of DescribeSecurityGroupRules, with its group; tags for the built-in tag filters. */
export interface RuleItem {
  readonly group: SecurityGroup;
  readonly rule: SecurityGroupRule;
  readonly tags: readonly Tag[];
}

/** DescribeSecurityGroupRules filters, as AWS documents them (tags are built in). */
export const SECURITY_GROUP_RULE_FILTERS: FilterTable<RuleItem> = {
  'group-id': (i) => [i.group.id],
  'security-group-rule-id': (i) => [i.rule.securityGroupRuleId],
};
