import { describe, expect, it } from 'vitest';
import { Cidr } from '../net/index.js';
import { caller, harness } from '../../test/support/harness.js';
import type { Id } from '../model/ids.js';
import { subnetNetworkAcl, type NetworkAcl } from '../model/network-acl.js';
import type { Subnet } from '../model/subnet.js';
import type { Vpc } from '../model/vpc.js';
import {
  aclProtocol,
  createNetworkAcl,
  createNetworkAclEntry,
  deleteNetworkAcl,
  deleteNetworkAclEntry,
  replaceNetworkAclAssociation,
  replaceNetworkAclEntry,
  type NetworkAclEntryInput,
} from './network-acl.js';
import { associateVpcCidrBlock, createVpc } from './vpc.js';

type H = ReturnType<typeof harness>;

const acl = (h: H, id: string): NetworkAcl => h.s.get('network-acl', id)!;
const defaultAcl = (h: H, vpc: Vpc): NetworkAcl =>
  h.s.find('networkAclsByVpc', vpc.id).find((a) => a.isDefault)!;
const show = (a: NetworkAcl) =>
  a.entries.map(
    (e) =>
      `${e.egress ? 'out' : 'in'} ${e.ruleNumber} ${e.protocol} ${e.ruleAction} ${(e.cidrBlock ?? e.ipv6CidrBlock)?.toString()}`,
  );

function setup(ipv6 = false) {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: ipv6 });
  const nacl = h.run(createNetworkAcl, { vpcId: vpc.id });
  return { h, vpc, nacl };
}

let subnetSeq = 0;
/** Puts a subnet associated with the VPC's default ACL (subnet operations live elsewhere). */
function subnetIn(
  h: H,
  vpc: Vpc,
): { subnetId: Id<'subnet'>; associationId: Id<'network-acl-association'> } {
  subnetSeq += 1;
  const subnet: Subnet = {
    kind: 'subnet',
    id: `subnet-${subnetSeq.toString(16).padStart(17, '0')}` as Id<'subnet'>,
    ownerId: vpc.ownerId,
    region: vpc.region,
    tags: [],
    vpcId: vpc.id,
    availabilityZone: 'us-east-1a',
    availabilityZoneId: 'use1-az1',
    cidrBlock: Cidr.parse(`10.0.${subnetSeq % 256}.0/24`)!,
    ipv6CidrBlockAssociationSet: [],
    ipv6Native: false,
    mapPublicIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    enableDns64: false,
    defaultForAz: false,
    state: 'available',
  };
  const associationId =
    `aclassoc-${subnetSeq.toString(16).padStart(17, '0')}` as Id<'network-acl-association'>;
  const def = defaultAcl(h, vpc);
  h.store.snapshot.apply([
    { op: 'put', resource: subnet },
    {
      op: 'put',
      resource: {
        ...def,
        associations: [
          ...def.associations,
          { networkAclAssociationId: associationId, subnetId: subnet.id },
        ],
      },
    },
  ]);
  return { subnetId: subnet.id, associationId };
}

const allowSsh = (
  networkAclId: string,
  over: Partial<NetworkAclEntryInput> = {},
): NetworkAclEntryInput => ({
  networkAclId,
  ruleNumber: 100,
  protocol: 'tcp',
  ruleAction: 'allow',
  egress: false,
  cidrBlock: '0.0.0.0/0',
  portRange: { from: 22, to: 22 },
  ...over,
});

