import { Cidr, HeaderSpace, Ip, RangeSet, type Span } from '../src/net/index.js';
import { Bdd, type BddField, FALSE, TRUE } from './headerspace-bdd.js';

/**
 * Header spaces on the analyzer's workload (decision D121): 1,000 routes cut into their
 * longest-prefix shares of the destination space, the union of 200 security-group rules, 20
 * ordered network-ACL entries, and then each share met with what the rules allow (emptiness
 * and a witness per share). The cube sets of src/net against a BDD, same rules, same run; the
 * two must agree on the number of headers allowed per share.
 */
interface Rule {
  readonly cidr: Cidr;
  readonly protocol: number;
  readonly ports?: Span;
}
interface AclRule extends Rule {
  readonly allow: boolean;
}

export interface HeaderSpaceBench {
  readonly cubes: { buildMs: number; queryMs: number; boxes: number };
  readonly bdd: { buildMs: number; queryMs: number; nodes: number };
  readonly reachableShares: number;
  readonly ratio: number;
}

function workload(routesCount: number, sgCount: number, aclCount: number) {
  let seed = 4242;
  const rand = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const inTen = (len: number): Cidr => Cidr.of(Ip.fromUint32(0x0a000000 + rand(1 << 24)), len);
  const routes: Cidr[] = [Cidr.all(4)];
  for (let i = 1; i < routesCount; i++) routes.push(inTen(16 + rand(13)));
  const proto = (): { protocol: number; ports?: Span } => {
    const k = rand(10);
    if (k < 6 || k === 9) {
      const from = [22, 80, 443, 3306, 5432, 8080, 1024][rand(7)]!;
      return { protocol: k === 9 ? 17 : 6, ports: { from, to: from === 1024 ? 65535 : from } };
    }
    if (k < 8) return { protocol: 1 };
    return { protocol: -1 };
  };
  const sg: Rule[] = [];
  for (let i = 0; i < sgCount; i++)
    sg.push({ cidr: rand(20) === 0 ? Cidr.all(4) : inTen(16 + rand(17)), ...proto() });
  const acl: AclRule[] = [];
  for (let i = 0; i < aclCount; i++)
    acl.push({ cidr: inTen(8 + rand(17)), allow: rand(3) > 0, ...proto() });
  acl.push({ cidr: Cidr.all(4), allow: true, protocol: -1 });
  return { routes, sg, acl };
}

type Work = ReturnType<typeof workload>;

function withCubes(w: Work): { build: number; query: number; counts: bigint[]; boxes: number } {
  const t0 = performance.now();
  const ruleSpace = (r: Rule): HeaderSpace =>
    HeaderSpace.match({
      destinations: [r.cidr],
      ...(r.protocol >= 0 ? { protocols: [{ from: r.protocol, to: r.protocol }] } : {}),
      ...(r.ports ? { destinationPorts: [r.ports] } : {}),
    });
  let sg = HeaderSpace.none();
  for (const r of w.sg) sg = sg.union(ruleSpace(r));
  let acl = HeaderSpace.none();
  let rest = HeaderSpace.family(4);
  for (const r of w.acl) {
    const m = ruleSpace(r);
    if (r.allow) acl = acl.union(rest.intersect(m));
    rest = rest.difference(m);
  }
  const allowed = sg.intersect(acl);
  const byLength = [...w.routes].sort((a, b) => b.prefix - a.prefix);
  const shares: HeaderSpace[] = [];
  const all = HeaderSpace.family(4);
  // What longer prefixes took, as one address set: each share is then a single box.
  let longer = { v4: RangeSet.empty(4), v6: RangeSet.empty(6) };
  for (const c of byLength) {
    shares.push(all.restrictAddress('destination', [c]).excludeAddress('destination', longer));
    longer = { v4: longer.v4.union(RangeSet.fromCidrs(4, [c])), v6: longer.v6 };
  }
  const t1 = performance.now();
  const met = shares.map((s) => {
    const x = s.intersect(allowed);
    if (!x.isEmpty()) x.witness();
    return x;
  });
  const t2 = performance.now();
  // Counting is for the cross-check only, outside the timed part.
  const counts = met.map((x) => x.size());
  return { build: t1 - t0, query: t2 - t1, counts, boxes: allowed.v4.cubes.length };
}

