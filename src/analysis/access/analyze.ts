import { createHash } from 'node:crypto';
import { Cidr, HeaderSpace } from '../../net/index.js';
import type { Dataplane, EniNode, Node } from '../../dataplane/index.js';
import { parseEc2Arn } from '../../model/ids.js';
import type { AwsError } from '../../model/errors.js';
import { ok, type Result } from '../../model/result.js';
import type { AccessFinding, AccessAnalysis, AccessOptions } from './finding.js';
import { renderComponents } from './finding-render.js';
import { apply, pullback, type Lineage } from './lineage.js';
import type {
  AccessScope,
  AccessScopePath,
  ResourceStatement,
  ScopeResourceType,
} from './scope.js';
import { packetHeaderSpace } from './scope-space.js';
import { trailHops, type Branch, type Trail } from './walk.js';
import { SymbolicWalker } from './walk-load-balancer.js';
import { WalkCache } from './walk-cache.js';

/**
 * Network Access Analyzer over the symbolic walk: every path from a scope's sources that
 * reaches its destinations, exactly, with the headers that take it (decision D125).
 *
 * - A path starts at an origin of traffic: an ENI (its own addresses), an internet gateway
 *   (the internet), a virtual private gateway (on premises), and — when a source statement
 *   names them — a transit gateway VPC attachment or a peering connection (traffic entering the
 *   VPC there, any header).
 * - With a destination resource statement a path ends at the first component that matches it;
 *   without one, where the walk delivers it (an ENI, a gateway out of the VPC, an endpoint).
 * - ThroughResources: the path passes a matching component for every entry. ExcludePaths whose
 *   resource conditions hold take their header conditions out of the finding's headers.
 * - A finding is a path class: one sequence of hops (with the rule or route each used) and one
 *   set of rewrites; its headers are every source header that takes it.
 */
export function analyzeAccess(
  dp: Dataplane,
  scope: AccessScope,
  opts: AccessOptions = {},
): Result<AccessAnalysis, AwsError> {
  const prefixList = (id: string) => dp.prefixLists.get(id)?.cidrs;
  const matchPaths: Compiled[] = [];
  for (const p of scope.matchPaths) {
    const c = compilePath(p, prefixList);
    if (!c.ok) return c;
    matchPaths.push(c.value);
  }
  const excludes: Compiled[] = [];
  for (const p of scope.excludePaths) {
    const c = compilePath(p, prefixList);
    if (!c.ok) return c;
    excludes.push(c.value);
  }
  const cache = new WalkCache(dp);
  const found = new Map<string, Found>();
  const jobs = matchPaths.flatMap((m) =>
    starts(dp, m.path.source?.resourceStatement).map((s) => ({ m, s })),
  );
  let done = 0;
  for (const { m, s } of jobs) {
    const h0 = m.source.intersect(s.space);
    if (!h0.isEmpty()) {
      const walker = new SymbolicWalker(cache, {
        reached: (b, node, final) => reached(m, excludes, s.node, b, node, final, found),
      });
      s.walk(walker, SymbolicWalker.start(h0, s.origin));
    }
    opts.onProgress?.(++done, jobs.length);
  }
  const findings = [...found.values()].map(toFinding).sort(compareFindings);
  return ok({ findings, analyzedEniCount: [...dp.enis.values()].filter(eligibleEni).length });
}

/** A match or exclude path with its header statements compiled. */
interface Compiled {
  readonly path: AccessScopePath;
  readonly source: HeaderSpace;
  readonly destination: HeaderSpace;
}

function compilePath(
  path: AccessScopePath,
  prefixList: (id: string) => readonly Cidr[] | undefined,
): Result<Compiled, AwsError> {
  const source = packetHeaderSpace(path.source?.packetHeaderStatement, prefixList);
  if (!source.ok) return source;
  const destination = packetHeaderSpace(path.destination?.packetHeaderStatement, prefixList);
  if (!destination.ok) return destination;
  return ok({ path, source: source.value, destination: destination.value });
}

/** A path collected, before rendering. */
interface Found {
  readonly key: string;
  readonly source: Node;
  readonly destination: Node;
  readonly trail: Trail;
  readonly lin: Lineage | undefined;
  h0: HeaderSpace;
}

