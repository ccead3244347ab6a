import { Ip } from '../net/index.js';
import {
  modifyLoadBalancerAttributes,
  modifyTargetGroupAttributes,
} from '../control/elbv2-attributes.js';
import { createListener } from '../control/listener.js';
import { createRule } from '../control/listener-rule.js';
import { createLoadBalancer } from '../control/load-balancer.js';
import type { SubnetMappingInput } from '../control/load-balancer-node.js';
import { registerTargets, type TargetInput } from '../control/target.js';
import { createTargetGroup } from '../control/target-group.js';
import {
  createVpcEndpointServiceConfiguration,
  modifyVpcEndpointServicePermissions,
} from '../control/vpc-endpoint-service.js';
import type { Tag } from '../model/common.js';
import { tagsOf, type LoadContext, type VpcPlan } from './context.js';
import type { DocPath } from './source.js';

/**
 * Load balancers, target groups, listeners and endpoint services of a topology file, through
 * the ELBv2 and EC2 operations. Four steps, each run over every VPC before the next, so a
 * listener finds target groups, targets find the ALB listeners an `alb` target needs, and
 * endpoints (loaded after) find the endpoint services of any VPC.
 */

/** Extra tags only: ELBv2 resources are named by their own name field, not a Name tag. */
const extraTags = (extra?: Record<string, string>): Tag[] =>
  Object.entries(extra ?? {}).map(([key, value]) => ({ key, value }));

const attributeList = (a: Record<string, string>) =>
  Object.entries(a).map(([key, value]) => ({ key, value }));

/** Load balancers: one node per subnet; NLB subnets may pin an Elastic IP or a private address. */
export function loadLoadBalancers(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.loadBalancers?.forEach((lb, i) => {
    const path: DocPath = [...p.path, 'loadBalancers', i];
    const subnetMappings: SubnetMappingInput[] = lb.subnets.map((sn, j) => {
      const at = [...path, 'subnets', j];
      if (typeof sn === 'string') return { subnetId: L.resolve('subnet', sn, scope, at) };
      return {
        subnetId: L.resolve('subnet', sn.subnet, scope, [...at, 'subnet']),
        ...(sn.elasticIp !== undefined
          ? { allocationId: L.resolve('elastic-ip', sn.elasticIp, scope, [...at, 'elasticIp']) }
          : {}),
        ...(sn.privateIp !== undefined ? { privateIPv4Address: sn.privateIp } : {}),
      };
    });
    const securityGroups = lb.securityGroups?.map((g, j) =>
      L.resolve('security-group', g, scope, [...path, 'securityGroups', j]),
    );
    const created = L.run(
      'CreateLoadBalancer',
      createLoadBalancer,
      {
        name: lb.name,
        ...(lb.type !== undefined ? { type: lb.type } : {}),
        ...(lb.scheme !== undefined ? { scheme: lb.scheme } : {}),
        ...(lb.ipAddressType !== undefined ? { ipAddressType: lb.ipAddressType } : {}),
        subnetMappings,
        ...(securityGroups ? { securityGroups } : {}),
        tags: extraTags(lb.tags),
      },
      scope.caller,
      path,
    );
    if (lb.attributes) {
      L.run(
        'ModifyLoadBalancerAttributes',
        modifyLoadBalancerAttributes,
        { loadBalancerArn: created.id, attributes: attributeList(lb.attributes) },
        scope.caller,
        [...path, 'attributes'],
      );
    }
    L.name('load-balancer', lb.name, created.id, scope, [...path, 'name']);
  });
}

/** Target groups, without their targets (registered after the listeners). */
export function loadTargetGroups(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.targetGroups?.forEach((tg, i) => {
    const path: DocPath = [...p.path, 'targetGroups', i];
    const created = L.run(
      'CreateTargetGroup',
      createTargetGroup,
      {
        name: tg.name,
        protocol: tg.protocol,
        port: tg.port,
        vpcId: p.id,
        ...(tg.targetType !== undefined ? { targetType: tg.targetType } : {}),
        ...(tg.ipAddressType !== undefined ? { ipAddressType: tg.ipAddressType } : {}),
        tags: extraTags(tg.tags),
      },
      scope.caller,
      path,
    );
    if (tg.attributes) {
      L.run(
        'ModifyTargetGroupAttributes',
        modifyTargetGroupAttributes,
        { targetGroupArn: created.id, attributes: attributeList(tg.attributes) },
        scope.caller,
        [...path, 'attributes'],
      );
    }
    L.name('target-group', tg.name, created.id, scope, [...path, 'name']);
  });
}