describe('CreateNetworkAcl', () => {
  it('creates a custom ACL with only the IPv4 * deny rules', () => {
    const { h, vpc, nacl } = setup();
    expect(nacl.id).toMatch(/^acl-[0-9a-f]{17}$/);
    expect(nacl).toMatchObject({
      vpcId: vpc.id,
      isDefault: false,
      associations: [],
      modified: { ingress: false, egress: false },
    });
    expect(show(nacl)).toEqual(['in 32767 -1 deny 0.0.0.0/0', 'out 32767 -1 deny 0.0.0.0/0']);
    expect(h.s.find('networkAclsByVpc', vpc.id)).toHaveLength(2);
  });

  it('adds the IPv6 * deny rules in an IPv6 VPC', () => {
    const { nacl } = setup(true);
    expect(show(nacl)).toEqual([
      'in 32767 -1 deny 0.0.0.0/0',
      'in 32768 -1 deny ::/0',
      'out 32767 -1 deny 0.0.0.0/0',
      'out 32768 -1 deny ::/0',
    ]);
  });

  it('keeps tags and needs a VPC the caller owns', () => {
    const { h, vpc } = setup();
    expect(
      h.run(createNetworkAcl, { vpcId: vpc.id, tags: [{ key: 'Name', value: 'x' }] }).tags,
    ).toEqual([{ key: 'Name', value: 'x' }]);
    expect(h.fails(createNetworkAcl, { vpcId: 'vpc-0123456789abcdef0' }).code).toBe(
      'InvalidVpcID.NotFound',
    );
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(createNetworkAcl, { vpcId: vpc.id }, other).code).toBe('InvalidVpcID.NotFound');
  });

  it('enforces 200 ACLs per VPC, the default one included', () => {
    const { h, vpc } = setup();
    for (let i = 2; i < 200; i++) h.run(createNetworkAcl, { vpcId: vpc.id });
    expect(h.fails(createNetworkAcl, { vpcId: vpc.id }).code).toBe('NetworkAclLimitExceeded');
  });
});

