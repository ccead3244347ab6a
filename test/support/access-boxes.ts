import { expect } from 'vitest';
import type { AccessFinding } from '../../src/analysis/access/index.js';
import { compile, walk, type Endpoint } from '../../src/dataplane/index.js';
import type { Span } from '../../src/net/index.js';
import type { Scenario } from './scenario.js';

/**
 * A finding's header space as one line per rendered box, so a scenario test states the exact
 * headers the way an engineer reads them and a failure shows which field differs:
 * `tcp 10.50.1.10/32 > 10.60.1.10/32 sport * dport 50010-50011`. Protocols by name where they
 * have one (`all` for 0–255), `*` for a full port range; an ICMP box's `dport` is AWS's
 * type×256+code encoding (D121), kept as numbers.
 */
export function boxes(f: Pick<AccessFinding, 'space'>): string[] {
  return f.space
    .cubes()
    .map(
      (c) =>
        `${protocols(c.protocols)} ${c.sources.join(',')} > ${c.destinations.join(',')}` +
        ` sport ${ports(c.sourcePorts)} dport ${ports(c.destinationPorts)}`,
    );
}

const NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

function protocols(spans: readonly Span[]): string {
  if (spans.length === 1 && spans[0]!.from === 0 && spans[0]!.to === 255) return 'all';
  return spans
    .flatMap((s) => (s.from === s.to ? [NAMES[s.from] ?? String(s.from)] : [`${s.from}-${s.to}`]))
    .join(',');
}

function ports(spans: readonly Span[]): string {
  if (spans.length === 1 && spans[0]!.from === 0 && spans[0]!.to === 65535) return '*';
  return spans.map((s) => (s.from === s.to ? String(s.from) : `${s.from}-${s.to}`)).join(',');
}

/** Each finding as `source → destination` by label, in the analyzer's order. */
export function ends(sc: Scenario, found: readonly AccessFinding[]): string[] {
  return found.map((f) => `${sc.ref({ Id: f.source.id })} → ${sc.ref({ Id: f.destination.id })}`);
}

/** A scope of one match path from `from` to `to` (resource ids; either may be left out). */
export function between(from?: readonly string[], to?: readonly string[]) {
  return {
    ...(from ? { Source: { ResourceStatement: { Resources: from } } } : {}),
    ...(to ? { Destination: { ResourceStatement: { Resources: to } } } : {}),
  };
}

/**
 * Replays a finding's witness through the tracer's walk from its source (an ENI or an internet
 * gateway) on the scenario's current state and expects the finding's path: the whole walk when
 * the finding ends at an interface, its beginning when it ends at a component on the way out.
 */
export function expectReplays(sc: Scenario, f: AccessFinding): void {
  const dp = compile(sc.s);
  const id = f.source.id;
  const eni = dp.enis.get(id);
  const igw = dp.internetGateways.get(id);
  const start: Endpoint | undefined = eni
    ? { kind: 'eni', eni }
    : igw
      ? { kind: 'internet-gateway', gateway: igw }
      : undefined;
  if (!start) throw new Error(`no tracer start for ${sc.ref({ Id: id })}`);
  const w = walk(dp, start, f.witness, { mode: 'forward', bindings: [] });
  const traced = w.hops.map((h) => sc.ref({ Id: h.node.id }));
  const path = f.components.map((c) => sc.ref(c.Component));
  if (f.destination.kind === 'network-interface') {
    expect(w.drop, traced.join(' > ')).toBeUndefined();
    expect(traced).toEqual(path);
  } else {
    expect(traced.slice(0, path.length)).toEqual(path);
  }
}
