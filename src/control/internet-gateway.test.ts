import { describe, expect, it } from 'vitest';
import { eni, nat, type Harness } from '../../test/support/fixtures.js';
import { caller, harness } from '../../test/support/harness.js';
import { Ip } from '../net/index.js';
import { routeState } from '../model/route-table.js';
import type { Subnet } from '../model/subnet.js';
import {
  attachInternetGateway,
  createEgressOnlyInternetGateway,
  createInternetGateway,
  deleteEgressOnlyInternetGateway,
  deleteInternetGateway,
  detachInternetGateway,
} from './internet-gateway.js';
import { associateRouteTable, createRouteTable } from './route-table.js';
import { createRoute } from './route.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';

/** An ENI whose primary address, 10.0.1.10, is mapped to the public IPv4 `publicIp`. */
function publicEni(h: Harness, subnet: Subnet, publicIp: string) {
  const privateIpAddress = Ip.parse('10.0.1.10')!;
  const association = { publicIp: Ip.parse(publicIp)!, ipOwnerId: 'amazon' };
  return eni(h, subnet, ['10.0.1.10'], {
    privateIpAddresses: [{ privateIpAddress, primary: true, association }],
  });
}

function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
  const subnet = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
  const igw = h.run(createInternetGateway, { tags: [{ key: 'Name', value: 'edge' }] });
  return { h, vpc, subnet, igw };
}

