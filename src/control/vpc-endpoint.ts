import type { Ip } from '../net/index.js';
import type { Tag } from '../model/common.js';
import { AwsErrors } from '../model/errors.js';
import type { Operation } from '../model/operation.js';
import { fail, ok } from '../model/result.js';
import type { RouteTable } from '../model/route-table.js';
import type { Change } from '../model/snapshot.js';
import type { VpcEndpoint } from '../model/vpc-endpoint.js';
import {
  modifyRouteTables,
  planGateway,
  withGatewayRoute,
  withoutGatewayRoute,
} from './gateway-endpoint.js';
import {
  endpointAddresses,
  endpointEni,
  modifyInterface,
  planNetworkInterfaces,
} from './interface-endpoint.js';
import { idsParam, owned, tagsParam } from './params.js';
import {
  endpointSubnetRequest,
  type SubnetConfigurationInput,
} from './vpc-endpoint-subnet-configuration.js';
import { checkModifyOptions, ENDPOINT_TYPES, type VpcEndpointType } from './vpc-endpoint-types.js';

/**
 * VPC endpoints (https://docs.aws.amazon.com/vpc/latest/privatelink/): gateway endpoints add a
 * prefix-list route to route tables; interface and Gateway Load Balancer endpoints put a
 * requester-managed ENI in each of their subnets. The operations are here; the two kinds'
 * specifics in gateway-endpoint.ts and interface-endpoint.ts, what each type accepts in
 * vpc-endpoint-types.ts.
 */

/** The policy AWS gives a gateway or interface endpoint created without one: full access. */
export const DEFAULT_ENDPOINT_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/** CreateVpcEndpoint, as far as the twin models it. */
export interface CreateVpcEndpointInput {
  /** `Gateway` (the default), `Interface` or `GatewayLoadBalancer`. */
  readonly vpcEndpointType?: string;
  readonly vpcId: string;
  readonly serviceName?: string;
  /** Gateway endpoints. */
  readonly routeTableIds?: readonly string[];
  /** Interface (one per AZ) and GWLB (exactly one) endpoints. */
  readonly subnetIds?: readonly string[];
  /** Interface endpoints; the VPC's default group when none is given. */
  readonly securityGroupIds?: readonly string[];
  /** Interface endpoints; defaults to true. */
  readonly privateDnsEnabled?: boolean;
  readonly policyDocument?: string;
  readonly tags?: readonly Tag[];
  /** Interface and GWLB endpoints: the address to take in a subnet (D83). */
  readonly subnetConfigurations?: readonly SubnetConfigurationInput[];
}

type Plan = Pick<
  VpcEndpoint,
  'routeTableIds' | 'subnetIds' | 'groups' | 'privateDnsEnabled' | 'policyDocument'
>;

/**
 * CreateVpcEndpoint: a gateway endpoint routes the service's AWS-managed prefix list to itself
 * in each chosen route table; an interface or GWLB endpoint gets one ENI per subnet, at the
 * lowest free address after the subnet's reserved ones.
 */
