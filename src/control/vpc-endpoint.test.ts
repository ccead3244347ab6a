import { describe, expect, it } from 'vitest';
import { gwlbService } from '../../test/support/elb-fixtures.js';
import { caller, harness } from '../../test/support/harness.js';
import { isGatewayEndpointRoute, type RouteTable } from '../model/route-table.js';
import { gatewayEndpointPrefixList } from '../model/vpc-endpoint.js';
import type { Subnet } from '../model/subnet.js';
import type { Vpc } from '../model/vpc.js';
import { createRouteTable } from './route-table.js';
import { createSecurityGroup } from './security-group.js';
import { createSubnet } from './subnet.js';
import {
  createVpcEndpoint,
  DEFAULT_ENDPOINT_POLICY,
  type CreateVpcEndpointInput,
  deleteVpcEndpoints,
  modifyVpcEndpoint,
} from './vpc-endpoint.js';
import { createVpc, deleteVpc, modifyVpcAttribute } from './vpc.js';

const S3 = 'com.amazonaws.us-east-1.s3';
const DDB = 'com.amazonaws.us-east-1.dynamodb';
const SQS = 'com.amazonaws.us-east-1.sqs';
const GWLB = 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0';
const S3_LIST = 'pl-63a5400a';
const DDB_LIST = 'pl-02cd2c6b';

function setup() {
  const h = harness();
  const vpc = (cidrBlock = '10.0.0.0/16', dns = false): Vpc => {
    const v = h.run(createVpc, { cidrBlock });
    if (dns) h.run(modifyVpcAttribute, { vpcId: v.id, enableDnsHostnames: true });
    return h.s.get('vpc', v.id)!;
  };
  const subnet = (v: Vpc, cidrBlock: string, availabilityZone = 'us-east-1a') =>
    h.run(createSubnet, { vpcId: v.id, cidrBlock, availabilityZone });
  const group = (v: Vpc, groupName: string) =>
    h.run(createSecurityGroup, { vpcId: v.id, groupName, description: groupName });
  const mainTable = (v: Vpc) =>
    h.s.find('routeTablesByVpc', v.id).find((t) => t.associations.some((a) => a.main))!;
  const table = (v: Vpc): RouteTable => h.run(createRouteTable, { vpcId: v.id });
  const routes = (t: RouteTable) =>
    h.s.get('route-table', t.id)!.routes.filter((r) => r.destinationPrefixListId);
  /** The request for an SQS interface endpoint in `subnets` of `v`. */
  const sqsIn = (v: Vpc, subnets: readonly Subnet[]): CreateVpcEndpointInput => ({
    vpcEndpointType: 'Interface',
    vpcId: v.id,
    serviceName: SQS,
    subnetIds: subnets.map((sn) => sn.id),
  });
  return { h, vpc, subnet, group, mainTable, table, routes, sqsIn };
}