function reached(
  m: Compiled,
  excludes: readonly Compiled[],
  source: Node,
  b: Branch,
  node: Node,
  final: boolean,
  found: Map<string, Found>,
): boolean {
  const dest = m.path.destination?.resourceStatement;
  if (dest ? !matchesStatement(node, dest) : !final) return false;
  const trail = b.trail;
  if (!trail) return true;
  const hops = trailHops(trail).map((t) => t.hop.node);
  if (!(m.path.throughResources ?? []).every((r) => hops.some((n) => matchesStatement(n, r)))) {
    return true;
  }
  let h0 = b.h0.intersect(pullback(b.lin, m.destination));
  for (const e of excludes) {
    if (h0.isEmpty()) break;
    const p = e.path;
    if (p.source?.resourceStatement && !matchesStatement(source, p.source.resourceStatement))
      continue;
    if (
      p.destination?.resourceStatement &&
      !matchesStatement(node, p.destination.resourceStatement)
    )
      continue;
    if (!(p.throughResources ?? []).every((r) => hops.some((n) => matchesStatement(n, r))))
      continue;
    h0 = h0.difference(e.source.intersect(pullback(b.lin, e.destination)));
  }
  if (h0.isEmpty()) return true;
  const key = pathKey(trail, b.lin);
  const prev = found.get(key);
  if (prev) prev.h0 = prev.h0.union(h0);
  else found.set(key, { key, source, destination: node, trail, lin: b.lin, h0 });
  return true;
}

/** What identifies a path class: each hop's component and the rule or route it used, and the rewrites. */
function pathKey(trail: Trail, lin: Lineage | undefined): string {
  const parts: string[] = [];
  for (const t of trailHops(trail)) {
    const h = t.hop;
    let s = h.node.id;
    if (h.aclRule)
      s += `#acl:${h.aclRule.egress ? 'e' : 'i'}${h.aclRule.ruleNumber}:${h.aclRule.cidr.toString()}`;
    if (h.securityGroupRule) s += `#sg:${h.securityGroupRule.rule.securityGroupRuleId}`;
    if (h.route) s += `#rt:${h.route.destination.toString()}`;
    if (h.tgwRoute)
      s += `#tgw:${h.tgwRoute.route.destination.toString()}>${h.tgwRoute.attachment?.id ?? ''}`;
    if (h.subnet && h.node.kind === 'transit-gateway-attachment') s += `@${h.subnet.id}`;
    parts.push(s);
  }
  const rewrites: string[] = [];
  for (let l = lin; l; l = l.prev) rewrites.push(JSON.stringify(l.rewrite));
  return `${parts.join(' > ')} | ${rewrites.reverse().join(';')}`;
}

function toFinding(f: Found): AccessFinding {
  const trail = trailHops(f.trail);
  const space = f.h0;
  const key = `${f.key} | ${space
    .cubes()
    .map((c) => JSON.stringify(c))
    .join(';')}`;
  let components: AccessFinding['components'] | undefined;
  const witness = space.witness();
  if (!witness) throw new Error('a finding without headers');
  return {
    findingId: `AnalysisFinding-${createHash('sha256').update(key).digest('hex').slice(0, 17)}`,
    key,
    get components() {
      return (components ??= renderComponents(trail, (lin) => apply(lin, space)));
    },
    source: f.source,
    destination: f.destination,
    space,
    witness,
  };
}

function compareFindings(a: AccessFinding, b: AccessFinding): number {
  return a.source.id < b.source.id
    ? -1
    : a.source.id > b.source.id
      ? 1
      : a.destination.id < b.destination.id
        ? -1
        : a.destination.id > b.destination.id
          ? 1
          : a.key < b.key
            ? -1
            : a.key > b.key
              ? 1
              : 0;
}

// ---- sources ----

/** A starting point: the component, the headers it can send, and how to walk from it. */
interface Start {
  readonly node: Node;
  readonly space: HeaderSpace;
  readonly origin: Branch['origin'];
  readonly walk: (w: SymbolicWalker, b: Branch) => void;
}

/** ENIs NAA starts and ends paths at: not those a NAT gateway, load balancer or endpoint owns. */
const eligibleEni = (eni: EniNode): boolean =>
  eni.role.kind === 'interface' || eni.role.kind === 'other';

