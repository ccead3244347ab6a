import { Cidr, HeaderSpace } from '../../net/index.js';
import { NAT64_PREFIX } from '../../model/nat-gateway.js';
import {
  fromInterface,
  PROTOCOL,
  RFC1918,
  RFC6598,
  hop,
  type EigwNode,
  type EndpointNode,
  type EniNode,
  type Hop,
  type IgwNode,
  type LbZoneNode,
  type LoadBalancerNode,
  type NatNode,
  type Node,
  type Origin,
  type PeeringNode,
  type RouteEntry,
  type RouteTableNode,
  type SgNode,
  type SubnetNode,
  type VgwNode,
  type VpcNode,
} from '../../dataplane/index.js';
import { MAX_ROUTINGS } from '../../dataplane/forward-core.js';
import { peerOf } from '../../dataplane/vpc-peering.js';
import { apply, pullback, rewrite, type Lineage, type Rewrite } from './lineage.js';
import { eniCidrs, type WalkCache } from './walk-cache.js';

/**
 * The symbolic walk: the tracer's forward walk (src/dataplane/forward-*.ts) with a set of
 * headers where the tracer has one packet. Each function below is the set reading of the
 * tracer's function of the same name: where the tracer tests a packet, the walk splits the set
 * into the part that passes each way, using the same compiled rule data (partitions of the same
 * security groups, ACLs and route tables); where the tracer rewrites a packet, the walk records
 * the rewrite in the branch's lineage. A choice the tracer makes by flow hash (ECMP, an
 * appliance-mode AZ) is not a property of a header set: the walk follows every alternative
 * (decision D124). Only forward (connection-opening) traffic is walked, as Network Access
 * Analyzer does.
 */

/** Where a branch is, what it carries and how it got there. */
export interface Branch {
  /** The headers at the source that are still on this branch. */
  readonly h0: HeaderSpace;
  /** The same headers as they are here (h0 through the lineage). */
  readonly cur: HeaderSpace;
  readonly lin: Lineage | undefined;
  readonly origin: Origin;
  readonly trail: Trail | undefined;
  readonly routings: number;
  /**
   * A path that starts where traffic enters a VPC mid-network (a transit gateway attachment, a
   * peering) ends in that VPC: its ways onward are the paths of the next entry point (D125).
   */
  readonly confined: boolean;
}

/** The hops so far, newest first; branches share their common past. */
export interface Trail {
  readonly hop: Hop;
  /** The lineage of the headers entering the hop and leaving it (a NAT's differ). */
  readonly linIn: Lineage | undefined;
  readonly linOut: Lineage | undefined;
  readonly prev: Trail | undefined;
}

/** Where a path ended, and the branch that got there. */
export interface PathEnd {
  readonly b: Branch;
  readonly node: Node;
  readonly final: boolean;
}

/** Receives the walk's results. */
export interface Visitor {
  /**
   * Whether a path ends at this component (an ENI that accepts it, a gateway out of the VPC,
   * an attachment, a peering, an endpoint): a pure function of the component, so a recorded
   * stretch of walk replays the same. `final` is true where the walk cannot go on anyway.
   */
  stops(node: Node, final: boolean): boolean;
  /** A path that stops here, with the headers that take it. */
  record(b: Branch, node: Node, final: boolean): void;
  /**
   * Whether a path may end at this interface. An interface that only receives (it checks
   * destinations and forwards nothing) is not walked into when no path may end there: most of
   * a large network, for a scope whose paths end at a gateway.
   */
  wants(eni: EniNode): boolean;
}

/** An interface that receives only its own traffic and forwards nothing on. */
const receiveOnly = (eni: EniNode): boolean =>
  eni.sourceDestCheck && (eni.role.kind === 'interface' || eni.role.kind === 'other');

/** The hops of a trail, oldest first. */
export function trailHops(t: Trail | undefined): Trail[] {
  const out: Trail[] = [];
  for (let x = t; x; x = x.prev) out.push(x);
  return out.reverse();
}

export abstract class CoreWalk {
  constructor(
    protected readonly cache: WalkCache,
    protected readonly visitor: Visitor,
  ) {}

  protected get dp() {
    return this.cache.dp;
  }

  // ---- branch plumbing ----

  /** Where stretches of walk being recorded (walk-transit.ts) collect their path ends. */
  protected recorder: PathEnd[] | undefined;

