import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeAccess,
  type AccessFinding,
  type AccessScope,
  type AccessScopePath,
  type PacketHeaderStatement,
  type ScopeResourceType,
} from '../../src/analysis/access/index.js';
import type { Dataplane, Endpoint, Hop, Node, Packet, Walk } from '../../src/dataplane/index.js';
import { Cidr, type Span } from '../../src/net/index.js';
import { netDraw, yamlOf } from '../support/access-networks.js';
import {
  componentIds,
  dataplaneOf,
  delivered,
  hopIds,
  probePackets,
  probeSources,
  showFinding,
  showPacket,
  showWalk,
  statementAdmits,
  traceOne,
} from '../support/access-brute.js';

/**
 * Issue 5, "Correctness": on random small networks, the symbolic findings equal brute force —
 * every packet of a finite universe that hits every boundary, traced one by one by the
 * concrete walker — exactly, both ways.
 */

const RUNS = Number(process.env.ACCESS_PROP_RUNS ?? 30);
/** Room for longer hunts (ACCESS_PROP_RUNS=500): about half a second a run, shrinking included. */
const TIMEOUT = Math.max(30_000, RUNS * 600);
/** Replays a reported failure: ACCESS_PROP_SEED=<seed from the report>. */
const SEED =
  process.env.ACCESS_PROP_SEED === undefined ? {} : { seed: Number(process.env.ACCESS_PROP_SEED) };

/** Every path from every ENI and from the internet, ending where the walk delivers. */
const FROM_ANYWHERE: AccessScope = {
  matchPaths: [
    {
      source: {
        resourceStatement: {
          resourceTypes: ['AWS::EC2::NetworkInterface', 'AWS::EC2::InternetGateway'],
        },
      },
    },
  ],
  excludePaths: [],
};

/** The start of a walk at a finding's source. */
function startOf(n: Node): Endpoint {
  if (n.kind === 'network-interface') return { kind: 'eni', eni: n };
  if (n.kind === 'internet-gateway') return { kind: 'internet-gateway', gateway: n };
  throw new Error(`no walk starts at a ${n.kind}`);
}

/** Where brute force and the findings disagree, as readable lines (the first few). */
function disagreements(dp: Dataplane, findings: readonly AccessFinding[]): string[] {
  const out: string[] = [];
  const bySource = new Map<string, AccessFinding[]>();
  for (const f of findings) {
    const list = bySource.get(f.source.id) ?? [];
    list.push(f);
    bySource.set(f.source.id, list);
  }
  for (const s of probeSources(dp)) {
    const mine = bySource.get(s.node.id) ?? [];
    for (const a of s.addresses) {
      for (const p of probePackets(a, s.destinations)) {
        const w = traceOne(dp, s, p);
        const hits = mine.filter((f) => f.space.has(p));
        // Where a path crosses an appliance-mode attachment, the tracer took one AZ by flow
        // hash and the analyzer follows every AZ (a path class per exit AZ, whose components
        // may read alike): other findings may hold the packet, but only through such an
        // attachment.
        const mineToo = hits.some((f) => same(componentIds(f), hopIds(w)));
        const ok = delivered(w)
          ? mineToo && (hits.length === 1 || hits.every((f) => hashed(dp, f)))
          : !mineToo && hits.every((f) => hashed(dp, f));
        if (ok) continue;
        out.push(
          [
            `from ${s.node.id}: ${showPacket(p)}`,
            `  tracer:   ${showWalk(w)}`,
            `  findings containing it (${hits.length}):`,
            ...hits.map((f) => `    ${showFinding(f)}`),
          ].join('\n'),
        );
        if (out.length >= 3) return out;
      }
    }
  }
  // Every witness replays through the tracer to the same components.
  for (const f of findings) {
    const w = traceOne(
      dp,
      { node: f.source, start: startOf(f.source), addresses: [], destinations: [] },
      f.witness,
    );
    // Through an appliance-mode attachment the tracer's hash may pick another AZ, whose path
    // may differ or end in a drop: such witnesses prove nothing either way.
    if (hashed(dp, f) || (delivered(w) && same(componentIds(f), hopIds(w)))) continue;
    out.push(
      [
        `witness of a finding from ${f.source.id}: ${showPacket(f.witness)}`,
        `  tracer:  ${showWalk(w)}`,
        `  finding: ${showFinding(f)}`,
      ].join('\n'),
    );
    if (out.length >= 3) return out;
  }
  return out;
}

/**
 * Brute force for a scope with a destination: the path a packet takes up to the first component
 * of the destination's type (not its source) that it passes, and the packet as it is there —
 * undefined when it never gets there.
 */
