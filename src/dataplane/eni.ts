import { RangeSet, type Ip } from '../net/index.js';
import type { SecurityGroup, SecurityGroupRule } from '../model/security-group.js';
import type { AddressSet, EniNode, NodeBase, SgNode, SgRuleNode } from './graph.js';
import {
  hasPorts,
  isIcmp,
  matchesProto,
  protocolNumber,
  v4Key,
  type Packet,
  type ProtoMatch,
} from './packet.js';

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
  const protocol = protocolNumber(rule.ipProtocol) ?? -1;
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
  const node: SgNode = { ...base, kind: 'security-group', vpcId: sg.vpcId, ingress: [], egress: [] };
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
): SgRuleNode | undefined {
  for (const g of groups) {
    for (const r of egress ? g.egress : g.ingress) if (sgRuleAdmits(r, p)) return r;
  }
  return undefined;
}

/** The packet field RA names when no rule matches: which field would have to change. */
export type SgPacketField = 'destination-port' | 'source-address' | 'destination-address' | 'protocol';

/**
 * Which field kept the nearest rule from matching: the port if some rule has the right peer
 * and protocol, else the address if some rule has the right protocol and port, else the
 * protocol; undefined when the groups have no rules in that direction.
 */
export function sgMismatchField(
  groups: readonly SgNode[],
  egress: boolean,
  p: Packet,
): SgPacketField | undefined {
  let any = false;
  let portOnly = false;
  let addressOnly = false;
  for (const g of groups) {
    for (const r of egress ? g.egress : g.ingress) {
      any = true;
      const addressOk = addressSetHas(r.peer, peerAddress(egress, p));
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
  return ip.family === 4 ? eni.vpc.owners4.get(v4Key(ip)) === eni : eni.vpc.owners6.get(ip.value) === eni;
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
