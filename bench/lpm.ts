import { Cidr, Ip, PrefixTrie } from '../src/net/index.js';

/**
 * Longest-prefix match at 10,000 IPv4 routes: the prefix trie against a linear scan over the
 * same routes (the baseline), in the same run, on the same queries.
 */
export function benchLpm(
  routesCount = 10_000,
  queriesCount = 200_000,
): { trieNsPerLookup: number; scanNsPerLookup: number; ratio: number } {
  // A fixed-seed LCG: the same workload every run.
  let seed = 12345;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const routes: Cidr[] = [];
  const trie = new PrefixTrie<number>(4);
  for (let i = 0; i < routesCount; i++) {
    const c = Cidr.of(Ip.fromUint32(rand()), 8 + (rand() % 25));
    routes.push(c);
    trie.set(c, i);
  }
  const queries = Array.from({ length: queriesCount }, () => Ip.fromUint32(rand()));
  const linear = (q: Ip): Cidr | undefined => {
    let best: Cidr | undefined;
    for (const c of routes) if (c.contains(q) && (!best || c.prefix > best.prefix)) best = c;
    return best;
  };
  const scanQueries = queries.slice(0, 2_000);
  for (const q of scanQueries) {
    if (trie.lpm(q)?.cidr.prefix !== linear(q)?.prefix)
      throw new Error(`trie and scan disagree on ${q.toString()}`);
  }
  const time = (fn: (q: Ip) => unknown, qs: Ip[]): number => {
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const t0 = process.hrtime.bigint();
      for (const q of qs) fn(q);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / qs.length);
    }
    return best;
  };
  const trieNs = time((q) => trie.lpm(q), queries);
  const scanNs = time(linear, scanQueries);
  return { trieNsPerLookup: trieNs, scanNsPerLookup: scanNs, ratio: scanNs / trieNs };
}
