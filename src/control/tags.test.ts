import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { createTags, deleteTags } from './tags.js';
import { createVpc } from './vpc.js';
import { createVpcPeeringConnection } from './vpc-peering.js';

const A = caller('111111111111', 'us-east-1');
const B = caller('222222222222', 'us-west-2');
const B_EAST = caller('222222222222', 'us-east-1');
const C = caller('333333333333', 'us-east-1');

describe('CreateTags / DeleteTags', () => {
  it('tags the caller’s own resources only', () => {
    const h = harness(A);
    h.init(C);
    const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    h.run(createTags, { resources: [vpc.id], tags: [{ key: 'Name', value: 'a' }] });
    expect(h.s.get('vpc', vpc.id)?.tags).toEqual([{ key: 'Name', value: 'a' }]);
    expect(
      h.fails(createTags, { resources: [vpc.id], tags: [{ key: 'x', value: 'y' }] }, C).code,
    ).toBe('InvalidVpcID.NotFound');
    expect(h.fails(createTags, { resources: ['nope'], tags: [] }).code).toBe(
      'InvalidParameterValue',
    );
  });

  it('gives each side of a cross-account peering its own tags, from its own Region', () => {
    const h = harness(A);
    h.init(B);
    h.init(B_EAST);
    h.init(C);
    const mine = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
    const theirs = h.run(createVpc, { cidrBlock: '10.1.0.0/16' }, B);
    const pcx = h.run(createVpcPeeringConnection, {
      vpcId: mine.id,
      peerVpcId: theirs.id,
      peerOwnerId: B.accountId,
      peerRegion: B.region,
    });
    const stored = () => h.s.get('vpc-peering-connection', pcx.id);
    h.run(createTags, { resources: [pcx.id], tags: [{ key: 'Name', value: 'to-a' }] }, B);
    h.run(createTags, { resources: [pcx.id], tags: [{ key: 'team', value: 'a' }] });
    // Across accounts each side has its own copy of the connection, with its own tags.
    expect(stored()?.tags).toEqual([{ key: 'team', value: 'a' }]);
    expect(stored()?.accepterTags).toEqual([{ key: 'Name', value: 'to-a' }]);
    h.run(deleteTags, { resources: [pcx.id], tags: [{ key: 'Name' }] }, B);
    expect(stored()?.accepterTags).toEqual([]);
    expect(stored()?.tags).toEqual([{ key: 'team', value: 'a' }]);
    // Neither a third account nor the accepter outside its VPC's Region sees the connection.
    for (const other of [C, B_EAST]) {
      expect(
        h.fails(createTags, { resources: [pcx.id], tags: [{ key: 'x', value: 'y' }] }, other).code,
      ).toBe('InvalidVpcPeeringConnectionID.NotFound');
      expect(h.fails(deleteTags, { resources: [pcx.id] }, other).code).toBe(
        'InvalidVpcPeeringConnectionID.NotFound',
      );
    }
  });
});
