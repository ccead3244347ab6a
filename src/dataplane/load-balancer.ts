import { Ip } from '../net/index.js';
import { attributeValue } from '../model/load-balancer.js';
import type { Snapshot } from '../model/snapshot.js';
import { targetHealth, targetZone } from '../model/target-health.js';
import type { TargetGroup } from '../model/target-group.js';
import { listenerTargetGroups } from '../model/listener.js';
import { addressOwner } from './eni.js';
import type { Refusal } from './explanation.js';
import {
  nodeBase,
  type EndpointNode,
  type EniNode,
  type LbZoneNode,
  type ListenerNode,
  type LoadBalancerNode,
  type SgNode,
  type SubnetNode,
  type TargetGroupNode,
  type TargetNode,
  type VpcNode,
} from './graph.js';
import { flowHash, PROTOCOL, type Packet } from './packet.js';

/**
 * Elastic Load Balancing v2 in the graph: load balancer nodes (one ENI per zone), listeners,
 * target groups and targets, compiled once; and the decisions a load balancer makes per packet
 * — which listener takes it, which target gets it (a deterministic flow hash over the eligible
 * healthy targets), and what source address the target sees.
 */

/** The maps compile() needs from the rest of the graph. */
interface Graph {
  readonly vpcs: ReadonlyMap<string, VpcNode>;
  readonly subnets: ReadonlyMap<string, SubnetNode>;
  readonly enis: ReadonlyMap<string, EniNode>;
  readonly securityGroups: ReadonlyMap<string, SgNode>;
  readonly endpoints: ReadonlyMap<string, EndpointNode>;
}

const boolAttr = (v: string | undefined): boolean | undefined =>
  v === 'true' ? true : v === 'false' ? false : undefined;

function compileTargetGroup(s: Snapshot, tg: TargetGroup, g: Graph): TargetGroupNode {
  const vpc = g.vpcs.get(tg.vpcId);
  const targets: TargetNode[] = tg.targets.map((t) => {
    let eni: EniNode | undefined;
    let ip: Ip | undefined;
    if (tg.targetType === 'instance') {
      const primary = s
        .find('networkInterfacesByInstance', t.id)
        .find((n) => n.attachment?.deviceIndex === 0);
      eni = primary ? g.enis.get(primary.id) : undefined;
      ip = tg.ipAddressType === 'ipv6' ? eni?.v6[0] : eni?.v4[0];
    } else if (tg.targetType === 'ip') {
      ip = Ip.parse(t.id);
      eni = ip && vpc ? addressOwner(vpc, ip) : undefined;
    }
    return {
      id: t.id,
      port: t.port,
      zone: targetZone(s, tg, t),
      ip,
      eni,
      alb: tg.targetType === 'alb' ? t.id : undefined,
      healthy: targetHealth(s, tg, t).state === 'healthy',
    };
  });
  const stickiness = attributeValue(tg, 'stickiness.type');
  const sticky = attributeValue(tg, 'stickiness.enabled') === 'true';
  return {
    ...nodeBase(tg),
    kind: 'target-group',
    protocol: tg.protocol,
    port: tg.port,
    targetType: tg.targetType,
    preserveClientIp: attributeValue(tg, 'preserve_client_ip.enabled') !== 'false',
    crossZone: boolAttr(attributeValue(tg, 'load_balancing.cross_zone.enabled')),
    tuple:
      sticky && stickiness === 'source_ip_dest_ip'
        ? 2
        : sticky && stickiness === 'source_ip_dest_ip_proto'
          ? 3
          : 5,
    targets,
    ipAddressType: tg.ipAddressType,
  };
}

