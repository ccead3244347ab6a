import { HeaderSpace, type Span, icmpSpan } from '../../net/index.js';
import { hasPorts, isIcmp, type ProtoMatch } from '../../dataplane/packet.js';

/**
 * The headers a rule's protocol part admits (any addresses): the dataplane's `ProtoMatch`, read
 * exactly as `matchesProto` reads it, so the symbolic and concrete engines share one
 * definition of what a rule's protocol, ports and ICMP type/code mean.
 */
export function protoMatchSpace(m: ProtoMatch): HeaderSpace {
  if (m.protocol === -1) return HeaderSpace.all();
  const protocols: Span[] = [{ from: m.protocol, to: m.protocol }];
  if (hasPorts(m.protocol)) {
    return m.ports === undefined
      ? HeaderSpace.match({ protocols })
      : HeaderSpace.match({
          protocols,
          destinationPorts: [{ from: m.ports.from, to: m.ports.to }],
        });
  }
  if (isIcmp(m.protocol) && m.icmp !== undefined) {
    return HeaderSpace.match({ protocols, destinationPorts: icmpSpans(m.icmp.type, m.icmp.code) });
  }
  return HeaderSpace.match({ protocols });
}

/**
 * The encoded destination-port values of an ICMP type and code, -1 meaning any. "Any type,
 * code c" is not one interval (it is code c of each of the 256 types), so it is 256 spans.
 */
export function icmpSpans(type: number, code: number): Span[] {
  if (type >= 0 || code < 0) return [icmpSpan(type, code)];
  return Array.from({ length: 256 }, (_, t) => icmpSpan(t, code));
}
