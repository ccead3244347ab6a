import { Cidr } from './cidr.js';
import { type Family, Ip, assertSameFamily } from './ip.js';

/** A prefix stored in a PrefixTrie with its value. */
export interface TrieEntry<T> {
  /** The stored prefix. */
  readonly cidr: Cidr;
  /** The value stored under it. */
  readonly value: T;
}

/** Node 0 is the root; since the root is nobody's child, 0 also means "no child". */
const ROOT = 0;
const NONE = 0;
const ABSENT = -1;

/**
 * Splits an address value into 32-bit words, most significant first, once per operation:
 * the walk then reads bits with number arithmetic, since bigint work per bit would dominate.
 */
function toWords(family: Family, value: bigint): number[] {
  if (family === 4) return [Number(value)];
  return [
    Number((value >> 96n) & 0xffff_ffffn),
    Number((value >> 64n) & 0xffff_ffffn),
    Number((value >> 32n) & 0xffff_ffffn),
    Number(value & 0xffff_ffffn),
  ];
}

function bitAt(words: number[], i: number): number {
  return (words[i >>> 5]! >>> (31 - (i & 31))) & 1;
}

/**
 * A binary trie of CIDR prefixes of one family, mapping each to a value, with
 * longest-prefix match as a route table needs.
 *
 * Nodes live in flat arrays indexed by node number rather than as objects: a lookup touches
 * a dozen or more nodes, and packed Int32Array children keep those touches in cache
 * (about 1.7× faster than object nodes at 10,000 random IPv4 routes).
 *
 * @example trie.set(Cidr.parse('10.0.0.0/8')!, 'local'); trie.lpm(Ip.parse('10.1.2.3')!)
 */
export class PrefixTrie<T> {
  /** The one family of every stored prefix and looked-up address. */
  readonly family: Family;
  /** kids[2n] and kids[2n + 1]: node n's zero and one children, NONE when absent. */
  private kids = new Int32Array(64);
  private readonly slots: Array<TrieEntry<T> | undefined> = [undefined];
  private readonly freeNodes: number[] = [];
  private nodeCount = 1;
  private count = 0;

  /** An empty trie for addresses of the family. */
  constructor(family: Family) {
    this.family = family;
  }

  /** Number of stored prefixes. */
  get size(): number {
    return this.count;
  }

  /** Stores value under cidr, replacing any previous value. */
  set(cidr: Cidr, value: T): void {
    assertSameFamily(this.family, cidr.family, 'PrefixTrie.set');
    const words = toWords(this.family, cidr.base);
    let node = ROOT;
    for (let i = 0; i < cidr.prefix; i++) {
      const at = (node << 1) | bitAt(words, i);
      let next = this.kids[at]!;
      if (next === NONE) {
        next = this.allocate();
        this.kids[at] = next; // after allocate(), which may have replaced kids
      }
      node = next;
    }
    if (this.slots[node] === undefined) this.count++;
    // A fresh entry object, so entries handed out earlier stay as they were.
    this.slots[node] = { cidr, value };
  }

  /** The value stored under exactly cidr. */
  get(cidr: Cidr): T | undefined {
    assertSameFamily(this.family, cidr.family, 'PrefixTrie.get');
    const node = this.find(cidr);
    return node === ABSENT ? undefined : this.slots[node]?.value;
  }

  /** True when cidr itself is stored. */
  has(cidr: Cidr): boolean {
    assertSameFamily(this.family, cidr.family, 'PrefixTrie.has');
    const node = this.find(cidr);
    return node !== ABSENT && this.slots[node] !== undefined;
  }

  /** Removes cidr; returns whether it was stored. */
  delete(cidr: Cidr): boolean {
    assertSameFamily(this.family, cidr.family, 'PrefixTrie.delete');
    const words = toWords(this.family, cidr.base);
    const path = [ROOT];
    let node = ROOT;
    for (let i = 0; i < cidr.prefix; i++) {
      node = this.kids[(node << 1) | bitAt(words, i)]!;
      if (node === NONE) return false;
      path.push(node);
    }
    if (this.slots[node] === undefined) return false;
    this.slots[node] = undefined;
    this.count--;
    // Recycle the now-useless tail of the path so memory follows the live prefixes.
    for (let depth = path.length - 1; depth > 0; depth--) {
      const n = path[depth]!;
      if (this.slots[n] !== undefined || this.kids[n << 1] !== NONE) break;
      if (this.kids[(n << 1) | 1] !== NONE) break;
      this.kids[(path[depth - 1]! << 1) | bitAt(words, depth - 1)] = NONE;
      this.freeNodes.push(n);
    }
    return true;
  }

