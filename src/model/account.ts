import type { AccountId, RegionName } from './ids.js';
import type { AvailabilityZone } from './regions.js';

/** An AWS account and, per Region it uses, how its AZ names map to AZ ids. */
export interface Account {
  readonly kind: 'account';
  readonly id: AccountId;
  readonly azMappings: Readonly<Record<string, readonly AvailabilityZone[]>>;
  /** Regions where the account's first use has run (default VPC, AWS-managed prefix lists). */
  readonly regionsInitialised: readonly RegionName[];
}
