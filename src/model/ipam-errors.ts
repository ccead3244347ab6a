import { AwsErrors, type AwsError } from './errors.js';

/**
 * IPAM's errors. Where AWS's wording is on record (third-party reports of real responses) it is
 * used verbatim; the rest follow EC2's usual codes and are listed in docs/decisions.md (D103).
 */
export const IpamErrors = {
  /** Real AWS wording (terraform-provider-aws #28913). */
  allocationNotFound(id: string): AwsError {
    return AwsErrors.code(
      'InvalidIpamPoolAllocationId.NotFound',
      `The IPAM pool allocation (${id}) does not exist.`,
    );
  },
  /** Real AWS wording (terraform-aws-vpc #1135). */
  cidrOrNetmaskRequired(): AwsError {
    return AwsErrors.invalidParameterCombination(
      'The request cannot contain empty CIDR and Netmask Length for a pool with no default allocation netmask length set. Exactly one of them should be provided.',
    );
  },
  cidrAndNetmask(): AwsError {
    return AwsErrors.invalidParameterCombination(
      'The request cannot contain both a CIDR and a Netmask Length. Exactly one of them should be provided.',
    );
  },
  /** Real AWS wording (terraform-aws-vpc #718): a netmask shorter than the pool's minimum. */
  tooBig(): AwsError {
    return AwsErrors.invalidParameterValue('The allocation size is too big for the pool.');
  },
  tooSmall(): AwsError {
    return AwsErrors.invalidParameterValue('The allocation size is too small for the pool.');
  },
  /** Real AWS wording (landing-zone-accelerator #917). */
  missingRequiredTags(): AwsError {
    return AwsErrors.invalidParameterValue(
      'The resource is missing one or more of the resource tags required by the IPAM pool.',
    );
  },
  localeMismatch(poolId: string, locale: string | undefined, region: string): AwsError {
    return AwsErrors.invalidParameterValue(
      `The locale of IPAM pool ${poolId} (${locale ?? 'None'}) does not match the Region of the resource (${region}).`,
    );
  },
  cidrNotAvailable(cidr: string, poolId: string): AwsError {
    return AwsErrors.code(
      'InvalidParameterValue',
      `The CIDR ${cidr} is not available in IPAM pool ${poolId}.`,
    );
  },
  noSpace(poolId: string): AwsError {
    return AwsErrors.code(
      'InsufficientCidrBlocks',
      `There is not enough free space in IPAM pool ${poolId} for the allocation.`,
    );
  },
  wrongFamily(cidr: string, family: string): AwsError {
    return AwsErrors.invalidParameterValue(
      `The CIDR ${cidr} does not match the address family of the pool (${family}).`,
    );
  },
  netmaskOutOfRange(value: number, max: number): AwsError {
    return AwsErrors.invalidParameterValue(
      `The netmask length ${value} is invalid. It must be between 0 and ${max}.`,
    );
  },
  netmaskWithoutPool(param: string): AwsError {
    return AwsErrors.invalidParameterCombination(
      `The parameter ${param} can only be used together with an IPAM pool ID.`,
    );
  },
  incorrectState(message: string): AwsError {
    return AwsErrors.incorrectState('IncorrectState', message);
  },
  limit(message: string): AwsError {
    return AwsErrors.limitExceeded('ResourceLimitExceeded', message);
  },
  dependency(message: string): AwsError {
    return AwsErrors.dependencyViolation(message);
  },
};
