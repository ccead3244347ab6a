import {
  CreateManagedPrefixListCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DescribeTagsCommand,
  type Filter,
  type ResourceType,
  type TagDescription,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSubnet } from '../../src/control/subnet.js';
import type { AccountId, RegionName } from '../../src/model/ids.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

const OTHER = '222222222222';

let twin: Twin;
let other: Twin;

beforeEach(async () => {
  twin = await startTwin();
  other = await startTwin({ store: twin.store, defaultAccount: OTHER });
});

afterEach(async () => {
  other.ec2.destroy();
  await other.app.close();
  await twin.close();
});

async function errorOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => (e as { name: string }).name,
  );
}

const nameTag = (resourceType: ResourceType, value: string): TagSpecification[] => [
  { ResourceType: resourceType, Tags: [{ Key: 'Name', Value: value }] },
];

/** `resourceId key=value` per item, sorted: order-free comparison of answers. */
const lines = (tags: TagDescription[] | undefined) =>
  (tags ?? []).map((t) => `${t.ResourceType} ${t.ResourceId} ${t.Key}=${t.Value}`).sort();

const describeTags = async (filters: Filter[] = [], client = twin.ec2) =>
  lines((await client.send(new DescribeTagsCommand({ Filters: filters }))).Tags);

describe('DescribeTags', () => {
  it('lists the tags of every kind the caller owns in its Region, with every filter', async () => {
    const vpc =
      (
        await twin.ec2.send(
          new CreateVpcCommand({
            CidrBlock: '10.0.0.0/16',
            TagSpecifications: nameTag('vpc', 'prod'),
          }),
        )
      ).Vpc?.VpcId ?? '';
    await twin.ec2.send(
      new CreateTagsCommand({ Resources: [vpc], Tags: [{ Key: 'team', Value: 'net' }] }),
    );
    const r = twin.store.execute(
      'CreateSubnet',
      createSubnet,
      { vpcId: vpc, cidrBlock: '10.0.0.0/24', tags: [{ key: 'Name', value: 'web' }] },
      { accountId: ACCOUNT as AccountId, region: REGION as RegionName },
    );
    const subnet = r.ok ? r.value.id : '';
    const pl =
      (
        await twin.ec2.send(
          new CreateManagedPrefixListCommand({
            PrefixListName: 'office',
            MaxEntries: 1,
            AddressFamily: 'IPv4',
            TagSpecifications: nameTag('prefix-list', 'office'),
          }),
        )
      ).PrefixList?.PrefixListId ?? '';
    // Untagged resources and other Regions contribute nothing.
    await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }));
    await twin.query(
      'CreateVpc',
      {
        CidrBlock: '10.2.0.0/16',
        'TagSpecification.1.ResourceType': 'vpc',
        'TagSpecification.1.Tag.1.Key': 'Name',
        'TagSpecification.1.Tag.1.Value': 'west',
      },
      'us-west-2',
    );

    const all = await describeTags();
    expect(all).toEqual(
      [
        `vpc ${vpc} Name=prod`,
        `vpc ${vpc} team=net`,
        `subnet ${subnet} Name=web`,
        `prefix-list ${pl} Name=office`,
      ].sort(),
    );
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'key', Values: ['team'] }], [`vpc ${vpc} team=net`]],
      [[{ Name: 'value', Values: ['w*'] }], [`subnet ${subnet} Name=web`]],
      [[{ Name: 'resource-id', Values: [pl] }], [`prefix-list ${pl} Name=office`]],
      [
        [{ Name: 'resource-type', Values: ['subnet', 'prefix-list'] }],
        [`subnet ${subnet} Name=web`, `prefix-list ${pl} Name=office`],
      ],
      // `tag:<key>` picks resources so tagged, and lists all their tags.
      [[{ Name: 'tag:team', Values: ['net'] }], [`vpc ${vpc} Name=prod`, `vpc ${vpc} team=net`]],
      [
        [
          { Name: 'resource-type', Values: ['vpc'] },
          { Name: 'key', Values: ['Name'] },
        ],
        [`vpc ${vpc} Name=prod`],
      ],
    ];
    for (const [filters, expected] of cases) {
      expect(await describeTags(filters), JSON.stringify(filters)).toEqual(expected.sort());
    }
    expect(await errorOf(describeTags([{ Name: 'resource', Values: ['x'] }]))).toBe(
      'InvalidParameterValue',
    );
    // The other account sees none of it.
    expect(await describeTags([], other.ec2)).toEqual([]);
  });

  it('keeps a separate tag set for the accepter of a cross-account peering', async () => {
    const mine = (await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc
      ?.VpcId;
    const theirs = (await other.ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc
      ?.VpcId;
    const pcx =
      (
        await twin.ec2.send(
          new CreateVpcPeeringConnectionCommand({
            VpcId: mine,
            PeerVpcId: theirs,
            PeerOwnerId: OTHER,
            TagSpecifications: nameTag('vpc-peering-connection', 'to-b'),
          }),
        )
      ).VpcPeeringConnection?.VpcPeeringConnectionId ?? '';
    expect(await describeTags()).toEqual([`vpc-peering-connection ${pcx} Name=to-b`]);
    const accepterSide = [{ Name: 'resource-type', Values: ['vpc-peering-connection'] }];
    // AWS keeps a separate tag set for the accepter's side of a cross-account connection.
    expect(await describeTags(accepterSide, other.ec2)).toEqual([]);
    await other.ec2.send(
      new CreateTagsCommand({ Resources: [pcx], Tags: [{ Key: 'Name', Value: 'from-a' }] }),
    );
    expect(await describeTags(accepterSide, other.ec2)).toEqual([
      `vpc-peering-connection ${pcx} Name=from-a`,
    ]);
    expect(await describeTags()).toEqual([`vpc-peering-connection ${pcx} Name=to-b`]);
  });

  it('pages with MaxResults 5..1000 and refuses other sizes', async () => {
    const tags = Array.from({ length: 7 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    const vpc = (await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc
      ?.VpcId;
    await twin.ec2.send(new CreateTagsCommand({ Resources: [vpc ?? ''], Tags: tags }));
    const first = await twin.ec2.send(new DescribeTagsCommand({ MaxResults: 5 }));
    expect(first.Tags).toHaveLength(5);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeTagsCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.Tags).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    expect(lines([...(first.Tags ?? []), ...(second.Tags ?? [])])).toEqual(
      lines(tags.map((t) => ({ ...t, ResourceId: vpc, ResourceType: 'vpc' }))),
    );
    for (const n of [4, 1001]) {
      expect(await errorOf(twin.ec2.send(new DescribeTagsCommand({ MaxResults: n })))).toBe(
        'InvalidParameterValue',
      );
    }
    expect(await errorOf(twin.ec2.send(new DescribeTagsCommand({ NextToken: 'garbage' })))).toBe(
      'InvalidPaginationToken',
    );
  });
});
