import { type Cidr, HeaderSpace, type HeaderMatch, type Span } from '../../net/index.js';
import { AwsErrors, type AwsError } from '../../model/errors.js';
import { fail, ok, type Result } from '../../model/result.js';
import type { PacketHeaderStatement } from './scope.js';

const TCP_UDP: readonly Span[] = [
  { from: 6, to: 6 },
  { from: 17, to: 17 },
];

/**
 * The headers a packet-header statement admits: every listed field at once, each list "any
 * of". An absent statement or field admits everything, both address families (D122); ports
 * exist only for TCP and UDP, so a statement with ports and no protocols means TCP and UDP.
 * Prefix lists are read through `prefixList` (their current entries); an unknown one is AWS's
 * InvalidPrefixListID.NotFound.
 */
export function packetHeaderSpace(
  h: PacketHeaderStatement | undefined,
  prefixList: (id: string) => readonly Cidr[] | undefined,
): Result<HeaderSpace, AwsError> {
  if (h === undefined) return ok(HeaderSpace.all());
  const addresses = (
    cidrs: readonly Cidr[] | undefined,
    lists: readonly string[] | undefined,
  ): Result<readonly Cidr[] | undefined, AwsError> => {
    if (lists === undefined) return ok(cidrs);
    const out: Cidr[] = [];
    for (const id of lists) {
      const entries = prefixList(id);
      if (entries === undefined) return fail(AwsErrors.notFound('prefix-list', id));
      out.push(...entries);
    }
    return ok(out);
  };
  const src = addresses(h.sourceAddresses, h.sourcePrefixLists);
  if (!src.ok) return src;
  const dst = addresses(h.destinationAddresses, h.destinationPrefixLists);
  if (!dst.ok) return dst;
  const hasPorts = h.sourcePorts !== undefined || h.destinationPorts !== undefined;
  const protocols: readonly Span[] | undefined =
    h.protocols === undefined
      ? hasPorts
        ? TCP_UDP
        : undefined
      : h.protocols.includes(-1)
        ? undefined
        : h.protocols.map((p) => ({ from: p, to: p }));
  const m: HeaderMatch = {
    ...(protocols ? { protocols } : {}),
    ...(src.value ? { sources: src.value } : {}),
    ...(dst.value ? { destinations: dst.value } : {}),
    ...(h.sourcePorts ? { sourcePorts: h.sourcePorts } : {}),
    ...(h.destinationPorts ? { destinationPorts: h.destinationPorts } : {}),
  };
  return ok(HeaderSpace.match(m));
}
