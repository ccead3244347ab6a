import { HeaderSpace } from '../../net/index.js';
import type { AclNode, AclRuleNode } from '../../dataplane/graph.js';
import { aclRules } from '../../dataplane/subnet.js';
import { protoMatchSpace } from './rule-space.js';

/**
 * A network ACL as header spaces: numbered rules, first match wins, `*` deny last, one list per
 * direction and family. Each rule decides the headers it matches that no lower-numbered rule
 * matched, so the rules' shares partition the family's headers.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
 */
export interface AclPartition {
  /** Each rule, in evaluation order, with the headers it decides (possibly none). */
  readonly rules: readonly { readonly rule: AclRuleNode; readonly space: HeaderSpace }[];
  /** The headers the ACL lets through in this direction. */
  readonly allowed: HeaderSpace;
  /** The headers it stops. */
  readonly denied: HeaderSpace;
}

/** The headers one rule matches: its CIDR on the remote address and its protocol part. */
export function aclRuleSpace(r: AclRuleNode): HeaderSpace {
  // The remote end is the destination going out and the source coming in.
  return protoMatchSpace(r.match).restrictAddress(r.egress ? 'destination' : 'source', [r.cidr]);
}

/** Splits both families' headers among an ACL's rules in one direction. */
export function networkAclPartition(acl: AclNode, egress: boolean): AclPartition {
  const rules: { rule: AclRuleNode; space: HeaderSpace }[] = [];
  let allowed = HeaderSpace.none();
  let denied = HeaderSpace.none();
  for (const family of [4, 6] as const) {
    let rest = HeaderSpace.family(family);
    for (const rule of aclRules(acl, egress, family)) {
      const m = aclRuleSpace(rule);
      const space = rest.intersect(m);
      rules.push({ rule, space });
      if (rule.allow) allowed = allowed.union(space);
      else denied = denied.union(space);
      rest = rest.difference(m);
    }
    // Every list ends with `*` deny (the dataplane guarantees it); anything left is denied.
    denied = denied.union(rest);
  }
  return { rules, allowed, denied };
}
