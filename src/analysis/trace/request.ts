import { Ip, type Family } from '../../net/index.js';
import {
  ICMP_ECHO,
  PROTOCOL,
  hasPorts,
  isIcmp,
  type Dataplane,
  type EigwNode,
  type EndpointNode,
  type EniNode,
  type Endpoint,
  type IgwNode,
  type LoadBalancerNode,
  type Node,
  type Packet,
  type SiteNode,
} from '../../dataplane/index.js';
import type { TraceRequest } from './types.js';

/**
 * Resolving a trace request against the graph: which component starts the path, what counts
 * as arriving, and the concrete first packet. Problems with the request itself (unknown ids,
 * missing addresses) are the analysis failing, as RA reports them, not an unreachable path.
 */

/** An address on "the internet" when the request names none (documentation ranges, RFC 5737/3849). */
export const INTERNET_HOST: Record<Family, Ip> = {
  4: Ip.parse('192.0.2.1') as Ip,
  6: Ip.parse('2001:db8::1') as Ip,
};

/** The client port when the request names none: inside every common ephemeral range. */
export const DEFAULT_SOURCE_PORT = 49152;

/** What a request's source resolves to: where the walk starts and the component RA names. */
export interface ResolvedSource {
  readonly start: Endpoint;
  readonly component: Node;
}

/** What counts as the destination: ENIs (any of them), a gateway to the internet, a service, or anything. */
export type Goal =
  | { readonly kind: 'eni'; readonly enis: readonly EniNode[]; readonly component: Node }
  | { readonly kind: 'internet'; readonly gateway: IgwNode | EigwNode }
  | { readonly kind: 'service'; readonly endpoint: EndpointNode }
  | {
      readonly kind: 'load-balancer';
      readonly lb: LoadBalancerNode;
      readonly enis: readonly EniNode[];
      /** PrivateLink: the interface endpoint the load balancer is reached through. */
      readonly via?: EndpointNode;
    }
  | { readonly kind: 'on-premises'; readonly site: SiteNode }
  | { readonly kind: 'any' };

/** A request resolved: start, goal and the first packet. */
export interface Resolved {
  readonly source: ResolvedSource;
  readonly goal: Goal;
  readonly packet: Packet;
}

type Failure = { readonly error: string };

/** The id family of a component id, by its prefix (no allocation: this runs per trace). */
function idPrefix(id: string): string {
  if (id.startsWith('i-')) return 'i';
  if (id.startsWith('eni-')) return 'eni';
  if (id.startsWith('igw-')) return 'igw';
  if (id.startsWith('eigw-')) return 'eigw';
  if (id.startsWith('vpce-')) return 'vpce';
  if (id.startsWith('onprem-')) return 'onprem';
  return '';
}

function resolveSource(dp: Dataplane, id: string): ResolvedSource | Failure {
  switch (idPrefix(id)) {
    case 'i': {
      const instance = dp.instances.get(id);
      const eni = instance?.enis[0];
      if (!instance) return { error: `The instance '${id}' does not exist` };
      if (!eni) return { error: `The instance '${id}' has no network interface` };
      return { start: { kind: 'eni', eni }, component: instance };
    }
    case 'eni': {
      const eni = dp.enis.get(id);
      if (!eni) return { error: `The network interface '${id}' does not exist` };
      if (eni.role.kind === 'nat-gateway')
        return {
          error: `The network interface '${id}' belongs to a NAT gateway and cannot be a source`,
        };
      return { start: { kind: 'eni', eni }, component: eni };
    }
    case 'igw': {
      const gateway = dp.internetGateways.get(id);
      if (!gateway) return { error: `The internet gateway '${id}' does not exist` };
      return { start: { kind: 'internet-gateway', gateway }, component: gateway };
    }
    case 'eigw': {
      const gateway = dp.egressOnlyInternetGateways.get(id);
      if (!gateway) return { error: `The egress-only internet gateway '${id}' does not exist` };
      return { start: { kind: 'egress-only-internet-gateway', gateway }, component: gateway };
    }
    case 'vpce': {
      const endpoint = dp.endpoints.get(id);
      if (!endpoint) return { error: `The VPC endpoint '${id}' does not exist` };
      const eni = endpoint.enis[0];
      if (endpoint.endpointType !== 'Interface' || !eni) {
        return {
          error: `The VPC endpoint '${id}' is not an interface endpoint and cannot be a source`,
        };
      }
      return { start: { kind: 'eni', eni }, component: endpoint };
    }
    case 'onprem': {
      const site = dp.hybrid.sites.get(id);
      if (!site) return { error: `The on-premises site '${id}' does not exist` };
      return { start: { kind: 'on-premises', site }, component: site };
    }
  }
  return {
    error: `'${id}' is not a supported source (instance, network interface, internet gateway, VPC endpoint or on-premises site)`,
  };
}