describe('DeleteNetworkAcl', () => {
  it('deletes an unassociated custom ACL', () => {
    const { h, nacl } = setup();
    expect(h.run(deleteNetworkAcl, { networkAclId: nacl.id })).toBe(true);
    expect(h.s.get('network-acl', nacl.id)).toBeUndefined();
  });

  it('refuses the default ACL', () => {
    const { h, vpc } = setup();
    const def = defaultAcl(h, vpc);
    expect(h.fails(deleteNetworkAcl, { networkAclId: def.id })).toMatchObject({
      code: 'InvalidParameterValue',
      message: `cannot delete default network ACL ${def.id}`,
    });
  });

  it('refuses while a subnet is associated', () => {
    const { h, vpc, nacl } = setup();
    const { associationId } = subnetIn(h, vpc);
    h.run(replaceNetworkAclAssociation, { associationId, networkAclId: nacl.id });
    expect(h.fails(deleteNetworkAcl, { networkAclId: nacl.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `The networkAcl '${nacl.id}' has dependencies and cannot be deleted.`,
    });
  });

  it('answers unknown and malformed ids', () => {
    const { h } = setup();
    expect(h.fails(deleteNetworkAcl, { networkAclId: 'acl-0123456789abcdef0' })).toMatchObject({
      code: 'InvalidNetworkAclID.NotFound',
      message: "The network ACL 'acl-0123456789abcdef0' does not exist",
    });
    expect(h.fails(deleteNetworkAcl, { networkAclId: 'sg-0123456789abcdef0' }).code).toBe(
      'InvalidNetworkAclID.Malformed',
    );
  });
});

describe('aclProtocol', () => {
  it.each([
    ['-1', '-1'],
    [-1, '-1'],
    ['all', '-1'],
    ['tcp', '6'],
    ['UDP', '17'],
    ['icmp', '1'],
    ['icmpv6', '58'],
    [6, '6'],
    ['047', '47'],
    [255, '255'],
    [256, undefined],
    ['constructor', undefined],
    ['gre', undefined],
  ])('%j → %j', (input, expected) => {
    expect(aclProtocol(input)).toBe(expected);
  });
});

describe('CreateNetworkAclEntry', () => {
  it('adds a sorted entry, canonicalises the CIDR and marks the direction modified', () => {
    const { h, nacl } = setup();
    const entry = h.run(createNetworkAclEntry, allowSsh(nacl.id, { cidrBlock: '10.0.0.9/16' }));
    expect(entry).toMatchObject({
      ruleNumber: 100,
      protocol: '6',
      ruleAction: 'allow',
      egress: false,
      portRange: { from: 22, to: 22 },
    });
    h.run(
      createNetworkAclEntry,
      allowSsh(nacl.id, { ruleNumber: 50, ruleAction: 'DENY', cidrBlock: '192.0.2.0/24' }),
    );
    const after = acl(h, nacl.id);
    expect(show(after)).toEqual([
      'in 50 6 deny 192.0.2.0/24',
      'in 100 6 allow 10.0.0.0/16',
      'in 32767 -1 deny 0.0.0.0/0',
      'out 32767 -1 deny 0.0.0.0/0',
    ]);
    expect(after.modified).toEqual({ ingress: true, egress: false });
  });

  it('stores protocol names as numbers and keeps only the fields the protocol uses', () => {
    const { h, nacl } = setup(true);
    const add = (over: Partial<NetworkAclEntryInput>) =>
      h.run(createNetworkAclEntry, allowSsh(nacl.id, over));
    expect(add({ ruleNumber: 1, protocol: 'udp', portRange: { from: 53, to: 53 } })).toMatchObject({
      protocol: '17',
    });
    const all = add({ ruleNumber: 2, protocol: 'all', egress: true });
    expect(all.protocol).toBe('-1');
    expect(all.portRange).toBeUndefined();
    const gre = add({ ruleNumber: 3, protocol: 47, icmpTypeCode: { type: 1, code: 1 } });
    expect(gre).toEqual({
      ruleNumber: 3,
      protocol: '47',
      ruleAction: 'allow',
      egress: false,
      cidrBlock: Cidr.parse('0.0.0.0/0'),
    });
    expect(
      add({ ruleNumber: 4, protocol: 'icmp', icmpTypeCode: { type: 8, code: -1 } }),
    ).toMatchObject({
      protocol: '1',
      icmpTypeCode: { type: 8, code: -1 },
    });
    expect(
      add({
        ruleNumber: 5,
        protocol: 58,
        cidrBlock: undefined,
        ipv6CidrBlock: '::/0',
        icmpTypeCode: { type: 128, code: 0 },
      }),
    ).toMatchObject({
      protocol: '58',
      icmpTypeCode: { type: 128, code: 0 },
    });
    // ICMPv6 with an IPv4 block covers every type and code; none is needed or kept.
    const v6on4 = add({ ruleNumber: 6, protocol: 'icmpv6' });
    expect(v6on4.icmpTypeCode).toBeUndefined();
  });

  it.each<[Partial<NetworkAclEntryInput>, string]>([
    [{ ruleNumber: 0 }, 'InvalidParameterValue'],
    [{ ruleNumber: 32767 }, 'InvalidParameterValue'],
    [{ ruleNumber: 1.5 }, 'InvalidParameterValue'],
    [{ ruleNumber: undefined }, 'MissingParameter'],
    [{ protocol: 'gre' }, 'InvalidParameterValue'],
    [{ protocol: 256 }, 'InvalidParameterValue'],
    [{ protocol: '' }, 'MissingParameter'],
    [{ ruleAction: 'permit' }, 'InvalidParameterValue'],
    [{ ruleAction: undefined }, 'MissingParameter'],
    [{ egress: undefined }, 'MissingParameter'],
    [{ cidrBlock: undefined }, 'MissingParameter'],
    [{ ipv6CidrBlock: '::/0' }, 'InvalidParameterCombination'],
    [{ cidrBlock: '10.0.0.0/33' }, 'InvalidParameterValue'],
    [{ cidrBlock: undefined, ipv6CidrBlock: '10.0.0.0/8' }, 'InvalidParameterValue'],
    [{ portRange: undefined }, 'MissingParameter'],
    [{ portRange: { from: 22 } }, 'MissingParameter'],
    [{ portRange: { from: 23, to: 22 } }, 'InvalidParameterValue'],
    [{ portRange: { from: 0, to: 65536 } }, 'InvalidParameterValue'],
    [{ protocol: 'icmp' }, 'MissingParameter'],
    [{ protocol: 'icmp', icmpTypeCode: { type: 256, code: 0 } }, 'InvalidParameterValue'],
    [{ protocol: 'icmpv6', cidrBlock: undefined, ipv6CidrBlock: '::/0' }, 'MissingParameter'],
  ])('refuses %j with %s', (over, code) => {
    const { h, nacl } = setup();
    expect(h.fails(createNetworkAclEntry, { ...allowSsh(nacl.id), ...over }).code).toBe(code);
  });

  it('accepts rule numbers 1 and 32766 and the full port range', () => {
    const { h, nacl } = setup();
    h.run(
      createNetworkAclEntry,
      allowSsh(nacl.id, { ruleNumber: 1, portRange: { from: 0, to: 65535 } }),
    );
    h.run(createNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: 32766 }));
  });

  it('refuses a taken number in the same direction, whatever the family', () => {
    const { h, nacl } = setup();
    h.run(createNetworkAclEntry, allowSsh(nacl.id));
    expect(h.fails(createNetworkAclEntry, allowSsh(nacl.id))).toEqual({
      code: 'NetworkAclEntryAlreadyExists',
      message: 'The network acl entry identified by 100 already exists.',
      httpStatus: 400,
      fault: 'client',
    });
    expect(
      h.fails(
        createNetworkAclEntry,
        allowSsh(nacl.id, { cidrBlock: undefined, ipv6CidrBlock: '::/0' }),
      ).code,
    ).toBe('NetworkAclEntryAlreadyExists');
    h.run(createNetworkAclEntry, allowSsh(nacl.id, { egress: true }));
  });

  it('allows 20 rules per direction and family, the * deny included', () => {
    const { h, nacl } = setup(true);
    for (let n = 1; n <= 19; n++)
      h.run(createNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: n }));
    expect(h.fails(createNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: 20 }))).toMatchObject({
      code: 'NetworkAclEntryLimitExceeded',
      message: 'The maximum number of network acl entries has been reached.',
    });
    // IPv6 and the other direction have their own 20.
    for (let n = 20; n <= 38; n++) {
      h.run(
        createNetworkAclEntry,
        allowSsh(nacl.id, { ruleNumber: n, cidrBlock: undefined, ipv6CidrBlock: '::/0' }),
      );
    }
    expect(
      h.fails(
        createNetworkAclEntry,
        allowSsh(nacl.id, { ruleNumber: 39, cidrBlock: undefined, ipv6CidrBlock: '::/0' }),
      ).code,
    ).toBe('NetworkAclEntryLimitExceeded');
    h.run(createNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: 1, egress: true }));
  });

  it('needs an ACL the caller owns', () => {
    const { h, nacl } = setup();
    expect(h.fails(createNetworkAclEntry, allowSsh('acl-0123456789abcdef0')).code).toBe(
      'InvalidNetworkAclID.NotFound',
    );
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(createNetworkAclEntry, allowSsh(nacl.id), other).code).toBe(
      'InvalidNetworkAclID.NotFound',
    );
  });

  it('edits the default ACL; IPv6 rule 101 then lands only in untouched directions, `*` deny in all', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const def = defaultAcl(h, vpc);
    h.run(createNetworkAclEntry, allowSsh(def.id, { ruleNumber: 90, ruleAction: 'deny' }));
    expect(acl(h, def.id).modified).toEqual({ ingress: true, egress: false });
    h.run(associateVpcCidrBlock, { vpcId: vpc.id, amazonProvidedIpv6CidrBlock: true });
    expect(show(acl(h, def.id)).filter((e) => e.endsWith('::/0'))).toEqual([
      'in 32768 -1 deny ::/0',
      'out 101 -1 allow ::/0',
      'out 32768 -1 deny ::/0',
    ]);
  });
});

