import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createVpc } from '../../src/control/vpc.js';
import type { Resource } from '../../src/model/resource.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { caller } from '../support/harness.js';
import { everything } from './store-contract.js';
import { tempFiles } from './temp.js';

const file = tempFiles('vpctwin-crash-');
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/burst.ts', import.meta.url));

/**
 * Runs the burst child on `path` and SIGKILLs it once it has acknowledged `killAfter` VPCs (plus
 * a random few milliseconds, so the kill lands anywhere in an operation). Returns every id the
 * child acknowledged: each complete line it printed before it died.
 */
function burstAndKill(
  path: string,
  killAfter: number,
  mode: 'single' | 'batch',
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path, mode], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    let stderr = '';
    let killing = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      if (killing) return;
      const acknowledged = text.split('\n').length - 2; // minus 'ready' and the partial line
      if (acknowledged >= killAfter) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`child ended with ${code ?? signal} before the kill: ${stderr}`));
        return;
      }
      const lines = text.split('\n');
      lines.pop(); // a line cut short by the kill was never wholly printed
      expect(lines[0]).toBe('ready');
      resolve(lines.slice(1));
    });
  });
}

/** The state the change log describes: every resource's last `after`, by kind and id. */
function replay(store: SqliteStore): Map<string, Resource> {
  const state = new Map<string, Resource>();
  for (const c of store.changes()) {
    const key = `${c.kind}/${c.id}`;
    if (c.after) state.set(key, c.after);
    else state.delete(key);
  }
  return state;
}

/** Opens the killed file and checks what every round must find; returns the store, open. */
function reopenAndCheck(path: string, acknowledged: readonly string[]): SqliteStore {
  const raw = new Database(path);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const store = new SqliteStore({ path });
  const s = store.snapshot;
  // Every acknowledged VPC is there with the three resources AWS creates with it.
  for (const id of acknowledged) {
    expect(s.get('vpc', id), id).toBeDefined();
    expect(s.find('routeTablesByVpc', id), id).toHaveLength(1);
    expect(s.find('securityGroupsByVpc', id), id).toHaveLength(1);
    expect(s.find('networkAclsByVpc', id), id).toHaveLength(1);
  }
  // Whole operations only: every VPC present (acknowledged or not) has all three.
  for (const vpc of s.all('vpc')) {
    expect(s.find('routeTablesByVpc', vpc.id)).toHaveLength(1);
    expect(s.find('securityGroupsByVpc', vpc.id)).toHaveLength(1);
    expect(s.find('networkAclsByVpc', vpc.id)).toHaveLength(1);
  }
  // The change log accounts for exactly the resources present, and every CreateVpc in it
  // logged all four of its resources.
  const logged = replay(store);
  const present = everything(s);
  expect(logged.size).toBe(present.length);
  for (const r of present) expect(logged.get(`${r.kind}/${r.id}`)).toEqual(r);
  const perOperation = new Map<number, number>();
  for (const c of store.changes()) {
    if (c.operation === 'CreateVpc') perOperation.set(c.seq, (perOperation.get(c.seq) ?? 0) + 1);
  }
  expect([...perOperation.values()].every((n) => n === 4)).toBe(true);
  expect(perOperation.size).toBe(s.count('vpc'));
  return store;
}

/** A further operation succeeds, with an id never used before; it joins the acknowledged. */
function goOn(store: SqliteStore, acknowledged: string[]): void {
  const more = store.execute('CreateVpc', createVpc, { cidrBlock: '10.200.0.0/16' }, caller());
  expect(more.ok).toBe(true);
  if (more.ok) {
    expect(acknowledged).not.toContain(more.value.id);
    acknowledged.push(more.value.id);
  }
}

describe('SqliteStore under SIGKILL', () => {
  it('keeps every acknowledged operation, whole, across kills at random points', async () => {
    const path = file('crash.db');
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const ids = await burstAndKill(path, 200 + Math.floor(Math.random() * 300), 'single');
      expect(ids.length).toBeGreaterThanOrEqual(200);
      acknowledged.push(...ids);
      const store = reopenAndCheck(path, acknowledged);
      try {
        goOn(store, acknowledged);
      } finally {
        store.close();
      }
    }
  }, 45_000);

  it('keeps acknowledged batches and never part of one, across kills mid-batch', async () => {
    const path = file('crash-batch.db');
    const acknowledged: string[] = [];
    for (let round = 0; round < 2; round++) {
      const ids = await burstAndKill(path, 200 + Math.floor(Math.random() * 300), 'batch');
      acknowledged.push(...ids);
      const store = reopenAndCheck(path, acknowledged);
      try {
        // Batches are all or nothing: each batch present has all its 25 VPCs.
        const perBatch = new Map<string, number>();
        for (const vpc of store.snapshot.all('vpc')) {
          const tag = vpc.tags.find((t) => t.key === 'batch')?.value;
          if (tag !== undefined) perBatch.set(tag, (perBatch.get(tag) ?? 0) + 1);
        }
        expect([...perBatch.values()].every((n) => n === 25)).toBe(true);
        expect(perBatch.size * 25).toBeGreaterThanOrEqual(ids.length);
        goOn(store, acknowledged);
      } finally {
        store.close();
      }
    }
  }, 45_000);
});
