import type { Dataplane } from './graph.js';
import { Walker } from './forward-load-balancer.js';
import type { Packet } from './packet.js';
import type { Endpoint, Walk, WalkOptions } from './path.js';

/**
 * How the network functions connect: a packet leaves an ENI (security groups), leaves its
 * subnet (ACL) unless the destination is on the same subnet, is routed (route table), and is
 * handed to the route's target — a gateway, a peering, another ENI — which delivers it into a
 * subnet (ACL) and an ENI (security groups). That wiring is written once, as a chain of walker
 * classes, one file per family: forward-core.ts (VPC functions and gateways) ← forward-hybrid.ts
 * ← forward-transit-gateway.ts ← forward-load-balancer.ts (the concrete `Walker`). The tracer
 * runs it on one packet, forward and back.
 */

/** Walks one packet from a start through the graph until it is delivered or dropped. */
export function walk(dp: Dataplane, start: Endpoint, packet: Packet, opts: WalkOptions): Walk {
  const w = new Walker(dp, opts);
  switch (start.kind) {
    case 'eni':
      return w.emit(start.eni, packet);
    case 'internet-gateway':
      return w.igwIn(start.gateway, packet);
    case 'egress-only-internet-gateway':
      return w.eigwIn(start.gateway, packet);
    case 'service':
      return w.serviceReply(start.endpoint, packet);
    case 'on-premises':
      return w.siteOut(start.site, packet);
  }
}
