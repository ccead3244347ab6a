import { describe, expect, it } from 'vitest';
import { endpoint, eni, peering } from '../../test/support/fixtures.js';
import { caller, harness } from '../../test/support/harness.js';
import type { AccountId, Id, RegionName } from '../model/ids.js';
import { isStaleRule, type SecurityGroup } from '../model/security-group.js';
import { createManagedPrefixList } from './prefix-list.js';
import { sgProtocol, type IpPermissionInput } from './security-group-rules.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  modifySecurityGroupRules,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from './security-group.js';
import { createSubnet } from './subnet.js';
import { createVpc } from './vpc.js';

type H = ReturnType<typeof harness>;

function setup() {
  const h = harness();
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const sg = h.run(createSecurityGroup, {
    groupName: 'web',
    description: 'web tier',
    vpcId: vpc.id,
  });
  /** Another VPC of caller `c` with a security group `r` in it. */
  const remoteVpc = (cidrBlock = '10.1.0.0/16', c = h.caller) => {
    const other = h.run(createVpc, { cidrBlock }, c);
    const remote = h.run(
      createSecurityGroup,
      { groupName: 'r', description: 'r', vpcId: other.id },
      c,
    );
    return { other, remote };
  };
  return { h, vpc, sg, remoteVpc };
}

const group = (h: H, id: string): SecurityGroup => h.s.get('security-group', id)!;
const ingress = (h: H, id: string) => group(h, id).rules.filter((r) => !r.isEgress);

const ssh = (cidrIp = '0.0.0.0/0'): IpPermissionInput => ({
  ipProtocol: 'tcp',
  fromPort: 22,
  toPort: 22,
  ipRanges: [{ cidrIp }],
});

