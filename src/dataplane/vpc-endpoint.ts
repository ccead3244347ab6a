import { RangeSet } from '../net/index.js';
import type { Snapshot } from '../model/snapshot.js';
import { gatewayEndpointManagedList, type VpcEndpoint } from '../model/vpc-endpoint.js';
import { addressOwner, addressSetHas } from './eni.js';
import { pass, refuse, type Verdict } from './explanation.js';
import type { AddressSet, EndpointNode, Origin } from './graph.js';
import { ICMP_ECHO, PROTOCOL, type Packet } from './packet.js';

/**
 * The VPC endpoint functions. A gateway endpoint (S3, DynamoDB) is a route target that carries
 * traffic to the addresses of its service's AWS-managed prefix list, for interfaces of its own
 * VPC only (not a peer's, a VPN's or a transit gateway's: edge to edge). An interface endpoint
 * is a set of ENIs with security groups that terminate traffic for the service; it needs no
 * function of its own beyond the ENI's.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */

/** The prefix list and addresses of a gateway endpoint's service. */
export function gatewayServiceAddresses(
  s: Snapshot,
  ep: VpcEndpoint,
): { prefixListId?: string; addresses: AddressSet } {
  const managed = gatewayEndpointManagedList(ep);
  if (!managed) return { addresses: { v4: RangeSet.empty(4), v6: RangeSet.empty(6) } };
  // The stored list wins (an imported network may carry newer ranges than our table).
  const stored = s.get('prefix-list', managed.id);
  const cidrs = stored ? stored.entries.map((e) => e.cidr) : managed.cidrs;
  return {
    prefixListId: managed.id,
    addresses: {
      v4: RangeSet.fromCidrs(
        4,
        cidrs.filter((c) => c.family === 4),
      ),
      v6: RangeSet.fromCidrs(
        6,
        cidrs.filter((c) => c.family === 6),
      ),
    },
  };
}

/**
 * Traffic routed into a gateway endpoint: it must come from an interface of the endpoint's VPC,
 * be TCP or an ICMP echo (request or reply), and be addressed to the service.
 */
export function gatewayEndpointForward(ep: EndpointNode, p: Packet, origin: Origin): Verdict {
  const vpc = ep.vpc;
  if (ep.endpointType !== 'Gateway' || !vpc) return refuse({ code: 'UNKNOWN_DESTINATION' });
  if (origin !== 'vpc' || !addressOwner(vpc, p.src)) {
    return refuse({
      code: 'GATEWAY_REJECTS_SPOOFED_TRAFFIC',
      direction: 'egress',
      packetField: 'source-address',
      address: p.src,
    });
  }
  const echo = ICMP_ECHO[4];
  const icmpEcho =
    p.protocol === PROTOCOL.icmp && (p.icmpType === echo.request || p.icmpType === echo.reply);
  if (p.protocol !== PROTOCOL.tcp && !icmpEcho) {
    return refuse({
      code: 'VPCE_GATEWAY_PROTOCOL_RESTRICTION',
      packetField: 'protocol',
      protocols: [PROTOCOL.tcp, PROTOCOL.icmp],
    });
  }
  if (!addressSetHas(ep.serviceAddresses, p.dst)) {
    return refuse({ code: 'CANNOT_ROUTE', packetField: 'destination-address', address: p.dst });
  }
  return pass(p);
}
