import { describe, expect, it } from 'vitest';
import { endpoint, eni, instance, nat, type Harness } from '../../test/support/fixtures.js';
import { caller, harness } from '../../test/support/harness.js';
import { Cidr } from '../net/index.js';
import { subnetRouteTable } from '../model/route-table.js';
import type { Subnet } from '../model/subnet.js';
import {
  associateRouteTable,
  createRouteTable,
  replaceRouteTableAssociation,
} from './route-table.js';
import {
  associateSubnetCidrBlock,
  availableIpAddressCount,
  createSubnet,
  deleteSubnet,
  disassociateSubnetCidrBlock,
  modifySubnetAttribute,
  reservedAddresses,
  SUBNETS_PER_VPC,
} from './subnet.js';
import { associateVpcCidrBlock, createVpc } from './vpc.js';

/** A harness with one IPv4 VPC and one dual-stack VPC. */
function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const v6 = h.run(createVpc, { cidrBlock: '10.1.0.0/16', amazonProvidedIpv6CidrBlock: true });
  const block = v6.ipv6CidrBlockAssociationSet[0]!.ipv6CidrBlock;
  const sub64 = (i: number) => Cidr.of(block.nth(BigInt(i) << 64n), 64).toString();
  return { h, vpc, v6, block, sub64 };
}

