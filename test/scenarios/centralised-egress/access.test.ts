import { describe, expect, it } from 'vitest';
import {
  analyzeAccess,
  parseAccessScope,
  type AccessFinding,
} from '../../../src/analysis/access/index.js';
import { compile, walk } from '../../../src/dataplane/index.js';
import type { Topology } from '../../../src/topology/schema.js';
import { loadScenario, type Scenario } from '../../support/scenario.js';

/**
 * /work/shared/scenarios/centralised-egress.md, the two access-scope rows, through the topology
 * file (the API route is in test/api/): "internet-bound paths from any ENI in the spokes that do
 * not pass a GWLB endpoint" — none; after spoke-1 gets its own internet gateway and app-1 a
 * public IP — exactly app-1 → that gateway, directly.
 */
const FILE = 'examples/centralised-egress.yaml';

/** The scope of both rows, with the spokes' VPC ids; `exclude: false` drops the exclusion. */
function scope(sc: Scenario, exclude = true) {
  const spokes = ['spoke-1', 'spoke-2'].map((v) => sc.id('vpc', v));
  const parsed = parseAccessScope({
    MatchPaths: [
      {
        Source: { ResourceStatement: { Resources: spokes } },
        Destination: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
      },
    ],
    ExcludePaths: exclude
      ? [
          {
            ThroughResources: [{ ResourceStatement: { ResourceTypes: ['AWS::EC2::VPCEndpoint'] } }],
          },
        ]
      : [],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function findings(sc: Scenario, exclude = true): readonly AccessFinding[] {
  const r = analyzeAccess(compile(sc.s), scope(sc, exclude));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.findings;
}

/** spoke-1 with its own internet gateway, a default route to it, and app-1 with a public IP. */
function withSpokeIgw(t: Topology): Topology {
  const [account, ...accounts] = t.accounts;
  const [east, ...regions] = account!.regions;
  const vpcs = east!.vpcs!.map((v) =>
    v.name !== 'spoke-1'
      ? v
      : {
          ...v,
          internetGateway: 'spoke-1-igw',
          routeTables: v.routeTables!.map((rt) => ({
            ...rt,
            routes: [{ destination: '0.0.0.0/0', target: 'igw:spoke-1-igw' }],
          })),
          instances: v.instances!.map((i) => (i.name === 'app-1' ? { ...i, publicIp: true } : i)),
        },
  );
  return {
    ...t,
    accounts: [{ ...account!, regions: [{ ...east!, vpcs }, ...regions] }, ...accounts],
  };
}

describe(`scenario: centralised egress, access scopes (${FILE})`, () => {
  it('internet-bound paths from the spokes that bypass every GWLB endpoint: no findings', () => {
    const sc = loadScenario(FILE);
    expect(findings(sc)).toEqual([]);
  });

  it('the same scope without the exclusion finds every spoke workload, each through a GWLB endpoint', () => {
    const sc = loadScenario(FILE);
    const all = findings(sc, false);
    const sources = new Set(all.map((f) => sc.ref({ Id: f.source.id })));
    expect([...sources].sort()).toEqual([
      'network-interface app-1.eth0',
      'network-interface app-2.eth0',
      'network-interface app-2b.eth0',
    ]);
    for (const f of all) {
      expect(sc.ref({ Id: f.destination.id })).toBe('internet-gateway security-egress-igw');
      const hops = sc.hops(f.components);
      expect(hops.some((h) => h.startsWith('vpc-endpoint gwlbe-'))).toBe(true);
      expect(hops.at(-1)).toBe('internet-gateway security-egress-igw');
    }
  });

  it('after spoke-1 gets an internet gateway and app-1 a public IP: exactly app-1 → spoke-1-igw, directly', () => {
    const sc = loadScenario(FILE, withSpokeIgw);
    const found = findings(sc);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(sc.hops(f.components)).toEqual([
      'instance app-1',
      'network-interface app-1.eth0',
      'security-group spoke-1-sg',
      'network-acl spoke-1/default',
      'route-table spoke-1-rt',
      'internet-gateway spoke-1-igw',
    ]);
    // Every header app-1 may send to a public address (the default group allows all egress),
    // translated at the gateway to app-1's public IP.
    const [igwHop] = f.components.slice(-1);
    expect(igwHop!.InboundHeader!.SourceAddresses).toEqual(['10.1.1.10/32']);
    expect(igwHop!.OutboundHeader!.SourceAddresses).not.toEqual(['10.1.1.10/32']);
    // The witness replays through the tracer along the same hops.
    const dp = compile(sc.s);
    const eni = dp.enis.get(f.source.id);
    const w = walk(dp, { kind: 'eni', eni: eni! }, f.witness, {
      mode: 'forward',
      bindings: [],
    });
    expect(w.drop).toBeUndefined();
    expect(w.hops.map((h) => h.node.id)).toEqual(f.components.map((c) => c.Component.Id));
  });
});
