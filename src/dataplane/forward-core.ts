import { eigwEgress, eigwIngress } from './egress-only-internet-gateway.js';
import {
  addressOwner,
  evalSecurityGroups,
  fromInterface,
  hasSecurityGroups,
  ownsAddress,
  sgMismatchField,
} from './eni.js';
import type { Refusal, Related } from './explanation.js';
import type {
  Dataplane,
  EigwNode,
  EndpointNode,
  EniNode,
  IgwNode,
  LbZoneNode,
  LoadBalancerNode,
  NatNode,
  Node,
  Origin,
  PeeringNode,
  RouteEntry,
  RouteTableNode,
  SubnetNode,
  VpcNode,
} from './graph.js';
import { igwEgress, igwIngress } from './internet-gateway.js';
import { addressedToNat, natInbound, natOutbound } from './nat-gateway.js';
import { type Packet } from './packet.js';
import { lookupRoute } from './route-table.js';
import { evalNetworkAcl, inSubnet } from './subnet.js';
import { gatewayEndpointForward } from './vpc-endpoint.js';
import { peeringForward } from './vpc-peering.js';
import { hop, type Endpoint, type Hop, type Walk, type WalkOptions } from './path.js';
import type { VgwNode } from './hybrid-graph.js';

/** More steps than any real path needs: past this, appliances are forwarding in a loop. */
export const MAX_ROUTINGS = 32;

export type DropExtras = Related;

/**
 * The core of a walk: ENIs, subnets and their ACLs, route tables, internet and NAT gateways,
 * peering and gateway endpoints. The walkers of the other families (forward-hybrid.ts,
 * forward-transit-gateway.ts, forward-load-balancer.ts) extend it, each in its own file; the
 * core hands over to them through the abstract methods below.
 */
export abstract class CoreWalker {
  protected readonly hops: Hop[] = [];
  protected origin: Origin = 'vpc';
  protected routings = 0;

  constructor(
    protected readonly dp: Dataplane,
    protected readonly opts: WalkOptions,
  ) {}

  protected get forward(): boolean {
    return this.opts.mode === 'forward';
  }

  protected push(h: Hop): Hop {
    this.hops.push(h);
    return h;
  }

  protected done(p: Packet, terminal: Endpoint): Walk {
    return { hops: this.hops, packet: p, terminal };
  }

  protected drop(p: Packet, component: Node, refusal: Refusal, extras: DropExtras = {}): Walk {
    return { hops: this.hops, packet: p, drop: { refusal, component, packet: p, related: extras } };
  }

  protected eniHop(eni: EniNode, inbound?: Packet, outbound?: Packet): Hop {
    const h = hop(eni, eni.vpc, eni.subnet);
    h.attachedTo = eni.instance;
    h.inbound = inbound;
    h.outbound = outbound;
    return this.push(h);
  }

  protected ruleHop(node: Node, vpc: VpcNode, subnet?: SubnetNode): Hop {
    return this.push(hop(node, vpc, subnet));
  }

  protected instanceRunning(eni: EniNode, p: Packet): Walk | undefined {
    const i = eni.instance;
    if (!i || i.state === 'running') return undefined;
    this.push(hop(i, eni.vpc, eni.subnet));
    return this.drop(
      p,
      i,
      { code: 'BAD_STATE', state: i.state },
      { networkInterface: eni, vpc: eni.vpc },
    );
  }

  /** A packet sent by an ENI: its own source address, then its security groups' egress rules. */
  emit(eni: EniNode, p: Packet): Walk {
    const stopped = this.instanceRunning(eni, p);
    if (stopped) return stopped;
    if (eni.instance) this.push(hop(eni.instance, eni.vpc, eni.subnet)).outbound = p;
    this.eniHop(eni, undefined, p);
    if (eni.sourceDestCheck && !ownsAddress(eni, p.src)) {
      return this.drop(
        p,
        eni,
        {
          code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
          direction: 'egress',
          packetField: 'source-address',
          address: p.src,
        },
        { networkInterface: eni, vpc: eni.vpc, subnet: eni.subnet },
      );
    }
    return this.egressSecurityGroups(eni, p);
  }

  protected egressSecurityGroups(eni: EniNode, p: Packet): Walk {
    if (this.forward && hasSecurityGroups(eni)) {
      const rule = evalSecurityGroups(eni.securityGroups, true, p);
      if (!rule) return this.sgMismatch(eni, p, true);
      this.ruleHop(rule.group, eni.vpc).securityGroupRule = rule;
    }
    return this.leaveSubnet(eni.subnet, p);
  }

