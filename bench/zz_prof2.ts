import { readFileSync, rmSync } from 'node:fs';
import { parseTopology } from '../src/topology/source.js';
import { loadTopology } from '../src/topology/load.js';
import { openStore } from '../src/store/open.js';
const t0 = performance.now();
const p = parseTopology('x', readFileSync(process.argv[2]!, 'utf8'));
if (!p.ok) throw new Error('parse');
const t1 = performance.now();
rmSync('/tmp/p.db', { force: true });
rmSync('/tmp/p.db-wal', { force: true });
const s = openStore({ path: '/tmp/p.db' });
const r = loadTopology(s, p.value.topology, p.value.source);
if (!r.ok) throw new Error(r.error.message);
const t2 = performance.now();
s.close();
const t3 = performance.now();
console.log(
  'parse',
  (t1 - t0).toFixed(0),
  'load',
  (t2 - t1).toFixed(0),
  'close',
  (t3 - t2).toFixed(0),
  r.value.operations,
);
