import type { Subnet } from '../../src/model/subnet.js';
import { createListener } from '../../src/control/listener.js';
import { createLoadBalancer } from '../../src/control/load-balancer.js';
import { createSubnet } from '../../src/control/subnet.js';
import { createTargetGroup } from '../../src/control/target-group.js';
import { createVpcEndpointServiceConfiguration } from '../../src/control/vpc-endpoint-service.js';
import { createVpc } from '../../src/control/vpc.js';
import type { Harness } from './fixtures.js';

/**
 * Fixtures for tests that need a Gateway Load Balancer endpoint service: a provider VPC
 * (10.200.0.0/16) with a subnet in each of us-east-1a and us-east-1b, a GWLB in both, a GENEVE
 * target group, its listener, and an endpoint service without acceptance.
 */
export function gwlbService(h: Harness, name = 'inspection', subnets?: readonly Subnet[]) {
  let inZones = subnets;
  if (!inZones) {
    const vpc = h.run(createVpc, { cidrBlock: '10.200.0.0/16' });
    inZones = ['us-east-1a', 'us-east-1b'].map((availabilityZone, i) =>
      h.run(createSubnet, { vpcId: vpc.id, cidrBlock: `10.200.${i}.0/24`, availabilityZone }),
    );
  }
  const lb = h.run(createLoadBalancer, {
    name,
    type: 'gateway',
    subnets: inZones.map((s) => s.id),
  });
  const tg = h.run(createTargetGroup, {
    name: `${name}-tg`,
    protocol: 'GENEVE',
    port: 6081,
    vpcId: lb.vpcId,
  });
  const listener = h.run(createListener, {
    loadBalancerArn: lb.id,
    defaultActions: [{ type: 'forward', targetGroupArn: tg.id }],
  });
  const service = h.run(createVpcEndpointServiceConfiguration, {
    gatewayLoadBalancerArns: [lb.id],
    acceptanceRequired: false,
  });
  return { lb, tg, listener, service, subnets: inZones };
}
