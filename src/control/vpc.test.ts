import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import type { FixedClock } from '../model/clock.js';
import { defaultNetworkAclOf } from '../model/network-acl.js';
import { createNetworkAcl, createNetworkAclEntry } from './network-acl.js';
import { createVpcPeeringConnection, PEERING_REQUEST_LIFETIME_MS } from './vpc-peering.js';
import {
  associateVpcCidrBlock,
  createVpc,
  deleteVpc,
  disassociateVpcCidrBlock,
  modifyVpcAttribute,
} from './vpc.js';

describe('CreateVpc', () => {
  it('creates the VPC with a main route table, default SG and default ACL', () => {
    const h = harness();
    const vpc = h.run(createVpc, {
      cidrBlock: '10.0.0.18/16',
      tags: [{ key: 'Name', value: 'a' }],
    });
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.cidrBlock.toString()).toBe('10.0.0.0/16');
    expect(vpc.enableDnsSupport).toBe(true);
    expect(vpc.enableDnsHostnames).toBe(false);
    const [rtb, ...more] = h.s.find('routeTablesByVpc', vpc.id);
    expect(more).toHaveLength(0);
    expect(rtb?.associations.map((a) => a.main)).toEqual([true]);
    expect(rtb?.routes.map((r) => [r.destinationCidrBlock?.toString(), r.gatewayId])).toEqual([
      ['10.0.0.0/16', 'local'],
    ]);
    const [sg] = h.s.find('securityGroupsByVpc', vpc.id);
    expect(sg?.groupName).toBe('default');
    expect(sg?.rules.find((r) => !r.isEgress)?.referencedGroupInfo?.groupId).toBe(sg?.id);
    expect(sg?.rules.filter((r) => r.isEgress).map((r) => r.cidrIpv4?.toString())).toEqual([
      '0.0.0.0/0',
    ]);
    const [acl] = h.s.find('networkAclsByVpc', vpc.id);
    expect(acl?.isDefault).toBe(true);
    expect(
      acl?.entries.map((e) => `${e.egress ? 'out' : 'in'} ${e.ruleNumber} ${e.ruleAction}`),
    ).toEqual(['in 100 allow', 'in 32767 deny', 'out 100 allow', 'out 32767 deny']);
  });

  it('gives an Amazon-provided /56 and IPv6 defaults', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
    const v6 = vpc.ipv6CidrBlockAssociationSet[0]?.ipv6CidrBlock;
    expect(v6?.prefix).toBe(56);
    const other = h.run(createVpc, { cidrBlock: '10.1.0.0/16', amazonProvidedIpv6CidrBlock: true });
    expect(other.ipv6CidrBlockAssociationSet[0]?.ipv6CidrBlock.equals(v6!)).toBe(false);
    const [sg] = h.s.find('securityGroupsByVpc', vpc.id);
    expect(
      sg?.rules.filter((r) => r.isEgress).map((r) => (r.cidrIpv4 ?? r.cidrIpv6)?.toString()),
    ).toEqual(['0.0.0.0/0', '::/0']);
    const [acl] = h.s.find('networkAclsByVpc', vpc.id);
    expect(acl?.entries.filter((e) => e.ipv6CidrBlock).map((e) => e.ruleNumber)).toEqual([
      101, 32768, 101, 32768,
    ]);
  });

  it.each([
    ['10.0.0.0/33', 'InvalidParameterValue'],
    ['010.0.0.0/16', 'InvalidParameterValue'],
    ['10.0.0.0/8', 'InvalidVpc.Range'],
    ['10.0.0.0/29', 'InvalidVpc.Range'],
    ['169.254.0.0/16', 'InvalidVpc.Range'],
    ['::/0', 'InvalidParameterValue'],
  ])('rejects %s with %s', (cidrBlock, code) => {
    const h = harness();
    expect(h.fails(createVpc, { cidrBlock }).code).toBe(code);
  });

  it('states the bad value in the message', () => {
    const h = harness();
    expect(h.fails(createVpc, { cidrBlock: '10.0.0.0/33' }).message).toBe(
      'Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid CIDR block.',
    );
  });
});

describe('secondary CIDR blocks', () => {
  it('adds local routes and removes them again', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const a = h.run(associateVpcCidrBlock, { vpcId: vpc.id, cidrBlock: '10.1.0.0/16' });
    const [rtb] = h.s.find('routeTablesByVpc', vpc.id);
    expect(rtb?.routes.map((r) => r.destinationCidrBlock?.toString())).toEqual([
      '10.0.0.0/16',
      '10.1.0.0/16',
    ]);
    h.run(disassociateVpcCidrBlock, { associationId: a.associationId });
    expect(h.s.find('routeTablesByVpc', vpc.id)[0]?.routes).toHaveLength(1);
  });

  it.each([
    ['10.0.0.0/16', '10.0.128.0/17', 'overlap'],
    ['10.0.0.0/16', '192.168.0.0/16', 'restricted'],
    ['10.0.0.0/16', '172.16.0.0/16', 'restricted'],
    ['10.1.0.0/16', '10.0.0.0/16', 'restricted'],
    ['172.16.0.0/16', '172.31.0.0/16', 'restricted'],
    ['100.64.0.0/16', '10.0.0.0/16', 'restricted'],
  ])('with %s, refuses %s (%s)', (primary, secondary) => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: primary });
    expect(h.fails(associateVpcCidrBlock, { vpcId: vpc.id, cidrBlock: secondary }).code).toBe(
      'InvalidVpc.Range',
    );
  });

  it.each([
    ['10.0.0.0/16', '100.64.0.0/16'],
    ['10.0.0.0/16', '10.2.0.0/16'],
    ['10.2.0.0/16', '10.0.0.0/16'],
    ['172.16.0.0/16', '172.17.0.0/16'],
    ['10.0.0.0/16', '54.1.0.0/16'],
  ])('with %s, accepts %s', (primary, secondary) => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: primary });
    h.run(associateVpcCidrBlock, { vpcId: vpc.id, cidrBlock: secondary });
  });

  it('cannot remove the primary block', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const primary = vpc.cidrBlockAssociationSet[0]!.associationId;
    expect(h.fails(disassociateVpcCidrBlock, { associationId: primary }).code).toBe(
      'OperationNotPermitted',
    );
  });

  it('adds the IPv6 rules to an untouched default ACL', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    h.run(associateVpcCidrBlock, { vpcId: vpc.id, amazonProvidedIpv6CidrBlock: true });
    const [acl] = h.s.find('networkAclsByVpc', vpc.id);
    expect(acl?.entries.filter((e) => e.ipv6CidrBlock).map((e) => e.ruleNumber)).toEqual([
      101, 32768, 101, 32768,
    ]);
  });
});

