import { fnv1a } from './hash.js';
import type { AccountId, RegionName } from './ids.js';

/**
 * The Regions vpctwin knows and the AZ ids each one has. AZ *ids* (`use1-az1`) name the same
 * physical zone in every account; AZ *names* (`us-east-1a`) are mapped per account, as AWS does
 * (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html).
 */
const REGION_AZ_IDS: Record<string, readonly string[]> = {
  'us-east-1': ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'],
  'us-east-2': ['use2-az1', 'use2-az2', 'use2-az3'],
  'us-west-1': ['usw1-az1', 'usw1-az3'],
  'us-west-2': ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'],
  'ca-central-1': ['cac1-az1', 'cac1-az2', 'cac1-az4'],
  'eu-west-1': ['euw1-az1', 'euw1-az2', 'euw1-az3'],
  'eu-west-2': ['euw2-az1', 'euw2-az2', 'euw2-az3'],
  'eu-west-3': ['euw3-az1', 'euw3-az2', 'euw3-az3'],
  'eu-central-1': ['euc1-az1', 'euc1-az2', 'euc1-az3'],
  'eu-north-1': ['eun1-az1', 'eun1-az2', 'eun1-az3'],
  'ap-south-1': ['aps1-az1', 'aps1-az2', 'aps1-az3'],
  'ap-southeast-1': ['apse1-az1', 'apse1-az2', 'apse1-az3'],
  'ap-southeast-2': ['apse2-az1', 'apse2-az2', 'apse2-az3'],
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'ap-northeast-2': ['apne2-az1', 'apne2-az2', 'apne2-az3', 'apne2-az4'],
  'sa-east-1': ['sae1-az1', 'sae1-az2', 'sae1-az3'],
};

/** True for a Region vpctwin models. */
export function isKnownRegion(name: string): boolean {
  return Object.hasOwn(REGION_AZ_IDS, name);
}

/** Every Region vpctwin models. */
export function knownRegions(): RegionName[] {
  return Object.keys(REGION_AZ_IDS) as RegionName[];
}

/** One AZ as an account sees it. */
export interface AvailabilityZone {
  readonly zoneName: string;
  readonly zoneId: string;
}

/**
 * The default name→id mapping for an account in a Region: AWS shuffles it per account; we
 * rotate it by a hash of the account id, so it differs between accounts but never between runs.
 * A topology file can pin the mapping instead.
 */
export function defaultAzMapping(account: AccountId, region: RegionName): AvailabilityZone[] {
  const ids = REGION_AZ_IDS[region] ?? [];
  const shift = ids.length === 0 ? 0 : fnv1a(`${account}/${region}`) % ids.length;
  return ids.map((_, i) => ({
    zoneName: `${region}${String.fromCharCode(97 + i)}`,
    zoneId: ids[(i + shift) % ids.length] as string,
  }));
}

/** The AZ ids of a Region. */
export function regionAzIds(region: RegionName): readonly string[] {
  return REGION_AZ_IDS[region] ?? [];
}