  /** The longest stored prefix containing ip, with its value. */
  lpm(ip: Ip): TrieEntry<T> | undefined {
    assertSameFamily(this.family, ip.family, 'PrefixTrie.lpm');
    let best: TrieEntry<T> | undefined;
    this.walkPath(ip, (entry) => {
      best = entry;
    });
    return best;
  }

  /** Every stored prefix containing ip, longest first. */
  matches(ip: Ip): Array<TrieEntry<T>> {
    assertSameFamily(this.family, ip.family, 'PrefixTrie.matches');
    const found: Array<TrieEntry<T>> = [];
    this.walkPath(ip, (entry) => {
      found.push(entry);
    });
    return found.reverse();
  }

  /** Every stored prefix lying inside cidr (cidr itself included), in (base, prefix) order. */
  covered(cidr: Cidr): Array<TrieEntry<T>> {
    assertSameFamily(this.family, cidr.family, 'PrefixTrie.covered');
    const node = this.find(cidr);
    return node === ABSENT ? [] : [...this.walk(node)];
  }

  /** Every stored prefix in (base, prefix) order. */
  entries(): Generator<TrieEntry<T>> {
    return this.walk(ROOT);
  }

  /** Same as entries(). */
  [Symbol.iterator](): Generator<TrieEntry<T>> {
    return this.walk(ROOT);
  }

  private allocate(): number {
    const reused = this.freeNodes.pop();
    if (reused !== undefined) return reused;
    const node = this.nodeCount++;
    if (node << 1 >= this.kids.length) {
      const grown = new Int32Array(this.kids.length * 2);
      grown.set(this.kids);
      this.kids = grown;
    }
    this.slots.push(undefined);
    return node;
  }

  /** The node for exactly cidr, or ABSENT when its path was never built. */
  private find(cidr: Cidr): number {
    const words = toWords(this.family, cidr.base);
    let node = ROOT;
    for (let i = 0; i < cidr.prefix; i++) {
      node = this.kids[(node << 1) | bitAt(words, i)]!;
      if (node === NONE) return ABSENT;
    }
    return node;
  }

  /** Calls visit with each entry on ip's path, shortest prefix first. */
  private walkPath(ip: Ip, visit: (entry: TrieEntry<T>) => void): void {
    const kids = this.kids;
    const slots = this.slots;
    let node = ROOT;
    if (this.family === 4) {
      // The hot case (route lookups) gets a loop over one plain number.
      const n = Number(ip.value);
      for (let i = 31; ; i--) {
        const entry = slots[node];
        if (entry !== undefined) visit(entry);
        if (i < 0) return;
        node = kids[(node << 1) | ((n >>> i) & 1)]!;
        if (node === NONE) return;
      }
    }
    const words = toWords(6, ip.value);
    for (let i = 0; ; i++) {
      const entry = slots[node];
      if (entry !== undefined) visit(entry);
      if (i === 128) return;
      node = kids[(node << 1) | bitAt(words, i)]!;
      if (node === NONE) return;
    }
  }

  /**
   * Pre-order walk, zero branch first: a node's prefix has the lowest base in its subtree and
   * the shortest length among equal bases, which is exactly (base, prefix) order.
   * An explicit stack, because IPv6 paths are 128 deep.
   */
  private *walk(start: number): Generator<TrieEntry<T>> {
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const entry = this.slots[node];
      if (entry !== undefined) yield entry;
      const one = this.kids[(node << 1) | 1]!;
      const zero = this.kids[node << 1]!;
      if (one !== NONE) stack.push(one);
      if (zero !== NONE) stack.push(zero);
    }
  }
}
