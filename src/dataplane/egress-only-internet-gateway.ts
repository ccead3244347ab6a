import { refuse, type Verdict } from './explanation.js';
import type { EigwNode, Origin } from './graph.js';
import { ipv6Egress, ipv6Ingress } from './internet-gateway.js';
import type { Packet } from './packet.js';

/**
 * The egress-only internet gateway function: IPv6 only, stateful — connections may go out and
 * their replies come back; nothing from the internet may start one.
 * https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
 */

/** IPv6 traffic leaving the VPC; the source must be one of the VPC's own IPv6 addresses. */
export function eigwEgress(eigw: EigwNode, p: Packet, origin: Origin): Verdict {
  const vpc = eigw.vpc;
  if (!vpc) return refuse({ code: 'BAD_STATE', state: 'detached' });
  if (p.dst.family !== 6) {
    return refuse({
      code: 'CANNOT_ROUTE',
      direction: 'egress',
      packetField: 'destination-address',
      address: p.dst,
    });
  }
  return ipv6Egress(vpc, p, origin);
}

/**
 * IPv6 traffic from the internet: only replies to connections made from inside (`reply`);
 * anything else is refused, as the gateway is the part of the path that cannot start.
 */
export function eigwIngress(eigw: EigwNode, p: Packet, reply: boolean): Verdict {
  const vpc = eigw.vpc;
  if (!vpc) return refuse({ code: 'BAD_STATE', state: 'detached' });
  if (!reply) return refuse({ code: 'NO_PATH', direction: 'ingress' });
  return ipv6Ingress(vpc, p);
}
