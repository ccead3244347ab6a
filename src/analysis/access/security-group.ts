import { type Addresses, HeaderSpace } from '../../net/index.js';
import type { SecurityGroupRule } from '../../model/security-group.js';
import type { SgNode, SgRuleNode } from '../../dataplane/graph.js';
import { sgRuleMatch } from '../../dataplane/eni.js';
import { protoMatchSpace } from './rule-space.js';

/**
 * Security groups as header spaces: a rule admits its protocol part from (ingress) or to
 * (egress) its peer; groups are allow-only and stateful, so what an interface admits in one
 * direction is the union of every rule of every group in that direction.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */

/** The headers one model rule admits, given its peer's addresses (CIDR, prefix list, group). */
export function securityGroupRuleSpace(rule: SecurityGroupRule, peer: Addresses): HeaderSpace {
  return protoMatchSpace(sgRuleMatch(rule)).restrictAddress(
    rule.isEgress ? 'destination' : 'source',
    peer,
  );
}

/** The headers one compiled rule admits (its peer already resolved by the dataplane). */
export function sgRuleNodeSpace(r: SgRuleNode): HeaderSpace {
  return protoMatchSpace(r.match).restrictAddress(r.egress ? 'destination' : 'source', r.peer);
}

/** The headers an interface's groups admit in one direction: the union of all their rules. */
export function securityGroupsSpace(groups: readonly SgNode[], egress: boolean): HeaderSpace {
  let out = HeaderSpace.none();
  for (const g of groups)
    for (const r of egress ? g.egress : g.ingress) out = out.union(sgRuleNodeSpace(r));
  return out;
}
