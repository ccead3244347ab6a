import {
  CreateNetworkInsightsAccessScopeCommand,
  DeleteNetworkInsightsAccessScopeAnalysisCommand,
  DeleteNetworkInsightsAccessScopeCommand,
  DescribeNetworkInsightsAccessScopeAnalysesCommand,
  DescribeNetworkInsightsAccessScopesCommand,
  EC2Client,
  GetNetworkInsightsAccessScopeAnalysisFindingsCommand,
  GetNetworkInsightsAccessScopeContentCommand,
  StartNetworkInsightsAccessScopeAnalysisCommand,
  type AccessScopePathRequest,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amazonScope, analyzeAccess } from '../../src/analysis/access/index.js';
import { loadFile } from '../../src/cli/network.js';
import { compile } from '../../src/dataplane/index.js';
import { FixedClock } from '../../src/model/clock.js';
import { amazonScopeId } from '../../src/model/network-insights-access-scope.js';
import { openStore } from '../../src/store/open.js';
import { awsCli } from '../support/aws-cli.js';
import { startTwin, type Twin } from '../support/api.js';

/**
 * Network Access Analyzer through the EC2 API, driven by @aws-sdk/client-ec2 and the AWS CLI on
 * the GWLB-inspection reference network (account 111111111111, us-east-1): scopes, the four
 * Amazon-created ones, analyses whose findings equal the analyzer's own answer (same ids, same
 * order, same components), paging, and AWS's refusals for bad input.
 */

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

let twin: Twin;
let ec2: EC2Client;