describe('CreateSubnet', () => {
  it('creates an IPv4 subnet on the main table and the default ACL', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, {
      vpcId: vpc.id,
      cidrBlock: '10.0.1.7/24',
      availabilityZone: 'us-east-1b',
      tags: [{ key: 'Name', value: 'app' }],
    });
    expect(sn.id).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(sn.cidrBlock?.toString()).toBe('10.0.1.0/24');
    expect(sn.availabilityZone).toBe('us-east-1b');
    expect(sn.availabilityZoneId).toMatch(/^use1-az\d$/);
    expect(sn).toMatchObject({
      ipv6Native: false,
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      enableDns64: false,
      defaultForAz: false,
      state: 'available',
    });
    expect(sn.tags).toEqual([{ key: 'Name', value: 'app' }]);
    const [acl] = h.s.find('networkAclBySubnet', sn.id);
    expect(acl?.isDefault).toBe(true);
    expect(acl?.associations[0]?.networkAclAssociationId).toMatch(/^aclassoc-[0-9a-f]{17}$/);
    const main = h.s.find('routeTablesByVpc', vpc.id)[0]!;
    expect(subnetRouteTable(h.s, sn.id)?.id).toBe(main.id);
    expect(availableIpAddressCount(h.s, sn)).toBe(251);
  });

  it('resolves an AZ id and rejects unknown or doubled AZs', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, {
      vpcId: vpc.id,
      cidrBlock: '10.0.1.0/24',
      availabilityZoneId: 'use1-az4',
    });
    expect(sn.availabilityZoneId).toBe('use1-az4');
    expect(
      h.fails(createSubnet, {
        vpcId: vpc.id,
        cidrBlock: '10.0.2.0/24',
        availabilityZone: 'us-east-1z',
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createSubnet, {
        vpcId: vpc.id,
        cidrBlock: '10.0.2.0/24',
        availabilityZone: 'us-east-1a',
        availabilityZoneId: 'use1-az1',
      }).code,
    ).toBe('InvalidParameterCombination');
  });

  it.each([
    ['10.2.0.0/24', 'outside the VPC'],
    ['10.0.0.0/29', 'too small'],
    ['10.0.0.0/15', 'too large'],
  ])('rejects %s (%s) with InvalidSubnet.Range', (cidrBlock) => {
    const { h, vpc } = setup();
    expect(h.fails(createSubnet, { vpcId: vpc.id, cidrBlock })).toMatchObject({
      code: 'InvalidSubnet.Range',
      message: `The CIDR '${cidrBlock}' is invalid.`,
    });
  });

  it('accepts /16 and /28, and blocks of a secondary VPC CIDR', () => {
    const { h, vpc } = setup();
    h.run(associateVpcCidrBlock, { vpcId: vpc.id, cidrBlock: '10.5.0.0/16' });
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.5.0.0/16' });
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.0/28' });
  });

  it('rejects overlapping subnets with InvalidSubnet.Conflict', () => {
    const { h, vpc } = setup();
    h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.0/24' });
    expect(h.fails(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.128/25' })).toMatchObject({
      code: 'InvalidSubnet.Conflict',
      message: "The CIDR '10.0.0.128/25' conflicts with another subnet",
    });
  });

  it('validates parameters and ids', () => {
    const { h, vpc } = setup();
    expect(h.fails(createSubnet, { vpcId: vpc.id }).code).toBe('MissingParameter');
    expect(h.fails(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.0/33' }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      h.fails(createSubnet, { vpcId: 'vpc-0123456789abcdef0', cidrBlock: '10.0.0.0/24' }).code,
    ).toBe('InvalidVpcID.NotFound');
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.0/24' }, other).code).toBe(
      'InvalidVpcID.NotFound',
    );
  });

  it('creates dual-stack subnets with /64 (and /44–/64 in /4 steps) inside the VPC block', () => {
    const { h, v6, block, sub64 } = setup();
    const sn = h.run(createSubnet, {
      vpcId: v6.id,
      cidrBlock: '10.1.0.0/24',
      ipv6CidrBlock: sub64(0),
    });
    expect(sn.ipv6CidrBlockAssociationSet[0]?.ipv6CidrBlock.toString()).toBe(sub64(0));
    expect(sn.ipv6CidrBlockAssociationSet[0]?.associationId).toMatch(/^subnet-cidr-assoc-/);
    const sixty = [...block.subnets(60)][1]!.toString();
    h.run(createSubnet, { vpcId: v6.id, cidrBlock: '10.1.1.0/24', ipv6CidrBlock: sixty });
  });

  it.each([
    ['a /63', (b: Cidr) => [...b.subnets(63)][0]!.toString(), 'InvalidSubnet.Range'],
    ['a block outside the VPC', () => '2600:1f18:ffff:ff00::/64', 'InvalidSubnet.Range'],
    ['an IPv4 block', () => '10.1.9.0/24', 'InvalidParameterValue'],
  ])('rejects %s as IPv6 block', (_what, make, code) => {
    const { h, v6, block } = setup();
    expect(
      h.fails(createSubnet, { vpcId: v6.id, cidrBlock: '10.1.0.0/24', ipv6CidrBlock: make(block) })
        .code,
    ).toBe(code);
  });

  it('rejects IPv6 blocks that overlap another subnet, or in a VPC without IPv6', () => {
    const { h, vpc, v6, sub64 } = setup();
    h.run(createSubnet, { vpcId: v6.id, cidrBlock: '10.1.0.0/24', ipv6CidrBlock: sub64(0) });
    expect(
      h.fails(createSubnet, { vpcId: v6.id, cidrBlock: '10.1.1.0/24', ipv6CidrBlock: sub64(0) })
        .code,
    ).toBe('InvalidSubnet.Conflict');
    expect(
      h.fails(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24', ipv6CidrBlock: sub64(1) })
        .code,
    ).toBe('InvalidSubnet.Range');
  });

  it('creates IPv6-only subnets', () => {
    const { h, v6, sub64 } = setup();
    const sn = h.run(createSubnet, { vpcId: v6.id, ipv6Native: true, ipv6CidrBlock: sub64(2) });
    expect(sn.cidrBlock).toBeUndefined();
    expect(sn.ipv6Native).toBe(true);
    expect(sn.assignIpv6AddressOnCreation).toBe(true);
    expect(availableIpAddressCount(h.s, sn)).toBe(0);
    expect(
      h.fails(createSubnet, {
        vpcId: v6.id,
        ipv6Native: true,
        cidrBlock: '10.1.0.0/24',
        ipv6CidrBlock: sub64(3),
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(h.fails(createSubnet, { vpcId: v6.id, ipv6Native: true })).toMatchObject({
      code: 'MissingParameter',
      message: 'The request must contain the parameter ipv6CidrBlock',
    });
    expect(h.fails(createSubnet, { vpcId: v6.id, ipv6CidrBlock: sub64(3) }).code).toBe(
      'MissingParameter',
    );
  });

  it('makes default subnets map public IPs', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.0.0/20', defaultForAz: true });
    expect(sn.defaultForAz).toBe(true);
    expect(sn.mapPublicIpOnLaunch).toBe(true);
  });

  it(`allows ${SUBNETS_PER_VPC} subnets per VPC`, () => {
    const { h, vpc } = setup();
    const blocks = [...Cidr.parse('10.0.0.0/16')!.subnets(28)];
    for (let i = 0; i < SUBNETS_PER_VPC; i++) {
      h.run(createSubnet, { vpcId: vpc.id, cidrBlock: blocks[i]!.toString() });
    }
    expect(
      h.fails(createSubnet, { vpcId: vpc.id, cidrBlock: blocks[SUBNETS_PER_VPC]!.toString() }).code,
    ).toBe('SubnetLimitExceeded');
  });
});

describe('DeleteSubnet', () => {
  it('deletes the subnet with its route-table and ACL associations', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    const rtb = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(associateRouteTable, { routeTableId: rtb.id, subnetId: sn.id });
    h.run(deleteSubnet, { subnetId: sn.id });
    expect(h.s.get('subnet', sn.id)).toBeUndefined();
    expect(h.s.get('route-table', rtb.id)?.associations).toEqual([]);
    expect(h.s.find('networkAclsByVpc', vpc.id)[0]?.associations).toEqual([]);
  });

  it.each([
    ['a network interface', (h: Harness, sn: Subnet) => void eni(h, sn, ['10.0.1.10'])],
    ['a running instance', (h: Harness, sn: Subnet) => void instance(h, sn, 'running')],
    ['a NAT gateway', (h: Harness, sn: Subnet) => void nat(h, sn, 'available')],
    [
      'an interface endpoint',
      (h: Harness, sn: Subnet) => void endpoint(h, sn.vpcId, 'Interface', { subnetIds: [sn.id] }),
    ],
  ])('refuses while %s is in it', (_what, add) => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    add(h, sn);
    expect(h.fails(deleteSubnet, { subnetId: sn.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `The subnet '${sn.id}' has dependencies and cannot be deleted.`,
    });
  });

  it('ignores terminated instances and deleted NAT gateways', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    instance(h, sn, 'terminated');
    const gone = nat(h, sn, 'deleted');
    h.run(deleteSubnet, { subnetId: sn.id });
    expect(h.s.get('nat-gateway', gone.id)).toBeUndefined();
  });

  it('answers not found and malformed ids', () => {
    const { h } = setup();
    expect(h.fails(deleteSubnet, { subnetId: 'subnet-0123456789abcdef0' })).toMatchObject({
      code: 'InvalidSubnetID.NotFound',
      message: "The subnet ID 'subnet-0123456789abcdef0' does not exist",
    });
    expect(h.fails(deleteSubnet, { subnetId: 'vpc-12345678' }).code).toBe(
      'InvalidSubnetID.Malformed',
    );
  });
});