describe('CreateVpcEndpoint (Gateway)', () => {
  it('routes the Region’s S3 prefix list to the endpoint in each route table', () => {
    const { h, vpc, mainTable, table, routes } = setup();
    const v = vpc();
    const main = mainTable(v);
    const extra = table(v);
    const vpce = h.run(createVpcEndpoint, {
      vpcId: v.id,
      serviceName: S3,
      routeTableIds: [main.id, extra.id, main.id],
    });
    expect(vpce).toMatchObject({
      vpcEndpointType: 'Gateway',
      serviceName: S3,
      state: 'available',
      routeTableIds: [main.id, extra.id],
      subnetIds: [],
      networkInterfaceIds: [],
      groups: [],
      privateDnsEnabled: false,
      policyDocument: DEFAULT_ENDPOINT_POLICY,
      creationTimestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(vpce.id).toMatch(/^vpce-[0-9a-f]{17}$/);
    for (const t of [main, extra]) {
      expect(routes(t)).toEqual([
        { destinationPrefixListId: S3_LIST, gatewayId: vpce.id, origin: 'CreateRoute' },
      ]);
      expect(isGatewayEndpointRoute(routes(t)[0]!)).toBe(true);
    }
    expect(
      h.s
        .find('routeTablesByTarget', vpce.id)
        .map((t) => t.id)
        .sort(),
    ).toEqual([main.id, extra.id].sort());
    expect(h.s.find('vpcEndpointsByRouteTable', extra.id).map((e) => e.id)).toEqual([vpce.id]);
    expect(gatewayEndpointPrefixList(vpce)).toBe(S3_LIST);
  });

  it('defaults to Gateway with no route tables, and uses each Region’s list', () => {
    const h = harness(caller('111111111111', 'eu-west-1'));
    const v = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const [main] = h.s.find('routeTablesByVpc', v.id);
    const ddb = h.run(createVpcEndpoint, {
      vpcId: v.id,
      serviceName: 'com.amazonaws.eu-west-1.dynamodb',
      routeTableIds: [main!.id],
    });
    expect(ddb.vpcEndpointType).toBe('Gateway');
    expect(h.s.get('route-table', main!.id)?.routes.at(-1)?.destinationPrefixListId).toBe(
      'pl-6fa54006',
    );
    const bare = h.run(createVpcEndpoint, {
      vpcId: v.id,
      serviceName: 'com.amazonaws.eu-west-1.s3',
    });
    expect(bare.routeTableIds).toEqual([]);
  });

  it('serves only S3 and DynamoDB of the caller’s Region', () => {
    const { h, vpc } = setup();
    const v = vpc();
    for (const serviceName of ['com.amazonaws.us-east-1.ec2', 'com.amazonaws.us-west-2.s3', 's3']) {
      expect(h.fails(createVpcEndpoint, { vpcId: v.id, serviceName })).toMatchObject({
        code: 'InvalidServiceName',
        message: `The Vpc Endpoint Service '${serviceName}' does not exist`,
      });
    }
  });

  it('allows one route per prefix list per table', () => {
    const { h, vpc, mainTable, table, routes } = setup();
    const v = vpc();
    const main = mainTable(v);
    h.run(createVpcEndpoint, { vpcId: v.id, serviceName: S3, routeTableIds: [main.id] });
    expect(
      h.fails(createVpcEndpoint, { vpcId: v.id, serviceName: S3, routeTableIds: [main.id] }),
    ).toMatchObject({
      code: 'RouteAlreadyExists',
      message: `route table ${main.id} already has a route with destination-prefix-list-id ${S3_LIST}`,
    });
    // Another S3 endpoint on other tables, and DynamoDB on the same table, are fine.
    h.run(createVpcEndpoint, { vpcId: v.id, serviceName: S3, routeTableIds: [table(v).id] });
    h.run(createVpcEndpoint, { vpcId: v.id, serviceName: DDB, routeTableIds: [main.id] });
    expect(routes(main).map((r) => r.destinationPrefixListId)).toEqual([S3_LIST, DDB_LIST]);
  });

  it('needs route tables of the same VPC', () => {
    const { h, vpc, mainTable } = setup();
    const v = vpc();
    const other = vpc('10.1.0.0/16');
    expect(
      h.fails(createVpcEndpoint, {
        vpcId: v.id,
        serviceName: S3,
        routeTableIds: [mainTable(other).id],
      }).code,
    ).toBe('InvalidParameter');
    expect(
      h.fails(createVpcEndpoint, {
        vpcId: v.id,
        serviceName: S3,
        routeTableIds: ['rtb-0123456789abcdef0'],
      }).code,
    ).toBe('InvalidRouteTableID.NotFound');
    expect(
      h.fails(createVpcEndpoint, {
        vpcId: v.id,
        serviceName: S3,
        routeTableIds: ['subnet-12345678'],
      }).code,
    ).toBe('InvalidRouteTableID.Malformed');
  });

  it('refuses interface-only options', () => {
    const { h, vpc, subnet, group } = setup();
    const v = vpc();
    const sn = subnet(v, '10.0.1.0/24');
    const sg = group(v, 'web');
    for (const extra of [
      { subnetIds: [sn.id] },
      { securityGroupIds: [sg.id] },
      { privateDnsEnabled: true },
    ]) {
      expect(h.fails(createVpcEndpoint, { vpcId: v.id, serviceName: S3, ...extra }).code).toBe(
        'InvalidParameter',
      );
    }
  });

  it('validates the request itself', () => {
    const { h, vpc } = setup();
    const v = vpc();
    expect(h.fails(createVpcEndpoint, { vpcId: v.id }).code).toBe('MissingParameter');
    expect(
      h.fails(createVpcEndpoint, { vpcId: v.id, serviceName: S3, vpcEndpointType: 'Tunnel' }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createVpcEndpoint, { vpcId: 'vpc-0123456789abcdef0', serviceName: S3 }).code,
    ).toBe('InvalidVpcID.NotFound');
    const theirs = h.run(createVpc, { cidrBlock: '10.0.0.0/16' }, caller('222222222222'));
    expect(h.fails(createVpcEndpoint, { vpcId: theirs.id, serviceName: S3 }).code).toBe(
      'InvalidVpcID.NotFound',
    );
  });
});

describe('CreateVpcEndpoint (Interface)', () => {
  it('puts one requester-managed ENI per subnet at the lowest free address', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const a = subnet(v, '10.0.1.0/24', 'us-east-1a');
    const b = subnet(v, '10.0.2.0/24', 'us-east-1b');
    const vpce = h.run(createVpcEndpoint, sqsIn(v, [a, b]));
    const [defaultSg] = h.s.find('securityGroupByName', `${v.id}|default`);
    expect(vpce).toMatchObject({
      vpcEndpointType: 'Interface',
      subnetIds: [a.id, b.id],
      groups: [defaultSg!.id],
      privateDnsEnabled: true,
      routeTableIds: [],
      policyDocument: DEFAULT_ENDPOINT_POLICY,
    });
    expect(vpce.networkInterfaceIds).toHaveLength(2);
    const enis = vpce.networkInterfaceIds.map((id) => h.s.get('network-interface', id)!);
    expect(enis.map((e) => [e.subnetId, e.privateIpAddress?.toString()])).toEqual([
      [a.id, '10.0.1.4'],
      [b.id, '10.0.2.4'],
    ]);
    expect(enis[0]).toMatchObject({
      interfaceType: 'vpc_endpoint',
      requesterManaged: true,
      description: `VPC Endpoint Interface ${vpce.id}`,
      groups: [defaultSg!.id],
      availabilityZone: 'us-east-1a',
      status: 'in-use',
      ownerId: h.caller.accountId,
    });
    expect(enis[0]?.macAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(h.s.find('networkInterfaceByAddress', `${v.id}|10.0.1.4`).map((e) => e.id)).toEqual([
      enis[0]!.id,
    ]);
    // The next endpoint in the subnet takes the next address.
    const next = h.run(createVpcEndpoint, {
      vpcEndpointType: 'Interface',
      vpcId: v.id,
      serviceName: 'com.amazonaws.us-east-1.execute-api',
      subnetIds: [a.id],
    });
    expect(
      h.s.get('network-interface', next.networkInterfaceIds[0]!)?.privateIpAddress?.toString(),
    ).toBe('10.0.1.5');
  });

  it('needs DNS support and DNS hostnames for private DNS, which is on by default', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc();
    const sn = subnet(v, '10.0.1.0/24');
    const request = sqsIn(v, [sn]);
    expect(h.fails(createVpcEndpoint, request)).toMatchObject({
      code: 'InvalidParameter',
      message: `Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for ${v.id}`,
    });
    expect(
      h.run(createVpcEndpoint, { ...request, privateDnsEnabled: false }).privateDnsEnabled,
    ).toBe(false);
  });

  it('lets one endpoint per service claim the private DNS name', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const sn = subnet(v, '10.0.1.0/24');
    const request = sqsIn(v, [sn]);
    h.run(createVpcEndpoint, request);
    expect(h.fails(createVpcEndpoint, request).message).toMatch(
      /conflicting DNS domain for sqs\.us-east-1\.amazonaws\.com/,
    );
    h.run(createVpcEndpoint, { ...request, privateDnsEnabled: false });
  });

  it('takes the given security groups, all from the VPC', () => {
    const { h, vpc, subnet, group, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const other = vpc('10.1.0.0/16');
    const sn = subnet(v, '10.0.1.0/24');
    const sg = group(v, 'endpoints');
    const base = sqsIn(v, [sn]);
    expect(
      h.fails(createVpcEndpoint, { ...base, securityGroupIds: [group(other, 'x').id] }).code,
    ).toBe('InvalidParameter');
    expect(
      h.fails(createVpcEndpoint, { ...base, securityGroupIds: ['sg-0123456789abcdef0'] }).code,
    ).toBe('InvalidGroup.NotFound');
    const vpce = h.run(createVpcEndpoint, { ...base, securityGroupIds: [sg.id] });
    expect(vpce.groups).toEqual([sg.id]);
    expect(h.s.get('network-interface', vpce.networkInterfaceIds[0]!)?.groups).toEqual([sg.id]);
    expect(h.s.find('vpcEndpointsBySecurityGroup', sg.id).map((e) => e.id)).toEqual([vpce.id]);
  });

  it('allows one subnet per Availability Zone', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const a = subnet(v, '10.0.1.0/24', 'us-east-1a');
    const b = subnet(v, '10.0.2.0/24', 'us-east-1a');
    expect(h.fails(createVpcEndpoint, sqsIn(v, [a, b]))).toMatchObject({
      code: 'DuplicateSubnetsInSameZone',
      message: expect.stringContaining(
        `Found another VPC endpoint subnet in the availability zone of ${a.id}`,
      ) as string,
    });
  });

  it('needs IPv4 subnets of the same VPC', () => {
    const { h, vpc, subnet } = setup();
    const v = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
    const other = vpc('10.1.0.0/16');
    const base = {
      vpcEndpointType: 'Interface',
      vpcId: v.id,
      serviceName: SQS,
      privateDnsEnabled: false,
    };
    const foreign = subnet(other, '10.1.1.0/24');
    expect(h.fails(createVpcEndpoint, { ...base, subnetIds: [foreign.id] }).code).toBe(
      'InvalidParameter',
    );
    expect(
      h.fails(createVpcEndpoint, { ...base, subnetIds: ['subnet-0123456789abcdef0'] }).code,
    ).toBe('InvalidSubnetID.NotFound');
    const block = v.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock;
    const v6only = h.run(createSubnet, {
      vpcId: v.id,
      ipv6Native: true,
      ipv6CidrBlock: [...block.subnets(64)][0]!.toString(),
    });
    expect(h.fails(createVpcEndpoint, { ...base, subnetIds: [v6only.id] }).code).toBe(
      'InvalidParameter',
    );
  });

  it('fails when a subnet has no free address left', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc();
    const sn = subnet(v, '10.0.1.0/28'); // 16 addresses, 5 reserved
    const request = { ...sqsIn(v, [sn]), privateDnsEnabled: false };
    for (let i = 0; i < 11; i++) h.run(createVpcEndpoint, request);
    expect(h.fails(createVpcEndpoint, request).code).toBe('InsufficientFreeAddressesInSubnet');
  });

  it('accepts any AWS service name of the Region, and nothing else', () => {
    const { h, vpc } = setup();
    const v = vpc();
    const base = { vpcEndpointType: 'Interface', vpcId: v.id, privateDnsEnabled: false };
    h.run(createVpcEndpoint, { ...base, serviceName: 'com.amazonaws.us-east-1.ecr.dkr' });
    h.run(createVpcEndpoint, { ...base, serviceName: S3 });
    for (const serviceName of [
      'com.amazonaws.us-east-1.Bad_Name',
      'com.amazonaws.eu-west-1.sqs',
      GWLB,
    ]) {
      expect(h.fails(createVpcEndpoint, { ...base, serviceName }).code).toBe('InvalidServiceName');
    }
    expect(
      h.fails(createVpcEndpoint, { ...base, serviceName: SQS, routeTableIds: ['rtb-12345678'] })
        .code,
    ).toBe('InvalidParameter');
  });
});

