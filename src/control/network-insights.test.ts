import { describe, expect, it } from 'vitest';
import { dualStackWorld } from '../../test/support/fixtures.js';
import { caller } from '../../test/support/harness.js';
import { ec2Arn } from '../model/ids.js';
import type { AnalysisFindings } from '../model/network-insights.js';
import { runInstances } from './instance-launch.js';
import {
  createNetworkInsightsPath,
  deleteNetworkInsightsAnalysis,
  deleteNetworkInsightsPath,
  recordNetworkInsightsAnalysis,
  type CreateNetworkInsightsPathInput,
} from './network-insights.js';

function setup() {
  const w = dualStackWorld();
  const [x] = w.h.run(runInstances, { subnetId: w.subnet.id });
  const [y] = w.h.run(runInstances, { subnetId: w.other.id });
  const path = (input: Partial<CreateNetworkInsightsPathInput> = {}) =>
    w.h.run(createNetworkInsightsPath, {
      source: x!.id,
      destination: y!.id,
      protocol: 'tcp',
      destinationPort: 443,
      ...input,
    });
  return { ...w, x: x!, y: y!, path };
}

const FOUND: AnalysisFindings = {
  status: 'succeeded',
  networkPathFound: true,
  forwardPathComponents: [{ SequenceNumber: 1, Component: { Id: 'i-1', Arn: 'arn' } }],
};

