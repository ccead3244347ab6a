import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cidr } from './cidr.js';
import { type Family, Ip } from './ip.js';
import { PrefixTrie, type TrieEntry } from './prefix-trie.js';

type Op = { kind: 'set'; cidr: Cidr; value: number } | { kind: 'delete'; cidr: Cidr };

/**
 * Addresses cluster around a few seeds (with random low bits flipped) so that prefixes nest
 * and queries hit them; seeds include both ends of the space.
 */
function addressGen(family: Family): fc.Arbitrary<Ip> {
  const bits = family === 4 ? 32 : 128;
  const max = (1n << BigInt(bits)) - 1n;
  const seeds =
    family === 4
      ? [0n, max, 0x0a000000n, 0x0a010203n, 0xc0a80101n]
      : [0n, max, 0x20010db8n << 96n, (0x20010db8n << 96n) | 0xffffn, 0xfe80n << 112n];
  return fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.bigInt({ min: 0n, max }),
      fc.integer({ min: 0, max: bits }),
    )
    .map(([seed, noise, keep]) =>
      Ip.of(family, seed ^ (noise & ((1n << BigInt(bits - keep)) - 1n))),
    );
}

function cidrGen(family: Family): fc.Arbitrary<Cidr> {
  const bits = family === 4 ? 32 : 128;
  return fc
    .tuple(addressGen(family), fc.integer({ min: 0, max: bits }))
    .map(([ip, len]) => Cidr.of(ip, len));
}

function opsGen(family: Family): fc.Arbitrary<Op[]> {
  // Deletes draw from a small pool shared with sets so that many of them hit.
  return fc.array(cidrGen(family), { minLength: 1, maxLength: 12 }).chain((pool) =>
    fc.array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...pool), fc.integer())
          .map(([cidr, value]): Op => ({ kind: 'set', cidr, value })),
        fc.constantFrom(...pool).map((cidr): Op => ({ kind: 'delete', cidr })),
        cidrGen(family).map((cidr): Op => ({ kind: 'set', cidr, value: 0 })),
      ),
      { maxLength: 40 },
    ),
  );
}

/** Linear-scan oracle: every stored entry containing ip, longest prefix first. */
function scan(model: Map<string, TrieEntry<number>>, ip: Ip): Array<TrieEntry<number>> {
  return [...model.values()]
    .filter((e) => e.cidr.contains(ip))
    .sort((a, b) => b.cidr.prefix - a.cidr.prefix);
}

describe('PrefixTrie examples', () => {
  const p = (t: string): Cidr => Cidr.parse(t)!;
  const ip = (t: string): Ip => Ip.parse(t)!;

  it('matches the longest prefix like a route table', () => {
    const t = new PrefixTrie<string>(4);
    t.set(p('0.0.0.0/0'), 'igw');
    t.set(p('10.0.0.0/16'), 'local');
    t.set(p('10.0.5.0/24'), 'pcx');
    expect(t.lpm(ip('10.0.5.9'))?.value).toBe('pcx');
    expect(t.lpm(ip('10.0.6.9'))?.value).toBe('local');
    expect(t.lpm(ip('8.8.8.8'))?.cidr.toString()).toBe('0.0.0.0/0');
    expect(t.matches(ip('10.0.5.9')).map((e) => e.value)).toEqual(['pcx', 'local', 'igw']);
    expect(t.covered(p('10.0.0.0/8')).map((e) => e.value)).toEqual(['local', 'pcx']);
    expect(t.size).toBe(3);
    expect(t.delete(p('0.0.0.0/0'))).toBe(true);
    expect(t.delete(p('0.0.0.0/0'))).toBe(false);
    expect(t.lpm(ip('8.8.8.8'))).toBeUndefined();
    expect(t.get(p('10.0.0.0/16'))).toBe('local');
    expect(t.get(p('10.0.0.0/17'))).toBeUndefined();
    expect(t.has(p('10.0.5.0/24'))).toBe(true);
  });

  it('handles host routes and the full depth of IPv6', () => {
    const t = new PrefixTrie<number>(6);
    t.set(p('::/0'), 0);
    t.set(p('2001:db8::/32'), 32);
    t.set(p('2001:db8::1/128'), 128);
    t.set(p('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'), -1);
    expect(t.lpm(ip('2001:db8::1'))?.value).toBe(128);
    expect(t.lpm(ip('2001:db8::2'))?.value).toBe(32);
    expect(t.lpm(ip('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))?.value).toBe(-1);
    expect([...t].map((e) => e.cidr.toString())).toEqual([
      '::/0',
      '2001:db8::/32',
      '2001:db8::1/128',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128',
    ]);
  });

  it('treats mixing families as a programming error', () => {
    const t = new PrefixTrie<number>(4);
    expect(() => t.set(Cidr.all(6), 1)).toThrow(TypeError);
    expect(() => t.get(Cidr.all(6))).toThrow(TypeError);
    expect(() => t.delete(Cidr.all(6))).toThrow(TypeError);
    expect(() => t.lpm(ip('::1'))).toThrow(TypeError);
    expect(() => t.matches(ip('::1'))).toThrow(TypeError);
    expect(() => t.covered(Cidr.all(6))).toThrow(TypeError);
  });
});

describe('PrefixTrie properties (against a linear scan)', () => {
  for (const family of [4, 6] as const) {
    it(`IPv${family} lpm, matches, entries and covered agree after sets and deletes`, () => {
      fc.assert(
        fc.property(
          opsGen(family),
          fc.array(addressGen(family), { minLength: 1, maxLength: 10 }),
          cidrGen(family),
          (ops, queries, region) => {
            const trie = new PrefixTrie<number>(family);
            const model = new Map<string, TrieEntry<number>>();
            for (const op of ops) {
              const key = op.cidr.toString();
              if (op.kind === 'set') {
                trie.set(op.cidr, op.value);
                model.set(key, { cidr: op.cidr, value: op.value });
              } else {
                expect(trie.delete(op.cidr)).toBe(model.delete(key));
              }
            }
            expect(trie.size).toBe(model.size);
            const expected = [...model.values()].sort((a, b) => a.cidr.compare(b.cidr));
            expect([...trie.entries()]).toEqual(expected);
            for (const e of expected) expect(trie.get(e.cidr)).toBe(e.value);
            for (const q of [...queries, ...expected.map((e) => e.cidr.first)]) {
              const hits = scan(model, q);
              expect(trie.matches(q)).toEqual(hits);
              expect(trie.lpm(q)).toEqual(hits[0]);
            }
            expect(trie.covered(region)).toEqual(
              expected.filter((e) => region.containsCidr(e.cidr)),
            );
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('is empty again after deleting everything it stored', () => {
    fc.assert(
      fc.property(fc.array(cidrGen(6), { maxLength: 20 }), (cidrs) => {
        const trie = new PrefixTrie<null>(6);
        for (const c of cidrs) trie.set(c, null);
        for (const c of cidrs) trie.delete(c);
        expect(trie.size).toBe(0);
        expect([...trie.entries()]).toEqual([]);
      }),
    );
  });
});