function starts(dp: Dataplane, stmt: ResourceStatement | undefined): Start[] {
  const out: Start[] = [];
  const wanted = (n: Node) => stmt === undefined || matchesStatement(n, stmt);
  for (const eni of dp.enis.values()) {
    if (!eligibleEni(eni) || !wanted(eni)) continue;
    const own = HeaderSpace.all().restrictAddress(
      'source',
      [...eni.v4, ...eni.v6].map((ip) => Cidr.host(ip)),
    );
    out.push({ node: eni, space: own, origin: 'vpc', walk: (w, b) => w.emit(eni, b) });
  }
  for (const igw of dp.internetGateways.values()) {
    if (wanted(igw))
      out.push({
        node: igw,
        space: HeaderSpace.all(),
        origin: 'internet',
        walk: (w, b) => w.igwIn(igw, b),
      });
  }
  for (const vgw of dp.hybrid.vpnGateways.values()) {
    if (wanted(vgw))
      out.push({
        node: vgw,
        space: HeaderSpace.all(),
        origin: 'vpn',
        walk: (w, b) => w.vgwIn(vgw, b),
      });
  }
  // Entry points in the middle of the network only when the statement names them.
  if (stmt !== undefined) {
    for (const att of dp.tgwAttachments.values()) {
      if (att.resourceType === 'vpc' && matchesStatement(att, stmt)) {
        out.push({
          node: att,
          space: HeaderSpace.all(),
          origin: 'transit-gateway',
          walk: (w, b) => w.tgwAttachmentIn(att, b),
        });
      }
    }
    for (const pcx of dp.peerings.values()) {
      if (!matchesStatement(pcx, stmt)) continue;
      for (const vpc of [pcx.requester, pcx.accepter]) {
        if (vpc)
          out.push({
            node: pcx,
            space: HeaderSpace.all(),
            origin: 'peering',
            walk: (w, b) => w.peeringIn(pcx, vpc, b),
          });
      }
    }
  }
  return out;
}

// ---- resource statements ----

/** The resource type of a component, as scopes name it. */
const TYPE_OF: Partial<Record<Node['kind'], ScopeResourceType>> = {
  'internet-gateway': 'AWS::EC2::InternetGateway',
  'nat-gateway': 'AWS::EC2::NatGateway',
  'transit-gateway-attachment': 'AWS::EC2::TransitGatewayAttachment',
  'vpc-endpoint': 'AWS::EC2::VPCEndpoint',
  'vpc-peering-connection': 'AWS::EC2::VPCPeeringConnection',
  'vpn-gateway': 'AWS::EC2::VPNGateway',
  'load-balancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'network-interface': 'AWS::EC2::NetworkInterface',
};

/** The ids a statement names, ARNs read as the id they name (ELBv2 resources are named by ARN). */
const statementIds = new WeakMap<ResourceStatement, ReadonlySet<string>>();
function idsOf(stmt: ResourceStatement): ReadonlySet<string> {
  let ids = statementIds.get(stmt);
  if (!ids) {
    ids = new Set(
      (stmt.resources ?? []).map((r) => (r.startsWith('arn:') ? (parseEc2Arn(r)?.id ?? r) : r)),
    );
    statementIds.set(stmt, ids);
  }
  return ids;
}

/**
 * Whether a component is one the statement names: by id or ARN — an ENI also by its instance,
 * subnet, VPC or security groups, as the NAA guide allows for sources and destinations — or by
 * resource type.
 */
export function matchesStatement(n: Node, stmt: ResourceStatement): boolean {
  if (stmt.resourceTypes) {
    const t = TYPE_OF[n.kind];
    if (n.kind === 'network-interface' && !eligibleEni(n)) return false;
    return t !== undefined && stmt.resourceTypes.includes(t);
  }
  const ids = idsOf(stmt);
  if (ids.has(n.id)) return true;
  if (n.kind !== 'network-interface' || !eligibleEni(n)) return false;
  return (
    (n.instance !== undefined && ids.has(n.instance.id)) ||
    ids.has(n.subnet.id) ||
    ids.has(n.vpc.id) ||
    n.securityGroups.some((g) => ids.has(g.id))
  );
}