  /** A component where a path may end: true when it does (the branch goes no further). */
  protected end(b: Branch, node: Node, final: boolean): boolean {
    if (!this.visitor.stops(node, final)) return false;
    if (this.recorder) this.recorder.push({ b, node, final });
    else this.visitor.record(b, node, final);
    return true;
  }

  /** A new branch at a source: `h0` headers, nothing walked yet. */
  static start(h0: HeaderSpace, origin: Origin, confined = false): Branch {
    return { h0, cur: h0, lin: undefined, origin, trail: undefined, routings: 0, confined };
  }

  /** The branch restricted to the headers (as they are here) in g; undefined when none are. */
  protected meet(b: Branch, g: HeaderSpace): Branch | undefined {
    const cur = b.cur.intersect(g);
    if (cur.isEmpty()) return undefined;
    const h0 = b.lin ? b.h0.intersect(pullback(b.lin, g)) : cur;
    return make(b, h0, cur, b.lin, b.trail);
  }

  /** The branch minus the headers in g. */
  protected without(b: Branch, g: HeaderSpace): Branch | undefined {
    return this.meet(b, g.complement());
  }

  protected rewrite(b: Branch, r: Rewrite): Branch {
    const lin = rewrite(b.lin, r);
    return make(b, b.h0, apply({ rewrite: r, prev: undefined }, b.cur), lin, b.trail);
  }

  protected push(b: Branch, h: Hop): Branch {
    return make(b, b.h0, b.cur, b.lin, { hop: h, linIn: b.lin, linOut: b.lin, prev: b.trail });
  }

  /** A hop that rewrote the headers: they entered it as `linIn` says. */
  protected pushRewritten(b: Branch, h: Hop, linIn: Lineage | undefined): Branch {
    return make(b, b.h0, b.cur, b.lin, { hop: h, linIn, linOut: b.lin, prev: b.trail });
  }

  protected at(
    b: Branch,
    node: Node,
    vpc?: VpcNode,
    subnet?: SubnetNode,
    fill?: (h: Hop) => void,
  ): Branch {
    const h = hop(node, vpc, subnet);
    fill?.(h);
    return this.push(b, h);
  }

  // ---- ENIs, subnets, route tables (forward-core.ts) ----

  /**
   * Traffic an interface sends: its own addresses (source/destination check), its groups.
   * `hops: false` walks for several interfaces alike (one subnet, the same groups) at once:
   * the caller restricts the sources and names each interface's own first hops.
   */
  emit(eni: EniNode, b0: Branch, hops = true): void {
    if (eni.instance && eni.instance.state !== 'running') return;
    let b = b0;
    if (hops && eni.instance) b = this.at(b, eni.instance, eni.vpc, eni.subnet);
    if (hops) b = this.at(b, eni, eni.vpc, eni.subnet, (h) => (h.attachedTo = eni.instance));
    if (hops && eni.sourceDestCheck) {
      const own = eniCidrs(eni);
      const mine = this.meet(b, HeaderSpace.all().restrictAddress('source', own));
      if (!mine) return;
      b = mine;
    }
    this.egressSecurityGroups(eni, b);
  }

  protected egressSecurityGroups(eni: EniNode, b: Branch): void {
    if (eni.role.kind === 'nat-gateway') return this.leaveSubnet(eni.subnet, b);
    for (const y of this.passGroups(eni.securityGroups, eni.vpc, b, true))
      this.leaveSubnet(eni.subnet, y);
  }

  /**
   * The branch past a set of security groups: one part per rule that is the first to admit some
   * of it, each with the group's hop. Inbound, what no interface sent matches no rule naming a
   * group (D149).
   */
  protected passGroups(
    groups: readonly SgNode[],
    vpc: VpcNode,
    b: Branch,
    egress: boolean,
  ): Branch[] {
    const out: Branch[] = [];
    for (const share of this.cache.securityGroups(
      groups,
      egress,
      egress || fromInterface(b.origin),
    )) {
      const x = this.meet(b, share.space);
      if (x)
        out.push(
          this.at(x, share.rule.group, vpc, undefined, (h) => (h.securityGroupRule = share.rule)),
        );
    }
    return out;
  }

