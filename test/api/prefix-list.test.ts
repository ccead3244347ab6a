import {
  CreateManagedPrefixListCommand,
  CreateVpcCommand,
  DeleteManagedPrefixListCommand,
  DescribeManagedPrefixListsCommand,
  DescribePrefixListsCommand,
  GetManagedPrefixListAssociationsCommand,
  GetManagedPrefixListEntriesCommand,
  ModifyManagedPrefixListCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authorizeSecurityGroupIngress,
  createSecurityGroup,
} from '../../src/control/security-group.js';
import type { AccountId, RegionName } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

/** us-east-1's AWS-managed lists (aws-services.ts: the real ids). */
const S3 = 'pl-63a5400a';
const DYNAMODB = 'pl-02cd2c6b';

let twin: Twin;

beforeEach(async () => {
  twin = await startTwin();
  // The first call initialises the Region (AWS-managed lists); refusals are compared after it.
  await twin.ec2.send(new DescribeManagedPrefixListsCommand({}));
});

afterEach(async () => {
  await twin.close();
});

const caller = { accountId: ACCOUNT as AccountId, region: REGION as RegionName };

/** Runs a control operation directly (setup the API of another family would otherwise do). */
function exec<I, O>(op: Operation<I, O>, input: I): O {
  const r = twin.store.execute('Setup', op, input, caller);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The AWS error code an SDK call fails with; fails the test when the call succeeds. */
async function errorOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => (e as { name: string }).name,
  );
}

/** Proves a refused call changed nothing. */
async function refused(p: Promise<unknown>, code: string): Promise<void> {
  expect(await twin.refusal(() => p)).toBe(code);
}

