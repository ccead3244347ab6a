/** One node of the treap: a key, its heap priority and two subtrees. */
interface Node {
  readonly key: bigint;
  readonly priority: number;
  left: Node | undefined;
  right: Node | undefined;
}

/**
 * A sorted set of bigint keys (a treap): insert, delete, smallest and "smallest ≥ x" in
 * O(log n) expected. Priorities come from a fixed-seed xorshift, so the tree's shape, and any
 * timing that depends on it, is the same on every run.
 *
 * @example const s = new SortedKeys(); s.add(5n); s.add(2n); s.ceiling(3n) // 5n
 */
export class SortedKeys {
  private root: Node | undefined;
  private seed = 0x9e3779b9;
  private count = 0;

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /** Adds key; false when it was already there. */
  add(key: bigint): boolean {
    if (this.has(key)) return false;
    const [lo, hi] = split(this.root, key);
    this.root = merge(
      merge(lo, { key, priority: this.nextPriority(), left: undefined, right: undefined }),
      hi,
    );
    this.count++;
    return true;
  }

  /** Removes key; false when it was not there. */
  delete(key: bigint): boolean {
    let parent: Node | undefined;
    let node = this.root;
    while (node && node.key !== key) {
      parent = node;
      node = key < node.key ? node.left : node.right;
    }
    if (!node) return false;
    const joined = merge(node.left, node.right);
    if (!parent) this.root = joined;
    else if (parent.left === node) parent.left = joined;
    else parent.right = joined;
    this.count--;
    return true;
  }

  /** True when key is held. */
  has(key: bigint): boolean {
    let node = this.root;
    while (node) {
      if (key === node.key) return true;
      node = key < node.key ? node.left : node.right;
    }
    return false;
  }

  /** The smallest key, if any. */
  min(): bigint | undefined {
    let node = this.root;
    if (!node) return undefined;
    while (node.left) node = node.left;
    return node.key;
  }

  /** The smallest key ≥ x, if any. */
  ceiling(x: bigint): bigint | undefined {
    let node = this.root;
    let best: bigint | undefined;
    while (node) {
      if (node.key >= x) {
        best = node.key;
        node = node.left;
      } else {
        node = node.right;
      }
    }
    return best;
  }

  /** Keys in ascending order. */
  *[Symbol.iterator](): Generator<bigint> {
    const stack: Node[] = [];
    let node = this.root;
    while (node || stack.length > 0) {
      while (node) {
        stack.push(node);
        node = node.left;
      }
      const top = stack.pop()!;
      yield top.key;
      node = top.right;
    }
  }

  private nextPriority(): number {
    // xorshift32: cheap, well spread, and reproducible.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}

/** Splits a tree into keys < key and keys ≥ key. */
function split(node: Node | undefined, key: bigint): [Node | undefined, Node | undefined] {
  if (!node) return [undefined, undefined];
  if (node.key < key) {
    const [lo, hi] = split(node.right, key);
    node.right = lo;
    return [node, hi];
  }
  const [lo, hi] = split(node.left, key);
  node.left = hi;
  return [lo, node];
}

/** Joins two trees where every key of a is below every key of b. */
function merge(a: Node | undefined, b: Node | undefined): Node | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return a;
  }
  b.left = merge(a, b.left);
  return b;
}