/** Compiles every load balancer; node ENIs take the `load-balancer` role, GWLB endpoints theirs. */
export function compileLoadBalancers(
  s: Snapshot,
  g: Graph,
): {
  loadBalancers: Map<string, LoadBalancerNode>;
  gatewayLoadBalancerOfEndpoint: Map<string, LoadBalancerNode>;
  networkLoadBalancerOfEndpoint: Map<string, LoadBalancerNode>;
} {
  const groups = new Map<string, TargetGroupNode>();
  for (const tg of s.all('target-group')) groups.set(tg.id, compileTargetGroup(s, tg, g));
  const loadBalancers = new Map<string, LoadBalancerNode>();
  for (const lb of s.all('load-balancer')) {
    const vpc = g.vpcs.get(lb.vpcId);
    if (!vpc) continue;
    const zones: LbZoneNode[] = [];
    for (const z of lb.availabilityZones) {
      const subnet = g.subnets.get(z.subnetId);
      const eni = g.enis.get(z.networkInterfaceId);
      const address = z.loadBalancerAddresses[0];
      if (subnet && eni && address) {
        zones.push({
          zoneName: z.zoneName,
          subnet,
          eni,
          privateIp: address.privateIPv4Address,
          privateIp6: address.iPv6Address,
        });
      }
    }
    const listeners: ListenerNode[] = s.find('listenersByLoadBalancer', lb.id).map((l) => ({
      ...nodeBase(l),
      kind: 'listener',
      protocol: l.protocol,
      port: l.port,
      targetGroups: listenerTargetGroups(l).flatMap((arn) => groups.get(arn) ?? []),
      ruleCount: l.rules?.length ?? 0,
    }));
    const node: LoadBalancerNode = {
      ...nodeBase(lb),
      name: lb.loadBalancerName,
      kind: 'load-balancer',
      type: lb.type,
      dnsName: lb.dnsName,
      vpc,
      zones,
      listeners,
      crossZone: attributeValue(lb, 'load_balancing.cross_zone.enabled') === 'true',
      securityGroups: lb.securityGroups.flatMap((id) => g.securityGroups.get(id) ?? []),
    };
    for (const z of zones) z.eni.role = { kind: 'load-balancer', lb: node, zone: z };
    loadBalancers.set(lb.id, node);
  }
  const gatewayLoadBalancerOfEndpoint = new Map<string, LoadBalancerNode>();
  const networkLoadBalancerOfEndpoint = new Map<string, LoadBalancerNode>();
  for (const ep of g.endpoints.values()) {
    if (ep.endpointType === 'Interface') {
      // PrivateLink to an NLB: only an accepted endpoint carries traffic.
      const service = s.find('vpcEndpointServiceByName', ep.serviceName)[0];
      const nlb = service && loadBalancers.get(service.networkLoadBalancerArns[0] ?? '');
      if (nlb && s.get('vpc-endpoint', ep.id)?.state === 'available') {
        networkLoadBalancerOfEndpoint.set(ep.id, nlb);
      }
      continue;
    }
    if (ep.endpointType !== 'GatewayLoadBalancer') continue;
    for (const eni of ep.enis) eni.role = { kind: 'gwlb-endpoint', endpoint: ep };
    const service = s.find('vpcEndpointServiceByName', ep.serviceName)[0];
    const lb = service && loadBalancers.get(service.gatewayLoadBalancerArns[0] ?? '');
    // An endpoint the service has not accepted carries nothing (the walk reports BAD_STATE).
    if (lb && s.get('vpc-endpoint', ep.id)?.state === 'available') {
      gatewayLoadBalancerOfEndpoint.set(ep.id, lb);
    }
  }
  return { loadBalancers, gatewayLoadBalancerOfEndpoint, networkLoadBalancerOfEndpoint };
}

/** The IP protocols a listener protocol carries. */
function carries(protocol: string | undefined, ipProtocol: number): boolean {
  if (protocol === 'UDP') return ipProtocol === PROTOCOL.udp;
  if (protocol === 'TCP_UDP') return ipProtocol === PROTOCOL.udp || ipProtocol === PROTOCOL.tcp;
  return ipProtocol === PROTOCOL.tcp;
}

