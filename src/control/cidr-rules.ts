import { Cidr } from '../net/index.js';

/**
 * Which IPv4 blocks a VPC may hold, from "VPC CIDR blocks" → "IPv4 CIDR block association
 * restrictions" (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
 */
const c = (text: string) => Cidr.parse(text) as Cidr;
const TEN = c('10.0.0.0/8');
const TEN_15 = c('10.0.0.0/15');
const TEN_16 = c('10.0.0.0/16');
const ONE_SEVEN_TWO = c('172.16.0.0/12');
const ONE_SEVEN_TWO_31 = c('172.31.0.0/16');
const ONE_NINE_TWO = c('192.168.0.0/16');
const BENCHMARK = c('198.19.0.0/16');
const LINK_LOCAL = c('169.254.0.0/16');
const RFC1918 = [TEN, ONE_SEVEN_TWO, ONE_NINE_TWO];

/** VPC IPv4 blocks are /16 to /28. */
export const VPC_MIN_PREFIX = 16;
export const VPC_MAX_PREFIX = 28;

/** 169.254.0.0/16 can never be a VPC block. */
export const isLinkLocal = (cidr: Cidr): boolean => cidr.overlaps(LINK_LOCAL);

type Range = 'ten' | '172' | '192' | '198.19' | 'public';

function rangeOf(cidr: Cidr): Range {
  if (TEN.containsCidr(cidr)) return 'ten';
  if (ONE_SEVEN_TWO.containsCidr(cidr)) return '172';
  if (ONE_NINE_TWO.containsCidr(cidr)) return '192';
  if (BENCHMARK.containsCidr(cidr)) return '198.19';
  return 'public';
}

/** Blocks that cannot be added, by the range of a block the VPC already has. */
function restricted(existing: Cidr, existingAll: readonly Cidr[]): Cidr[] {
  switch (rangeOf(existing)) {
    case 'ten':
      // 10.0.0.0/16 is refused only when a block already sits in 10.0.0.0/15.
      return [
        ONE_SEVEN_TWO,
        ONE_NINE_TWO,
        BENCHMARK,
        ...(existingAll.some((x) => TEN_15.containsCidr(x)) ? [TEN_16] : []),
      ];
    case '172':
      return [TEN, ONE_NINE_TWO, ONE_SEVEN_TWO_31, BENCHMARK];
    case '192':
      return [TEN, ONE_SEVEN_TWO, BENCHMARK];
    case '198.19':
      return RFC1918;
    case 'public':
      return [...RFC1918, BENCHMARK];
  }
}

/** True when AWS refuses `candidate` as a secondary block next to `existing`. */
export function isRestrictedSecondary(candidate: Cidr, existing: readonly Cidr[]): boolean {
  return existing.some((e) =>
    restricted(e, existing).some((r) =>
      r === TEN_16 ? candidate.equals(TEN_16) : r.overlaps(candidate),
    ),
  );
}