export const createVpcEndpoint: Operation<CreateVpcEndpointInput, VpcEndpoint> = (
  s,
  input,
  ctx,
) => {
  const type = input.vpcEndpointType ?? 'Gateway';
  if (!ENDPOINT_TYPES.includes(type)) {
    return fail(
      AwsErrors.invalidParameterValue(`Value (${type}) for parameter vpcEndpointType is invalid.`),
    );
  }
  const found = owned(s, 'vpc', input.vpcId, ctx);
  if (!found.ok) return found;
  const vpc = found.value;
  const serviceName = input.serviceName;
  if (serviceName === undefined) return fail(AwsErrors.missingParameter('serviceName'));
  const tags = tagsParam(input.tags);
  if (!tags.ok) return tags;
  const subnetRequest = endpointSubnetRequest(
    type as VpcEndpointType,
    input.subnetIds,
    input.subnetConfigurations,
  );
  if (!subnetRequest.ok) return subnetRequest;
  const { subnetIds, pinned } = subnetRequest.value;
  const request = { ...input, serviceName, ...(subnetIds ? { subnetIds } : {}) };
  const base = {
    kind: 'vpc-endpoint' as const,
    ownerId: ctx.accountId,
    region: ctx.region,
    tags: tags.value,
    vpcEndpointType: type as VpcEndpointType,
    vpcId: vpc.id,
    serviceName,
    state: 'available' as const,
    creationTimestamp: ctx.clock.now().toISOString(),
  };

  if (type === 'Gateway') {
    const plan = planGateway(s, vpc, request, ctx);
    if (!plan.ok) return plan;
    const id = ctx.ids.next('vpc-endpoint');
    const changes: Change[] = [];
    for (const t of plan.value.tables) {
      const next = withGatewayRoute(t, plan.value.prefixListId, id);
      if (!next.ok) return next;
      changes.push({ op: 'put', resource: next.value });
    }
    const fields: Plan = {
      routeTableIds: plan.value.tables.map((t) => t.id),
      subnetIds: [],
      groups: [],
      privateDnsEnabled: false,
      policyDocument: input.policyDocument ?? DEFAULT_ENDPOINT_POLICY,
    };
    const endpoint: VpcEndpoint = { ...base, id, ...fields, networkInterfaceIds: [] };
    return ok({ changes: [{ op: 'put', resource: endpoint }, ...changes], output: endpoint });
  }

  const plan = planNetworkInterfaces(
    s,
    vpc,
    type as 'Interface' | 'GatewayLoadBalancer',
    request,
    ctx,
  );
  if (!plan.ok) return plan;
  const addresses = endpointAddresses(s, plan.value.subnets, pinned);
  if (!addresses.ok) return addresses;
  const id = ctx.ids.next('vpc-endpoint');
  const shell = {
    id,
    vpcEndpointType: base.vpcEndpointType,
    ownerId: base.ownerId,
    region: base.region,
  };
  const enis = plan.value.subnets.map((sn, i) =>
    endpointEni(shell, sn, addresses.value[i] as Ip, plan.value.groups, ctx),
  );
  const fields: Plan = {
    routeTableIds: [],
    subnetIds: plan.value.subnets.map((sn) => sn.id),
    groups: plan.value.groups,
    privateDnsEnabled: plan.value.privateDns,
    ...(type === 'Interface'
      ? { policyDocument: input.policyDocument ?? DEFAULT_ENDPOINT_POLICY }
      : {}),
  };
  const endpoint: VpcEndpoint = {
    ...base,
    id,
    ...fields,
    state: plan.value.state,
    networkInterfaceIds: enis.map((e) => e.id),
  };
  const changes: Change[] = [
    { op: 'put', resource: endpoint },
    ...enis.map((e) => ({ op: 'put' as const, resource: e })),
  ];
  return ok({ changes, output: endpoint });
};

/** ModifyVpcEndpoint, as far as the twin models it. */
export interface ModifyVpcEndpointInput {
  readonly vpcEndpointId: string;
  /** Gateway endpoints. */
  readonly addRouteTableIds?: readonly string[];
  readonly removeRouteTableIds?: readonly string[];
  /** Interface endpoints. */
  readonly addSubnetIds?: readonly string[];
  readonly removeSubnetIds?: readonly string[];
  readonly addSecurityGroupIds?: readonly string[];
  readonly removeSecurityGroupIds?: readonly string[];
  readonly privateDnsEnabled?: boolean;
  /** Gateway and interface endpoints. */
  readonly policyDocument?: string;
  readonly resetPolicy?: boolean;
}