  protected sgMismatch(eni: EniNode, p: Packet, egress: boolean): Walk {
    const sent = egress || fromInterface(this.origin);
    const field = sgMismatchField(eni.securityGroups, egress, p, sent);
    return this.drop(
      p,
      eni,
      {
        code: 'ENI_SG_RULES_MISMATCH',
        direction: egress ? 'egress' : 'ingress',
        packetField: field,
      },
      {
        networkInterface: eni,
        securityGroups: eni.securityGroups,
        vpc: eni.vpc,
        subnet: eni.subnet,
      },
    );
  }

  /** Same-subnet destinations are delivered at layer 2; anything else passes the ACL and is routed. */
  protected leaveSubnet(subnet: SubnetNode, p: Packet): Walk {
    // A target's reply to a load balancer flow goes back through the load balancer node,
    // whatever its destination: the VPC tracks the flow (client IP preservation included).
    const lbNode = this.forward ? undefined : this.elbReplyNode(p);
    if (lbNode) return this.toLoadBalancerNode(subnet, lbNode, p);
    if (inSubnet(subnet, p.dst)) {
      const owner = addressOwner(subnet.vpc, p.dst);
      if (owner && owner.subnet === subnet) return this.arrive(owner, p, false);
      return this.drop(
        p,
        subnet,
        { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst },
        { subnet, vpc: subnet.vpc },
      );
    }
    const acl = subnet.acl;
    if (acl) {
      const rule = evalNetworkAcl(acl, true, p);
      this.ruleHop(acl, subnet.vpc, subnet).aclRule = rule;
      if (!rule.allow) {
        return this.drop(
          p,
          acl,
          { code: 'SUBNET_ACL_RESTRICTION', direction: 'egress' },
          { acl, aclRule: rule, subnet, vpc: subnet.vpc },
        );
      }
    }
    if (!subnet.routeTable) {
      return this.drop(
        p,
        subnet,
        { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
        { subnet, vpc: subnet.vpc },
      );
    }
    return this.route(subnet.routeTable, p, subnet);
  }

  /** A route-table lookup (a subnet's table, or a gateway's edge table when `from` is absent). */
  protected route(table: RouteTableNode, p: Packet, from: SubnetNode | undefined): Walk {
    const vpc = this.dp.vpcs.get(table.vpcId);
    const where: DropExtras = { routeTable: table, subnet: from, vpc };
    if (++this.routings > MAX_ROUTINGS) return this.drop(p, table, { code: 'NO_PATH' }, where);
    const entry = lookupRoute(table, p.dst);
    this.push(hop(table, vpc, from)).route = entry;
    if (!entry || !vpc) {
      return this.drop(
        p,
        table,
        { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
        where,
      );
    }
    const target = entry.target;
    if (entry.state === 'blackhole') {
      const peering =
        target.kind === 'vpc-peering-connection' ? this.dp.peerings.get(target.id) : undefined;
      const nat = target.kind === 'nat-gateway' ? this.dp.natGateways.get(target.id) : undefined;
      return this.drop(
        p,
        table,
        { code: 'BAD_STATE_ROUTE', state: peering?.status ?? nat?.state ?? 'blackhole' },
        { ...where, route: entry, peering, natGateway: nat },
      );
    }
    switch (target.kind) {
      case 'local': {
        const owner = addressOwner(vpc, p.dst);
        if (!owner) {
          return this.drop(
            p,
            table,
            { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst },
            { ...where, route: entry },
          );
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
        return nat?.eni
          ? this.arrive(nat.eni, p, true, from)
          : this.unknown(p, table, entry, where);
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
      case 'transit-gateway':
        return this.tgwFromVpc(target.id, vpc, p, table, entry, from);
      case 'gateway-load-balancer-endpoint': {
        const ep = this.dp.endpoints.get(target.id);
        return ep ? this.gwlbEndpoint(ep, p, from) : this.unknown(p, table, entry, where);
      }
      case 'vpn-gateway': {
        const vgw = this.dp.hybrid.vpnGateways.get(target.id);
        return vgw ? this.vgwOut(vgw, p) : this.unknown(p, table, entry, where);
      }
      case 'unsupported':
        return this.unknown(p, table, entry, where);
    }
  }

  protected unknown(p: Packet, table: RouteTableNode, route: RouteEntry, where: DropExtras): Walk {
    return this.drop(p, table, { code: 'UNKNOWN_DESTINATION' }, { ...where, route });
  }

  /**
   * Delivery to an ENI: the subnet's inbound ACL when the packet was routed in, then the
   * interface. A NAT gateway's interface hands over to the NAT function; an interface that
   * owns the destination receives the packet; an appliance with the source/destination check
   * off forwards it on.
   */
  protected arrive(eni: EniNode, p: Packet, routed: boolean, from?: SubnetNode): Walk {
    const subnet = eni.subnet;
    if (routed && subnet.acl) {
      const rule = evalNetworkAcl(subnet.acl, false, p);
      this.ruleHop(subnet.acl, eni.vpc, subnet).aclRule = rule;
      if (!rule.allow) {
        return this.drop(
          p,
          subnet.acl,
          { code: 'SUBNET_ACL_RESTRICTION', direction: 'ingress' },
          { acl: subnet.acl, aclRule: rule, subnet, vpc: eni.vpc },
        );
      }
    }
    if (eni.role.kind === 'nat-gateway') return this.nat(eni.role.nat, p, from);
    if (eni.role.kind === 'load-balancer') return this.loadBalancer(eni.role.lb, eni.role.zone, p);
    const stopped = this.instanceRunning(eni, p);
    if (stopped) return stopped;
    const owns = ownsAddress(eni, p.dst);
    if (!owns && eni.sourceDestCheck) {
      this.eniHop(eni, p);
      return this.drop(
        p,
        eni,
        {
          code: 'ENI_SOURCE_DEST_CHECK_RESTRICTION',
          direction: 'ingress',
          packetField: 'destination-address',
          address: p.dst,
        },
        { networkInterface: eni, vpc: eni.vpc, subnet },
      );
    }
    if (this.forward && hasSecurityGroups(eni)) {
      const rule = evalSecurityGroups(eni.securityGroups, false, p, fromInterface(this.origin));
      if (!rule) {
        this.eniHop(eni, p);
        return this.sgMismatch(eni, p, false);
      }
      this.ruleHop(rule.group, eni.vpc).securityGroupRule = rule;
    }
    if (owns) {
      this.eniHop(eni, p);
      const link = this.forward ? this.privateLinkOf(eni) : undefined;
      if (link) return this.privateLink(eni, link, p);
      if (eni.instance) this.push(hop(eni.instance, eni.vpc, subnet)).inbound = p;
      return this.done(p, { kind: 'eni', eni });
    }
    // A middlebox: in through the interface and straight out again, towards the destination.
    const through = this.eniHop(eni, p, p);
    if (from && from.availabilityZoneId !== subnet.availabilityZoneId) through.azCrossed = true;
    return this.egressSecurityGroups(eni, p);
  }

  protected nat(nat: NatNode, p: Packet, from: SubnetNode | undefined): Walk {
    const where = { natGateway: nat, vpc: nat.vpc, subnet: nat.subnet };
    const h = this.push(hop(nat, nat.vpc, nat.subnet));
    h.inbound = p;
    if (from && from.availabilityZoneId !== nat.subnet.availabilityZoneId) h.azCrossed = true;
    if (addressedToNat(nat, p)) {
      // Replies to connections it made; it accepts none of its own.
      const v = natInbound(nat, p, this.forward ? [] : this.opts.bindings);
      if (!v.ok) return this.drop(p, nat, v, where);
      h.outbound = v.packet;
      return this.leaveSubnet(nat.subnet, v.packet);
    }
    if (!this.forward) {
      // A reply routed into a NAT gateway would leave with the gateway's address as its source,
      // and the client would not recognise it.
      return this.drop(
        p,
        nat,
        { code: 'NGW_SOURCE_ADDRESS_REASSIGN', packetField: 'source-address', address: p.src },
        where,
      );
    }
    const v = natOutbound(nat, p, this.origin);
    if (!v.ok) return this.drop(p, nat, v, where);
    if (v.binding) this.opts.bindings.push(v.binding);
    h.outbound = v.packet;
    // Translated traffic has the gateway's own address: it now originates in this VPC.
    this.origin = 'vpc';
    return this.leaveSubnet(nat.subnet, v.packet);
  }

  protected igwOut(igw: IgwNode, p: Packet): Walk {
    const h = this.push(hop(igw, igw.vpc));
    h.inbound = p;
    const v = igwEgress(igw, p, this.origin);
    if (!v.ok) return this.drop(p, igw, v, { internetGateway: igw, vpc: igw.vpc });
    h.outbound = v.packet;
    return this.done(v.packet, { kind: 'internet-gateway', gateway: igw });
  }

  /** Traffic from the internet: translated by the gateway, steered by its edge route table if any. */
  igwIn(igw: IgwNode, p: Packet): Walk {
    const h = this.push(hop(igw, igw.vpc));
    h.inbound = p;
    const v = igwIngress(igw, p);
    const vpc = igw.vpc;
    if (!v.ok || !vpc) {
      const refusal: Refusal = v.ok ? { code: 'BAD_STATE', state: 'detached' } : v;
      return this.drop(p, igw, refusal, { internetGateway: igw, vpc });
    }
    h.outbound = v.packet;
    this.origin = 'internet';
    if (igw.edgeRouteTable) return this.route(igw.edgeRouteTable, v.packet, undefined);
    return this.deliverInto(vpc, v.packet, igw);
  }

  protected eigwOut(eigw: EigwNode, p: Packet): Walk {
    const h = this.push(hop(eigw, eigw.vpc));
    h.inbound = p;
    const v = eigwEgress(eigw, p, this.origin);
    if (!v.ok) return this.drop(p, eigw, v, { egressOnlyInternetGateway: eigw, vpc: eigw.vpc });
    h.outbound = v.packet;
    return this.done(v.packet, { kind: 'egress-only-internet-gateway', gateway: eigw });
  }

  /** IPv6 from the internet through an egress-only gateway: replies only. */
  eigwIn(eigw: EigwNode, p: Packet): Walk {
    const h = this.push(hop(eigw, eigw.vpc));
    h.inbound = p;
    const v = eigwIngress(eigw, p, !this.forward);
    const vpc = eigw.vpc;
    if (!v.ok || !vpc) {
      const refusal: Refusal = v.ok ? { code: 'BAD_STATE', state: 'detached' } : v;
      return this.drop(p, eigw, refusal, { egressOnlyInternetGateway: eigw, vpc });
    }
    h.outbound = v.packet;
    this.origin = 'internet';
    return this.deliverInto(vpc, v.packet, eigw);
  }

  /** Delivery from a gateway into the VPC by the local route: to the ENI that owns the address. */
  protected deliverInto(vpc: VpcNode, p: Packet, via: Node): Walk {
    const owner = addressOwner(vpc, p.dst);
    if (!owner) {
      return this.drop(
        p,
        via,
        { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst },
        { vpc },
      );
    }
    return this.arrive(owner, p, true);
  }

  protected peering(pcx: PeeringNode, from: VpcNode, p: Packet): Walk {
    const h = this.push(hop(pcx));
    h.inbound = p;
    h.sourceVpc = from;
    const v = peeringForward(pcx, from, p);
    if (!v.ok) return this.drop(p, pcx, v, { peering: pcx, vpc: from });
    h.outbound = p;
    h.destinationVpc = v.to;
    this.origin = 'peering';
    return this.deliverInto(v.to, p, pcx);
  }

  protected gatewayEndpoint(ep: EndpointNode, p: Packet): Walk {
    const h = this.push(hop(ep, ep.vpc));
    h.inbound = p;
    const v = gatewayEndpointForward(ep, p, this.origin);
    if (!v.ok) return this.drop(p, ep, v, { endpoint: ep, vpc: ep.vpc });
    h.outbound = p;
    return this.done(p, { kind: 'service', endpoint: ep });
  }

  /** A service's reply coming back through a gateway endpoint into its VPC. */
  serviceReply(ep: EndpointNode, p: Packet): Walk {
    this.push(hop(ep, ep.vpc)).outbound = p;
    this.origin = 'gateway-endpoint';
    if (!ep.vpc) return this.drop(p, ep, { code: 'UNKNOWN_DESTINATION' }, { endpoint: ep });
    return this.deliverInto(ep.vpc, p, ep);
  }

  // Family walkers (forward-*.ts) implement these; the core routes and delivers into them.
  protected abstract vgwOut(vgw: VgwNode, p: Packet): Walk;
  protected abstract tgwFromVpc(
    tgwId: string,
    vpc: VpcNode,
    p: Packet,
    table: RouteTableNode,
    entry: RouteEntry,
    from: SubnetNode | undefined,
  ): Walk;
  protected abstract gwlbEndpoint(ep: EndpointNode, p: Packet, from: SubnetNode | undefined): Walk;
  protected abstract elbReplyNode(p: Packet): EniNode | undefined;
  protected abstract toLoadBalancerNode(subnet: SubnetNode, node: EniNode, p: Packet): Walk;
  protected abstract loadBalancer(
    lb: LoadBalancerNode,
    zone: LbZoneNode,
    p: Packet,
    via?: EniNode,
  ): Walk;
  protected abstract privateLink(
    eni: EniNode,
    link: { endpoint: EndpointNode; lb: LoadBalancerNode },
    p: Packet,
  ): Walk;
  protected abstract privateLinkOf(
    eni: EniNode,
  ): { endpoint: EndpointNode; lb: LoadBalancerNode } | undefined;
}
