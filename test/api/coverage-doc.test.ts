import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverage, coverageDocument, coverageMarkdown, familyOf } from '../../src/api/coverage.js';
import { EC2_HANDLERS } from '../../src/api/handlers/index.js';
import { loadEc2Model } from '../../src/api/protocol/model.js';

const model = loadEc2Model();
const IMPLEMENTED = Object.keys(EC2_HANDLERS);

describe('docs/coverage.md', () => {
  it('is up to date with the model and the registered handlers', () => {
    const written = readFileSync('docs/coverage.md', 'utf8');
    // Not toBe: a diff of two 1,000-line strings is unreadable; the first differing line is not.
    const expected = coverageDocument().split('\n');
    const actual = written.split('\n');
    const line = expected.findIndex((l, i) => l !== actual[i]);
    expect(
      line === -1 && actual.length === expected.length,
      `docs/coverage.md is out of date at line ${line + 1}: run \`npm run docs:coverage\` and commit the result\n` +
        `  file:      ${actual[line] ?? '(end of file)'}\n  generated: ${expected[line] ?? '(end)'}`,
    ).toBe(true);
  });

  it('lists every operation of the model once, marked implemented exactly when a handler is registered', () => {
    const doc = coverageDocument();
    const rows = [...doc.matchAll(/^\| ([A-Z][A-Za-z0-9]+) \| (implemented|—) \|$/gm)];
    const names = rows.map((r) => r[1]);
    expect(names.length).toBe(model.operationNames().length);
    expect(new Set(names)).toEqual(new Set(model.operationNames()));
    const marked = rows.filter((r) => r[2] === 'implemented').map((r) => r[1]);
    expect(marked.sort()).toEqual([...IMPLEMENTED].sort());
    expect(doc).toContain(
      `**${IMPLEMENTED.length} of ${model.operationNames().length} operations implemented`,
    );
  });

  it('registers no action the model does not have', () => {
    expect(coverage(model, IMPLEMENTED).unknown).toEqual([]);
    const c = coverage(model, [...IMPLEMENTED, 'DescribeUnicorns']);
    expect(c.unknown).toEqual(['DescribeUnicorns']);
    expect(coverageMarkdown(c, 'x')).toContain('- DescribeUnicorns');
  });

  it('adds up: family counts sum to the totals', () => {
    const c = coverage(model, IMPLEMENTED);
    expect(c.families.reduce((n, f) => n + f.operations.length, 0)).toBe(c.total);
    expect(c.families.flatMap((f) => f.operations).filter((o) => o.implemented).length).toBe(
      c.implemented,
    );
    expect(c.implemented).toBe(IMPLEMENTED.length);
  });

  it('does not depend on the order handlers are registered in', () => {
    const forward = coverageMarkdown(coverage(model, IMPLEMENTED), 'x');
    const backward = coverageMarkdown(coverage(model, [...IMPLEMENTED].reverse()), 'x');
    expect(backward).toBe(forward);
  });

  it('groups operations by the resource they act on', () => {
    expect(familyOf('CreateVpc')).toBe('VPCs');
    expect(familyOf('DescribeVpcAttribute')).toBe('VPCs');
    expect(familyOf('CreateDefaultSubnet')).toBe('Subnets');
    expect(familyOf('ReplaceRouteTableAssociation')).toBe('Route tables');
    expect(familyOf('AuthorizeSecurityGroupIngress')).toBe('Security groups');
    expect(familyOf('DescribeStaleSecurityGroups')).toBe('Security groups');
    expect(familyOf('ApplySecurityGroupsToClientVpnTargetNetwork')).toBe('Client VPN');
    expect(familyOf('CreateTransitGatewayPrefixListReference')).toBe('Transit gateways');
    expect(familyOf('GetManagedPrefixListEntries')).toBe('Prefix lists');
    expect(familyOf('AssignPrivateNatGatewayAddress')).toBe('NAT gateways');
    expect(familyOf('MoveAddressToVpc')).toBe('EC2-Classic');
    expect(familyOf('ReleaseAddress')).toBe('Elastic IP addresses');
    expect(familyOf('RunInstances')).toBe('Instances');
    expect(familyOf('ExportImage')).toBe('Images (AMIs)');
    expect(familyOf('DescribeImportSnapshotTasks')).toBe('Import, export and bundle tasks');
    expect(familyOf('StartNetworkInsightsAnalysis')).toBe(
      'Reachability Analyzer and Network Access Analyzer',
    );
    // Few operations fall outside every family.
    const other = coverage(model, []).families.find((f) => f.title === 'Other');
    expect(other?.operations.length ?? 0).toBeLessThan(10);
  });
});
