/**
 * Resource ids. Every id has AWS's shape (`vpc-` + 17 hex digits) and a brand so a subnet id
 * cannot be passed where a VPC id is expected. Ids come from an injected generator, so tests
 * and golden files are reproducible.
 */

/** The id prefixes AWS uses, keyed by the name we give the id family. */
export const ID_PREFIX = {
  vpc: 'vpc',
  subnet: 'subnet',
  'route-table': 'rtb',
  'route-table-association': 'rtbassoc',
  'internet-gateway': 'igw',
  'egress-only-internet-gateway': 'eigw',
  'nat-gateway': 'nat',
  'elastic-ip': 'eipalloc',
  'elastic-ip-association': 'eipassoc',
  'network-interface': 'eni',
  'network-interface-attachment': 'eni-attach',
  instance: 'i',
  'security-group': 'sg',
  'security-group-rule': 'sgr',
  'network-acl': 'acl',
  'network-acl-association': 'aclassoc',
  'prefix-list': 'pl',
  'vpc-peering-connection': 'pcx',
  'vpc-endpoint': 'vpce',
  'vpc-cidr-association': 'vpc-cidr-assoc',
  'subnet-cidr-association': 'subnet-cidr-assoc',
  reservation: 'r',
  'network-insights-path': 'nip',
  'network-insights-analysis': 'nia',
  'transit-gateway': 'tgw',
  'transit-gateway-attachment': 'tgw-attach',
  'transit-gateway-route-table': 'tgw-rtb',
  // Elastic Load Balancing v2 and PrivateLink services. ELBv2 names resources by ARN; the
  // generator draws ids of these three families only for the ARN's 16-hex suffix.
  'vpc-endpoint-service': 'vpce-svc',
  'load-balancer': 'elbv2-loadbalancer',
  'target-group': 'elbv2-targetgroup',
  listener: 'elbv2-listener',
  // ALB listener rules live in their listener (D89); the draw is their ARN's suffix.
  'listener-rule': 'elbv2-listenerrule',
  // Hybrid connectivity (D40–D49). Direct Connect gateway ids are UUIDs in AWS: the family
  // names the generator's draws, which direct-connect-gateway.ts shapes into one.
  'customer-gateway': 'cgw',
  'vpn-gateway': 'vgw',
  'vpn-connection': 'vpn',
  'direct-connect-gateway': 'dxgw',
  'direct-connect-gateway-association': 'dxgwassoc',
  'virtual-interface': 'dxvif',
  'on-premises-site': 'onprem',
  // RAM shares are named by ARNs ending in a UUID, built from two draws of this family.
  'resource-share': 'rshare',
  // VPC IP Address Manager (D100–D119).
  ipam: 'ipam',
  'ipam-scope': 'ipam-scope',
  'ipam-pool': 'ipam-pool',
  'ipam-pool-cidr': 'ipam-pool-cidr',
  'ipam-pool-allocation': 'ipam-pool-alloc',
  'ipam-resource-discovery': 'ipam-res-disco',
  'ipam-resource-discovery-association': 'ipam-res-disco-assoc',
  // Network Access Analyzer (D130–D139).
  'network-insights-access-scope': 'nis',
  'network-insights-access-scope-analysis': 'nisa',
} as const;

export type IdFamily = keyof typeof ID_PREFIX;

/** A resource id of one family, e.g. `Id<'vpc'>` is `vpc-0123456789abcdef0`. */
export type Id<F extends IdFamily> = string & { readonly __id: F };

/** An AWS account id: 12 decimal digits. */
export type AccountId = string & { readonly __account: true };

/** An AWS Region name such as `us-east-1`. */
export type RegionName = string & { readonly __region: true };

/** Source of new ids; injected so the core stays deterministic. */
export interface IdGenerator {
  next<F extends IdFamily>(family: F): Id<F>;
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64: a cheap bijective mixer, so sequential counters look like AWS's random ids. */
function mix(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * Deterministic ids: the n-th id of a run depends only on the seed and n.
 * @example new SeededIds(1n).next('vpc') // 'vpc-0a1b…' (17 hex digits)
 */
export class SeededIds implements IdGenerator {
  private counter = 0n;
  constructor(private readonly seed: bigint = 0n) {}

  next<F extends IdFamily>(family: F): Id<F> {
    this.counter += 1n;
    // 68 bits = 17 hex digits; the top 4 bits come from a second mix so all 17 vary.
    const lo = mix(this.seed * 0x100000000n + this.counter);
    const hi = mix(lo) & 0xfn;
    const hex = ((hi << 64n) | lo).toString(16).padStart(17, '0');
    return `${ID_PREFIX[family]}-${hex}` as Id<F>;
  }

  /** Where the generator stands, so a store can resume it after a restart. */
  get position(): bigint {
    return this.counter;
  }

  set position(n: bigint) {
    this.counter = n;
  }
}

const ID_RE = /^([a-z]+(?:-[a-z]+)*)-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** Parses an id of the given family; AWS accepts 8- or 17-hex ids. */
export function parseId<F extends IdFamily>(family: F, text: string): Id<F> | undefined {
  const m = ID_RE.exec(text);
  return m && m[1] === ID_PREFIX[family] ? (text as Id<F>) : undefined;
}

/** The family of an id from its prefix, if it has a known one. */
export function idFamily(text: string): IdFamily | undefined {
  const m = ID_RE.exec(text);
  if (!m) return undefined;
  for (const [family, prefix] of Object.entries(ID_PREFIX)) {
    if (prefix === m[1]) return family as IdFamily;
  }
  return undefined;
}

/** Parses an account id (12 digits). */
export function parseAccountId(text: string): AccountId | undefined {
  return /^\d{12}$/.test(text) ? (text as AccountId) : undefined;
}

/**
 * The ARN resource types (`arn:aws:ec2:r:a:<type>/<id>`) that differ from the id family's name;
 * every other family's type is its name.
 */
const ARN_RESOURCE_TYPE: Partial<Record<IdFamily, string>> = { 'nat-gateway': 'natgateway' };

/**
 * EC2's ARN for a resource; AWS-managed resources (owner `AWS`) have the account `aws`.
 * @example ec2Arn('instance', 'us-east-1', '123456789012', 'i-0abc…') // 'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc…'
 */
export function ec2Arn(family: IdFamily, region: string, owner: string, id: string): string {
  const account = owner === 'AWS' ? 'aws' : owner;
  return `arn:aws:ec2:${region}:${account}:${ARN_RESOURCE_TYPE[family] ?? family}/${id}`;
}

/** The parts of an EC2 resource ARN. */
export interface Ec2Arn {
  readonly region: string;
  readonly account: string;
  readonly family: IdFamily;
  readonly id: string;
}

const EC2_ARN_RE = /^arn:aws(?:-[a-z]+)*:ec2:([a-z0-9-]+):(\d{12}|aws):([a-z-]+)\/([^/]+)$/;

/**
 * Parses an EC2 resource ARN whose type matches its id's family (`…:instance/i-…`), or
 * undefined for anything else.
 */
export function parseEc2Arn(text: string): Ec2Arn | undefined {
  const m = EC2_ARN_RE.exec(text);
  if (!m) return undefined;
  const [, region = '', account = '', type = '', id = ''] = m;
  const family = idFamily(id);
  if (family === undefined || (ARN_RESOURCE_TYPE[family] ?? family) !== type) return undefined;
  return { region, account, family, id };
}