describe('CreateSecurityGroup', () => {
  it('creates a group with no inbound rules and one IPv4 allow-all outbound rule', () => {
    const { h, vpc, sg } = setup();
    expect(sg.id).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(sg.vpcId).toBe(vpc.id);
    expect(sg.ownerId).toBe(h.caller.accountId);
    expect(ingress(h, sg.id)).toEqual([]);
    expect(sg.rules).toHaveLength(1);
    expect(sg.rules[0]).toMatchObject({
      isEgress: true,
      ipProtocol: '-1',
      fromPort: -1,
      toPort: -1,
    });
    expect(sg.rules[0]?.cidrIpv4?.toString()).toBe('0.0.0.0/0');
    expect(sg.rules[0]?.securityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
  });

  it('adds no ::/0 egress rule in an IPv6 VPC (decision: IPv4 only, as the console shows)', () => {
    const h = harness();
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
    const sg = h.run(createSecurityGroup, { groupName: 'a', description: 'a', vpcId: vpc.id });
    expect(sg.rules.map((r) => (r.cidrIpv4 ?? r.cidrIpv6)?.toString())).toEqual(['0.0.0.0/0']);
  });

  it('keeps tags and trims trailing spaces from the name', () => {
    const { h, vpc } = setup();
    const sg = h.run(createSecurityGroup, {
      groupName: 'db  ',
      description: 'database',
      vpcId: vpc.id,
      tags: [{ key: 'Name', value: 'db' }],
    });
    expect(sg.groupName).toBe('db');
    expect(sg.tags).toEqual([{ key: 'Name', value: 'db' }]);
  });

  it('uses the default VPC when no VPC is given, and says so when there is none', () => {
    const h = harness();
    expect(h.fails(createSecurityGroup, { groupName: 'a', description: 'a' })).toMatchObject({
      code: 'VPCIdNotSpecified',
    });
    const def = h.run(createVpc, { cidrBlock: '172.31.0.0/16', isDefault: true });
    expect(h.run(createSecurityGroup, { groupName: 'a', description: 'a' }).vpcId).toBe(def.id);
  });

  it('refuses a duplicate name in the VPC, case-insensitively, but not in another VPC', () => {
    const { h, vpc } = setup();
    expect(
      h.fails(createSecurityGroup, { groupName: 'web', description: 'x', vpcId: vpc.id }),
    ).toEqual({
      code: 'InvalidGroup.Duplicate',
      message: `The security group 'web' already exists for VPC '${vpc.id}'`,
      httpStatus: 400,
      fault: 'client',
    });
    expect(
      h.fails(createSecurityGroup, { groupName: 'WEB', description: 'x', vpcId: vpc.id }).code,
    ).toBe('InvalidGroup.Duplicate');
    const other = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
    h.run(createSecurityGroup, { groupName: 'web', description: 'x', vpcId: other.id });
  });

  it.each([
    ['sg-web', 'InvalidParameterValue'],
    ['SG-web', 'InvalidParameterValue'],
    ['default', 'InvalidGroup.Reserved'],
    ['Default', 'InvalidGroup.Reserved'],
    ['x'.repeat(256), 'InvalidParameterValue'],
    ['café', 'InvalidParameterValue'],
    ['a<b', 'InvalidParameterValue'],
    ['', 'MissingParameter'],
    ['   ', 'MissingParameter'],
  ])('refuses the name %j with %s', (groupName, code) => {
    const { h, vpc } = setup();
    expect(h.fails(createSecurityGroup, { groupName, description: 'd', vpcId: vpc.id }).code).toBe(
      code,
    );
  });

  it('words the sg- refusal as AWS does and accepts 255 characters', () => {
    const { h, vpc } = setup();
    expect(
      h.fails(createSecurityGroup, { groupName: 'sg-1', description: 'd', vpcId: vpc.id }).message,
    ).toBe(
      'Value (sg-1) for parameter groupName is invalid. Group names may not be in the format sg-*.',
    );
    h.run(createSecurityGroup, { groupName: 'x'.repeat(255), description: 'd', vpcId: vpc.id });
    h.run(createSecurityGroup, {
      groupName: 'a-b_c.d:e/f(g)#,@[]+=&;{}!$*',
      description: 'd',
      vpcId: vpc.id,
    });
  });

  it.each([
    ['', 'MissingParameter'],
    ['y'.repeat(256), 'InvalidParameterValue'],
    ['naïve', 'InvalidParameterValue'],
  ])('refuses the description %j with %s', (description, code) => {
    const { h, vpc } = setup();
    expect(h.fails(createSecurityGroup, { groupName: 'n', description, vpcId: vpc.id }).code).toBe(
      code,
    );
  });

  it('needs a VPC the caller owns', () => {
    const { h, vpc } = setup();
    expect(
      h.fails(createSecurityGroup, {
        groupName: 'n',
        description: 'd',
        vpcId: 'vpc-0123456789abcdef0',
      }).code,
    ).toBe('InvalidVpcID.NotFound');
    const other = caller('222222222222');
    h.init(other);
    expect(
      h.fails(createSecurityGroup, { groupName: 'n', description: 'd', vpcId: vpc.id }, other).code,
    ).toBe('InvalidVpcID.NotFound');
  });

  it('enforces 2,500 security groups per Region', () => {
    const { h, vpc, sg } = setup();
    const fillers: SecurityGroup[] = [];
    // The VPC's default group and `web` count too.
    for (let i = 0; i < 2498; i++) {
      fillers.push({
        ...sg,
        id: `sg-${(i + 1).toString(16).padStart(17, '0')}` as Id<'security-group'>,
        groupName: `f${i}`,
      });
    }
    h.store.snapshot.apply(fillers.map((resource) => ({ op: 'put' as const, resource })));
    expect(
      h.fails(createSecurityGroup, { groupName: 'one-more', description: 'd', vpcId: vpc.id }),
    ).toMatchObject({
      code: 'SecurityGroupLimitExceeded',
    });
  });
});

describe('DeleteSecurityGroup', () => {
  it('deletes an unused group', () => {
    const { h, sg } = setup();
    expect(h.run(deleteSecurityGroup, { groupId: sg.id })).toBe(true);
    expect(h.s.get('security-group', sg.id)).toBeUndefined();
  });

  it('refuses the default group with AWS wording', () => {
    const { h, vpc } = setup();
    const def = h.s.find('securityGroupsByVpc', vpc.id).find((g) => g.groupName === 'default')!;
    expect(h.fails(deleteSecurityGroup, { groupId: def.id })).toMatchObject({
      code: 'CannotDelete',
      message: `the specified group: "${def.id}" name: "default" cannot be deleted by a user`,
    });
  });

  it('refuses while an ENI uses it', () => {
    const { h, vpc, sg } = setup();
    const subnet = h.run(createSubnet, { vpcId: vpc.id, cidrBlock: '10.0.1.0/24' });
    eni(h, subnet, [], { groups: [sg.id] });
    expect(h.fails(deleteSecurityGroup, { groupId: sg.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `resource ${sg.id} has a dependent object`,
    });
  });

  it('refuses while a VPC endpoint uses it', () => {
    const { h, vpc, sg } = setup();
    endpoint(h, vpc.id, 'Interface', { groups: [sg.id] });
    expect(h.fails(deleteSecurityGroup, { groupId: sg.id }).code).toBe('DependencyViolation');
  });

  it('refuses while another group of the VPC references it, not for a self-reference', () => {
    const { h, vpc, sg } = setup();
    h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [{ ipProtocol: '-1', userIdGroupPairs: [{ groupId: sg.id }] }],
    });
    const app = h.run(createSecurityGroup, { groupName: 'app', description: 'app', vpcId: vpc.id });
    h.run(authorizeSecurityGroupIngress, {
      groupId: app.id,
      ipPermissions: [
        { ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, userIdGroupPairs: [{ groupId: sg.id }] },
      ],
    });
    expect(h.fails(deleteSecurityGroup, { groupId: sg.id }).code).toBe('DependencyViolation');
    h.run(deleteSecurityGroup, { groupId: app.id });
    h.run(deleteSecurityGroup, { groupId: sg.id });
  });

  it('lets a group referenced from a peered VPC go; the reference becomes stale', () => {
    const { h, vpc, sg, remoteVpc } = setup();
    const { other, remote } = remoteVpc();
    peering(h, vpc, other);
    h.run(authorizeSecurityGroupIngress, {
      groupId: remote.id,
      ipPermissions: [
        { ipProtocol: 'tcp', fromPort: 443, toPort: 443, userIdGroupPairs: [{ groupId: sg.id }] },
      ],
    });
    const rule = ingress(h, remote.id)[0]!;
    expect(isStaleRule(h.s, group(h, remote.id), rule)).toBe(false);
    h.run(deleteSecurityGroup, { groupId: sg.id });
    expect(isStaleRule(h.s, group(h, remote.id), rule)).toBe(true);
  });

  it('deletes by name in the default VPC only', () => {
    const h = harness();
    const def = h.run(createVpc, { cidrBlock: '172.31.0.0/16', isDefault: true });
    const sg = h.run(createSecurityGroup, { groupName: 'Legacy', description: 'd', vpcId: def.id });
    expect(h.fails(deleteSecurityGroup, { groupName: 'nope' }).code).toBe('InvalidGroup.NotFound');
    h.run(deleteSecurityGroup, { groupName: 'legacy' });
    expect(h.s.get('security-group', sg.id)).toBeUndefined();
  });

  it('answers unknown, malformed and missing ids', () => {
    const { h } = setup();
    expect(h.fails(deleteSecurityGroup, { groupId: 'sg-0123456789abcdef0' })).toMatchObject({
      code: 'InvalidGroup.NotFound',
      message: "The security group 'sg-0123456789abcdef0' does not exist",
    });
    expect(h.fails(deleteSecurityGroup, { groupId: 'vpc-0123456789abcdef0' }).code).toBe(
      'InvalidGroupId.Malformed',
    );
    expect(h.fails(deleteSecurityGroup, {}).code).toBe('MissingParameter');
  });
});