const F: Record<'dst' | 'src' | 'protocol' | 'dport' | 'sport', BddField> = {
  dst: { offset: 0, width: 32 },
  src: { offset: 32, width: 32 },
  protocol: { offset: 64, width: 8 },
  dport: { offset: 72, width: 16 },
  sport: { offset: 88, width: 16 },
};

function withBdd(w: Work): { build: number; query: number; counts: bigint[]; nodes: number } {
  const t0 = performance.now();
  const b = new Bdd(104);
  const prefix = (c: Cidr): number => b.range(F.dst, Number(c.base), Number(c.end));
  const ruleSpace = (r: Rule): number => {
    let x = prefix(r.cidr);
    if (r.protocol >= 0) x = b.and(x, b.range(F.protocol, r.protocol, r.protocol));
    if (r.ports) x = b.and(x, b.range(F.dport, r.ports.from, r.ports.to));
    return x;
  };
  let sg = FALSE;
  for (const r of w.sg) sg = b.or(sg, ruleSpace(r));
  let acl = FALSE;
  let rest = TRUE;
  for (const r of w.acl) {
    const m = ruleSpace(r);
    if (r.allow) acl = b.or(acl, b.and(rest, m));
    rest = b.diff(rest, m);
  }
  const allowed = b.and(sg, acl);
  const byLength = [...w.routes].sort((x, y) => y.prefix - x.prefix);
  const shares: number[] = [];
  let taken = FALSE;
  for (const c of byLength) {
    const p = prefix(c);
    shares.push(b.diff(p, taken));
    taken = b.or(taken, p);
  }
  const t1 = performance.now();
  const met = shares.map((s) => {
    const x = b.and(s, allowed);
    if (x !== FALSE) b.witness(x);
    return x;
  });
  const t2 = performance.now();
  const counts = met.map((x) => b.count(x));
  return { build: t1 - t0, query: t2 - t1, counts, nodes: b.nodes };
}

/** Runs both representations (best of `rounds`) and checks that they agree. */
export function benchHeaderSpace(
  routes = 1000,
  sgRules = 200,
  aclEntries = 20,
  rounds = 3,
): HeaderSpaceBench {
  const w = workload(routes, sgRules, aclEntries);
  let cubes = withCubes(w);
  let bdd = withBdd(w);
  cubes.counts.forEach((n, i) => {
    if (n !== bdd.counts[i])
      throw new Error(`share ${i}: cubes ${n} headers, BDD ${bdd.counts[i]}`);
  });
  for (let r = 1; r < rounds; r++) {
    const c = withCubes(w);
    if (c.build + c.query < cubes.build + cubes.query) cubes = c;
    const d = withBdd(w);
    if (d.build + d.query < bdd.build + bdd.query) bdd = d;
  }
  return {
    cubes: { buildMs: cubes.build, queryMs: cubes.query, boxes: cubes.boxes },
    bdd: { buildMs: bdd.build, queryMs: bdd.query, nodes: bdd.nodes },
    reachableShares: cubes.counts.filter((n) => n > 0n).length,
    ratio: (bdd.build + bdd.query) / (cubes.build + cubes.query),
  };
}

// `npx tsx bench/headerspace.ts`: the comparison on its own.
if (process.argv[1]?.endsWith('headerspace.ts')) {
  const r = benchHeaderSpace(1000, 200, 20, 5);
  const f = (n: number): string => n.toFixed(1);
  console.log(
    'header spaces: 1,000 routes (LPM shares), 200 SG rules, 20 ACL entries; shares met with the allowed space',
  );
  console.log(
    `  cube sets  build ${f(r.cubes.buildMs)} ms, query ${f(r.cubes.queryMs)} ms (allowed space: ${r.cubes.boxes} boxes)`,
  );
  console.log(
    `  BDD        build ${f(r.bdd.buildMs)} ms, query ${f(r.bdd.queryMs)} ms (${r.bdd.nodes} nodes)`,
  );
  console.log(`  ${r.reachableShares} shares reachable; BDD / cubes time: ${r.ratio.toFixed(2)}×`);
}
