import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** A managed prefix list (EC2 `ManagedPrefixList`); AWS-managed lists have owner `AWS`. */
export interface PrefixList extends ResourceBase<'prefix-list', Id<'prefix-list'>> {
  readonly prefixListName: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly maxEntries: number;
  readonly version: number;
  readonly entries: readonly { readonly cidr: Cidr; readonly description?: string }[];
  readonly awsManaged: boolean;
  readonly state: 'create-complete' | 'modify-complete';
}

/** The address family of a prefix list's entries. */
export const prefixListFamily = (pl: Pick<PrefixList, 'addressFamily'>): 4 | 6 =>
  pl.addressFamily === 'IPv4' ? 4 : 6;
