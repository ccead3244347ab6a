import { Cidr, type Ip } from '../net/index.js';
import {
  ACL_DEFAULT_DENY_V4,
  ACL_DEFAULT_DENY_V6,
  type NetworkAcl,
  type NetworkAclEntry,
} from '../model/network-acl.js';
import { parseProtocol } from '../model/protocol.js';
import type { AclNode, AclRuleNode, NodeBase, SubnetNode } from './graph.js';
import { hasPorts, isIcmp, matchesProto, type Packet, type ProtoMatch } from './packet.js';

/**
 * The subnet function: the network ACL, checked where traffic leaves or enters the subnet
 * (stateless, numbered rules, first match wins, `*` deny last), and same-subnet delivery,
 * which is layer 2 and passes neither the ACL nor a route table.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
 */

/** What an ACL entry admits besides its CIDR: protocol, destination ports or ICMP type/code. */
export function aclEntryMatch(e: NetworkAclEntry): ProtoMatch {
  const protocol = parseProtocol(e.protocol) ?? -1;
  if (hasPorts(protocol) && e.portRange) return { protocol, ports: e.portRange };
  if (isIcmp(protocol) && e.icmpTypeCode) return { protocol, icmp: e.icmpTypeCode };
  return { protocol };
}

const ALL4 = Cidr.all(4);
const ALL6 = Cidr.all(6);

/** The `*` deny that ends every list, even when the stored ACL lacks it for a family. */
const implicitDeny = (egress: boolean, family: 4 | 6): AclRuleNode => ({
  ruleNumber: family === 4 ? ACL_DEFAULT_DENY_V4 : ACL_DEFAULT_DENY_V6,
  allow: false,
  egress,
  cidr: family === 4 ? ALL4 : ALL6,
  match: { protocol: -1 },
  entry: undefined,
});

function compileRules(acl: NetworkAcl, egress: boolean, family: 4 | 6): AclRuleNode[] {
  const rules: AclRuleNode[] = [];
  for (const e of acl.entries) {
    const cidr = family === 4 ? e.cidrBlock : e.ipv6CidrBlock;
    if (e.egress !== egress || cidr === undefined) continue;
    rules.push({
      ruleNumber: e.ruleNumber,
      allow: e.ruleAction === 'allow',
      egress,
      cidr,
      match: aclEntryMatch(e),
      entry: e,
    });
  }
  rules.sort((a, b) => a.ruleNumber - b.ruleNumber);
  // AWS always ends with `*` deny; keep the stored one, add one if the list lacks it.
  const last = rules[rules.length - 1];
  if (!last || last.allow || last.cidr.prefix !== 0 || last.match.protocol !== -1) {
    rules.push(implicitDeny(egress, family));
  }
  return rules;
}

/** Compiles an ACL into per-direction, per-family rule lists in evaluation order. */
export function compileNetworkAcl(acl: NetworkAcl, base: NodeBase): AclNode {
  return {
    id: base.id,
    name: base.name,
    region: base.region,
    ownerId: base.ownerId,
    kind: 'network-acl',
    vpcId: acl.vpcId,
    ingress4: compileRules(acl, false, 4),
    ingress6: compileRules(acl, false, 6),
    egress4: compileRules(acl, true, 4),
    egress6: compileRules(acl, true, 6),
  };
}

/** The rule list an ACL evaluates for a direction and the packet's family. */
export function aclRules(acl: AclNode, egress: boolean, family: 4 | 6): readonly AclRuleNode[] {
  if (egress) return family === 4 ? acl.egress4 : acl.egress6;
  return family === 4 ? acl.ingress4 : acl.ingress6;
}

/**
 * The rule that decides a packet: the lowest-numbered entry whose CIDR holds the remote
 * address (the destination going out, the source coming in) and whose protocol and ports
 * match. There is always one, because every list ends with `*` deny.
 */
export function evalNetworkAcl(acl: AclNode, egress: boolean, p: Packet): AclRuleNode {
  const remote = egress ? p.dst : p.src;
  const rules = aclRules(acl, egress, remote.family);
  for (const r of rules) {
    if (r.cidr.contains(remote) && matchesProto(r.match, p)) return r;
  }
  return implicitDeny(egress, remote.family);
}

/** Whether ip lies in one of the subnet's blocks (same-subnet traffic is delivered at layer 2). */
export function inSubnet(subnet: SubnetNode, ip: Ip): boolean {
  if (ip.family === 4) return subnet.cidr4 !== undefined && subnet.cidr4.contains(ip);
  return subnet.cidrs6.some((c) => c.contains(ip));
}
