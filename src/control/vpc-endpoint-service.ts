import type { Tag } from '../model/common.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { LoadBalancer } from '../model/load-balancer.js';
import type { Operation, OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Change, Snapshot } from '../model/snapshot.js';
import type { Subnet } from '../model/subnet.js';
import {
  endpointServiceName,
  mayConnect,
  type VpcEndpointService,
} from '../model/vpc-endpoint-service.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import { idsParam, owned, tagsParam } from './params.js';
import type { UnsuccessfulItem } from './vpc-endpoint.js';
import { invalidServiceName } from './vpc-endpoint-types.js';

/**
 * Endpoint services (PrivateLink provider side): CreateVpcEndpointServiceConfiguration,
 * DeleteVpcEndpointServiceConfigurations and ModifyVpcEndpointServicePermissions
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html), and the
 * consumer-side checks that GWLB and interface endpoints to such a service pass.
 */

export interface CreateVpcEndpointServiceConfigurationInput {
  readonly gatewayLoadBalancerArns?: readonly string[];
  readonly networkLoadBalancerArns?: readonly string[];
  /** Defaults to true, as in AWS. */
  readonly acceptanceRequired?: boolean;
  readonly supportedIpAddressTypes?: readonly string[];
  readonly tags?: readonly Tag[];
}

/** The caller's load balancers of one type, none offered by another service. */
function serviceLoadBalancers(
  s: Snapshot,
  arns: readonly string[],
  type: 'gateway' | 'network',
  ctx: OperationContext,
): Result<LoadBalancer[], AwsError> {
  const out: LoadBalancer[] = [];
  for (const arn of arns) {
    const lb = s.get('load-balancer', arn);
    if (!lb || lb.ownerId !== ctx.accountId || lb.region !== ctx.region) {
      return fail(
        AwsErrors.invalidParameterValue(`Load balancer ARN '${arn}' is invalid or does not exist.`),
      );
    }
    if (lb.type !== type) {
      const param = type === 'gateway' ? 'GatewayLoadBalancerArns' : 'NetworkLoadBalancerArns';
      return fail(
        AwsErrors.invalidParameterValue(
          `Load balancer '${arn}' is not a ${type} load balancer, as ${param} requires.`,
        ),
      );
    }
    const taken = s.find('vpcEndpointServicesByLoadBalancer', arn)[0];
    if (taken) {
      return fail(
        AwsErrors.invalidParameterValue(
          `Load balancer '${arn}' is already associated with the service ${taken.id}.`,
        ),
      );
    }
    if (!out.includes(lb)) out.push(lb);
  }
  return ok(out);
}

/**
 * CreateVpcEndpointServiceConfiguration: a service in front of Gateway Load Balancers or
 * Network Load Balancers (one kind, not both); it is available at once.
 */
export const createVpcEndpointServiceConfiguration: Operation<
  CreateVpcEndpointServiceConfigurationInput,
  VpcEndpointService
> = (s, input, ctx) => {
  const gwlbs = input.gatewayLoadBalancerArns ?? [];
  const nlbs = input.networkLoadBalancerArns ?? [];
  if (gwlbs.length === 0 && nlbs.length === 0) {
    return fail(AwsErrors.missingParameter('GatewayLoadBalancerArns or NetworkLoadBalancerArns'));
  }
  if (gwlbs.length > 0 && nlbs.length > 0) {
    return fail(
      AwsErrors.invalidParameterCombination(
        'GatewayLoadBalancerArns and NetworkLoadBalancerArns cannot be used together.',
      ),
    );
  }
  const gateway = gwlbs.length > 0;
  const lbs = serviceLoadBalancers(s, gateway ? gwlbs : nlbs, gateway ? 'gateway' : 'network', ctx);
  if (!lbs.ok) return lbs;
  const types = input.supportedIpAddressTypes ?? ['ipv4'];
  const badType = types.find((t) => t !== 'ipv4' && t !== 'ipv6');
  if (badType !== undefined) {
    return fail(
      AwsErrors.invalidParameterValue(
        `Value (${badType}) for parameter SupportedIpAddressTypes is invalid.`,
      ),
    );
  }
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const id = ctx.ids.next('vpc-endpoint-service');
  const service: VpcEndpointService = {
    kind: 'vpc-endpoint-service',
    id,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    serviceName: endpointServiceName(ctx.region, id),
    serviceType: gateway ? 'GatewayLoadBalancer' : 'Interface',
    serviceState: 'Available',
    acceptanceRequired: input.acceptanceRequired ?? true,
    managesVpcEndpoints: false,
    gatewayLoadBalancerArns: gateway ? lbs.value.map((l) => l.id) : [],
    networkLoadBalancerArns: gateway ? [] : lbs.value.map((l) => l.id),
    allowedPrincipals: [],
    supportedIpAddressTypes: types as ('ipv4' | 'ipv6')[],
  };
  return ok({ changes: [{ op: 'put', resource: service }], output: service });
};