describe('sgProtocol', () => {
  it.each([
    ['-1', '-1'],
    [-1, '-1'],
    ['all', '-1'],
    ['ALL', '-1'],
    ['TCP', 'tcp'],
    [6, 'tcp'],
    ['17', 'udp'],
    [1, 'icmp'],
    ['58', 'icmpv6'],
    ['IcmpV6', 'icmpv6'],
    [47, '47'],
    ['0', '0'],
    [255, '255'],
    [256, undefined],
    ['gre', undefined],
    ['', undefined],
    ['-2', undefined],
  ])('%j → %j', (input, expected) => {
    expect(sgProtocol(input)).toBe(expected);
  });
});

describe('AuthorizeSecurityGroupIngress/Egress', () => {
  it('adds one rule per peer with canonical CIDRs and sgr- ids', () => {
    const { h, sg } = setup();
    const out = h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [
        {
          ipProtocol: 'TCP',
          fromPort: 443,
          toPort: 443,
          ipRanges: [{ cidrIp: '10.0.0.5/16', description: 'vpc' }, { cidrIp: '192.0.2.1/32' }],
          ipv6Ranges: [{ cidrIpv6: '2001:db8::1/32' }],
        },
      ],
    });
    expect(out.groupId).toBe(sg.id);
    expect(out.securityGroupRules.map((r) => (r.cidrIpv4 ?? r.cidrIpv6)?.toString())).toEqual([
      '10.0.0.0/16',
      '192.0.2.1/32',
      '2001:db8::/32',
    ]);
    expect(out.securityGroupRules[0]).toMatchObject({
      isEgress: false,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'vpc',
    });
    expect(new Set(out.securityGroupRules.map((r) => r.securityGroupRuleId)).size).toBe(3);
    expect(ingress(h, sg.id)).toHaveLength(3);
  });

  it('normalises protocols and ports as AWS stores them', () => {
    const { h, sg } = setup();
    const out = h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [
        { ipProtocol: 6, fromPort: 80, toPort: 80, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
        { ipProtocol: '17', fromPort: 53, toPort: 53, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
        { ipProtocol: 1, fromPort: 8, toPort: -1, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
        { ipProtocol: 58, ipv6Ranges: [{ cidrIpv6: '::/0' }] },
        { ipProtocol: 'all', fromPort: 1, toPort: 2, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
        { ipProtocol: 47, fromPort: 5, toPort: 6, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
      ],
    });
    expect(out.securityGroupRules.map((r) => [r.ipProtocol, r.fromPort, r.toPort])).toEqual([
      ['tcp', 80, 80],
      ['udp', 53, 53],
      ['icmp', 8, -1],
      ['icmpv6', -1, -1],
      ['-1', -1, -1],
      ['47', -1, -1],
    ]);
  });

  it('adds egress rules too', () => {
    const { h, sg } = setup();
    const out = h.run(authorizeSecurityGroupEgress, {
      groupId: sg.id,
      ipPermissions: [ssh('10.0.0.0/8')],
    });
    expect(out.securityGroupRules[0]?.isEgress).toBe(true);
    expect(group(h, sg.id).rules.filter((r) => r.isEgress)).toHaveLength(2);
  });

  it.each([
    [
      { ipProtocol: 'gre' },
      'InvalidParameterValue',
      "Invalid value 'gre' for IP protocol. Unknown protocol.",
    ],
    [{ ipProtocol: 256 }, 'InvalidParameterValue', undefined],
    [
      { ipProtocol: 'tcp', fromPort: 22 },
      'InvalidParameterValue',
      'Invalid value for portRange. Must specify both from and to ports with TCP/UDP.',
    ],
    [{ ipProtocol: 'udp', toPort: 22 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'tcp', fromPort: 23, toPort: 22 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'tcp', fromPort: 0, toPort: 65536 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'tcp', fromPort: -1, toPort: -1 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'tcp', fromPort: 1.5, toPort: 2 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'icmp', fromPort: -1, toPort: 0 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'icmp', fromPort: 256, toPort: 0 }, 'InvalidParameterValue', undefined],
    [{ ipProtocol: 'icmpv6', fromPort: 1, toPort: -2 }, 'InvalidParameterValue', undefined],
  ])('refuses %j', (perm, code, message) => {
    const { h, sg } = setup();
    const err = h.fails(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [{ ...perm, ipRanges: [{ cidrIp: '10.0.0.0/8' }] }],
    });
    expect(err.code).toBe(code);
    if (message) expect(err.message).toBe(message);
  });

  it('accepts the full TCP range and ICMP type/code bounds', () => {
    const { h, sg } = setup();
    h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [
        { ipProtocol: 'tcp', fromPort: 0, toPort: 65535, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
        { ipProtocol: 'icmp', fromPort: 255, toPort: 255, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
        { ipProtocol: 'icmp', fromPort: 0, toPort: 0, ipRanges: [{ cidrIp: '10.0.0.0/8' }] },
      ],
    });
  });

  it.each([
    [{ ipRanges: [{ cidrIp: '10.0.0.0/33' }] }, 'InvalidParameterValue'],
    [{ ipRanges: [{ cidrIp: '::/0' }] }, 'InvalidParameterValue'],
    [{ ipv6Ranges: [{ cidrIpv6: '0.0.0.0/0' }] }, 'InvalidParameterValue'],
    [
      { ipRanges: [{ cidrIp: '10.0.0.0/8', description: 'x'.repeat(256) }] },
      'InvalidParameterValue',
    ],
    [{ ipRanges: [{ cidrIp: '10.0.0.0/8', description: 'bad<char>' }] }, 'InvalidParameterValue'],
    [{ prefixListIds: [{ prefixListId: 'sg-12345678' }] }, 'InvalidPrefixListID.Malformed'],
    [{ prefixListIds: [{ prefixListId: 'pl-0123456789abcdef0' }] }, 'InvalidPrefixListID.NotFound'],
    [{ userIdGroupPairs: [{ groupId: 'sg-0123456789abcdef0' }] }, 'InvalidGroup.NotFound'],
    [{ userIdGroupPairs: [{ groupId: 'acl-0123456789abcdef0' }] }, 'InvalidGroupId.Malformed'],
    [{}, 'MissingParameter'],
  ])('refuses the peers %j with %s', (peers, code) => {
    const { h, sg } = setup();
    expect(
      h.fails(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: 'tcp', fromPort: 1, toPort: 1, ...peers }],
      }).code,
    ).toBe(code);
  });

  it('needs permissions and a group the caller owns', () => {
    const { h, sg } = setup();
    expect(h.fails(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [] }).code).toBe(
      'MissingParameter',
    );
    const other = caller('222222222222');
    h.init(other);
    expect(
      h.fails(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [ssh()] }, other)
        .code,
    ).toBe('InvalidGroup.NotFound');
  });

  it('refuses duplicates with AWS wording, whatever the description', () => {
    const { h, sg } = setup();
    h.run(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [ssh()] });
    expect(
      h.fails(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [ssh()] }),
    ).toMatchObject({
      code: 'InvalidPermission.Duplicate',
      message:
        'the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already exists',
    });
    expect(
      h.fails(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [{ ...ssh(), ipRanges: [{ cidrIp: '0.0.0.0/0', description: 'other' }] }],
      }).code,
    ).toBe('InvalidPermission.Duplicate');
    // The same rule twice in one request, after canonicalisation.
    expect(
      h.fails(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [
          { ...ssh(), ipRanges: [{ cidrIp: '10.1.2.3/16' }, { cidrIp: '10.1.0.0/16' }] },
        ],
      }).code,
    ).toBe('InvalidPermission.Duplicate');
    expect(
      h.fails(authorizeSecurityGroupEgress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
      }).message,
    ).toBe('the specified rule "peer: 0.0.0.0/0, ALL, ALLOW" already exists');
    // Same peer and ports in the other direction is a different rule.
    h.run(authorizeSecurityGroupEgress, { groupId: sg.id, ipPermissions: [ssh()] });
  });

  describe('security group references', () => {
    it('allows a group of the same VPC', () => {
      const { h, vpc, sg } = setup();
      const app = h.run(createSecurityGroup, { groupName: 'app', description: 'a', vpcId: vpc.id });
      const out = h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: 80,
            toPort: 80,
            userIdGroupPairs: [{ groupId: app.id, description: 'app' }],
          },
        ],
      });
      expect(out.securityGroupRules[0]?.referencedGroupInfo).toEqual({
        groupId: app.id,
        userId: h.caller.accountId,
      });
      expect(out.securityGroupRules[0]?.description).toBe('app');
      expect(isStaleRule(h.s, group(h, sg.id), out.securityGroupRules[0]!)).toBe(false);
    });

    it('refuses a group of an unpeered VPC', () => {
      const { h, sg, remoteVpc } = setup();
      const { remote } = remoteVpc();
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id }] }],
        }),
      ).toMatchObject({
        code: 'InvalidGroup.NotFound',
        message: 'You have specified two resources that belong to different networks.',
      });
    });

    it('allows a group of a VPC peered in the same Region, only while the peering is active', () => {
      const { h, vpc, sg, remoteVpc } = setup();
      const { other, remote } = remoteVpc();
      const perm = { ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id }] };
      const pending = peering(h, vpc, other, 'pending-acceptance');
      expect(
        h.fails(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] }).code,
      ).toBe('InvalidGroup.NotFound');
      h.store.snapshot.apply([
        { op: 'put', resource: { ...pending, status: { code: 'active', message: 'Active' } } },
      ]);
      const out = h.run(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] });
      const rule = out.securityGroupRules[0]!;
      expect(rule.referencedGroupInfo).toEqual({
        groupId: remote.id,
        userId: h.caller.accountId,
        vpcId: other.id,
        vpcPeeringConnectionId: pending.id,
      });
      expect(isStaleRule(h.s, group(h, sg.id), rule)).toBe(false);
      h.store.snapshot.apply([
        { op: 'put', resource: { ...pending, status: { code: 'deleted', message: 'Deleted' } } },
      ]);
      expect(isStaleRule(h.s, group(h, sg.id), rule)).toBe(true);
    });

    it('checks a given peering id and VPC id', () => {
      const { h, vpc, sg, remoteVpc } = setup();
      const { other, remote } = remoteVpc();
      const pcx = peering(h, vpc, other);
      const run = (pair: object) =>
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [
            { ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id, ...pair }] },
          ],
        }).code;
      expect(run({ vpcPeeringConnectionId: 'pcx-0fffffffffffffff0' })).toBe(
        'InvalidVpcPeeringConnectionID.NotFound',
      );
      expect(run({ vpcId: vpc.id })).toBe('InvalidGroup.NotFound');
      h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [
          {
            ipProtocol: '-1',
            userIdGroupPairs: [
              { groupId: remote.id, vpcId: other.id, vpcPeeringConnectionId: pcx.id },
            ],
          },
        ],
      });
    });

    it('refuses a group across an inter-Region peering, saying why', () => {
      const { h, vpc, sg, remoteVpc } = setup();
      const eu = caller('111111111111', 'eu-west-1');
      h.init(eu);
      const { other: far, remote } = remoteVpc('10.9.0.0/16', eu);
      const perm = { ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id }] };
      // Not peered: plain not found (the group is not visible from us-east-1).
      expect(
        h.fails(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] }).message,
      ).toBe(`The security group '${remote.id}' does not exist`);
      peering(h, vpc, far);
      const err = h.fails(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] });
      expect(err.code).toBe('InvalidGroup.NotFound');
      expect(err.message).toContain(
        'Security group references across inter-Region VPC peering are not supported',
      );
    });

    it('treats a peering whose two sides are in different Regions as inter-Region', () => {
      const { h, vpc, sg, remoteVpc } = setup();
      const { other, remote } = remoteVpc();
      const p = peering(h, vpc, other);
      h.store.snapshot.apply([
        {
          op: 'put',
          resource: {
            ...p,
            accepterVpcInfo: { ...p.accepterVpcInfo, region: 'eu-west-1' as RegionName },
          },
        },
      ]);
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id }] }],
        }).message,
      ).toContain('inter-Region');
    });

    it('references another account’s group in a peered VPC with userId', () => {
      const { h, vpc, sg, remoteVpc } = setup();
      const b = caller('222222222222');
      h.init(b);
      const { other: theirs, remote } = remoteVpc('10.2.0.0/16', b);
      peering(h, vpc, theirs);
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id }] }],
        }).code,
      ).toBe('InvalidGroup.NotFound');
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [
            {
              ipProtocol: '-1',
              userIdGroupPairs: [{ groupId: remote.id, userId: '333333333333' }],
            },
          ],
        }).code,
      ).toBe('InvalidGroup.NotFound');
      const out = h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [
          { ipProtocol: '-1', userIdGroupPairs: [{ groupId: remote.id, userId: '222222222222' }] },
        ],
      });
      expect(out.securityGroupRules[0]?.referencedGroupInfo?.userId).toBe(
        '222222222222' as AccountId,
      );
    });
  });

  describe('prefix-list peers', () => {
    it('accepts the Region’s AWS-managed lists and the caller’s own lists', () => {
      const { h, sg } = setup();
      const mine = h.run(createManagedPrefixList, {
        prefixListName: 'office',
        maxEntries: 5,
        addressFamily: 'IPv4',
      });
      const out = h.run(authorizeSecurityGroupEgress, {
        groupId: sg.id,
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            prefixListIds: [{ prefixListId: 'pl-63a5400a' }, { prefixListId: mine.id }],
          },
        ],
      });
      expect(out.securityGroupRules.map((r) => r.prefixListId)).toEqual(['pl-63a5400a', mine.id]);
    });

    it('refuses another account’s list and another Region’s AWS-managed list', () => {
      const { h, sg } = setup();
      const b = caller('222222222222');
      h.init(b);
      const theirs = h.run(
        createManagedPrefixList,
        { prefixListName: 'x', maxEntries: 1, addressFamily: 'IPv4' },
        b,
      );
      h.init(caller('111111111111', 'eu-west-1'));
      for (const prefixListId of [theirs.id, 'pl-6da54004']) {
        expect(
          h.fails(authorizeSecurityGroupIngress, {
            groupId: sg.id,
            ipPermissions: [{ ipProtocol: '-1', prefixListIds: [{ prefixListId }] }],
          }).code,
        ).toBe('InvalidPrefixListID.NotFound');
      }
    });
  });

  describe('rule quota', () => {
    const cidrs = (n: number, offset = 0) =>
      Array.from({ length: n }, (_, i) => ({ cidrIp: `10.${offset}.${i}.0/24` }));
    const v6 = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ cidrIpv6: `2001:db8:${i.toString(16)}::/48` }));

    it('allows 60 inbound IPv4 rules and refuses the 61st', () => {
      const { h, sg } = setup();
      h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: '-1', ipRanges: cidrs(60) }],
      });
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: '-1', ipRanges: cidrs(1, 1) }],
        }),
      ).toMatchObject({
        code: 'RulesPerSecurityGroupLimitExceeded',
        message: 'The maximum number of rules per security group has been reached.',
      });
    });

    it('counts IPv6 and each direction separately', () => {
      const { h, sg } = setup();
      h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: '-1', ipRanges: cidrs(60), ipv6Ranges: v6(60) }],
      });
      // Egress already holds the allow-all IPv4 rule: 59 more fit.
      h.run(authorizeSecurityGroupEgress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: 'tcp', fromPort: 1, toPort: 1, ipRanges: cidrs(59) }],
      });
      expect(
        h.fails(authorizeSecurityGroupEgress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: 'tcp', fromPort: 2, toPort: 2, ipRanges: cidrs(1) }],
        }).code,
      ).toBe('RulesPerSecurityGroupLimitExceeded');
      h.run(authorizeSecurityGroupEgress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: 'tcp', fromPort: 2, toPort: 2, ipv6Ranges: v6(1) }],
      });
    });

    it('counts a prefix list as its max entries, in its family', () => {
      const { h, sg } = setup();
      const pl = h.run(createManagedPrefixList, {
        prefixListName: 'big',
        maxEntries: 50,
        addressFamily: 'IPv4',
      });
      h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [
          {
            ipProtocol: '-1',
            prefixListIds: [{ prefixListId: pl.id }],
            ipRanges: cidrs(10),
            ipv6Ranges: v6(60),
          },
        ],
      });
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: '-1', ipRanges: cidrs(1, 1) }],
        }).code,
      ).toBe('RulesPerSecurityGroupLimitExceeded');
    });

    it('counts a group reference in both families', () => {
      const { h, vpc, sg } = setup();
      h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: '-1', ipv6Ranges: v6(59) }],
      });
      const app = h.run(createSecurityGroup, { groupName: 'app', description: 'a', vpcId: vpc.id });
      h.run(authorizeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [{ ipProtocol: '-1', userIdGroupPairs: [{ groupId: app.id }] }],
      });
      expect(
        h.fails(authorizeSecurityGroupIngress, {
          groupId: sg.id,
          ipPermissions: [{ ipProtocol: 'tcp', fromPort: 1, toPort: 1, ipv6Ranges: v6(1) }],
        }).code,
      ).toBe('RulesPerSecurityGroupLimitExceeded');
    });
  });
});

