import {
  attributeValue,
  defaultLoadBalancerAttributes,
  type Elbv2Attribute,
} from '../model/load-balancer.js';
import { listenerTargetGroups, type ListenerRule } from '../model/listener.js';
import type { Snapshot } from '../model/snapshot.js';
import { defaultTargetGroupAttributes } from '../model/target-group.js';
import type { Vpc } from '../model/vpc.js';
import type { ExportNames } from './export.js';
import type {
  TopologyEndpointService,
  TopologyListener,
  TopologyLoadBalancer,
  TopologyTargetGroup,
} from './schema.js';

/**
 * The load balancing part of a VPC as a topology: load balancers (NLB nodes with their Elastic
 * IP or private address pinned), target groups with targets by instance name or address,
 * listeners, and endpoint services. Attributes are written only where they differ from the
 * type's defaults.
 */

/** Attributes that differ from the defaults, as the file writes them. */
function changed(
  attrs: readonly Elbv2Attribute[],
  defaults: readonly Elbv2Attribute[],
): Record<string, string> | undefined {
  const out = Object.fromEntries(
    attrs
      .filter((a) => attributeValue({ attributes: defaults }, a.key) !== a.value)
      .map((a) => [a.key, a.value]),
  );
  return Object.keys(out).length ? out : undefined;
}

/** A listener rule as a file writes it: its priority, patterns and group (D89). */
function ruleOf(s: Snapshot, r: ListenerRule) {
  const values = (field: string) => r.conditions.find((c) => c.field === field)?.values;
  const paths = values('path-pattern');
  const hosts = values('host-header');
  const tg = s.get('target-group', listenerTargetGroups({ defaultActions: r.actions })[0] ?? '');
  return {
    priority: r.priority,
    ...(paths ? { paths: [...paths] } : {}),
    ...(hosts ? { hosts: [...hosts] } : {}),
    targetGroup: tg?.targetGroupName ?? '',
  };
}

const extraTags = (tags: readonly { key: string; value: string }[]) =>
  tags.length ? { tags: Object.fromEntries(tags.map((t) => [t.key, t.value])) } : {};

/** The name of an endpoint service for an endpoint's service name, or the name itself. */
export function endpointServiceRef(s: Snapshot, serviceName: string, names: ExportNames): string {
  const svc = s.find('vpcEndpointServiceByName', serviceName)[0];
  return svc ? names.of(svc.id, svc.tags, 'endpoint-service') : serviceName;
}

/** The load balancing sections of a VPC (only those that are not empty). */
export function exportLoadBalancing(s: Snapshot, vpc: Vpc, names: ExportNames) {
  const subnetName = (id: string) => names.of(id, s.get('subnet', id)?.tags ?? [], vpc.id);
  const lbs = s.find('loadBalancersByVpc', vpc.id);
  const loadBalancers: TopologyLoadBalancer[] = lbs.map((lb) => {
    const attributes = changed(lb.attributes, defaultLoadBalancerAttributes(lb.type));
    return {
      name: lb.loadBalancerName,
      type: lb.type,
      ...(lb.scheme ? { scheme: lb.scheme } : {}),
      ...(lb.ipAddressType !== 'ipv4' ? { ipAddressType: lb.ipAddressType } : {}),
      subnets: lb.availabilityZones.map((z) => {
        const a = z.loadBalancerAddresses[0];
        const eip = a?.allocationId ? s.get('elastic-ip', a.allocationId) : undefined;
        if (eip) return { subnet: subnetName(z.subnetId), elasticIp: names.of(eip.id, eip.tags) };
        if (lb.type === 'network' && lb.scheme === 'internal' && a) {
          return { subnet: subnetName(z.subnetId), privateIp: a.privateIPv4Address.toString() };
        }
        return subnetName(z.subnetId);
      }),
      ...(lb.type !== 'gateway' && lb.securityGroups.length
        ? {
            securityGroups: lb.securityGroups.map((id) => {
              const g = s.get('security-group', id);
              return g ? names.group(g) : id;
            }),
          }
        : {}),
      ...(attributes ? { attributes } : {}),
      ...extraTags(lb.tags),
    };
  });
  const targetGroups: TopologyTargetGroup[] = s.find('targetGroupsByVpc', vpc.id).map((tg) => {
    const attributes = changed(
      tg.attributes,
      defaultTargetGroupAttributes(tg.protocol, tg.targetType),
    );
    const targets = tg.targets.map((t) => {
      let target = t.id;
      if (tg.targetType === 'instance') {
        const i = s.get('instance', t.id);
        target = i ? names.of(i.id, i.tags, i.vpcId) : t.id;
      } else if (tg.targetType === 'alb') {
        target = s.get('load-balancer', t.id)?.loadBalancerName ?? t.id;
      }
      const port = t.port !== tg.port ? { port: t.port } : {};
      const az = t.availabilityZone === 'all' ? { az: 'all' } : {};
      return Object.keys(port).length || Object.keys(az).length
        ? { target, ...port, ...az }
        : target;
    });
    return {
      name: tg.targetGroupName,
      protocol: tg.protocol,
      port: tg.port,
      ...(tg.targetType !== 'instance' ? { targetType: tg.targetType } : {}),
      ...(tg.ipAddressType !== 'ipv4' ? { ipAddressType: tg.ipAddressType } : {}),
      ...(targets.length ? { targets } : {}),
      ...(attributes ? { attributes } : {}),
      ...extraTags(tg.tags),
    };
  });
  const listeners: TopologyListener[] = lbs.flatMap((lb) =>
    s.find('listenersByLoadBalancer', lb.id).map((l) => {
      const tg = s.get('target-group', listenerTargetGroups(l)[0] ?? '');
      return {
        loadBalancer: lb.loadBalancerName,
        ...(l.protocol ? { protocol: l.protocol } : {}),
        ...(l.port !== undefined ? { port: l.port } : {}),
        ...(l.certificates?.length
          ? { certificates: l.certificates.map((c) => c.certificateArn) }
          : {}),
        targetGroup: tg?.targetGroupName ?? '',
        ...(l.rules?.length ? { rules: l.rules.map((r) => ruleOf(s, r)) } : {}),
        ...extraTags(l.tags),
      };
    }),
  );
  const endpointServices: TopologyEndpointService[] = [];
  for (const lb of lbs) {
    for (const svc of s.find('vpcEndpointServicesByLoadBalancer', lb.id)) {
      if (svc.gatewayLoadBalancerArns[0] !== lb.id && svc.networkLoadBalancerArns[0] !== lb.id)
        continue;
      const lbName = (arn: string) => s.get('load-balancer', arn)?.loadBalancerName ?? arn;
      endpointServices.push({
        name: names.of(svc.id, svc.tags, 'endpoint-service'),
        ...(svc.gatewayLoadBalancerArns.length
          ? { gatewayLoadBalancers: svc.gatewayLoadBalancerArns.map(lbName) }
          : {}),
        ...(svc.networkLoadBalancerArns.length
          ? { networkLoadBalancers: svc.networkLoadBalancerArns.map(lbName) }
          : {}),
        acceptanceRequired: svc.acceptanceRequired,
        ...(svc.allowedPrincipals.length ? { allowedPrincipals: [...svc.allowedPrincipals] } : {}),
      });
    }
  }
  return {
    ...(loadBalancers.length ? { loadBalancers } : {}),
    ...(targetGroups.length ? { targetGroups } : {}),
    ...(listeners.length ? { listeners } : {}),
    ...(endpointServices.length ? { endpointServices } : {}),
  };
}
