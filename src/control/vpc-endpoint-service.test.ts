import { describe, expect, it } from 'vitest';
import { gwlbService } from '../../test/support/elb-fixtures.js';
import { caller } from '../../test/support/harness.js';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { createLoadBalancer, deleteLoadBalancer } from './load-balancer.js';
import { createRoute } from './route.js';
import { createRouteTable } from './route-table.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';
import { createVpcEndpoint } from './vpc-endpoint.js';
import {
  createVpcEndpointServiceConfiguration,
  deleteVpcEndpointServiceConfigurations,
  modifyVpcEndpointServicePermissions,
} from './vpc-endpoint-service.js';
import { initRegion } from './account.js';
import {
  acceptVpcEndpointConnections,
  rejectVpcEndpointConnections,
} from './vpc-endpoint-connection.js';

describe('CreateVpcEndpointServiceConfiguration', () => {
  it('offers a GWLB as a service named after its id, requiring acceptance by default', () => {
    const { h, subnet } = dualStackWorld();
    const lb = h.run(createLoadBalancer, { name: 'fw', type: 'gateway', subnets: [subnet.id] });
    const svc = h.run(createVpcEndpointServiceConfiguration, { gatewayLoadBalancerArns: [lb.id] });
    expect(svc.id).toMatch(/^vpce-svc-[0-9a-f]{17}$/);
    expect(svc).toMatchObject({
      serviceName: `com.amazonaws.vpce.us-east-1.${svc.id}`,
      serviceType: 'GatewayLoadBalancer',
      serviceState: 'Available',
      acceptanceRequired: true,
      gatewayLoadBalancerArns: [lb.id],
      networkLoadBalancerArns: [],
    });
    expect(h.fails(deleteLoadBalancer, { loadBalancerArn: lb.id }).code).toBe('ResourceInUse');
    // The owner's own endpoint is accepted at once; another account's waits for acceptance.
    const own = h.run(createVpcEndpoint, {
      vpcEndpointType: 'GatewayLoadBalancer',
      vpcId: subnet.vpcId,
      subnetIds: [subnet.id],
      serviceName: svc.serviceName,
    });
    expect(own.state).toBe('available');
    const other = caller('222222222222');
    h.run(initRegion, {}, other);
    h.run(modifyVpcEndpointServicePermissions, { serviceId: svc.id, addAllowedPrincipals: ['*'] });
    const theirs = h.run(createVpc, { cidrBlock: '10.1.0.0/16' }, other);
    const sn = h.run(
      createSubnet,
      { vpcId: theirs.id, cidrBlock: '10.1.0.0/24', availabilityZone: 'us-east-1a' },
      other,
    );
    const pending = h.run(
      createVpcEndpoint,
      {
        vpcEndpointType: 'GatewayLoadBalancer',
        vpcId: theirs.id,
        subnetIds: [sn.id],
        serviceName: svc.serviceName,
      },
      other,
    );
    expect(pending.state).toBe('pendingAcceptance');
  });

  it('refuses no load balancer, both kinds, the wrong type, and one already offered', () => {
    const { h, subnet } = dualStackWorld();
    const gwlb = h.run(createLoadBalancer, { name: 'fw', type: 'gateway', subnets: [subnet.id] });
    const nlb = h.run(createLoadBalancer, {
      name: 'n',
      type: 'network',
      scheme: 'internal',
      subnets: [subnet.id],
    });
    const code = (input: Parameters<typeof createVpcEndpointServiceConfiguration>[1]) =>
      h.fails(createVpcEndpointServiceConfiguration, input).code;
    expect(code({})).toBe('MissingParameter');
    expect(code({ gatewayLoadBalancerArns: [gwlb.id], networkLoadBalancerArns: [nlb.id] })).toBe(
      'InvalidParameterCombination',
    );
    expect(code({ gatewayLoadBalancerArns: [nlb.id] })).toBe('InvalidParameterValue');
    expect(code({ networkLoadBalancerArns: [`${nlb.id}0`] })).toBe('InvalidParameterValue');
    h.run(createVpcEndpointServiceConfiguration, { networkLoadBalancerArns: [nlb.id] });
    expect(code({ networkLoadBalancerArns: [nlb.id] })).toBe('InvalidParameterValue');
  });
});

