// Base layer: IPv4/IPv6 addresses, CIDRs, address sets and prefix tries. Knows nothing of AWS.
export { type Family, Ip, familyBits, familyMax } from './ip.js';
export { Cidr, cidrsFromRange } from './cidr.js';
export { type Range, RangeSet } from './range-set.js';
export { type TrieEntry, PrefixTrie } from './prefix-trie.js';
export { BlockAllocator, type RemoveRootResult } from './block-allocator.js';
export { NaiveBlockAllocator } from './naive-block-allocator.js';
export { SortedKeys } from './sorted-keys.js';
export { type Cube, CubeSet } from './cube-set.js';
export { type IntervalList } from './interval-list.js';
export {
  type Addresses,
  FIELD,
  type Field,
  type Header,
  type HeaderCube,
  type HeaderMatch,
  HeaderSpace,
  type Span,
  icmpSpan,
} from './header-space.js';
