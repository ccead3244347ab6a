import { Cidr } from '../net/index.js';
import { fnv1a } from './hash.js';
import type { RegionName } from './ids.js';

/**
 * Facts about AWS's own services that the twin needs: the AWS-managed prefix lists of the
 * gateway-endpoint services (S3, DynamoDB) per Region, and the pools that Amazon-provided
 * public IPv4 and IPv6 addresses come from. Real ids and ranges where we know them (from
 * ip-ranges.json and `describe-prefix-lists`); stable made-up ones elsewhere.
 */
interface ManagedList {
  readonly id: string;
  readonly cidrs: readonly string[];
}

const KNOWN: Record<string, Record<'s3' | 'dynamodb', ManagedList>> = {
  'us-east-1': {
    s3: {
      id: 'pl-63a5400a',
      cidrs: [
        '3.5.0.0/19',
        '16.182.0.0/16',
        '18.34.0.0/19',
        '18.34.232.0/21',
        '52.216.0.0/15',
        '54.231.0.0/16',
      ],
    },
    dynamodb: { id: 'pl-02cd2c6b', cidrs: ['3.218.180.0/22', '52.94.0.0/22', '52.119.224.0/20'] },
  },
  'us-west-2': {
    s3: {
      id: 'pl-68a54001',
      cidrs: ['3.5.76.0/22', '18.34.48.0/20', '52.92.128.0/17', '52.218.128.0/17'],
    },
    dynamodb: { id: 'pl-00a54069', cidrs: ['52.94.8.0/24', '52.119.232.0/21'] },
  },
  'eu-west-1': {
    s3: { id: 'pl-6da54004', cidrs: ['3.5.64.0/21', '52.92.0.0/17', '52.218.0.0/17'] },
    dynamodb: { id: 'pl-6fa54006', cidrs: ['52.94.24.0/23', '52.119.240.0/21'] },
  },
};

/** The gateway-endpoint services. */
export const GATEWAY_SERVICES = ['s3', 'dynamodb'] as const;
export type GatewayService = (typeof GATEWAY_SERVICES)[number];

/**
 * The interface-endpoint services DescribeVpcEndpointServices lists: a common subset of AWS's
 * catalogue (S3 and DynamoDB have interface endpoints too). CreateVpcEndpoint accepts any
 * `com.amazonaws.<region>.<name>`, so a name given explicitly is described even off this list.
 */
export const INTERFACE_SERVICES: readonly string[] = [
  'dynamodb',
  'ec2',
  'ec2messages',
  'ecr.api',
  'ecr.dkr',
  'elasticloadbalancing',
  'execute-api',
  'kms',
  'lambda',
  'logs',
  'monitoring',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'ssm',
  'ssmmessages',
  'sts',
];

/** The AWS-managed prefix list of a gateway service in a Region. */
export function managedPrefixList(
  region: RegionName,
  service: GatewayService,
): { id: string; name: string; cidrs: Cidr[] } {
  const name = `com.amazonaws.${region}.${service}`;
  const known = KNOWN[region]?.[service];
  const h = fnv1a(name);
  const id = known?.id ?? `pl-${h.toString(16).padStart(8, '0')}`;
  // Stand-in ranges inside 52.0.0.0/10 (AWS space), one /20 per Region and service.
  const cidrs = known?.cidrs ?? [`52.${(h >>> 8) % 64}.${(h % 16) * 16}.0/20`];
  return { id, name, cidrs: cidrs.map((c) => Cidr.parse(c) as Cidr) };
}

/** The service a gateway endpoint service name names, e.g. `com.amazonaws.us-east-1.s3`. */
export function gatewayServiceOf(
  serviceName: string,
  region: RegionName,
): GatewayService | undefined {
  for (const s of GATEWAY_SERVICES) if (serviceName === `com.amazonaws.${region}.${s}`) return s;
  return undefined;
}

const PUBLIC_V4_POOL: Record<string, string> = {
  'us-east-1': '3.208.0.0/12',
  'us-east-2': '3.128.0.0/12',
  'us-west-1': '13.56.0.0/14',
  'us-west-2': '34.208.0.0/12',
  'eu-west-1': '34.240.0.0/13',
  'eu-central-1': '3.64.0.0/12',
};

/** Where Amazon-provided public IPv4 addresses (auto-assigned, EIPs) of a Region come from. */
export function publicIpv4Pool(region: RegionName): Cidr {
  const known = PUBLIC_V4_POOL[region];
  if (known) return Cidr.parse(known) as Cidr;
  return Cidr.parse(`54.${64 + (fnv1a(region) % 64)}.0.0/16`) as Cidr;
}

const IPV6_POOL: Record<string, string> = {
  'us-east-1': '2600:1f18::/32',
  'us-east-2': '2600:1f16::/32',
  'us-west-1': '2600:1f1c::/32',
  'us-west-2': '2600:1f14::/32',
  'eu-west-1': '2a05:d018::/32',
  'eu-central-1': '2a05:d014::/32',
};

/** Where Amazon-provided IPv6 /56 blocks of a Region come from. */
export function amazonIpv6Pool(region: RegionName): Cidr {
  const known = IPV6_POOL[region];
  if (known) return Cidr.parse(known) as Cidr;
  return Cidr.parse(`2600:1f${(0x20 + (fnv1a(region) % 0xc0)).toString(16)}::/32`) as Cidr;
}
