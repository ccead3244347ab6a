import { RangeSet, type Cidr, type Ip } from '../net/index.js';
import { parseProtocol } from '../model/protocol.js';
import type { Snapshot } from '../model/snapshot.js';
import {
  isStaleRule,
  type SecurityGroup,
  type SecurityGroupRule,
} from '../model/security-group.js';
import {
  addressSet,
  nodeBase,
  type AddressSet,
  type EniNode,
  type NodeBase,
  type Origin,
  type PrefixListNode,
  type SgNode,
  type SgRuleNode,
} from './graph.js';
import { hasPorts, isIcmp, matchesProto, v4Key, type Packet, type ProtoMatch } from './packet.js';

/**
 * The ENI function: security groups (stateful, allow-only, the union of every group on the
 * interface), the source/destination check, and which addresses an interface owns.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */

/** The empty address set. */
export const NO_ADDRESSES: AddressSet = { v4: RangeSet.empty(4), v6: RangeSet.empty(6) };

/**
 * What a security group rule admits besides its peer. AWS's text: `-1` (all), `tcp`, `udp`,
 * `icmp`, `icmpv6` or a number. TCP/UDP ports are a range (-1 = all); for ICMP the "ports" are
 * type and code (-1 = any); any other protocol has no ports.
 */
export function sgRuleMatch(rule: SecurityGroupRule): ProtoMatch {
  const protocol = parseProtocol(rule.ipProtocol) ?? -1;
  if (hasPorts(protocol)) {
    if (rule.fromPort < 0) return { protocol };
    return { protocol, ports: { from: rule.fromPort, to: rule.toPort } };
  }
  if (isIcmp(protocol)) {
    return { protocol, icmp: { type: rule.fromPort, code: rule.fromPort < 0 ? -1 : rule.toPort } };
  }
  return { protocol };
}

/** Compiles a group; `peerOf` resolves each rule's CIDR, prefix list or group reference. */
export function compileSecurityGroup(
  sg: SecurityGroup,
  base: NodeBase,
  peerOf: (rule: SecurityGroupRule) => AddressSet,
): SgNode {
  const node: SgNode = {
    id: base.id,
    name: base.name,
    region: base.region,
    ownerId: base.ownerId,
    kind: 'security-group',
    vpcId: sg.vpcId,
    ingress: [],
    egress: [],
  };
  for (const rule of sg.rules) {
    const compiled: SgRuleNode = {
      group: node,
      egress: rule.isEgress,
      match: sgRuleMatch(rule),
      peer: peerOf(rule),
      rule,
    };
    (rule.isEgress ? node.egress : node.ingress).push(compiled);
  }
  return node;
}

/** The address a rule's peer is compared with: the destination going out, the source coming in. */
const peerAddress = (egress: boolean, p: Packet): Ip => (egress ? p.dst : p.src);

/** Whether an address set holds ip. */
export const addressSetHas = (set: AddressSet, ip: Ip): boolean =>
  ip.family === 4 ? set.v4.has(ip) : set.v6.has(ip);

/**
 * Whether traffic of an origin was sent by a network interface — of this VPC, or of another
 * across a peering or transit gateway — which a rule naming a security group can match. What
 * enters from the internet, on premises or a gateway endpoint's service is sent by no interface,
 * so it matches no group reference, whatever source address it carries (D149).
 */
export const fromInterface = (origin: Origin): boolean =>
  origin === 'vpc' || origin === 'peering' || origin === 'transit-gateway';

/** Whether a rule names a security group (its peers are that group's interfaces). */
export const namesGroup = (r: SgRuleNode): boolean => r.rule.referencedGroupInfo !== undefined;

/** Whether one compiled rule admits the packet. */
export function sgRuleAdmits(r: SgRuleNode, p: Packet): boolean {
  return matchesProto(r.match, p) && addressSetHas(r.peer, peerAddress(r.egress, p));
}

/**
 * The first rule (groups in ENI order, rules in group order) of any of the groups that admits
 * the packet in one direction, or undefined: security groups have no deny, so one match is
 * enough and which one is reported is only a matter of presentation.
 */
export function evalSecurityGroups(
  groups: readonly SgNode[],
  egress: boolean,
  p: Packet,
  sentByInterface = true,
): SgRuleNode | undefined {
  for (const g of groups) {
    for (const r of egress ? g.egress : g.ingress) {
      if ((sentByInterface || !namesGroup(r)) && sgRuleAdmits(r, p)) return r;
    }
  }
  return undefined;
}

/** The packet field RA names when no rule matches: which field would have to change. */
export type SgPacketField =
  'destination-port' | 'source-address' | 'destination-address' | 'protocol';

