import type { AccessFinding } from '../../src/analysis/access/index.js';
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