describe('RevokeSecurityGroupIngress/Egress', () => {
  it('revokes by permission, matching canonical CIDRs and ignoring descriptions', () => {
    const { h, sg } = setup();
    h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [
        {
          ...ssh(),
          ipRanges: [{ cidrIp: '10.0.0.0/16', description: 'x' }, { cidrIp: '10.1.0.0/16' }],
        },
      ],
    });
    const out = h.run(revokeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [
        { ipProtocol: 6, fromPort: 22, toPort: 22, ipRanges: [{ cidrIp: '10.0.9.9/16' }] },
      ],
    });
    expect(out.revokedSecurityGroupRules.map((r) => r.cidrIpv4?.toString())).toEqual([
      '10.0.0.0/16',
    ]);
    expect(ingress(h, sg.id).map((r) => r.cidrIpv4?.toString())).toEqual(['10.1.0.0/16']);
  });

  it('revokes by rule id, in the right direction only', () => {
    const { h, sg } = setup();
    const [rule] = h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [ssh()],
    }).securityGroupRules;
    const egress = group(h, sg.id).rules.find((r) => r.isEgress)!;
    expect(
      h.fails(revokeSecurityGroupIngress, {
        groupId: sg.id,
        securityGroupRuleIds: [egress.securityGroupRuleId],
      }),
    ).toMatchObject({
      code: 'InvalidSecurityGroupRuleId.NotFound',
    });
    h.run(revokeSecurityGroupIngress, {
      groupId: sg.id,
      securityGroupRuleIds: [rule!.securityGroupRuleId],
    });
    h.run(revokeSecurityGroupEgress, {
      groupId: sg.id,
      securityGroupRuleIds: [egress.securityGroupRuleId],
    });
    expect(group(h, sg.id).rules).toEqual([]);
  });

  it('revokes the default egress rule by permission', () => {
    const { h, sg } = setup();
    h.run(revokeSecurityGroupEgress, {
      groupId: sg.id,
      ipPermissions: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
    });
    expect(group(h, sg.id).rules).toEqual([]);
  });

  it('answers InvalidPermission.NotFound for a rule that does not exist', () => {
    const { h, sg } = setup();
    h.run(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [ssh()] });
    for (const perm of [
      ssh('10.0.0.0/8'),
      { ...ssh(), toPort: 23 },
      { ...ssh(), ipProtocol: 'udp' },
    ]) {
      expect(
        h.fails(revokeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] }),
      ).toMatchObject({
        code: 'InvalidPermission.NotFound',
        message: 'The specified rule does not exist in this security group.',
      });
    }
    // The ingress rule is not an egress rule.
    expect(
      h.fails(revokeSecurityGroupEgress, { groupId: sg.id, ipPermissions: [ssh()] }).code,
    ).toBe('InvalidPermission.NotFound');
  });

  it('checks its parameters', () => {
    const { h, sg } = setup();
    const [rule] = h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [ssh()],
    }).securityGroupRules;
    expect(h.fails(revokeSecurityGroupIngress, { groupId: sg.id }).code).toBe('MissingParameter');
    expect(
      h.fails(revokeSecurityGroupIngress, {
        groupId: sg.id,
        ipPermissions: [ssh()],
        securityGroupRuleIds: [rule!.securityGroupRuleId],
      }).code,
    ).toBe('InvalidParameterCombination');
    expect(
      h.fails(revokeSecurityGroupIngress, {
        groupId: sg.id,
        securityGroupRuleIds: ['sgr-0123456789abcdef0'],
      }).code,
    ).toBe('InvalidSecurityGroupRuleId.NotFound');
    expect(
      h.fails(revokeSecurityGroupIngress, { groupId: sg.id, securityGroupRuleIds: ['rule-1'] })
        .code,
    ).toBe('InvalidParameterValue');
  });

  it('revokes a stale reference whose group is gone', () => {
    const { h, vpc, sg, remoteVpc } = setup();
    const { other, remote } = remoteVpc();
    peering(h, vpc, other);
    const perm = {
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      userIdGroupPairs: [{ groupId: remote.id }],
    };
    h.run(authorizeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] });
    h.run(deleteSecurityGroup, { groupId: remote.id });
    h.run(revokeSecurityGroupIngress, { groupId: sg.id, ipPermissions: [perm] });
    expect(ingress(h, sg.id)).toEqual([]);
  });
});

