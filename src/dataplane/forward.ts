import { eigwEgress, eigwIngress } from './egress-only-internet-gateway.js';
import {
  addressOwner,
  addressSetHas,
  evalSecurityGroups,
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
import { replyTo, type Packet } from './packet.js';
import { bindingOfReply, geneve, listenerFor, pickTarget, toTarget } from './load-balancer.js';
import { lookupRoute } from './route-table.js';
import { evalNetworkAcl, inSubnet } from './subnet.js';
import { gatewayEndpointForward } from './vpc-endpoint.js';
import { peeringForward } from './vpc-peering.js';
import { tgwEntrySubnet, tgwExitSubnet, tgwRoute } from './transit-gateway.js';
import { vpcTgwKey, type TgwAttachmentNode, type TgwNode } from './transit-gateway-graph.js';
import { hop, type Endpoint, type Hop, type Walk, type WalkOptions } from './path.js';
import type { SiteNode, VgwNode } from './hybrid-graph.js';
import { siteOwns, siteUplink, vgwEgress, vgwRoute, vifGateway } from './vpn-gateway.js';

/**
 * How the network functions connect: a packet leaves an ENI (security groups), leaves its
 * subnet (ACL) unless the destination is on the same subnet, is routed (route table), and is
 * handed to the route's target — a gateway, a peering, another ENI — which delivers it into a
 * subnet (ACL) and an ENI (security groups). This file is that wiring, written once; the
 * tracer runs it on one packet, forward and back.
 */

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
    case 'on-premises':
      return w.siteOut(start.site, packet);
  }
}

