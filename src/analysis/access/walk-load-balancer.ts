import { Cidr, HeaderSpace } from '../../net/index.js';
import {
  PROTOCOL,
  evalNetworkAcl,
  evalSecurityGroups,
  hop,
  type EndpointNode,
  type EniNode,
  type LbZoneNode,
  type ListenerNode,
  type LoadBalancerNode,
  type Packet,
  type SubnetNode,
  type TargetGroupNode,
  type TargetNode,
} from '../../dataplane/index.js';
import { geneve, targetAddress } from '../../dataplane/load-balancer.js';
import type { Rewrite } from './lineage.js';
import { protocols, type Branch } from './walk.js';
import { TransitWalk } from './walk-transit.js';

/**
 * The symbolic walk through Elastic Load Balancing v2 (forward-load-balancer.ts): GWLB
 * inspection detours, NLB and ALB listeners and targets, PrivateLink. A load balancer's choice
 * of target (and a GWLB's of appliance) is a flow hash: every eligible target is a path.
 */
export class SymbolicWalker extends TransitWalk {
  /** Traffic routed to a GWLB endpoint: through an appliance and back, then out of the endpoint's subnet. */
  protected gwlbEndpoint(ep: EndpointNode, b0: Branch, from: SubnetNode | undefined): void {
    const eni = ep.enis[0];
    if (!eni) return;
    const subnet = eni.subnet;
    const lb = this.dp.gatewayLoadBalancerOfEndpoint.get(ep.id);
    const zone = lb?.zones.find((z) => z.subnet.availabilityZone === subnet.availabilityZone);
    const listener = lb?.listeners[0];
    const tg = listener?.targetGroups[0];
    if (!lb || !zone || !listener || !tg) return;
    const crossed = from !== undefined && from.availabilityZoneId !== subnet.availabilityZoneId;
    const onward = (b: Branch) => {
      const x = this.at(b, ep, ep.vpc, subnet, (h) => (h.azCrossed = crossed));
      for (const target of this.eligible(lb, zone, tg)) {
        const y = this.gwlbInspect(lb, zone, listener, tg, target, x);
        if (y) this.leaveSubnet(subnet, this.at(y, ep, ep.vpc, subnet));
      }
    };
    const acl = subnet.acl;
    if (!acl) return onward(b0);
    for (const { rule, space } of this.cache.networkAcl(acl, false).rules) {
      if (!rule.allow) continue;
      const x = this.meet(b0, space);
      if (x) onward(this.at(x, acl, subnet.vpc, subnet, (h) => (h.aclRule = rule)));
    }
  }

  /**
   * Node → appliance → node. Between them travels GENEVE (UDP 6081), whose header does not depend
   * on the inner packet: the ACLs and the appliance's groups decide it once, as the tracer does.
   */
  private gwlbInspect(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    listener: ListenerNode,
    tg: TargetGroupNode,
    target: TargetNode,
    b0: Branch,
  ): Branch | undefined {
    const appliance = target.eni;
    if (!appliance || !target.ip) return undefined;
    let b = this.at(b0, lb, lb.vpc, zone.subnet, (h) => {
      h.listener = listener;
      h.target = target;
    });
    b = this.at(b, tg, lb.vpc);
    const out = geneve(zone.privateIp, target.ip);
    const back = geneve(target.ip, zone.privateIp);
    const acl = (x: Branch, subnet: SubnetNode, egress: boolean, p: Packet) => {
      if (!subnet.acl) return x;
      const rule = evalNetworkAcl(subnet.acl, egress, p);
      const y = this.at(x, subnet.acl, subnet.vpc, subnet, (h) => (h.aclRule = rule));
      return rule.allow ? y : undefined;
    };
    const apart = appliance.subnet !== zone.subnet;
    let x: Branch | undefined = b;
    if (apart) x = x && acl(x, zone.subnet, true, out);
    if (apart) x = x && acl(x, appliance.subnet, false, out);
    if (!x) return undefined;
    if (appliance.securityGroups.length > 0) {
      const rule = evalSecurityGroups(appliance.securityGroups, false, out);
      if (!rule) return undefined;
      x = this.at(x, rule.group, appliance.vpc, undefined, (h) => (h.securityGroupRule = rule));
    }
    if (appliance.instance) x = this.at(x, appliance.instance, appliance.vpc, appliance.subnet);
    x = this.at(
      x,
      appliance,
      appliance.vpc,
      appliance.subnet,
      (h) => (h.attachedTo = appliance.instance),
    );
    if (apart) x = x && acl(x, appliance.subnet, true, back);
    if (apart) x = x && acl(x, zone.subnet, false, back);
    return x && this.at(x, lb, lb.vpc, zone.subnet);
  }

  /** The targets a node may send a flow to: healthy, in its zone unless cross-zone (pickTarget). */
  private eligible(lb: LoadBalancerNode, zone: LbZoneNode, tg: TargetGroupNode): TargetNode[] {
    const crossZone = tg.crossZone ?? lb.crossZone;
    return tg.targets.filter(
      (t) => t.healthy && (crossZone || t.zone === 'all' || t.zone === zone.zoneName),
    );
  }

  /** An interface endpoint's ENI accepted the packet: PrivateLink to an NLB, or the service itself. */
  protected interfaceEndpoint(eni: EniNode, ep: EndpointNode, b0: Branch): void {
    const b = this.at(b0, eni, eni.vpc, eni.subnet);
    const lb = this.dp.networkLoadBalancerOfEndpoint.get(ep.id);
    if (!lb) {
      this.end(b, ep, true);
      return;
    }
    const x = this.at(b, ep, ep.vpc, eni.subnet);
    if (this.end(x, ep, false)) return;
    const zone = lb.zones.find((z) => z.zoneName === eni.subnet.availabilityZone);
    if (zone) this.loadBalancer(lb, zone, x, eni);
  }

