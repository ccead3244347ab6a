import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { amazonScope, analyzeAccess, parseAccessScope } from '../../src/analysis/access/index.js';
import { loadFile } from '../../src/cli/network.js';
import { authorizeSecurityGroupIngress } from '../../src/control/security-group.js';
import { compile } from '../../src/dataplane/index.js';
import { nameTag } from '../../src/model/common.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { openStore } from '../../src/store/open.js';
import { lastSeq } from '../../src/store/revision.js';
import { runVpctwin } from '../support/cli-process.js';
import { caller } from '../support/harness.js';
import { tempFiles } from '../store/temp.js';

/**
 * `vpctwin analyze` and `vpctwin matrix` as users run them (the built CLI in a child process):
 * the findings equal the analyzer's own answer, exit codes follow D134, and change impact
 * compares two topology files or two points of a database's change log.
 */

const EXAMPLE = 'examples/private-connector.yaml';
/** Egress through an inspection appliance and a NAT gateway: AWS-IGW-Egress has findings. */
const GWLB = 'examples/gwlb-inspection.yaml';
const BOOKS = caller('222222222222', 'eu-west-1');
const temp = tempFiles('vpctwin-analyze-');

/** TCP 5432 into any network interface: nothing in the example allows it. */
const POSTGRES_SCOPE = {
  MatchPaths: [
    {
      Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } },
      Destination: { PacketHeaderStatement: { DestinationPorts: ['5432'], Protocols: ['tcp'] } },
    },
  ],
};

/** The example with the database's group also admitting TCP 5432 from the connectors. */
function withPostgres(): string {
  const text = readFileSync(EXAMPLE, 'utf8');
  const rule = '- { protocol: tcp, ports: 3306, securityGroup: connector-sg }';
  expect(text).toContain(rule);
  const file = temp('after.yaml');
  writeFileSync(
    file,
    text.replace(
      rule,
      `${rule}\n                  - { protocol: tcp, ports: 5432, securityGroup: connector-sg }`,
    ),
  );
  return file;
}