  private subnetSpace(subnet: SubnetNode): HeaderSpace {
    const cidrs: Cidr[] = [...(subnet.cidr4 ? [subnet.cidr4] : []), ...subnet.cidrs6];
    return HeaderSpace.all().restrictAddress('destination', cidrs);
  }

  protected leaveSubnet(subnet: SubnetNode, b: Branch): void {
    const local = this.subnetSpace(subnet);
    const l2 = this.meet(b, local);
    if (l2) this.deliverTo(subnet.vpc, l2, false, undefined, subnet);
    const routed = this.without(b, local);
    if (!routed) return;
    const acl = subnet.acl;
    if (!acl) return this.routeFrom(subnet, routed);
    for (const { rule, space } of this.cache.networkAcl(acl, true).rules) {
      if (!rule.allow) continue;
      const x = this.meet(routed, space);
      if (x)
        this.routeFrom(
          subnet,
          this.at(x, acl, subnet.vpc, subnet, (h) => (h.aclRule = rule)),
        );
    }
  }

  private routeFrom(subnet: SubnetNode, b: Branch): void {
    if (subnet.routeTable) this.route(subnet.routeTable, b, subnet);
  }

  /** A route-table lookup: each route's share of destinations goes its own way. */
  route(table: RouteTableNode, b0: Branch, from: SubnetNode | undefined): void {
    const vpc = this.dp.vpcs.get(table.vpcId);
    if (!vpc || b0.routings + 1 > MAX_ROUTINGS) return;
    const b1: Branch = { ...b0, routings: b0.routings + 1 };
    for (const share of this.cache.routeTable(table).shares) {
      const x = this.meet(b1, share.space);
      if (!x || share.entry.state === 'blackhole') continue;
      const b = this.at(x, table, vpc, from, (h) => (h.route = share.entry));
      this.toTarget(share.entry, vpc, b, from);
    }
  }

  private toTarget(entry: RouteEntry, vpc: VpcNode, b: Branch, from: SubnetNode | undefined): void {
    const t = entry.target;
    if (b.confined && LEAVES_VPC.has(t.kind)) return;
    switch (t.kind) {
      case 'local':
        return this.deliverInto(vpc, b, from);
      case 'internet-gateway': {
        const igw = this.dp.internetGateways.get(t.id);
        return igw && this.igwOut(igw, b);
      }
      case 'egress-only-internet-gateway': {
        const eigw = this.dp.egressOnlyInternetGateways.get(t.id);
        return eigw && this.eigwOut(eigw, b);
      }
      case 'nat-gateway': {
        const nat = this.dp.natGateways.get(t.id);
        return nat?.eni && this.arrive(nat.eni, b, true, from);
      }
      case 'network-interface': {
        const eni = this.dp.enis.get(t.id);
        return eni && this.arrive(eni, b, true, from);
      }
      case 'instance': {
        const eni = this.dp.instances.get(t.id)?.enis[0];
        return eni && this.arrive(eni, b, true, from);
      }
      case 'vpc-peering-connection': {
        const pcx = this.dp.peerings.get(t.id);
        return pcx && this.peering(pcx, vpc, b);
      }
      case 'gateway-endpoint': {
        const ep = this.dp.endpoints.get(t.id);
        return ep && this.gatewayEndpoint(ep, b);
      }
      case 'transit-gateway':
        return this.tgwFromVpc(t.id, vpc, b, from);
      case 'vpn-gateway': {
        const vgw = this.dp.hybrid.vpnGateways.get(t.id);
        return vgw && this.vgwOut(vgw, b);
      }
      case 'gateway-load-balancer-endpoint': {
        const ep = this.dp.endpoints.get(t.id);
        return ep && this.gwlbEndpoint(ep, b, from);
      }
      case 'unsupported':
        return;
    }
  }

  /** Delivery by the local route: each owned destination to its interface. */
  protected deliverInto(vpc: VpcNode, b: Branch, from?: SubnetNode): void {
    this.deliverTo(vpc, b, true, from);
  }

