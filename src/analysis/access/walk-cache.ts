import { Cidr, HeaderSpace, type Ip } from '../../net/index.js';
import type {
  AclNode,
  Dataplane,
  EniNode,
  SgNode,
  SgRuleNode,
  RouteTableNode,
  TgwRouteEntry,
  TgwRouteTableNode,
  VpcNode,
} from '../../dataplane/index.js';
import { namesGroup } from '../../dataplane/index.js';
import { networkAclPartition, type AclPartition } from './network-acl.js';
import { routeTablePartition, type RoutePartition } from './route-table.js';
import { sgRuleNodeSpace } from './security-group.js';

/**
 * What the symbolic walk derives from the graph once per dataplane and reuses on every path:
 * rule partitions (security groups, ACLs, route tables), and the sorted address indexes that
 * let it split a set of destinations by the interface that owns each address without visiting
 * addresses the set does not hold.
 */

/** A rule and the headers it is the first to admit. */
export interface RuleShare<R> {
  readonly rule: R;
  readonly space: HeaderSpace;
}

/** An address index: owners sorted by address. */
interface AddressIndex<T> {
  readonly keys4: readonly bigint[];
  readonly values4: readonly T[];
  readonly keys6: readonly bigint[];
  readonly values6: readonly T[];
}

/** A TGW route table's destinations, split among its winning routes (ECMP groups). */
export interface TgwShare {
  readonly entries: readonly TgwRouteEntry[];
  readonly space: HeaderSpace;
}

export class WalkCache {
  private readonly sg = new Map<string, readonly RuleShare<SgRuleNode>[]>();
  private readonly acl = new Map<AclNode, AclPartition>();
  private readonly aclOut = new Map<AclNode, AclPartition>();
  private readonly routes = new Map<RouteTableNode, RoutePartition>();
  private readonly tgwRoutes = new Map<TgwRouteTableNode, readonly TgwShare[]>();
  private readonly owners = new Map<VpcNode, AddressIndex<EniNode>>();
  private readonly publics = new Map<VpcNode, AddressIndex<{ eni: EniNode; privateIp: Ip }>>();
  private readonly privates = new Map<VpcNode, AddressIndex<Ip>>();
  private readonly eniSpaces = new Map<EniNode, HeaderSpace>();
  private readonly vpcSources = new Map<VpcNode, HeaderSpace>();
  private readonly alikeOf = new Map<
    EniNode,
    { members: readonly EniNode[]; space: HeaderSpace }
  >();

  constructor(readonly dp: Dataplane) {}

  /**
   * An interface's groups in one direction as first-match shares (groups in ENI order, rules in
   * group order — the order the tracer reports the admitting rule in). Traffic no interface sent
   * (`sentByInterface` false: from the internet, on premises) matches no rule naming a group (D149).
   */
  securityGroups(
    groups: readonly SgNode[],
    egress: boolean,
    sentByInterface = true,
  ): readonly RuleShare<SgRuleNode>[] {
    const key = `${egress ? 'e' : 'i'}${sentByInterface ? '' : 'x'}|${groups.map((g) => g.id).join(',')}`;
    let out = this.sg.get(key);
    if (!out) {
      const shares: RuleShare<SgRuleNode>[] = [];
      let taken = HeaderSpace.none();
      for (const g of groups) {
        for (const r of egress ? g.egress : g.ingress) {
          if (!sentByInterface && namesGroup(r)) continue;
          const m = sgRuleNodeSpace(r);
          const space = m.difference(taken);
          if (!space.isEmpty()) shares.push({ rule: r, space });
          taken = taken.union(m);
        }
      }
      out = shares;
      this.sg.set(key, out);
    }
    return out;
  }

  networkAcl(acl: AclNode, egress: boolean): AclPartition {
    const map = egress ? this.aclOut : this.acl;
    let out = map.get(acl);
    if (!out) map.set(acl, (out = networkAclPartition(acl, egress)));
    return out;
  }

  routeTable(table: RouteTableNode): RoutePartition {
    let out = this.routes.get(table);
    if (!out) this.routes.set(table, (out = routeTablePartition(table)));
    return out;
  }

  /** A TGW route table's shares by longest prefix (each prefix's group of equal winners). */
  tgwRouteTable(table: TgwRouteTableNode): readonly TgwShare[] {
    let out = this.tgwRoutes.get(table);
    if (!out) {
      const shares: TgwShare[] = [];
      for (const trie of [table.v4, table.v6]) {
        const entries = [...trie.entries()].sort((a, b) => a.cidr.compare(b.cidr));
        entries.forEach((e, i) => {
          const inside: Cidr[] = [];
          for (let j = i + 1; j < entries.length && entries[j]!.cidr.base <= e.cidr.end; j++) {
            inside.push(entries[j]!.cidr);
          }
          const space = HeaderSpace.all()
            .restrictAddress('destination', [e.cidr])
            .excludeAddress('destination', inside);
          if (!space.isEmpty() && e.value.length > 0) shares.push({ entries: e.value, space });
        });
      }
      out = shares;
      this.tgwRoutes.set(table, out);
    }
    return out;
  }

  /**
   * The interfaces that behave alike with `eni` when receiving: receive-only ones (source/
   * destination check on, an instance's or other plain interface, running) of one subnet with
   * the same groups; any other interface stands alone. With the headers addressed to them.
   */
  alike(eni: EniNode): { readonly members: readonly EniNode[]; readonly space: HeaderSpace } {
    let out = this.alikeOf.get(eni);
    if (!out) {
      for (const [k, v] of this.groupsIn(eni.vpc)) this.alikeOf.set(k, v);
      out = this.alikeOf.get(eni)!;
    }
    return out;
  }