describe('internet gateways', () => {
  it('creates a detached gateway', () => {
    const { igw } = setup();
    expect(igw.id).toMatch(/^igw-[0-9a-f]{17}$/);
    expect(igw.attachments).toEqual([]);
    expect(igw.tags).toEqual([{ key: 'Name', value: 'edge' }]);
  });

  it('attaches and detaches', () => {
    const { h, vpc, igw } = setup();
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    expect(h.s.get('internet-gateway', igw.id)?.attachments).toEqual([
      { vpcId: vpc.id, state: 'available' },
    ]);
    expect(h.s.find('internetGatewaysByVpc', vpc.id).map((g) => g.id)).toEqual([igw.id]);
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    expect(h.s.get('internet-gateway', igw.id)?.attachments).toEqual([]);
  });

  it('attaches one gateway per VPC and one VPC per gateway', () => {
    const { h, vpc, igw } = setup();
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    const other = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
    expect(
      h.fails(attachInternetGateway, { internetGatewayId: igw.id, vpcId: other.id }),
    ).toMatchObject({
      code: 'Resource.AlreadyAssociated',
      message: `resource ${igw.id} is already attached to network ${vpc.id}`,
    });
    const second = h.run(createInternetGateway, {});
    expect(
      h.fails(attachInternetGateway, { internetGatewayId: second.id, vpcId: vpc.id }).code,
    ).toBe('Resource.AlreadyAssociated');
  });

  it('answers unknown and malformed ids', () => {
    const { h, vpc, igw } = setup();
    expect(
      h.fails(attachInternetGateway, { internetGatewayId: 'igw-0123456789abcdef0', vpcId: vpc.id }),
    ).toMatchObject({
      code: 'InvalidInternetGatewayID.NotFound',
      message: "The internetGateway ID 'igw-0123456789abcdef0' does not exist",
    });
    expect(
      h.fails(attachInternetGateway, { internetGatewayId: igw.id, vpcId: 'vpc-0123456789abcdef0' })
        .code,
    ).toBe('InvalidVpcID.NotFound');
    expect(h.fails(deleteInternetGateway, { internetGatewayId: 'eigw-12345678' }).code).toBe(
      'InvalidInternetGatewayID.Malformed',
    );
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(deleteInternetGateway, { internetGatewayId: igw.id }, other).code).toBe(
      'InvalidInternetGatewayID.NotFound',
    );
  });

  it('refuses to detach a gateway that is not attached to the VPC', () => {
    const { h, vpc, igw } = setup();
    expect(
      h.fails(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id }),
    ).toMatchObject({
      code: 'Gateway.NotAttached',
      message: `resource ${igw.id} is not attached to network ${vpc.id}`,
    });
  });

  it.each([
    ['an ENI with a public IPv4', (h: Harness, sn: Subnet) => void publicEni(h, sn, '3.208.0.10')],
    ['a public NAT gateway', (h: Harness, sn: Subnet) => void nat(h, sn, 'available', 'public')],
  ])('refuses to detach while the VPC has %s', (_what, add) => {
    const { h, vpc, subnet, igw } = setup();
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    add(h, subnet);
    expect(
      h.fails(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id }),
    ).toMatchObject({
      code: 'DependencyViolation',
      message: `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
    });
  });

  it('detaches when only private ENIs, private or deleted NAT gateways remain', () => {
    const { h, vpc, subnet, igw } = setup();
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    eni(h, subnet, ['10.0.1.10']);
    nat(h, subnet, 'available', 'private');
    nat(h, subnet, 'deleted', 'public');
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
  });

  it('drops the edge association on detach', () => {
    const { h, vpc, igw } = setup();
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    const rtb = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(associateRouteTable, { routeTableId: rtb.id, gatewayId: igw.id });
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    expect(h.s.get('route-table', rtb.id)?.associations).toEqual([]);
  });

  it('deletes only detached gateways; their routes stay as blackholes', () => {
    const { h, vpc, igw } = setup();
    h.run(attachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    const rtb = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });
    expect(h.fails(deleteInternetGateway, { internetGatewayId: igw.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `The internetGateway '${igw.id}' has dependencies and cannot be deleted.`,
    });
    h.run(detachInternetGateway, { internetGatewayId: igw.id, vpcId: vpc.id });
    h.run(deleteInternetGateway, { internetGatewayId: igw.id });
    expect(h.s.get('internet-gateway', igw.id)).toBeUndefined();
    const table = h.s.get('route-table', rtb.id)!;
    const route = table.routes.find((r) => r.gatewayId === igw.id)!;
    expect(routeState(h.s, route, table)).toBe('blackhole');
  });
});

describe('egress-only internet gateways', () => {
  it('creates a gateway attached to its VPC', () => {
    const { h, vpc } = setup();
    const eigw = h.run(createEgressOnlyInternetGateway, {
      vpcId: vpc.id,
      tags: [{ key: 'Name', value: 'v6' }],
    });
    expect(eigw.id).toMatch(/^eigw-[0-9a-f]{17}$/);
    expect(eigw.attachments).toEqual([{ vpcId: vpc.id, state: 'attached' }]);
    expect(h.s.find('egressOnlyInternetGatewaysByVpc', vpc.id).map((g) => g.id)).toEqual([eigw.id]);
  });

  it('allows one per VPC', () => {
    const { h, vpc } = setup();
    h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    expect(h.fails(createEgressOnlyInternetGateway, { vpcId: vpc.id }).code).toBe(
      'Resource.AlreadyAssociated',
    );
  });

  it('answers unknown VPCs and gateways', () => {
    const { h } = setup();
    expect(h.fails(createEgressOnlyInternetGateway, { vpcId: 'vpc-0123456789abcdef0' }).code).toBe(
      'InvalidVpcID.NotFound',
    );
    expect(
      h.fails(deleteEgressOnlyInternetGateway, {
        egressOnlyInternetGatewayId: 'eigw-0123456789abcdef0',
      }),
    ).toMatchObject({
      code: 'InvalidGatewayID.NotFound',
      message: "The gateway ID 'eigw-0123456789abcdef0' does not exist",
    });
  });

  it('deletes the gateway; its routes stay as blackholes', () => {
    const { h, vpc } = setup();
    const eigw = h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
    const rtb = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(createRoute, {
      routeTableId: rtb.id,
      destinationIpv6CidrBlock: '::/0',
      egressOnlyInternetGatewayId: eigw.id,
    });
    expect(
      h.run(deleteEgressOnlyInternetGateway, { egressOnlyInternetGatewayId: eigw.id }),
    ).toEqual({
      returnCode: true,
    });
    const table = h.s.get('route-table', rtb.id)!;
    const route = table.routes.find((r) => r.egressOnlyInternetGatewayId === eigw.id)!;
    expect(routeState(h.s, route, table)).toBe('blackhole');
    h.run(createEgressOnlyInternetGateway, { vpcId: vpc.id });
  });
});