/** Listeners, each forwarding to one target group. */
export function loadListeners(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.listeners?.forEach((l, i) => {
    const path: DocPath = [...p.path, 'listeners', i];
    const loadBalancerArn = L.resolve('load-balancer', l.loadBalancer, scope, [
      ...path,
      'loadBalancer',
    ]);
    const targetGroupArn = L.resolve('target-group', l.targetGroup, scope, [
      ...path,
      'targetGroup',
    ]);
    const listener = L.run(
      'CreateListener',
      createListener,
      {
        loadBalancerArn,
        ...(l.protocol !== undefined ? { protocol: l.protocol } : {}),
        ...(l.port !== undefined ? { port: l.port } : {}),
        ...(l.certificates
          ? { certificates: l.certificates.map((certificateArn) => ({ certificateArn })) }
          : {}),
        defaultActions: [{ type: 'forward', targetGroupArn }],
        tags: extraTags(l.tags),
      },
      scope.caller,
      path,
    );
    l.rules?.forEach((r, j) => {
      const at: DocPath = [...path, 'rules', j];
      const rulesGroup = L.resolve('target-group', r.targetGroup, scope, [...at, 'targetGroup']);
      L.run(
        'CreateRule',
        createRule,
        {
          listenerArn: listener.id,
          priority: r.priority,
          conditions: [
            ...(r.paths ? [{ field: 'path-pattern', values: r.paths }] : []),
            ...(r.hosts ? [{ field: 'host-header', values: r.hosts }] : []),
          ],
          actions: [{ type: 'forward', targetGroupArn: rulesGroup }],
        },
        scope.caller,
        at,
      );
    });
  });
}

/** Targets: a string is an IPv4 address, else an instance name (a load balancer for `alb`). */
export function loadTargets(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.targetGroups?.forEach((tg, i) => {
    if (!tg.targets?.length) return;
    const path: DocPath = [...p.path, 'targetGroups', i];
    const targets: TargetInput[] = tg.targets.map((t, j) => {
      const at = [...path, 'targets', j];
      const spec = typeof t === 'string' ? { target: t } : t;
      const where = typeof t === 'string' ? at : [...at, 'target'];
      const id = Ip.parse(spec.target)
        ? spec.target
        : tg.targetType === 'alb'
          ? L.resolve('load-balancer', spec.target, scope, where)
          : L.resolve('instance', spec.target, scope, where);
      return {
        id,
        ...(spec.port !== undefined ? { port: spec.port } : {}),
        ...(spec.az !== undefined ? { availabilityZone: spec.az } : {}),
      };
    });
    const targetGroupArn = L.resolve('target-group', tg.name, scope, [...path, 'name']);
    L.run('RegisterTargets', registerTargets, { targetGroupArn, targets }, scope.caller, [
      ...path,
      'targets',
    ]);
  });
}

/** Endpoint services in front of this VPC's load balancers (acceptance off unless asked). */
export function loadEndpointServices(L: LoadContext, p: VpcPlan): void {
  const { scope } = p;
  p.vpc.endpointServices?.forEach((svc, i) => {
    const path: DocPath = [...p.path, 'endpointServices', i];
    const lbs = (refs: readonly string[] | undefined, key: string) =>
      refs?.map((r, j) => L.resolve('load-balancer', r, scope, [...path, key, j]));
    const gatewayLoadBalancerArns = lbs(svc.gatewayLoadBalancers, 'gatewayLoadBalancers');
    const networkLoadBalancerArns = lbs(svc.networkLoadBalancers, 'networkLoadBalancers');
    const created = L.run(
      'CreateVpcEndpointServiceConfiguration',
      createVpcEndpointServiceConfiguration,
      {
        ...(gatewayLoadBalancerArns ? { gatewayLoadBalancerArns } : {}),
        ...(networkLoadBalancerArns ? { networkLoadBalancerArns } : {}),
        acceptanceRequired: svc.acceptanceRequired ?? false,
        tags: tagsOf(svc.name, svc.tags),
      },
      scope.caller,
      path,
    );
    if (svc.allowedPrincipals?.length) {
      L.run(
        'ModifyVpcEndpointServicePermissions',
        modifyVpcEndpointServicePermissions,
        { serviceId: created.id, addAllowedPrincipals: svc.allowedPrincipals },
        scope.caller,
        [...path, 'allowedPrincipals'],
      );
    }
    L.name('vpc-endpoint-service', svc.name, created.id, scope, [...path, 'name']);
  });
}