describe('CreateNetworkInsightsPath', () => {
  it('stores the path with ids, ARNs and the creation time', () => {
    const { h, x, y, path } = setup();
    const p = path({ tags: [{ key: 'Name', value: 'web' }] });
    expect(p.id).toMatch(/^nip-[0-9a-f]{17}$/);
    expect(p.arn).toBe(`arn:aws:ec2:us-east-1:111111111111:network-insights-path/${p.id}`);
    expect(p).toMatchObject({
      source: x.id,
      sourceArn: ec2Arn('instance', 'us-east-1', '111111111111', x.id),
      destination: y.id,
      destinationArn: ec2Arn('instance', 'us-east-1', '111111111111', y.id),
      protocol: 'tcp',
      destinationPort: 443,
      createdDate: '2026-01-01T00:00:00.000Z',
      tags: [{ key: 'Name', value: 'web' }],
    });
    expect(h.s.get('network-insights-path', p.id)).toEqual(p);
  });

  it('takes ARNs for the ends and stores their ids', () => {
    const { x, igw, path } = setup();
    const p = path({
      source: ec2Arn('internet-gateway', 'us-east-1', '111111111111', igw.id),
      destination: ec2Arn('instance', 'us-east-1', '111111111111', x.id),
    });
    expect(p.source).toBe(igw.id);
    expect(p.sourceArn).toBe(`arn:aws:ec2:us-east-1:111111111111:internet-gateway/${igw.id}`);
    expect(p.destination).toBe(x.id);
  });

  it('refuses a resource type that cannot end a path, by ARN too', () => {
    const { h, x, vpc } = setup();
    const e = h.fails(createNetworkInsightsPath, {
      source: ec2Arn('vpc', 'us-east-1', '111111111111', vpc.id),
      destination: x.id,
      protocol: 'tcp',
      destinationPort: 1,
    });
    expect(e.code).toBe('InvalidParameterValue');
    expect(e.message).toMatch(/not supported as a source/);
  });

  it('keeps filters and addresses as typed values', () => {
    const { path } = setup();
    const p = path({
      destination: undefined,
      destinationPort: undefined,
      filterAtSource: {
        sourceAddress: '10.0.0.4',
        destinationAddress: '8.8.8.8',
        destinationPortRange: { fromPort: 53, toPort: 53 },
        sourcePortRange: { fromPort: 1024 },
      },
      filterAtDestination: { destinationPortRange: { fromPort: 53, toPort: 53 } },
    });
    expect(p.destination).toBeUndefined();
    expect(p.filterAtSource?.destinationAddress?.toString()).toBe('8.8.8.8');
    expect(p.filterAtSource?.sourcePortRange).toEqual({ from: 1024, to: 65535 });
    expect(p.filterAtDestination?.destinationPortRange).toEqual({ from: 53, to: 53 });
  });

  it.each([
    [{ source: undefined }, 'MissingParameter', /Source/],
    [{ protocol: undefined }, 'MissingParameter', /Protocol/],
    [{ protocol: 'icmp' }, 'InvalidParameterValue', /tcp \| udp/],
    [{ destination: undefined }, 'MissingParameter', /Destination parameter or the FilterAtSource/],
    [
      { destination: undefined, destinationIp: '10.0.2.4' },
      'MissingParameter',
      /FilterAtSource.DestinationAddress/,
    ],
    [
      { sourceIp: '10.0.0.4', filterAtSource: { sourceAddress: '10.0.0.4' } },
      'InvalidParameterCombination',
      /FilterAtSource cannot be used with the parameter SourceIp/,
    ],
    [
      { filterAtSource: { sourceAddress: '10.0.0.4' } },
      'InvalidParameterCombination',
      /FilterAtSource cannot be used with the parameter DestinationPort/,
    ],
    [
      { destinationIp: '10.0.2.4', filterAtDestination: {} },
      'InvalidParameterCombination',
      /FilterAtDestination cannot be used with the parameter DestinationIp/,
    ],
    [{ destinationPort: 70000 }, 'InvalidParameterValue', /DestinationPort/],
    [{ sourceIp: '2001:db8::zz' }, 'InvalidParameterValue', /SourceIp/],
    [{ destinationIp: '10.0.0' }, 'InvalidParameterValue', /DestinationIp/],
    [
      {
        destinationPort: undefined,
        filterAtSource: { destinationPortRange: { fromPort: 9, toPort: 8 } },
      },
      'InvalidParameterValue',
      /DestinationPortRange/,
    ],
    [{ source: 'subnet-00000000' }, 'InvalidParameterValue', /not supported as a source/],
    [{ destination: 'i-00000000000000000' }, 'InvalidInstanceID.NotFound', /i-0{17}/],
    [{ source: 'eni-00000000000000000' }, 'InvalidNetworkInterfaceID.NotFound', /eni-/],
    [{ source: 'arn:aws:ec2:us-east-1:111111111111:vpc-endpoint' }, 'InvalidParameterValue', /ARN/],
    [
      { source: 'arn:aws:ec2:us-east-1:111111111111:subnet/i-00000000' },
      'InvalidParameterValue',
      /ARN/,
    ],
  ] as const)('refuses %j with %s', (patch, code, message) => {
    const { h, x, y } = setup();
    const e = h.fails(createNetworkInsightsPath, {
      source: x.id,
      destination: y.id,
      protocol: 'tcp',
      destinationPort: 443,
      ...patch,
    });
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("refuses another account's resource by id, and an ARN naming the wrong owner", () => {
    const { h, x, y } = setup();
    const other = caller('222222222222');
    h.init(other);
    const e = h.fails(
      createNetworkInsightsPath,
      { source: y.id, destination: x.id, protocol: 'tcp', destinationPort: 1 },
      other,
    );
    expect(e.code).toBe('InvalidInstanceID.NotFound');
    const byArn = h.run(
      createNetworkInsightsPath,
      {
        source: ec2Arn('instance', 'us-east-1', '111111111111', y.id),
        destination: ec2Arn('instance', 'us-east-1', '111111111111', x.id),
        protocol: 'tcp',
        destinationPort: 1,
      },
      other,
    );
    expect(byArn.ownerId).toBe('222222222222');
    expect(
      h.fails(createNetworkInsightsPath, {
        source: ec2Arn('instance', 'us-east-1', '222222222222', y.id),
        destination: x.id,
        protocol: 'tcp',
        destinationPort: 1,
      }).code,
    ).toBe('InvalidInstanceID.NotFound');
  });
});

describe('analyses and deletes', () => {
  it('records findings as given and links them to the path', () => {
    const { h, path } = setup();
    const p = path();
    const a = h.run(recordNetworkInsightsAnalysis, {
      networkInsightsPathId: p.id,
      findings: FOUND,
      filterInArns: [p.sourceArn],
      tags: [{ key: 'k', value: 'v' }],
    });
    expect(a.id).toMatch(/^nia-[0-9a-f]{17}$/);
    expect(a.arn).toBe(`arn:aws:ec2:us-east-1:111111111111:network-insights-analysis/${a.id}`);
    expect(a).toMatchObject({
      networkInsightsPathId: p.id,
      status: 'succeeded',
      networkPathFound: true,
      forwardPathComponents: FOUND.forwardPathComponents,
      filterInArns: [p.sourceArn],
      startDate: '2026-01-01T00:00:00.000Z',
    });
  });

  it('refuses an analysis of an unknown path, a bad FilterInArns entry and a bad account', () => {
    const { h, path } = setup();
    const p = path();
    expect(
      h.fails(recordNetworkInsightsAnalysis, {
        networkInsightsPathId: 'nip-00000000000000000',
        findings: FOUND,
      }).code,
    ).toBe('InvalidNetworkInsightsPathId.NotFound');
    expect(
      h.fails(recordNetworkInsightsAnalysis, {
        networkInsightsPathId: p.id,
        findings: FOUND,
        filterInArns: ['nat-1'],
      }).code,
    ).toBe('InvalidParameterValue');
    expect(
      h.fails(recordNetworkInsightsAnalysis, {
        networkInsightsPathId: p.id,
        findings: FOUND,
        additionalAccounts: ['12'],
      }).code,
    ).toBe('InvalidParameterValue');
  });

  it('deletes a path only once its analyses are gone, as AWS does', () => {
    const { h, path } = setup();
    const p = path();
    const a = h.run(recordNetworkInsightsAnalysis, {
      networkInsightsPathId: p.id,
      findings: FOUND,
    });
    const e = h.fails(deleteNetworkInsightsPath, { networkInsightsPathId: p.id });
    expect(e.code).toBe('AnalysisExistsForNetworkInsightsPath');
    expect(e.message).toBe(
      `At least one analysis [${a.id}] exists for path ${p.id}. Delete all the analyses before deleting this network path.`,
    );
    expect(h.run(deleteNetworkInsightsAnalysis, { networkInsightsAnalysisId: a.id })).toBe(a.id);
    expect(h.run(deleteNetworkInsightsPath, { networkInsightsPathId: p.id })).toBe(p.id);
    expect(h.s.count('network-insights-path')).toBe(0);
    expect(h.fails(deleteNetworkInsightsPath, { networkInsightsPathId: p.id }).code).toBe(
      'InvalidNetworkInsightsPathId.NotFound',
    );
    expect(h.fails(deleteNetworkInsightsAnalysis, { networkInsightsAnalysisId: a.id }).code).toBe(
      'InvalidNetworkInsightsAnalysisId.NotFound',
    );
  });

  it("does not show one account's paths to another", () => {
    const { h, path } = setup();
    const p = path();
    const other = caller('222222222222');
    h.init(other);
    expect(h.fails(deleteNetworkInsightsPath, { networkInsightsPathId: p.id }, other).code).toBe(
      'InvalidNetworkInsightsPathId.NotFound',
    );
  });
});
