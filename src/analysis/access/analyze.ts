import { createHash } from 'node:crypto';
import { Cidr, HeaderSpace } from '../../net/index.js';
import {
  hop,
  nodeArn,
  type Dataplane,
  type EniNode,
  type Hop,
  type Node,
} from '../../dataplane/index.js';
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
import { WalkCache, eniCidrs } from './walk-cache.js';

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
  const found = new Found(matchPaths.length > 1);
  const jobs = matchPaths.flatMap((m) =>
    starts(dp, m.path.source?.resourceStatement).map((s) => ({ m, s })),
  );
  // One walker per match path: what it may end at decides what the walk skips.
  const walkers = new Map<Compiled, { walker: SymbolicWalker; at: { start?: Start } }>();
  for (const m of matchPaths) {
    const at: { start?: Start } = {};
    const dest = m.path.destination?.resourceStatement;
    const walker = new SymbolicWalker(cache, {
      stops: (node, final) => (dest ? matchesStatement(node, dest) : final),
      record: (b, node) => record(m, excludes, at.start!, b, node, found),
      wants: (eni) => dest === undefined || matchesStatement(eni, dest),
    });
    walkers.set(m, { walker, at });
  }
  let done = 0;
  for (const { m, s } of jobs) {
    const h0 = m.source.intersect(s.space);
    if (!h0.isEmpty()) {
      const w = walkers.get(m)!;
      w.at.start = s;
      s.walk(w.walker, SymbolicWalker.start(h0, s.origin, s.confined));
    }
    opts.onProgress?.(++done, jobs.length);
  }
  const findings = found.all().map((p) => new PathFinding(p)).sort(compareFindings);
  return ok({ findings, analyzedEniCount: [...dp.enis.values()].filter(eligibleEni).length });
}

/** A match or exclude path with its header statements compiled. */
interface Compiled {
  readonly path: AccessScopePath;
  readonly source: HeaderSpace;
  readonly destination: HeaderSpace;
  /** No destination packet-header statement: every header may arrive. */
  readonly anyAtDestination: boolean;
}

function compilePath(
  path: AccessScopePath,
  prefixList: (id: string) => readonly Cidr[] | undefined,
): Result<Compiled, AwsError> {
  const source = packetHeaderSpace(path.source?.packetHeaderStatement, prefixList);
  if (!source.ok) return source;
  const destination = packetHeaderSpace(path.destination?.packetHeaderStatement, prefixList);
  if (!destination.ok) return destination;
  return ok({
    path,
    source: source.value,
    destination: destination.value,
    anyAtDestination: path.destination?.packetHeaderStatement === undefined,
  });
}

/** A path collected, before rendering. */
interface Path {
  readonly seq: number;
  readonly source: Node;
  readonly destination: Node;
  /** The source's own first hops, then the walk's (newest first). */
  readonly prefix: readonly Trail[];
  readonly trail: Trail | undefined;
  readonly lin: Lineage | undefined;
  h0: HeaderSpace;
}

/** Every hop of a path, oldest first. */
const hopsOf = (p: Pick<Path, 'prefix' | 'trail'>): Trail[] => [...p.prefix, ...trailHops(p.trail)];

/**
 * The paths found, in the order found (deterministic: the walk's order). A path is found once
 * per match path that holds it, so only a scope with several match paths needs merging by key.
 */
class Found {
  private readonly list: Path[] = [];
  private readonly byKey = new Map<string, Path>();
  constructor(private readonly merge: boolean) {}

  add(p: Omit<Path, 'seq'>): void {
    if (this.merge) {
      const key = pathKey(hopsOf(p), p.lin);
      const prev = this.byKey.get(key);
      if (prev) {
        prev.h0 = prev.h0.union(p.h0);
        return;
      }
      this.byKey.set(key, this.push(p));
      return;
    }
    this.push(p);
  }

  private push(p: Omit<Path, 'seq'>): Path {
    const path = { ...p, seq: this.list.length };
    this.list.push(path);
    return path;
  }

  all(): readonly Path[] {
    return this.list;
  }
}