  /** A connection to a load balancer node: its groups, a listener, each eligible target. */
  protected loadBalancer(lb: LoadBalancerNode, zone: LbZoneNode, b0: Branch, via?: EniNode): void {
    if (lb.type === 'gateway') return;
    // PrivateLink traffic is not filtered by the NLB's inbound rules (D58).
    if (lb.securityGroups.length > 0 && !via) {
      for (const g of this.passGroups(lb.securityGroups, lb.vpc, b0, false))
        this.listeners(lb, zone, g, via);
      return;
    }
    this.listeners(lb, zone, b0, via);
  }

  /** listenerFor as a partition: per port, each protocol to the first listener carrying it. */
  private listeners(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    b: Branch,
    via: EniNode | undefined,
  ): void {
    const taken = new Set<string>();
    for (const listener of lb.listeners) {
      if (listener.port === undefined) continue;
      const carried = carries(listener.protocol).filter((p) => !taken.has(`${listener.port}/${p}`));
      for (const p of carried) taken.add(`${listener.port}/${p}`);
      if (carried.length === 0) continue;
      const space = HeaderSpace.match({
        protocols: carried.map((p) => ({ from: p, to: p })),
        destinationPorts: [{ from: listener.port, to: listener.port }],
      });
      const x = this.meet(b, space);
      if (x) this.toTargets(lb, zone, listener, x, via);
    }
  }

  /**
   * selectTarget as sets: every group of the listener that takes the packet (UDP keeps its
   * family), every eligible target of those (the flow hash may pick any), never the client
   * itself while its address is preserved (D84).
   */
  private toTargets(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    listener: ListenerNode,
    b: Branch,
    via: EniNode | undefined,
  ): void {
    for (const tg of listener.targetGroups) {
      const family = tg.ipAddressType === 'ipv6' ? 6 : 4;
      // TCP crosses families at the node; UDP only reaches a group of its own family.
      const accepts = protocols(PROTOCOL.udp)
        .complement()
        .union(protocols(PROTOCOL.udp).intersect(HeaderSpace.family(family)));
      const x = this.meet(b, accepts);
      if (!x) continue;
      for (const target of this.eligible(lb, zone, tg))
        this.toLbTarget(lb, zone, listener, tg, target, x, via);
    }
  }

  /** The connection re-addressed to the target (toTarget), then out of the node's subnet. */
  private toLbTarget(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    listener: ListenerNode,
    tg: TargetGroupNode,
    target: TargetNode,
    b0: Branch,
    via: EniNode | undefined,
  ): void {
    const ip = targetAddress(this.dp.loadBalancers, target, zone);
    if (!ip) return;
    // The client's address reaches the target only from an NLB that keeps it, in the target's
    // family, not over PrivateLink (toTarget); else the node opens its own connection.
    const keep = lb.type === 'network' && tg.preserveClientIp && via === undefined;
    const same = HeaderSpace.family(ip.family);
    const node = ip.family === 6 ? (zone.privateIp6 ?? zone.privateIp) : zone.privateIp;
    const port: Rewrite = { kind: 'port', field: 'destinationPort', port: target.port };
    if (keep) {
      // Never the client itself as its own target (the hairpin AWS does not support).
      const preserved = this.meet(
        b0,
        target.ip ? same.excludeAddress('source', [Cidr.host(target.ip)]) : same,
      );
      if (preserved) {
        this.reachTarget(lb, zone, listener, tg, target, preserved, [
          { kind: 'address', field: 'destination', ip },
          port,
        ]);
      }
      const crossed = this.without(b0, same);
      if (crossed) {
        this.reachTarget(lb, zone, listener, tg, target, crossed, [
          { kind: 'readdress', source: node, destination: ip },
          port,
        ]);
      }
      return;
    }
    this.reachTarget(lb, zone, listener, tg, target, b0, [
      { kind: 'readdress', source: node, destination: ip },
      port,
    ]);
  }

  private reachTarget(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    listener: ListenerNode,
    tg: TargetGroupNode,
    target: TargetNode,
    b0: Branch,
    rewrites: readonly Rewrite[],
  ): void {
    const linIn = b0.lin;
    // A node that opens its own connection sends from its interface, in its VPC (D149).
    let b: Branch = rewrites.some((r) => r.kind === 'readdress') ? { ...b0, origin: 'vpc' } : b0;
    for (const r of rewrites) b = this.rewrite(b, r);
    const h = hop(lb, lb.vpc, zone.subnet);
    h.listener = listener;
    h.target = target;
    b = this.at(this.pushRewritten(b, h, linIn), tg, lb.vpc);
    if (lb.securityGroups.length === 0) return this.leaveSubnet(zone.subnet, b);
    for (const g of this.passGroups(lb.securityGroups, lb.vpc, b, true))
      this.leaveSubnet(zone.subnet, g);
  }
}

/** The IP protocols a listener protocol carries (load-balancer.ts `carries`). */
function carries(protocol: string | undefined): number[] {
  if (protocol === 'UDP') return [PROTOCOL.udp];
  if (protocol === 'TCP_UDP') return [PROTOCOL.udp, PROTOCOL.tcp];
  return [PROTOCOL.tcp];
}
