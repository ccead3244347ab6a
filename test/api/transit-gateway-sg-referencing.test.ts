import {
  AssociateTransitGatewayRouteTableCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInsightsPathCommand,
  DescribeSubnetsCommand,
  EnableTransitGatewayRouteTablePropagationCommand,
  RunInstancesCommand,
  StartNetworkInsightsAnalysisCommand,
  CreateSecurityGroupCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  ModifyTransitGatewayCommand,
  ModifyTransitGatewayVpcAttachmentCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, startTwin, type Twin } from '../support/api.js';
import { attachedVpc, createHubTable, createHubTgw } from '../support/tgw-hub.js';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  await twin.close();
});

/** A transit gateway's and an attachment's SecurityGroupReferencingSupport, through the SDK (D77). */
describe('security group referencing support through the EC2 API', () => {
  it('is set by ModifyTransitGateway and ModifyTransitGatewayVpcAttachment, and gates references', async () => {
    const ec2 = twin.ec2;
    const tgw = await createHubTgw(ec2, 'hub', 64600);
    const a = await attachedVpc(ec2, tgw, 1, 'us-east-1');
    const b = await attachedVpc(ec2, tgw, 2, 'us-east-1');
    const group = async (vpcId: string, name: string) =>
      (
        await ec2.send(
          new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }),
        )
      ).GroupId ?? '';
    const app = await group(a.vpcId, 'app');
    const db = await group(b.vpcId, 'db');
    const reference = () =>
      ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: db,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5432,
              UserIdGroupPairs: [{ GroupId: app }],
            },
          ],
        }),
      );
    const refused = async () => {
      const err = await reference().then(
        () => undefined,
        (e: unknown) => e as { name: string; $metadata: { httpStatusCode?: number } },
      );
      return [err?.name, err?.$metadata.httpStatusCode];
    };
    const options = async () =>
      (await ec2.send(new DescribeTransitGatewaysCommand({ TransitGatewayIds: [tgw] })))
        .TransitGateways?.[0]?.Options?.SecurityGroupReferencingSupport;

    // Off on the gateway by default.
    expect(await options()).toBe('disable');
    expect(await refused()).toEqual(['InvalidGroup.NotFound', 400]);
    await ec2.send(
      new ModifyTransitGatewayCommand({
        TransitGatewayId: tgw,
        Options: { SecurityGroupReferencingSupport: 'enable' },
      }),
    );
    expect(await options()).toBe('enable');
    const off = await ec2.send(
      new ModifyTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: b.attachmentId,
        Options: { SecurityGroupReferencingSupport: 'disable' },
      }),
    );
    expect(off.TransitGatewayVpcAttachment?.Options?.SecurityGroupReferencingSupport).toBe(
      'disable',
    );
    expect(await refused()).toEqual(['InvalidGroup.NotFound', 400]);
    await ec2.send(
      new ModifyTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: b.attachmentId,
        Options: { SecurityGroupReferencingSupport: 'enable' },
      }),
    );
    const described = await ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({
        TransitGatewayAttachmentIds: [b.attachmentId],
      }),
    );
    expect(
      described.TransitGatewayVpcAttachments?.[0]?.Options?.SecurityGroupReferencingSupport,
    ).toBe('enable');
    const ok = await reference();
    expect(ok.SecurityGroupRules?.[0]?.ReferencedGroupInfo).toEqual({
      GroupId: app,
      UserId: ACCOUNT,
      VpcId: a.vpcId,
    });

    // Reachability Analyzer through the API: reachable by reference; SG_REFERENCING_SUPPORT
    // once the database VPC's attachment turns it off.
    const table = await createHubTable(ec2, tgw, 'all');
    for (const x of [a, b]) {
      const ids = { TransitGatewayRouteTableId: table, TransitGatewayAttachmentId: x.attachmentId };
      await ec2.send(new AssociateTransitGatewayRouteTableCommand(ids));
      await ec2.send(new EnableTransitGatewayRouteTablePropagationCommand(ids));
    }
    const launch = async (cidr: string, group: string) => {
      const subnets = await ec2.send(
        new DescribeSubnetsCommand({ Filters: [{ Name: 'cidr-block', Values: [cidr] }] }),
      );
      const run = await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12345678',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: subnets.Subnets?.[0]?.SubnetId,
          SecurityGroupIds: [group],
        }),
      );
      return run.Instances?.[0]?.InstanceId ?? '';
    };
    const path = (
      await ec2.send(
        new CreateNetworkInsightsPathCommand({
          Source: await launch('10.1.1.0/24', app),
          Destination: await launch('10.2.1.0/24', db),
          Protocol: 'tcp',
          DestinationPort: 5432,
        }),
      )
    ).NetworkInsightsPath?.NetworkInsightsPathId;
    const analyse = async () =>
      (await ec2.send(new StartNetworkInsightsAnalysisCommand({ NetworkInsightsPathId: path })))
        .NetworkInsightsAnalysis;
    expect((await analyse())?.NetworkPathFound).toBe(true);
    await ec2.send(
      new ModifyTransitGatewayVpcAttachmentCommand({
        TransitGatewayAttachmentId: b.attachmentId,
        Options: { SecurityGroupReferencingSupport: 'disable' },
      }),
    );
    const blocked = await analyse();
    expect(blocked?.NetworkPathFound).toBe(false);
    expect(blocked?.Explanations?.map((x) => x.ExplanationCode)).toEqual([
      'ENI_SG_RULES_MISMATCH',
      'SG_REFERENCING_SUPPORT',
    ]);
    expect(blocked?.Explanations?.[1]).toMatchObject({
      Direction: 'ingress',
      Component: { Id: b.attachmentId },
      TransitGatewayAttachment: { Id: b.attachmentId },
      TransitGateway: { Id: tgw },
      SecurityGroups: [{ Id: db }],
      SecurityGroupRule: { SecurityGroupId: app, Direction: 'ingress' },
    });
  });
});