  private groupsIn(vpc: VpcNode): Map<EniNode, { members: EniNode[]; space: HeaderSpace }> {
    const out = new Map<EniNode, { members: EniNode[]; space: HeaderSpace }>();
    const byKey = new Map<string, EniNode[]>();
    const owners = new Set([...vpc.owners4.values(), ...vpc.owners6.values()]);
    for (const eni of owners) {
      const plain =
        eni.sourceDestCheck &&
        (eni.role.kind === 'interface' || eni.role.kind === 'other') &&
        (!eni.instance || eni.instance.state === 'running');
      const key = plain
        ? `${eni.subnet.id}|${eni.securityGroups.map((g) => g.id).join(',')}`
        : eni.id;
      const list = byKey.get(key);
      if (list) list.push(eni);
      else byKey.set(key, [eni]);
    }
    for (const members of byKey.values()) {
      const space =
        members.length === 1
          ? this.addressedTo(members[0]!)
          : HeaderSpace.all().restrictAddress('destination', members.flatMap(eniCidrs));
      for (const m of members) out.set(m, { members, space });
    }
    return out;
  }

  /** The headers sent from an address some ENI of the VPC owns. */
  ownedSources(vpc: VpcNode): HeaderSpace {
    let out = this.vpcSources.get(vpc);
    if (!out) {
      const cidrs = [...vpc.owners4.values(), ...vpc.owners6.values()];
      const hosts = [...new Set(cidrs)].flatMap((eni) => eniCidrs(eni));
      out = HeaderSpace.all().restrictAddress('source', hosts);
      this.vpcSources.set(vpc, out);
    }
    return out;
  }

  /** The headers addressed to one of an ENI's own addresses. */
  addressedTo(eni: EniNode): HeaderSpace {
    let out = this.eniSpaces.get(eni);
    if (!out) {
      const cidrs = eniCidrs(eni);
      out = HeaderSpace.all().restrictAddress('destination', cidrs);
      this.eniSpaces.set(eni, out);
    }
    return out;
  }

  /** The ENIs of a VPC that own a destination address in the space, in address order. */
  ownersOf(vpc: VpcNode, space: HeaderSpace): EniNode[] {
    let index = this.owners.get(vpc);
    if (!index) {
      index = indexOf(
        [...vpc.owners4].map(([k, eni]) => [BigInt(k), eni] as const),
        [...vpc.owners6],
      );
      this.owners.set(vpc, index);
    }
    return unique(lookup(index, space, DESTINATION));
  }

  /** The public IPv4s of a VPC the space is addressed to, with the private IP each maps to. */
  publicIpsOf(vpc: VpcNode, space: HeaderSpace): { ip: bigint; eni: EniNode; privateIp: Ip }[] {
    let index = this.publics.get(vpc);
    if (!index) {
      index = indexOf(
        [...vpc.publicIps].map(([k, v]) => [BigInt(k), v] as const),
        [],
      );
      this.publics.set(vpc, index);
    }
    return lookupKeyed(index, space, DESTINATION).map(([ip, v]) => ({ ip, ...v }));
  }

  /** The private IPv4s of a VPC with a public IP that the space is sent from, with that public IP. */
  publicSourcesOf(vpc: VpcNode, space: HeaderSpace): { ip: bigint; publicIp: Ip }[] {
    let index = this.privates.get(vpc);
    if (!index) {
      const pairs: (readonly [bigint, Ip])[] = [];
      for (const [k, eni] of vpc.owners4) {
        const pub = eni.publicIps?.get(k);
        if (pub) pairs.push([BigInt(k), pub]);
      }
      index = indexOf(pairs, []);
      this.privates.set(vpc, index);
    }
    return lookupKeyed(index, space, SOURCE).map(([ip, publicIp]) => ({ ip, publicIp }));
  }
}

/** An ENI's own addresses, each as a one-address CIDR. */
export const eniCidrs = (eni: EniNode): Cidr[] => [...eni.v4, ...eni.v6].map((ip) => Cidr.host(ip));

const SOURCE = 1;
const DESTINATION = 2;

function indexOf<T>(
  v4: readonly (readonly [bigint, T])[],
  v6: readonly (readonly [bigint, T])[],
): AddressIndex<T> {
  const sorted = (xs: readonly (readonly [bigint, T])[]) =>
    [...xs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const s4 = sorted(v4);
  const s6 = sorted(v6);
  return {
    keys4: s4.map((x) => x[0]),
    values4: s4.map((x) => x[1]),
    keys6: s6.map((x) => x[0]),
    values6: s6.map((x) => x[1]),
  };
}

/** The first index whose key is ≥ v. */
function lowerBound(keys: readonly bigint[], v: bigint): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every (key, value) of the index whose key lies in the space's side d, in key order. */
function lookupKeyed<T>(index: AddressIndex<T>, space: HeaderSpace, d: number): [bigint, T][] {
  const out: [bigint, T][] = [];
  const scan = (
    cubes: readonly (readonly (readonly bigint[])[])[],
    keys: readonly bigint[],
    values: readonly T[],
  ) => {
    if (keys.length === 0) return;
    const hits = new Set<number>();
    for (const c of cubes) {
      const side = c[d]!;
      for (let i = 0; i < side.length; i += 2) {
        for (let k = lowerBound(keys, side[i]!); k < keys.length && keys[k]! <= side[i + 1]!; k++) {
          hits.add(k);
        }
      }
    }
    for (const k of [...hits].sort((a, b) => a - b)) out.push([keys[k]!, values[k]!]);
  };
  scan(space.v4.cubes, index.keys4, index.values4);
  scan(space.v6.cubes, index.keys6, index.values6);
  return out;
}

const lookup = <T>(index: AddressIndex<T>, space: HeaderSpace, d: number): T[] =>
  lookupKeyed(index, space, d).map((x) => x[1]);

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
