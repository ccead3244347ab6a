import { describe, expect, it } from 'vitest';
import {
  baseline,
  loadNetwork,
  measureAccess,
  SCOPE_NAMES,
  type BaselineLine,
  type Line,
  type ScopeLine,
} from '../../bench/access-network.js';
import { amazonScope, analyzeAccess, type AccessScope } from '../../src/analysis/access/index.js';
import { compile } from '../../src/dataplane/index.js';

// The access benchmark's bookkeeping (not its timings): what it counts must be what the engine
// and the network hold, or its ratios mean nothing.

const foundation = (vpcs: number) => compile(loadNetwork('foundation', vpcs).snapshot);

describe('bench:access child measurements', () => {
  it('reports the network, a baseline and a result per scope, then memory, in that order', () => {
    const lines: Line[] = [];
    measureAccess('foundation', 2, 10, (l) => lines.push(l));
    expect(lines.map((l) => l.kind)).toEqual([
      'network',
      ...SCOPE_NAMES.map(() => 'baseline'),
      ...SCOPE_NAMES.map(() => 'scope'),
      'end',
    ]);
    expect(lines[0]).toMatchObject({ kind: 'network', profile: 'foundation', vpcs: 2 });
    const scopes = lines.filter((l): l is ScopeLine => l.kind === 'scope');
    expect(scopes.map((s) => s.scope)).toEqual([
      'All-IGW-Ingress',
      'AWS-IGW-Egress',
      'AWS-VPC-Ingress',
      'AWS-VPC-Egress',
    ]);
    // 2 VPCs × 40 workload ENIs; the egress scopes start at every one of them, walked together
    // where they are alike: one start per subnet and set of groups (D124).
    for (const s of scopes) expect(s.analyzedEniCount).toBe(80);
    const dp0 = foundation(2);
    const alike = new Set(
      [...dp0.enis.values()]
        .filter((e) => e.role.kind === 'interface' || e.role.kind === 'other')
        .map((e) => `${e.subnet.id}|${e.securityGroups.map((g) => g.id).join(',')}`),
    );
    expect(scopes.find((s) => s.scope === 'AWS-IGW-Egress')?.starts).toBe(alike.size);
    // One start per internet gateway for All-IGW-Ingress.
    expect(scopes.find((s) => s.scope === 'All-IGW-Ingress')?.starts).toBe(2);

    // The counts are the engine's own.
    const dp = foundation(2);
    for (const s of scopes) {
      const r = analyzeAccess(dp, amazonScope(s.scope) as AccessScope);
      if (!r.ok) throw new Error(r.error.message);
      expect(s.findings).toBe(r.value.findings.length);
    }
  });

  it('counts the naive pairs as source components × destination components', () => {
    // Three VPCs: the generator peers neighbours, so the VPC scopes' edges include a peering.
    const dp = foundation(3);
    const enis = 120;
    const igws = dp.internetGateways.size;
    expect(igws).toBe(3);
    expect(dp.peerings.size).toBeGreaterThan(0);
    const edges = igws + dp.peerings.size + dp.endpoints.size;
    const line = (name: (typeof SCOPE_NAMES)[number]): BaselineLine =>
      baseline(dp, name, amazonScope(name) as AccessScope, 25);
    expect(line('All-IGW-Ingress').pairs).toBe(igws * enis);
    expect(line('AWS-IGW-Egress').pairs).toBe(enis * igws);
    expect(line('AWS-VPC-Ingress').pairs).toBe(edges * enis);
    expect(line('AWS-VPC-Egress').pairs).toBe(enis * edges);
    const b = line('AWS-IGW-Egress');
    // Every ENI → internet gateway pair is one the tracer can ask.
    expect(b).toMatchObject({ traced: 25, skipped: 0 });
    expect(b.extrapolatedSeconds).toBeCloseTo(b.pairs * b.secondsPerTrace, 9);
  });
});
