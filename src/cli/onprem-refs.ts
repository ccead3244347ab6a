import { Ip } from '../net/index.js';
import type { OnPremisesSite } from '../model/on-premises-site.js';
import type { Snapshot } from '../model/snapshot.js';

/** An on-premises end of a trace: the site, and the address when the reference names one. */
export interface OnPremisesRef {
  readonly id: string;
  readonly ip?: Ip;
}

/**
 * Resolves a CLI REF on premises (D41): a site id or name, a host name (`host` or
 * `site/host`), or an address inside a site's blocks. Undefined when the REF names none.
 * @example resolveOnPremisesRef(s, 'file-gateway') // { id: 'onprem-…', ip: 172.16.5.20 }
 */
export function resolveOnPremisesRef(s: Snapshot, ref: string): OnPremisesRef | undefined {
  const sites = [...s.all('on-premises-site')];
  const ip = Ip.parse(ref);
  if (ip) {
    const site = sites.find((o) => o.cidrs.some((c) => c.contains(ip)));
    return site ? { id: site.id, ip } : undefined;
  }
  const bySite = sites.find((o) => o.id === ref || o.siteName === ref);
  if (bySite) return { id: bySite.id };
  const slash = ref.indexOf('/');
  const [siteName, host] =
    slash > 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [undefined, ref];
  const inSite = (o: OnPremisesSite) => siteName === undefined || o.siteName === siteName;
  for (const o of sites) {
    if (!inSite(o)) continue;
    const h = o.hosts.find((x) => x.name === host);
    if (h) return { id: o.id, ip: h.ip };
  }
  return undefined;
}
