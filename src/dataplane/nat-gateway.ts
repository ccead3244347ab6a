import { NAT64_PREFIX } from '../model/nat-gateway.js';
import { pass, refuse, type Verdict } from './explanation.js';
import type { NatNode, Origin } from './graph.js';
import {
  ICMP_ECHO,
  PROTOCOL,
  hasPorts,
  nat64Embedded,
  replyTo,
  samePacket,
  type Packet,
} from './packet.js';

/**
 * The NAT gateway function. Sources become the gateway's private IPv4 (a public gateway's
 * Elastic IP is applied afterwards by the internet gateway); source ports are remapped into
 * 1024–65535; IPv6 packets to 64:ff9b::/96 are translated to IPv4 (NAT64). Only traffic from
 * the VPC itself (or from a transit gateway) may use it: not a peer's, a VPN's or Direct
 * Connect's (edge to edge).
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html,
 * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
 */

/** The protocols a NAT gateway translates (ICMPv6 only as NAT64 input). */
export const NAT_PROTOCOLS: readonly number[] = [PROTOCOL.tcp, PROTOCOL.udp, PROTOCOL.icmp];

/** A connection the gateway has translated: the header inside and the header outside. */
export interface NatBinding {
  readonly nat: NatNode;
  readonly inside: Packet;
  readonly outside: Packet;
}

/**
 * The source port the gateway uses. AWS picks any free port in 1024–65535; we keep the
 * client's port when it already lies there and shift a privileged one above 1023, so traces
 * are deterministic.
 */
export const remapPort = (port: number): number => (port >= 1024 ? port : 1024 + port);

/** Translates a packet leaving through the gateway; the binding lets the reply come back. */
export function natOutbound(
  nat: NatNode,
  p: Packet,
  origin: Origin,
): Verdict & { readonly binding?: NatBinding } {
  if (nat.state !== 'available' || nat.privateIp === undefined) {
    return refuse({ code: 'BAD_STATE', state: nat.state });
  }
  if (origin !== 'vpc' && origin !== 'transit-gateway') {
    return refuse({
      code: 'NGW_REQUIRES_SOURCE_IN_VPC',
      packetField: 'source-address',
      address: p.src,
    });
  }
  let out: Packet;
  if (p.dst.family === 6) {
    if (!NAT64_PREFIX.contains(p.dst)) {
      return refuse({
        code: 'CANNOT_ROUTE',
        packetField: 'destination-address',
        address: p.dst,
        cidrs: [NAT64_PREFIX],
      });
    }
    if (
      p.protocol !== PROTOCOL.tcp &&
      p.protocol !== PROTOCOL.udp &&
      p.protocol !== PROTOCOL.icmpv6
    ) {
      return refuse({
        code: 'PROTOCOL_RESTRICTION',
        packetField: 'protocol',
        protocols: [PROTOCOL.tcp, PROTOCOL.udp, PROTOCOL.icmpv6],
      });
    }
    out = { ...p, src: nat.privateIp, dst: nat64Embedded(p.dst) };
    if (p.protocol === PROTOCOL.icmpv6) {
      // RFC 7915 §5.2: echo request and reply keep their meaning; other types are not carried
      // (neighbour discovery and MLD never leave the link; errors need a session) (D148).
      const echo = ICMP_ECHO[6];
      if (p.icmpType !== echo.request && p.icmpType !== echo.reply) {
        return refuse({
          code: 'PROTOCOL_RESTRICTION',
          packetField: 'protocol',
          protocols: [PROTOCOL.tcp, PROTOCOL.udp, PROTOCOL.icmpv6],
        });
      }
      const type = p.icmpType === echo.request ? ICMP_ECHO[4].request : ICMP_ECHO[4].reply;
      out = { ...out, protocol: PROTOCOL.icmp, icmpType: type };
    }
  } else {
    if (!NAT_PROTOCOLS.includes(p.protocol)) {
      return refuse({
        code: 'PROTOCOL_RESTRICTION',
        packetField: 'protocol',
        protocols: NAT_PROTOCOLS,
      });
    }
    out = { ...p, src: nat.privateIp };
  }
  if (hasPorts(out.protocol) && out.srcPort !== undefined)
    out = { ...out, srcPort: remapPort(out.srcPort) };
  return { ok: true, packet: out, binding: { nat, inside: p, outside: out } };
}

/**
 * A reply arriving at the gateway's own address: the binding of the connection it answers
 * turns it back into the reply the client expects. Without one the gateway drops it (it
 * accepts no connections of its own).
 */
export function natInbound(nat: NatNode, p: Packet, bindings: readonly NatBinding[]): Verdict {
  for (const b of bindings) {
    if (b.nat === nat && samePacket(replyTo(b.outside), p)) return pass(replyTo(b.inside));
  }
  return refuse({
    code: 'NO_POSSIBLE_DESTINATION',
    direction: 'ingress',
    packetField: 'destination-address',
    address: p.dst,
  });
}

/** Whether the packet is addressed to the gateway itself (rather than routed through it). */
export const addressedToNat = (nat: NatNode, p: Packet): boolean =>
  nat.privateIp !== undefined && p.dst.equals(nat.privateIp);
