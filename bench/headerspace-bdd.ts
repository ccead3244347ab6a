/**
 * The candidate header-space representation that lost (decision D121): a reduced ordered
 * binary decision diagram over the 104 bits of an IPv4 header. It lives in bench/ so that the
 * choice can be re-measured against the cube sets of src/net in the same run.
 *
 * Nodes are numbers: 0 is false, 1 is true, others index parallel arrays of variable, low
 * (bit 0) and high (bit 1) child. A unique table per variable keeps the diagram canonical;
 * operation caches make `and`/`or`/`not` polynomial in the operands' sizes.
 */
export const FALSE = 0;
export const TRUE = 1;

/** A field's place among the variables: first variable (most significant bit) and width. */
export interface BddField {
  readonly offset: number;
  readonly width: number;
}

export class Bdd {
  readonly vars: number;
  private variable: number[] = [];
  private low: number[] = [];
  private high: number[] = [];
  private readonly unique: Map<number, number>[];
  private readonly andCache = new Map<number, number>();
  private readonly orCache = new Map<number, number>();
  private readonly notCache = new Map<number, number>();

  constructor(vars: number) {
    this.vars = vars;
    this.unique = Array.from({ length: vars }, () => new Map<number, number>());
    // Terminals sit below every variable.
    this.variable.push(vars, vars);
    this.low.push(0, 1);
    this.high.push(0, 1);
  }

  /** Number of nodes made so far (terminals included). */
  get nodes(): number {
    return this.variable.length;
  }

  /** The node testing v with the given children, shared if it exists. */
  mk(v: number, lo: number, hi: number): number {
    if (lo === hi) return lo;
    const key = lo * 0x4000000 + hi;
    const table = this.unique[v]!;
    const found = table.get(key);
    if (found !== undefined) return found;
    const id = this.variable.length;
    this.variable.push(v);
    this.low.push(lo);
    this.high.push(hi);
    table.set(key, id);
    return id;
  }

  and(a: number, b: number): number {
    if (a === FALSE || b === FALSE) return FALSE;
    if (a === TRUE) return b;
    if (b === TRUE || a === b) return a;
    if (a > b) [a, b] = [b, a];
    const key = a * 0x4000000 + b;
    const hit = this.andCache.get(key);
    if (hit !== undefined) return hit;
    const r = this.split(a, b, (x, y) => this.and(x, y));
    this.andCache.set(key, r);
    return r;
  }

  or(a: number, b: number): number {
    if (a === TRUE || b === TRUE) return TRUE;
    if (a === FALSE) return b;
    if (b === FALSE || a === b) return a;
    if (a > b) [a, b] = [b, a];
    const key = a * 0x4000000 + b;
    const hit = this.orCache.get(key);
    if (hit !== undefined) return hit;
    const r = this.split(a, b, (x, y) => this.or(x, y));
    this.orCache.set(key, r);
    return r;
  }

  not(a: number): number {
    if (a <= TRUE) return 1 - a;
    const hit = this.notCache.get(a);
    if (hit !== undefined) return hit;
    const r = this.mk(this.variable[a]!, this.not(this.low[a]!), this.not(this.high[a]!));
    this.notCache.set(a, r);
    return r;
  }

  diff(a: number, b: number): number {
    return this.and(a, this.not(b));
  }

  /** The headers whose field lies in [lo, hi] (values as numbers: fields ≤ 32 bits). */
  range(f: BddField, lo: number, hi: number): number {
    return this.and(this.bound(f, lo, true), this.bound(f, hi, false));
  }

  /** Field ≥ x (atLeast) or ≤ x, built from the least significant bit up. */
  private bound(f: BddField, x: number, atLeast: boolean): number {
    let r = TRUE;
    for (let i = f.width - 1; i >= 0; i--) {
      const bit = Math.floor(x / 2 ** (f.width - 1 - i)) % 2;
      const v = f.offset + i;
      if (atLeast) r = bit ? this.mk(v, FALSE, r) : this.mk(v, r, TRUE);
      else r = bit ? this.mk(v, TRUE, r) : this.mk(v, r, FALSE);
    }
    return r;
  }

  /** Number of assignments of all variables that satisfy a. */
  count(a: number): bigint {
    const memo = new Map<number, bigint>();
    const go = (n: number): bigint => {
      if (n <= TRUE) return BigInt(n);
      const m = memo.get(n);
      if (m !== undefined) return m;
      const v = this.variable[n]!;
      const side = (c: number): bigint => go(c) << BigInt(this.variable[c]! - v - 1);
      const r = side(this.low[n]!) + side(this.high[n]!);
      memo.set(n, r);
      return r;
    };
    return go(a) << BigInt(this.variable[a]!);
  }

  /** The smallest satisfying assignment in variable order, as bits; undefined when false. */
  witness(a: number): number[] | undefined {
    if (a === FALSE) return undefined;
    const bits = new Array<number>(this.vars).fill(0);
    while (a > TRUE) {
      const v = this.variable[a]!;
      if (this.low[a]! !== FALSE) a = this.low[a]!;
      else {
        bits[v] = 1;
        a = this.high[a]!;
      }
    }
    return bits;
  }

  /** Shannon expansion on the top variable of a and b. */
  private split(a: number, b: number, op: (x: number, y: number) => number): number {
    const va = this.variable[a]!;
    const vb = this.variable[b]!;
    const v = va < vb ? va : vb;
    const [a0, a1] = va === v ? [this.low[a]!, this.high[a]!] : [a, a];
    const [b0, b1] = vb === v ? [this.low[b]!, this.high[b]!] : [b, b];
    return this.mk(v, op(a0, b0), op(a1, b1));
  }
}