describe('ReplaceNetworkAclEntry', () => {
  it('swaps the whole entry, even to the other family', () => {
    const { h, nacl } = setup(true);
    h.run(createNetworkAclEntry, allowSsh(nacl.id, { egress: true }));
    const e = h.run(
      replaceNetworkAclEntry,
      allowSsh(nacl.id, {
        egress: true,
        protocol: '-1',
        ruleAction: 'deny',
        cidrBlock: undefined,
        ipv6CidrBlock: '2001:db8::/32',
      }),
    );
    expect(e.portRange).toBeUndefined();
    expect(show(acl(h, nacl.id)).filter((x) => x.startsWith('out'))).toEqual([
      'out 100 -1 deny 2001:db8::/32',
      'out 32767 -1 deny 0.0.0.0/0',
      'out 32768 -1 deny ::/0',
    ]);
    expect(acl(h, nacl.id).modified).toEqual({ ingress: false, egress: true });
  });

  it('answers InvalidNetworkAclEntry.NotFound for a missing entry, and validates like create', () => {
    const { h, nacl } = setup();
    h.run(createNetworkAclEntry, allowSsh(nacl.id));
    expect(h.fails(replaceNetworkAclEntry, allowSsh(nacl.id, { egress: true })).code).toBe(
      'InvalidNetworkAclEntry.NotFound',
    );
    expect(h.fails(replaceNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: 101 })).code).toBe(
      'InvalidNetworkAclEntry.NotFound',
    );
    expect(h.fails(replaceNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: 32767 })).code).toBe(
      'InvalidParameterValue',
    );
    expect(h.fails(replaceNetworkAclEntry, allowSsh(nacl.id, { portRange: undefined })).code).toBe(
      'MissingParameter',
    );
  });

  it('enforces the quota when the family changes', () => {
    const { h, nacl } = setup(true);
    for (let n = 1; n <= 19; n++) {
      h.run(
        createNetworkAclEntry,
        allowSsh(nacl.id, { ruleNumber: n, cidrBlock: undefined, ipv6CidrBlock: '::/0' }),
      );
    }
    h.run(createNetworkAclEntry, allowSsh(nacl.id, { ruleNumber: 100 }));
    expect(
      h.fails(
        replaceNetworkAclEntry,
        allowSsh(nacl.id, { ruleNumber: 100, cidrBlock: undefined, ipv6CidrBlock: '::/0' }),
      ).code,
    ).toBe('NetworkAclEntryLimitExceeded');
    // Replacing in place within a full family is fine.
    h.run(
      replaceNetworkAclEntry,
      allowSsh(nacl.id, { ruleNumber: 19, cidrBlock: undefined, ipv6CidrBlock: '2001:db8::/32' }),
    );
  });
});