/** The listener that takes a packet, or the refusal RA gives (ELBV2_LISTENER* codes). */
export function listenerFor(lb: LoadBalancerNode, p: Packet): ListenerNode | Refusal {
  if (lb.listeners.length === 0)
    return { code: 'ELBV2_LISTENERS_MISMATCH', packetField: 'destination-port' };
  const onPort = lb.listeners.filter((l) => l.port === p.dstPort);
  if (onPort.length === 0)
    return { code: 'ELBV2_LISTENER_PORT_RESTRICTION', packetField: 'destination-port' };
  const l = onPort.find((x) => carries(x.protocol, p.protocol));
  return l ?? { code: 'ELBV2_LISTENERS_MISMATCH', packetField: 'protocol' };
}

/**
 * The target a flow goes to: among the group's healthy targets, those the node may use
 * (its own zone, or any with cross-zone load balancing; an address outside the VPC is in
 * every zone), picked by the flow hash. Undefined when none is eligible.
 */
export function pickTarget(
  lb: LoadBalancerNode,
  zone: LbZoneNode,
  tg: TargetGroupNode,
  p: Packet,
): TargetNode | undefined {
  const crossZone = tg.crossZone ?? lb.crossZone;
  const eligible = tg.targets.filter(
    (t) => t.healthy && (crossZone || t.zone === 'all' || t.zone === zone.zoneName),
  );
  if (eligible.length === 0) return undefined;
  return eligible[flowHash(p, tg.tuple) % eligible.length];
}

/** A load balancer connection, remembered so its replies are translated back. */
export interface ElbBinding {
  readonly lb: LoadBalancerNode;
  readonly zone: LbZoneNode;
  /** The packet as the client sent it, and as the target received it. */
  readonly client: Packet;
  readonly toTarget: Packet;
  /** PrivateLink: the interface endpoint ENI the client reached; replies leave from there. */
  readonly via?: EniNode | undefined;
  /** The target group the flow went to. */
  readonly tg?: TargetGroupNode | undefined;
}

/**
 * The address a load balancer node sends a target's traffic to: the target's own, or for an
 * `alb` target the ALB's node in the same zone (or any).
 */
export function targetAddress(
  loadBalancers: ReadonlyMap<string, LoadBalancerNode>,
  target: TargetNode,
  zone: LbZoneNode,
): Ip | undefined {
  if (target.ip) return target.ip;
  const alb = target.alb ? loadBalancers.get(target.alb) : undefined;
  return (alb?.zones.find((z) => z.zoneName === zone.zoneName) ?? alb?.zones[0])?.privateIp;
}

/**
 * The packet a target receives: addressed to the target on its port; from the client when the
 * NLB preserves client addresses, else from the node (ALBs always proxy).
 */
export function toTarget(
  lb: LoadBalancerNode,
  zone: LbZoneNode,
  tg: TargetGroupNode,
  t: TargetNode,
  ip: Ip,
  p: Packet,
  privateLink = false,
): Packet {
  // Client addresses are not preserved across PrivateLink, nor from one family to the other:
  // the node speaks to the target in the group's family (D87).
  const preserve =
    lb.type === 'network' && tg.preserveClientIp && !privateLink && p.src.family === ip.family;
  const node = ip.family === 6 ? (zone.privateIp6 ?? zone.privateIp) : zone.privateIp;
  return {
    src: preserve ? p.src : node,
    dst: ip,
    protocol: p.protocol,
    srcPort: p.srcPort,
    dstPort: t.port,
    icmpType: undefined,
    icmpCode: undefined,
  };
}

/** The binding a reply from a target belongs to, if any. */
export function bindingOfReply(bindings: readonly ElbBinding[], p: Packet): ElbBinding | undefined {
  return bindings.find(
    (b) =>
      b.toTarget.dst.equals(p.src) &&
      b.toTarget.src.equals(p.dst) &&
      b.toTarget.dstPort === p.srcPort &&
      b.toTarget.srcPort === p.dstPort &&
      b.toTarget.protocol === p.protocol,
  );
}

/** The GENEVE packet between a GWLB node and an appliance (UDP 6081 both ways). */
export function geneve(from: Ip, to: Ip): Packet {
  return {
    src: from,
    dst: to,
    protocol: PROTOCOL.udp,
    srcPort: 6081,
    dstPort: 6081,
    icmpType: undefined,
    icmpCode: undefined,
  };
}
