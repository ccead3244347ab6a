import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import type { Id, RegionName } from '../model/ids.js';
import type { PrefixList } from '../model/prefix-list.js';
import {
  createManagedPrefixList,
  deleteManagedPrefixList,
  findAwsManagedPrefixList,
  modifyManagedPrefixList,
  prefixListCidrs,
  type CreateManagedPrefixListInput,
} from './prefix-list.js';
import { authorizeSecurityGroupIngress, createSecurityGroup } from './security-group.js';
import { createVpc } from './vpc.js';

type H = ReturnType<typeof harness>;

const office: CreateManagedPrefixListInput = {
  prefixListName: 'office',
  maxEntries: 5,
  addressFamily: 'IPv4',
  entries: [{ cidr: '192.0.2.7/24', description: 'hq' }, { cidr: '198.51.100.0/24' }],
};

const cidrsOf = (pl: PrefixList) => pl.entries.map((e) => e.cidr.toString());
const list = (h: H, id: string): PrefixList => h.s.get('prefix-list', id)!;

/** A security group whose inbound rules reference the list, plus `extra` IPv4 CIDR rules. */
function referencedBySg(h: H, pl: PrefixList, extra = 0) {
  const vpc = h.run(createVpc, { cidrBlock: '10.0.0.0/16' });
  const sg = h.run(createSecurityGroup, { groupName: 'g', description: 'g', vpcId: vpc.id });
  h.run(authorizeSecurityGroupIngress, {
    groupId: sg.id,
    ipPermissions: [
      {
        ipProtocol: '-1',
        prefixListIds: [{ prefixListId: pl.id }],
        ...(extra > 0
          ? { ipRanges: Array.from({ length: extra }, (_, i) => ({ cidrIp: `10.${i}.0.0/16` })) }
          : {}),
      },
    ],
  });
  return { vpc, sg };
}

/** Puts a route to the list in the VPC's main route table (route operations live elsewhere). */
function referencedByRoute(h: H, pl: PrefixList) {
  const vpc = h.run(createVpc, { cidrBlock: '10.9.0.0/16' });
  const [table] = h.s.find('routeTablesByVpc', vpc.id);
  h.store.snapshot.apply([
    {
      op: 'put',
      resource: {
        ...table!,
        routes: [
          ...table!.routes,
          {
            destinationPrefixListId: pl.id,
            gatewayId: 'igw-0123456789abcdef0',
            origin: 'CreateRoute',
          },
        ],
      },
    },
  ]);
  return table!;
}

describe('CreateManagedPrefixList', () => {
  it('creates a customer-managed list at version 1 with canonical entries', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, { ...office, tags: [{ key: 'Name', value: 'o' }] });
    expect(pl.id).toMatch(/^pl-[0-9a-f]{17}$/);
    expect(pl).toMatchObject({
      prefixListName: 'office',
      addressFamily: 'IPv4',
      maxEntries: 5,
      version: 1,
      awsManaged: false,
      state: 'create-complete',
      ownerId: h.caller.accountId,
      region: h.caller.region,
      tags: [{ key: 'Name', value: 'o' }],
    });
    expect(cidrsOf(pl)).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    expect(pl.entries[0]?.description).toBe('hq');
  });

  it('creates empty and IPv6 lists', () => {
    const h = harness();
    expect(
      h.run(createManagedPrefixList, { prefixListName: 'e', maxEntries: 1, addressFamily: 'IPv4' })
        .entries,
    ).toEqual([]);
    const v6 = h.run(createManagedPrefixList, {
      prefixListName: 'v6',
      maxEntries: 1000,
      addressFamily: 'IPv6',
      entries: [{ cidr: '2001:db8::1/32' }],
    });
    expect(cidrsOf(v6)).toEqual(['2001:db8::/32']);
  });

  it.each<[Partial<CreateManagedPrefixListInput>, string]>([
    [{ prefixListName: '' }, 'MissingParameter'],
    [{ prefixListName: 'n'.repeat(256) }, 'InvalidParameterValue'],
    [{ prefixListName: 'com.amazonaws.us-east-1.s3' }, 'InvalidParameterValue'],
    [{ prefixListName: 'COM.AmazonAWS-mine' }, 'InvalidParameterValue'],
    [{ maxEntries: 0 }, 'InvalidParameterValue'],
    [{ maxEntries: 1001 }, 'InvalidParameterValue'],
    [{ maxEntries: 2.5 }, 'InvalidParameterValue'],
    [{ maxEntries: undefined }, 'MissingParameter'],
    [{ addressFamily: 'ipv4' }, 'InvalidParameterValue'],
    [{ addressFamily: undefined }, 'MissingParameter'],
    [{ entries: [{ cidr: '2001:db8::/32' }] }, 'InvalidParameterValue'],
    [{ entries: [{ cidr: '10.0.0.0/33' }] }, 'InvalidParameterValue'],
    [{ entries: [{ cidr: '10.0.0.1/24' }, { cidr: '10.0.0.0/24' }] }, 'InvalidParameterValue'],
    [{ entries: [{ cidr: '10.0.0.0/24', description: 'd'.repeat(256) }] }, 'InvalidParameterValue'],
    [{ maxEntries: 1 }, 'PrefixListMaxEntriesExceeded'],
    [
      {
        maxEntries: 1000,
        entries: Array.from({ length: 101 }, (_, i) => ({ cidr: `10.0.${i}.0/24` })),
      },
      'InvalidParameterValue',
    ],
  ])('refuses %j with %s', (over, code) => {
    const h = harness();
    expect(h.fails(createManagedPrefixList, { ...office, ...over }).code).toBe(code);
  });

  it('accepts the size bounds and up to 100 entries per request', () => {
    const h = harness();
    h.run(createManagedPrefixList, { ...office, entries: [{ cidr: '10.0.0.0/8' }], maxEntries: 1 });
    h.run(createManagedPrefixList, {
      ...office,
      maxEntries: 1000,
      entries: Array.from({ length: 100 }, (_, i) => ({ cidr: `10.0.${i}.0/24` })),
    });
  });
});