/** A load balancer by ARN or DNS name: a trace to it may end at any of its targets. */
function loadBalancerGoal(dp: Dataplane, id: string): Goal | Failure | undefined {
  const byArn = id.startsWith('arn:') ? dp.loadBalancers.get(id) : undefined;
  const lower = id.toLowerCase();
  const lb =
    byArn ??
    (lower.endsWith('.amazonaws.com')
      ? [...dp.loadBalancers.values()].find((l) => l.dnsName.toLowerCase() === lower)
      : undefined);
  if (!lb) {
    return id.startsWith('arn:aws:elasticloadbalancing:') || lower.endsWith('.amazonaws.com')
      ? { error: `The load balancer '${id}' does not exist` }
      : undefined;
  }
  const enis: EniNode[] = [];
  for (const l of lb.listeners) {
    for (const tg of l.targetGroups) for (const t of tg.targets) if (t.eni) enis.push(t.eni);
  }
  return { kind: 'load-balancer', lb, enis };
}

function resolveGoal(dp: Dataplane, id: string | undefined): Goal | Failure {
  if (id === undefined) return { kind: 'any' };
  const lb = loadBalancerGoal(dp, id);
  if (lb) return lb;
  switch (idPrefix(id)) {
    case 'i': {
      const instance = dp.instances.get(id);
      if (!instance) return { error: `The instance '${id}' does not exist` };
      if (instance.enis.length === 0)
        return { error: `The instance '${id}' has no network interface` };
      return { kind: 'eni', enis: instance.enis, component: instance };
    }
    case 'eni': {
      const eni = dp.enis.get(id);
      if (!eni) return { error: `The network interface '${id}' does not exist` };
      return { kind: 'eni', enis: [eni], component: eni };
    }
    case 'igw': {
      const gateway = dp.internetGateways.get(id);
      return gateway
        ? { kind: 'internet', gateway }
        : { error: `The internet gateway '${id}' does not exist` };
    }
    case 'eigw': {
      const gateway = dp.egressOnlyInternetGateways.get(id);
      return gateway
        ? { kind: 'internet', gateway }
        : { error: `The egress-only internet gateway '${id}' does not exist` };
    }
    case 'vpce': {
      const endpoint = dp.endpoints.get(id);
      if (!endpoint) return { error: `The VPC endpoint '${id}' does not exist` };
      if (endpoint.endpointType === 'Gateway') return { kind: 'service', endpoint };
      // PrivateLink to an NLB: reached at the endpoint, ending at one of the NLB's targets.
      const nlb = dp.networkLoadBalancerOfEndpoint.get(id);
      if (nlb) {
        const lb = loadBalancerGoal(dp, nlb.id);
        if (lb && 'kind' in lb && lb.kind === 'load-balancer') return { ...lb, via: endpoint };
      }
      if (endpoint.enis.length === 0)
        return { error: `The VPC endpoint '${id}' has no network interface` };
      return { kind: 'eni', enis: endpoint.enis, component: endpoint };
    }
    case 'onprem': {
      const site = dp.hybrid.sites.get(id);
      return site
        ? { kind: 'on-premises', site }
        : { error: `The on-premises site '${id}' does not exist` };
    }
  }
  return { error: `'${id}' is not a supported destination` };
}

/** A site's address when the request names none: its first host, else the first address of its first block. */
function siteAddress(site: SiteNode, family: Family): Ip | undefined {
  for (const ip of site.hosts.values()) if (ip.family === family) return ip;
  const block = site.cidrs.find((c) => c.family === family);
  return block ? (block.nth(1n) ?? block.first) : undefined;
}

const addressOf = (eni: EniNode, family: Family): Ip | undefined =>
  family === 4 ? eni.v4[0] : eni.v6[0];

/** The family of the trace: the one given, else IPv4 when both ends have IPv4, else IPv6. */
function pickFamily(req: TraceRequest, src: ResolvedSource, goal: Goal): Family {
  if (req.destinationIp) return req.destinationIp.family;
  if (req.sourceIp) return req.sourceIp.family;
  const srcV4 = src.start.kind !== 'eni' || src.start.eni.v4.length > 0;
  const dstV4 = goal.kind !== 'eni' || goal.enis.some((e) => e.v4.length > 0);
  return srcV4 && dstV4 ? 4 : 6;
}