describe('ModifySubnetAttribute', () => {
  it('sets one attribute per call', () => {
    const { h, v6, sub64 } = setup();
    const sn = h.run(createSubnet, {
      vpcId: v6.id,
      cidrBlock: '10.1.0.0/24',
      ipv6CidrBlock: sub64(0),
    });
    expect(
      h.run(modifySubnetAttribute, { subnetId: sn.id, mapPublicIpOnLaunch: true })
        .mapPublicIpOnLaunch,
    ).toBe(true);
    h.run(modifySubnetAttribute, { subnetId: sn.id, assignIpv6AddressOnCreation: true });
    h.run(modifySubnetAttribute, { subnetId: sn.id, enableDns64: true });
    expect(h.s.get('subnet', sn.id)).toMatchObject({
      mapPublicIpOnLaunch: true,
      assignIpv6AddressOnCreation: true,
      enableDns64: true,
    });
    h.run(modifySubnetAttribute, { subnetId: sn.id, enableDns64: false });
    expect(h.s.get('subnet', sn.id)?.enableDns64).toBe(false);
  });

  it('refuses several attributes at once, or none', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    expect(
      h.fails(modifySubnetAttribute, {
        subnetId: sn.id,
        mapPublicIpOnLaunch: true,
        enableDns64: false,
      }),
    ).toMatchObject({
      code: 'InvalidParameterCombination',
      message: 'Fields for multiple attribute types specified: mapPublicIpOnLaunch, enableDns64',
    });
    expect(h.fails(modifySubnetAttribute, { subnetId: sn.id }).code).toBe('MissingParameter');
  });

  it('needs an IPv6 block for IPv6 attributes', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    expect(
      h.fails(modifySubnetAttribute, { subnetId: sn.id, assignIpv6AddressOnCreation: true }),
    ).toMatchObject({
      code: 'InvalidParameterValue',
      message: `Invalid value 'true' for assign-ipv6-address-on-creation. Cannot set assign-ipv6-address-on-creation to true unless the subnet (${sn.id}) has an IPv6 CIDR block associated with it.`,
    });
    expect(h.fails(modifySubnetAttribute, { subnetId: sn.id, enableDns64: true }).code).toBe(
      'InvalidParameterValue',
    );
    h.run(modifySubnetAttribute, { subnetId: sn.id, assignIpv6AddressOnCreation: false });
  });

  it('keeps IPv6-only subnets IPv6-only', () => {
    const { h, v6, sub64 } = setup();
    const sn = h.run(createSubnet, { vpcId: v6.id, ipv6Native: true, ipv6CidrBlock: sub64(0) });
    expect(
      h.fails(modifySubnetAttribute, { subnetId: sn.id, mapPublicIpOnLaunch: true }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(modifySubnetAttribute, { subnetId: sn.id, assignIpv6AddressOnCreation: false }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('subnet IPv6 CIDR blocks', () => {
  it('associates and disassociates a block', () => {
    const { h, v6, sub64 } = setup();
    const sn = h.run(createSubnet, { vpcId: v6.id, cidrBlock: '10.1.0.0/24' });
    const out = h.run(associateSubnetCidrBlock, { subnetId: sn.id, ipv6CidrBlock: sub64(5) });
    expect(out.subnetId).toBe(sn.id);
    expect(out.ipv6CidrBlockAssociation.ipv6CidrBlock.toString()).toBe(sub64(5));
    expect(h.s.get('subnet', sn.id)?.ipv6CidrBlockAssociationSet).toHaveLength(1);
    h.run(disassociateSubnetCidrBlock, {
      associationId: out.ipv6CidrBlockAssociation.associationId,
    });
    expect(h.s.get('subnet', sn.id)?.ipv6CidrBlockAssociationSet).toEqual([]);
  });

  it('refuses a second block, a taken block and a block outside the VPC', () => {
    const { h, v6, sub64 } = setup();
    const a = h.run(createSubnet, {
      vpcId: v6.id,
      cidrBlock: '10.1.0.0/24',
      ipv6CidrBlock: sub64(0),
    });
    const b = h.run(createSubnet, { vpcId: v6.id, cidrBlock: '10.1.1.0/24' });
    expect(
      h.fails(associateSubnetCidrBlock, { subnetId: a.id, ipv6CidrBlock: sub64(1) }).code,
    ).toBe('InvalidSubnet.Conflict');
    expect(
      h.fails(associateSubnetCidrBlock, { subnetId: b.id, ipv6CidrBlock: sub64(0) }).code,
    ).toBe('InvalidSubnet.Conflict');
    expect(
      h.fails(associateSubnetCidrBlock, {
        subnetId: b.id,
        ipv6CidrBlock: '2600:1f18:ffff:ff00::/64',
      }).code,
    ).toBe('InvalidSubnet.Range');
  });

  it('refuses to disassociate a block in use', () => {
    const { h, v6, sub64 } = setup();
    const native = h.run(createSubnet, { vpcId: v6.id, ipv6Native: true, ipv6CidrBlock: sub64(0) });
    const id = (sn: Subnet) => sn.ipv6CidrBlockAssociationSet[0]!.associationId;
    expect(h.fails(disassociateSubnetCidrBlock, { associationId: id(native) }).code).toBe(
      'InvalidCidrBlock.InUse',
    );
    const sn = h.run(createSubnet, {
      vpcId: v6.id,
      cidrBlock: '10.1.0.0/24',
      ipv6CidrBlock: sub64(1),
    });
    h.run(modifySubnetAttribute, { subnetId: sn.id, assignIpv6AddressOnCreation: true });
    expect(h.fails(disassociateSubnetCidrBlock, { associationId: id(sn) })).toMatchObject({
      code: 'InvalidCidrBlock.InUse',
      message: `The subnet IPv6 CIDR block with association ID ${id(sn)} may not be disassociated, because its subnet has assign-ipv6-address-on-creation set to true.`,
    });
    h.run(modifySubnetAttribute, { subnetId: sn.id, assignIpv6AddressOnCreation: false });
    const v6addr = Cidr.parse(sub64(1))!.nth(10n);
    eni(h, sn, ['10.1.0.10'], { ipv6Addresses: [{ ipv6Address: v6addr }] });
    expect(h.fails(disassociateSubnetCidrBlock, { associationId: id(sn) }).code).toBe(
      'InvalidCidrBlock.InUse',
    );
  });

  it('answers unknown association ids', () => {
    const { h } = setup();
    expect(
      h.fails(disassociateSubnetCidrBlock, { associationId: 'subnet-cidr-assoc-0123456789abcdef0' })
        .code,
    ).toBe('InvalidSubnetCidrBlockAssociationID.NotFound');
  });
});

describe('subnet helpers', () => {
  it('lists the five reserved addresses', () => {
    expect(reservedAddresses(Cidr.parse('10.0.1.0/24')!).map(String)).toEqual([
      '10.0.1.0',
      '10.0.1.1',
      '10.0.1.2',
      '10.0.1.3',
      '10.0.1.255',
    ]);
  });

  it('counts addresses taken by ENIs', () => {
    const { h, vpc } = setup();
    const sn = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/28' });
    expect(availableIpAddressCount(h.s, sn)).toBe(11);
    eni(h, sn, ['10.0.1.4', '10.0.1.5']);
    eni(h, sn, ['10.0.1.6']);
    expect(availableIpAddressCount(h.s, sn)).toBe(8);
  });

  it('finds the explicit table, else the current main table', () => {
    const { h, vpc } = setup();
    const a = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    const b = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.2.0/24' });
    const main = h.s.find('routeTablesByVpc', vpc.id)[0]!;
    const custom = h.run(createRouteTable, { vpcId: vpc.id });
    h.run(associateRouteTable, { routeTableId: custom.id, subnetId: a.id });
    expect(subnetRouteTable(h.s, a.id)?.id).toBe(custom.id);
    expect(subnetRouteTable(h.s, b.id)?.id).toBe(main.id);
    const newMain = h.run(createRouteTable, { vpcId: vpc.id });
    const mainAssoc = main.associations.find((x) => x.main)!.routeTableAssociationId;
    h.run(replaceRouteTableAssociation, { associationId: mainAssoc, routeTableId: newMain.id });
    expect(subnetRouteTable(h.s, b.id)?.id).toBe(newMain.id);
    expect(subnetRouteTable(h.s, 'subnet-0123456789abcdef0')).toBeUndefined();
  });
});
