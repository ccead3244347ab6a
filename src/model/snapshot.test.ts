import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountId, Id, RegionName } from './ids.js';
import type { NetworkAcl } from './network-acl.js';
import { World } from './snapshot.js';

/** A network ACL associated with the given subnets (the fields the index reads, and the rest). */
function acl(n: number, subnets: readonly number[]): NetworkAcl {
  const a: NetworkAcl = {
    kind: 'network-acl',
    id: `acl-${n}` as Id<'network-acl'>,
    ownerId: '111111111111' as AccountId,
    region: 'us-east-1' as RegionName,
    tags: [],
    vpcId: 'vpc-1' as Id<'vpc'>,
    isDefault: false,
    entries: [],
    associations: subnets.map((s) => ({
      networkAclAssociationId: `aclassoc-${n}-${s}` as Id<'network-acl-association'>,
      subnetId: `subnet-${s}` as Id<'subnet'>,
    })),
    modified: { ingress: false, egress: false },
  };
  return a;
}

describe('World indexes', () => {
  it('find equals a scan of every resource after any puts and deletes, many keys or few', () => {
    const step = fc.oneof(
      fc.record({
        put: fc.integer({ min: 0, max: 3 }),
        // Up to 40 subnets: past 16 keys the index moves only the keys that differ.
        subnets: fc.uniqueArray(fc.integer({ min: 0, max: 49 }), { maxLength: 40 }),
      }),
      fc.record({ delete: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const w = new World();
        for (const s of steps) {
          if ('put' in s) w.apply([{ op: 'put', resource: acl(s.put, s.subnets) }]);
          else w.apply([{ op: 'delete', kind: 'network-acl', id: `acl-${s.delete}` }]);
          for (let subnet = 0; subnet < 50; subnet++) {
            const key = `subnet-${subnet}`;
            const scan = [...w.all('network-acl')]
              .filter((a) => a.associations.some((x) => x.subnetId === key))
              .map((a) => a.id)
              .sort();
            const found = w
              .find('networkAclBySubnet', key)
              .map((a) => a.id)
              .sort();
            expect(found).toEqual(scan);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
