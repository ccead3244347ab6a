import type { Ip } from '../net/index.js';
import type { ResourceBase } from './common.js';
import type { Id } from './ids.js';

/**
 * Elastic Load Balancing v2 load balancers (ELBv2 `LoadBalancer`): Application, Network and
 * Gateway Load Balancers. The resource id is the load balancer's ARN, as ELBv2 names every
 * resource by ARN (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancer.html).
 */

export type LoadBalancerType = 'application' | 'network' | 'gateway';
export type LoadBalancerScheme = 'internet-facing' | 'internal';

/** One address of a load balancer node (ELBv2 `LoadBalancerAddress`). */
export interface LoadBalancerAddress {
  /** The public IPv4 of an internet-facing node. */
  readonly ipAddress?: Ip;
  /** The Elastic IP of an internet-facing NLB node, when one was given in SubnetMappings. */
  readonly allocationId?: Id<'elastic-ip'>;
  /** The node's private IPv4 (ELBv2 reports it for NLBs; the twin records it for every type). */
  readonly privateIPv4Address: Ip;
  /** A dualstack load balancer node's IPv6 address, from its subnet's IPv6 block (D87). */
  readonly iPv6Address?: Ip;
}

/** One enabled zone of a load balancer (ELBv2 `AvailabilityZone`): a node in one subnet. */
export interface LoadBalancerZone {
  readonly zoneName: string;
  readonly subnetId: Id<'subnet'>;
  readonly loadBalancerAddresses: readonly LoadBalancerAddress[];
  /** The requester-managed ENI of the node (EC2 shows it as `ELB <type>/<name>/<id>`). */
  readonly networkInterfaceId: Id<'network-interface'>;
}

/** A key/value attribute, as ELBv2 lists them. */
export interface Elbv2Attribute {
  readonly key: string;
  readonly value: string;
}

/** A load balancer; `id` is its ARN. */
export interface LoadBalancer extends ResourceBase<'load-balancer'> {
  readonly loadBalancerName: string;
  readonly type: LoadBalancerType;
  /** Gateway Load Balancers have no scheme. */
  readonly scheme?: LoadBalancerScheme;
  readonly ipAddressType: 'ipv4' | 'dualstack';
  readonly vpcId: Id<'vpc'>;
  readonly dnsName: string;
  readonly canonicalHostedZoneId?: string;
  readonly createdTime: string;
  readonly state: { readonly code: 'active' };
  readonly availabilityZones: readonly LoadBalancerZone[];
  readonly securityGroups: readonly Id<'security-group'>[];
  readonly attributes: readonly Elbv2Attribute[];
}

/** The short type in ARNs, ENI descriptions and listener ARNs (`app`, `net`, `gwy`). */
export const LB_ARN_TYPE: Record<LoadBalancerType, string> = {
  application: 'app',
  network: 'net',
  gateway: 'gwy',
};

/** The 16-hex suffix ELBv2 gives a resource, from an id the generator drew. */
export const elbv2Suffix = (generated: string): string => generated.slice(-16);

/**
 * A load balancer's ARN.
 * @example loadBalancerArn('us-east-1', '123456789012', 'network', 'my-nlb', '0123456789abcdef')
 * // 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/0123456789abcdef'
 */
export function loadBalancerArn(
  region: string,
  account: string,
  type: LoadBalancerType,
  name: string,
  suffix: string,
): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/${LB_ARN_TYPE[type]}/${name}/${suffix}`;
}

/** The `<type>/<name>/<suffix>` part of a load balancer ARN (ENI descriptions, listener ARNs). */
export const loadBalancerPath = (arn: string): string =>
  arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);

/** The Route 53 zone ELBv2 serves each Region's load balancer names from (ALB/CLB, NLB). */
const HOSTED_ZONES: Record<string, { readonly application: string; readonly network: string }> = {
  'us-east-1': { application: 'Z35SXDOTRQ7X7K', network: 'Z26RNL4JYFTOTI' },
  'us-east-2': { application: 'Z3AADJGX6KTTL2', network: 'ZLMOA37VPKANP' },
  'us-west-1': { application: 'Z368ELLRRE2KJ0', network: 'Z24FKFUX50B4VW' },
  'us-west-2': { application: 'Z1H1FL5HABSF5', network: 'Z18D5FSROUN65G' },
  'eu-west-1': { application: 'Z32O12XQLNTSW2', network: 'Z2IFOLAFXWLO4F' },
  'eu-central-1': { application: 'Z215JYRZR1TBD5', network: 'Z3F0SRJ5LGBH90' },
};

/** The canonical hosted zone of a load balancer's DNS name (GWLBs have none). */
export function canonicalHostedZoneId(region: string, type: LoadBalancerType): string | undefined {
  if (type === 'gateway') return undefined;
  return HOSTED_ZONES[region]?.[type];
}

/**
 * A load balancer's DNS name: `name-<id>.elb.<region>.amazonaws.com` for NLBs and GWLBs,
 * `name-<digits>.<region>.elb.amazonaws.com` for ALBs, with `internal-` in front of internal ones.
 */
export function loadBalancerDnsName(
  region: string,
  type: LoadBalancerType,
  scheme: LoadBalancerScheme | undefined,
  name: string,
  suffix: string,
): string {
  const internal = scheme === 'internal' ? 'internal-' : '';
  if (type === 'application') {
    const digits = BigInt(`0x${suffix}`).toString().slice(0, 10);
    return `${internal}${name}-${digits}.${region}.elb.amazonaws.com`;
  }
  return `${internal}${name}-${suffix}.elb.${region}.amazonaws.com`;
}

/**
 * The attributes a new load balancer has, by type
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html).
 * Cross-zone load balancing is on for ALBs and off for NLBs and GWLBs.
 */
export function defaultLoadBalancerAttributes(type: LoadBalancerType): Elbv2Attribute[] {
  const common = [
    { key: 'deletion_protection.enabled', value: 'false' },
    { key: 'load_balancing.cross_zone.enabled', value: type === 'application' ? 'true' : 'false' },
  ];
  if (type === 'gateway') return common;
  if (type === 'network') {
    return [
      ...common,
      { key: 'access_logs.s3.enabled', value: 'false' },
      { key: 'access_logs.s3.bucket', value: '' },
      { key: 'access_logs.s3.prefix', value: '' },
      { key: 'dns_record.client_routing_policy', value: 'any_availability_zone' },
    ];
  }
  return [
    ...common,
    { key: 'access_logs.s3.enabled', value: 'false' },
    { key: 'access_logs.s3.bucket', value: '' },
    { key: 'access_logs.s3.prefix', value: '' },
    { key: 'idle_timeout.timeout_seconds', value: '60' },
    { key: 'routing.http2.enabled', value: 'true' },
    { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'false' },
    { key: 'routing.http.preserve_host_header.enabled', value: 'false' },
    { key: 'routing.http.x_amzn_tls_version_and_cipher_suite.enabled', value: 'false' },
    { key: 'routing.http.xff_client_port.enabled', value: 'false' },
    { key: 'routing.http.xff_header_processing.mode', value: 'append' },
    { key: 'waf.fail_open.enabled', value: 'false' },
  ];
}

/** An attribute's value, if the resource has it. */
export const attributeValue = (
  r: { readonly attributes: readonly Elbv2Attribute[] },
  key: string,
): string | undefined => r.attributes.find((a) => a.key === key)?.value;

/** Whether cross-zone load balancing is on for a load balancer. */
export const crossZoneEnabled = (lb: LoadBalancer): boolean =>
  attributeValue(lb, 'load_balancing.cross_zone.enabled') === 'true';
