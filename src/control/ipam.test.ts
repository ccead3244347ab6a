import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import type { IpamPool } from '../model/ipam.js';
import { createIpam, createIpamScope, deleteIpam, deleteIpamScope, modifyIpam } from './ipam.js';
import { allocateIpamPoolCidr, releaseIpamPoolAllocation } from './ipam-allocation.js';
import { createIpamPool, deleteIpamPool, modifyIpamPool } from './ipam-pool.js';
import { deprovisionIpamPoolCidr, provisionIpamPoolCidr } from './ipam-pool-cidr.js';
import { associateVpcCidrBlock, createVpc, deleteVpc, disassociateVpcCidrBlock } from './vpc.js';

const USE2 = caller('111111111111', 'us-east-2');
const EUW1 = caller('111111111111', 'eu-west-1');

/** The scenario's hierarchy (shared/scenarios/ipam-hierarchy.md), built through the operations. */
function hierarchy() {
  const h = harness();
  h.init(USE2);
  h.init(EUW1);
  const ipam = h.run(createIpam, { operatingRegions: ['us-east-1', 'us-east-2', 'eu-west-1'] });
  const scope = ipam.privateDefaultScopeId;
  const pool = (
    input: Omit<Parameters<typeof createIpamPool>[1], 'ipamScopeId'>,
    cidr?: string,
  ) => {
    const p = h.run(createIpamPool, { ipamScopeId: scope, addressFamily: 'ipv4', ...input });
    if (cidr) h.run(provisionIpamPoolCidr, { ipamPoolId: p.id, cidr });
    return p;
  };
  const global = pool({ description: 'global' }, '10.0.0.0/8');
  const use1 = pool({ sourceIpamPoolId: global.id, locale: 'us-east-1' }, '10.0.0.0/12');
  const use2 = pool({ sourceIpamPoolId: global.id, locale: 'us-east-2' }, '10.16.0.0/12');
  const euw1 = pool({ sourceIpamPoolId: global.id, locale: 'eu-west-1' }, '10.32.0.0/12');
  const prod = pool(
    {
      sourceIpamPoolId: use1.id,
      allocationMinNetmaskLength: 16,
      allocationMaxNetmaskLength: 24,
      allocationDefaultNetmaskLength: 20,
      allocationResourceTags: [{ key: 'env', value: 'prod' }],
    },
    '10.0.0.0/13',
  );
  const dev = pool(
    {
      sourceIpamPoolId: use1.id,
      allocationMinNetmaskLength: 20,
      allocationMaxNetmaskLength: 28,
      allocationDefaultNetmaskLength: 24,
    },
    '10.8.0.0/13',
  );
  return { h, ipam, scope, global, use1, use2, euw1, prod, dev };
}

const PROD_TAGS = [{ key: 'env', value: 'prod' }];
const allocations = (h: ReturnType<typeof harness>, p: IpamPool) =>
  h.s.find('ipamAllocationsByPool', p.id).map((a) => `${a.resourceType} ${a.cidr.toString()}`);