describe('DeleteVpc and attributes', () => {
  it('deletes the VPC with its defaults', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    h.run(deleteVpc, { vpcId: vpc.id });
    expect(h.s.get('vpc', vpc.id)).toBeUndefined();
    expect(h.s.find('routeTablesByVpc', vpc.id)).toHaveLength(0);
    expect(h.s.count('security-group')).toBe(0);
  });

  it('answers not found and malformed ids as AWS does', () => {
    const h = harness();
    expect(h.fails(deleteVpc, { vpcId: 'vpc-0123456789abcdef0' })).toMatchObject({
      code: 'InvalidVpcID.NotFound',
      message: "The vpc ID 'vpc-0123456789abcdef0' does not exist",
      httpStatus: 400,
    });
    expect(h.fails(deleteVpc, { vpcId: 'subnet-12345678' }).code).toBe('InvalidVpcID.Malformed');
  });

  it('hides other accounts and Regions', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(deleteVpc, { vpcId: vpc.id }, other).code).toBe('InvalidVpcID.NotFound');
  });

  it('needs DNS support for DNS hostnames', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    h.run(modifyVpcAttribute, { vpcId: vpc.id, enableDnsSupport: false });
    expect(h.fails(modifyVpcAttribute, { vpcId: vpc.id, enableDnsHostnames: true }).code).toBe(
      'InvalidParameterValue',
    );
  });
});

describe('IPv6 blocks and network ACLs', () => {
  it('gives every ACL of the VPC the IPv6 `*` deny, and the default ACL its rule 101', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const custom = h.run(createNetworkAcl, { vpcId: vpc.id });
    const edited = h.run(createNetworkAcl, { vpcId: vpc.id });
    h.run(createNetworkAclEntry, {
      networkAclId: edited.id,
      ruleNumber: 100,
      protocol: '-1',
      ruleAction: 'allow',
      egress: false,
      cidrBlock: '10.0.0.0/16',
    });
    h.run(associateVpcCidrBlock, { vpcId: vpc.id, amazonProvidedIpv6CidrBlock: true });
    const v6 = (id: string) =>
      h.s
        .get('network-acl', id)!
        .entries.filter((e) => e.ipv6CidrBlock?.toString() === '::/0')
        .map((e) => `${e.egress ? 'out' : 'in'} ${e.ruleNumber} ${e.ruleAction}`);
    const def = defaultNetworkAclOf(h.s, vpc.id)!;
    expect(v6(custom.id)).toEqual(['in 32768 deny', 'out 32768 deny']);
    expect(v6(edited.id)).toEqual(['in 32768 deny', 'out 32768 deny']);
    expect(v6(def.id)).toEqual([
      'in 101 allow',
      'in 32768 deny',
      'out 101 allow',
      'out 32768 deny',
    ]);
    // A second IPv6 block adds nothing: the rules are there already.
    h.run(associateVpcCidrBlock, { vpcId: vpc.id, amazonProvidedIpv6CidrBlock: true });
    expect(v6(custom.id)).toEqual(['in 32768 deny', 'out 32768 deny']);
    expect(v6(def.id)).toEqual([
      'in 101 allow',
      'in 32768 deny',
      'out 101 allow',
      'out 32768 deny',
    ]);
  });
});

describe('peering requests past their expiry', () => {
  it('no longer block DeleteVpc or new CIDR blocks on either side', () => {
    const h = harness();
    const clock = h.store.clock as FixedClock;
    const a = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const b = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
    h.run(createVpcPeeringConnection, { vpcId: a.id, peerVpcId: b.id });
    // Pending: the requester adds no block, the accepter none overlapping the requester, and
    // neither VPC can be deleted.
    expect(h.fails(associateVpcCidrBlock, { vpcId: a.id, cidrBlock: '10.2.0.0/16' }).code).toBe(
      'IncorrectState',
    );
    expect(h.fails(associateVpcCidrBlock, { vpcId: b.id, cidrBlock: '10.0.128.0/17' }).code).toBe(
      'InvalidVpc.Range',
    );
    expect(h.fails(deleteVpc, { vpcId: a.id }).code).toBe('DependencyViolation');
    expect(h.fails(deleteVpc, { vpcId: b.id }).code).toBe('DependencyViolation');
    clock.advance(PEERING_REQUEST_LIFETIME_MS);
    h.run(associateVpcCidrBlock, { vpcId: a.id, cidrBlock: '10.2.0.0/16' });
    h.run(associateVpcCidrBlock, { vpcId: b.id, cidrBlock: '10.0.128.0/17' });
    h.run(deleteVpc, { vpcId: a.id });
    h.run(deleteVpc, { vpcId: b.id });
  });
});