describe('CreateVpcEndpoint (GatewayLoadBalancer)', () => {
  it('puts one ENI in its one subnet, without groups or private DNS', () => {
    const { h, vpc, subnet } = setup();
    const v = vpc();
    const GWLB = gwlbService(h).service.serviceName;
    const sn = subnet(v, '10.0.1.0/24');
    const vpce = h.run(createVpcEndpoint, {
      vpcEndpointType: 'GatewayLoadBalancer',
      vpcId: v.id,
      serviceName: GWLB,
      subnetIds: [sn.id],
    });
    expect(vpce).toMatchObject({ groups: [], privateDnsEnabled: false, subnetIds: [sn.id] });
    expect(vpce.policyDocument).toBeUndefined();
    const eni = h.s.get('network-interface', vpce.networkInterfaceIds[0]!)!;
    expect(eni).toMatchObject({
      interfaceType: 'gateway_load_balancer_endpoint',
      groups: [],
      sourceDestCheck: false,
      requesterManaged: true,
    });
    expect(eni.privateIpAddress?.toString()).toBe('10.0.1.4');
  });

  it('needs exactly one subnet, no groups, and a GWLB service name', () => {
    const { h, vpc, subnet, group } = setup();
    const v = vpc();
    const GWLB = gwlbService(h).service.serviceName;
    const a = subnet(v, '10.0.1.0/24', 'us-east-1a');
    const b = subnet(v, '10.0.2.0/24', 'us-east-1b');
    const base = { vpcEndpointType: 'GatewayLoadBalancer', vpcId: v.id, serviceName: GWLB };
    expect(h.fails(createVpcEndpoint, { ...base, subnetIds: [a.id, b.id] }).code).toBe(
      'InvalidParameter',
    );
    expect(h.fails(createVpcEndpoint, base).code).toBe('InvalidParameter');
    expect(
      h.fails(createVpcEndpoint, {
        ...base,
        subnetIds: [a.id],
        securityGroupIds: [group(v, 'x').id],
      }).code,
    ).toBe('InvalidParameter');
    expect(h.fails(createVpcEndpoint, { ...base, subnetIds: [a.id], serviceName: SQS }).code).toBe(
      'InvalidServiceName',
    );
  });
});