describe('IPAM objects', () => {
  it('creates the default scopes with the IPAM, one IPAM per Region', () => {
    const h = harness();
    const ipam = h.run(createIpam, { operatingRegions: ['eu-west-1'] });
    expect(ipam.id).toMatch(/^ipam-[0-9a-f]{17}$/);
    expect(ipam.operatingRegions).toEqual(['us-east-1', 'eu-west-1']);
    const scopes = h.s.find('ipamScopesByIpam', ipam.id);
    expect(scopes.map((s) => [s.ipamScopeType, s.isDefault]).sort()).toEqual([
      ['private', true],
      ['public', true],
    ]);
    expect(h.fails(createIpam, {}).code).toBe('ResourceLimitExceeded');
    expect(h.fails(createIpam, { operatingRegions: ['mars-1'] }, USE2).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('limits scopes to five and protects default scopes', () => {
    const h = harness();
    const ipam = h.run(createIpam, {});
    for (let i = 0; i < 3; i++) h.run(createIpamScope, { ipamId: ipam.id });
    expect(h.fails(createIpamScope, { ipamId: ipam.id }).code).toBe('ResourceLimitExceeded');
    expect(h.fails(deleteIpamScope, { ipamScopeId: ipam.privateDefaultScopeId }).code).toBe(
      'InvalidParameterValue',
    );
    expect(h.fails(createIpamScope, { ipamId: 'ipam-0123456789abcdef0' }).code).toBe(
      'InvalidIpamId.NotFound',
    );
    expect(h.fails(createIpamScope, { ipamId: 'ipam-pool-0123' }).code).toBe(
      'InvalidIpamId.Malformed',
    );
  });

  it('validates pools: family, locale, rules, depth', () => {
    const { h, scope, global, use1 } = hierarchy();
    expect(h.fails(createIpamPool, { ipamScopeId: scope, addressFamily: 'ipv5' }).code).toBe(
      'InvalidParameterValue',
    );
    expect(
      h.fails(createIpamPool, { ipamScopeId: scope, addressFamily: 'ipv4', locale: 'us-west-2' })
        .code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createIpamPool, {
        ipamScopeId: scope,
        addressFamily: 'ipv4',
        allocationMinNetmaskLength: 24,
        allocationMaxNetmaskLength: 16,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(createIpamPool, {
        ipamScopeId: scope,
        addressFamily: 'ipv6',
        sourceIpamPoolId: global.id,
      }).code,
    ).toBe('InvalidParameterValue');
    // A child of a Regional pool inherits its locale and may not name another.
    const child = h.run(createIpamPool, {
      ipamScopeId: scope,
      addressFamily: 'ipv4',
      sourceIpamPoolId: use1.id,
    });
    expect(child.locale).toBe('us-east-1');
    expect(child.poolDepth).toBe(3);
    let parent = child;
    for (let d = 4; d <= 10; d++) {
      parent = h.run(createIpamPool, {
        ipamScopeId: scope,
        addressFamily: 'ipv4',
        sourceIpamPoolId: parent.id,
      });
    }
    expect(parent.poolDepth).toBe(10);
    expect(
      h.fails(createIpamPool, {
        ipamScopeId: scope,
        addressFamily: 'ipv4',
        sourceIpamPoolId: parent.id,
      }).code,
    ).toBe('ResourceLimitExceeded');
    expect(
      h.fails(createIpamPool, {
        ipamScopeId: scope,
        addressFamily: 'ipv4',
        sourceIpamPoolId: use1.id,
        locale: 'us-east-2',
      }).code,
    ).toBe('InvalidParameterValue');
  });
});

describe('the scenario through the control operations', () => {
  it('draws VPC blocks by rule, audits provisioning, and recycles deleted VPCs', () => {
    const { h, scope, global, use1, use2, prod, dev } = hierarchy();
    const first = h.run(createVpc, {
      ipv4IpamPoolId: prod.id,
      ipv4NetmaskLength: 16,
      tags: PROD_TAGS,
    });
    expect(first.cidrBlock.toString()).toBe('10.0.0.0/16');
    const second = h.run(createVpc, {
      ipv4IpamPoolId: prod.id,
      ipv4NetmaskLength: 20,
      tags: PROD_TAGS,
    });
    expect(second.cidrBlock.toString()).toBe('10.1.0.0/20');
    expect(allocations(h, prod)).toEqual(['vpc 10.0.0.0/16', 'vpc 10.1.0.0/20']);

    const noTag = h.fails(createVpc, { ipv4IpamPoolId: prod.id, ipv4NetmaskLength: 16 });
    expect(noTag.message).toBe(
      'The resource is missing one or more of the resource tags required by the IPAM pool.',
    );
    expect(
      h.fails(createVpc, { ipv4IpamPoolId: prod.id, ipv4NetmaskLength: 26, tags: PROD_TAGS })
        .message,
    ).toBe('The allocation size is too small for the pool.');
    expect(
      h.fails(createVpc, { ipv4IpamPoolId: prod.id, ipv4NetmaskLength: 16, tags: PROD_TAGS }, EUW1)
        .message,
    ).toMatch(/locale .* \(us-east-1\) does not match the Region of the resource \(eu-west-1\)/);
    // The default netmask applies when none is given.
    const third = h.run(createVpc, { ipv4IpamPoolId: prod.id, tags: PROD_TAGS });
    expect(third.cidrBlock.toString()).toBe('10.1.16.0/20');

    expect(
      h.fails(provisionIpamPoolCidr, { ipamPoolId: use2.id, cidr: '192.168.0.0/16' }).code,
    ).toBe('InvalidParameterValue');
    const sibling = h.run(createIpamPool, {
      ipamScopeId: scope,
      addressFamily: 'ipv4',
      sourceIpamPoolId: global.id,
    });
    expect(
      h.fails(provisionIpamPoolCidr, { ipamPoolId: sibling.id, cidr: '10.0.0.0/12' }).message,
    ).toMatch(/not available/);
    // A netmask length takes the lowest free block of the parent.
    expect(
      h.run(provisionIpamPoolCidr, { ipamPoolId: sibling.id, netmaskLength: 12 }).cidr.toString(),
    ).toBe('10.48.0.0/12');

    const preview = () =>
      h.run(allocateIpamPoolCidr, { ipamPoolId: dev.id, netmaskLength: 24, previewNextCidr: true });
    expect(preview().cidr.toString()).toBe('10.8.0.0/24');
    expect(preview().cidr.toString()).toBe('10.8.0.0/24');

    h.run(deleteVpc, { vpcId: first.id });
    expect(allocations(h, prod)).toEqual(['vpc 10.1.0.0/20', 'vpc 10.1.16.0/20']);
    const again = h.run(createVpc, {
      ipv4IpamPoolId: prod.id,
      ipv4NetmaskLength: 16,
      tags: PROD_TAGS,
    });
    expect(again.cidrBlock.toString()).toBe('10.0.0.0/16');
    expect(allocations(h, use1)).toEqual(['ipam-pool 10.0.0.0/13', 'ipam-pool 10.8.0.0/13']);
  });

  it('allocates manually with allowed and disallowed CIDRs, and releases', () => {
    const { h, dev } = hierarchy();
    const a = h.run(allocateIpamPoolCidr, {
      ipamPoolId: dev.id,
      netmaskLength: 24,
      allowedCidrs: ['10.9.0.0/16'],
      disallowedCidrs: ['10.9.0.0/24'],
      description: 'reserved',
    });
    expect('id' in a && a.cidr.toString()).toBe('10.9.1.0/24');
    if (!('id' in a)) throw new Error('expected an allocation');
    expect(a.resourceType).toBe('custom');
    expect(
      h.fails(allocateIpamPoolCidr, { ipamPoolId: dev.id, cidr: '10.9.1.128/25' }).message,
    ).toMatch(/not available/);
    expect(h.fails(allocateIpamPoolCidr, { ipamPoolId: dev.id, cidr: '10.9.2.0/19' }).message).toBe(
      'The allocation size is too big for the pool.',
    );
    expect(
      h.fails(allocateIpamPoolCidr, { ipamPoolId: dev.id, cidr: '2001:db8::/64' }).message,
    ).toMatch(/address family/);
    expect(
      h.fails(releaseIpamPoolAllocation, {
        ipamPoolId: dev.id,
        cidr: '10.9.1.0/24',
        ipamPoolAllocationId: 'ipam-pool-alloc-0123456789abcdef0',
      }).code,
    ).toBe('InvalidIpamPoolAllocationId.NotFound');
    h.run(releaseIpamPoolAllocation, {
      ipamPoolId: dev.id,
      cidr: '10.9.1.0/24',
      ipamPoolAllocationId: a.id,
    });
    expect(h.s.find('ipamAllocationsByPool', dev.id)).toEqual([]);
    const noDefault = h.run(modifyIpamPool, {
      ipamPoolId: dev.id,
      clearAllocationDefaultNetmaskLength: true,
    });
    expect(noDefault.allocationDefaultNetmaskLength).toBeUndefined();
    expect(h.fails(allocateIpamPoolCidr, { ipamPoolId: dev.id }).code).toBe(
      'InvalidParameterCombination',
    );
  });

  it('refuses to release a VPC allocation, and to deprovision a CIDR in use', () => {
    const { h, prod, use1 } = hierarchy();
    const vpc = h.run(createVpc, { ipv4IpamPoolId: prod.id, tags: PROD_TAGS });
    const [alloc] = h.s.find('ipamAllocationsByResource', vpc.id);
    expect(
      h.fails(releaseIpamPoolAllocation, {
        ipamPoolId: prod.id,
        cidr: alloc!.cidr.toString(),
        ipamPoolAllocationId: alloc!.id,
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(deprovisionIpamPoolCidr, { ipamPoolId: prod.id, cidr: '10.0.0.0/13' }).code,
    ).toBe('IncorrectState');
    expect(h.fails(deleteIpamPool, { ipamPoolId: prod.id }).code).toBe('DependencyViolation');
    h.run(deleteVpc, { vpcId: vpc.id });
    const gone = h.run(deprovisionIpamPoolCidr, { ipamPoolId: prod.id, cidr: '10.0.0.0/13' });
    expect(gone.state).toBe('deprovisioned');
    // The CIDR went back to the Regional pool.
    expect(allocations(h, use1)).toEqual(['ipam-pool 10.8.0.0/13']);
  });

  it('draws secondary blocks, and releases them on disassociation', () => {
    const { h, dev } = hierarchy();
    const vpc = h.run(createVpc, { cidrBlock: '10.200.0.0/16' });
    const assoc = h.run(associateVpcCidrBlock, {
      vpcId: vpc.id,
      ipv4IpamPoolId: dev.id,
      ipv4NetmaskLength: 24,
    });
    expect(assoc.cidr.toString()).toBe('10.8.0.0/24');
    expect(allocations(h, dev)).toEqual(['vpc 10.8.0.0/24']);
    h.run(disassociateVpcCidrBlock, { associationId: assoc.associationId });
    expect(allocations(h, dev)).toEqual([]);
  });

  it('backfills existing VPCs into an auto-import pool, the largest of overlapping blocks', () => {
    const { h, ipam, use2 } = hierarchy();
    const big = h.run(createVpc, { cidrBlock: '10.16.0.0/16' }, USE2);
    h.run(createVpc, { cidrBlock: '10.16.0.0/20' }, USE2);
    // Another Region than the pool's locale: not discovered for this pool.
    h.run(createVpc, { cidrBlock: '10.17.0.0/24' });
    const imp = h.run(createIpamPool, {
      ipamScopeId: ipam.privateDefaultScopeId,
      addressFamily: 'ipv4',
      sourceIpamPoolId: use2.id,
      autoImport: true,
    });
    h.run(provisionIpamPoolCidr, { ipamPoolId: imp.id, cidr: '10.16.0.0/14' });
    const held = h.s.find('ipamAllocationsByPool', imp.id);
    expect(held.map((a) => [a.resourceType, a.resourceId, a.cidr.toString()])).toEqual([
      ['vpc', big.id, '10.16.0.0/16'],
    ]);
    // A VPC created later inside the pool is imported as it appears.
    const late = h.run(createVpc, { cidrBlock: '10.18.0.0/16' }, USE2);
    expect(h.s.find('ipamAllocationsByResource', late.id).map((a) => a.ipamPoolId)).toEqual([
      imp.id,
    ]);
  });

  it('deletes an IPAM only with Cascade once it has pools, and keeps the home Region', () => {
    const { h, ipam, use2 } = hierarchy();
    expect(h.fails(deleteIpam, { ipamId: ipam.id }).code).toBe('DependencyViolation');
    expect(
      h.fails(modifyIpam, { ipamId: ipam.id, removeOperatingRegions: ['us-east-1'] }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(modifyIpam, { ipamId: ipam.id, removeOperatingRegions: [use2.locale!] }).message,
    ).toMatch(/locale of IPAM pool/);
    h.run(deleteIpam, { ipamId: ipam.id, cascade: true });
    expect(
      h.s.count('ipam-pool') + h.s.count('ipam-scope') + h.s.count('ipam-pool-allocation'),
    ).toBe(0);
  });
});
