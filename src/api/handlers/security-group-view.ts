/**
 * Security groups and rules in the model's output shapes. Rules are stored one per (protocol,
 * ports, peer); `IpPermission`s fold them back into AWS's grouping (one per protocol and port
 * range, several peers each), while `SecurityGroupRule` shows them one by one with their ids.
 */
import type {
  ReferencedSecurityGroup,
  SecurityGroup,
  SecurityGroupRule,
} from '../../model/security-group.js';
import type { Snapshot } from '../../model/snapshot.js';
import type * as Ec2 from '../protocol/ec2-types.generated.js';
import { tagSet } from './tags.js';

/** Protocols whose rules carry ports (or ICMP type/code) in an `IpPermission`. */
export const PORTED = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

/** A peering's status for `peeringStatus`; a connection no longer stored reads `deleted`. */
function peeringStatus(s: Snapshot, ref: ReferencedSecurityGroup): string | undefined {
  if (ref.vpcPeeringConnectionId === undefined) return undefined;
  return s.get('vpc-peering-connection', ref.vpcPeeringConnectionId)?.status.code ?? 'deleted';
}

/** `ReferencedSecurityGroup` / `UserIdGroupPair` fields of a group reference. */
function referenceOutput(s: Snapshot, ref: ReferencedSecurityGroup): Ec2.ReferencedGroupInfo {
  return {
    groupId: ref.groupId,
    userId: ref.userId,
    vpcId: ref.vpcId,
    vpcPeeringConnectionId: ref.vpcPeeringConnectionId,
    peeringStatus: peeringStatus(s, ref),
  };
}

/** AWS `SecurityGroupRule`: one rule with its id, group and single peer. */
export function securityGroupRuleOutput(
  s: Snapshot,
  group: Pick<SecurityGroup, 'id' | 'ownerId'>,
  r: SecurityGroupRule,
): Ec2.SecurityGroupRule {
  return {
    securityGroupRuleId: r.securityGroupRuleId,
    groupId: group.id,
    groupOwnerId: group.ownerId,
    isEgress: r.isEgress,
    ipProtocol: r.ipProtocol,
    fromPort: r.fromPort,
    toPort: r.toPort,
    cidrIpv4: r.cidrIpv4?.toString(),
    cidrIpv6: r.cidrIpv6?.toString(),
    prefixListId: r.prefixListId,
    referencedGroupInfo: r.referencedGroupInfo && referenceOutput(s, r.referencedGroupInfo),
    description: r.description,
    tags: tagSet(r.tags ?? []),
  };
}

/** One `IpPermission` being assembled: its peers in AWS's four lists. */
interface PermissionOut extends Ec2.IpPermission {
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipRanges: Ec2.IpRange[];
  readonly ipv6Ranges: Ec2.Ipv6Range[];
  readonly prefixListIds: Ec2.PrefixListId[];
  readonly userIdGroupPairs: Ec2.UserIdGroupPair[];
}

/**
 * Folds rules into `IpPermission`s as AWS lists them: one per protocol and port range, in the
 * order first seen; ports only where the protocol has them (AWS omits them for `-1` and for
 * protocols given by number).
 */
export function ipPermissionsOutput(
  s: Snapshot,
  rules: readonly SecurityGroupRule[],
): PermissionOut[] {
  const byKey = new Map<string, PermissionOut>();
  for (const r of rules) {
    const key = `${r.ipProtocol}|${r.fromPort}|${r.toPort}`;
    let p = byKey.get(key);
    if (p === undefined) {
      const ports = PORTED.has(r.ipProtocol) ? { fromPort: r.fromPort, toPort: r.toPort } : {};
      p = {
        ipProtocol: r.ipProtocol,
        ...ports,
        ipRanges: [],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [],
      };
      byKey.set(key, p);
    }
    const description = r.description;
    if (r.cidrIpv4) p.ipRanges.push({ cidrIp: r.cidrIpv4.toString(), description });
    else if (r.cidrIpv6) p.ipv6Ranges.push({ cidrIpv6: r.cidrIpv6.toString(), description });
    else if (r.prefixListId) p.prefixListIds.push({ prefixListId: r.prefixListId, description });
    else if (r.referencedGroupInfo) {
      p.userIdGroupPairs.push({ ...referenceOutput(s, r.referencedGroupInfo), description });
    }
  }
  return [...byKey.values()];
}

/** AWS `SecurityGroup`. */
export function securityGroupOutput(s: Snapshot, g: SecurityGroup): Ec2.SecurityGroup {
  return {
    description: g.description,
    groupName: g.groupName,
    ipPermissions: ipPermissionsOutput(
      s,
      g.rules.filter((r) => !r.isEgress),
    ),
    ownerId: g.ownerId,
    groupId: g.id,
    ipPermissionsEgress: ipPermissionsOutput(
      s,
      g.rules.filter((r) => r.isEgress),
    ),
    tags: tagSet(g.tags),
    vpcId: g.vpcId,
  };
}

/**
 * A stale rule's peer as AWS shows it: the referenced group and, across a peering, its VPC and
 * the connection with its status (`deleted` once the connection is gone).
 */
export function staleIpPermissions(
  s: Snapshot,
  rules: readonly SecurityGroupRule[],
): Ec2.StaleIpPermission[] {
  return ipPermissionsOutput(s, rules).map((p) => ({
    ipProtocol: p.ipProtocol,
    fromPort: p.fromPort,
    toPort: p.toPort,
    userIdGroupPairs: p.userIdGroupPairs,
  }));
}