describe('GWLB endpoints to a service', () => {
  it('needs an existing service, a subnet in one of its zones, and permission', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const { service } = gwlbService(h);
    const base = { vpcEndpointType: 'GatewayLoadBalancer', vpcId: vpc.id, subnetIds: [subnet.id] };
    const vpce = h.run(createVpcEndpoint, { ...base, serviceName: service.serviceName });
    expect(vpce.state).toBe('available');
    expect(
      h.fails(createVpcEndpoint, {
        ...base,
        serviceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
      }).code,
    ).toBe('InvalidServiceName');
    const far = h.run(createSubnet, {
      vpcId: vpc.id,
      cidrBlock: '10.0.9.0/24',
      availabilityZone: 'us-east-1c',
    });
    expect(
      h.fails(createVpcEndpoint, { ...base, subnetIds: [far.id], serviceName: service.serviceName })
        .code,
    ).toBe('InvalidParameter');
    // Another account sees the service only once allowed (this one needs no acceptance).
    const other = caller('222222222222');
    h.run(initRegion, {}, other);
    const theirs = h.run(createVpc, { cidrBlock: '10.1.0.0/16' }, other);
    const theirSubnet = h.run(
      createSubnet,
      { vpcId: theirs.id, cidrBlock: '10.1.0.0/24', availabilityZone: 'us-east-1a' },
      other,
    );
    const request = {
      ...base,
      vpcId: theirs.id,
      subnetIds: [theirSubnet.id],
      serviceName: service.serviceName,
    };
    expect(h.fails(createVpcEndpoint, request, other).code).toBe('InvalidServiceName');
    h.run(modifyVpcEndpointServicePermissions, {
      serviceId: service.id,
      addAllowedPrincipals: ['arn:aws:iam::222222222222:root'],
    });
    const pending = h.run(createVpcEndpoint, request, other);
    expect(pending.state).toBe('available');
    expect(
      h.fails(modifyVpcEndpointServicePermissions, {
        serviceId: service.id,
        addAllowedPrincipals: ['x'],
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('is a route target in subnet and edge route tables', () => {
    const { h, vpc, subnet, other, igw } = dualStackWorld();
    const { service } = gwlbService(h);
    const vpce = h.run(createVpcEndpoint, {
      vpcEndpointType: 'GatewayLoadBalancer',
      vpcId: vpc.id,
      subnetIds: [subnet.id],
      serviceName: service.serviceName,
    });
    const app = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(createRoute, {
      routeTableId: app.id,
      destinationCidrBlock: '0.0.0.0/0',
      vpcEndpointId: vpce.id,
    });
    const edge = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(createRoute, {
      routeTableId: edge.id,
      destinationCidrBlock: '10.0.2.0/24',
      vpcEndpointId: vpce.id,
    });
    expect(h.s.get('route-table', app.id)?.routes.find((r) => r.vpcEndpointId)?.vpcEndpointId).toBe(
      vpce.id,
    );
    // An edge route may steer traffic for a subnet to the endpoint, as ingress routing does.
    expect(h.s.get('route-table', edge.id)?.routes.some((r) => r.vpcEndpointId === vpce.id)).toBe(
      true,
    );
    expect(igw.id).toMatch(/^igw-/);
    expect(other.cidrBlock?.toString()).toBe('10.0.2.0/24');
  });
});

describe('DeleteVpcEndpointServiceConfigurations', () => {
  it('keeps a service with endpoints and lists unknown ids as unsuccessful', () => {
    const { h, vpc, subnet } = dualStackWorld();
    const { service } = gwlbService(h);
    h.run(createVpcEndpoint, {
      vpcEndpointType: 'GatewayLoadBalancer',
      vpcId: vpc.id,
      subnetIds: [subnet.id],
      serviceName: service.serviceName,
    });
    const out = h.run(deleteVpcEndpointServiceConfigurations, {
      serviceIds: [service.id, 'vpce-svc-0123456789abcdef0'],
    });
    expect(out.unsuccessful.map((u) => [u.resourceId, u.error.code])).toEqual([
      [service.id, 'ExistingVpcEndpointConnections'],
      ['vpce-svc-0123456789abcdef0', 'InvalidVpcEndpointService.NotFound'],
    ]);
    expect(h.s.get('vpc-endpoint-service', service.id)).toBeDefined();
    expect(h.fails(deleteVpcEndpointServiceConfigurations, { serviceIds: ['svc-1'] }).code).toBe(
      'InvalidVpcEndpointServiceId.Malformed',
    );
  });
});

describe('AcceptVpcEndpointConnections and RejectVpcEndpointConnections', () => {
  it('lets the owner accept or reject pending endpoints of its service', () => {
    const { h, subnet } = dualStackWorld();
    const lb = h.run(createLoadBalancer, { name: 'fw', type: 'gateway', subnets: [subnet.id] });
    const svc = h.run(createVpcEndpointServiceConfiguration, { gatewayLoadBalancerArns: [lb.id] });
    h.run(modifyVpcEndpointServicePermissions, {
      serviceId: svc.id,
      addAllowedPrincipals: ['222222222222'],
    });
    const other = caller('222222222222');
    h.run(initRegion, {}, other);
    const vpc = h.run(createVpc, { cidrBlock: '10.1.0.0/16' }, other);
    const sn = h.run(
      createSubnet,
      { vpcId: vpc.id, cidrBlock: '10.1.0.0/24', availabilityZone: 'us-east-1a' },
      other,
    );
    const make = () =>
      h.run(
        createVpcEndpoint,
        {
          vpcEndpointType: 'GatewayLoadBalancer',
          vpcId: vpc.id,
          subnetIds: [sn.id],
          serviceName: svc.serviceName,
        },
        other,
      );
    const [a, b] = [make(), make()];
    const accepted = h.run(acceptVpcEndpointConnections, {
      serviceId: svc.id,
      vpcEndpointIds: [a.id, 'vpce-0123456789abcdef0'],
    });
    expect(accepted.unsuccessful.map((u) => [u.resourceId, u.error.code])).toEqual([
      ['vpce-0123456789abcdef0', 'InvalidVpcEndpoint.NotFound'],
    ]);
    expect(h.s.get('vpc-endpoint', a.id)?.state).toBe('available');
    h.run(rejectVpcEndpointConnections, { serviceId: svc.id, vpcEndpointIds: [b.id] });
    expect(h.s.get('vpc-endpoint', b.id)?.state).toBe('rejected');
    // Accepting again is not a pending connection any more.
    expect(
      h.run(acceptVpcEndpointConnections, { serviceId: svc.id, vpcEndpointIds: [a.id] })
        .unsuccessful,
    ).toHaveLength(1);
    // Only the owner decides.
    expect(
      h.fails(acceptVpcEndpointConnections, { serviceId: svc.id, vpcEndpointIds: [b.id] }, other)
        .code,
    ).toBe('InvalidVpcEndpointServiceId.NotFound');
  });
});