  /**
   * Delivery to the owners of the branch's destinations (in `only` when given). Receive-only
   * interfaces alike — one subnet, the same groups — share every step up to accepting, so they
   * are walked as one and split by destination address at the end.
   */
  private deliverTo(
    vpc: VpcNode,
    b: Branch,
    routed: boolean,
    from?: SubnetNode,
    only?: SubnetNode,
  ): void {
    const seen = new Set<readonly EniNode[]>();
    for (const owner of this.cache.ownersOf(vpc, b.cur)) {
      if (only && owner.subnet !== only) continue;
      const group = this.cache.alike(owner);
      if (seen.has(group.members)) continue;
      seen.add(group.members);
      const members = group.members.filter((m) => !receiveOnly(m) || this.visitor.wants(m));
      if (members.length === 0) continue;
      const x = this.meet(b, group.space);
      if (!x) continue;
      if (group.members.length === 1) this.arrive(owner, x, routed, from);
      else this.throughAcl(owner.subnet, x, routed, (y) => this.acceptAlike(members, y));
    }
  }

  /** Delivery to an interface: inbound ACL when routed, then the interface's function. */
  protected arrive(eni: EniNode, b: Branch, routed: boolean, from?: SubnetNode): void {
    this.throughAcl(eni.subnet, b, routed, (x) => this.arriveAt(eni, x, from));
  }

  /** Into a subnet: its inbound ACL's allowing shares when the packet was routed there. */
  private throughAcl(
    subnet: SubnetNode,
    b: Branch,
    routed: boolean,
    next: (b: Branch) => void,
  ): void {
    const acl = routed ? subnet.acl : undefined;
    if (!acl) return next(b);
    for (const { rule, space } of this.cache.networkAcl(acl, false).rules) {
      if (!rule.allow) continue;
      const x = this.meet(b, space);
      if (x) next(this.at(x, acl, subnet.vpc, subnet, (h) => (h.aclRule = rule)));
    }
  }

  /** Receive-only interfaces alike: their groups' shares, then each accepts its own addresses. */
  private acceptAlike(members: readonly EniNode[], b: Branch): void {
    const rep = members[0]!;
    for (const g of this.passGroups(rep.securityGroups, rep.vpc, b, false)) {
      for (const eni of members) {
        const owned = this.meet(g, this.cache.addressedTo(eni));
        if (owned) this.accept(eni, owned);
      }
    }
  }

  protected arriveAt(eni: EniNode, b: Branch, from: SubnetNode | undefined): void {
    if (eni.role.kind === 'nat-gateway') return this.nat(eni.role.nat, b, from);
    if (eni.role.kind === 'load-balancer') return this.loadBalancer(eni.role.lb, eni.role.zone, b);
    if (eni.instance && eni.instance.state !== 'running') return;
    const mine = this.cache.addressedTo(eni);
    for (const g of this.passGroups(eni.securityGroups, eni.vpc, b, false)) {
      const owned = this.meet(g, mine);
      if (owned) this.accept(eni, owned);
      if (!eni.sourceDestCheck) {
        const through = this.without(g, mine);
        if (through) {
          const t = this.at(through, eni, eni.vpc, eni.subnet, (h) => {
            h.attachedTo = eni.instance;
            h.azCrossed =
              from !== undefined && from.availabilityZoneId !== eni.subnet.availabilityZoneId;
          });
          this.egressSecurityGroups(eni, t);
        }
      }
    }
  }

  /** An interface that owns the destination receives the packet. */
  protected accept(eni: EniNode, b0: Branch): void {
    if (eni.role.kind === 'interface-endpoint')
      return this.interfaceEndpoint(eni, eni.role.endpoint, b0);
    let b = this.at(b0, eni, eni.vpc, eni.subnet, (h) => (h.attachedTo = eni.instance));
    if (eni.instance) b = this.at(b, eni.instance, eni.vpc, eni.subnet);
    this.end(b, eni, true);
  }

  // ---- NAT gateways (nat-gateway.ts) ----

