import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockAllocator } from './block-allocator.js';
import { Cidr } from './cidr.js';
import { type Family, Ip } from './ip.js';
import { NaiveBlockAllocator } from './naive-block-allocator.js';
import { RangeSet } from './range-set.js';

const c = (text: string): Cidr => Cidr.parse(text)!;

describe('BlockAllocator', () => {
  it('hands out the lowest aligned free block, splitting and merging buddies', () => {
    const a = new BlockAllocator(4);
    expect(a.addRoot(c('10.0.0.0/8'))).toBe(true);
    expect(a.next(16)?.toString()).toBe('10.0.0.0/16');
    expect(a.allocate(c('10.0.0.0/16'))).toBe(true);
    expect(a.next(20)?.toString()).toBe('10.1.0.0/20');
    expect(a.allocate(c('10.1.0.0/20'))).toBe(true);
    // The next /16 skips the partly used 10.1.0.0/16.
    expect(a.next(16)?.toString()).toBe('10.2.0.0/16');
    expect(a.allocate(c('10.1.0.0/24'))).toBe(false);
    expect(a.release(c('10.0.0.0/16'))).toBe(true);
    expect(a.next(16)?.toString()).toBe('10.0.0.0/16');
    expect(a.release(c('10.1.0.0/20'))).toBe(true);
    // Fully merged back: the root is one free block again.
    expect(a.freeBlocks().map(String)).toEqual(['10.0.0.0/8']);
    expect(a.allocatedSize).toBe(0n);
  });

  it('never merges free space across two roots', () => {
    const a = new BlockAllocator(4);
    a.addRoot(c('10.0.0.0/9'));
    a.addRoot(c('10.128.0.0/9'));
    expect(a.next(8)).toBeUndefined();
    expect(a.allocate(c('10.0.0.0/8'))).toBe(false);
    expect(a.next(9)?.toString()).toBe('10.0.0.0/9');
  });

  it('refuses overlapping roots and removing a root in use', () => {
    const a = new BlockAllocator(4);
    a.addRoot(c('10.0.0.0/16'));
    expect(a.addRoot(c('10.0.1.0/24'))).toBe(false);
    a.allocate(c('10.0.4.0/24'));
    expect(a.removeRoot(c('10.0.0.0/16'))).toBe('in-use');
    expect(a.removeRoot(c('10.1.0.0/16'))).toBe('not-found');
    a.release(c('10.0.4.0/24'));
    expect(a.removeRoot(c('10.0.0.0/16'))).toBe('removed');
    expect(a.size).toBe(0n);
  });

  it('honours allowed and disallowed sets', () => {
    const a = new BlockAllocator(4);
    a.addRoot(c('10.0.0.0/16'));
    const allowed = RangeSet.fromCidrs(4, [c('10.0.128.0/17')]);
    const within = allowed.difference(RangeSet.fromCidrs(4, [c('10.0.128.0/24')]));
    expect(a.next(24, within)?.toString()).toBe('10.0.129.0/24');
    expect(a.next(17, within)).toBeUndefined();
    expect(a.next(17, allowed)?.toString()).toBe('10.0.128.0/17');
  });

  it('works on IPv6', () => {
    const a = new BlockAllocator(6);
    a.addRoot(c('2001:db8::/48'));
    expect(a.allocate(c('2001:db8::/56'))).toBe(true);
    expect(a.next(56)?.toString()).toBe('2001:db8:0:100::/56');
    expect(a.next(52)?.toString()).toBe('2001:db8:0:1000::/52');
  });
});

/** One step of a random run. */
type Step =
  | { op: 'next'; prefix: number; allowed: number[][]; disallowed: number[][]; take: boolean }
  | { op: 'allocate'; offset: number; prefix: number }
  | { op: 'release'; pick: number }
  | { op: 'removeRoot'; pick: number };

/**
 * Random runs in a /20 (IPv4) or /116 (IPv6) box: roots of /20–/24 inside it, requests of
 * /20–/28, and allowed/disallowed blocks. The fast allocator must answer exactly as the naive
 * one, and its allocations must never overlap.
 */
const BOXES: ReadonlyArray<{ family: Family; box: Cidr; shift: number }> = [
  { family: 4, box: c('10.0.0.0/20'), shift: 0 },
  { family: 6, box: c('2001:db8::/116'), shift: 96 },
];

const block = fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 28 }));
const blocks = fc.array(block, { maxLength: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('next' as const),
    prefix: fc.integer({ min: 20, max: 28 }),
    allowed: blocks,
    disallowed: blocks,
    take: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('allocate' as const),
    offset: fc.integer({ min: 0, max: 4095 }),
    prefix: fc.integer({ min: 20, max: 28 }),
  }),
  fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('removeRoot' as const), pick: fc.nat() }),
);

describe('BlockAllocator against the naive allocator', () => {
  for (const { family, box, shift } of BOXES) {
    const at = (offset: number, prefix: number): Cidr =>
      Cidr.of(Ip.of(family, box.base + BigInt(offset)), prefix + shift);
    it(`gives the same answers and never overlaps (IPv${family})`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 24 })), {
            minLength: 1,
            maxLength: 4,
          }),
          fc.array(step, { maxLength: 60 }),
          (roots, steps) => {
            const fast = new BlockAllocator(family);
            const slow = new NaiveBlockAllocator(family);
            for (const [o, p] of roots) {
              const r = at(o, p);
              expect(fast.addRoot(r)).toBe(slow.addRoot(r));
            }
            for (const s of steps) {
              if (s.op === 'next') {
                const allowed = s.allowed.map(([o, p]) => at(o!, p!));
                const disallowed = s.disallowed.map(([o, p]) => at(o!, p!));
                const within =
                  allowed.length + disallowed.length === 0
                    ? undefined
                    : (allowed.length > 0
                        ? RangeSet.fromCidrs(family, allowed)
                        : RangeSet.universe(family)
                      ).difference(RangeSet.fromCidrs(family, disallowed));
                const got = fast.next(s.prefix + shift, within);
                expect(got?.toString()).toBe(slow.next(s.prefix + shift, within)?.toString());
                if (got && s.take) {
                  expect(fast.allocate(got)).toBe(true);
                  expect(slow.allocate(got)).toBe(true);
                }
              } else if (s.op === 'allocate') {
                const x = at(s.offset, s.prefix);
                expect(fast.isFree(x)).toBe(slow.isFree(x));
                expect(fast.allocate(x)).toBe(slow.allocate(x));
              } else if (s.op === 'release') {
                const list = slow.allocated();
                if (list.length === 0) continue;
                const x = list[s.pick % list.length]!;
                expect(fast.release(x)).toBe(true);
                expect(slow.release(x)).toBe(true);
              } else {
                const list = fast.rootCidrs();
                if (list.length === 0) continue;
                const r = list[s.pick % list.length]!;
                expect(fast.removeRoot(r)).toBe(slow.removeRoot(r));
              }
            }
            const allocated = slow.allocated();
            for (let i = 0; i < allocated.length; i++) {
              expect(fast.isAllocated(allocated[i]!)).toBe(true);
              for (let j = i + 1; j < allocated.length; j++) {
                expect(allocated[i]!.overlaps(allocated[j]!)).toBe(false);
              }
            }
            const sum = (xs: readonly Cidr[]) => xs.reduce((n, x) => n + x.size, 0n);
            // Free plus allocated tiles the roots exactly.
            expect(sum(fast.freeBlocks()) + fast.allocatedSize).toBe(fast.size);
            expect(fast.allocatedSize).toBe(sum(allocated));
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
