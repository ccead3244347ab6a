import { eigwEgress, eigwIngress } from './egress-only-internet-gateway.js';
import { addressOwner, evalSecurityGroups, hasSecurityGroups, ownsAddress, sgMismatchField } from './eni.js';
import type { Drop, Refusal } from './explanation.js';
import type {
  AclRuleNode,
  Dataplane,
  EigwNode,
  EndpointNode,
  EniNode,
  IgwNode,
  InstanceNode,
  NatNode,
  Node,
  Origin,
  PeeringNode,
  RouteEntry,
  RouteTableNode,
  SgRuleNode,
  SubnetNode,
  VpcNode,
} from './graph.js';
import { igwEgress, igwIngress } from './internet-gateway.js';
import { addressedToNat, natInbound, natOutbound, type NatBinding } from './nat-gateway.js';
import type { Packet } from './packet.js';
import { lookupRoute } from './route-table.js';
import { evalNetworkAcl, inSubnet } from './subnet.js';
import { gatewayEndpointForward } from './vpc-endpoint.js';
import { peeringForward } from './vpc-peering.js';

/**
 * How the network functions connect: a packet leaves an ENI (security groups), leaves its
 * subnet (ACL) unless the destination is on the same subnet, is routed (route table), and is
 * handed to the route's target — a gateway, a peering, another ENI — which delivers it into a
 * subnet (ACL) and an ENI (security groups). This file is that wiring, written once; the
 * tracer runs it on one packet, forward and back.
 */

/** Forward: a new connection (security groups apply). Return: its replies (they don't). */
export type Mode = 'forward' | 'return';

/** Where a walk starts, and where one may end. */
export type Endpoint =
  | { readonly kind: 'eni'; readonly eni: EniNode }
  | { readonly kind: 'internet-gateway'; readonly gateway: IgwNode }
  | { readonly kind: 'egress-only-internet-gateway'; readonly gateway: EigwNode }
  | { readonly kind: 'service'; readonly endpoint: EndpointNode };

/** One component on a path, with what it saw and which rule or route it used. */
export interface Hop {
  readonly node: Node;
  inbound?: Packet;
  outbound?: Packet;
  readonly vpc?: VpcNode;
  readonly subnet?: SubnetNode;
  readonly attachedTo?: InstanceNode;
  readonly securityGroupRule?: SgRuleNode;
  readonly aclRule?: AclRuleNode;
  readonly route?: RouteEntry;
  readonly sourceVpc?: VpcNode;
  destinationVpc?: VpcNode;
  /** The packet came from a subnet in another Availability Zone (RA's AVAILABILITY_ZONE_CROSSED). */
  azCrossed?: boolean;
}

/** The path a packet took, and where it ended: delivered (terminal) or dropped. */
export interface Walk {
  readonly hops: Hop[];
  /** The header as it was when the walk ended. */
  readonly packet: Packet;
  readonly terminal?: Endpoint;
  readonly drop?: Drop;
}

/** Options of a walk: the mode, and NAT bindings (filled going forward, read coming back). */
export interface WalkOptions {
  readonly mode: Mode;
  readonly bindings: NatBinding[];
}

/** More steps than any real path needs: past this, appliances are forwarding in a loop. */
const MAX_ROUTINGS = 32;

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
  }
}

type DropExtras = Omit<Drop, 'code' | 'component' | 'packet'>;

class Walker {
  private readonly hops: Hop[] = [];
  private origin: Origin = 'vpc';
  private routings = 0;

  constructor(
    private readonly dp: Dataplane,
    private readonly opts: WalkOptions,
  ) {}

  private get forward(): boolean {
    return this.opts.mode === 'forward';
  }

  private push(hop: Hop): Hop {
    this.hops.push(hop);
    return hop;
  }

  private done(p: Packet, terminal: Endpoint): Walk {
    return { hops: this.hops, packet: p, terminal };
  }

