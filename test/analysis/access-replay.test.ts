import { describe, expect, it } from 'vitest';
import {
  AMAZON_SCOPES,
  analyzeAccess,
  amazonScope,
  parseAccessScope,
  type AccessFinding,
  type AccessScope,
} from '../../src/analysis/access/index.js';
import { compile, walk, type Dataplane, type Endpoint } from '../../src/dataplane/index.js';
import { loadScenario } from '../support/scenario.js';

/**
 * The access analyzer against the tracer on every reference network: each finding's witness,
 * replayed through the concrete walk from the finding's source, takes the finding's path (its
 * components are the walk's first hops, the whole walk when the finding ends where the walk
 * delivers). Where the tracer picks by flow hash (appliance-mode AZ, ECMP, a load balancer's
 * target) the analyzer reports every alternative, so the tracer's path must be one of the
 * findings that hold the witness. And two runs give the same findings in the same order.
 */
const EXAMPLES = [
  'examples/centralised-egress.yaml',
  'examples/cross-region-peering.yaml',
  'examples/gwlb-inspection.yaml',
  'examples/hub-and-spoke.yaml',
  'examples/hybrid-privatelink.yaml',
  'examples/ipv6-only-nat64.yaml',
  'examples/private-connector.yaml',
];

/** Every path from every ENI, internet gateway, VGW and site, to wherever the walk delivers it. */
const EVERYTHING = parseAccessScope({
  MatchPaths: [
    { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } } },
    { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } } },
    { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::VPNGateway'] } } },
    { Source: { ResourceStatement: { ResourceTypes: ['VPCTWIN::OnPremises::Site'] } } },
  ],
});

function startOf(f: AccessFinding): Endpoint | undefined {
  const n = f.source;
  if (n.kind === 'network-interface') return { kind: 'eni', eni: n };
  if (n.kind === 'internet-gateway') return { kind: 'internet-gateway', gateway: n };
  if (n.kind === 'on-premises-site') return { kind: 'on-premises', site: n };
  return undefined;
}

/** Checks every finding's witness against the tracer; returns how many were replayed. */
function replay(dp: Dataplane, findings: readonly AccessFinding[]): number {
  let replayed = 0;
  for (const f of findings) {
    const start = startOf(f);
    if (!start) continue;
    const w = walk(dp, start, f.witness, { mode: 'forward', bindings: [] });
    const traced = w.hops.map((h) => h.node.id);
    const ids = (x: AccessFinding) => x.components.map((c) => c.Component.Id);
    // A finding that ends where the walk delivers (an ENI) is the whole walk; one that ends
    // at a component on the way (a peering, an attachment, a gateway out) is its beginning.
    const same = (x: AccessFinding) =>
      x.destination.kind === 'network-interface'
        ? !w.drop && ids(x).join() === traced.join()
        : ids(x).join() === traced.slice(0, ids(x).length).join();
    const exact = same(f);
    const alternative =
      exact || findings.some((x) => x.source === f.source && x.space.has(f.witness) && same(x));
    expect(
      alternative,
      `${f.findingId}: ${JSON.stringify(f.witness)} → ${traced.join(' > ')}`,
    ).toBe(true);
    replayed++;
  }
  return replayed;
}

describe('access analyzer ⇄ tracer on the reference networks', () => {
  for (const file of EXAMPLES) {
    it(`${file}: every witness replays along its finding's path`, () => {
      const dp = compile(loadScenario(file).s);
      const scopes: AccessScope[] = [
        ...Object.keys(AMAZON_SCOPES).map((n) => amazonScope(n as never)!),
        ...(EVERYTHING.ok ? [EVERYTHING.value] : []),
      ];
      let total = 0;
      let found = 0;
      for (const scope of scopes) {
        const r = analyzeAccess(dp, scope);
        if (!r.ok) throw new Error(r.error.message);
        total += replay(dp, r.value.findings);
        found += r.value.findings.length;
        const again = analyzeAccess(dp, scope);
        expect(again.ok && again.value.findings.map((f) => f.key)).toEqual(
          r.value.findings.map((f) => f.key),
        );
      }
      expect(found).toBeGreaterThan(0);
      // A VGW is no tracer start (a site is); every network has findings that replay.
      expect(total).toBeGreaterThan(0);
    });
  }
});