export interface DeleteVpcEndpointServiceConfigurationsInput {
  readonly serviceIds?: readonly string[];
}

/**
 * DeleteVpcEndpointServiceConfigurations: a service with endpoints connected to it stays, listed
 * as unsuccessful (`ExistingVpcEndpointConnections`), as does an unknown id.
 */
export const deleteVpcEndpointServiceConfigurations: Operation<
  DeleteVpcEndpointServiceConfigurationsInput,
  { unsuccessful: UnsuccessfulItem[] }
> = (s, input, ctx) => {
  if (!input.serviceIds?.length) return fail(AwsErrors.missingParameter('ServiceIds'));
  const ids = idsParam('vpc-endpoint-service', input.serviceIds);
  if (!ids.ok) return ids;
  const unsuccessful: UnsuccessfulItem[] = [];
  const changes: Change[] = [];
  for (const id of ids.value) {
    const found = owned(s, 'vpc-endpoint-service', id, ctx);
    if (!found.ok) {
      unsuccessful.push({
        resourceId: id,
        error: {
          code: 'InvalidVpcEndpointService.NotFound',
          message: `The VpcEndpointService Id '${id}' does not exist`,
        },
      });
      continue;
    }
    const connected = s
      .find('vpcEndpointsByServiceName', found.value.serviceName)
      .filter((e) => e.state !== 'rejected');
    if (connected.length > 0) {
      unsuccessful.push({
        resourceId: id,
        error: {
          code: 'ExistingVpcEndpointConnections',
          message: `Service has existing active VPC Endpoint connections: ${connected.map((e) => e.id).join(', ')}`,
        },
      });
      continue;
    }
    changes.push({ op: 'delete', kind: 'vpc-endpoint-service', id });
  }
  return ok({ changes, output: { unsuccessful } });
};

export interface ModifyVpcEndpointServicePermissionsInput {
  readonly serviceId?: string;
  readonly addAllowedPrincipals?: readonly string[];
  readonly removeAllowedPrincipals?: readonly string[];
}

/** ModifyVpcEndpointServicePermissions: principals are `*`, an account id or an IAM ARN. */
export const modifyVpcEndpointServicePermissions: Operation<
  ModifyVpcEndpointServicePermissionsInput,
  VpcEndpointService
> = (s, input, ctx) => {
  if (input.serviceId === undefined) return fail(AwsErrors.missingParameter('ServiceId'));
  const found = owned(s, 'vpc-endpoint-service', input.serviceId, ctx);
  if (!found.ok) return found;
  for (const p of input.addAllowedPrincipals ?? []) {
    if (p !== '*' && !/^\d{12}$/.test(p) && !/^arn:aws[a-z-]*:iam::\d{12}:[a-z]+(\/.*)?$/.test(p)) {
      return fail(AwsErrors.invalidParameterValue(`Invalid principal: ${p}`));
    }
  }
  const removed = input.removeAllowedPrincipals ?? [];
  const kept = found.value.allowedPrincipals.filter((p) => !removed.includes(p));
  const added = (input.addAllowedPrincipals ?? []).filter((p) => !kept.includes(p));
  const next = { ...found.value, allowedPrincipals: [...kept, ...added] };
  return ok({ changes: [{ op: 'put', resource: next }], output: next });
};

/** The endpoint service a consumer's endpoint names, if it is a PrivateLink service. */
export function endpointServiceOf(
  s: Snapshot,
  serviceName: string,
  region: string,
): VpcEndpointService | undefined {
  const svc = s.find('vpcEndpointServiceByName', serviceName)[0];
  return svc && svc.region === region ? svc : undefined;
}

/**
 * Consumer-side checks for an endpoint to an endpoint service: the service exists, is of the
 * endpoint's type, lets the caller connect, and has a load balancer node in each subnet's zone.
 * Answers the endpoint's initial state.
 */
export function checkServiceConnection(
  s: Snapshot,
  service: VpcEndpointService | undefined,
  serviceName: string,
  type: 'Interface' | 'GatewayLoadBalancer',
  subnets: readonly Subnet[],
  ctx: OperationContext,
): Result<VpcEndpoint['state'], AwsError> {
  if (!service || service.serviceType !== type || !mayConnect(service, ctx.accountId)) {
    return fail(invalidServiceName(serviceName));
  }
  const zones = new Set<string>();
  for (const arn of [...service.gatewayLoadBalancerArns, ...service.networkLoadBalancerArns]) {
    for (const z of s.get('load-balancer', arn)?.availabilityZones ?? []) zones.add(z.zoneName);
  }
  const outside = subnets.find((sn) => !zones.has(sn.availabilityZone));
  if (outside) {
    return fail(
      AwsErrors.invalidParameter(
        `The VPC endpoint service ${service.serviceName} does not support the availability zone of the subnet: ${outside.id}.`,
      ),
    );
  }
  // The owner's own endpoints are accepted at once (D54).
  return ok(
    service.acceptanceRequired && service.ownerId !== ctx.accountId
      ? 'pendingAcceptance'
      : 'available',
  );
}
