import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzeAccess,
  type AccessFinding,
  type AccessScope,
} from '../../src/analysis/access/index.js';
import type { Dataplane, Endpoint, Node } from '../../src/dataplane/index.js';
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
  traceOne,
} from '../support/access-brute.js';

/**
 * Issue 5, "Correctness": on random small networks, the symbolic findings equal brute force —
 * every packet of a finite universe that hits every boundary, traced one by one by the
 * concrete walker — exactly, both ways.
 */

const RUNS = Number(process.env.ACCESS_PROP_RUNS ?? 40);

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
        const ok = delivered(w)
          ? hits.length === 1 && same(componentIds(hits[0]!), hopIds(w))
          : hits.length === 0;
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
    if (delivered(w) && same(componentIds(f), hopIds(w))) continue;
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

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

describe('access analysis equals brute force on random small networks', () => {
  it('sources only: a packet is in exactly one finding when the tracer delivers it, in none when it drops it', () => {
    fc.assert(
      fc.property(netDraw, (n) => {
        const yaml = yamlOf(n);
        const dp = dataplaneOf(yaml);
        const r = analyzeAccess(dp, FROM_ANYWHERE);
        if (!r.ok) throw new Error(r.error.message);
        const bad = disagreements(dp, r.value.findings);
        if (bad.length > 0) throw new Error(`${bad.join('\n')}\n--- topology ---\n${yaml}`);
      }),
      { numRuns: RUNS },
    );
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
