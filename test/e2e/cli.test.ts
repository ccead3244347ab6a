import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, vpctwin } from '../support/cli.js';

const example = 'examples/private-connector.yaml';

describe('vpctwin validate', () => {
  it('accepts the bundled examples', () => {
    const r = vpctwin('validate', example, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, operations: 21 });
  });

  it('points an AWS error at file:line:column and exits 1', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(example, 'utf8').replace('172.31.32.0/20', '172.32.32.0/20'));
    const r = vpctwin('validate', bad);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `${bad}:19:17 accounts[0].regions[0].vpcs[0].subnets[1]: InvalidSubnet.Range: The CIDR '172.32.32.0/20' is invalid.`,
    );
  });

  it('reports every shape problem with its position', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\naccounts:\n  - id: "12"\n    regions: []\n    colour: blue\n');
    const r = vpctwin('validate', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:3:9 accounts[0].id: an account id is 12 digits`);
    expect(r.stderr).toContain(`${bad}:3:5 accounts[0]: Unrecognized key: "colour"`);
  });

  it('reports YAML syntax errors with their position and a missing file as a usage error', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\naccounts: [\n');
    expect(vpctwin('validate', bad)).toMatchObject({ code: 1 });
    expect(vpctwin('validate', join(dir, 'missing.yaml'))).toMatchObject({ code: 2 });
  });
});

describe('vpctwin load / show / export', () => {
  it('loads into SQLite, shows it, and exports a file that loads back to the same network', () => {
    const dir = tempDir();
    const db = join(dir, 'net.db');
    expect(vpctwin('load', 'examples/cross-region-peering.yaml', '--db', db).code).toBe(0);
    const shown = vpctwin('show', '--db', db, '--only', 'vpcs,peerings', '--json');
    expect(shown.code).toBe(0);
    const tables = JSON.parse(shown.stdout) as {
      vpcs: { name: string }[];
      peerings: { status: string }[];
    };
    expect(tables.vpcs.map((v) => v.name).sort()).toEqual([
      'db-primary',
      'db-standby',
      'reporting',
    ]);
    expect(tables.peerings.map((p) => p.status)).toEqual(['active', 'active']);

    const exported = join(dir, 'exported.yaml');
    expect(vpctwin('export', '--db', db, '-o', exported).code).toBe(0);
    const db2 = join(dir, 'again.db');
    expect(vpctwin('load', exported, '--db', db2).code).toBe(0);
    const again = join(dir, 'again.yaml');
    expect(vpctwin('export', '--db', db2, '-o', again).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exported, 'utf8'));
  });

  it('leaves the database unchanged when a file fails half way', () => {
    const dir = tempDir();
    const db = join(dir, 'net.db');
    expect(vpctwin('load', example, '--db', db).code).toBe(0);
    const before = vpctwin('export', '--db', db).stdout;
    const bad = join(dir, 'bad.yaml');
    // Valid up to the last interface, whose address lies outside its subnet.
    writeFileSync(
      bad,
      readFileSync(example, 'utf8').replace('privateIp: 172.31.32.80', 'privateIp: 172.31.99.80'),
    );
    const r = vpctwin('load', bad, '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/networkInterfaces\[2\]/);
    expect(vpctwin('export', '--db', db).stdout).toBe(before);
  });
});

/** `vpctwin trace` from connector-a to aurora-writer in the example, with more arguments. */
const traceConnectorA = (...more: string[]) =>
  vpctwin('trace', example, '--from', 'connector-a', '--to', 'aurora-writer', ...more);

describe('vpctwin trace', () => {
  it('exits 0 for a reachable path and 1 for a blocked one', () => {
    expect(traceConnectorA('--port', '3306').code).toBe(0);
    const blocked = traceConnectorA('--port', '5432');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('blocked: ENI_SG_RULES_MISMATCH (ingress, destination-port)');
  });

  it('rejects bad input as usage errors', () => {
    expect(vpctwin('trace', example, '--from', 'nobody', '--to', 'aurora-writer').code).toBe(2);
    expect(traceConnectorA('--port', '70000').code).toBe(2);
    expect(traceConnectorA('--protocol', 'bogus').code).toBe(2);
    expect(vpctwin('trace', '--from', 'connector-a', '--to', 'aurora-writer').code).toBe(2);
  });
});
