import { HeaderSpace, type Cidr } from '../../net/index.js';

/**
 * The set reading of a longest-prefix choice among candidates that each carry prefixes — a
 * site's uplinks (vpn-gateway.ts `siteUplink`), a virtual interface's gateways (`vifGateway`,
 * `vifTransitGateway`): the destinations each candidate carries. A destination goes to the
 * candidates holding the longest prefix that covers it (two prefixes of one length never
 * overlap, so these all hold the same one), narrowed by `pick` (the first, by default); what no
 * prefix covers goes to `fallback`, when there is one. Candidates come out in the order the
 * choice first gives them something, each once, with all it carries: one walk per way out.
 *
 * @example prefixChoices([{ cidr: 10.0.0.0/8, value: 'a' }, { cidr: 10.1.0.0/16, value: 'b' }], 'a')
 *   // b → 10.1.0.0/16; a → everything else
 */
export function prefixChoices<T>(
  offers: readonly { readonly cidr: Cidr; readonly value: T }[],
  fallback: T | undefined,
  pick: (tied: readonly T[]) => readonly T[] = (tied) => tied.slice(0, 1),
): Map<T, HeaderSpace> {
  const byPrefix = new Map<string, { cidr: Cidr; tied: T[] }>();
  for (const { cidr, value } of offers) {
    const key = cidr.toString();
    const group = byPrefix.get(key) ?? { cidr, tied: [] };
    byPrefix.set(key, group);
    if (!group.tied.includes(value)) group.tied.push(value);
  }
  const groups = [...byPrefix.values()].sort((a, b) => b.cidr.prefix - a.cidr.prefix);
  const out = new Map<T, HeaderSpace>();
  const give = (values: readonly T[], space: HeaderSpace) => {
    for (const v of values) out.set(v, out.get(v)?.union(space) ?? space);
  };
  let rest = HeaderSpace.all();
  for (const { cidr, tied } of groups) {
    const dst = HeaderSpace.all().restrictAddress('destination', [cidr]);
    const space = rest.intersect(dst);
    if (space.isEmpty()) continue;
    give(pick(tied), space);
    rest = rest.intersect(dst.complement());
  }
  if (fallback !== undefined && !rest.isEmpty()) give([fallback], rest);
  return out;
}