async function createList(name: string, cidrs: string[], maxEntries = 5): Promise<string> {
  const out = await twin.ec2.send(
    new CreateManagedPrefixListCommand({
      PrefixListName: name,
      MaxEntries: maxEntries,
      AddressFamily: 'IPv4',
      Entries: cidrs.map((Cidr) => ({ Cidr, Description: `${name} ${Cidr}` })),
      TagSpecifications: [{ ResourceType: 'prefix-list', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
  return out.PrefixList?.PrefixListId ?? '';
}

const describeIds = async (filters: Filter[]) =>
  (
    (await twin.ec2.send(new DescribeManagedPrefixListsCommand({ Filters: filters })))
      .PrefixLists ?? []
  )
    .map((p) => p.PrefixListId)
    .sort();

describe('managed prefix lists over the API', () => {
  it('creates a list and answers with it, create-in-progress', async () => {
    const out = await twin.ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: 'office',
        MaxEntries: 5,
        AddressFamily: 'IPv4',
        Entries: [{ Cidr: '192.0.2.7/24', Description: 'hq' }],
        TagSpecifications: [{ ResourceType: 'prefix-list', Tags: [{ Key: 'Name', Value: 'o' }] }],
      }),
    );
    const pl = out.PrefixList;
    expect(pl?.PrefixListId).toMatch(/^pl-[0-9a-f]{17}$/);
    expect(pl).toMatchObject({
      AddressFamily: 'IPv4',
      State: 'create-in-progress',
      PrefixListName: 'office',
      MaxEntries: 5,
      Version: 1,
      OwnerId: ACCOUNT,
      Tags: [{ Key: 'Name', Value: 'o' }],
      PrefixListArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:prefix-list/${pl?.PrefixListId}`,
    });
    const entries = await twin.ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: pl?.PrefixListId }),
    );
    // The host bits go, as AWS canonicalises entries.
    expect(entries.Entries).toEqual([{ Cidr: '192.0.2.0/24', Description: 'hq' }]);
  });

  it('refuses bad creates without changing anything', async () => {
    await refused(
      twin.ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'com.amazonaws.mine',
          MaxEntries: 5,
          AddressFamily: 'IPv4',
        }),
      ),
      'InvalidParameterValue',
    );
    await refused(
      twin.ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: 'x',
          MaxEntries: 5,
          AddressFamily: 'IPv4',
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'a', Value: 'b' }] }],
        }),
      ),
      'InvalidParameterValue',
    );
    const before = twin.state();
    const raw = await twin.query('CreateManagedPrefixList', {
      PrefixListName: 'x',
      MaxEntries: '5',
      AddressFamily: 'IPv4',
      'Entry.1.Description': 'no cidr',
    });
    expect(raw.code).toBe('MissingParameter');
    expect(raw.message).toContain('Entry.1.Cidr');
    const dry = await twin.query('CreateManagedPrefixList', {
      PrefixListName: 'x',
      MaxEntries: '5',
      AddressFamily: 'IPv4',
      DryRun: 'true',
    });
    expect(dry.code).toBe('DryRunOperation');
    expect(twin.state()).toBe(before);
  });

  it('describes own and AWS-managed lists, with every filter and pagination', async () => {
    const a = await createList('office', ['192.0.2.0/24']);
    const b = await createList('partners', ['198.51.100.0/24']);
    const all = await twin.ec2.send(new DescribeManagedPrefixListsCommand({}));
    expect(all.PrefixLists?.map((p) => p.PrefixListId).sort()).toEqual([a, b, S3, DYNAMODB].sort());
    const s3 = all.PrefixLists?.find((p) => p.PrefixListId === S3);
    // AWS-managed lists: owner AWS, account `aws` in the ARN, no size or version.
    expect(s3).toEqual({
      PrefixListId: S3,
      AddressFamily: 'IPv4',
      State: 'create-complete',
      PrefixListArn: `arn:aws:ec2:${REGION}:aws:prefix-list/${S3}`,
      PrefixListName: `com.amazonaws.${REGION}.s3`,
      Tags: [],
      OwnerId: 'AWS',
    });
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'owner-id', Values: ['AWS'] }], [S3, DYNAMODB]],
      [[{ Name: 'owner-id', Values: [ACCOUNT] }], [a, b]],
      [[{ Name: 'prefix-list-id', Values: [b] }], [b]],
      [[{ Name: 'prefix-list-name', Values: ['com.amazonaws.*.s3'] }], [S3]],
      [[{ Name: 'prefix-list-name', Values: ['office', 'partners'] }], [a, b]],
      [[{ Name: 'tag:Name', Values: ['off*'] }], [a]],
      [[{ Name: 'tag-key', Values: ['Name'] }], [a, b]],
    ];
    for (const [filters, expected] of cases) {
      expect(await describeIds(filters), JSON.stringify(filters)).toEqual(expected.sort());
    }
    expect(
      await errorOf(
        twin.ec2.send(
          new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] }),
        ),
      ),
    ).toBe('InvalidParameterValue');

    // Pages of 3 over the 4 lists, in id order.
    const first = await twin.ec2.send(new DescribeManagedPrefixListsCommand({ MaxResults: 3 }));
    expect(first.PrefixLists).toHaveLength(3);
    expect(first.NextToken).toBeDefined();
    const second = await twin.ec2.send(
      new DescribeManagedPrefixListsCommand({ MaxResults: 3, NextToken: first.NextToken }),
    );
    expect(second.PrefixLists).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(
      [...(first.PrefixLists ?? []), ...(second.PrefixLists ?? [])].map((p) => p.PrefixListId),
    ).toEqual([a, b, S3, DYNAMODB].sort());
    for (const n of [0, 101]) {
      expect(
        await errorOf(twin.ec2.send(new DescribeManagedPrefixListsCommand({ MaxResults: n }))),
      ).toBe('InvalidParameterValue');
    }

    const byId = await twin.ec2.send(
      new DescribeManagedPrefixListsCommand({ PrefixListIds: [a, DYNAMODB] }),
    );
    expect(byId.PrefixLists?.map((p) => p.PrefixListId).sort()).toEqual([a, DYNAMODB].sort());
    expect(
      await errorOf(
        twin.ec2.send(
          new DescribeManagedPrefixListsCommand({ PrefixListIds: ['pl-0123456789abcdef0'] }),
        ),
      ),
    ).toBe('InvalidPrefixListID.NotFound');
    expect(
      await errorOf(
        twin.ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ['vpc-12345678'] })),
      ),
    ).toBe('InvalidPrefixListID.Malformed');
  });

  it('modifies entries as new versions, keeps the old ones for TargetVersion, and pages them', async () => {
    const id = await createList('office', ['192.0.2.0/24', '198.51.100.0/24']);
    const modified = await twin.ec2.send(
      new ModifyManagedPrefixListCommand({
        PrefixListId: id,
        CurrentVersion: 1,
        AddEntries: [{ Cidr: '203.0.113.0/24', Description: 'new' }],
        RemoveEntries: [{ Cidr: '198.51.100.0/24' }],
      }),
    );
    expect(modified.PrefixList).toMatchObject({ State: 'modify-in-progress', Version: 2 });
    const cidrs = async (version?: number) =>
      (
        await twin.ec2.send(
          new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: version }),
        )
      ).Entries?.map((e) => e.Cidr);
    expect(await cidrs()).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
    expect(await cidrs(2)).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
    expect(await cidrs(1)).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    for (const v of [0, 3]) {
      expect(
        await errorOf(
          twin.ec2.send(
            new GetManagedPrefixListEntriesCommand({ PrefixListId: id, TargetVersion: v }),
          ),
        ),
      ).toBe('InvalidParameterValue');
    }

    // A rename and a resize keep the version.
    await twin.ec2.send(
      new ModifyManagedPrefixListCommand({ PrefixListId: id, PrefixListName: 'hq' }),
    );
    await twin.ec2.send(new ModifyManagedPrefixListCommand({ PrefixListId: id, MaxEntries: 10 }));
    const [described] =
      (await twin.ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] })))
        .PrefixLists ?? [];
    expect(described).toMatchObject({
      PrefixListName: 'hq',
      MaxEntries: 10,
      Version: 2,
      State: 'modify-complete',
    });

    // Entries page one at a time.
    const first = await twin.ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: id, MaxResults: 1 }),
    );
    const second = await twin.ec2.send(
      new GetManagedPrefixListEntriesCommand({
        PrefixListId: id,
        MaxResults: 1,
        NextToken: first.NextToken,
      }),
    );
    expect(first.Entries?.map((e) => e.Cidr)).toEqual(['192.0.2.0/24']);
    expect(second.Entries).toEqual([{ Cidr: '203.0.113.0/24', Description: 'new' }]);
    expect(second.NextToken).toBeUndefined();
    expect(
      await errorOf(
        twin.ec2.send(
          new GetManagedPrefixListEntriesCommand({ PrefixListId: id, MaxResults: 101 }),
        ),
      ),
    ).toBe('InvalidParameterValue');

    // AWS-managed entries are readable by everyone.
    const s3 = await twin.ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: S3 }));
    expect(s3.Entries?.map((e) => e.Cidr)).toContain('52.216.0.0/15');
    expect(
      await errorOf(
        twin.ec2.send(
          new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0123456789abcdef0' }),
        ),
      ),
    ).toBe('InvalidPrefixListID.NotFound');
  });

  it('refuses bad modifications without changing anything', async () => {
    const id = await createList('office', ['192.0.2.0/24']);
    await refused(
      twin.ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: id,
          CurrentVersion: 7,
          AddEntries: [{ Cidr: '10.0.0.0/8' }],
        }),
      ),
      'PrefixListVersionMismatch',
    );
    await refused(
      twin.ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: id,
          RemoveEntries: [{ Cidr: '10.0.0.0/8' }],
        }),
      ),
      'InvalidPrefixListModification',
    );
    await refused(
      twin.ec2.send(
        new ModifyManagedPrefixListCommand({ PrefixListId: S3, PrefixListName: 'mine' }),
      ),
      'UnsupportedOperation',
    );
    await refused(
      twin.ec2.send(
        new ModifyManagedPrefixListCommand({
          PrefixListId: 'pl-0123456789abcdef0',
          PrefixListName: 'x',
        }),
      ),
      'InvalidPrefixListID.NotFound',
    );
    const before = twin.state();
    const raw = await twin.query('ModifyManagedPrefixList', {
      PrefixListId: id,
      'RemoveEntry.1.Description': 'no cidr',
    });
    expect(raw.code).toBe('UnknownParameter');
    const raw2 = await twin.query('ModifyManagedPrefixList', {
      PrefixListId: id,
      'AddEntry.1.Description': 'no cidr',
    });
    expect(raw2.code).toBe('MissingParameter');
    expect(twin.state()).toBe(before);
  });

  it('lists associations and refuses to delete a referenced list', async () => {
    const id = await createList('office', ['192.0.2.0/24']);
    const vpc = await twin.ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const groups = ['a', 'b', 'c', 'd', 'e', 'f'].map(
      (name) =>
        exec(createSecurityGroup, { groupName: name, description: name, vpcId }).id as string,
    );
    for (const groupId of groups) {
      exec(authorizeSecurityGroupIngress, {
        groupId,
        ipPermissions: [
          { ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListIds: [{ prefixListId: id }] },
        ],
      });
    }
    const first = await twin.ec2.send(
      new GetManagedPrefixListAssociationsCommand({ PrefixListId: id, MaxResults: 5 }),
    );
    expect(first.PrefixListAssociations).toHaveLength(5);
    expect(first.PrefixListAssociations?.[0]?.ResourceOwner).toBe(ACCOUNT);
    const second = await twin.ec2.send(
      new GetManagedPrefixListAssociationsCommand({
        PrefixListId: id,
        MaxResults: 5,
        NextToken: first.NextToken,
      }),
    );
    expect(
      [...(first.PrefixListAssociations ?? []), ...(second.PrefixListAssociations ?? [])]
        .map((a) => a.ResourceId)
        .sort(),
    ).toEqual([...groups].sort());
    expect(
      await errorOf(
        twin.ec2.send(
          new GetManagedPrefixListAssociationsCommand({ PrefixListId: id, MaxResults: 4 }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    const none = await twin.ec2.send(
      new GetManagedPrefixListAssociationsCommand({ PrefixListId: S3 }),
    );
    expect(none.PrefixListAssociations).toEqual([]);

    await refused(
      twin.ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id })),
      'DependencyViolation',
    );
  });

  it('deletes a list, answering delete-in-progress, and refuses AWS-managed ones', async () => {
    const id = await createList('office', ['192.0.2.0/24']);
    const out = await twin.ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id }));
    expect(out.PrefixList).toMatchObject({ PrefixListId: id, State: 'delete-in-progress' });
    expect(
      await errorOf(twin.ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] }))),
    ).toBe('InvalidPrefixListID.NotFound');
    await refused(
      twin.ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: id })),
      'InvalidPrefixListID.NotFound',
    );
    await refused(
      twin.ec2.send(new DeleteManagedPrefixListCommand({ PrefixListId: DYNAMODB })),
      'UnsupportedOperation',
    );
  });

  it('DescribePrefixLists shows the AWS services’ lists with their CIDRs', async () => {
    const own = await createList('office', ['192.0.2.0/24']);
    const all = await twin.ec2.send(new DescribePrefixListsCommand({}));
    expect(all.PrefixLists?.map((p) => p.PrefixListName).sort()).toEqual([
      `com.amazonaws.${REGION}.dynamodb`,
      `com.amazonaws.${REGION}.s3`,
    ]);
    expect(all.PrefixLists?.find((p) => p.PrefixListId === DYNAMODB)?.Cidrs).toEqual([
      '3.218.180.0/22',
      '52.94.0.0/22',
      '52.119.224.0/20',
    ]);
    const byName = await twin.ec2.send(
      new DescribePrefixListsCommand({
        Filters: [{ Name: 'prefix-list-name', Values: ['*.s3'] }],
      }),
    );
    expect(byName.PrefixLists?.map((p) => p.PrefixListId)).toEqual([S3]);
    const byId = await twin.ec2.send(
      new DescribePrefixListsCommand({
        Filters: [{ Name: 'prefix-list-id', Values: [DYNAMODB] }],
      }),
    );
    expect(byId.PrefixLists?.map((p) => p.PrefixListId)).toEqual([DYNAMODB]);
    const paged = await twin.ec2.send(new DescribePrefixListsCommand({ MaxResults: 5 }));
    expect(paged.PrefixLists).toHaveLength(2);
    // A customer-managed list is not an AWS service's.
    expect(
      await errorOf(twin.ec2.send(new DescribePrefixListsCommand({ PrefixListIds: [own] }))),
    ).toBe('InvalidPrefixListID.NotFound');
  });

  it('shows AWS-managed lists in each Region and no other account’s lists', async () => {
    await createList('office', ['192.0.2.0/24']);
    const west = await twin.query('DescribeManagedPrefixLists', {}, 'us-west-2');
    expect(west.status).toBe(200);
    expect(west.body).toContain('<prefixListId>pl-68a54001</prefixListId>');
    expect(west.body).not.toContain('<prefixListName>office</prefixListName>');
    const other = await startTwin({ store: twin.store, defaultAccount: '222222222222' });
    try {
      const theirs = await other.ec2.send(new DescribeManagedPrefixListsCommand({}));
      expect(theirs.PrefixLists?.map((p) => p.PrefixListId).sort()).toEqual([S3, DYNAMODB].sort());
    } finally {
      other.ec2.destroy();
      await other.app.close();
    }
  });
});