/**
 * Which field kept the nearest rule from matching: the port if some rule has the right peer
 * and protocol, else the address if some rule has the right protocol and port, else the
 * protocol; undefined when the groups have no rules in that direction.
 */
export function sgMismatchField(
  groups: readonly SgNode[],
  egress: boolean,
  p: Packet,
  sentByInterface = true,
): SgPacketField | undefined {
  let any = false;
  let portOnly = false;
  let addressOnly = false;
  for (const g of groups) {
    for (const r of egress ? g.egress : g.ingress) {
      any = true;
      const addressOk =
        (sentByInterface || !namesGroup(r)) && addressSetHas(r.peer, peerAddress(egress, p));
      const protocolOk = r.match.protocol === -1 || r.match.protocol === p.protocol;
      if (addressOk && protocolOk) portOnly = true;
      if (!addressOk && matchesProto(r.match, p)) addressOnly = true;
    }
  }
  if (!any) return undefined;
  if (portOnly) return 'destination-port';
  if (addressOnly) return egress ? 'destination-address' : 'source-address';
  return 'protocol';
}

/** Whether the ENI owns ip as one of its private IPv4 or IPv6 addresses. */
export function ownsAddress(eni: EniNode, ip: Ip): boolean {
  return ip.family === 4
    ? eni.vpc.owners4.get(v4Key(ip)) === eni
    : eni.vpc.owners6.get(ip.value) === eni;
}

/** The ENI of a VPC that owns a private address, if any. */
export function addressOwner(
  vpc: { owners4: Map<number, EniNode>; owners6: Map<bigint, EniNode> },
  ip: Ip,
): EniNode | undefined {
  return ip.family === 4 ? vpc.owners4.get(v4Key(ip)) : vpc.owners6.get(ip.value);
}

/** Whether security groups filter this ENI (a NAT gateway's interface has none that apply). */
export const hasSecurityGroups = (eni: EniNode): boolean => eni.role.kind !== 'nat-gateway';

/**
 * Compiles every security group. A rule's peer becomes an address set: its CIDR, its prefix
 * list's entries, or — for a group reference — the private addresses of every ENI carrying the
 * referenced group, built once per referenced group. A reference reaches the group's own VPC or
 * a peer in the same Region over an active peering; anything else is a stale rule that matches
 * nothing (https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html).
 */
export function compileSecurityGroups(
  s: Snapshot,
  prefixLists: ReadonlyMap<string, PrefixListNode>,
  groupsOf: (eni: { id: string; groups: readonly string[] }) => readonly string[],
): Map<string, SgNode> {
  const referenced = new Set<string>();
  for (const g of s.all('security-group')) {
    for (const r of g.rules)
      if (r.referencedGroupInfo) referenced.add(r.referencedGroupInfo.groupId);
  }
  const members = new Map<string, { v4: bigint[]; v6: bigint[] }>();
  for (const id of referenced) members.set(id, { v4: [], v6: [] });
  for (const eni of s.all('network-interface')) {
    for (const g of groupsOf(eni)) {
      const m = members.get(g);
      if (!m) continue;
      for (const p of eni.privateIpAddresses) m.v4.push(p.privateIpAddress.value);
      for (const a of eni.ipv6Addresses) m.v6.push(a.ipv6Address.value);
    }
  }
  const memberSets = new Map<string, AddressSet>();
  const memberSet = (groupId: string): AddressSet => {
    let set = memberSets.get(groupId);
    if (!set) {
      const m = members.get(groupId) ?? { v4: [], v6: [] };
      set = {
        v4: RangeSet.fromRanges(
          4,
          m.v4.map((v) => ({ start: v, end: v })),
        ),
        v6: RangeSet.fromRanges(
          6,
          m.v6.map((v) => ({ start: v, end: v })),
        ),
      };
      memberSets.set(groupId, set);
    }
    return set;
  };
  const cidrSets = new Map<string, AddressSet>();
  const cidrSet = (c: Cidr): AddressSet => {
    const key = c.toString();
    let set = cidrSets.get(key);
    if (!set) cidrSets.set(key, (set = addressSet([c])));
    return set;
  };
  const out = new Map<string, SgNode>();
  for (const g of s.all('security-group')) {
    const peerOf = (r: SecurityGroupRule): AddressSet => {
      if (r.cidrIpv4) return cidrSet(r.cidrIpv4);
      if (r.cidrIpv6) return cidrSet(r.cidrIpv6);
      if (r.prefixListId) return prefixLists.get(r.prefixListId)?.addresses ?? NO_ADDRESSES;
      const ref = r.referencedGroupInfo;
      if (!ref || isStaleRule(s, g, r)) return NO_ADDRESSES;
      return memberSet(ref.groupId);
    };
    out.set(g.id, compileSecurityGroup(g, nodeBase(g), peerOf));
  }
  return out;
}
