import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initRegion } from '../../src/control/account.js';
import { createIpam } from '../../src/control/ipam.js';
import { allocateIpamPoolCidr } from '../../src/control/ipam-allocation.js';
import { createIpamPool } from '../../src/control/ipam-pool.js';
import { provisionIpamPoolCidr } from '../../src/control/ipam-pool-cidr.js';
import type { Operation } from '../../src/model/operation.js';
import { openStore } from '../../src/store/open.js';
import { caller } from '../support/harness.js';
import { tempDir, vpctwin } from '../support/cli.js';

/** A database with a /16 top pool, a /17 child pool and a /18 reservation in the child. */
function database(): { path: string; top: string; child: string } {
  const path = join(tempDir(), 'ipam.db');
  const store = openStore({ path });
  const run = <I, O>(op: Operation<I, O>, input: I): O => {
    const r = store.execute('op', op, input, caller());
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  run(initRegion, {});
  const ipam = run(createIpam, {});
  const scope = ipam.privateDefaultScopeId;
  const top = run(createIpamPool, {
    ipamScopeId: scope,
    addressFamily: 'ipv4',
    description: 'top',
  });
  run(provisionIpamPoolCidr, { ipamPoolId: top.id, cidr: '10.0.0.0/16' });
  const child = run(createIpamPool, {
    ipamScopeId: scope,
    addressFamily: 'ipv4',
    sourceIpamPoolId: top.id,
    description: 'child',
  });
  run(provisionIpamPoolCidr, { ipamPoolId: child.id, netmaskLength: 17 });
  run(allocateIpamPoolCidr, { ipamPoolId: child.id, netmaskLength: 18 });
  store.close();
  return { path, top: top.id, child: child.id };
}

describe('vpctwin ipam', () => {
  it('shows usage per pool tree, and watch raises alarms at the thresholds', () => {
    const { path, top, child } = database();
    const usage = vpctwin('ipam', 'usage', '--db', path, '--json');
    expect(usage.code, usage.stderr).toBe(0);
    const rows = JSON.parse(usage.stdout) as {
      pool: string;
      label: string;
      percentAllocated: number;
      percentAssigned: number;
      percentAvailable: number;
    }[];
    expect(
      rows.map((r) => [r.pool, r.percentAllocated, r.percentAssigned, r.percentAvailable]),
    ).toEqual([
      [top, 50, 0, 50],
      [child, 0, 50, 50],
    ]);
    expect(rows[1]?.label).toBe(`  ${child} (child)`);
    const table = vpctwin('ipam', 'usage', '--db', path);
    expect(table.stdout).toContain('#####.....');

    const alarm = vpctwin('ipam', 'watch', '--db', path, '--available-below', '60', '--once');
    expect(alarm.code).toBe(1);
    expect(alarm.stdout.match(/ALARM/g)).toHaveLength(2);
    const calm = vpctwin('ipam', 'watch', '--db', path, '--used-above', '90', '--once');
    expect(calm.code).toBe(0);
    expect(calm.stdout).toContain('ok: no pool past the thresholds');
    expect(vpctwin('ipam', 'watch', '--db', path, '--once').code).toBe(2);
  }, 60_000);

  it('reads a topology file with an ipam section: validate, usage and audit', () => {
    const file = 'examples/ipam-hierarchy.yaml';
    const valid = vpctwin('validate', file);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('valid');
    const usage = vpctwin('ipam', 'usage', file, '--json');
    expect(usage.code, usage.stderr).toBe(0);
    const rows = JSON.parse(usage.stdout) as { label: string; percentAllocated: number }[];
    // global → use1 (→ use1-prod, use1-dev), use2, euw1: 6 pools, global 18.75 % allocated.
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ percentAllocated: 18.75 });
    expect(rows[0]?.label).toContain('(global)');
    const audit = vpctwin('ipam', 'audit', file, '--json');
    expect(audit.code, audit.stderr).toBe(0);
    const cidrs = JSON.parse(audit.stdout) as {
      cidr: string;
      management: string;
      overlap: string;
    }[];
    expect(
      cidrs
        .filter((c) => c.cidr === '10.0.0.0/16')
        .map((c) => [c.management, c.overlap])
        .sort(),
    ).toEqual([
      ['managed', 'overlapping'],
      ['unmanaged', 'overlapping'],
    ]);
  }, 60_000);
});
