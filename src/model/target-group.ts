import type { ResourceBase } from './common.js';
import type { Elbv2Attribute, LoadBalancerType } from './load-balancer.js';
import type { Id } from './ids.js';

/**
 * ELBv2 target groups (`TargetGroup`) with their registered targets. The id is the target
 * group's ARN. Which load balancers use a group is derived from the listeners that forward to
 * it, never stored (D3).
 */

export type TargetGroupProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP' | 'GENEVE';
export type TargetType = 'instance' | 'ip' | 'alb';

/** A registered target (ELBv2 `TargetDescription`). */
export interface Target {
  /** An instance id, an IPv4 address, or an ALB's ARN, by the group's target type. */
  readonly id: string;
  readonly port: number;
  /** `all` for an IP target outside the VPC; otherwise the target's zone. */
  readonly availabilityZone?: string;
}

/** A target group; `id` is its ARN. */
export interface TargetGroup extends ResourceBase<'target-group'> {
  readonly targetGroupName: string;
  readonly protocol: TargetGroupProtocol;
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  readonly port: number;
  readonly vpcId: Id<'vpc'>;
  readonly targetType: TargetType;
  /** The family the load balancer reaches the targets in; `ipv6` needs a dualstack load balancer. */
  readonly ipAddressType: 'ipv4' | 'ipv6';
  readonly healthCheckProtocol: string;
  readonly healthCheckPort: string;
  readonly healthCheckEnabled: boolean;
  readonly healthCheckPath?: string;
  readonly healthCheckIntervalSeconds: number;
  readonly healthCheckTimeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  readonly attributes: readonly Elbv2Attribute[];
  readonly targets: readonly Target[];
}

/** The target group protocols each load balancer type forwards to. */
export const TG_PROTOCOLS_BY_LB: Record<LoadBalancerType, readonly TargetGroupProtocol[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
  gateway: ['GENEVE'],
};

/** GENEVE's UDP port: a GWLB talks to its appliances on it and nothing else. */
export const GENEVE_PORT = 6081;

/** A target group's ARN. */
export function targetGroupArn(region: string, account: string, name: string, suffix: string) {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${suffix}`;
}

/**
 * The attributes a new target group has
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetGroupAttribute.html).
 * Client IP preservation is on by default except for IP targets over TCP or TLS; GWLB groups
 * have 5-tuple stickiness unless `stickiness.type` says 3- or 2-tuple.
 */
export function defaultTargetGroupAttributes(
  protocol: TargetGroupProtocol,
  targetType: TargetType,
): Elbv2Attribute[] {
  if (protocol === 'GENEVE') {
    return [
      { key: 'deregistration_delay.timeout_seconds', value: '300' },
      { key: 'stickiness.enabled', value: 'false' },
      { key: 'stickiness.type', value: 'source_ip_dest_ip_proto' },
      { key: 'target_failover.on_deregistration', value: 'no_rebalance' },
      { key: 'target_failover.on_unhealthy', value: 'no_rebalance' },
    ];
  }
  if (protocol === 'HTTP' || protocol === 'HTTPS') {
    return [
      { key: 'deregistration_delay.timeout_seconds', value: '300' },
      { key: 'load_balancing.algorithm.type', value: 'round_robin' },
      { key: 'load_balancing.cross_zone.enabled', value: 'use_load_balancer_configuration' },
      { key: 'slow_start.duration_seconds', value: '0' },
      { key: 'stickiness.enabled', value: 'false' },
      { key: 'stickiness.type', value: 'lb_cookie' },
      { key: 'stickiness.lb_cookie.duration_seconds', value: '86400' },
    ];
  }
  const preserve = targetType === 'instance' || protocol === 'UDP' || protocol === 'TCP_UDP';
  return [
    { key: 'deregistration_delay.timeout_seconds', value: '300' },
    { key: 'deregistration_delay.connection_termination.enabled', value: 'false' },
    { key: 'load_balancing.cross_zone.enabled', value: 'use_load_balancer_configuration' },
    { key: 'preserve_client_ip.enabled', value: preserve ? 'true' : 'false' },
    { key: 'proxy_protocol_v2.enabled', value: 'false' },
    { key: 'stickiness.enabled', value: 'false' },
    { key: 'stickiness.type', value: 'source_ip' },
  ];
}