  private nat(nat: NatNode, b0: Branch, from: SubnetNode | undefined): void {
    if (nat.state !== 'available' || nat.privateIp === undefined) return;
    if (b0.origin !== 'vpc' && b0.origin !== 'transit-gateway') return;
    const ip = nat.privateIp;
    // Addressed to the gateway itself: it accepts no connection of its own.
    const through = this.meet(b0, HeaderSpace.all().excludeAddress('destination', [Cidr.host(ip)]));
    if (!through) return;
    const crossed = from !== undefined && from.availabilityZoneId !== nat.subnet.availabilityZoneId;
    const out = (b: Branch, rewrites: readonly Rewrite[]): void => {
      const linIn = b.lin;
      let x = b;
      for (const r of rewrites) x = this.rewrite(x, r);
      const h = hop(nat, nat.vpc, nat.subnet);
      h.azCrossed = crossed;
      x = this.pushRewritten(x, h, linIn);
      this.leaveSubnet(nat.subnet, { ...x, origin: 'vpc' });
    };
    const tcpUdp = protocols(PROTOCOL.tcp, PROTOCOL.udp);
    const low: Rewrite = { kind: 'shift', field: 'sourcePort', from: 0, to: 1023, delta: 1024 };
    // IPv4: source NAT for TCP, UDP and ICMP; ports below 1024 move up (remapPort).
    const v4 = this.meet(through, HeaderSpace.family(4));
    if (v4) {
      const src: Rewrite = { kind: 'address', field: 'source', ip };
      const ported = this.meet(v4, tcpUdp);
      if (ported) out(ported, [src, low]);
      const icmp = this.meet(v4, protocols(PROTOCOL.icmp));
      if (icmp) out(icmp, [src]);
    }
    // IPv6 to 64:ff9b::/96: NAT64 (RFC 6052); ICMPv6 echo request and reply become ICMP's,
    // the code kept; no other ICMPv6 type crosses (nat-gateway.ts, D148).
    const v6 = this.meet(through, HeaderSpace.all().restrictAddress('destination', [NAT64_PREFIX]));
    if (v6) {
      const n64: Rewrite = { kind: 'nat64', prefix: NAT64_PREFIX, source: ip };
      const ported = this.meet(v6, tcpUdp);
      if (ported) out(ported, [n64, low]);
      const icmp6 = this.meet(
        v6,
        protocols(PROTOCOL.icmpv6).restrictField(
          'destinationPort',
          128n * 256n,
          129n * 256n + 255n,
        ),
      );
      if (icmp6) out(icmp6, [n64, { kind: 'icmp6to4' }]);
    }
  }

  // ---- internet gateways (internet-gateway.ts) ----

  private igwOut(igw: IgwNode, b0: Branch): void {
    const vpc = igw.vpc;
    if (!vpc || b0.origin !== 'vpc') return;
    const linIn = b0.lin;
    const v4 = this.meet(b0, HeaderSpace.family(4).excludeAddress('destination', PRIVATE_V4));
    if (v4) {
      for (const { ip, publicIp } of this.cache.publicSourcesOf(vpc, v4.cur)) {
        const x = this.meet(v4, HeaderSpace.all().restrictField('source', ip, ip));
        if (!x) continue;
        const y = this.pushRewritten(
          this.rewrite(x, { kind: 'address', field: 'source', ip: publicIp }),
          hop(igw, vpc),
          linIn,
        );
        this.end(y, igw, true);
      }
    }
    this.ipv6Out(igw, vpc, b0);
  }

  private eigwOut(eigw: EigwNode, b0: Branch): void {
    const vpc = eigw.vpc;
    if (vpc && b0.origin === 'vpc') this.ipv6Out(eigw, vpc, b0);
  }

  private ipv6Out(gw: IgwNode | EigwNode, vpc: VpcNode, b0: Branch): void {
    const ok = HeaderSpace.family(6)
      .excludeAddress('destination', [NAT64_PREFIX])
      .restrictAddress('source', vpc.blocks);
    const x = this.meet(b0, ok);
    if (x) this.end(this.at(x, gw, vpc), gw, true);
  }

  /** Traffic from the internet: public IPv4s mapped to their private IPs; IPv6 to the VPC's blocks. */
  igwIn(igw: IgwNode, b0: Branch): void {
    const vpc = igw.vpc;
    if (!vpc) return;
    const linIn = b0.lin;
    const enter = (x: Branch) => {
      const y = { ...x, origin: 'internet' as const };
      if (igw.edgeRouteTable) this.route(igw.edgeRouteTable, y, undefined);
      else this.deliverInto(vpc, y);
    };
    const v4 = this.meet(b0, HeaderSpace.family(4).excludeAddress('source', PRIVATE_V4));
    if (v4) {
      for (const { ip, privateIp } of this.cache.publicIpsOf(vpc, v4.cur)) {
        const x = this.meet(v4, HeaderSpace.all().restrictField('destination', ip, ip));
        if (!x) continue;
        enter(
          this.pushRewritten(
            this.rewrite(x, { kind: 'address', field: 'destination', ip: privateIp }),
            hop(igw, vpc),
            linIn,
          ),
        );
      }
    }
    const v6 = this.meet(b0, HeaderSpace.family(6).restrictAddress('destination', vpc.blocks));
    if (v6) enter(this.at(v6, igw, vpc));
  }

