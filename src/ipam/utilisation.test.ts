import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import { createIpam } from '../control/ipam.js';
import { allocateIpamPoolCidr } from '../control/ipam-allocation.js';
import { createIpamPool } from '../control/ipam-pool.js';
import { provisionIpamPoolCidr } from '../control/ipam-pool-cidr.js';
import { poolTrees, poolUtilisation, usageAlarms } from './utilisation.js';

describe('pool utilisation', () => {
  it('splits child pools (allocated) from resources and reservations (assigned)', () => {
    const h = harness();
    const ipam = h.run(createIpam, {});
    const scope = ipam.privateDefaultScopeId;
    const top = h.run(createIpamPool, { ipamScopeId: scope, addressFamily: 'ipv4' });
    h.run(provisionIpamPoolCidr, { ipamPoolId: top.id, cidr: '10.0.0.0/16' });
    const child = h.run(createIpamPool, {
      ipamScopeId: scope,
      addressFamily: 'ipv4',
      sourceIpamPoolId: top.id,
    });
    h.run(provisionIpamPoolCidr, { ipamPoolId: child.id, netmaskLength: 18 });
    h.run(allocateIpamPoolCidr, { ipamPoolId: top.id, netmaskLength: 17 });
    h.run(allocateIpamPoolCidr, { ipamPoolId: child.id, netmaskLength: 20 });
    const u = poolUtilisation(h.s, h.s.get('ipam-pool', top.id)!);
    expect([u.percentAllocated, u.percentAssigned, u.percentAvailable]).toEqual([25, 50, 25]);
    expect(usageAlarms(u, { availableBelow: 30 })).toEqual(['PercentAvailable 25 < 30']);
    expect(usageAlarms(u, { usedAbove: 80, availableBelow: 10 })).toEqual([]);
    const [tree] = poolTrees(h.s, scope);
    expect(tree?.pool.id).toBe(top.id);
    expect(tree?.children.map((c) => [c.pool.id, c.usage.percentAssigned])).toEqual([
      [child.id, 25],
    ]);
  });
});