/** A path that ends at the scope's destination: a finding per source it stands for. */
function record(
  m: Compiled,
  excludes: readonly Compiled[],
  start: Start,
  b: Branch,
  node: Node,
  found: Found,
): void {
  // Most scopes say nothing of the headers at the destination: nothing to pull back then.
  const atDestination = m.anyAtDestination ? b.h0 : b.h0.intersect(pullback(b.lin, m.destination));
  if (atDestination.isEmpty()) return;
  const resourceChecks = (m.path.throughResources?.length ?? 0) > 0 || excludes.length > 0;
  const walked = resourceChecks ? trailHops(b.trail).map((t) => t.hop.node) : [];
  for (const member of start.members) {
    let h0 = start.members.length === 1 ? atDestination : atDestination.intersect(member.space);
    if (h0.isEmpty()) continue;
    if (resourceChecks) {
      const nodes = [...member.prefix.map((t) => t.hop.node), ...walked];
      const through = (p: AccessScopePath) =>
        (p.throughResources ?? []).every((r) => nodes.some((n) => matchesStatement(n, r)));
      if (!through(m.path)) continue;
      for (const e of excludes) {
        if (h0.isEmpty()) break;
        const p = e.path;
        const src = p.source?.resourceStatement;
        if (src && !matchesStatement(member.node, src)) continue;
        const dst = p.destination?.resourceStatement;
        if (dst && !matchesStatement(node, dst)) continue;
        if (!through(p)) continue;
        h0 = h0.difference(e.source.intersect(pullback(b.lin, e.destination)));
      }
      if (h0.isEmpty()) continue;
    }
    if (member.prefix.length === 0 && !b.trail) continue;
    found.add({
      source: member.node,
      destination: node,
      prefix: member.prefix,
      trail: b.trail,
      lin: b.lin,
      h0,
    });
  }
}