beforeEach(async () => {
  const store = openStore({ clock: new FixedClock() });
  loadFile(store, 'examples/gwlb-inspection.yaml');
  twin = await startTwin({ store, defaultAccount: ACCOUNT });
  ec2 = new EC2Client({
    endpoint: twin.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterEach(async () => {
  ec2.destroy();
  await twin.close();
});

const INTERNET_TO_DB: AccessScopePathRequest[] = [
  {
    Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
    Destination: {
      PacketHeaderStatement: { DestinationPorts: ['3306', '1024-2048'], Protocols: ['tcp'] },
    },
  },
];

/** The analyzer's findings for an Amazon-created scope on the twin's current state. */
function expectedFindings(name: string) {
  const r = analyzeAccess(compile(twin.store.snapshot), amazonScope(name)!);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The SDK's error name for a refused call, checking that it changed nothing. */
const refused = (send: () => Promise<unknown>) => twin.refusal(send);

describe('scopes', () => {
  it('creates a scope, shows its canonical content, describes and deletes it', async () => {
    const created = await ec2.send(
      new CreateNetworkInsightsAccessScopeCommand({
        MatchPaths: INTERNET_TO_DB,
        ExcludePaths: [
          { Source: { PacketHeaderStatement: { SourceAddresses: ['198.51.100.7'] } } },
        ],
        TagSpecifications: [
          { ResourceType: 'network-insights-access-scope', Tags: [{ Key: 'Name', Value: 'db' }] },
        ],
      }),
    );
    const scope = created.NetworkInsightsAccessScope!;
    expect(scope.NetworkInsightsAccessScopeId).toMatch(/^nis-[0-9a-f]{17}$/);
    expect(scope.NetworkInsightsAccessScopeArn).toBe(
      `arn:aws:ec2:${REGION}:${ACCOUNT}:network-insights-access-scope/${scope.NetworkInsightsAccessScopeId}`,
    );
    expect(scope.Tags).toEqual([{ Key: 'Name', Value: 'db' }]);
    const expectedContent = {
      NetworkInsightsAccessScopeId: scope.NetworkInsightsAccessScopeId,
      MatchPaths: [
        {
          Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
          Destination: {
            PacketHeaderStatement: { DestinationPorts: ['3306', '1024-2048'], Protocols: ['tcp'] },
          },
        },
      ],
      // A bare address is written back as its /32 (D122's canonical form).
      ExcludePaths: [
        { Source: { PacketHeaderStatement: { SourceAddresses: ['198.51.100.7/32'] } } },
      ],
    };
    expect(created.NetworkInsightsAccessScopeContent).toEqual(expectedContent);
    const content = await ec2.send(
      new GetNetworkInsightsAccessScopeContentCommand({
        NetworkInsightsAccessScopeId: scope.NetworkInsightsAccessScopeId,
      }),
    );
    expect(content.NetworkInsightsAccessScopeContent).toEqual(expectedContent);

    const all = await ec2.send(new DescribeNetworkInsightsAccessScopesCommand({}));
    expect(all.NetworkInsightsAccessScopes!.map((s) => s.NetworkInsightsAccessScopeId)).toContain(
      scope.NetworkInsightsAccessScopeId,
    );
    const byTag = await ec2.send(
      new DescribeNetworkInsightsAccessScopesCommand({
        Filters: [{ Name: 'tag:Name', Values: ['db'] }],
      }),
    );
    expect(byTag.NetworkInsightsAccessScopes!.map((s) => s.NetworkInsightsAccessScopeId)).toEqual([
      scope.NetworkInsightsAccessScopeId,
    ]);

    const deleted = await ec2.send(
      new DeleteNetworkInsightsAccessScopeCommand({
        NetworkInsightsAccessScopeId: scope.NetworkInsightsAccessScopeId,
      }),
    );
    expect(deleted.NetworkInsightsAccessScopeId).toBe(scope.NetworkInsightsAccessScopeId);
    expect(
      await refused(() =>
        ec2.send(
          new GetNetworkInsightsAccessScopeContentCommand({
            NetworkInsightsAccessScopeId: scope.NetworkInsightsAccessScopeId,
          }),
        ),
      ),
    ).toBe('InvalidNetworkInsightsAccessScopeId.NotFound');
  });

  it('lists the four Amazon-created scopes with fixed ids, Name tags and their content', async () => {
    const all = await ec2.send(new DescribeNetworkInsightsAccessScopesCommand({}));
    const byName = new Map(
      all.NetworkInsightsAccessScopes!.map((s) => [
        s.Tags?.find((t) => t.Key === 'Name')?.Value,
        s.NetworkInsightsAccessScopeId,
      ]),
    );
    for (const name of ['All-IGW-Ingress', 'AWS-IGW-Egress', 'AWS-VPC-Ingress', 'AWS-VPC-Egress']) {
      expect(byName.get(name)).toBe(amazonScopeId(ACCOUNT, REGION, name as 'All-IGW-Ingress'));
    }
    const content = await ec2.send(
      new GetNetworkInsightsAccessScopeContentCommand({
        NetworkInsightsAccessScopeId: byName.get('AWS-IGW-Egress'),
      }),
    );
    expect(content.NetworkInsightsAccessScopeContent!.MatchPaths).toEqual([
      {
        Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } },
        Destination: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
      },
    ]);
    expect(
      await refused(() =>
        ec2.send(
          new DeleteNetworkInsightsAccessScopeCommand({
            NetworkInsightsAccessScopeId: byName.get('AWS-IGW-Egress'),
          }),
        ),
      ),
    ).toBe('OperationNotPermitted');
  });

  it("refuses bad scopes with AWS's codes and stores nothing", async () => {
    const create = (MatchPaths?: AccessScopePathRequest[]) =>
      refused(() => ec2.send(new CreateNetworkInsightsAccessScopeCommand({ MatchPaths })));
    expect(await create(undefined)).toBe('MissingParameter');
    expect(
      await create([{ Source: { PacketHeaderStatement: { SourceAddresses: ['10.0.0.0/33'] } } }]),
    ).toBe('InvalidParameterValue');
    expect(
      await create([{ Destination: { PacketHeaderStatement: { DestinationPorts: ['70000'] } } }]),
    ).toBe('InvalidParameterValue');
    expect(
      await create([
        { Source: { ResourceStatement: { Resources: ['vpc-1a2b3c4d'], ResourceTypes: ['x'] } } },
      ]),
    ).toBe('InvalidParameterCombination');
    expect(
      await create([{ Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::Nope'] } } }]),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        ec2.send(
          new CreateNetworkInsightsAccessScopeCommand({
            MatchPaths: INTERNET_TO_DB,
            TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('answers raw query requests with AWS codes for unknown and malformed ids', async () => {
    // Raw requests are signed for us-east-1: its first call sets the Region up.
    await twin.query('DescribeNetworkInsightsAccessScopes');
    const get = (id: string) =>
      twin.rawRefusal('GetNetworkInsightsAccessScopeContent', {
        NetworkInsightsAccessScopeId: id,
      });
    const unknown = await get('nis-0123456789abcdef0');
    expect(unknown.status).toBe(400);
    expect(unknown.code).toBe('InvalidNetworkInsightsAccessScopeId.NotFound');
    expect(unknown.message).toBe(
      "The network insights access scope ID 'nis-0123456789abcdef0' does not exist",
    );
    expect((await get('subnet-0123456789abcdef0')).code).toBe('InvalidParameterValue');
    const bad = await twin.rawRefusal('CreateNetworkInsightsAccessScope', {
      ClientToken: 't1',
      'MatchPath.1.Source.PacketHeaderStatement.Protocol.1': 'sctp-ish',
    });
    expect(bad.code).toBe('InvalidParameterValue');
  });
});

describe('analyses', () => {
  it("runs an Amazon-created scope and pages exactly the analyzer's findings", async () => {
    const scopeId = amazonScopeId(ACCOUNT, REGION, 'AWS-IGW-Egress');
    const expected = expectedFindings('AWS-IGW-Egress');
    expect(expected.findings.length, 'the network has several egress paths').toBeGreaterThan(1);
    const started = await ec2.send(
      new StartNetworkInsightsAccessScopeAnalysisCommand({
        NetworkInsightsAccessScopeId: scopeId,
        TagSpecifications: [
          {
            ResourceType: 'network-insights-access-scope-analysis',
            Tags: [{ Key: 'run', Value: '1' }],
          },
        ],
      }),
    );
    const a = started.NetworkInsightsAccessScopeAnalysis!;
    expect(a.NetworkInsightsAccessScopeAnalysisId).toMatch(/^nisa-[0-9a-f]{17}$/);
    expect(a).toMatchObject({
      NetworkInsightsAccessScopeId: scopeId,
      Status: 'succeeded',
      FindingsFound: 'true',
      AnalyzedEniCount: expected.analyzedEniCount,
      Tags: [{ Key: 'run', Value: '1' }],
    });
    expect(a.StartDate).toEqual(a.EndDate);

    // Page by 1: every finding once, in the analyzer's order, with its components.
    const seen: { FindingId?: string; FindingComponents?: unknown[] }[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new GetNetworkInsightsAccessScopeAnalysisFindingsCommand({
          NetworkInsightsAccessScopeAnalysisId: a.NetworkInsightsAccessScopeAnalysisId,
          MaxResults: 1,
          NextToken: token,
        }),
      );
      expect(page.AnalysisStatus).toBe('succeeded');
      expect(page.AnalysisFindings!.length).toBe(1);
      expect(page.AnalysisFindings![0]).toMatchObject({
        NetworkInsightsAccessScopeAnalysisId: a.NetworkInsightsAccessScopeAnalysisId,
        NetworkInsightsAccessScopeId: scopeId,
      });
      seen.push(...page.AnalysisFindings!);
      token = page.NextToken;
    } while (token !== undefined);
    expect(seen.map((f) => f.FindingId)).toEqual(expected.findings.map((f) => f.findingId));
    expect(seen.map((f) => f.FindingComponents)).toEqual(
      // AWS's members of the analyzer's components: its exact header sets (InboundHeaders,
      // OutboundHeaders) are a vpctwin extension the EC2 model has no place for (D130).
      expected.findings.map((f) =>
        f.components.map((c) => {
          const {
            InboundHeaders: _in,
            OutboundHeaders: _out,
            ...aws
          } = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
          return aws;
        }),
      ),
    );

    // Without MaxResults: all of them in one answer.
    const whole = await ec2.send(
      new GetNetworkInsightsAccessScopeAnalysisFindingsCommand({
        NetworkInsightsAccessScopeAnalysisId: a.NetworkInsightsAccessScopeAnalysisId,
      }),
    );
    expect(whole.AnalysisFindings!.length).toBe(expected.findings.length);
    expect(whole.NextToken).toBeUndefined();
  });

  it('describes analyses by scope and id, and deletes scope and analyses in order', async () => {
    const created = await ec2.send(
      new CreateNetworkInsightsAccessScopeCommand({ MatchPaths: INTERNET_TO_DB }),
    );
    const scopeId = created.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!;
    const first = (
      await ec2.send(
        new StartNetworkInsightsAccessScopeAnalysisCommand({
          NetworkInsightsAccessScopeId: scopeId,
        }),
      )
    ).NetworkInsightsAccessScopeAnalysis!;
    const second = (
      await ec2.send(
        new StartNetworkInsightsAccessScopeAnalysisCommand({
          NetworkInsightsAccessScopeId: amazonScopeId(ACCOUNT, REGION, 'All-IGW-Ingress'),
        }),
      )
    ).NetworkInsightsAccessScopeAnalysis!;
    expect(first.Status).toBe('succeeded');
    const ofScope = await ec2.send(
      new DescribeNetworkInsightsAccessScopeAnalysesCommand({
        NetworkInsightsAccessScopeId: scopeId,
      }),
    );
    expect(
      ofScope.NetworkInsightsAccessScopeAnalyses!.map(
        (x) => x.NetworkInsightsAccessScopeAnalysisId,
      ),
    ).toEqual([first.NetworkInsightsAccessScopeAnalysisId]);
    const both = await ec2.send(new DescribeNetworkInsightsAccessScopeAnalysesCommand({}));
    expect(both.NetworkInsightsAccessScopeAnalyses!.length).toBe(2);
    // The start-time window, both bounds inclusive (the twin's clock is fixed).
    const at = first.StartDate!;
    const window = async (begin: Date, end?: Date) =>
      (
        await ec2.send(
          new DescribeNetworkInsightsAccessScopeAnalysesCommand({
            AnalysisStartTimeBegin: begin,
            AnalysisStartTimeEnd: end,
          }),
        )
      ).NetworkInsightsAccessScopeAnalyses!.length;
    expect(await window(at, at)).toBe(2);
    expect(await window(new Date(at.getTime() + 1000))).toBe(0);
    const paged = await ec2.send(
      new DescribeNetworkInsightsAccessScopeAnalysesCommand({ MaxResults: 1 }),
    );
    expect(paged.NetworkInsightsAccessScopeAnalyses!.length).toBe(1);
    expect(paged.NextToken).toBeDefined();
    const byId = await ec2.send(
      new DescribeNetworkInsightsAccessScopeAnalysesCommand({
        NetworkInsightsAccessScopeAnalysisIds: [second.NetworkInsightsAccessScopeAnalysisId!],
      }),
    );
    expect(byId.NetworkInsightsAccessScopeAnalyses![0]!.NetworkInsightsAccessScopeId).toBe(
      amazonScopeId(ACCOUNT, REGION, 'All-IGW-Ingress'),
    );

    expect(
      await refused(() =>
        ec2.send(
          new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: scopeId }),
        ),
      ),
    ).toBe('AnalysisExistsForNetworkInsightsAccessScope');
    await ec2.send(
      new DeleteNetworkInsightsAccessScopeAnalysisCommand({
        NetworkInsightsAccessScopeAnalysisId: first.NetworkInsightsAccessScopeAnalysisId,
      }),
    );
    await ec2.send(
      new DeleteNetworkInsightsAccessScopeCommand({ NetworkInsightsAccessScopeId: scopeId }),
    );
  });

  it('records a failed analysis when the scope names a prefix list that does not exist (D133)', async () => {
    const created = await ec2.send(
      new CreateNetworkInsightsAccessScopeCommand({
        MatchPaths: [
          { Source: { PacketHeaderStatement: { SourcePrefixLists: ['pl-0123456789abcdef0'] } } },
        ],
      }),
    );
    const a = (
      await ec2.send(
        new StartNetworkInsightsAccessScopeAnalysisCommand({
          NetworkInsightsAccessScopeId:
            created.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId,
        }),
      )
    ).NetworkInsightsAccessScopeAnalysis!;
    expect(a.Status).toBe('failed');
    expect(a.FindingsFound).toBe('unknown');
    expect(a.StatusMessage).toContain('InvalidPrefixListID.NotFound');
    const findings = await ec2.send(
      new GetNetworkInsightsAccessScopeAnalysisFindingsCommand({
        NetworkInsightsAccessScopeAnalysisId: a.NetworkInsightsAccessScopeAnalysisId,
      }),
    );
    expect(findings.AnalysisStatus).toBe('failed');
    expect(findings.AnalysisFindings ?? []).toEqual([]);
  });

  it("refuses bad MaxResults, tokens and unknown ids with AWS's codes", async () => {
    const a = (
      await ec2.send(
        new StartNetworkInsightsAccessScopeAnalysisCommand({
          NetworkInsightsAccessScopeId: amazonScopeId(ACCOUNT, REGION, 'AWS-IGW-Egress'),
        }),
      )
    ).NetworkInsightsAccessScopeAnalysis!;
    const findings = (MaxResults?: number, NextToken?: string, id?: string) =>
      refused(() =>
        ec2.send(
          new GetNetworkInsightsAccessScopeAnalysisFindingsCommand({
            NetworkInsightsAccessScopeAnalysisId: id ?? a.NetworkInsightsAccessScopeAnalysisId,
            MaxResults,
            NextToken,
          }),
        ),
      );
    expect(await findings(0)).toBe('InvalidParameterValue');
    expect(await findings(1001)).toBe('InvalidParameterValue');
    expect(await findings(undefined, 'not-a-token')).toBe('InvalidPaginationToken');
    expect(await findings(undefined, undefined, 'nisa-0123456789abcdef0')).toBe(
      'InvalidNetworkInsightsAccessScopeAnalysisId.NotFound',
    );
    expect(await findings(undefined, undefined, 'nis-0123456789abcdef0')).toBe(
      'InvalidParameterValue',
    );
    expect(
      await refused(() =>
        ec2.send(new DescribeNetworkInsightsAccessScopesCommand({ MaxResults: 101 })),
      ),
    ).toBe('InvalidParameterValue');
    expect(
      await refused(() =>
        ec2.send(
          new StartNetworkInsightsAccessScopeAnalysisCommand({
            NetworkInsightsAccessScopeId: 'nis-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidNetworkInsightsAccessScopeId.NotFound');
    expect(
      await refused(() =>
        ec2.send(
          new DescribeNetworkInsightsAccessScopeAnalysesCommand({
            NetworkInsightsAccessScopeAnalysisIds: ['nisa-0123456789abcdef0'],
          }),
        ),
      ),
    ).toBe('InvalidNetworkInsightsAccessScopeAnalysisId.NotFound');
    expect(
      await refused(() =>
        ec2.send(
          new DeleteNetworkInsightsAccessScopeAnalysisCommand({
            NetworkInsightsAccessScopeAnalysisId: 'nisa-0123456789abcdef0',
          }),
        ),
      ),
    ).toBe('InvalidNetworkInsightsAccessScopeAnalysisId.NotFound');
  });
});

describe('through the AWS CLI', () => {
  it('creates a scope from --cli-input-json, analyses it and reads the findings', async () => {
    const aws = (...args: string[]) => awsCli(twin.endpoint, REGION, ['ec2', ...args]);
    const created = await aws(
      'create-network-insights-access-scope',
      '--cli-input-json',
      JSON.stringify({
        MatchPaths: [
          {
            Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } },
            Destination: { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } },
          },
        ],
      }),
    );
    expect(created.code, created.stderr).toBe(0);
    const scopeId = (
      JSON.parse(created.stdout) as {
        NetworkInsightsAccessScope: { NetworkInsightsAccessScopeId: string };
      }
    ).NetworkInsightsAccessScope.NetworkInsightsAccessScopeId;
    const started = await aws(
      'start-network-insights-access-scope-analysis',
      '--network-insights-access-scope-id',
      scopeId,
    );
    expect(started.code, started.stderr).toBe(0);
    const analysisId = (
      JSON.parse(started.stdout) as {
        NetworkInsightsAccessScopeAnalysis: { NetworkInsightsAccessScopeAnalysisId: string };
      }
    ).NetworkInsightsAccessScopeAnalysis.NetworkInsightsAccessScopeAnalysisId;
    // The CLI pages through every finding itself.
    const got = await aws(
      'get-network-insights-access-scope-analysis-findings',
      '--network-insights-access-scope-analysis-id',
      analysisId,
    );
    expect(got.code, got.stderr).toBe(0);
    const findings = (JSON.parse(got.stdout) as { AnalysisFindings: { FindingId: string }[] })
      .AnalysisFindings;
    expect(findings.map((f) => f.FindingId)).toEqual(
      expectedFindings('AWS-IGW-Egress').findings.map((f) => f.findingId),
    );
    const bad = await aws(
      'get-network-insights-access-scope-analysis-findings',
      '--network-insights-access-scope-analysis-id',
      'nisa-0123456789abcdef0',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidNetworkInsightsAccessScopeAnalysisId.NotFound');
  });
});
