import type { AccessFinding, PacketHeaderStatement } from '../../src/analysis/access/index.js';
import {
  compile,
  walk,
  PROTOCOL,
  type Dataplane,
  type Endpoint,
  type EniNode,
  type Node,
  type Packet,
  type Walk,
} from '../../src/dataplane/index.js';
import { Ip, type Cidr, type Header, type Span } from '../../src/net/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { INTERNET_HOST } from './access-networks.js';

/**
 * Brute force for the access analyzer's property tests: a finite universe of packets that
 * hits every boundary of the drawn networks (every address a rule, route or owner names, and
 * the ports either side of every rule's port boundaries), each traced by the concrete walker.
 */

/** A topology file's text loaded as `vpctwin trace FILE` loads it, compiled. */
export function dataplaneOf(yaml: string): Dataplane {
  const parsed = parseTopology('drawn.yaml', yaml);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!loaded.ok) throw new Error(`${formatProblem(loaded.error)}\n${yaml}`);
  return compile(store.snapshot);
}

/**
 * Both ends of every class of destination ports `RULE_PORTS` tell apart (0–21, 22, 23–79, 80,
 * 81–442, 443, 444–1023, 1024–65535).
 */
export const PROBE_PORTS = [0, 21, 22, 23, 79, 80, 81, 442, 443, 444, 1023, 1024, 65535];
/** Client ports, taken in turn: either side of the NAT gateway's remap boundary (< 1024). */
export const PROBE_SOURCE_PORTS = [40000, 1023, 1024, 0];
/** ICMP (type, code) by family: echo request, destination unreachable, echo reply. */
export const PROBE_ICMP: Record<4 | 6, readonly (readonly [number, number])[]> = {
  4: [
    [8, 0],
    [3, 4],
    [0, 0],
  ],
  6: [
    [128, 0],
    [1, 4],
    [129, 0],
  ],
};
/** A protocol only `all` rules admit (GRE). */
export const PROBE_OTHER_PROTOCOL = 47;

/** Where traffic starts: an interface (its own addresses) or the internet behind a gateway. */
export interface ProbeSource {
  readonly node: Node;
  readonly start: Endpoint;
  readonly addresses: readonly Ip[];
  /** Where it sends to. */
  readonly destinations: readonly Ip[];
}

const ip = (text: string): Ip => {
  const x = Ip.parse(text);
  if (!x) throw new Error(`bad address ${text}`);
  return x;
};

/** ENIs a scope may start at (not those a NAT gateway, load balancer or endpoint owns). */
export const eligible = (eni: EniNode): boolean =>
  eni.role.kind === 'interface' || eni.role.kind === 'other';

/** The sources of the universe: every eligible ENI, and every internet gateway. */
export function probeSources(dp: Dataplane): ProbeSource[] {
  const out: ProbeSource[] = [];
  const everywhere = probeDestinations(dp);
  const fromInternet = internetDestinations(dp);
  for (const eni of dp.enis.values()) {
    if (eligible(eni))
      out.push({
        node: eni,
        start: { kind: 'eni', eni },
        addresses: [...eni.v4, ...eni.v6],
        destinations: everywhere,
      });
  }
  for (const igw of dp.internetGateways.values()) {
    out.push({
      node: igw,
      start: { kind: 'internet-gateway', gateway: igw },
      // Internet hosts, and a private address the gateway refuses.
      addresses: [ip(INTERNET_HOST), ip('8.8.8.8'), ip('10.9.0.1'), ip('2001:db8::1')],
      destinations: fromInternet,
    });
  }
  return out;
}

/**
 * Destinations: every owned, public and NAT address, the edges of every block a rule or route
 * names, unowned addresses inside subnets and VPCs, and the outside.
 */
export function probeDestinations(dp: Dataplane): Ip[] {
  const seen = new Map<string, Ip>();
  const add = (x: Ip) => seen.set(x.toString(), x);
  for (const eni of dp.enis.values()) [...eni.v4, ...eni.v6].forEach(add);
  for (const k of dp.publicIps.keys()) add(Ip.of(4, BigInt(k)));
  for (const nat of dp.natGateways.values()) {
    if (nat.privateIp) add(nat.privateIp);
    if (nat.publicIp) add(nat.publicIp);
  }
  for (const s of dp.subnets.values()) {
    if (s.cidr4) add(Ip.of(4, s.cidr4.base + 5n));
    for (const c of s.cidrs6) add(Ip.of(6, c.base + 5n));
  }
  // The first and last address of every gateway endpoint's service.
  for (const ep of dp.endpoints.values()) {
    const r = ep.serviceAddresses.v4.ranges;
    if (r.length > 0) {
      add(Ip.of(4, r[0]!.start));
      add(Ip.of(4, r[r.length - 1]!.end));
    }
  }
  for (let v = 0; v < 3; v++) [`10.${v}.0.0`, `10.${v}.0.255`].map(ip).forEach(add);
  [
    '10.0.0.10',
    '10.0.0.11',
    INTERNET_HOST,
    '8.8.8.8',
    '10.9.0.1',
    '2001:db8::1',
    '64:ff9b::808:808',
  ]
    .map(ip)
    .forEach(add);
  return [...seen.values()];
}