describe('ModifyManagedPrefixList', () => {
  it('adds and removes entries as a new version', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    const next = h.run(modifyManagedPrefixList, {
      prefixListId: pl.id,
      currentVersion: 1,
      addEntries: [{ cidr: '203.0.113.0/24', description: 'branch' }],
      removeEntries: [{ cidr: '198.51.100.9/24' }],
    });
    expect(next.version).toBe(2);
    expect(next.state).toBe('modify-complete');
    expect(cidrsOf(list(h, pl.id))).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
  });

  it('refuses a stale version', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    h.run(modifyManagedPrefixList, { prefixListId: pl.id, addEntries: [{ cidr: '10.0.0.0/8' }] });
    expect(
      h.fails(modifyManagedPrefixList, {
        prefixListId: pl.id,
        currentVersion: 1,
        addEntries: [{ cidr: '10.1.0.0/16' }],
      }),
    ).toMatchObject({
      code: 'PrefixListVersionMismatch',
      message: 'The prefix list has the incorrect version number.',
    });
  });

  it('renames without a new version, and checks the new name', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    expect(
      h.run(modifyManagedPrefixList, { prefixListId: pl.id, prefixListName: 'hq' }),
    ).toMatchObject({
      prefixListName: 'hq',
      version: 1,
    });
    expect(
      h.fails(modifyManagedPrefixList, { prefixListId: pl.id, prefixListName: 'com.amazonaws.x' })
        .code,
    ).toBe('InvalidParameterValue');
  });

  it('re-describes an entry by removing and adding it in one call (removals go first)', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    h.run(modifyManagedPrefixList, {
      prefixListId: pl.id,
      removeEntries: [{ cidr: '192.0.2.0/24' }],
      addEntries: [{ cidr: '192.0.2.0/24', description: 'head office' }],
    });
    expect(
      list(h, pl.id).entries.find((e) => e.cidr.toString() === '192.0.2.0/24')?.description,
    ).toBe('head office');
  });

  it.each([
    [{ removeEntries: [{ cidr: '10.0.0.0/8' }] }, 'InvalidPrefixListModification'],
    [{ addEntries: [{ cidr: '192.0.2.0/24' }] }, 'InvalidPrefixListModification'],
    [{ addEntries: [{ cidr: '2001:db8::/32' }] }, 'InvalidParameterValue'],
    [
      {
        addEntries: [
          { cidr: '10.0.0.0/8' },
          { cidr: '10.1.0.0/16' },
          { cidr: '10.2.0.0/16' },
          { cidr: '10.3.0.0/16' },
        ],
      },
      'PrefixListMaxEntriesExceeded',
    ],
    [{ addEntries: [{ cidr: '10.0.0.0/8' }], maxEntries: 10 }, 'InvalidParameterCombination'],
    [{ maxEntries: 1 }, 'InvalidParameterValue'],
    [{ maxEntries: 1001 }, 'InvalidParameterValue'],
  ])('refuses %j with %s', (over, code) => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    expect(h.fails(modifyManagedPrefixList, { prefixListId: pl.id, ...over }).code).toBe(code);
  });

  it('resizes without a new version', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    expect(h.run(modifyManagedPrefixList, { prefixListId: pl.id, maxEntries: 2 })).toMatchObject({
      maxEntries: 2,
      version: 1,
    });
    expect(
      h.run(modifyManagedPrefixList, { prefixListId: pl.id, maxEntries: 1000 }).maxEntries,
    ).toBe(1000);
  });

  it('refuses a resize a referencing security group could not take', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    const { sg } = referencedBySg(h, pl, 50);
    h.run(modifyManagedPrefixList, { prefixListId: pl.id, maxEntries: 10 });
    const err = h.fails(modifyManagedPrefixList, { prefixListId: pl.id, maxEntries: 11 });
    expect(err.code).toBe('InvalidParameterValue');
    expect(err.message).toContain(sg.id);
  });

  it('refuses a resize a referencing route table could not take', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    const table = referencedByRoute(h, pl);
    // The local route does not count: the list alone may weigh 50.
    h.run(modifyManagedPrefixList, { prefixListId: pl.id, maxEntries: 50 });
    const err = h.fails(modifyManagedPrefixList, { prefixListId: pl.id, maxEntries: 51 });
    expect(err.message).toContain(table.id);
  });

  it('refuses AWS-managed lists, other accounts’ lists and bad ids', () => {
    const h = harness();
    expect(
      h.fails(modifyManagedPrefixList, { prefixListId: 'pl-63a5400a', prefixListName: 'x' }).code,
    ).toBe('UnsupportedOperation');
    const b = caller('222222222222');
    h.init(b);
    const theirs = h.run(createManagedPrefixList, office, b);
    expect(
      h.fails(modifyManagedPrefixList, { prefixListId: theirs.id, prefixListName: 'x' }),
    ).toMatchObject({
      code: 'InvalidPrefixListID.NotFound',
      message: `The prefix list ID '${theirs.id}' does not exist`,
    });
    expect(
      h.fails(modifyManagedPrefixList, { prefixListId: 'sg-12345678', prefixListName: 'x' }).code,
    ).toBe('InvalidPrefixListID.Malformed');
  });
});