function reachedPrefix(
  w: Walk,
  kinds: readonly Node['kind'][],
  source: Node,
  acceptOnly = true,
): { ids: string[]; hops: Hop[]; at: Packet } | undefined {
  // Past the source's own hops (an ENI's instance and itself); it may be its own destination later.
  const start = w.hops.findIndex((h) => h.node === source);
  for (let i = 1; i < w.hops.length; i++) {
    const h = w.hops[i]!;
    if (!kinds.includes(h.node.kind) || i <= start) continue;
    // An appliance's interface (in and straight out again) is passed, not reached: repro A.
    if (acceptOnly && h.node.kind === 'network-interface' && h.outbound && h.inbound) continue;
    if (w.drop && i === w.hops.length - 1 && w.drop.component === h.node && refused(h, w)) {
      return undefined;
    }
    // An interface that receives is followed by its instance, as in a delivered path.
    const end = w.hops[i + 1]?.node.kind === 'instance' ? i + 2 : i + 1;
    return {
      ids: hopIds(w).slice(0, end),
      hops: w.hops.slice(0, end),
      at: h.outbound ?? h.inbound ?? w.packet,
    };
  }
  return undefined;
}

/**
 * Whether the component a walk ended at refused the packet itself, rather than passing it on to
 * nowhere (a peering into a VPC where no one owns the address, an attachment whose gateway has
 * no route): gateways and peerings record what left them only when they let it through; an
 * attachment refuses only by AZ; an interface by its checks.
 */
function refused(h: Hop, w: Walk): boolean {
  if (h.node.kind === 'transit-gateway-attachment')
    return w.drop?.refusal.code === 'TGW_ROUTE_AZ_RESTRICTION';
  if (h.node.kind === 'network-interface') return true;
  return h.outbound === undefined;
}

/** What a drawn scope says, for brute force: destination kinds, statements, exclusions. */
interface Drawn {
  readonly scope: AccessScope;
  readonly kinds: readonly Node['kind'][];
  /** Interfaces end paths only where they receive (not as an appliance passing traffic on). */
  readonly acceptOnly: boolean;
}

/** Whether a match or exclude path holds for a packet whose path (up to the end) is `hops`. */
const pathOk = (path: AccessScopePath, hops: readonly Hop[], p: Packet, at: Packet): boolean =>
  statementAdmits(path.source?.packetHeaderStatement, p) &&
  statementAdmits(path.destination?.packetHeaderStatement, at) &&
  (path.throughResources ?? []).every(
    (r) =>
      r.resourceTypes?.includes('AWS::EC2::NatGateway') &&
      hops.some((h) => h.node.kind === 'nat-gateway'),
  );

/** Where brute force and the findings of a scope with a destination disagree. */
function destinationDisagreements(
  dp: Dataplane,
  d: Drawn,
  findings: readonly AccessFinding[],
): string[] {
  const out: string[] = [];
  const match = d.scope.matchPaths[0]!;
  for (const s of probeSources(dp)) {
    const mine = findings.filter((f) => f.source.id === s.node.id);
    for (const a of s.addresses) {
      for (const p of probePackets(a, s.destinations)) {
        const w = traceOne(dp, s, p);
        const r = reachedPrefix(w, d.kinds, s.node, d.acceptOnly);
        const wanted =
          r !== undefined &&
          pathOk(match, r.hops, p, r.at) &&
          !d.scope.excludePaths.some((e) => pathOk(e, r.hops, p, r.at));
        const hits = mine.filter((f) => f.space.has(p));
        // Appliance-mode alternatives, as in the sources-only property.
        const mineToo = r !== undefined && hits.some((f) => same(componentIds(f), r.ids));
        const ok = wanted
          ? mineToo && (hits.length === 1 || hits.every((f) => hashed(dp, f)))
          : !mineToo && hits.every((f) => hashed(dp, f));
        if (ok) continue;
        out.push(
          [
            `from ${s.node.id}: ${showPacket(p)}`,
            `  tracer:   ${showWalk(w)}`,
            `  brute force: ${r ? `reaches ${r.ids.at(-1)!} as ${showPacket(r.at)}; ${wanted ? 'in scope' : 'not in scope'}` : 'does not reach the destination'}`,
            `  findings containing it (${hits.length}):`,
            ...hits.map((f) => `    ${showFinding(f)}`),
          ].join('\n'),
        );
        if (out.length >= 3) return out;
      }
    }
  }
  // Every witness replays through the tracer to the same components, and is in scope there.
  for (const f of findings) {
    const w = traceOne(
      dp,
      { node: f.source, start: startOf(f.source), addresses: [], destinations: [] },
      f.witness,
    );
    const r = reachedPrefix(w, d.kinds, f.source, d.acceptOnly);
    if (hashed(dp, f)) continue;
    if (r && same(componentIds(f), r.ids) && pathOk(match, r.hops, f.witness, r.at)) continue;
    out.push(
      [
        `witness of a finding from ${f.source.id}: ${showPacket(f.witness)}`,
        `  tracer:  ${showWalk(w)}`,
        `  finding: ${showFinding(f)}`,
      ].join('\n'),
    );
    if (out.length >= 3) return out;
  }
  return out;
}