function scopeFile(json: unknown): string {
  const file = temp('scope.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

/** The example's snapshot, loaded in process. */
function exampleSnapshot(file = EXAMPLE): Snapshot {
  const store = openStore();
  loadFile(store, file);
  return store.snapshot;
}

const ids = (json: string) =>
  (JSON.parse(json) as { AnalysisFindings: { FindingId: string }[] }).AnalysisFindings.map(
    (f) => f.FindingId,
  );

describe('vpctwin analyze', () => {
  it("prints AWS's JSON with exactly the analyzer's findings and exits 1 when there are any", async () => {
    const r = await runVpctwin(['analyze', GWLB, '--scope', 'AWS-IGW-Egress', '--json']);
    const expected = analyzeAccess(compile(exampleSnapshot(GWLB)), amazonScope('AWS-IGW-Egress')!);
    if (!expected.ok) throw new Error(expected.error.message);
    expect(expected.value.findings.length).toBeGreaterThan(0);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as {
      AnalysisStatus: string;
      AnalysisFindings: { FindingId: string; FindingComponents: unknown[] }[];
    };
    expect(out.AnalysisStatus).toBe('succeeded');
    expect(out.AnalysisFindings).toEqual(
      expected.value.findings.map((f) => ({
        FindingId: f.findingId,
        FindingComponents: JSON.parse(JSON.stringify(f.components)) as unknown,
      })),
    );
  });

  it('prints findings grouped by source and destination with hops, headers and a witness', async () => {
    const r = await runVpctwin(['analyze', GWLB, '--scope', 'AWS-IGW-Egress']);
    expect(r.code, r.stderr).toBe(1);
    const expected = analyzeAccess(compile(exampleSnapshot(GWLB)), amazonScope('AWS-IGW-Egress')!);
    if (!expected.ok) throw new Error(expected.error.message);
    const n = expected.value.findings.length;
    expect(r.stdout).toMatch(new RegExp(`^${n} findings? \\(\\d+ network interfaces? analysed\\)`));
    for (const f of expected.value.findings) {
      expect(r.stdout).toContain(`${f.findingId}\n     hops     `);
      expect(r.stdout).toContain(f.destination.id);
    }
    expect(r.stdout.match(/^ {5}witness {2}\S+ /gm)?.length).toBe(n);
  });

  it('exits 0 without findings and 2 for a bad scope', async () => {
    const none = await runVpctwin(['analyze', EXAMPLE, '--scope', scopeFile(POSTGRES_SCOPE)]);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/^0 findings/);
    const badJson = await runVpctwin([
      'analyze',
      EXAMPLE,
      '--scope',
      scopeFile({ MatchPaths: [{ Source: { PacketHeaderStatement: { SourcePorts: ['x'] } } }] }),
    ]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('InvalidParameterValue');
    const noList = await runVpctwin([
      'analyze',
      EXAMPLE,
      '--scope',
      scopeFile({
        MatchPaths: [
          { Source: { PacketHeaderStatement: { SourcePrefixLists: ['pl-0123456789abcdef0'] } } },
        ],
      }),
    ]);
    expect(noList.code).toBe(2);
    expect(noList.stderr).toContain('InvalidPrefixListID.NotFound');
    const unknown = await runVpctwin(['analyze', EXAMPLE, '--scope', 'All-The-Things']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('All-IGW-Ingress');
  });

  it('reports progress on stderr with --progress', async () => {
    const r = await runVpctwin(['analyze', GWLB, '--scope', 'AWS-IGW-Egress', '--progress']);
    expect(r.stderr).toMatch(/analysing: (\d+)\/\1 starting points/);
  });

  it('accepts the output of get-network-insights-access-scope-content as a scope file', async () => {
    const wrapped = scopeFile({
      NetworkInsightsAccessScopeContent: {
        NetworkInsightsAccessScopeId: 'nis-0123456789abcdef0',
        ...POSTGRES_SCOPE,
        ExcludePaths: [],
      },
    });
    const r = await runVpctwin(['analyze', EXAMPLE, '--scope', wrapped, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(ids(r.stdout)).toEqual([]);
  });
});

describe('vpctwin analyze: change impact', () => {
  it('lists the findings two topology files differ by, and gates on added ones', async () => {
    const after = withPostgres();
    const scope = scopeFile(POSTGRES_SCOPE);
    const expected = analyzeAccess(
      compile(exampleSnapshot(after)),
      (() => {
        const p = parseAccessScope(POSTGRES_SCOPE);
        if (!p.ok) throw new Error(p.error.message);
        return p.value;
      })(),
    );
    if (!expected.ok) throw new Error(expected.error.message);
    expect(expected.value.findings.length, 'connectors reach the database on 5432').toBeGreaterThan(
      0,
    );

    const opened = await runVpctwin([
      'analyze',
      '--scope',
      scope,
      '--before',
      EXAMPLE,
      '--after',
      after,
      '--json',
    ]);
    expect(opened.code, opened.stderr).toBe(1);
    const diff = JSON.parse(opened.stdout) as {
      AddedFindings: { FindingId: string }[];
      RemovedFindings: unknown[];
    };
    expect(diff.AddedFindings.map((f) => f.FindingId)).toEqual(
      expected.value.findings.map((f) => f.findingId),
    );
    expect(diff.RemovedFindings).toEqual([]);

    // The reverse change only removes: a gate on added findings passes.
    const closed = await runVpctwin([
      'analyze',
      '--scope',
      scope,
      '--before',
      after,
      '--after',
      EXAMPLE,
    ]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toMatch(
      new RegExp(`^0 finding\\(s\\) added, ${expected.value.findings.length} removed`),
    );
  });

  it('compares two points of a database change log', async () => {
    const db = temp('twin.db');
    const store = openStore({ path: db });
    loadFile(store, EXAMPLE);
    const loaded = lastSeq(store);
    const group = (name: string) =>
      [...store.snapshot.all('security-group')].find((g) => nameTag(g) === name)!.id;
    const r = store.execute(
      'AuthorizeSecurityGroupIngress',
      authorizeSecurityGroupIngress,
      {
        groupId: group('db-sg'),
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: 5432,
            toPort: 5432,
            userIdGroupPairs: [{ groupId: group('connector-sg') }],
          },
        ],
      },
      BOOKS,
    );
    expect(r.ok).toBe(true);
    const changed = lastSeq(store);
    store.close();
    const scope = scopeFile(POSTGRES_SCOPE);
    const ask = (before: number, after: number) =>
      runVpctwin([
        'analyze',
        '--db',
        db,
        '--scope',
        scope,
        '--before-revision',
        String(before),
        '--after-revision',
        String(after),
        '--json',
      ]);
    const opened = await ask(loaded, changed);
    expect(opened.code, opened.stderr).toBe(1);
    const viaFiles = await runVpctwin([
      'analyze',
      '--scope',
      scope,
      '--before',
      EXAMPLE,
      '--after',
      withPostgres(),
      '--json',
    ]);
    const count = (out: string) =>
      (JSON.parse(out) as { AddedFindings: unknown[] }).AddedFindings.length;
    expect(count(opened.stdout)).toBe(count(viaFiles.stdout));
    const same = await ask(changed, changed);
    expect(same.code).toBe(0);
    const past = await ask(0, changed + 1);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain(`operations 1 to ${changed}`);
  });
});

describe('vpctwin matrix', () => {
  it('shows the connectors reaching the database on MySQL, by subnet and by group', async () => {
    const bySubnet = await runVpctwin(['matrix', EXAMPLE, '--json']);
    expect(bySubnet.code, bySubnet.stderr).toBe(0);
    const rows = JSON.parse(bySubnet.stdout) as {
      From: { Name?: string };
      To: { Name?: string };
      Protocols: { Protocol: string; Ports?: string[] }[];
    }[];
    const cell = (from: string, to: string) =>
      rows.find((r) => r.From.Name === from && r.To.Name === to);
    expect(cell('private-a', 'private-b')?.Protocols).toContainEqual({
      Protocol: 'tcp',
      Ports: ['3306'],
    });
    const byGroup = await runVpctwin(['matrix', EXAMPLE, '--by', 'security-group']);
    expect(byGroup.code, byGroup.stderr).toBe(0);
    expect(byGroup.stdout).toMatch(
      /^connector-sg \(sg-[0-9a-f]+\) -> db-sg \(sg-[0-9a-f]+\): tcp 3306$/m,
    );
    const bad = await runVpctwin(['matrix', EXAMPLE, '--by', 'vpc']);
    expect(bad.code).toBe(2);
  });
});
