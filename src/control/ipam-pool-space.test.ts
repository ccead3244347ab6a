import { describe, expect, it } from 'vitest';
import { harness } from '../../test/support/harness.js';
import type { IpamPool } from '../model/ipam.js';
import { fail } from '../model/result.js';
import { Cidr } from '../net/index.js';
import type { Snapshot } from '../model/snapshot.js';
import { createIpam } from './ipam.js';
import { allocateIpamPoolCidr, releaseIpamPoolAllocation } from './ipam-allocation.js';
import { createIpamPool, deleteIpamPool, modifyIpamPool } from './ipam-pool.js';
import { deprovisionIpamPoolCidr, provisionIpamPoolCidr } from './ipam-pool-cidr.js';
import { buildPoolSpace, poolSpace } from './ipam-pool-space.js';
import { createVpc, deleteVpc } from './vpc.js';

const CIDR_172 = Cidr.parse('172.16.0.0/12')!;

/** xorshift32 with a fixed seed: the same churn every run. */
function rng(seed = 0x9e3779b9): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** A top pool (10.0.0.0/8) and a child pool with a locale, for VPCs. */
function setup() {
  const h = harness();
  const ipam = h.run(createIpam, {});
  const scope = ipam.privateDefaultScopeId;
  const top = h.run(createIpamPool, { ipamScopeId: scope, addressFamily: 'ipv4' });
  h.run(provisionIpamPoolCidr, { ipamPoolId: top.id, cidr: '10.0.0.0/8' });
  const child = h.run(createIpamPool, {
    ipamScopeId: scope,
    addressFamily: 'ipv4',
    sourceIpamPoolId: top.id,
    locale: 'us-east-1',
  });
  h.run(provisionIpamPoolCidr, { ipamPoolId: child.id, netmaskLength: 12 });
  return { h, scope, top: top.id, child: child.id };
}

/** Every pool's kept space agrees with one built from scratch. */
function expectInStep(s: Snapshot): void {
  for (const pool of s.all('ipam-pool')) {
    const kept = poolSpace(s, pool);
    const fresh = buildPoolSpace(s, pool);
    expect(kept.freeBlocks().map(String), pool.id).toEqual(fresh.freeBlocks().map(String));
    expect(kept.allocationCount, pool.id).toBe(fresh.allocationCount);
  }
}

describe('pool free space kept across operations (D116)', () => {
  it('is the same object from one allocation to the next: updated, not rebuilt', () => {
    const { h, child } = setup();
    const pool = () => h.s.get('ipam-pool', child)!;
    const before = poolSpace(h.s, pool());
    h.run(allocateIpamPoolCidr, { ipamPoolId: child, netmaskLength: 24 });
    const after = poolSpace(h.s, pool());
    expect(after).toBe(before);
    expect(after.allocationCount).toBe(1);
    expect(after.next(24)?.toString()).toBe('10.0.1.0/24');
  });

  it('stays in step with a rebuilt space under churn: allocations, releases, VPCs, child pools, rollbacks', () => {
    const { h, scope, top, child } = setup();
    const next = rng();
    const custom: { pool: string; id: string; cidr: string }[] = [];
    const vpcs: string[] = [];
    for (let i = 0; i < 400; i++) {
      const r = next();
      if (r < 0.35) {
        const pool = next() < 0.5 ? top : child;
        const a = h.store.execute(
          'AllocateIpamPoolCidr',
          allocateIpamPoolCidr,
          { ipamPoolId: pool, netmaskLength: 16 + Math.floor(next() * 13) },
          h.caller,
        );
        if (a.ok && 'id' in a.value)
          custom.push({ pool, id: a.value.id, cidr: String(a.value.cidr) });
      } else if (r < 0.55 && custom.length > 0) {
        const [gone] = custom.splice(Math.floor(next() * custom.length), 1);
        h.run(releaseIpamPoolAllocation, {
          ipamPoolId: gone!.pool,
          ipamPoolAllocationId: gone!.id,
          cidr: gone!.cidr,
        });
      } else if (r < 0.7) {
        const vpc = h.store.execute(
          'CreateVpc',
          createVpc,
          { ipv4IpamPoolId: child, ipv4NetmaskLength: 16 + Math.floor(next() * 13) },
          h.caller,
        );
        if (vpc.ok) vpcs.push(vpc.value.id);
      } else if (r < 0.8 && vpcs.length > 0) {
        h.run(deleteVpc, { vpcId: vpcs.splice(Math.floor(next() * vpcs.length), 1)[0]! });
      } else if (r < 0.9) {
        // A batch that allocates and then fails: the store rolls the World back.
        const rolled = h.store.batch(() => {
          h.run(allocateIpamPoolCidr, { ipamPoolId: top, netmaskLength: 20 });
          h.run(allocateIpamPoolCidr, { ipamPoolId: child, netmaskLength: 20 });
          return fail('rolled back');
        });
        expect(rolled).toEqual(fail('rolled back'));
      } else if (r < 0.95) {
        // A new child pool takes a block of the top pool, then goes away with its CIDR.
        const sub = h.run(createIpamPool, {
          ipamScopeId: scope,
          addressFamily: 'ipv4',
          sourceIpamPoolId: top,
        });
        const p = h.store.execute(
          'ProvisionIpamPoolCidr',
          provisionIpamPoolCidr,
          { ipamPoolId: sub.id, netmaskLength: 14 },
          h.caller,
        );
        if (p.ok) h.run(allocateIpamPoolCidr, { ipamPoolId: sub.id, netmaskLength: 18 });
        expectInStep(h.s);
        h.run(deleteIpamPool, { ipamPoolId: sub.id, cascade: true });
      } else {
        h.run(modifyIpamPool, { ipamPoolId: child, description: `round ${i}` });
      }
      expectInStep(h.s);
    }
    expect(custom.length + vpcs.length).toBeGreaterThan(20);
  });

  it('follows a pool CIDR provisioned and deprovisioned', () => {
    const { h, top } = setup();
    const pool = (): IpamPool => h.s.get('ipam-pool', top)!;
    expect(poolSpace(h.s, pool()).isFree(CIDR_172)).toBe(false);
    h.run(provisionIpamPoolCidr, { ipamPoolId: top, cidr: '172.16.0.0/12' });
    expect(poolSpace(h.s, pool()).isFree(CIDR_172)).toBe(true);
    h.run(deprovisionIpamPoolCidr, { ipamPoolId: top, cidr: '172.16.0.0/12' });
    expect(poolSpace(h.s, pool()).isFree(CIDR_172)).toBe(false);
    expectInStep(h.s);
  });

  it('builds afresh for a snapshot that is not the World (nothing kept, nothing shared)', () => {
    const { h, child } = setup();
    const view: Snapshot = {
      revision: h.s.revision,
      get: (k, id) => h.s.get(k, id),
      all: (k) => h.s.all(k),
      count: (k) => h.s.count(k),
      find: (i, key) => h.s.find(i, key),
      fork: () => h.s.fork(),
    };
    const pool = h.s.get('ipam-pool', child)!;
    expect(poolSpace(view, pool)).not.toBe(poolSpace(view, pool));
    expect(poolSpace(view, pool).freeBlocks().map(String)).toEqual(['10.0.0.0/12']);
  });
});