const cidrs = (...xs: string[]): Cidr[] =>
  xs.map((x) => {
    const c = Cidr.parse(x);
    if (!c) throw new Error(x);
    return c;
  });
const SOURCE_CIDRS = cidrs(
  '10.0.0.0/24',
  '10.0.0.10/32',
  '10.1.0.0/24',
  '0.0.0.0/0',
  '10.0.0.64/26',
);
const DESTINATION_CIDRS = cidrs(
  '8.8.8.0/24',
  '198.51.100.7/32',
  '0.0.0.0/0',
  '203.0.113.0/24',
  '10.1.0.0/24',
);
const PORT_SPANS: readonly (readonly Span[])[] = [
  [{ from: 80, to: 443 }],
  [{ from: 22, to: 22 }],
  [{ from: 1024, to: 65535 }],
  [{ from: 0, to: 1023 }],
  [
    { from: 443, to: 443 },
    { from: 22, to: 23 },
  ],
];
const PROTOCOL_LISTS: readonly (readonly number[])[] = [[6], [17], [1], [6, 17], [-1], [47]];

/** A packet-header statement: a few fields, each from a small table of boundary values. */
const headerDraw: fc.Arbitrary<PacketHeaderStatement | undefined> = fc.option(
  fc
    .record(
      {
        sourceAddresses: fc.subarray(SOURCE_CIDRS, { minLength: 1, maxLength: 2 }),
        destinationAddresses: fc.subarray(DESTINATION_CIDRS, { minLength: 1, maxLength: 2 }),
        sourcePorts: fc.constantFrom(...PORT_SPANS),
        destinationPorts: fc.constantFrom(...PORT_SPANS),
        protocols: fc.constantFrom(...PROTOCOL_LISTS),
      },
      { requiredKeys: [] },
    )
    .map((h): PacketHeaderStatement => {
      // Ports belong to TCP and UDP: AWS refuses them with another protocol.
      const portless = h.protocols?.some((p) => p !== 6 && p !== 17);
      if (!portless) return h;
      const { sourcePorts: _s, destinationPorts: _d, ...rest } = h;
      return rest;
    }),
  { nil: undefined },
);

/** Repro A of the branch that brought these tests: an instance behind a NAT gateway. */
const NAT_NETWORK = `version: 1
accounts:
  - id: "111111111111"
    regions:
      - name: us-east-1
        vpcs:
          - name: v0
            cidr: 10.0.0.0/24
            internetGateway: v0-igw
            subnets:
              - { name: public, cidr: 10.0.0.0/26, az: us-east-1a }
              - { name: private, cidr: 10.0.0.64/26, az: us-east-1a }
            routeTables:
              - { name: public-rt, main: true, routes: [{ destination: 0.0.0.0/0, target: igw:v0-igw }] }
              - { name: private-rt, subnets: [private], routes: [{ destination: 0.0.0.0/0, target: nat:v0-nat }] }
            securityGroups: [{ name: sg, description: x }]
            instances: [{ name: app, subnet: private, privateIp: 10.0.0.74, securityGroups: [sg] }]
            natGateways: [{ name: v0-nat, subnet: public, publicIp: 203.0.113.100 }]
`;

const NAT_THROUGH = [{ resourceTypes: ['AWS::EC2::NatGateway'] as ScopeResourceType[] }];

const DESTINATIONS: readonly (readonly [ScopeResourceType, Node['kind']])[] = [
  ['AWS::EC2::InternetGateway', 'internet-gateway'],
  ['AWS::EC2::VPCPeeringConnection', 'vpc-peering-connection'],
  ['AWS::EC2::TransitGatewayAttachment', 'transit-gateway-attachment'],
  ['AWS::EC2::VPCEndpoint', 'vpc-endpoint'],
  ['AWS::EC2::NetworkInterface', 'network-interface'],
];

