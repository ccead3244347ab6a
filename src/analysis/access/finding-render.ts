import type { HeaderCube, HeaderSpace, Span } from '../../net/index.js';
import { pathComponent } from '../trace/render.js';
import type { AnalysisPacketHeader, PathComponent } from '../trace/types.js';
import type { Lineage } from './lineage.js';
import type { Trail } from './walk.js';

/**
 * A finding's hops as Reachability Analyzer's `PathComponent`s, with the finding's headers as
 * each hop saw them. AWS's `AnalysisPacketHeader` holds one protocol and one list per field, so
 * one header describes a box of one protocol; a set of headers is several. Each hop carries
 * `OutboundHeaders` (a vpctwin extension: every box, exact) and AWS's `OutboundHeader` (the
 * first box; the whole set when there is one); a hop that rewrites (NAT, an internet gateway)
 * carries the same pair for what entered it (decision D126).
 */
export function renderComponents(
  trail: readonly Trail[],
  at: (lin: Lineage | undefined) => HeaderSpace,
): PathComponent[] {
  const memo = new Map<Lineage | undefined, readonly AnalysisPacketHeader[]>();
  const headers = (lin: Lineage | undefined) => {
    let h = memo.get(lin);
    if (!h) memo.set(lin, (h = packetHeaders(at(lin))));
    return h;
  };
  return trail.map((t, i) => {
    const c: PathComponent & {
      InboundHeaders?: readonly AnalysisPacketHeader[];
      OutboundHeaders?: readonly AnalysisPacketHeader[];
    } = pathComponent(i + 1, t.hop);
    if (t.linIn !== t.linOut) {
      const inbound = headers(t.linIn);
      c.InboundHeaders = inbound;
      if (inbound[0]) c.InboundHeader = inbound[0];
    }
    const outbound = headers(t.linOut);
    c.OutboundHeaders = outbound;
    if (outbound[0]) c.OutboundHeader = outbound[0];
    return c;
  });
}

/** A header space as AWS's headers: one per box and protocol (a wide protocol range stays one). */
export function packetHeaders(space: HeaderSpace): AnalysisPacketHeader[] {
  const out: AnalysisPacketHeader[] = [];
  for (const cube of space.cubes()) {
    for (const p of cube.protocols) {
      if (p.from === 0 && p.to === 255) out.push(headerOf(cube, '-1', true));
      else if (p.to - p.from < 4) {
        for (let n = p.from; n <= p.to; n++)
          out.push(headerOf(cube, String(n), n === 6 || n === 17));
      } else out.push(headerOf(cube, `${p.from}-${p.to}`, false));
    }
  }
  return out;
}

const ALL_PORTS: Span = { from: 0, to: 0xffff };
const isAll = (spans: readonly Span[]) =>
  spans.length === 1 && spans[0]!.from === ALL_PORTS.from && spans[0]!.to === ALL_PORTS.to;

function headerOf(c: HeaderCube, protocol: string, ports: boolean): AnalysisPacketHeader {
  const ranges = (spans: readonly Span[]) => spans.map((s) => ({ From: s.from, To: s.to }));
  const base = {
    SourceAddresses: c.sources.map((x) => x.toString()),
    DestinationAddresses: c.destinations.map((x) => x.toString()),
    Protocol: protocol,
  };
  if (!ports) return base;
  return {
    ...base,
    ...(isAll(c.sourcePorts) ? {} : { SourcePortRanges: ranges(c.sourcePorts) }),
    ...(isAll(c.destinationPorts) ? {} : { DestinationPortRanges: ranges(c.destinationPorts) }),
  };
}