  // ---- peering, gateway endpoints ----

  private peering(pcx: PeeringNode, from: VpcNode, b0: Branch): void {
    if (pcx.status !== 'active') return;
    const to = peerOf(pcx, from.id);
    if (!to) return;
    const ok = HeaderSpace.all()
      .restrictAddress('source', from.blocks)
      .restrictAddress('destination', to.blocks);
    const x = this.meet(b0, ok);
    if (!x) return;
    const b = this.at(x, pcx, undefined, undefined, (h) => {
      h.sourceVpc = from;
      h.destinationVpc = to;
    });
    if (this.end(b, pcx, false)) return;
    this.deliverInto(to, { ...b, origin: 'peering' });
  }

  /** Traffic arriving through a peering into `to` (a scope's peering source). */
  peeringIn(pcx: PeeringNode, to: VpcNode, b0: Branch): void {
    if (pcx.status !== 'active') return;
    const from = peerOf(pcx, to.id);
    if (!from) return;
    const ok = HeaderSpace.all()
      .restrictAddress('source', from.blocks)
      .restrictAddress('destination', to.blocks);
    const x = this.meet(b0, ok);
    if (!x) return;
    const b = this.at(x, pcx, undefined, undefined, (h) => {
      h.sourceVpc = from;
      h.destinationVpc = to;
    });
    this.deliverInto(to, { ...b, origin: 'peering' });
  }

  private gatewayEndpoint(ep: EndpointNode, b0: Branch): void {
    const vpc = ep.vpc;
    if (ep.endpointType !== 'Gateway' || !vpc || b0.origin !== 'vpc') return;
    const owned = this.cache.ownedSources(vpc);
    const echo = HeaderSpace.match({
      protocols: [{ from: PROTOCOL.icmp, to: PROTOCOL.icmp }],
      destinationPorts: [
        { from: 0, to: 255 },
        { from: 8 * 256, to: 8 * 256 + 255 },
      ],
    });
    const ok = protocols(PROTOCOL.tcp)
      .union(echo)
      .intersect(HeaderSpace.family(4))
      .intersect(owned)
      .restrictAddress('destination', ep.serviceAddresses);
    const x = this.meet(b0, ok);
    if (x) this.end(this.at(x, ep, vpc), ep, true);
  }

  // Family walks (walk-transit.ts, walk-load-balancer.ts) implement these.
  protected abstract tgwFromVpc(
    tgwId: string,
    vpc: VpcNode,
    b: Branch,
    from: SubnetNode | undefined,
  ): void;
  protected abstract vgwOut(vgw: VgwNode, b: Branch): void;
  protected abstract gwlbEndpoint(ep: EndpointNode, b: Branch, from: SubnetNode | undefined): void;
  protected abstract loadBalancer(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    b: Branch,
    via?: EniNode,
  ): void;
  protected abstract interfaceEndpoint(eni: EniNode, ep: EndpointNode, b: Branch): void;
}

/** A branch like b with new headers, lineage or trail (one object shape: the hot path stays monomorphic). */
const make = (
  b: Branch,
  h0: HeaderSpace,
  cur: HeaderSpace,
  lin: Lineage | undefined,
  trail: Trail | undefined,
): Branch => ({
  h0,
  cur,
  lin,
  origin: b.origin,
  trail,
  routings: b.routings,
  confined: b.confined,
});

/** Route targets that take traffic out of the VPC. */
const LEAVES_VPC: ReadonlySet<RouteEntry['target']['kind']> = new Set([
  'internet-gateway',
  'egress-only-internet-gateway',
  'vpc-peering-connection',
  'gateway-endpoint',
  'transit-gateway',
  'vpn-gateway',
]);

export const PRIVATE_V4: readonly Cidr[] = [...RFC1918, RFC6598];

export const protocols = (...ps: number[]): HeaderSpace =>
  HeaderSpace.match({ protocols: ps.map((p) => ({ from: p, to: p })) });
