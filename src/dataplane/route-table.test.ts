import { describe, expect, it } from 'vitest';
import { Cidr, Ip, type Family } from '../net/index.js';
import type { Id } from '../model/ids.js';
import type { Route, RouteTable } from '../model/route-table.js';
import { World } from '../model/snapshot.js';
import { rng, type Rng } from '../../test/dataplane/random.js';
import type { NodeBase, PrefixListNode, RouteEntry } from './graph.js';
import { compileRouteTable, lookupRoute, routeRank } from './route-table.js';
import { RangeSet } from '../net/index.js';

const base = (id: string): NodeBase => ({
  id,
  name: undefined,
  region: 'us-east-1',
  ownerId: '111111111111',
});

/** A random CIDR inside a small block, so random routes overlap a lot. */
function randomCidr(r: Rng, family: Family): Cidr {
  const top = family === 4 ? Ip.parse('10.0.0.0')! : Ip.parse('2001:db8::')!;
  const bits = family === 4 ? 32 : 128;
  const prefix = r.chance(0.15) ? r.pick([0, 8, 16]) : r.int(bits - 8, bits);
  return Cidr.of(top.add(BigInt(r.int(0, 255)))!, prefix);
}

function randomAddress(r: Rng, family: Family): Ip {
  if (r.chance(0.1)) return family === 4 ? Ip.parse('11.0.0.1')! : Ip.parse('2001:db9::1')!;
  return (family === 4 ? Ip.parse('10.0.0.0')! : Ip.parse('2001:db8::')!).add(
    BigInt(r.int(0, 255)),
  )!;
}

/** A random table: static, propagated and prefix-list routes of both families over a few lists. */
function randomTable(r: Rng, lists: PrefixListNode[]): RouteTable {
  const routes: Route[] = [];
  const n = r.int(1, 14);
  for (let i = 0; i < n; i++) {
    const target = { gatewayId: `igw-${String(i).padStart(8, '0')}` };
    const kind = r.pick(['static', 'static', 'propagated', 'list'] as const);
    if (kind === 'list') {
      routes.push({
        destinationPrefixListId: r.pick(lists).id as Id<'prefix-list'>,
        ...target,
        origin: 'CreateRoute',
      });
      continue;
    }
    const cidr = randomCidr(r, r.pick([4, 6] as const));
    const dest =
      cidr.family === 4 ? { destinationCidrBlock: cidr } : { destinationIpv6CidrBlock: cidr };
    const origin = kind === 'propagated' ? 'EnableVgwRoutePropagation' : 'CreateRoute';
    routes.push({
      ...dest,
      ...(kind === 'propagated' ? { gatewayId: `vgw-${String(i).padStart(8, '0')}` } : target),
      origin,
    });
  }
  return {
    kind: 'route-table',
    id: 'rtb-00000001' as Id<'route-table'>,
    ownerId: '111111111111' as RouteTable['ownerId'],
    region: 'us-east-1' as RouteTable['region'],
    tags: [],
    vpcId: 'vpc-00000001' as Id<'vpc'>,
    routes,
    associations: [],
    propagatingVgws: [],
  };
}

function randomList(r: Rng, id: string): PrefixListNode {
  const family = r.pick([4, 6] as const);
  const cidrs = Array.from({ length: r.int(1, 4) }, () => randomCidr(r, family));
  return {
    ...base(id),
    kind: 'prefix-list',
    cidrs,
    addresses: {
      v4: RangeSet.fromCidrs(
        4,
        cidrs.filter((c) => c.family === 4),
      ),
      v6: RangeSet.fromCidrs(
        6,
        cidrs.filter((c) => c.family === 6),
      ),
    },
  };
}

/**
 * The naive reference: every route, prefix lists expanded, that contains the address; the
 * longest prefix; then static < prefix list < propagated; then the lowest list id; then the
 * earliest route.
 */
function naiveLookup(
  table: RouteTable,
  lists: Map<string, PrefixListNode>,
  dst: Ip,
): { order: number; destination: Cidr } | undefined {
  const candidates: { order: number; destination: Cidr; rank: number; pl: string }[] = [];
  table.routes.forEach((route, order) => {
    const dests = route.destinationPrefixListId
      ? (lists.get(route.destinationPrefixListId)?.cidrs ?? [])
      : [route.destinationCidrBlock ?? route.destinationIpv6CidrBlock!];
    for (const d of dests) {
      if (d.contains(dst))
        candidates.push({
          order,
          destination: d,
          rank: routeRank(route),
          pl: route.destinationPrefixListId ?? '',
        });
    }
  });
  candidates.sort(
    (a, b) =>
      b.destination.prefix - a.destination.prefix ||
      a.rank - b.rank ||
      (a.pl < b.pl ? -1 : a.pl > b.pl ? 1 : 0) ||
      a.order - b.order,
  );
  return candidates[0];
}

describe('route lookup', () => {
  it('agrees with a naive scan over every route on random tables and addresses', () => {
    const r = rng(20260101);
    const world = new World();
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const lists = [
        randomList(r, 'pl-0000000a'),
        randomList(r, 'pl-0000000b'),
        randomList(r, 'pl-00000009'),
      ];
      const byId = new Map(lists.map((l) => [l.id, l]));
      const table = randomTable(r, lists);
      const node = compileRouteTable(world, table, base(table.id), (id) => byId.get(id));
      for (let k = 0; k < 40; k++) {
        const dst = randomAddress(r, r.pick([4, 6] as const));
        const got: RouteEntry | undefined = lookupRoute(node, dst);
        const want = naiveLookup(table, byId, dst);
        expect(
          got && { order: got.order, destination: got.destination.toString() },
          `${dst.toString()} in ${JSON.stringify(table.routes)}`,
        ).toEqual(want && { order: want.order, destination: want.destination.toString() });
        checked++;
      }
    }
    expect(checked).toBe(12000);
  });

  it('ranks static over prefix-list over propagated routes', () => {
    expect(
      routeRank({
        destinationCidrBlock: Cidr.parse('10.0.0.0/8')!,
        gatewayId: 'local',
        origin: 'CreateRouteTable',
      }),
    ).toBe(0);
    expect(
      routeRank({
        destinationPrefixListId: 'pl-00000001' as Id<'prefix-list'>,
        gatewayId: 'igw-1',
        origin: 'CreateRoute',
      }),
    ).toBe(1);
    expect(
      routeRank({
        destinationCidrBlock: Cidr.parse('10.0.0.0/8')!,
        gatewayId: 'vgw-1',
        origin: 'EnableVgwRoutePropagation',
      }),
    ).toBe(2);
  });

  it('never forwards into the link-local service block, even under 0.0.0.0/0', () => {
    const table = randomTable(rng(1), []);
    const t: RouteTable = {
      ...table,
      routes: [
        {
          destinationCidrBlock: Cidr.parse('0.0.0.0/0')!,
          gatewayId: 'igw-00000001',
          origin: 'CreateRoute',
        },
      ],
    };
    const node = compileRouteTable(new World(), t, base(t.id), () => undefined);
    expect(lookupRoute(node, Ip.parse('169.254.169.254')!)).toBeUndefined();
    expect(lookupRoute(node, Ip.parse('169.254.172.1')!)).toBeDefined();
  });
});