/** The destination address: given, else the goal's primary address (its public IP from the internet). */
function destinationAddress(
  req: TraceRequest,
  src: ResolvedSource,
  goal: Goal,
  family: Family,
): Ip | Failure {
  if (req.destinationIp) return req.destinationIp;
  switch (goal.kind) {
    case 'any':
      return { error: 'Either a destination or a destination IP address is required' };
    case 'on-premises':
      return (
        siteAddress(goal.site, family) ?? {
          error: `The site '${goal.site.id}' has no IPv${family} host`,
        }
      );
    case 'internet':
      return INTERNET_HOST[family];
    case 'load-balancer': {
      if (goal.via) {
        const srcAz =
          src.start.kind === 'eni' ? src.start.eni.subnet.availabilityZoneId : undefined;
        const eni =
          goal.via.enis.find((e) => e.subnet.availabilityZoneId === srcAz && e.v4[0]) ??
          goal.via.enis.find((e) => e.v4[0]);
        return eni?.v4[0] ?? { error: `The VPC endpoint '${goal.via.id}' has no IPv4 address` };
      }
      // The node in the source's zone (the DNS name answers every node), else the first.
      const srcAz = src.start.kind === 'eni' ? src.start.eni.subnet.availabilityZone : undefined;
      const zone = goal.lb.zones.find((z) => z.zoneName === srcAz) ?? goal.lb.zones[0];
      // A dualstack node answers on its IPv6 address too, untranslated from the internet (D88).
      const nodeIp = family === 4 ? zone?.privateIp : zone?.privateIp6;
      if (!zone || !nodeIp) return { error: `The load balancer has no IPv${family} address` };
      if (family === 4 && src.start.kind === 'internet-gateway')
        return zone.eni.publicIps?.get(Number(zone.privateIp.value)) ?? zone.privateIp;
      return nodeIp;
    }
    case 'service': {
      const first = (
        family === 4 ? goal.endpoint.serviceAddresses.v4 : goal.endpoint.serviceAddresses.v6
      ).first();
      return first ?? { error: `The service of '${goal.endpoint.id}' has no IPv${family} address` };
    }
    case 'eni': {
      // An interface endpoint answers in every AZ; prefer its ENI in the source's AZ.
      const srcAz = src.start.kind === 'eni' ? src.start.eni.subnet.availabilityZoneId : undefined;
      const eni =
        goal.enis.find((e) => e.subnet.availabilityZoneId === srcAz && addressOf(e, family)) ??
        goal.enis.find((e) => addressOf(e, family));
      const ip = eni && addressOf(eni, family);
      if (!eni || !ip) return { error: `The destination has no IPv${family} address` };
      if (family === 4 && src.start.kind === 'internet-gateway')
        return eni.publicIps?.get(Number(ip.value)) ?? ip;
      return ip;
    }
  }
}

function sourceAddress(req: TraceRequest, src: ResolvedSource, family: Family): Ip | Failure {
  if (req.sourceIp) return req.sourceIp;
  if (src.start.kind === 'on-premises') {
    return (
      siteAddress(src.start.site, family) ?? {
        error: `The site '${src.start.site.id}' has no IPv${family} host`,
      }
    );
  }
  if (src.start.kind !== 'eni') return INTERNET_HOST[family];
  return addressOf(src.start.eni, family) ?? { error: `The source has no IPv${family} address` };
}

function protocolOf(p: TraceRequest['protocol'], family: Family): number | undefined {
  if (p === 'tcp') return PROTOCOL.tcp;
  if (p === 'udp') return PROTOCOL.udp;
  if (p === 'icmp') return family === 4 ? PROTOCOL.icmp : PROTOCOL.icmpv6;
  return Number.isInteger(p) && p >= 0 && p <= 255 ? p : undefined;
}

const validPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;

/** Resolves a request, or says why it cannot be analysed. */
export function resolveRequest(dp: Dataplane, req: TraceRequest): Resolved | Failure {
  const source = resolveSource(dp, req.source);
  if ('error' in source) return source;
  const goal = resolveGoal(dp, req.destination);
  if ('error' in goal) return goal;
  if (source.start.kind !== 'eni' && goal.kind === 'internet') {
    return { error: 'The source and the destination cannot both be on the internet' };
  }
  const family = pickFamily(req, source, goal);
  const src = sourceAddress(req, source, family);
  if ('error' in src) return src;
  if (
    source.start.kind === 'on-premises' &&
    !source.start.site.cidrs.some((c) => c.contains(src))
  ) {
    return {
      error: `The address ${src.toString()} is not inside the on-premises site '${source.start.site.id}'`,
    };
  }
  const dst = destinationAddress(req, source, goal, family);
  if ('error' in dst) return dst;
  if (src.family !== dst.family)
    return { error: 'The source and destination addresses are of different families' };
  const protocol = protocolOf(req.protocol, family);
  if (protocol === undefined)
    return { error: `The protocol '${String(req.protocol)}' is not valid` };
  let srcPort: number | undefined;
  let dstPort: number | undefined;
  let icmpType: number | undefined;
  let icmpCode: number | undefined;
  if (hasPorts(protocol)) {
    dstPort = req.destinationPort;
    srcPort = req.sourcePort ?? DEFAULT_SOURCE_PORT;
    if (dstPort === undefined) return { error: 'A destination port is required for TCP and UDP' };
    if (!validPort(dstPort) || !validPort(srcPort))
      return { error: 'Ports must be between 0 and 65535' };
  } else if (isIcmp(protocol)) {
    icmpType = req.icmpType ?? ICMP_ECHO[family].request;
    icmpCode = req.icmpCode ?? 0;
  }
  const packet: Packet = { src, dst, protocol, srcPort, dstPort, icmpType, icmpCode };
  return { source, goal, packet };
}