/** What identifies a path class: each hop's component and the rule or route it used, and the rewrites. */
function pathKey(path: readonly Trail[], lin: Lineage | undefined): string {
  const parts: string[] = [];
  for (const t of path) {
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

/**
 * A finding over its path. Rendering is left until asked for — a large analysis is mostly
 * counted and diffed — and the getters live on the prototype: an analysis holds hundreds of
 * thousands of findings, and an object literal's getters and closures per finding were a
 * measurable share of its garbage.
 */
class PathFinding implements AccessFinding {
  readonly seq: number;
  readonly source: Node;
  readonly destination: Node;
  readonly space: HeaderSpace;
  private keyText: string | undefined;
  private rendered: AccessFinding['components'] | undefined;
  private example: AccessFinding['witness'] | undefined;

  constructor(private readonly path: Path) {
    this.seq = path.seq;
    this.source = path.source;
    this.destination = path.destination;
    this.space = path.h0;
  }

  get key(): string {
    return (this.keyText ??= `${pathKey(hopsOf(this.path), this.path.lin)} | ${this.space
      .cubes()
      .map((c) => JSON.stringify(c))
      .join(';')}`);
  }

  get findingId(): string {
    return `AnalysisFinding-${createHash('sha256').update(this.key).digest('hex').slice(0, 17)}`;
  }

  get components(): AccessFinding['components'] {
    const space = this.space;
    return (this.rendered ??= renderComponents(hopsOf(this.path), (lin) => apply(lin, space)));
  }

  get witness(): AccessFinding['witness'] {
    // Never empty: a path is only recorded with headers.
    return (this.example ??= this.space.witness()!);
  }
}

/** By source, destination, then the order the walk found them in (itself deterministic). */
function compareFindings(
  a: { readonly source: Node; readonly destination: Node; readonly seq: number },
  b: { readonly source: Node; readonly destination: Node; readonly seq: number },
): number {
  return (
    byText(a.source.id, b.source.id) || byText(a.destination.id, b.destination.id) || a.seq - b.seq
  );
}

const byText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

// ---- sources ----

/** A source a walk stands for: its component, its headers, its own first hops. */
interface Member {
  readonly node: Node;
  readonly space: HeaderSpace;
  readonly prefix: readonly Trail[];
}

/** A walk from one or more sources alike: their union of headers, and how to walk from them. */
interface Start {
  readonly members: readonly Member[];
  readonly space: HeaderSpace;
  readonly origin: Branch['origin'];
  readonly confined?: boolean;
  readonly walk: (w: SymbolicWalker, b: Branch) => void;
}

/** ENIs NAA starts and ends paths at: not those a NAT gateway, load balancer or endpoint owns. */
const eligibleEni = (eni: EniNode): boolean =>
  eni.role.kind === 'interface' || eni.role.kind === 'other';

/** An ENI's first hops as a source: its instance, then itself. */
function eniPrefix(eni: EniNode): Trail[] {
  const first = (n: Node, fill?: (h: Hop) => void): Trail => {
    const h = hop(n, eni.vpc, eni.subnet);
    fill?.(h);
    return { hop: h, linIn: undefined, linOut: undefined, prev: undefined };
  };
  const eniHop = first(eni, (h) => (h.attachedTo = eni.instance));
  return eni.instance ? [first(eni.instance), eniHop] : [eniHop];
}

const one = (node: Node): Member[] => [{ node, space: HeaderSpace.all(), prefix: [] }];

function starts(dp: Dataplane, stmt: ResourceStatement | undefined): Start[] {
  const out: Start[] = [];
  const wanted = (n: Node) => stmt === undefined || matchesStatement(n, stmt);
  // ENIs alike — one subnet, the same groups and checks — are walked together: nothing past
  // their first hops depends on which of them sent a header but its source address.
  const groups = new Map<string, Member[]>();
  const reps = new Map<string, EniNode>();
  for (const eni of dp.enis.values()) {
    if (!eligibleEni(eni) || !wanted(eni)) continue;
    if (eni.instance && eni.instance.state !== 'running') continue;
    const own = HeaderSpace.all().restrictAddress('source', eniCidrs(eni));
    const key = `${eni.subnet.id}|${eni.securityGroups.map((g) => g.id).join(',')}|${eni.sourceDestCheck}|${eni.role.kind}`;
    const list = groups.get(key) ?? [];
    if (list.length === 0) {
      groups.set(key, list);
      reps.set(key, eni);
    }
    list.push({ node: eni, space: own, prefix: eniPrefix(eni) });
  }
  for (const [key, members] of groups) {
    const rep = reps.get(key)!;
    const space = HeaderSpace.all().restrictAddress(
      'source',
      members.flatMap((m) => eniCidrs(m.node as EniNode)),
    );
    out.push({ members, space, origin: 'vpc', walk: (w, b) => w.emit(rep, b, false) });
  }
  for (const igw of dp.internetGateways.values()) {
    if (wanted(igw))
      out.push({
        members: one(igw),
        space: HeaderSpace.all(),
        origin: 'internet',
        walk: (w, b) => w.igwIn(igw, b),
      });
  }
  for (const site of dp.hybrid.sites.values()) {
    if (wanted(site))
      out.push({
        members: one(site),
        space: HeaderSpace.all().restrictAddress('source', site.cidrs),
        origin: 'vpn',
        walk: (w, b) => w.siteOut(site, b),
      });
  }
  for (const vgw of dp.hybrid.vpnGateways.values()) {
    if (wanted(vgw))
      out.push({
        members: one(vgw),
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
          members: one(att),
          space: HeaderSpace.all(),
          origin: 'transit-gateway',
          confined: true,
          walk: (w, b) => w.tgwAttachmentIn(att, b),
        });
      }
    }
    for (const pcx of dp.peerings.values()) {
      if (!matchesStatement(pcx, stmt)) continue;
      for (const vpc of [pcx.requester, pcx.accepter]) {
        if (vpc)
          out.push({
            members: one(pcx),
            space: HeaderSpace.all(),
            origin: 'peering',
            confined: true,
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
  'on-premises-site': 'VPCTWIN::OnPremises::Site',
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
  // A site's ARN is Direct Connect-style, not EC2's: compared whole.
  if (n.kind === 'on-premises-site') return ids.has(nodeArn(n));
  if (n.kind !== 'network-interface' || !eligibleEni(n)) return false;
  return (
    (n.instance !== undefined && ids.has(n.instance.id)) ||
    ids.has(n.subnet.id) ||
    ids.has(n.vpc.id) ||
    n.securityGroups.some((g) => ids.has(g.id))
  );
}
