import type { Cidr } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/** One entry of a prefix list (EC2 `PrefixListEntry`). */
export interface PrefixListEntry {
  readonly cidr: Cidr;
  readonly description?: string;
}

/** The entries a list had at one of its earlier versions. */
export interface PrefixListVersion {
  readonly version: number;
  readonly entries: readonly PrefixListEntry[];
}

/** A managed prefix list (EC2 `ManagedPrefixList`); AWS-managed lists have owner `AWS`. */
export interface PrefixList extends ResourceBase<'prefix-list', Id<'prefix-list'>> {
  readonly prefixListName: string;
  readonly addressFamily: 'IPv4' | 'IPv6';
  readonly maxEntries: number;
  readonly version: number;
  readonly entries: readonly PrefixListEntry[];
  /**
   * The entries of earlier versions, oldest first: AWS keeps every version of a list
   * (GetManagedPrefixListEntries `TargetVersion`, RestoreManagedPrefixListVersion). Absent until
   * the entries first change.
   */
  readonly previousVersions?: readonly PrefixListVersion[];
  readonly awsManaged: boolean;
  readonly state: 'create-complete' | 'modify-complete';
}

/** The address family of a prefix list's entries. */
export const prefixListFamily = (pl: Pick<PrefixList, 'addressFamily'>): 4 | 6 =>
  pl.addressFamily === 'IPv4' ? 4 : 6;

/** The entries of a list at `version` (its current one, or a kept earlier one), if it had one. */
export function prefixListEntriesAt(
  pl: Pick<PrefixList, 'version' | 'entries' | 'previousVersions'>,
  version: number,
): readonly PrefixListEntry[] | undefined {
  if (version === pl.version) return pl.entries;
  return pl.previousVersions?.find((v) => v.version === version)?.entries;
}
