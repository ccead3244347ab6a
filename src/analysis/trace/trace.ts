import {
  replyTo,
  samePacket,
  walk,
  type Dataplane,
  type Drop,
  type ElbBinding,
  type Endpoint,
  type Hop,
  type NatBinding,
  type Node,
  type Packet,
} from '../../dataplane/index.js';
import { component, explanation, pathComponents } from './render.js';
import { resolveRequest, type Goal } from './request.js';
import { elbGoalOf, preservationNote, rulesWarning } from './load-balancer.js';
import { routeShadows } from './route-shadow.js';
import { sgReferencingGap } from './sg-referencing.js';
import type { Explanation, NetworkInsightsAnalysis, PathComponent, TraceRequest } from './types.js';

/**
 * Traces one packet through a compiled network, as VPC Reachability Analyzer does: the forward
 * path from the source to the destination, then the reply's path back. Security groups are
 * stateful (checked forward only; replies pass), network ACLs are stateless (checked both
 * ways), NAT translations made going out are undone coming back, and the reply must follow the
 * routes back to the very address and port the connection came from. A blocked path lists the
 * components up to and including the one that blocks it, and an explanation with RA's code.
 *
 * @example trace(compile(snapshot), { source: 'i-…', destination: 'i-…', protocol: 'tcp', destinationPort: 443 })
 */
export function trace(dp: Dataplane, req: TraceRequest): NetworkInsightsAnalysis {
  const r = resolveRequest(dp, req);
  if ('error' in r) return { Status: 'failed', StatusMessage: r.error };
  const intra = intraVpcEndpoint(r.source.component, r.packet);
  if (intra) return notFound([], [explanation(intra)]);

  const bindings: NatBinding[] = [];
  // Transit gateway attachment AZs seen going forward, compared coming back (appliance mode).
  const tgwAzs = new Map<string, string>();
  const elb: ElbBinding[] = [];
  const elbGoal = elbGoalOf(r.goal, req);
  const fwd = walk(dp, r.source.start, r.packet, {
    mode: 'forward',
    bindings,
    tgwAzs,
    elb,
    elbGoal,
  });
  const forward = pathComponents(fwd.hops);
  if (fwd.drop || !fwd.terminal) {
    if (!fwd.drop) return notFound(forward, withShadows(fwd.hops, []));
    // Beside the block: a security group reference a transit gateway does not carry (D77), an
    // NLB that kept the client's address a target refuses (D86).
    const gap = sgReferencingGap(dp, fwd.drop, fwd.hops, r.source.start);
    const note = preservationNote(fwd.drop, elb);
    const why = [explanation(fwd.drop), ...(gap ? [gap] : []), ...(note ? [note] : [])];
    return notFound(forward, withShadows(fwd.hops, why));
  }
  const miss = goalMiss(dp, r.goal, fwd.terminal, fwd.packet);
  if (miss) return notFound(forward, withShadows(fwd.hops, [miss]));

  const back = walk(dp, fwd.terminal, replyTo(fwd.packet), {
    mode: 'return',
    bindings,
    tgwAzs,
    elb,
  });
  const ret = pathComponents(back.hops);
  if (back.drop || !back.terminal)
    return notFound(
      forward,
      withShadows(back.hops, back.drop ? [explanation(back.drop)] : []),
      ret,
    );
  if (!sameEndpoint(back.terminal, r.source.start) || !samePacket(back.packet, replyTo(r.packet))) {
    // The reply was delivered, but not to the connection's source (asymmetric routing).
    const wrong = [misdelivered(back.terminal, r.source.component)];
    return notFound(forward, withShadows(back.hops, wrong), ret);
  }
  const asymmetric = back.hops.some((h) => h.applianceModeRecommended);
  // Notes joined into RA's one WarningMessage: appliance mode (D37), listener rules (D89).
  const warning = [asymmetric ? APPLIANCE_MODE_WARNING : undefined, rulesWarning(fwd.hops)]
    .filter((w) => w !== undefined)
    .join(' ');
  return {
    Status: 'succeeded',
    ...(warning ? { WarningMessage: warning } : {}),
    NetworkPathFound: true,
    ForwardPathComponents: forward,
    ReturnPathComponents: ret,
  };
}

