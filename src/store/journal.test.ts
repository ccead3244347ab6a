import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { createVpc } from '../control/vpc.js';
import type { Vpc } from '../model/vpc.js';
import type { Change } from '../model/snapshot.js';
import { changeRecords, UndoSteps } from './journal.js';

const head = { seq: 7, time: 't', accountId: '111111111111', region: 'us-east-1', operation: 'Op' };

describe('changeRecords', () => {
  for (const padding of [0, 40]) {
    it(`logs each change against the state just before it (${padding ? 'many' : 'few'} changes)`, () => {
      const h = harness();
      const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
      const renamed: Vpc = { ...vpc, tags: [{ key: 'Name', value: 'x' }] };
      const others: Change[] = [...h.s.all('prefix-list')]
        .slice(0, 1)
        .flatMap((p) =>
          Array.from({ length: padding }, () => ({ op: 'put' as const, resource: p })),
        );
      const changes: Change[] = [
        { op: 'put', resource: renamed },
        ...others,
        { op: 'delete', kind: 'vpc', id: vpc.id },
        { op: 'put', resource: vpc },
      ];
      const records = changeRecords(h.s, changes, head).filter((r) => r.kind === 'vpc');
      expect(records.map((r) => [r.before, r.after])).toEqual([
        [vpc, renamed],
        [renamed, undefined],
        [undefined, vpc],
      ]);
      expect(records.every((r) => r.seq === 7 && r.operation === 'Op')).toBe(true);
    });
  }
});

describe('UndoSteps', () => {
  it('undoes applied steps newest first, restoring resources and indexes', () => {
    const h = harness(caller());
    const before = h.s.revision;
    const vpcs = [...h.s.all('vpc')];
    const undo = new UndoSteps();
    const world = h.store.snapshot;
    const r1 = createVpc(
      world,
      { cidrBlock: '10.0.0.0/16' },
      { ...caller(), ids: h.store.ids, clock: h.store.clock },
    );
    if (!r1.ok) throw new Error(r1.error.message);
    undo.push(world.apply(r1.value.changes));
    const id = r1.value.output.id;
    undo.push(world.apply([{ op: 'delete', kind: 'vpc', id }]));
    expect(world.get('vpc', id)).toBeUndefined();
    undo.rollback(world);
    expect([...world.all('vpc')]).toEqual(vpcs);
    expect(world.find('routeTablesByVpc', id)).toEqual([]);
    expect(world.revision).toBeGreaterThan(before);
  });
});