describe('ModifyVpcEndpoint', () => {
  it('moves a gateway endpoint between route tables', () => {
    const { h, vpc, mainTable, table, routes } = setup();
    const v = vpc();
    const main = mainTable(v);
    const extra = table(v);
    const vpce = h.run(createVpcEndpoint, {
      vpcId: v.id,
      serviceName: S3,
      routeTableIds: [main.id],
    });
    const moved = h.run(modifyVpcEndpoint, {
      vpcEndpointId: vpce.id,
      addRouteTableIds: [extra.id],
      removeRouteTableIds: [main.id],
    });
    expect(moved.routeTableIds).toEqual([extra.id]);
    expect(routes(main)).toEqual([]);
    expect(routes(extra).map((r) => r.gatewayId)).toEqual([vpce.id]);
    expect(h.s.find('vpcEndpointsByRouteTable', main.id)).toEqual([]);
    // Adding a table it is on, or removing one it is not on, changes nothing.
    h.run(modifyVpcEndpoint, {
      vpcEndpointId: vpce.id,
      addRouteTableIds: [extra.id],
      removeRouteTableIds: [main.id],
    });
    expect(routes(extra)).toHaveLength(1);
    expect(routes(main)).toHaveLength(0);
  });

  it('refuses a table that already routes the prefix list elsewhere', () => {
    const { h, vpc, mainTable, table } = setup();
    const v = vpc();
    const main = mainTable(v);
    h.run(createVpcEndpoint, { vpcId: v.id, serviceName: S3, routeTableIds: [main.id] });
    const second = h.run(createVpcEndpoint, {
      vpcId: v.id,
      serviceName: S3,
      routeTableIds: [table(v).id],
    });
    expect(
      h.fails(modifyVpcEndpoint, { vpcEndpointId: second.id, addRouteTableIds: [main.id] }).code,
    ).toBe('RouteAlreadyExists');
    expect(
      h.fails(modifyVpcEndpoint, { vpcEndpointId: second.id, addSubnetIds: ['subnet-12345678'] })
        .code,
    ).toBe('InvalidParameter');
  });

  it('adds and removes interface subnets with their ENIs', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const a = subnet(v, '10.0.1.0/24', 'us-east-1a');
    const a2 = subnet(v, '10.0.3.0/24', 'us-east-1a');
    const b = subnet(v, '10.0.2.0/24', 'us-east-1b');
    const vpce = h.run(createVpcEndpoint, sqsIn(v, [a]));
    const [eniA] = vpce.networkInterfaceIds;
    expect(h.fails(modifyVpcEndpoint, { vpcEndpointId: vpce.id, addSubnetIds: [a2.id] }).code).toBe(
      'DuplicateSubnetsInSameZone',
    );
    // Swapping subnets of one AZ in one call is fine.
    const swapped = h.run(modifyVpcEndpoint, {
      vpcEndpointId: vpce.id,
      addSubnetIds: [a2.id, b.id],
      removeSubnetIds: [a.id],
    });
    expect(swapped.subnetIds).toEqual([a2.id, b.id]);
    expect(swapped.networkInterfaceIds).toHaveLength(2);
    expect(h.s.get('network-interface', eniA!)).toBeUndefined();
    expect(h.s.find('networkInterfacesBySubnet', a.id)).toEqual([]);
    expect(
      swapped.networkInterfaceIds.map((id) =>
        h.s.get('network-interface', id)?.privateIpAddress?.toString(),
      ),
    ).toEqual(['10.0.3.4', '10.0.2.4']);
  });

  it('changes security groups on the endpoint and every ENI', () => {
    const { h, vpc, subnet, group, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const sn = subnet(v, '10.0.1.0/24');
    const sg1 = group(v, 'one');
    const sg2 = group(v, 'two');
    const vpce = h.run(createVpcEndpoint, { ...sqsIn(v, [sn]), securityGroupIds: [sg1.id] });
    const next = h.run(modifyVpcEndpoint, {
      vpcEndpointId: vpce.id,
      addSecurityGroupIds: [sg2.id],
      removeSecurityGroupIds: [sg1.id],
    });
    expect(next.groups).toEqual([sg2.id]);
    expect(h.s.get('network-interface', vpce.networkInterfaceIds[0]!)?.groups).toEqual([sg2.id]);
    expect(
      h.fails(modifyVpcEndpoint, { vpcEndpointId: vpce.id, removeSecurityGroupIds: [sg2.id] }).code,
    ).toBe('InvalidParameter');
    expect(
      h.fails(modifyVpcEndpoint, { vpcEndpointId: vpce.id, addRouteTableIds: ['rtb-12345678'] })
        .code,
    ).toBe('InvalidParameter');
  });

  it('turns private DNS on only where the VPC allows it', () => {
    const { h, vpc, subnet, sqsIn } = setup();
    const v = vpc();
    const sn = subnet(v, '10.0.1.0/24');
    const vpce = h.run(createVpcEndpoint, { ...sqsIn(v, [sn]), privateDnsEnabled: false });
    expect(
      h.fails(modifyVpcEndpoint, { vpcEndpointId: vpce.id, privateDnsEnabled: true }).code,
    ).toBe('InvalidParameter');
    h.run(modifyVpcAttribute, { vpcId: v.id, enableDnsHostnames: true });
    expect(
      h.run(modifyVpcEndpoint, { vpcEndpointId: vpce.id, privateDnsEnabled: true })
        .privateDnsEnabled,
    ).toBe(true);
  });

  it('sets and resets the policy', () => {
    const { h, vpc } = setup();
    const v = vpc();
    const vpce = h.run(createVpcEndpoint, { vpcId: v.id, serviceName: S3 });
    const policy = '{"Statement":[]}';
    expect(
      h.run(modifyVpcEndpoint, { vpcEndpointId: vpce.id, policyDocument: policy }).policyDocument,
    ).toBe(policy);
    expect(
      h.run(modifyVpcEndpoint, { vpcEndpointId: vpce.id, resetPolicy: true }).policyDocument,
    ).toBe(DEFAULT_ENDPOINT_POLICY);
    expect(
      h.fails(modifyVpcEndpoint, {
        vpcEndpointId: vpce.id,
        resetPolicy: true,
        policyDocument: policy,
      }).code,
    ).toBe('InvalidParameterCombination');
  });

  it('keeps a GWLB endpoint’s subnet fixed, and answers unknown ids', () => {
    const { h, vpc, subnet } = setup();
    const v = vpc();
    const GWLB = gwlbService(h).service.serviceName;
    const a = subnet(v, '10.0.1.0/24', 'us-east-1a');
    const b = subnet(v, '10.0.2.0/24', 'us-east-1b');
    const vpce = h.run(createVpcEndpoint, {
      vpcEndpointType: 'GatewayLoadBalancer',
      vpcId: v.id,
      serviceName: GWLB,
      subnetIds: [a.id],
    });
    expect(h.fails(modifyVpcEndpoint, { vpcEndpointId: vpce.id, addSubnetIds: [b.id] }).code).toBe(
      'InvalidParameter',
    );
    expect(h.fails(modifyVpcEndpoint, { vpcEndpointId: 'vpce-0123456789abcdef0' })).toMatchObject({
      code: 'InvalidVpcEndpointId.NotFound',
      message: "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist",
    });
  });
});

