import type { Cidr } from '../net/index.js';

/** A CIDR and who holds it: CIDRs of one holder never count as overlapping each other. */
export interface OwnedCidr {
  readonly cidr: Cidr;
  readonly owner: string;
}

/** What a subtree holds: one owner, or several (`mixed`). */
interface Owners {
  owner: string | undefined;
  mixed: boolean;
}

const addOwner = (into: Owners, owner: string): void => {
  if (into.owner === undefined) into.owner = owner;
  else if (into.owner !== owner) into.mixed = true;
};

const merge = (into: Owners, from: Owners): void => {
  if (from.mixed) into.mixed = true;
  if (from.owner !== undefined) addOwner(into, from.owner);
};

/** True when the summary holds an owner other than `owner`. */
const hasOther = (o: Owners, owner: string): boolean =>
  o.mixed || (o.owner !== undefined && o.owner !== owner);

/**
 * For each CIDR, whether it overlaps a CIDR of another holder. CIDRs are laminar — two blocks
 * are nested or disjoint — so, sorted by base then length, they form a containment forest, and
 * a block overlaps exactly its ancestors and descendants. One sort and two passes over the
 * forest: O(n log n), whatever the nesting (an interval sweep would need the same sort).
 */
export function overlapFlags(items: readonly OwnedCidr[]): boolean[] {
  const order = items.map((_, i) => i);
  order.sort((a, b) => items[a]!.cidr.compare(items[b]!.cidr) || a - b);
  const parent = new Array<number>(items.length).fill(-1);
  const stack: number[] = [];
  for (const i of order) {
    const c = items[i]!.cidr;
    while (stack.length > 0 && !items[stack[stack.length - 1]!]!.cidr.containsCidr(c)) stack.pop();
    if (stack.length > 0) parent[i] = stack[stack.length - 1]!;
    stack.push(i);
  }
  // Down: the owners of each block's ancestors, in sorted order (a parent sorts before a child).
  const above: Owners[] = items.map(() => ({ owner: undefined, mixed: false }));
  for (const i of order) {
    const p = parent[i]!;
    if (p < 0) continue;
    merge(above[i]!, above[p]!);
    addOwner(above[i]!, items[p]!.owner);
  }
  // Up: the owners of each block's descendants, children before parents (reverse order).
  const below: Owners[] = items.map(() => ({ owner: undefined, mixed: false }));
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    const p = parent[i]!;
    if (p < 0) continue;
    merge(below[p]!, below[i]!);
    addOwner(below[p]!, items[i]!.owner);
  }
  return items.map((it, i) => hasOther(above[i]!, it.owner) || hasOther(below[i]!, it.owner));
}
