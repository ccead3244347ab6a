import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cidr, Ip } from '../net/index.js';
import { overlapFlags, type OwnedCidr } from './overlap.js';

const c = (t: string) => Cidr.parse(t)!;

describe('overlapFlags', () => {
  it('flags nested blocks of different holders, never a holder against itself', () => {
    const items: OwnedCidr[] = [
      { cidr: c('10.0.0.0/16'), owner: 'vpc-a' },
      { cidr: c('10.0.1.0/24'), owner: 'vpc-a' },
      { cidr: c('10.1.0.0/16'), owner: 'vpc-b' },
      { cidr: c('10.1.0.0/16'), owner: 'vpc-c' },
      { cidr: c('10.2.0.0/16'), owner: 'vpc-d' },
      { cidr: c('10.2.5.0/24'), owner: 'alloc-1' },
    ];
    expect(overlapFlags(items)).toEqual([false, false, true, true, true, true]);
  });

  it('agrees with a pairwise check on random blocks', () => {
    const item = fc
      .tuple(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 20, max: 28 }),
        fc.integer({ min: 0, max: 3 }),
      )
      .map(([o, p, w]) => ({
        cidr: Cidr.of(Ip.of(4, 0x0a000000n + BigInt(o) * 16n), p),
        owner: `o${w}`,
      }));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), (items) => {
        const naive = items.map((a, i) =>
          items.some((b, j) => j !== i && b.owner !== a.owner && a.cidr.overlaps(b.cidr)),
        );
        expect(overlapFlags(items)).toEqual(naive);
      }),
      { numRuns: 300 },
    );
  });
});
