import type { Ip } from '../net/index.js';
import type { Refusal } from './explanation.js';
import type {
  EniNode,
  LbZoneNode,
  ListenerNode,
  LoadBalancerNode,
  TargetGroupNode,
  TargetNode,
} from './graph.js';
import { flowHash, PROTOCOL, type Packet } from './packet.js';

/**
 * Which target of a listener's target groups an NLB or ALB sends a flow to, and why none when
 * none (D84): the groups that can carry the packet's address family, the target the trace asks
 * for (its destination, the ports it must arrive on), the targets the node may use (health,
 * zone, cross-zone), and never the client itself while the client's address is preserved.
 */

/** What a trace asks of the target a load balancer picks. */
export interface ElbGoal {
  /** The trace's destination ENIs, when it names an instance or an ENI. */
  readonly enis?: readonly EniNode[];
  /** The destination ports the packet must have on arrival (RA's FilterAtDestination). */
  readonly ports?: { readonly from: number; readonly to: number };
}

/** A target chosen, with its group; or the refusal and what it names. */
export type TargetChoice =
  | { readonly ok: true; readonly tg: TargetGroupNode; readonly target: TargetNode }
  | {
      readonly ok: false;
      readonly refusal: Refusal;
      readonly tg: TargetGroupNode | undefined;
      readonly target?: TargetNode;
    };

/** A target group's address family (IPv4 unless its IpAddressType is ipv6). */
export const groupFamily = (tg: TargetGroupNode): 4 | 6 => (tg.ipAddressType === 'ipv6' ? 6 : 4);

/**
 * Whether a group can take a packet: TCP (and TLS, HTTP) crosses address families at the load
 * balancer, which ends the client's connection and opens its own; UDP is forwarded datagram by
 * datagram and never changes family, so an IPv6 UDP client needs an IPv6 group (D86).
 */
export function groupAccepts(tg: TargetGroupNode, p: Packet): boolean {
  return p.protocol !== PROTOCOL.udp || groupFamily(tg) === p.src.family;
}

/** Whether the target sees the client's own address (an NLB preserving it, same family, not PrivateLink). */
export function preservesClient(
  lb: LoadBalancerNode,
  tg: TargetGroupNode,
  p: Packet,
  privateLink: boolean,
): boolean {
  return (
    lb.type === 'network' && tg.preserveClientIp && !privateLink && groupFamily(tg) === p.src.family
  );
}

type Pair = { readonly tg: TargetGroupNode; readonly target: TargetNode };

/** The address of the first ENI a trace asks for, in the packet's family (for the explanation). */
function wantedAddress(goal: ElbGoal, family: 4 | 6): Ip | undefined {
  for (const eni of goal.enis ?? []) {
    const ip = family === 4 ? eni.v4[0] : eni.v6[0];
    if (ip) return ip;
  }
  return undefined;
}

/**
 * The target a listener sends a flow to. Among the eligible targets of every group the listener
 * forwards to, the flow hash picks one (D53); a trace that names its destination narrows the
 * choice to it first, since Reachability Analyzer answers whether a path to it exists.
 */
export function selectTarget(
  lb: LoadBalancerNode,
  zone: LbZoneNode,
  listener: ListenerNode,
  p: Packet,
  goal: ElbGoal | undefined,
  privateLink: boolean,
): TargetChoice {
  const groups = listener.targetGroups;
  const first = groups[0];
  if (!first || groups.every((tg) => tg.targets.length === 0)) {
    return { ok: false, refusal: { code: 'ELBV2_LISTENER_HAS_NO_TG' }, tg: first };
  }
  const accepting = groups.filter((tg) => groupAccepts(tg, p));
  if (accepting.length === 0) {
    return {
      ok: false,
      refusal: { code: 'ELBV2_LISTENER_REQUIRES_TG_ACCEPT', packetField: 'source-address' },
      tg: first,
    };
  }
  let pairs: Pair[] = accepting.flatMap((tg) => tg.targets.map((target) => ({ tg, target })));
  if (goal?.enis) {
    const enis = goal.enis;
    // An `alb` target hands the flow to an ALB, which applies the same restriction itself.
    const named = pairs.filter(
      (x) => x.target.alb || (x.target.eni && enis.includes(x.target.eni)),
    );
    if (named.length === 0) {
      const address = wantedAddress(goal, p.dst.family);
      return {
        ok: false,
        refusal: {
          code: 'TARGET_ADDRESS_RESTRICTION',
          packetField: 'destination-address',
          ...(address ? { address } : {}),
        },
        tg: accepting[0],
      };
    }
    pairs = named;
  }
  if (goal?.ports) {
    const { from, to } = goal.ports;
    const onPort = pairs.filter((x) => x.target.port >= from && x.target.port <= to);
    if (onPort.length === 0) {
      const shown = pairs[0] as Pair;
      return {
        ok: false,
        refusal: {
          code: 'TARGET_PORT_RESTRICTION',
          packetField: 'destination-port',
          portRanges: [goal.ports],
        },
        tg: shown.tg,
        target: shown.target,
      };
    }
    pairs = onPort;
  }
  const eligible = pairs.filter(({ tg, target }) => {
    const crossZone = tg.crossZone ?? lb.crossZone;
    return target.healthy && (crossZone || target.zone === 'all' || target.zone === zone.zoneName);
  });
  if (eligible.length === 0) {
    return {
      ok: false,
      refusal: { code: 'ELBV2_NO_TARGETS_IN_AZ', availabilityZones: [zone.zoneName] },
      tg: pairs[0]?.tg ?? first,
    };
  }
  // With the client's address preserved, a client that is itself the target would receive its
  // own packet from itself: AWS does not support that hairpin, so such a target is never used.
  const others = eligible.filter(
    ({ tg, target }) => !(preservesClient(lb, tg, p, privateLink) && target.ip?.equals(p.src)),
  );
  if (others.length === 0) {
    const self = eligible[0] as Pair;
    return {
      ok: false,
      refusal: {
        code: 'ELBV2_SOURCE_ADDRESS_PRESERVATION',
        packetField: 'source-address',
        address: p.src,
      },
      tg: self.tg,
      target: self.target,
    };
  }
  const chosen = others[flowHash(p, (others[0] as Pair).tg.tuple) % others.length] as Pair;
  return { ok: true, ...chosen };
}