  private drop(p: Packet, component: Node, refusal: Refusal, extras: DropExtras = {}): Walk {
    return { hops: this.hops, packet: p, drop: { ...extras, ...refusal, component, packet: p } };
  }

  private eniHop(eni: EniNode, inbound?: Packet, outbound?: Packet): Hop {
    return this.push({
      node: eni,
      vpc: eni.vpc,
      subnet: eni.subnet,
      ...(eni.instance ? { attachedTo: eni.instance } : {}),
      ...(inbound ? { inbound } : {}),
      ...(outbound ? { outbound } : {}),
    });
  }

  private instanceRunning(eni: EniNode, p: Packet): Walk | undefined {
    const i = eni.instance;
    if (!i || i.state === 'running') return undefined;
    this.push({ node: i, vpc: eni.vpc, subnet: eni.subnet });
    return this.drop(p, i, { code: 'BAD_STATE', state: i.state }, { networkInterface: eni, vpc: eni.vpc });
  }

  /** A packet sent by an ENI: its own source address, then its security groups' egress rules. */
  emit(eni: EniNode, p: Packet): Walk {
    const stopped = this.instanceRunning(eni, p);
    if (stopped) return stopped;
    if (eni.instance) this.push({ node: eni.instance, vpc: eni.vpc, subnet: eni.subnet, outbound: p });
    this.eniHop(eni, undefined, p);
    if (eni.sourceDestCheck && !ownsAddress(eni, p.src)) {
      return this.drop(
        p,
        eni,
        { code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION', direction: 'egress', packetField: 'source-address', address: p.src },
        { networkInterface: eni, vpc: eni.vpc, subnet: eni.subnet },
      );
    }
    return this.egressSecurityGroups(eni, p);
  }

  private egressSecurityGroups(eni: EniNode, p: Packet): Walk {
    if (this.forward && hasSecurityGroups(eni)) {
      const rule = evalSecurityGroups(eni.securityGroups, true, p);
      if (!rule) return this.sgMismatch(eni, p, true);
      this.push({ node: rule.group, vpc: eni.vpc, securityGroupRule: rule });
    }
    return this.leaveSubnet(eni.subnet, p);
  }

  private sgMismatch(eni: EniNode, p: Packet, egress: boolean): Walk {
    const field = sgMismatchField(eni.securityGroups, egress, p);
    return this.drop(
      p,
      eni,
      { code: 'ENI_SG_RULES_MISMATCH', direction: egress ? 'egress' : 'ingress', ...(field ? { packetField: field } : {}) },
      { networkInterface: eni, securityGroups: eni.securityGroups, vpc: eni.vpc, subnet: eni.subnet },
    );
  }

  /** Same-subnet destinations are delivered at layer 2; anything else passes the ACL and is routed. */
  private leaveSubnet(subnet: SubnetNode, p: Packet): Walk {
    if (inSubnet(subnet, p.dst)) {
      const owner = addressOwner(subnet.vpc, p.dst);
      if (owner && owner.subnet === subnet) return this.arrive(owner, p, false);
      return this.drop(p, subnet, { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst }, { subnet, vpc: subnet.vpc });
    }
    const acl = subnet.acl;
    if (acl) {
      const rule = evalNetworkAcl(acl, true, p);
      this.push({ node: acl, vpc: subnet.vpc, subnet, aclRule: rule });
      if (!rule.allow) {
        return this.drop(p, acl, { code: 'SUBNET_ACL_RESTRICTION', direction: 'egress' }, { acl, aclRule: rule, subnet, vpc: subnet.vpc });
      }
    }
    if (!subnet.routeTable) {
      return this.drop(p, subnet, { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst }, { subnet, vpc: subnet.vpc });
    }
    return this.route(subnet.routeTable, p, subnet);
  }

  /** A route-table lookup (a subnet's table, or a gateway's edge table when `from` is absent). */
  private route(table: RouteTableNode, p: Packet, from: SubnetNode | undefined): Walk {
    const vpc = this.dp.vpcs.get(table.vpcId);
    const where = { routeTable: table, ...(from ? { subnet: from } : {}), ...(vpc ? { vpc } : {}) };
    if (++this.routings > MAX_ROUTINGS) return this.drop(p, table, { code: 'NO_PATH' }, where);
    const entry = lookupRoute(table, p.dst);
    this.push({ node: table, ...(vpc ? { vpc } : {}), ...(from ? { subnet: from } : {}), ...(entry ? { route: entry } : {}) });
    if (!entry || !vpc) {
      return this.drop(p, table, { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst }, where);
    }
    const target = entry.target;
    if (entry.state === 'blackhole') {
      const peering = target.kind === 'vpc-peering-connection' ? this.dp.peerings.get(target.id) : undefined;
      const nat = target.kind === 'nat-gateway' ? this.dp.natGateways.get(target.id) : undefined;
      return this.drop(
        p,
        table,
        { code: 'BAD_STATE_ROUTE', state: peering?.status ?? nat?.state ?? 'blackhole' },
        { ...where, route: entry, ...(peering ? { peering } : {}), ...(nat ? { natGateway: nat } : {}) },
      );
    }
    switch (target.kind) {
      case 'local': {
        const owner = addressOwner(vpc, p.dst);
        if (!owner) {
          return this.drop(p, table, { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst }, { ...where, route: entry });
        }
        return this.arrive(owner, p, true, from);
      }
      case 'internet-gateway': {
        const igw = this.dp.internetGateways.get(target.id);
        return igw ? this.igwOut(igw, p) : this.unknown(p, table, entry, where);
      }
      case 'egress-only-internet-gateway': {
        const eigw = this.dp.egressOnlyInternetGateways.get(target.id);
        return eigw ? this.eigwOut(eigw, p) : this.unknown(p, table, entry, where);
      }
      case 'nat-gateway': {
        const nat = this.dp.natGateways.get(target.id);
        return nat?.eni ? this.arrive(nat.eni, p, true, from) : this.unknown(p, table, entry, where);
      }
      case 'network-interface': {
        const eni = this.dp.enis.get(target.id);
        return eni ? this.arrive(eni, p, true, from) : this.unknown(p, table, entry, where);
      }
      case 'instance': {
        const eni = this.dp.instances.get(target.id)?.enis[0];
        return eni ? this.arrive(eni, p, true, from) : this.unknown(p, table, entry, where);
      }
      case 'vpc-peering-connection': {
        const pcx = this.dp.peerings.get(target.id);
        return pcx ? this.peering(pcx, vpc, p) : this.unknown(p, table, entry, where);
      }
      case 'gateway-endpoint': {
        const ep = this.dp.endpoints.get(target.id);
        return ep ? this.gatewayEndpoint(ep, p) : this.unknown(p, table, entry, where);
      }
      case 'unsupported':
        return this.unknown(p, table, entry, where);
    }
  }

  private unknown(p: Packet, table: RouteTableNode, route: RouteEntry, where: DropExtras): Walk {
    return this.drop(p, table, { code: 'UNKNOWN_DESTINATION' }, { ...where, route });
  }

  /**
   * Delivery to an ENI: the subnet's inbound ACL when the packet was routed in, then the
   * interface. A NAT gateway's interface hands over to the NAT function; an interface that
   * owns the destination receives the packet; an appliance with the source/destination check
   * off forwards it on.
   */
  private arrive(eni: EniNode, p: Packet, routed: boolean, from?: SubnetNode): Walk {
    const subnet = eni.subnet;
    if (routed && subnet.acl) {
      const rule = evalNetworkAcl(subnet.acl, false, p);
      this.push({ node: subnet.acl, vpc: eni.vpc, subnet, aclRule: rule });
      if (!rule.allow) {
        return this.drop(p, subnet.acl, { code: 'SUBNET_ACL_RESTRICTION', direction: 'ingress' }, { acl: subnet.acl, aclRule: rule, subnet, vpc: eni.vpc });
      }
    }
    if (eni.role.kind === 'nat-gateway') return this.nat(eni.role.nat, p, from);
    const stopped = this.instanceRunning(eni, p);
    if (stopped) return stopped;
    const owns = ownsAddress(eni, p.dst);
    if (!owns && eni.sourceDestCheck) {
      this.eniHop(eni, p);
      return this.drop(
        p,
        eni,
        { code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION', direction: 'ingress', packetField: 'destination-address', address: p.dst },
        { networkInterface: eni, vpc: eni.vpc, subnet },
      );
    }
    if (this.forward && hasSecurityGroups(eni)) {
      const rule = evalSecurityGroups(eni.securityGroups, false, p);
      if (!rule) {
        this.eniHop(eni, p);
        return this.sgMismatch(eni, p, false);
      }
      this.push({ node: rule.group, vpc: eni.vpc, securityGroupRule: rule });
    }
    if (owns) {
      this.eniHop(eni, p);
      if (eni.instance) this.push({ node: eni.instance, vpc: eni.vpc, subnet, inbound: p });
      return this.done(p, { kind: 'eni', eni });
    }
    // A middlebox: in through the interface and straight out again, towards the destination.
    const hop = this.eniHop(eni, p, p);
    if (from && from.availabilityZoneId !== subnet.availabilityZoneId) hop.azCrossed = true;
    return this.egressSecurityGroups(eni, p);
  }

  private nat(nat: NatNode, p: Packet, from: SubnetNode | undefined): Walk {
    const where = { natGateway: nat, vpc: nat.vpc, subnet: nat.subnet };
    const hop: Hop = { node: nat, vpc: nat.vpc, subnet: nat.subnet, inbound: p };
    this.push(hop);
    if (from && from.availabilityZoneId !== nat.subnet.availabilityZoneId) hop.azCrossed = true;
    if (addressedToNat(nat, p)) {
      // Replies to connections it made; it accepts none of its own.
      const v = natInbound(nat, p, this.forward ? [] : this.opts.bindings);
      if (!v.ok) return this.drop(p, nat, v, where);
      hop.outbound = v.packet;
      return this.leaveSubnet(nat.subnet, v.packet);
    }
    if (!this.forward) {
      // A reply routed into a NAT gateway would leave with the gateway's address as its source,
      // and the client would not recognise it.
      return this.drop(p, nat, { code: 'NGW_SOURCE_ADDRESS_REASSIGN', packetField: 'source-address', address: p.src }, where);
    }
    const v = natOutbound(nat, p, this.origin);
    if (!v.ok) return this.drop(p, nat, v, where);
    if (v.binding) this.opts.bindings.push(v.binding);
    hop.outbound = v.packet;
    // Translated traffic has the gateway's own address: it now originates in this VPC.
    this.origin = 'vpc';
    return this.leaveSubnet(nat.subnet, v.packet);
  }

  private igwOut(igw: IgwNode, p: Packet): Walk {
    const hop: Hop = { node: igw, inbound: p, ...(igw.vpc ? { vpc: igw.vpc } : {}) };
    this.push(hop);
    const v = igwEgress(igw, p, this.origin);
    if (!v.ok) return this.drop(p, igw, v, { internetGateway: igw, ...(igw.vpc ? { vpc: igw.vpc } : {}) });
    hop.outbound = v.packet;
    return this.done(v.packet, { kind: 'internet-gateway', gateway: igw });
  }

  /** Traffic from the internet: translated by the gateway, steered by its edge route table if any. */
  igwIn(igw: IgwNode, p: Packet): Walk {
    const hop: Hop = { node: igw, inbound: p, ...(igw.vpc ? { vpc: igw.vpc } : {}) };
    this.push(hop);
    const v = igwIngress(igw, p);
    const vpc = igw.vpc;
    if (!v.ok || !vpc) {
      const refusal: Refusal = v.ok ? { code: 'BAD_STATE', state: 'detached' } : v;
      return this.drop(p, igw, refusal, { internetGateway: igw, ...(vpc ? { vpc } : {}) });
    }
    hop.outbound = v.packet;
    this.origin = 'internet';
    if (igw.edgeRouteTable) return this.route(igw.edgeRouteTable, v.packet, undefined);
    return this.deliverInto(vpc, v.packet, igw);
  }

  private eigwOut(eigw: EigwNode, p: Packet): Walk {
    const hop: Hop = { node: eigw, inbound: p, ...(eigw.vpc ? { vpc: eigw.vpc } : {}) };
    this.push(hop);
    const v = eigwEgress(eigw, p, this.origin);
    if (!v.ok) return this.drop(p, eigw, v, { egressOnlyInternetGateway: eigw, ...(eigw.vpc ? { vpc: eigw.vpc } : {}) });
    hop.outbound = v.packet;
    return this.done(v.packet, { kind: 'egress-only-internet-gateway', gateway: eigw });
  }

  /** IPv6 from the internet through an egress-only gateway: replies only. */
  eigwIn(eigw: EigwNode, p: Packet): Walk {
    const hop: Hop = { node: eigw, inbound: p, ...(eigw.vpc ? { vpc: eigw.vpc } : {}) };
    this.push(hop);
    const v = eigwIngress(eigw, p, !this.forward);
    const vpc = eigw.vpc;
    if (!v.ok || !vpc) {
      const refusal: Refusal = v.ok ? { code: 'BAD_STATE', state: 'detached' } : v;
      return this.drop(p, eigw, refusal, { egressOnlyInternetGateway: eigw, ...(vpc ? { vpc } : {}) });
    }
    hop.outbound = v.packet;
    this.origin = 'internet';
    return this.deliverInto(vpc, v.packet, eigw);
  }

  /** Delivery from a gateway into the VPC by the local route: to the ENI that owns the address. */
  private deliverInto(vpc: VpcNode, p: Packet, via: Node): Walk {
    const owner = addressOwner(vpc, p.dst);
    if (!owner) {
      return this.drop(p, via, { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst }, { vpc });
    }
    return this.arrive(owner, p, true);
  }

  private peering(pcx: PeeringNode, from: VpcNode, p: Packet): Walk {
    const hop: Hop = { node: pcx, inbound: p, sourceVpc: from };
    this.push(hop);
    const v = peeringForward(pcx, from, p);
    if (!v.ok) return this.drop(p, pcx, v, { peering: pcx, vpc: from });
    hop.outbound = p;
    hop.destinationVpc = v.to;
    this.origin = 'peering';
    return this.deliverInto(v.to, p, pcx);
  }

  private gatewayEndpoint(ep: EndpointNode, p: Packet): Walk {
    const hop: Hop = { node: ep, inbound: p, ...(ep.vpc ? { vpc: ep.vpc } : {}) };
    this.push(hop);
    const v = gatewayEndpointForward(ep, p, this.origin);
    if (!v.ok) return this.drop(p, ep, v, { endpoint: ep, ...(ep.vpc ? { vpc: ep.vpc } : {}) });
    hop.outbound = p;
    return this.done(p, { kind: 'service', endpoint: ep });
  }

  /** A service's reply coming back through a gateway endpoint into its VPC. */
  serviceReply(ep: EndpointNode, p: Packet): Walk {
    this.push({ node: ep, outbound: p, ...(ep.vpc ? { vpc: ep.vpc } : {}) });
    this.origin = 'gateway-endpoint';
    if (!ep.vpc) return this.drop(p, ep, { code: 'UNKNOWN_DESTINATION' }, { endpoint: ep });
    return this.deliverInto(ep.vpc, p, ep);
  }
}