describe('DeleteManagedPrefixList', () => {
  it('deletes an unused list', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    expect(h.run(deleteManagedPrefixList, { prefixListId: pl.id })).toBe(true);
    expect(h.s.get('prefix-list', pl.id)).toBeUndefined();
  });

  it('refuses while a security group rule references it', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    referencedBySg(h, pl);
    expect(h.fails(deleteManagedPrefixList, { prefixListId: pl.id })).toMatchObject({
      code: 'DependencyViolation',
      message: `The prefix list '${pl.id}' has dependencies and cannot be deleted.`,
    });
  });

  it('refuses while a route references it', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    referencedByRoute(h, pl);
    expect(h.fails(deleteManagedPrefixList, { prefixListId: pl.id }).code).toBe(
      'DependencyViolation',
    );
  });

  it('refuses AWS-managed and unknown lists', () => {
    const h = harness();
    expect(h.fails(deleteManagedPrefixList, { prefixListId: 'pl-02cd2c6b' }).code).toBe(
      'UnsupportedOperation',
    );
    expect(h.fails(deleteManagedPrefixList, { prefixListId: 'pl-0123456789abcdef0' }).code).toBe(
      'InvalidPrefixListID.NotFound',
    );
  });
});

describe('readers', () => {
  it('prefixListCidrs reads customer and AWS-managed lists', () => {
    const h = harness();
    const pl = h.run(createManagedPrefixList, office);
    expect(prefixListCidrs(h.s, pl.id).map(String)).toEqual(['192.0.2.0/24', '198.51.100.0/24']);
    expect(prefixListCidrs(h.s, 'pl-02cd2c6b').map(String)).toEqual([
      '3.218.180.0/22',
      '52.94.0.0/22',
      '52.119.224.0/20',
    ]);
    expect(prefixListCidrs(h.s, 'pl-0123456789abcdef0')).toEqual([]);
  });

  it('findAwsManagedPrefixList finds a Region’s lists once the Region is initialised', () => {
    const h = harness();
    const eu = 'eu-west-1' as RegionName;
    expect(findAwsManagedPrefixList(h.s, 'us-east-1' as RegionName, 's3')?.id).toBe(
      'pl-63a5400a' as Id<'prefix-list'>,
    );
    expect(
      findAwsManagedPrefixList(h.s, 'us-east-1' as RegionName, 'dynamodb')?.prefixListName,
    ).toBe('com.amazonaws.us-east-1.dynamodb');
    expect(findAwsManagedPrefixList(h.s, eu, 's3')).toBeUndefined();
    h.init(caller('111111111111', eu));
    expect(findAwsManagedPrefixList(h.s, eu, 's3')?.id).toBe('pl-6da54004');
    const other = findAwsManagedPrefixList(h.s, 'us-east-1' as RegionName, 's3');
    expect(other?.awsManaged).toBe(true);
  });
});