/** A failed walk's explanations, then the route its last routing shadowed, if any (D76). */
const withShadows = (hops: readonly Hop[], explanations: Explanation[]): Explanation[] => [
  ...explanations,
  ...routeShadows(hops, explanations[0]?.ExplanationCode),
];

/** RA's informational note when a flow's two directions use different AZs at an appliance VPC. */
export const APPLIANCE_MODE_WARNING =
  'Transit gateway appliance mode recommended: the two directions of this flow cross an attachment in different Availability Zones, so a stateful appliance sees only one of them.';

function notFound(
  forward: PathComponent[],
  explanations: Explanation[],
  ret?: PathComponent[],
): NetworkInsightsAnalysis {
  return {
    Status: 'succeeded',
    NetworkPathFound: false,
    ForwardPathComponents: forward,
    ...(ret ? { ReturnPathComponents: ret } : {}),
    Explanations: explanations,
  };
}

/** Interface endpoints accept connections; they cannot start one inside their own VPC. */
function intraVpcEndpoint(source: Node, p: Packet): Drop | undefined {
  if (source.kind !== 'vpc-endpoint' || !source.vpc) return undefined;
  const blocks = p.dst.family === 4 ? source.vpc.blocks.v4 : source.vpc.blocks.v6;
  if (!blocks.has(p.dst)) return undefined;
  return {
    refusal: { code: 'VPCE_INTRA_VPC_TRAFFIC' },
    component: source,
    packet: p,
    related: { endpoint: source, vpc: source.vpc },
  };
}

const endpointNode = (e: Endpoint): Node =>
  e.kind === 'eni'
    ? e.eni
    : e.kind === 'service'
      ? e.endpoint
      : e.kind === 'on-premises'
        ? e.site
        : e.gateway;

/**
 * Whether the reply ended where the connection started. The internet is one place: an IPv6
 * reply may leave by another gateway than the request came in by (nothing is translated), and
 * an IPv4 one that does comes back from the wrong public address, which the header check catches.
 */
function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  const internet = (e: Endpoint) =>
    e.kind === 'internet-gateway' || e.kind === 'egress-only-internet-gateway';
  if (internet(a) && internet(b)) return true;
  return endpointNode(a) === endpointNode(b);
}

/** Why the forward walk ended somewhere other than the requested destination, if it did. */
function goalMiss(
  dp: Dataplane,
  goal: Goal,
  terminal: Endpoint,
  p: Packet,
): Explanation | undefined {
  switch (goal.kind) {
    case 'any':
      return undefined;
    case 'eni':
      if (terminal.kind === 'eni' && goal.enis.includes(terminal.eni)) return undefined;
      // Leaving by the internet towards another VPC's public address: RA stops at the gateway.
      if (
        terminal.kind === 'internet-gateway' &&
        p.dst.family === 4 &&
        dp.publicIps.has(Number(p.dst.value))
      ) {
        return {
          ExplanationCode: 'IGW_NAT_REFLECTION',
          Component: component(terminal.gateway),
          InternetGateway: component(terminal.gateway),
          Destination: component(goal.component),
        };
      }
      return { ...misdelivered(terminal, goal.component) };
    case 'internet':
      return (terminal.kind === 'internet-gateway' ||
        terminal.kind === 'egress-only-internet-gateway') &&
        terminal.gateway === goal.gateway
        ? undefined
        : misdelivered(terminal, goal.gateway);
    case 'load-balancer':
      return terminal.kind === 'eni' && goal.enis.includes(terminal.eni)
        ? undefined
        : misdelivered(terminal, goal.lb);
    case 'service':
      return terminal.kind === 'service' && terminal.endpoint === goal.endpoint
        ? undefined
        : misdelivered(terminal, goal.endpoint);
    case 'on-premises':
      return terminal.kind === 'on-premises' && terminal.site === goal.site
        ? undefined
        : misdelivered(terminal, goal.site);
  }
}

function misdelivered(terminal: Endpoint, wanted: Node): Explanation {
  const at = endpointNode(terminal);
  return {
    ExplanationCode: 'NO_POSSIBLE_DESTINATION',
    Component: component(at),
    Destination: component(wanted),
  };
}
