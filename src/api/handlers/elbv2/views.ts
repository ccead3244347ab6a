import type { Listener, ListenerAction, ListenerRule } from '../../../model/listener.js';
import type { LoadBalancer, LoadBalancerZone } from '../../../model/load-balancer.js';
import type { Snapshot } from '../../../model/snapshot.js';
import type { TargetGroup } from '../../../model/target-group.js';
import { loadBalancersOfTargetGroup } from '../../../model/target-health.js';

/**
 * ELBv2 resources as the API shows them: the model's shapes with their keys as the decoder and
 * XML writer name them (the model name with its first letter lowered, so `DNSName` is
 * `dNSName`).
 */

/** An `AvailabilityZone` of a load balancer. */
export const zoneView = (z: LoadBalancerZone) => ({
  zoneName: z.zoneName,
  subnetId: z.subnetId,
  loadBalancerAddresses: z.loadBalancerAddresses.map((a) => ({
    ...(a.ipAddress ? { ipAddress: a.ipAddress.toString() } : {}),
    ...(a.allocationId ? { allocationId: a.allocationId } : {}),
    privateIPv4Address: a.privateIPv4Address.toString(),
    ...(a.iPv6Address ? { iPv6Address: a.iPv6Address.toString() } : {}),
  })),
});

/** A `LoadBalancer`. */
export const loadBalancerView = (lb: LoadBalancer) => ({
  loadBalancerArn: lb.id,
  dNSName: lb.dnsName,
  ...(lb.canonicalHostedZoneId ? { canonicalHostedZoneId: lb.canonicalHostedZoneId } : {}),
  createdTime: new Date(lb.createdTime),
  loadBalancerName: lb.loadBalancerName,
  ...(lb.scheme ? { scheme: lb.scheme } : {}),
  vpcId: lb.vpcId,
  state: { code: lb.state.code },
  type: lb.type,
  availabilityZones: lb.availabilityZones.map(zoneView),
  ...(lb.type !== 'gateway' ? { securityGroups: [...lb.securityGroups] } : {}),
  ipAddressType: lb.ipAddressType,
});

/** A `TargetGroup`, with the load balancers that use it (derived from listeners). */
export const targetGroupView = (s: Snapshot, tg: TargetGroup) => ({
  targetGroupArn: tg.id,
  targetGroupName: tg.targetGroupName,
  protocol: tg.protocol,
  port: tg.port,
  vpcId: tg.vpcId,
  healthCheckProtocol: tg.healthCheckProtocol,
  healthCheckPort: tg.healthCheckPort,
  healthCheckEnabled: tg.healthCheckEnabled,
  healthCheckIntervalSeconds: tg.healthCheckIntervalSeconds,
  healthCheckTimeoutSeconds: tg.healthCheckTimeoutSeconds,
  healthyThresholdCount: tg.healthyThresholdCount,
  unhealthyThresholdCount: tg.unhealthyThresholdCount,
  ...(tg.healthCheckPath
    ? { healthCheckPath: tg.healthCheckPath, matcher: { httpCode: '200' } }
    : {}),
  loadBalancerArns: loadBalancersOfTargetGroup(s, tg).map((l) => l.id),
  targetType: tg.targetType,
  ...(tg.protocolVersion ? { protocolVersion: tg.protocolVersion } : {}),
  ipAddressType: tg.ipAddressType,
});

/** A `Listener`. */
export const listenerView = (l: Listener) => ({
  listenerArn: l.id,
  loadBalancerArn: l.loadBalancerArn,
  ...(l.port !== undefined ? { port: l.port } : {}),
  ...(l.protocol ? { protocol: l.protocol } : {}),
  ...(l.certificates
    ? { certificates: l.certificates.map((c) => ({ certificateArn: c.certificateArn })) }
    : {}),
  ...(l.sslPolicy ? { sslPolicy: l.sslPolicy } : {}),
  defaultActions: l.defaultActions.map(actionView),
});

/** An `Action` (forward). */
export const actionView = (a: ListenerAction) => ({
  type: a.type,
  ...(a.targetGroupArn ? { targetGroupArn: a.targetGroupArn } : {}),
  ...(a.order !== undefined ? { order: a.order } : {}),
  ...(a.forwardConfig
    ? {
        forwardConfig: {
          targetGroups: a.forwardConfig.targetGroups.map((t) => ({
            targetGroupArn: t.targetGroupArn,
            weight: t.weight,
          })),
        },
      }
    : {}),
});

/** A `Rule`: the conditions with both `Values` and the field's config, as ELBv2 answers. */
export const ruleView = (r: ListenerRule, isDefault = false) => ({
  ruleArn: r.ruleArn,
  priority: isDefault ? 'default' : String(r.priority),
  conditions: r.conditions.map((c) => ({
    field: c.field,
    values: [...c.values],
    ...(c.field === 'path-pattern'
      ? { pathPatternConfig: { values: [...c.values] } }
      : { hostHeaderConfig: { values: [...c.values] } }),
  })),
  actions: r.actions.map(actionView),
  isDefault,
});