/** What the internet sends to: the public addresses, and a private and an outside one. */
export function internetDestinations(dp: Dataplane): Ip[] {
  const out = [...dp.publicIps.keys()].map((k) => Ip.of(4, BigInt(k)));
  for (const nat of dp.natGateways.values()) if (nat.publicIp) out.push(nat.publicIp);
  for (const eni of dp.enis.values()) out.push(...eni.v6);
  return [...out, ip('10.0.0.10'), ip('8.8.8.8'), ip('2001:db8::5')];
}

/** Every probe packet from one address to the destinations. */
export function probePackets(src: Ip, destinations: readonly Ip[]): Packet[] {
  const out: Packet[] = [];
  for (const dst of destinations) {
    if (dst.family !== src.family) continue;
    for (const protocol of [PROTOCOL.tcp, PROTOCOL.udp]) {
      PROBE_PORTS.forEach((dstPort, i) => {
        const srcPort = PROBE_SOURCE_PORTS[(i + protocol) % PROBE_SOURCE_PORTS.length]!;
        out.push({ src, dst, protocol, srcPort, dstPort });
      });
    }
    const icmp = src.family === 4 ? PROTOCOL.icmp : PROTOCOL.icmpv6;
    for (const [icmpType, icmpCode] of PROBE_ICMP[src.family])
      out.push({ src, dst, protocol: icmp, icmpType, icmpCode });
    out.push({ src, dst, protocol: PROBE_OTHER_PROTOCOL });
  }
  return out;
}

/** The tracer's forward walk of one packet. */
export const traceOne = (dp: Dataplane, s: ProbeSource, p: Packet): Walk =>
  walk(dp, s.start, p, { mode: 'forward', bindings: [] });

export const delivered = (w: Walk): boolean => w.drop === undefined && w.terminal !== undefined;

export const hopIds = (w: Walk): string[] => w.hops.map((h) => h.node.id);

const componentIdsMemo = new WeakMap<AccessFinding, readonly string[]>();
/** A finding's component ids, in order (rendered once). */
export function componentIds(f: AccessFinding): readonly string[] {
  let ids = componentIdsMemo.get(f);
  if (!ids) componentIdsMemo.set(f, (ids = f.components.map((c) => c.Component.Id)));
  return ids;
}

/** A packet as one line. */
export function showPacket(p: Header): string {
  const ports =
    p.srcPort !== undefined || p.dstPort !== undefined
      ? ` ${String(p.srcPort)}→${String(p.dstPort)}`
      : p.icmpType !== undefined
        ? ` type ${String(p.icmpType)} code ${String(p.icmpCode)}`
        : '';
  return `proto ${String(p.protocol)} ${p.src.toString()} → ${p.dst.toString()}${ports}`;
}

/** A walk as one line: the hop ids and how it ended. */
export function showWalk(w: Walk): string {
  const end = w.drop
    ? `dropped at ${w.drop.component.id}: ${w.drop.refusal.code}`
    : `delivered (${String(w.terminal?.kind)})`;
  return `${hopIds(w).join(' > ')} — ${end}`;
}

/** A finding as one line: its component ids and its headers. */
export function showFinding(f: AccessFinding): string {
  const spans = (xs: readonly { from: number; to: number }[]) =>
    xs.map((x) => (x.from === x.to ? String(x.from) : `${x.from}-${x.to}`)).join(',');
  const space = f.space
    .cubes()
    .map(
      (c) =>
        `[proto ${spans(c.protocols)} src ${c.sources.join(',')} dst ${c.destinations.join(',')} sport ${spans(c.sourcePorts)} dport ${spans(c.destinationPorts)}]`,
    )
    .join(' ∪ ');
  return `${componentIds(f).join(' > ')}\n      headers: ${space}`;
}

/**
 * Whether a packet-header statement admits a packet, written from the scope's meaning rather
 * than from the analyzer's compiled spaces: every listed field at once, each list "any of";
 * ports exist only for TCP and UDP (a statement with ports and no protocols means those two).
 */
export function statementAdmits(h: PacketHeaderStatement | undefined, p: Header): boolean {
  if (h === undefined) return true;
  const within = (cidrs: readonly Cidr[] | undefined, x: Ip) =>
    cidrs === undefined || cidrs.some((c) => c.contains(x));
  const inSpans = (spans: readonly Span[] | undefined, port: number | undefined) =>
    spans === undefined ||
    (port !== undefined && spans.some((s) => port >= s.from && port <= s.to));
  const ported = h.sourcePorts !== undefined || h.destinationPorts !== undefined;
  const tcpUdp = p.protocol === PROTOCOL.tcp || p.protocol === PROTOCOL.udp;
  if (h.protocols !== undefined) {
    if (!h.protocols.includes(-1) && !h.protocols.includes(p.protocol)) return false;
  } else if (ported && !tcpUdp) return false;
  return (
    within(h.sourceAddresses, p.src) &&
    within(h.destinationAddresses, p.dst) &&
    inSpans(h.sourcePorts, tcpUdp ? p.srcPort : undefined) &&
    inSpans(h.destinationPorts, tcpUdp ? p.dstPort : undefined)
  );
}