describe('DeleteVpcEndpoints', () => {
  it('removes endpoints with their routes and ENIs, listing unknown ids as unsuccessful', () => {
    const { h, vpc, subnet, mainTable, routes, sqsIn } = setup();
    const v = vpc('10.0.0.0/16', true);
    const main = mainTable(v);
    const s3 = h.run(createVpcEndpoint, { vpcId: v.id, serviceName: S3, routeTableIds: [main.id] });
    const ddb = h.run(createVpcEndpoint, {
      vpcId: v.id,
      serviceName: DDB,
      routeTableIds: [main.id],
    });
    const sn = subnet(v, '10.0.1.0/24');
    const sqs = h.run(createVpcEndpoint, sqsIn(v, [sn]));
    const theirs = h.run(createVpc, { cidrBlock: '10.0.0.0/16' }, caller('222222222222'));
    const foreign = h.run(
      createVpcEndpoint,
      { vpcId: theirs.id, serviceName: S3 },
      caller('222222222222'),
    );
    const out = h.run(deleteVpcEndpoints, {
      vpcEndpointIds: [s3.id, ddb.id, sqs.id, 'vpce-0123456789abcdef0', foreign.id],
    });
    expect(out.unsuccessful).toEqual([
      {
        resourceId: 'vpce-0123456789abcdef0',
        error: {
          code: 'InvalidVpcEndpoint.NotFound',
          message: "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist",
        },
      },
      {
        resourceId: foreign.id,
        error: {
          code: 'InvalidVpcEndpoint.NotFound',
          message: `The Vpc Endpoint Id '${foreign.id}' does not exist`,
        },
      },
    ]);
    for (const e of [s3, ddb, sqs]) expect(h.s.get('vpc-endpoint', e.id)).toBeUndefined();
    expect(routes(main)).toEqual([]);
    expect(h.s.get('route-table', main.id)?.routes).toHaveLength(1); // the local route
    expect(h.s.find('networkInterfacesBySubnet', sn.id)).toEqual([]);
    expect(h.s.get('vpc-endpoint', foreign.id)).toBeDefined();
  });

  it('fails the whole call on a malformed id or none', () => {
    const { h, vpc } = setup();
    const vpce = h.run(createVpcEndpoint, { vpcId: vpc().id, serviceName: S3 });
    expect(h.fails(deleteVpcEndpoints, { vpcEndpointIds: [vpce.id, 'vpc-12345678'] }).code).toBe(
      'InvalidVpcEndpointId.Malformed',
    );
    expect(h.fails(deleteVpcEndpoints, { vpcEndpointIds: [] }).code).toBe('MissingParameter');
    expect(h.s.get('vpc-endpoint', vpce.id)).toBeDefined();
  });

  it('keeps the VPC from being deleted while it has endpoints', () => {
    const { h, vpc } = setup();
    const v = vpc();
    const vpce = h.run(createVpcEndpoint, { vpcId: v.id, serviceName: S3 });
    expect(h.fails(deleteVpc, { vpcId: v.id }).code).toBe('DependencyViolation');
    h.run(deleteVpcEndpoints, { vpcEndpointIds: [vpce.id] });
    h.run(deleteVpc, { vpcId: v.id });
  });
});