describe('ModifySecurityGroupRules', () => {
  it('rewrites a rule in place, keeping its id and direction', () => {
    const { h, sg } = setup();
    const [rule] = h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [ssh()],
    }).securityGroupRules;
    h.run(modifySecurityGroupRules, {
      groupId: sg.id,
      securityGroupRules: [
        {
          securityGroupRuleId: rule!.securityGroupRuleId,
          securityGroupRule: {
            ipProtocol: 'tcp',
            fromPort: 2222,
            toPort: 2222,
            cidrIpv4: '10.0.0.0/8',
            description: 'moved',
          },
        },
      ],
    });
    const [after] = ingress(h, sg.id);
    expect(after).toMatchObject({
      securityGroupRuleId: rule!.securityGroupRuleId,
      fromPort: 2222,
      description: 'moved',
    });
    expect(after?.cidrIpv4?.toString()).toBe('10.0.0.0/8');
  });

  it('refuses duplicates, unknown rules and several peers', () => {
    const { h, sg } = setup();
    const [a, b] = h.run(authorizeSecurityGroupIngress, {
      groupId: sg.id,
      ipPermissions: [
        { ...ssh(), ipRanges: [{ cidrIp: '10.0.0.0/8' }, { cidrIp: '10.1.0.0/16' }] },
      ],
    }).securityGroupRules;
    const modify = (id: string, rule: object) =>
      h.fails(modifySecurityGroupRules, {
        groupId: sg.id,
        securityGroupRules: [
          {
            securityGroupRuleId: id,
            securityGroupRule: { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ...rule },
          },
        ],
      }).code;
    expect(modify(b!.securityGroupRuleId, { cidrIpv4: '10.0.0.0/8' })).toBe(
      'InvalidPermission.Duplicate',
    );
    expect(modify('sgr-0123456789abcdef0', { cidrIpv4: '10.2.0.0/16' })).toBe(
      'InvalidSecurityGroupRuleId.NotFound',
    );
    expect(modify(a!.securityGroupRuleId, { cidrIpv4: '10.2.0.0/16', cidrIpv6: '::/0' })).toBe(
      'InvalidParameterCombination',
    );
    expect(modify(a!.securityGroupRuleId, {})).toBe('InvalidParameterCombination');
    expect(modify(a!.securityGroupRuleId, { referencedGroupId: 'sg-0123456789abcdef0' })).toBe(
      'InvalidGroup.NotFound',
    );
    expect(h.fails(modifySecurityGroupRules, { groupId: sg.id, securityGroupRules: [] }).code).toBe(
      'MissingParameter',
    );
  });
});

describe('isStaleRule', () => {
  it('is false for CIDR and prefix-list rules', () => {
    const { h, sg } = setup();
    expect(isStaleRule(h.s, sg, sg.rules[0]!)).toBe(false);
  });
});