describe('DeleteNetworkAclEntry', () => {
  it('removes an entry and marks the direction modified', () => {
    const { h, vpc } = setup();
    const def = defaultAcl(h, vpc);
    h.run(deleteNetworkAclEntry, { networkAclId: def.id, ruleNumber: 100, egress: true });
    expect(show(acl(h, def.id))).toEqual([
      'in 100 -1 allow 0.0.0.0/0',
      'in 32767 -1 deny 0.0.0.0/0',
      'out 32767 -1 deny 0.0.0.0/0',
    ]);
    expect(acl(h, def.id).modified).toEqual({ ingress: false, egress: true });
  });

  it('refuses a missing entry, the * deny rules and a missing direction', () => {
    const { h, nacl } = setup();
    expect(
      h.fails(deleteNetworkAclEntry, { networkAclId: nacl.id, ruleNumber: 100, egress: false })
        .code,
    ).toBe('InvalidNetworkAclEntry.NotFound');
    expect(
      h.fails(deleteNetworkAclEntry, { networkAclId: nacl.id, ruleNumber: 32767, egress: false })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(deleteNetworkAclEntry, {
        networkAclId: nacl.id,
        ruleNumber: 100,
        egress: undefined as unknown as boolean,
      }).code,
    ).toBe('MissingParameter');
  });
});

