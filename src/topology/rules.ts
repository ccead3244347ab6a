import type { NetworkAclEntryInput } from '../control/network-acl.js';
import type { IpPermissionInput } from '../control/security-group-rules.js';
import { parseProtocol } from '../model/protocol.js';
import type { TopologyAclRule, TopologySgRule } from './schema.js';

/**
 * Topology rule shorthand → AWS request shapes. The shorthand is what people write
 * (`protocol: tcp, ports: 1024-65535`); the request shapes are what the operations validate,
 * so a bad value gets AWS's own error.
 */

/** `443` → 443–443; `"1024-65535"` → 1024–65535; absent or `"all"` → all ports. */
export function parsePorts(
  ports: number | string | undefined,
): { from: number; to: number } | 'all' | undefined {
  if (ports === undefined || ports === 'all') return 'all';
  if (typeof ports === 'number') return { from: ports, to: ports };
  const m = /^(\d+)(?:-(\d+))?$/.exec(ports.trim());
  if (!m?.[1]) return undefined;
  const from = Number(m[1]);
  return { from, to: m[2] ? Number(m[2]) : from };
}

/**
 * The IANA number (as text) of a protocol name or number; `-1` for all. A value AWS would refuse
 * passes through as written, so the operation reports AWS's own error for it.
 */
export function protocolNumber(p: string | number): string {
  const n = parseProtocol(p);
  return n === undefined ? String(p).toLowerCase() : String(n);
}

const portsOrIcmp = (
  protocol: string,
  rule: {
    ports?: number | string | undefined;
    icmpType?: number | undefined;
    icmpCode?: number | undefined;
  },
): { from: number; to: number } | 'none' | undefined => {
  if (protocol === '6' || protocol === '17') {
    const ports = parsePorts(rule.ports);
    return ports === 'all' ? { from: 0, to: 65535 } : ports;
  }
  if (protocol === '1' || protocol === '58')
    return { from: rule.icmpType ?? -1, to: rule.icmpCode ?? -1 };
  return 'none';
};

/** The peer a security group rule names, resolved by the loader. */
export type SgPeer =
  | { readonly cidr: string }
  | { readonly groupId: string; readonly userId?: string }
  | { readonly prefixListId: string };

/** One topology SG rule as an EC2 `IpPermission`; a string says what is wrong with it. */
export function ipPermission(rule: TopologySgRule, peer: SgPeer): IpPermissionInput | string {
  const protocol = protocolNumber(rule.protocol);
  const range = portsOrIcmp(protocol, rule);
  if (range === undefined) return `bad port range '${String(rule.ports)}'`;
  const ports = range === 'none' ? {} : { fromPort: range.from, toPort: range.to };
  const description = rule.description !== undefined ? { description: rule.description } : {};
  const base = { ipProtocol: protocol, ...ports };
  if ('cidr' in peer) {
    return peer.cidr.includes(':')
      ? { ...base, ipv6Ranges: [{ cidrIpv6: peer.cidr, ...description }] }
      : { ...base, ipRanges: [{ cidrIp: peer.cidr, ...description }] };
  }
  if ('groupId' in peer) return { ...base, userIdGroupPairs: [{ ...peer, ...description }] };
  return { ...base, prefixListIds: [{ prefixListId: peer.prefixListId, ...description }] };
}

/** One topology ACL rule as CreateNetworkAclEntry input; a string says what is wrong with it. */
export function aclEntry(
  networkAclId: string,
  rule: TopologyAclRule,
  egress: boolean,
): NetworkAclEntryInput | string {
  const protocol = protocolNumber(rule.protocol);
  const range = portsOrIcmp(protocol, rule);
  if (range === undefined) return `bad port range '${String(rule.ports)}'`;
  return {
    networkAclId,
    ruleNumber: rule.rule,
    protocol,
    ruleAction: rule.action,
    egress,
    ...(rule.cidr.includes(':') ? { ipv6CidrBlock: rule.cidr } : { cidrBlock: rule.cidr }),
    ...(range === 'none'
      ? {}
      : protocol === '6' || protocol === '17'
        ? { portRange: range }
        : { icmpTypeCode: { type: range.from, code: range.to } }),
  };
}
