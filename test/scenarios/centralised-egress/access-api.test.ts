import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNetworkInsightsAccessScopeCommand,
  DescribeInstancesCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetNetworkInsightsAccessScopeAnalysisFindingsCommand,
  ReplaceRouteCommand,
  StartNetworkInsightsAccessScopeAnalysisCommand,
  type AccessScopeAnalysisFinding,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/cli/network.js';
import { openStore } from '../../../src/store/open.js';
import { startTwin, type Twin } from '../../support/api.js';

/**
 * /work/shared/scenarios/centralised-egress.md, the two access-scope rows, through the EC2 API
 * (@aws-sdk/client-ec2): the scope is created and analysed over the wire; the change of the
 * second row (an internet gateway for spoke-1, its default route, a public address for app-1)
 * is made with EC2 calls, as a user would make it.
 */
const FILE = 'examples/centralised-egress.yaml';

let twin: Twin;
let ec2: EC2Client;

beforeAll(async () => {
  const store = openStore();
  loadFile(store, FILE);
  twin = await startTwin({ store, defaultAccount: '111111111111' });
  ec2 = new EC2Client({
    endpoint: twin.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  ec2.destroy();
  await twin.close();
});

const byName = async (name: string) => {
  const vpcs = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }] }),
  );
  return vpcs.Vpcs![0]!.VpcId!;
};

/** Runs the rows' scope and returns every finding, page by page. */
async function findings(scopeId: string): Promise<AccessScopeAnalysisFinding[]> {
  const started = await ec2.send(
    new StartNetworkInsightsAccessScopeAnalysisCommand({ NetworkInsightsAccessScopeId: scopeId }),
  );
  const id = started.NetworkInsightsAccessScopeAnalysis!.NetworkInsightsAccessScopeAnalysisId!;
  expect(started.NetworkInsightsAccessScopeAnalysis!.Status).toBe('succeeded');
  const out: AccessScopeAnalysisFinding[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(
      new GetNetworkInsightsAccessScopeAnalysisFindingsCommand({
        NetworkInsightsAccessScopeAnalysisId: id,
        MaxResults: 5,
        NextToken: token,
      }),
    );
    out.push(...(page.AnalysisFindings ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

describe(`scenario: centralised egress, access scopes through the EC2 API (${FILE})`, () => {
  it('no spoke path to the internet bypasses a GWLB endpoint; after spoke-1 gets its own gateway, app-1 → it directly', async () => {
    const spokes = [await byName('spoke-1'), await byName('spoke-2')];
    const scope = await ec2.send(
      new CreateNetworkInsightsAccessScopeCommand({
        MatchPaths: [
          {
            Source: { ResourceStatement: { Resources: spokes } },
            Destination: {
              ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] },
            },
          },
        ],
        ExcludePaths: [
          {
            ThroughResources: [{ ResourceStatement: { ResourceTypes: ['AWS::EC2::VPCEndpoint'] } }],
          },
        ],
      }),
    );
    const scopeId = scope.NetworkInsightsAccessScope!.NetworkInsightsAccessScopeId!;
    expect(await findings(scopeId)).toEqual([]);

    // The change: an internet gateway for spoke-1, its default route there, an EIP for app-1.
    const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!;
    await ec2.send(
      new AttachInternetGatewayCommand({
        InternetGatewayId: igw.InternetGatewayId!,
        VpcId: spokes[0]!,
      }),
    );
    const tables = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [spokes[0]!] }] }),
    );
    await ec2.send(
      new ReplaceRouteCommand({
        RouteTableId: tables.RouteTables![0]!.RouteTableId!,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw.InternetGatewayId!,
      }),
    );
    const app1 = (
      await ec2.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['app-1'] }] }),
      )
    ).Reservations![0]!.Instances![0]!;
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2.send(
      new AssociateAddressCommand({
        AllocationId: eip.AllocationId!,
        InstanceId: app1.InstanceId!,
      }),
    );

    const after = await findings(scopeId);
    expect(after).toHaveLength(1);
    const ids = after[0]!.FindingComponents!.map((c) => c.Component!.Id);
    expect(ids).toEqual([
      app1.InstanceId,
      app1.NetworkInterfaces![0]!.NetworkInterfaceId,
      expect.stringMatching(/^sg-/),
      expect.stringMatching(/^acl-/),
      tables.RouteTables![0]!.RouteTableId,
      igw.InternetGatewayId,
    ]);
    const last = after[0]!.FindingComponents!.at(-1)!;
    expect(last.OutboundHeader!.SourceAddresses).toEqual([`${eip.PublicIp}/32`]);
  });
});
