import { Cidr } from '../../src/net/index.js';
import type { Route } from '../../src/model/route-table.js';
import {
  attachInternetGateway,
  createInternetGateway,
} from '../../src/control/internet-gateway.js';
import { createRouteTable } from '../../src/control/route-table.js';
import {
  createRoute,
  replaceRoute,
  type CreateRouteInput,
  type ReplaceRouteInput,
} from '../../src/control/route.js';
import { createSubnet } from '../../src/control/subnet.js';
import { createVpc } from '../../src/control/vpc.js';
import { harness } from './harness.js';

/**
 * The world of the route table and route tests (src/control/route-table.test.ts, route.test.ts);
 * the resources they put straight into the store come from fixtures.ts.
 */

/**
 * A dual-stack VPC with a subnet, an attached IGW and a custom route table, another VPC with a
 * subnet, and helpers that run the route operations on the custom table.
 */
export function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
  const v6 = vpc.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock;
  const subnetV6 = Cidr.of(v6.first, 64);
  const subnet = h.run(createSubnet, {
    vpcId: vpc.id,
    cidrBlock: '10.0.1.0/24',
    ipv6CidrBlock: subnetV6.toString(),
  });
  const igw = h.run(createInternetGateway, {});
  h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
  const rtb = h.run(createRouteTable, { vpcId: vpc.id });
  const main = h.s.find('mainRouteTableByVpc', vpc.id)[0]!;
  const other = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
  const otherSubnet = h.run(createSubnet, { vpcId: other.id, cidrBlock: '10.9.1.0/24' });
  const table = () => h.s.get('route-table', rtb.id)!;
  const route = (key: string) =>
    table().routes.find(
      (r) =>
        (r.destinationCidrBlock ?? r.destinationIpv6CidrBlock)?.toString() === key ||
        r.destinationPrefixListId === key,
    );
  /** CreateRoute in the custom table; the route it appends. */
  const create = (input: Omit<CreateRouteInput, 'routeTableId'>): Route => {
    h.run(createRoute, { routeTableId: rtb.id, ...input });
    return table().routes.at(-1)!;
  };
  /** CreateRoute in the custom table, expected to fail: the AWS error. */
  const createFails = (input: Omit<CreateRouteInput, 'routeTableId'>) =>
    h.fails(createRoute, { routeTableId: rtb.id, ...input });
  /** ReplaceRoute in the custom table. */
  const replace = (input: Omit<ReplaceRouteInput, 'routeTableId'>) =>
    h.run(replaceRoute, { routeTableId: rtb.id, ...input });
  /** ReplaceRoute in the custom table, expected to fail: the AWS error. */
  const replaceFails = (input: Omit<ReplaceRouteInput, 'routeTableId'>) =>
    h.fails(replaceRoute, { routeTableId: rtb.id, ...input });
  return {
    h,
    vpc,
    v6,
    subnetV6,
    subnet,
    igw,
    rtb,
    main,
    other,
    otherSubnet,
    table,
    route,
    create,
    createFails,
    replace,
    replaceFails,
  };
}
