import { AwsErrors, type AwsError } from '../model/errors.js';
import type { Ipam, IpamPool } from '../model/ipam.js';
import { Cidr } from '../net/index.js';
import { isPublicIpv4Block } from './addressing.js';

/**
 * What a top-level pool may be provisioned with, beyond "free in its scope" (D117):
 *
 * - a private-scope IPv6 pool takes a ULA block inside fd80::/9, /9 to /60, or a GUA block
 *   (2000::/3) when its IPAM has EnablePrivateGua — AWS keeps fd00::/9 for itself
 *   (fd00:ec2::/32 holds the VPC resolver and metadata addresses);
 * - a public-scope BYOIP pool takes a CIDR (never a netmask length) with a
 *   CidrAuthorizationContext whose message names the caller's account and this CIDR, of
 *   public space: IPv4 no longer than /24, IPv6 in 2000::/3 no longer than /48 (/56 when the
 *   pool is not publicly advertisable).
 */

const parse = (text: string): Cidr => Cidr.parse(text) as Cidr;
const ULA = parse('fd80::/9');
const GUA = parse('2000::/3');

/** The authorization a BYOIP provisioning carries (EC2 `IpamCidrAuthorizationContext`). */
export interface CidrAuthorizationContext {
  readonly message?: string;
  readonly signature?: string;
}

/** The private-scope IPv6 rule, or undefined when the block may be provisioned. */
export function privateIpv6Refusal(ipam: Ipam, cidr: Cidr): AwsError | undefined {
  const text = cidr.toString();
  if (ULA.containsCidr(cidr)) {
    if (cidr.prefix < 9 || cidr.prefix > 60) {
      return AwsErrors.invalidParameterValue(
        `The private IPv6 CIDR ${text} is invalid: a ULA CIDR must have a netmask length between /9 and /60.`,
      );
    }
    return undefined;
  }
  if (GUA.containsCidr(cidr)) {
    return ipam.enablePrivateGua
      ? undefined
      : AwsErrors.invalidParameterValue(
          `The CIDR ${text} is a GUA CIDR: IPAM ${ipam.id} must have EnablePrivateGua set to use GUA CIDRs in a private scope.`,
        );
  }
  return AwsErrors.invalidParameterValue(
    `The CIDR ${text} cannot be provisioned to a private IPv6 pool: it must be a ULA CIDR inside fd80::/9 or a GUA CIDR.`,
  );
}

/** `1|aws|<account>|<cidr>|<YYYYMMDD>|SHA256|RSAPSS`: the BYOIP message AWS signs against. */
const MESSAGE = /^1\|aws\|(\d{12})\|([^|]+)\|(\d{8})\|SHA256\|RSAPSS$/;
/** URL-safe base64 as AWS asks for it ('+', '=', '/' replaced by '-', '_', '~'). */
const SIGNATURE = /^[A-Za-z0-9_~-]+$/;

/** The expiry date of the message, if it is a real calendar date. */
function expiry(yyyymmdd: string): Date | undefined {
  const d = new Date(
    `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}T23:59:59Z`,
  );
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10).replaceAll('-', '') !== yyyymmdd
    ? undefined
    : d;
}

/**
 * The BYOIP rule of a top-level public pool: the size and publicness of the block, and the
 * shape of its authorization context (the twin cannot check a signature against a RIR's
 * records: it checks that the message is the one AWS would sign for this account, CIDR and a
 * date not yet passed, and that a signature is there in AWS's encoding).
 */
export function byoipRefusal(
  pool: IpamPool,
  cidr: Cidr,
  context: CidrAuthorizationContext | undefined,
  account: string,
  now: Date,
): AwsError | undefined {
  const text = cidr.toString();
  if (cidr.family === 4) {
    if (cidr.prefix > 24) {
      return AwsErrors.invalidParameterValue(
        `The CIDR ${text} is too small: the most specific IPv4 CIDR you can bring is /24.`,
      );
    }
    if (!isPublicIpv4Block(cidr)) {
      return AwsErrors.invalidParameterValue(`The CIDR ${text} is not a public IPv4 CIDR.`);
    }
  } else {
    const longest = pool.publiclyAdvertisable === false ? 56 : 48;
    if (cidr.prefix > longest) {
      return AwsErrors.invalidParameterValue(
        `The CIDR ${text} is too small: the most specific ${
          longest === 48 ? 'publicly advertisable' : 'non-advertisable'
        } IPv6 CIDR you can bring is /${longest}.`,
      );
    }
    if (!GUA.containsCidr(cidr)) {
      return AwsErrors.invalidParameterValue(`The CIDR ${text} is not a public IPv6 CIDR.`);
    }
  }
  if (context === undefined) return AwsErrors.missingParameter('CidrAuthorizationContext');
  if (!context.message) return AwsErrors.missingParameter('CidrAuthorizationContext.Message');
  if (!context.signature) return AwsErrors.missingParameter('CidrAuthorizationContext.Signature');
  const m = MESSAGE.exec(context.message);
  const bad = (why: string) =>
    AwsErrors.invalidParameterValue(`The CidrAuthorizationContext is invalid: ${why}.`);
  if (!m) return bad('the message must be 1|aws|<account>|<cidr>|<YYYYMMDD>|SHA256|RSAPSS');
  if (m[1] !== account) return bad(`the message is for account ${m[1]}, not ${account}`);
  if (Cidr.parse(m[2]!)?.equals(cidr) !== true) {
    return bad(`the message is for ${m[2]}, not ${text}`);
  }
  const until = expiry(m[3]!);
  if (!until) return bad(`the expiry date ${m[3]} is not a date`);
  if (until < now) return bad(`the message expired on ${m[3]}`);
  if (!SIGNATURE.test(context.signature)) {
    return bad('the signature must be URL-safe base64 (with -, _ and ~)');
  }
  return undefined;
}

/** True when a private-scope pool holds a GUA CIDR: EnablePrivateGua cannot be turned off. */
export function holdsPrivateGua(pools: readonly IpamPool[]): boolean {
  return pools.some(
    (p) =>
      p.ipamScopeType === 'private' &&
      p.cidrs.some(
        (c) => c.state === 'provisioned' && c.cidr.family === 6 && GUA.containsCidr(c.cidr),
      ),
  );
}

/** The IPv6 netmask lengths a VPC block drawn from an IPAM pool may have (spec §1.4: /44–/60 by 4). */
const VPC_IPV6_LENGTHS = [44, 48, 52, 56, 60];

/** The rule on a VPC's IPv6 block from a pool, or undefined when the length is allowed. */
export function vpcIpv6LengthRefusal(cidr: Cidr): AwsError | undefined {
  return cidr.family !== 6 || VPC_IPV6_LENGTHS.includes(cidr.prefix)
    ? undefined
    : AwsErrors.invalidParameterValue(
        `The IPv6 CIDR ${cidr.toString()} is invalid for a VPC: its netmask length must be /44, /48, /52, /56 or /60.`,
      );
}
