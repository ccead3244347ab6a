/**
 * IPv6 in private scopes and BYOIP pools in the public scope through the EC2 API (D117), with
 * @aws-sdk/client-ec2: the authorization context travels as the SDK serialises it.
 */
import {
  CreateIpamCommand,
  CreateIpamPoolCommand,
  CreateVpcCommand,
  GetIpamPoolCidrsCommand,
  ProvisionIpamPoolCidrCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, startTwin, type Twin } from '../support/api.js';

let twin: Twin;
beforeEach(async () => {
  twin = await startTwin();
});
afterEach(async () => {
  await twin.close();
});

async function ipam(enablePrivateGua = false) {
  const { Ipam } = await twin.ec2.send(
    new CreateIpamCommand({
      OperatingRegions: [{ RegionName: 'us-east-1' }],
      EnablePrivateGua: enablePrivateGua,
    }),
  );
  return Ipam!;
}

const poolIn = async (scope: string, family: 'ipv4' | 'ipv6', locale?: string) =>
  (
    await twin.ec2.send(
      new CreateIpamPoolCommand({ IpamScopeId: scope, AddressFamily: family, Locale: locale }),
    )
  ).IpamPool!.IpamPoolId!;

const message = (cidr: string, account = ACCOUNT) =>
  `1|aws|${account}|${cidr}|20991231|SHA256|RSAPSS`;

describe('BYOIP pools in the public scope', () => {
  it('provisions a CIDR with its authorization context and lists it', async () => {
    const { PublicDefaultScopeId } = await ipam();
    const pool = await poolIn(PublicDefaultScopeId!, 'ipv4');
    const { IpamPoolCidr } = await twin.ec2.send(
      new ProvisionIpamPoolCidrCommand({
        IpamPoolId: pool,
        Cidr: '203.0.113.0/24',
        CidrAuthorizationContext: { Message: message('203.0.113.0/24'), Signature: 'c2lnbmVk-_~' },
      }),
    );
    expect([IpamPoolCidr?.Cidr, IpamPoolCidr?.State]).toEqual(['203.0.113.0/24', 'provisioned']);
    const { IpamPoolCidrs } = await twin.ec2.send(
      new GetIpamPoolCidrsCommand({ IpamPoolId: pool }),
    );
    expect(IpamPoolCidrs?.map((c) => c.Cidr)).toEqual(['203.0.113.0/24']);
  });

  it('refuses a CIDR without a context, or with a context for another account, changing nothing', async () => {
    const { PublicDefaultScopeId } = await ipam();
    const pool = await poolIn(PublicDefaultScopeId!, 'ipv4');
    const provision = (context?: { Message: string; Signature: string }) => () =>
      twin.ec2.send(
        new ProvisionIpamPoolCidrCommand({
          IpamPoolId: pool,
          Cidr: '203.0.113.0/24',
          CidrAuthorizationContext: context,
        }),
      );
    expect(await twin.refusal(provision())).toBe('MissingParameter');
    expect(
      await twin.refusal(
        provision({ Message: message('203.0.113.0/24', '999999999999'), Signature: 'c2ln' }),
      ),
    ).toBe('InvalidParameterValue');
  });
});

describe('IPv6 pools in the private scope', () => {
  it('takes a ULA CIDR, refuses GUA without EnablePrivateGua, and gives a VPC a /56', async () => {
    const { PrivateDefaultScopeId } = await ipam();
    const pool = await poolIn(PrivateDefaultScopeId!, 'ipv6', 'us-east-1');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new ProvisionIpamPoolCidrCommand({ IpamPoolId: pool, Cidr: '2600:1f00::/40' }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    await twin.ec2.send(
      new ProvisionIpamPoolCidrCommand({ IpamPoolId: pool, Cidr: 'fd80:ab::/48' }),
    );
    const { Vpc } = await twin.ec2.send(
      new CreateVpcCommand({
        CidrBlock: '10.0.0.0/16',
        Ipv6IpamPoolId: pool,
        Ipv6NetmaskLength: 56,
      }),
    );
    expect(Vpc?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock).toBe('fd80:ab::/56');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new CreateVpcCommand({
            CidrBlock: '10.1.0.0/16',
            Ipv6IpamPoolId: pool,
            Ipv6NetmaskLength: 64,
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('takes a GUA CIDR when the IPAM enables private GUA', async () => {
    const { PrivateDefaultScopeId } = await ipam(true);
    const pool = await poolIn(PrivateDefaultScopeId!, 'ipv6');
    const { IpamPoolCidr } = await twin.ec2.send(
      new ProvisionIpamPoolCidrCommand({ IpamPoolId: pool, Cidr: '2600:1f00::/40' }),
    );
    expect(IpamPoolCidr?.State).toBe('provisioned');
  });
});
