import { evalSecurityGroups, fromInterface, sgMismatchField } from './eni.js';
import type { EndpointNode, EniNode, LbZoneNode, LoadBalancerNode, SubnetNode } from './graph.js';
import { replyTo, type Packet } from './packet.js';
import {
  bindingOfReply,
  geneve,
  listenerFor,
  pickTarget,
  targetAddress,
  toTarget,
} from './load-balancer.js';
import { selectTarget } from './load-balancer-target.js';
import { evalNetworkAcl } from './subnet.js';
import { hop, type Walk } from './path.js';
import { TgwWalker } from './forward-transit-gateway.js';

/**
 * The walk through Elastic Load Balancing v2 (load-balancer.ts decides; this wires it in): GWLB
 * inspection, NLB/ALB listeners and targets, PrivateLink. The last link of the walker chain, so
 * the concrete walker `walk` runs.
 */
export class Walker extends TgwWalker {
  // Elastic Load Balancing v2 (load-balancer.ts decides; this wires it into the walk).

  /** Checks a subnet's ACL for a packet; the drop if it refuses it. */
  protected aclCheck(subnet: SubnetNode, egress: boolean, p: Packet): Walk | undefined {
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
  protected toLoadBalancerNode(subnet: SubnetNode, node: EniNode, p: Packet): Walk {
    if (node.subnet === subnet) return this.arrive(node, p, false);
    const blocked = this.aclCheck(subnet, true, p);
    return blocked ?? this.arrive(node, p, true, subnet);
  }

  /** The load balancer node a target's reply belongs to, if the packet is one. */
  protected elbReplyNode(p: Packet): EniNode | undefined {
    const elb = this.opts.elb;
    return elb && elb.length > 0 ? bindingOfReply(elb, p)?.zone.eni : undefined;
  }

  /**
   * Traffic routed to a GWLB endpoint: into the endpoint's subnet, to the GWLB node of its
   * zone, through an appliance and back (GENEVE leaves the packet unchanged), then out of the
   * endpoint's subnet by its route table.
   */
  protected gwlbEndpoint(ep: EndpointNode, p: Packet, from: SubnetNode | undefined): Walk {
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
  protected gwlbInspect(lb: LoadBalancerNode, zone: LbZoneNode, p: Packet): Walk | undefined {
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
  protected privateLinkOf(
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
  protected privateLink(
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

  protected loadBalancer(lb: LoadBalancerNode, zone: LbZoneNode, p: Packet, via?: EniNode): Walk {
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
      const sent = fromInterface(this.origin);
      const rule = evalSecurityGroups(lb.securityGroups, false, p, sent);
      if (!rule) {
        this.push(hop(lb, lb.vpc, zone.subnet)).inbound = p;
        const field = sgMismatchField(lb.securityGroups, false, p, sent);
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
    const choice = selectTarget(lb, zone, listener, p, this.opts.elbGoal, via !== undefined);
    if (!choice.ok) {
      return this.drop(p, lb, choice.refusal, {
        ...where,
        listener,
        targetGroup: choice.tg,
        target: choice.target,
      });
    }
    const { tg, target } = choice;
    const ip = targetAddress(this.dp.loadBalancers, target, zone);
    if (!ip) {
      return this.drop(
        p,
        lb,
        { code: 'UNKNOWN_DESTINATION' },
        { ...where, listener, targetGroup: tg, target },
      );
    }
    const q = toTarget(lb, zone, tg, target, ip, p, via !== undefined);
    // A node that opens its own connection sends from its interface, in its VPC (D149); one
    // that keeps the client's address forwards what the client sent.
    if (!q.src.equals(p.src)) this.origin = 'vpc';
    lbHop.target = target;
    lbHop.outbound = q;
    const tgHop = this.push(hop(tg, lb.vpc));
    tgHop.inbound = q;
    this.opts.elb?.push({ lb, zone, client: p, toTarget: q, via, tg });
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
  protected loadBalancerReply(lb: LoadBalancerNode, zone: LbZoneNode, p: Packet): Walk {
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