/** ModifyVpcEndpoint: route tables (gateway), subnets, groups and private DNS (interface), policy. */
export const modifyVpcEndpoint: Operation<ModifyVpcEndpointInput, VpcEndpoint> = (
  s,
  input,
  ctx,
) => {
  const found = owned(s, 'vpc-endpoint', input.vpcEndpointId, ctx);
  if (!found.ok) return found;
  const endpoint = found.value;
  const bad = checkModifyOptions(endpoint, input);
  if (bad) return fail(bad);
  const vpc = s.get('vpc', endpoint.vpcId);
  if (!vpc) return fail(AwsErrors.internal(`The VPC of ${endpoint.id} is missing.`));
  const changes: Change[] = [];
  let next: VpcEndpoint = endpoint;
  if (endpoint.vpcEndpointType === 'Gateway') {
    const tables = modifyRouteTables(s, vpc, endpoint, input, ctx);
    if (!tables.ok) return tables;
    next = { ...next, routeTableIds: tables.value.routeTableIds };
    for (const t of tables.value.tables) changes.push({ op: 'put', resource: t });
  } else if (endpoint.vpcEndpointType === 'Interface') {
    const modified = modifyInterface(s, vpc, endpoint, input, ctx);
    if (!modified.ok) return modified;
    next = { ...next, ...modified.value.fields };
    changes.push(...modified.value.changes);
  }
  if (input.resetPolicy) next = { ...next, policyDocument: DEFAULT_ENDPOINT_POLICY };
  if (input.policyDocument !== undefined) next = { ...next, policyDocument: input.policyDocument };
  changes.unshift({ op: 'put', resource: next });
  return ok({ changes, output: next });
};

/** One id DeleteVpcEndpoints could not delete, and why (EC2 `UnsuccessfulItem`). */
export interface UnsuccessfulItem {
  readonly resourceId: string;
  readonly error: { readonly code: string; readonly message: string };
}

export interface DeleteVpcEndpointsInput {
  readonly vpcEndpointIds: readonly string[];
}

/**
 * DeleteVpcEndpoints: removes each endpoint with its prefix-list routes and ENIs. Unknown ids do
 * not fail the call: AWS lists them as unsuccessful items (InvalidVpcEndpoint.NotFound). Routes
 * that other route tables point at a GWLB endpoint (`vpcEndpointId`) stay, as blackholes.
 */
export const deleteVpcEndpoints: Operation<
  DeleteVpcEndpointsInput,
  { unsuccessful: UnsuccessfulItem[] }
> = (s, input, ctx) => {
  if (!input.vpcEndpointIds || input.vpcEndpointIds.length === 0) {
    return fail(AwsErrors.missingParameter('vpcEndpointIds'));
  }
  const ids = idsParam('vpc-endpoint', input.vpcEndpointIds);
  if (!ids.ok) return ids;
  const unsuccessful: UnsuccessfulItem[] = [];
  const tables = new Map<string, RouteTable>();
  const deletes: Change[] = [];
  for (const id of ids.value) {
    const found = owned(s, 'vpc-endpoint', id, ctx);
    if (!found.ok) {
      unsuccessful.push({
        resourceId: id,
        error: {
          code: 'InvalidVpcEndpoint.NotFound',
          message: `The Vpc Endpoint Id '${id}' does not exist`,
        },
      });
      continue;
    }
    const endpoint = found.value;
    for (const t of s.find('routeTablesByTarget', endpoint.id)) {
      const current = tables.get(t.id) ?? t;
      const next = withoutGatewayRoute(current, endpoint.id);
      if (next.routes.length !== current.routes.length) tables.set(t.id, next);
    }
    for (const eni of endpoint.networkInterfaceIds) {
      deletes.push({ op: 'delete', kind: 'network-interface', id: eni });
    }
    deletes.push({ op: 'delete', kind: 'vpc-endpoint', id: endpoint.id });
  }
  const changes: Change[] = [
    ...[...tables.values()].map((t) => ({ op: 'put' as const, resource: t })),
    ...deletes,
  ];
  return ok({ changes, output: { unsuccessful } });
};