type DropExtras = Related;

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

  private push(h: Hop): Hop {
    this.hops.push(h);
    return h;
  }

  private done(p: Packet, terminal: Endpoint): Walk {
    return { hops: this.hops, packet: p, terminal };
  }

  private drop(p: Packet, component: Node, refusal: Refusal, extras: DropExtras = {}): Walk {
    return { hops: this.hops, packet: p, drop: { refusal, component, packet: p, related: extras } };
  }

  private eniHop(eni: EniNode, inbound?: Packet, outbound?: Packet): Hop {
    const h = hop(eni, eni.vpc, eni.subnet);
    h.attachedTo = eni.instance;
    h.inbound = inbound;
    h.outbound = outbound;
    return this.push(h);
  }

  private ruleHop(node: Node, vpc: VpcNode, subnet?: SubnetNode): Hop {
    return this.push(hop(node, vpc, subnet));
  }

  private instanceRunning(eni: EniNode, p: Packet): Walk | undefined {
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

  private egressSecurityGroups(eni: EniNode, p: Packet): Walk {
    if (this.forward && hasSecurityGroups(eni)) {
      const rule = evalSecurityGroups(eni.securityGroups, true, p);
      if (!rule) return this.sgMismatch(eni, p, true);
      this.ruleHop(rule.group, eni.vpc).securityGroupRule = rule;
    }
    return this.leaveSubnet(eni.subnet, p);
  }

  private sgMismatch(eni: EniNode, p: Packet, egress: boolean): Walk {
    const field = sgMismatchField(eni.securityGroups, egress, p);
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
  private leaveSubnet(subnet: SubnetNode, p: Packet): Walk {
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
  private route(table: RouteTableNode, p: Packet, from: SubnetNode | undefined): Walk {
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
      const rule = evalSecurityGroups(eni.securityGroups, false, p);
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

  private nat(nat: NatNode, p: Packet, from: SubnetNode | undefined): Walk {
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

  private igwOut(igw: IgwNode, p: Packet): Walk {
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

  private eigwOut(eigw: EigwNode, p: Packet): Walk {
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
  private deliverInto(vpc: VpcNode, p: Packet, via: Node): Walk {
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

  private peering(pcx: PeeringNode, from: VpcNode, p: Packet): Walk {
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

  private gatewayEndpoint(ep: EndpointNode, p: Packet): Walk {
    const h = this.push(hop(ep, ep.vpc));
    h.inbound = p;
    const v = gatewayEndpointForward(ep, p, this.origin);
    if (!v.ok) return this.drop(p, ep, v, { endpoint: ep, vpc: ep.vpc });
    h.outbound = p;
    return this.done(p, { kind: 'service', endpoint: ep });
  }

  // -------------------------------------------------------------------------------------------
  // Hybrid connectivity (D45): VGW ⇄ VPN connection / virtual interface ⇄ on-premises site.

  /** A packet routed to a VGW from its VPC: down the best path it learned, to the site. */
  private vgwOut(vgw: VgwNode, p: Packet): Walk {
    const h = this.push(hop(vgw, vgw.vpc));
    h.inbound = p;
    const where: DropExtras = { vpnGateway: vgw, vpc: vgw.vpc };
    const v = vgwEgress(vgw, p, this.origin);
    if (!v.ok) return this.drop(p, vgw, v, where);
    const r = vgwRoute(vgw, p);
    if (!r) {
      return this.drop(
        p,
        vgw,
        { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
        where,
      );
    }
    h.outbound = p;
    if (r.via.kind === 'direct-connect') {
      const vif = r.via.vif;
      this.push(hop(vif)).inbound = p;
      return vif.site ? this.siteIn(vif.site, p) : this.noSite(vif, p, where);
    }
    const vpn = r.via.vpn;
    const x = this.push(hop(vpn));
    x.inbound = p;
    x.outbound = p;
    const cgw = vpn.customerGateway;
    if (!cgw) return this.noSite(vpn, p, { ...where, vpnConnection: vpn });
    this.push(hop(cgw)).inbound = p;
    return cgw.site
      ? this.siteIn(cgw.site, p)
      : this.noSite(cgw, p, { ...where, vpnConnection: vpn, customerGateway: cgw });
  }

  /** Nothing is modelled behind a customer gateway or virtual interface: the path ends unknown. */
  private noSite(at: Node, p: Packet, where: DropExtras): Walk {
    return this.drop(p, at, { code: 'UNKNOWN_DESTINATION' }, where);
  }

  /** Arrival at a site: delivered when the destination is inside its blocks. */
  private siteIn(site: SiteNode, p: Packet): Walk {
    this.push(hop(site)).inbound = p;
    if (!siteOwns(site, p)) {
      return this.drop(
        p,
        site,
        { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst },
        {},
      );
    }
    return this.done(p, { kind: 'on-premises', site });
  }

  /** A packet leaving an on-premises site: up an uplink to a VGW, then into the VPC. */
  siteOut(site: SiteNode, p: Packet): Walk {
    this.push(hop(site)).outbound = p;
    this.origin = 'vpn';
    const chosen = siteUplink(site, p);
    if (!chosen) {
      return this.drop(
        p,
        site,
        { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
        {},
      );
    }
    const uplink = 'uplink' in chosen ? chosen.uplink : chosen.down;
    if (uplink.via.kind === 'direct-connect') {
      const vif = uplink.via.vif;
      const h = this.push(hop(vif));
      h.inbound = p;
      if (!vif.up) return this.drop(p, vif, { code: 'BAD_STATE', state: 'deleted' }, {});
      h.outbound = p;
      const vgw = vifGateway(uplink.via, p);
      return vgw ? this.vgwIn(vgw, p) : this.noSite(vif, p, {});
    }
    const vpn = uplink.via.vpn;
    if (vpn.customerGateway) this.push(hop(vpn.customerGateway)).outbound = p;
    const h = this.push(hop(vpn));
    h.inbound = p;
    const where: DropExtras = { vpnConnection: vpn, customerGateway: vpn.customerGateway };
    if (!vpn.up)
      return this.drop(
        p,
        vpn,
        { code: 'BAD_STATE_VPN', state: vpn.state === 'available' ? 'DOWN' : vpn.state },
        where,
      );
    h.outbound = p;
    // A VPN to a transit gateway continues in the transit gateway model, not traced here.
    return vpn.vpnGateway ? this.vgwIn(vpn.vpnGateway, p) : this.noSite(vpn, p, where);
  }

  /**
   * Traffic entering a VPC through its VGW: steered by the gateway's edge route table if it has
   * one; else delivered by the local route; else (an address outside the VPC) looked up in the
   * main route table, where the edge-to-edge rules stop it (D45).
   */
  private vgwIn(vgw: VgwNode, p: Packet): Walk {
    const h = this.push(hop(vgw, vgw.vpc));
    h.inbound = p;
    const vpc = vgw.vpc;
    if (!vgw.available || !vpc) {
      return this.drop(
        p,
        vgw,
        { code: 'BAD_STATE', state: vgw.available ? 'detached' : 'deleted' },
        { vpnGateway: vgw },
      );
    }
    h.outbound = p;
    this.origin = 'vpn';
    if (vgw.edgeRouteTable) return this.route(vgw.edgeRouteTable, p, undefined);
    if (addressSetHas(vpc.blocks, p.dst)) {
      const owner = addressOwner(vpc, p.dst);
      if (!owner) {
        return this.drop(
          p,
          vgw,
          {
            code: 'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
            packetField: 'destination-address',
            address: p.dst,
          },
          { vpnGateway: vgw, vpc },
        );
      }
      return this.arrive(owner, p, true);
    }
    if (vgw.mainRouteTable) return this.route(vgw.mainRouteTable, p, undefined);
    return this.drop(
      p,
      vgw,
      { code: 'NO_ROUTE_TO_DESTINATION', packetField: 'destination-address', address: p.dst },
      { vpnGateway: vgw, vpc },
    );
  }

  /** A service's reply coming back through a gateway endpoint into its VPC. */
  serviceReply(ep: EndpointNode, p: Packet): Walk {
    this.push(hop(ep, ep.vpc)).outbound = p;
    this.origin = 'gateway-endpoint';
    if (!ep.vpc) return this.drop(p, ep, { code: 'UNKNOWN_DESTINATION' }, { endpoint: ep });
    return this.deliverInto(ep.vpc, p, ep);
  }

  // ---- Transit gateways (src/dataplane/transit-gateway.ts decides; this wires the hops) ----

  /** Attachments this walk left the gateway by, with the AZ: a later entry there is a hairpin. */
  private readonly tgwExits = new Map<string, string>();

  /**
   * A subnet's route to a transit gateway: into the VPC's attachment in the source's AZ (through
   * the attachment subnet's inbound ACL), then routed by the gateway.
   */
  private tgwFromVpc(
    tgwId: string,
    vpc: VpcNode,
    p: Packet,
    table: RouteTableNode,
    entry: RouteEntry,
    from: SubnetNode | undefined,
  ): Walk {
    const tgw = this.dp.transitGateways.get(tgwId);
    const att = this.dp.vpcAttachments.get(vpcTgwKey(vpc.id, tgwId));
    if (!tgw || !att) {
      return this.unknown(p, table, entry, { routeTable: table, subnet: from, vpc });
    }
    const related: DropExtras = { transitGateway: tgw, tgwAttachment: att, vpc, subnet: from };
    const enter = tgwEntrySubnet(att, from?.availabilityZoneId);
    if (!enter.ok) {
      const h = this.push(hop(att, vpc, from));
      h.transitGateway = tgw;
      h.inbound = p;
      return this.drop(p, att, enter, related);
    }
    const subnet = enter.subnet;
    // AWS evaluates the attachment subnet's inbound rules on traffic into the gateway even
    // when the source sits in that subnet (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html).
    if (subnet.acl) {
      const rule = evalNetworkAcl(subnet.acl, false, p);
      this.ruleHop(subnet.acl, vpc, subnet).aclRule = rule;
      if (!rule.allow) {
        return this.drop(
          p,
          subnet.acl,
          { code: 'SUBNET_ACL_RESTRICTION', direction: 'ingress' },
          { acl: subnet.acl, aclRule: rule, subnet, vpc },
        );
      }
    }
    const h = this.push(hop(att, vpc, subnet));
    h.transitGateway = tgw;
    h.inbound = p;
    this.noteHairpin(att, subnet.availabilityZoneId, h);
    return this.tgwForward(tgw, att, p, subnet.availabilityZoneId);
  }

  /** A packet inside a gateway, having entered through `att`: its route table decides. */
  private tgwForward(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    p: Packet,
    entryAzId: string | undefined,
  ): Walk {
    const related: DropExtras = { transitGateway: tgw, tgwAttachment: att };
    if (++this.routings > MAX_ROUTINGS) return this.drop(p, tgw, { code: 'NO_PATH' }, related);
    if (tgw.state !== 'available') {
      return this.drop(p, tgw, { code: 'BAD_STATE', state: tgw.state }, related);
    }
    const r = tgwRoute(tgw, att, p);
    if (r.table) {
      const h = this.push(hop(r.table));
      h.transitGateway = tgw;
      h.tgwRoute = r.entry;
    }
    if (!r.ok) {
      const where = {
        ...related,
        tgwAttachment: r.behind ?? att,
        tgwRouteTable: r.table,
        tgwRoute: r.entry,
      };
      return this.drop(p, r.table ?? att, r, where);
    }
    const out = r.entry.attachment;
    if (!out || out.state !== 'available') {
      return this.drop(
        p,
        r.table,
        { code: 'TGW_RTB_BAD_STATE_ROUTE', state: out?.state ?? 'blackhole' },
        {
          ...related,
          tgwRouteTable: r.table,
          tgwRoute: r.entry,
        },
      );
    }
    switch (out.resourceType) {
      case 'vpc':
        return this.tgwToVpc(tgw, out, p, entryAzId);
      case 'peering':
        return this.tgwPeering(tgw, out, p);
      case 'vpn':
      case 'direct-connect-gateway': {
        const h = this.push(hop(out));
        h.transitGateway = tgw;
        h.inbound = p;
        return this.drop(
          p,
          out,
          { code: 'UNKNOWN_DESTINATION' },
          { transitGateway: tgw, tgwAttachment: out },
        );
      }
    }
  }

  /** Out of a gateway into a VPC: the attachment ENI of the chosen AZ, then that subnet's table. */
  private tgwToVpc(
    tgw: TgwNode,
    att: TgwAttachmentNode,
    p: Packet,
    entryAzId: string | undefined,
  ): Walk {
    const exit = tgwExitSubnet(att, entryAzId, p);
    const h = this.push(hop(att, att.vpc, exit?.subnet));
    h.transitGateway = tgw;
    h.outbound = p;
    if (!exit || !att.vpc) {
      return this.drop(
        p,
        att,
        { code: 'UNKNOWN_DESTINATION' },
        { transitGateway: tgw, tgwAttachment: att },
      );
    }
    h.azCrossed = exit.crossed;
    this.tgwExits.set(att.id, exit.subnet.availabilityZoneId);
    this.origin = 'transit-gateway';
    return this.leaveSubnet(exit.subnet, p);
  }

  /** Across a peering attachment: the peer gateway routes by its own association of it. */
  private tgwPeering(tgw: TgwNode, att: TgwAttachmentNode, p: Packet): Walk {
    const h = this.push(hop(att));
    h.transitGateway = tgw;
    h.inbound = p;
    h.outbound = p;
    const peerId = att.gatewayIds.find((id) => id !== tgw.id);
    const peer = peerId === undefined ? undefined : this.dp.transitGateways.get(peerId);
    if (!peer) {
      return this.drop(
        p,
        att,
        { code: 'UNKNOWN_DESTINATION' },
        { transitGateway: tgw, tgwAttachment: att },
      );
    }
    this.origin = 'transit-gateway';
    return this.tgwForward(peer, att, p, undefined);
  }

  /**
   * A packet re-entering the gateway through an attachment it left by (an inspection VPC):
   * forward walks record the AZ; the reply's walk flags the hop when it used another AZ and
   * the attachment has no appliance mode — stateful appliances would see half the flow.
   */
  private noteHairpin(att: TgwAttachmentNode, azId: string, h: Hop): void {
    const exitAz = this.tgwExits.get(att.id);
    const azs = this.opts.tgwAzs;
    if (exitAz === undefined || !azs) return;
    if (this.forward) {
      azs.set(att.id, exitAz);
      return;
    }
    const before = azs.get(att.id);
    if (!att.applianceMode && before !== undefined && (before !== exitAz || before !== azId)) {
      h.applianceModeRecommended = true;
    }
  }

  // Elastic Load Balancing v2 (load-balancer.ts decides; this wires it into the walk).

  /** Checks a subnet's ACL for a packet; the drop if it refuses it. */
  private aclCheck(subnet: SubnetNode, egress: boolean, p: Packet): Walk | undefined {
    const acl = subnet.acl;
    if (!acl) return undefined;
    const rule = evalNetworkAcl(acl, egress, p);
    this.ruleHop(acl, subnet.vpc, subnet).aclRule = rule;
    if (rule.allow) return undefined;
    return this.drop(
      p,
      acl,
      { code: 'SUBNET_ACL_RESTRICTION', direction: egress ? 'egress' : 'ingress' },
      { acl, aclRule: rule, subnet, vpc: subnet.vpc },
    );
  }

  /** A reply on its way to the load balancer node: the ACLs between the subnets, then the node. */
  private toLoadBalancerNode(subnet: SubnetNode, node: EniNode, p: Packet): Walk {
    if (node.subnet === subnet) return this.arrive(node, p, false);
    const blocked = this.aclCheck(subnet, true, p);
    return blocked ?? this.arrive(node, p, true, subnet);
  }

  /** The load balancer node a target's reply belongs to, if the packet is one. */
  private elbReplyNode(p: Packet): EniNode | undefined {
    const elb = this.opts.elb;
    return elb && elb.length > 0 ? bindingOfReply(elb, p)?.zone.eni : undefined;
  }

  /**
   * Traffic routed to a GWLB endpoint: into the endpoint's subnet, to the GWLB node of its
   * zone, through an appliance and back (GENEVE leaves the packet unchanged), then out of the
   * endpoint's subnet by its route table.
   */
  private gwlbEndpoint(ep: EndpointNode, p: Packet, from: SubnetNode | undefined): Walk {
    const eni = ep.enis[0];
    if (!eni)
      return this.drop(p, ep, { code: 'UNKNOWN_DESTINATION' }, { endpoint: ep, vpc: ep.vpc });
    const subnet = eni.subnet;
    const blocked = this.aclCheck(subnet, false, p);
    if (blocked) return blocked;
    const h = this.push(hop(ep, ep.vpc, subnet));
    h.inbound = p;
    if (from && from.availabilityZoneId !== subnet.availabilityZoneId) h.azCrossed = true;
    const lb = this.dp.gatewayLoadBalancerOfEndpoint.get(ep.id);
    if (!lb) {
      return this.drop(
        p,
        ep,
        { code: 'BAD_STATE', state: 'unavailable' },
        { endpoint: ep, vpc: ep.vpc },
      );
    }
    const zone = lb.zones.find((z) => z.subnet.availabilityZone === subnet.availabilityZone);
    if (!zone) {
      return this.drop(
        p,
        ep,
        { code: 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ', availabilityZones: [subnet.availabilityZone] },
        { endpoint: ep, vpc: ep.vpc, loadBalancer: lb },
      );
    }
    const inspected = this.gwlbInspect(lb, zone, p);
    if (inspected) return inspected;
    this.push(hop(ep, ep.vpc, subnet)).outbound = p;
    return this.leaveSubnet(subnet, p);
  }

  /** The GWLB picks an appliance (flow hash, same both ways) and the packet goes there and back. */
  private gwlbInspect(lb: LoadBalancerNode, zone: LbZoneNode, p: Packet): Walk | undefined {
    const where = { loadBalancer: lb, vpc: lb.vpc, subnet: zone.subnet };
    const lbHop = this.push(hop(lb, lb.vpc, zone.subnet));
    lbHop.inbound = p;
    const listener = lb.listeners[0];
    if (!listener) return this.drop(p, lb, { code: 'ELBV2_LISTENERS_MISMATCH' }, where);
    lbHop.listener = listener;
    const tg = listener.targetGroups[0];
    if (!tg || tg.targets.length === 0) {
      return this.drop(
        p,
        lb,
        { code: 'ELBV2_LISTENER_HAS_NO_TG' },
        { ...where, listener, targetGroup: tg },
      );
    }
    const target = pickTarget(lb, zone, tg, p);
    if (!target) {
      return this.drop(
        p,
        lb,
        { code: 'ELBV2_NO_TARGETS_IN_AZ', availabilityZones: [zone.zoneName] },
        { ...where, listener, targetGroup: tg },
      );
    }
    lbHop.target = target;
    const tgHop = this.push(hop(tg, lb.vpc));
    tgHop.inbound = p;
    tgHop.outbound = p;
    const appliance = target.eni;
    if (!appliance || !target.ip) {
      return this.drop(
        p,
        tg,
        { code: 'UNKNOWN_DESTINATION' },
        { ...where, targetGroup: tg, target },
      );
    }
    // The node and the appliance talk GENEVE (UDP 6081); ACLs between their subnets and the
    // appliance's security groups see that outer header, both ways, not the inner packet.
    const out = geneve(zone.privateIp, target.ip);
    const back = geneve(target.ip, zone.privateIp);
    if (appliance.subnet !== zone.subnet) {
      const blocked =
        this.aclCheck(zone.subnet, true, out) ??
        this.aclCheck(appliance.subnet, false, out) ??
        undefined;
      if (blocked) return blocked;
    }
    if (this.forward && appliance.securityGroups.length > 0) {
      const rule = evalSecurityGroups(appliance.securityGroups, false, out);
      if (!rule) {
        this.eniHop(appliance, out);
        return this.drop(
          out,
          appliance,
          {
            code: 'GWLB_DESTINATION_PORT_RESTRICTION',
            direction: 'ingress',
            packetField: 'destination-port',
          },
          {
            networkInterface: appliance,
            securityGroups: appliance.securityGroups,
            ...where,
            targetGroup: tg,
            target,
          },
        );
      }
      this.ruleHop(rule.group, appliance.vpc).securityGroupRule = rule;
    }
    if (appliance.instance)
      this.push(hop(appliance.instance, appliance.vpc, appliance.subnet)).inbound = p;
    this.eniHop(appliance, p, p);
    if (appliance.subnet !== zone.subnet) {
      const blocked =
        this.aclCheck(appliance.subnet, true, back) ?? this.aclCheck(zone.subnet, false, back);
      if (blocked) return blocked;
    }
    this.push(hop(lb, lb.vpc, zone.subnet)).outbound = p;
    return undefined;
  }

  /**
   * A packet to a load balancer node: the load balancer's security groups, a listener, a
   * target (own zone unless cross-zone), then a new packet to the target from the client (NLB
   * preserving client addresses) or from the node, leaving the node's subnet.
   */
  /** The NLB an interface endpoint ENI leads to, if it is a PrivateLink endpoint to one. */
  private privateLinkOf(
    eni: EniNode,
  ): { endpoint: EndpointNode; lb: LoadBalancerNode } | undefined {
    if (eni.role.kind !== 'interface-endpoint') return undefined;
    const endpoint = eni.role.endpoint;
    const lb = this.dp.networkLoadBalancerOfEndpoint.get(endpoint.id);
    return lb ? { endpoint, lb } : undefined;
  }

  /**
   * PrivateLink: a connection to an interface endpoint of an NLB service is carried to the
   * NLB's node in the endpoint's zone, which forwards it as it forwards its own clients' (the
   * target sees the node's address: PrivateLink does not preserve client addresses).
   */
  private privateLink(
    eni: EniNode,
    link: { endpoint: EndpointNode; lb: LoadBalancerNode },
    p: Packet,
  ): Walk {
    const { endpoint, lb } = link;
    const h = this.push(hop(endpoint, endpoint.vpc, eni.subnet));
    h.inbound = p;
    h.outbound = p;
    const zone = lb.zones.find((z) => z.zoneName === eni.subnet.availabilityZone);
    if (!zone) {
      return this.drop(
        p,
        endpoint,
        {
          code: 'VPCE_SERVICE_NOT_INSTALLED_IN_AZ',
          availabilityZones: [eni.subnet.availabilityZone],
        },
        { endpoint, vpc: endpoint.vpc, loadBalancer: lb },
      );
    }
    return this.loadBalancer(lb, zone, p, eni);
  }

  private loadBalancer(lb: LoadBalancerNode, zone: LbZoneNode, p: Packet, via?: EniNode): Walk {
    const where = { loadBalancer: lb, vpc: lb.vpc, subnet: zone.subnet };
    if (!this.forward) return this.loadBalancerReply(lb, zone, p);
    if (lb.type === 'gateway') {
      this.push(hop(lb, lb.vpc, zone.subnet)).inbound = p;
      return this.drop(
        p,
        lb,
        { code: 'GWLB_PROTOCOL_RESTRICTION', packetField: 'protocol' },
        where,
      );
    }
    // PrivateLink traffic is not filtered by the NLB's inbound rules here (D58).
    if (lb.securityGroups.length > 0 && !via) {
      const rule = evalSecurityGroups(lb.securityGroups, false, p);
      if (!rule) {
        this.push(hop(lb, lb.vpc, zone.subnet)).inbound = p;
        const field = sgMismatchField(lb.securityGroups, false, p);
        return this.drop(
          p,
          lb,
          { code: 'ENI_SG_RULES_MISMATCH', direction: 'ingress', packetField: field },
          { ...where, securityGroups: lb.securityGroups, networkInterface: zone.eni },
        );
      }
      this.ruleHop(rule.group, lb.vpc).securityGroupRule = rule;
    }
    const lbHop = this.push(hop(lb, lb.vpc, zone.subnet));
    lbHop.inbound = p;
    const listener = listenerFor(lb, p);
    if (!('kind' in listener)) return this.drop(p, lb, listener, where);
    lbHop.listener = listener;
    const tg = listener.targetGroups[0];
    if (!tg || tg.targets.length === 0) {
      return this.drop(
        p,
        lb,
        { code: 'ELBV2_LISTENER_HAS_NO_TG' },
        { ...where, listener, targetGroup: tg },
      );
    }
    const target = pickTarget(lb, zone, tg, p);
    if (!target) {
      return this.drop(
        p,
        lb,
        { code: 'ELBV2_NO_TARGETS_IN_AZ', availabilityZones: [zone.zoneName] },
        { ...where, listener, targetGroup: tg },
      );
    }
    // An `alb` target: the ALB node in the same zone (or any) receives the traffic.
    const alb = target.alb ? this.dp.loadBalancers.get(target.alb) : undefined;
    const ip =
      target.ip ??
      (alb?.zones.find((z) => z.zoneName === zone.zoneName) ?? alb?.zones[0])?.privateIp;
    if (!ip) {
      return this.drop(
        p,
        lb,
        { code: 'UNKNOWN_DESTINATION' },
        { ...where, listener, targetGroup: tg, target },
      );
    }
    const q = toTarget(lb, zone, tg, target, ip, p, via !== undefined);
    lbHop.target = target;
    lbHop.outbound = q;
    const tgHop = this.push(hop(tg, lb.vpc));
    tgHop.inbound = q;
    this.opts.elb?.push({ lb, zone, client: p, toTarget: q, via });
    if (lb.securityGroups.length > 0) {
      const rule = evalSecurityGroups(lb.securityGroups, true, q);
      if (!rule) {
        const field = sgMismatchField(lb.securityGroups, true, q);
        return this.drop(
          q,
          lb,
          { code: 'ENI_SG_RULES_MISMATCH', direction: 'egress', packetField: field },
          { ...where, securityGroups: lb.securityGroups, networkInterface: zone.eni },
        );
      }
      this.ruleHop(rule.group, lb.vpc).securityGroupRule = rule;
    }
    return this.leaveSubnet(zone.subnet, q);
  }

  /** A target's reply at the load balancer: translated back to the client's connection. */
  private loadBalancerReply(lb: LoadBalancerNode, zone: LbZoneNode, p: Packet): Walk {
    const h = this.push(hop(lb, lb.vpc, zone.subnet));
    h.inbound = p;
    const b = bindingOfReply(this.opts.elb ?? [], p);
    if (!b) {
      return this.drop(
        p,
        lb,
        { code: 'NO_POSSIBLE_DESTINATION', packetField: 'destination-address', address: p.dst },
        { loadBalancer: lb, vpc: lb.vpc, subnet: zone.subnet },
      );
    }
    const back = replyTo(b.client);
    h.outbound = back;
    if (!b.via) return this.leaveSubnet(zone.subnet, back);
    // PrivateLink: the reply comes out of the endpoint the client connected to.
    const ep = b.via.role.kind === 'interface-endpoint' ? b.via.role.endpoint : undefined;
    if (ep) this.push(hop(ep, ep.vpc, b.via.subnet)).outbound = back;
    this.eniHop(b.via, undefined, back);
    return this.leaveSubnet(b.via.subnet, back);
  }
}