const scopeDrawOf = (
  destinations: readonly (readonly [ScopeResourceType, Node['kind']])[],
  acceptOnly: boolean,
): fc.Arbitrary<Drawn> =>
  fc
    .record({
      destination: fc.constantFrom(...destinations),
      source: headerDraw,
      at: headerDraw,
      throughNat: fc.nat(3).map((k) => k === 0),
      excludes: fc.array(
        fc.record({ source: headerDraw, at: headerDraw, throughNat: fc.boolean() }),
        { maxLength: 2 },
      ),
    })
    .map((x) => {
      const path = (
        source: PacketHeaderStatement | undefined,
        at: PacketHeaderStatement | undefined,
        throughNat: boolean,
        type?: ScopeResourceType,
      ): AccessScopePath => ({
        ...(source ? { source: { packetHeaderStatement: source } } : {}),
        ...(type || at
          ? {
              destination: {
                ...(type ? { resourceStatement: { resourceTypes: [type] } } : {}),
                ...(at ? { packetHeaderStatement: at } : {}),
              },
            }
          : {}),
        ...(throughNat ? { throughResources: NAT_THROUGH } : {}),
      });
      return {
        scope: {
          matchPaths: [path(x.source, x.at, x.throughNat, x.destination[0])],
          excludePaths: x.excludes.map((e) => path(e.source, e.at, e.throughNat)),
        },
        kinds: [x.destination[1]],
        acceptOnly,
      };
    });

/** Whether a finding's path crosses a transit gateway attachment in appliance mode. */
const hashed = (dp: Dataplane, f: AccessFinding): boolean =>
  componentIds(f).some((id) => dp.tgwAttachments.get(id)?.applianceMode === true);

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

describe('access analysis equals brute force on random small networks', () => {
  it(
    'sources only: a packet is in exactly one finding when the tracer delivers it, in none when it drops it',
    () => {
      fc.assert(
        fc.property(netDraw, (n) => {
          const yaml = yamlOf(n);
          const dp = dataplaneOf(yaml);
          const r = analyzeAccess(dp, FROM_ANYWHERE);
          if (!r.ok) throw new Error(r.error.message);
          const bad = disagreements(dp, r.value.findings);
          if (bad.length > 0) throw new Error(`${bad.join('\n')}\n--- topology ---\n${yaml}`);
        }),
        { numRuns: RUNS, ...SEED },
      );
    },
    TIMEOUT,
  );

  const destinationProperty =
    (destinations: typeof DESTINATIONS, acceptOnly = true) =>
    () => {
      fc.assert(
        fc.property(netDraw, scopeDrawOf(destinations, acceptOnly), (n, d) => {
          const yaml = yamlOf(n);
          const dp = dataplaneOf(yaml);
          const r = analyzeAccess(dp, d.scope);
          if (!r.ok) throw new Error(r.error.message);
          const bad = destinationDisagreements(dp, d, r.value.findings);
          if (bad.length > 0) {
            const scope = JSON.stringify(d.scope, (_, v: unknown) =>
              v instanceof Cidr ? v.toString() : v,
            );
            throw new Error(
              `${bad.join('\n')}\n--- scope ---\n${scope}\n--- topology ---\n${yaml}`,
            );
          }
        }),
        { numRuns: RUNS, ...SEED },
      );
    };

  it(
    'a destination, header statements and exclusions: findings are the packets whose traced path reaches it, minus the excluded',
    destinationProperty(DESTINATIONS),
    TIMEOUT,
  );

  // A component a path only passes — a NAT gateway, an appliance's interface — is not where it
  // ends (D125; the NAA guide lists NAT gateways as through-only): as a destination it finds
  // nothing, as ThroughResources it selects the paths that pass it.
  it('a NAT gateway ends no path but selects the paths that pass it', () => {
    const dp = dataplaneOf(NAT_NETWORK);
    const run = (scope: AccessScope) => {
      const r = analyzeAccess(dp, scope);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.findings;
    };
    const nat = { resourceTypes: ['AWS::EC2::NatGateway'] as ScopeResourceType[] };
    const igw = { resourceTypes: ['AWS::EC2::InternetGateway'] as ScopeResourceType[] };
    expect(
      run({ matchPaths: [{ destination: { resourceStatement: nat } }], excludePaths: [] }),
    ).toEqual([]);
    const through = run({
      matchPaths: [{ destination: { resourceStatement: igw }, throughResources: [nat] }],
      excludePaths: [],
    });
    expect(through.length).toBeGreaterThan(0);
    for (const f of through)
      expect(f.components.some((c) => c.Component.Id.startsWith('nat-'))).toBe(true);
  });

  it('the probe universe reaches deliveries and drops (the property is not vacuous)', () => {
    const n = fc.sample(netDraw, { numRuns: 20, seed: 5 });
    let delivered_ = 0;
    let dropped = 0;
    for (const d of n) {
      const dp = dataplaneOf(yamlOf(d));
      for (const s of probeSources(dp)) {
        for (const a of s.addresses) {
          for (const p of probePackets(a, s.destinations)) {
            if (delivered(traceOne(dp, s, p))) delivered_++;
            else dropped++;
          }
        }
      }
    }
    expect(delivered_).toBeGreaterThan(100);
    expect(dropped).toBeGreaterThan(100);
  });
});
