import { initRegion } from '../../src/control/account.js';
import { createVpc } from '../../src/control/vpc.js';
import { ok } from '../../src/model/result.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { MemoryStore } from '../../src/store/memory.js';
import { caller } from '../support/harness.js';
import { rmSync } from 'node:fs';

const n = Number(process.argv[2] ?? 60000);
const sync = (process.argv[3] ?? 'FULL') as 'FULL';
const path = '/tmp/st/probe.db';
rmSync(path, { force: true }); rmSync(path + '-wal', { force: true }); rmSync(path + '-shm', { force: true });
const c = caller();
for (const mk of [() => new MemoryStore(), () => new SqliteStore({ path, synchronous: sync })]) {
  const s = mk();
  s.execute('InitRegion', initRegion, {}, c);
  let t = performance.now();
  s.batch(() => {
    for (let i = 0; i < n; i++) {
      const r = s.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, c);
      if (!r.ok) throw new Error(r.error.message);
    }
    return ok(true);
  });
  let ms = performance.now() - t;
  console.log(s.constructor.name, 'batch', n, ms.toFixed(0), 'ms', ((n / ms) * 1000).toFixed(0), 'ops/s');
  const m = 2000;
  t = performance.now();
  for (let i = 0; i < m; i++) s.execute('CreateVpc', createVpc, { cidrBlock: '10.0.0.0/16' }, c);
  ms = performance.now() - t;
  console.log(s.constructor.name, 'unbatched', m, ms.toFixed(0), 'ms', ((m / ms) * 1000).toFixed(0), 'ops/s');
  t = performance.now();
  s.close();
  if (s instanceof SqliteStore) {
    const r = new SqliteStore({ path });
    console.log('reopen', (performance.now() - t).toFixed(0), 'ms', r.snapshot.count('vpc'), r.snapshot.revision);
    t = performance.now();
    console.log('changes', r.changes().length, (performance.now() - t).toFixed(0), 'ms');
    r.close();
  }
}
