import { describe, expect, it } from 'vitest';
import { Ip } from '../net/index.js';
import type { NatNode } from './graph.js';
import { natInbound, natOutbound, remapPort } from './nat-gateway.js';
import { packet, replyTo, type Packet } from './packet.js';

const ip = (t: string) => Ip.parse(t)!;
const nat = {
  id: 'nat-1',
  kind: 'nat-gateway',
  state: 'available',
  privateIp: ip('10.0.0.5'),
} as unknown as NatNode;
const tcp = packet({
  src: ip('10.0.1.10'),
  dst: ip('93.184.216.34'),
  protocol: 6,
  srcPort: 40000,
  dstPort: 443,
});

describe('NAT gateway function', () => {
  it('rewrites the source to its private IP and keeps an unprivileged port', () => {
    const v = natOutbound(nat, tcp, 'vpc');
    expect(v.ok && v.packet).toMatchObject({
      src: ip('10.0.0.5'),
      dst: tcp.dst,
      srcPort: 40000,
      dstPort: 443,
    });
  });

  it('refuses sources that entered the VPC by a peering or a VPN, accepts a transit gateway', () => {
    for (const origin of ['peering', 'vpn', 'internet', 'gateway-endpoint'] as const) {
      const v = natOutbound(nat, tcp, origin);
      expect(!v.ok && v.code).toBe('NGW_REQUIRES_SOURCE_IN_VPC');
    }
    expect(natOutbound(nat, tcp, 'transit-gateway').ok).toBe(true);
  });

  it('remaps source ports into 1024–65535', () => {
    expect([0, 53, 1023, 1024, 65535].map(remapPort)).toEqual([1024, 1077, 2047, 1024, 65535]);
  });

  it('translates NAT64: ICMPv6 echo to ICMP echo, the IPv4 address from the low 32 bits', () => {
    const ping: Packet = packet({
      src: ip('2600:1f18::10'),
      dst: ip('64:ff9b::22cf:fa3e'),
      protocol: 58,
      icmpType: 128,
      icmpCode: 0,
    });
    const v = natOutbound(nat, ping, 'vpc');
    expect(v.ok && v.packet).toMatchObject({
      src: ip('10.0.0.5'),
      dst: ip('34.207.250.62'),
      protocol: 1,
      icmpType: 8,
    });
    // The reply comes back as ICMPv6 from the synthesised address.
    const back = natInbound(nat, replyTo(v.ok ? v.packet : ping), v.binding ? [v.binding] : []);
    expect(back.ok && back.packet).toMatchObject({
      src: ip('64:ff9b::22cf:fa3e'),
      dst: ip('2600:1f18::10'),
      protocol: 58,
      icmpType: 129,
    });
  });

  it('NAT64 carries ICMPv6 echo request and reply only (RFC 7915 §5.2, D148)', () => {
    const icmp6 = (icmpType: number): Packet =>
      packet({
        src: ip('2600:1f18::10'),
        dst: ip('64:ff9b::22cf:fa3e'),
        protocol: 58,
        icmpType,
        icmpCode: 0,
      });
    const reply = natOutbound(nat, icmp6(129), 'vpc');
    expect(reply.ok && reply.packet).toMatchObject({ protocol: 1, icmpType: 0 });
    // Neighbour solicitation, router solicitation, an unassigned type, an error message.
    for (const t of [135, 133, 0, 1]) {
      const v = natOutbound(nat, icmp6(t), 'vpc');
      expect(!v.ok && v.code, `type ${t}`).toBe('PROTOCOL_RESTRICTION');
    }
  });

  it('drops what reaches its address without a connection', () => {
    const v = natInbound(
      nat,
      packet({
        src: ip('93.184.216.34'),
        dst: ip('10.0.0.5'),
        protocol: 6,
        srcPort: 443,
        dstPort: 40000,
      }),
      [],
    );
    expect(!v.ok && v.code).toBe('NO_POSSIBLE_DESTINATION');
  });

  it('is a blackhole once deleted', () => {
    const v = natOutbound({ ...nat, state: 'deleted' }, tcp, 'vpc');
    expect(!v.ok && v).toMatchObject({ code: 'BAD_STATE', state: 'deleted' });
  });
});
