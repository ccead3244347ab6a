import { NAT64_PREFIX } from '../model/nat-gateway.js';
import { pass, refuse, type Verdict } from './explanation.js';
import type { IgwNode, Origin, VpcNode } from './graph.js';
import { RFC1918, RFC6598, inAny, v4Key, type Packet } from './packet.js';

/**
 * The internet gateway function: 1:1 NAT between a public IPv4 and the private IPv4 it is
 * associated with (auto-assigned public IPs and Elastic IPs alike, on primary or secondary
 * private addresses); IPv6 passes untranslated. Private (RFC 1918) and shared (RFC 6598)
 * addresses never cross it.
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
 */

/**
 * Traffic leaving the VPC for the internet. IPv4 needs a source that is a private IP of an
 * interface in this VPC with a public IP (so a peer's, a VPN's, or a private NAT gateway's
 * traffic is refused); the source becomes the public IP.
 */
export function igwEgress(igw: IgwNode, p: Packet, origin: Origin): Verdict {
  const vpc = igw.vpc;
  if (!vpc) return refuse({ code: 'BAD_STATE', state: 'detached' });
  if (p.dst.family === 4) {
    const notPublic = refuseNonPublic('egress', p);
    if (notPublic) return notPublic;
    const owner = vpc.owners4.get(v4Key(p.src));
    const publicIp = owner?.publicIps?.get(v4Key(p.src));
    if (origin !== 'vpc' || !publicIp) {
      return refuse({
        code: 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
        direction: 'egress',
        packetField: 'source-address',
        address: p.src,
        ...(owner?.role.kind === 'nat-gateway' ? { natGateway: owner.role.nat } : {}),
      });
    }
    return pass({ ...p, src: publicIp });
  }
  return ipv6Egress(vpc, p, origin);
}

/**
 * Traffic entering the VPC from the internet: an IPv4 destination must be a public IP mapped
 * to a private IP in this VPC (it becomes that private IP); an IPv6 destination must lie in
 * the VPC's IPv6 blocks.
 */
export function igwIngress(igw: IgwNode, p: Packet): Verdict {
  const vpc = igw.vpc;
  if (!vpc) return refuse({ code: 'BAD_STATE', state: 'detached' });
  if (p.dst.family === 4) {
    const notPublic = refuseNonPublic('ingress', p);
    if (notPublic) return notPublic;
    const mapped = vpc.publicIps.get(v4Key(p.dst));
    if (!mapped) {
      return refuse({
        code: 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
        direction: 'ingress',
        packetField: 'destination-address',
        address: p.dst,
      });
    }
    return pass({ ...p, dst: mapped.privateIp });
  }
  return ipv6Ingress(vpc, p);
}

/**
 * IPv6 leaving the VPC through an internet gateway or an egress-only one: global addresses, no
 * translation; only the VPC's own addresses may leave.
 */
export function ipv6Egress(vpc: VpcNode, p: Packet, origin: Origin): Verdict {
  if (NAT64_PREFIX.contains(p.dst)) return unroutableNat64(p);
  if (origin !== 'vpc' || !vpc.blocks.v6.has(p.src)) {
    return refuse({
      code: 'GATEWAY_REJECTS_SPOOFED_TRAFFIC',
      direction: 'egress',
      packetField: 'source-address',
      address: p.src,
    });
  }
  return pass(p);
}

/** IPv6 entering the VPC from the internet: the destination must lie in the VPC's IPv6 blocks. */
export function ipv6Ingress(vpc: VpcNode, p: Packet): Verdict {
  if (p.dst.family !== 6 || !vpc.blocks.v6.has(p.dst)) {
    return refuse({
      code: 'IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS',
      direction: 'ingress',
      packetField: 'destination-address',
      address: p.dst,
      cidrs: vpc.cidrs,
    });
  }
  return pass(p);
}

/** The internet end of an IPv4 packet, and the codes that refuse it when it is not public. */
const INTERNET_END = {
  egress: {
    field: 'destination-address',
    rfc1918: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS',
    rfc6598: 'IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS',
  },
  ingress: {
    field: 'source-address',
    rfc1918: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS',
    rfc6598: 'IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS',
  },
} as const;

/** A refusal when the internet end of an IPv4 packet is private (RFC 1918) or shared (RFC 6598). */
function refuseNonPublic(direction: 'egress' | 'ingress', p: Packet): Verdict | undefined {
  const { field, rfc1918, rfc6598 } = INTERNET_END[direction];
  const address = direction === 'egress' ? p.dst : p.src;
  const code = inAny(RFC1918, address) ? rfc1918 : RFC6598.contains(address) ? rfc6598 : undefined;
  return code && refuse({ code, direction, packetField: field, address });
}

/**
 * 64:ff9b::/96 is not routed on the internet (RFC 6052 §3.1): only a NAT gateway's NAT64 turns
 * such a packet into one for an IPv4 host, so one that reaches an internet gateway goes nowhere.
 */
function unroutableNat64(p: Packet): Verdict {
  return refuse({
    code: 'NO_POSSIBLE_DESTINATION',
    direction: 'egress',
    packetField: 'destination-address',
    address: p.dst,
    cidrs: [NAT64_PREFIX],
  });
}
