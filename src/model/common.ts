import type { AccountId, RegionName } from './ids.js';

/** A resource tag, as AWS stores it (order preserved). */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** Fields every stored resource has: its kind, id, owner account, Region and tags. */
export interface ResourceBase<K extends string, I extends string = string> {
  readonly kind: K;
  readonly id: I;
  readonly ownerId: AccountId;
  readonly region: RegionName;
  readonly tags: readonly Tag[];
}

/** The `Name` tag, which topology files and the CLI use as a human handle. */
export function nameTag(r: { readonly tags: readonly Tag[] }): string | undefined {
  return r.tags.find((t) => t.key === 'Name')?.value;
}

/** An inclusive port range; -1..-1 style "all" is represented as 0..65535 by callers. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** ICMP type and code; -1 means any. */
export interface IcmpTypeCode {
  readonly type: number;
  readonly code: number;
}