describe('ReplaceNetworkAclAssociation', () => {
  it('moves a subnet to another ACL of its VPC under a new association id', () => {
    const { h, vpc, nacl } = setup();
    const { subnetId, associationId } = subnetIn(h, vpc);
    expect(subnetNetworkAcl(h.s, subnetId)?.isDefault).toBe(true);
    const out = h.run(replaceNetworkAclAssociation, { associationId, networkAclId: nacl.id });
    expect(out.newAssociationId).toMatch(/^aclassoc-[0-9a-f]{17}$/);
    expect(out.newAssociationId).not.toBe(associationId);
    expect(out).toMatchObject({ networkAclId: nacl.id, subnetId });
    expect(subnetNetworkAcl(h.s, subnetId)?.id).toBe(nacl.id);
    expect(h.s.find('networkAclBySubnet', subnetId)).toHaveLength(1);
    expect(defaultAcl(h, vpc).associations).toEqual([]);
    // The old id is gone; the new one moves it back.
    expect(
      h.fails(replaceNetworkAclAssociation, { associationId, networkAclId: nacl.id }).code,
    ).toBe('InvalidAssociationID.NotFound');
    const back = h.run(replaceNetworkAclAssociation, {
      associationId: out.newAssociationId,
      networkAclId: defaultAcl(h, vpc).id,
    });
    expect(subnetNetworkAcl(h.s, subnetId)?.isDefault).toBe(true);
    expect(acl(h, nacl.id).associations).toEqual([]);
    h.run(deleteNetworkAcl, { networkAclId: nacl.id });
    expect(back.subnetId).toBe(subnetId);
  });

  it('issues a new id when replacing with the same ACL', () => {
    const { h, vpc } = setup();
    const { subnetId, associationId } = subnetIn(h, vpc);
    const out = h.run(replaceNetworkAclAssociation, {
      associationId,
      networkAclId: defaultAcl(h, vpc).id,
    });
    expect(defaultAcl(h, vpc).associations).toEqual([
      { networkAclAssociationId: out.newAssociationId, subnetId },
    ]);
  });

  it('refuses an ACL of another VPC, and unknown or foreign ids', () => {
    const { h, vpc } = setup();
    const { associationId } = subnetIn(h, vpc);
    const other = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
    const elsewhere = h.run(createNetworkAcl, { vpcId: other.id });
    expect(
      h.fails(replaceNetworkAclAssociation, { associationId, networkAclId: elsewhere.id }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(replaceNetworkAclAssociation, {
        associationId,
        networkAclId: 'acl-0123456789abcdef0',
      }).code,
    ).toBe('InvalidNetworkAclID.NotFound');
    expect(
      h.fails(replaceNetworkAclAssociation, {
        associationId: 'aclassoc-0123456789abcdef0',
        networkAclId: elsewhere.id,
      }),
    ).toMatchObject({ code: 'InvalidAssociationID.NotFound' });
    expect(
      h.fails(replaceNetworkAclAssociation, {
        associationId: 'assoc-1',
        networkAclId: elsewhere.id,
      }).code,
    ).toBe('InvalidParameterValue');
    const b = caller('222222222222');
    h.init(b);
    const theirs = h.run(createVpc, { cidrBlock: '10.0.0.0/16' }, b);
    const theirAcl = h.run(createNetworkAcl, { vpcId: theirs.id }, b);
    expect(
      h.fails(replaceNetworkAclAssociation, { associationId, networkAclId: theirAcl.id }, b).code,
    ).toBe('InvalidAssociationID.NotFound');
  });
});
