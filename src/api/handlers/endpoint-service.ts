import {
  createVpcEndpointServiceConfiguration,
  deleteVpcEndpointServiceConfigurations,
} from '../../control/vpc-endpoint-service.js';
import { idsParam } from '../../control/params.js';
import {
  acceptVpcEndpointConnections,
  rejectVpcEndpointConnections,
} from '../../control/vpc-endpoint-connection.js';
import { modifyVpcEndpointServicePermissions } from '../../control/vpc-endpoint-service.js';
import { ok } from '../../model/result.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { VpcEndpointService } from '../../model/vpc-endpoint-service.js';
import { describe, type FilterTable } from './describe.js';
import { tagSet, tagsFromSpecifications } from './tags.js';
import { defineHandler, handlerRegistry } from './typed.js';

/**
 * Endpoint services (PrivateLink provider side) over the EC2 API:
 * CreateVpcEndpointServiceConfiguration, DescribeVpcEndpointServiceConfigurations and
 * DeleteVpcEndpointServiceConfigurations.
 */

/** The zones a service is offered in: those of its load balancers' nodes. */
function serviceZones(s: Snapshot, svc: VpcEndpointService): string[] {
  const zones = new Set<string>();
  for (const arn of [...svc.gatewayLoadBalancerArns, ...svc.networkLoadBalancerArns]) {
    for (const z of s.get('load-balancer', arn)?.availabilityZones ?? []) zones.add(z.zoneName);
  }
  return [...zones].sort();
}

/** A `ServiceConfiguration`. */
function serviceOutput(s: Snapshot, svc: VpcEndpointService) {
  return {
    serviceType: [{ serviceType: svc.serviceType }],
    serviceId: svc.id,
    serviceName: svc.serviceName,
    serviceState: svc.serviceState,
    availabilityZones: serviceZones(s, svc),
    acceptanceRequired: svc.acceptanceRequired,
    managesVpcEndpoints: svc.managesVpcEndpoints,
    networkLoadBalancerArns: [...svc.networkLoadBalancerArns],
    gatewayLoadBalancerArns: [...svc.gatewayLoadBalancerArns],
    supportedIpAddressTypes: [...svc.supportedIpAddressTypes],
    baseEndpointDnsNames: [`${svc.id}.${svc.region}.vpce.amazonaws.com`],
    tags: tagSet(svc.tags),
  };
}

const createHandler = defineHandler('CreateVpcEndpointServiceConfiguration', (input, ctx) => {
  const tags = tagsFromSpecifications(input.tagSpecifications, 'vpc-endpoint-service');
  if (!tags.ok) return tags;
  const r = ctx.run(
    'CreateVpcEndpointServiceConfiguration',
    createVpcEndpointServiceConfiguration,
    {
      gatewayLoadBalancerArns: input.gatewayLoadBalancerArns,
      networkLoadBalancerArns: input.networkLoadBalancerArns,
      acceptanceRequired: input.acceptanceRequired,
      supportedIpAddressTypes: input.supportedIpAddressTypes,
      tags: tags.value,
    },
  );
  return r.ok
    ? ok({
        serviceConfiguration: serviceOutput(ctx.store.snapshot, r.value),
        clientToken: input.clientToken,
      })
    : r;
});

/** DescribeVpcEndpointServiceConfigurations filters, as AWS documents them. */
const SERVICE_FILTERS: FilterTable<VpcEndpointService> = {
  'service-name': (v) => [v.serviceName],
  'service-id': (v) => [v.id],
  'service-state': (v) => [v.serviceState],
  'supported-ip-address-types': (v) => v.supportedIpAddressTypes,
};

const describeHandler = defineHandler('DescribeVpcEndpointServiceConfigurations', (input, ctx) => {
  const shaped = idsParam('vpc-endpoint-service', input.serviceIds);
  if (!shaped.ok) return shaped;
  const page = describe(
    ctx.mine('vpc-endpoint-service'),
    { ...input, ids: input.serviceIds },
    {
      idOf: (v) => v.id,
      filters: SERVICE_FILTERS,
      noun: 'vpc-endpoint-service',
      maxResultsRange: [5, 1000],
    },
  );
  const s = ctx.store.snapshot;
  return page.ok
    ? ok({
        serviceConfigurations: page.value.items.map((v) => serviceOutput(s, v)),
        nextToken: page.value.nextToken,
      })
    : page;
});

const deleteHandler = defineHandler('DeleteVpcEndpointServiceConfigurations', (input, ctx) => {
  const r = ctx.run(
    'DeleteVpcEndpointServiceConfigurations',
    deleteVpcEndpointServiceConfigurations,
    {
      serviceIds: input.serviceIds ?? [],
    },
  );
  return r.ok ? ok({ unsuccessful: r.value.unsuccessful }) : r;
});

const modifyPermissionsHandler = defineHandler(
  'ModifyVpcEndpointServicePermissions',
  (input, ctx) => {
    const r = ctx.run('ModifyVpcEndpointServicePermissions', modifyVpcEndpointServicePermissions, {
      serviceId: input.serviceId,
      addAllowedPrincipals: input.addAllowedPrincipals,
      removeAllowedPrincipals: input.removeAllowedPrincipals,
    });
    if (!r.ok) return r;
    const added = (input.addAllowedPrincipals ?? []).map((principal) => ({
      principalType: principal === '*' ? 'All' : /^\d{12}$/.test(principal) ? 'Account' : 'Role',
      principal,
      serviceId: r.value.id,
    }));
    return ok({ addedPrincipals: added, returnValue: true });
  },
);

const acceptHandler = defineHandler('AcceptVpcEndpointConnections', (input, ctx) => {
  const r = ctx.run('AcceptVpcEndpointConnections', acceptVpcEndpointConnections, {
    serviceId: input.serviceId,
    vpcEndpointIds: input.vpcEndpointIds,
  });
  return r.ok ? ok({ unsuccessful: r.value.unsuccessful }) : r;
});

const rejectHandler = defineHandler('RejectVpcEndpointConnections', (input, ctx) => {
  const r = ctx.run('RejectVpcEndpointConnections', rejectVpcEndpointConnections, {
    serviceId: input.serviceId,
    vpcEndpointIds: input.vpcEndpointIds,
  });
  return r.ok ? ok({ unsuccessful: r.value.unsuccessful }) : r;
});

export const ENDPOINT_SERVICE_HANDLERS = handlerRegistry(
  modifyPermissionsHandler,
  acceptHandler,
  rejectHandler,
  createHandler,
  describeHandler,
  deleteHandler,
);
