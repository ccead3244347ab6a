import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { createIpam } from '../control/ipam.js';
import { allocateIpamPoolCidr } from '../control/ipam-allocation.js';
import { createIpamPool } from '../control/ipam-pool.js';
import { provisionIpamPoolCidr } from '../control/ipam-pool-cidr.js';
import { modifyIpamResourceCidr } from '../control/ipam-resource-cidr.js';
import { createNetworkInterface } from '../control/network-interface.js';
import { createSubnet } from '../control/subnet.js';
import { createVpc } from '../control/vpc.js';
import { resourceCidrs } from './resource-cidrs.js';

describe('resource CIDR audit', () => {
  it('reports IP usage, subnets not overlapping their own VPC, and reservations', () => {
    const h = harness();
    const ipam = h.run(createIpam, {});
    const scope = () => h.s.get('ipam-scope', ipam.privateDefaultScopeId)!;
    const a = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const sub = h.run(createSubnet, { vpcId: a.id, cidrBlock: '10.0.0.0/17' });
    h.run(createNetworkInterface, { subnetId: sub.id });
    const b = h.run(createVpc, { cidrBlock: '10.1.0.0/16' });
    const row = (id: string) => resourceCidrs(h.s, scope()).find((r) => r.resourceId === id)!;
    expect(row(a.id).ipUsage).toBe(0.5);
    expect(row(sub.id).ipUsage).toBeCloseTo(1 / 32768, 6);
    expect(row(sub.id).availabilityZoneId).toBe(sub.availabilityZoneId);
    expect([row(a.id).overlapStatus, row(sub.id).overlapStatus, row(b.id).overlapStatus]).toEqual([
      'nonoverlapping',
      'nonoverlapping',
      'nonoverlapping',
    ]);
    // A manual reservation over part of VPC b's block makes b (not a) overlapping.
    const pool = h.run(createIpamPool, { ipamScopeId: scope().id, addressFamily: 'ipv4' });
    h.run(provisionIpamPoolCidr, { ipamPoolId: pool.id, cidr: '10.1.0.0/16' });
    h.run(allocateIpamPoolCidr, { ipamPoolId: pool.id, cidr: '10.1.4.0/24' });
    expect([row(a.id).overlapStatus, row(b.id).overlapStatus]).toEqual([
      'nonoverlapping',
      'overlapping',
    ]);
    h.run(modifyIpamResourceCidr, {
      resourceId: b.id,
      resourceCidr: '10.1.0.0/16',
      resourceRegion: 'us-east-1',
      currentIpamScopeId: scope().id,
      monitored: false,
    });
    expect([row(b.id).managementState, row(b.id).overlapStatus]).toEqual(['ignored', 'ignored']);
    expect(
      h.fails(modifyIpamResourceCidr, {
        resourceId: b.id,
        resourceCidr: '10.9.0.0/16',
        resourceRegion: 'us-east-1',
        currentIpamScopeId: scope().id,
        monitored: false,
      }).code,
    ).toBe('InvalidParameterValue');
  });
});
