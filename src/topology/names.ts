/**
 * Names in a topology file. Most names are scoped to their VPC (two VPCs may both have a
 * subnet `private-a`); a reference is looked up in the referring VPC first, then across the
 * whole file, and `vpc-name/name` qualifies it. Elastic IPs and prefix lists are per Region,
 * VPCs and peerings per file.
 */
export type NameKind =
  | 'vpc'
  | 'subnet'
  | 'route-table'
  | 'security-group'
  | 'network-acl'
  | 'network-interface'
  | 'instance'
  | 'nat-gateway'
  | 'vpc-endpoint'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'elastic-ip'
  | 'prefix-list'
  | 'vpc-peering-connection'
  | 'transit-gateway'
  | 'transit-gateway-attachment'
  | 'transit-gateway-route-table'
  | 'load-balancer'
  | 'target-group'
  | 'vpc-endpoint-service'
  | 'customer-gateway'
  | 'vpn-gateway'
  | 'vpn-connection'
  | 'direct-connect-gateway'
  | 'virtual-interface'
  | 'on-premises-site'
  | 'ipam-pool';

interface Entry {
  readonly id: string;
  /** The VPC name the entry belongs to, or '' for names above VPCs. */
  readonly vpc: string;
  /** `account/region`, for names scoped to a Region. */
  readonly region: string;
}

/** The result of looking a name up: the id, or why it could not be found. */
export type Lookup = { ok: true; id: string } | { ok: false; message: string };

/** Maps names to ids as the loader creates resources. */
export class NameTable {
  /** Every entry of a (kind, name), for lookups across scopes. */
  private readonly entries = new Map<string, Entry[]>();
  /** (kind, name, vpc, region) → id: the common, local lookup in O(1). */
  private readonly exact = new Map<string, string>();

  /** Records a name; false if the name is already taken in that scope. */
  add(kind: NameKind, name: string, entry: Entry): boolean {
    const scoped = `${kind}:${name}\0${entry.vpc}\0${entry.region}`;
    if (this.exact.has(scoped)) return false;
    this.exact.set(scoped, entry.id);
    const key = `${kind}:${name}`;
    const list = this.entries.get(key);
    if (list) list.push(entry);
    else this.entries.set(key, [entry]);
    return true;
  }

  /** Looks a reference up from a VPC (`vpc` name) in a Region (`account/region`). */
  resolve(kind: NameKind, ref: string, from: { vpc: string; region: string }): Lookup {
    const slash = ref.lastIndexOf('/');
    const [vpc, name] = slash > 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [undefined, ref];
    const local =
      vpc === undefined
        ? this.exact.get(`${kind}:${name}\0${from.vpc}\0${from.region}`)
        : undefined;
    if (local !== undefined) return { ok: true, id: local };
    const list = this.entries.get(`${kind}:${name}`) ?? [];
    const noun = kind.replaceAll('-', ' ');
    if (vpc !== undefined) {
      const hits = list.filter((e) => e.vpc === vpc);
      const inRegion = hits.filter((e) => e.region === from.region);
      const pick = inRegion.length === 1 ? inRegion : hits;
      if (pick.length === 1 && pick[0]) return { ok: true, id: pick[0].id };
      return { ok: false, message: `no ${noun} named '${name}' in VPC '${vpc}'` };
    }
    const regional = list.filter((e) => e.region === from.region);
    if (regional.length === 1 && regional[0]) return { ok: true, id: regional[0].id };
    if (list.length === 1 && list[0]) return { ok: true, id: list[0].id };
    if (list.length === 0) return { ok: false, message: `no ${noun} named '${name}'` };
    return {
      ok: false,
      message: `the ${noun} name '${name}' is ambiguous: qualify it as <vpc-name>/${name} (found in ${list
        .map((e) => e.vpc || e.region)
        .join(', ')})`,
    };
  }
}
