import {
  AcceptVpcPeeringConnectionCommand,
  CreateVpcCommand,
  CreateVpcPeeringConnectionCommand,
  DeleteVpcPeeringConnectionCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ModifyVpcPeeringConnectionOptionsCommand,
  RejectVpcPeeringConnectionCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRoute } from '../../src/control/route.js';
import { FixedClock } from '../../src/model/clock.js';
import type { AccountId, RegionName } from '../../src/model/ids.js';
import { openStore } from '../../src/store/open.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';

const OTHER = '222222222222';
const WEST = 'us-west-2';

let twin: Twin;
let clock: FixedClock;
const clients: EC2Client[] = [];
const others: Twin[] = [];

beforeEach(async () => {
  clock = new FixedClock();
  twin = await startTwin({ store: openStore({ clock }) });
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const o of others.splice(0)) {
    o.ec2.destroy();
    await o.app.close();
  }
  await twin.close();
});

/** A client of the same twin signing for another Region. */
function clientIn(region: string): EC2Client {
  const c = new EC2Client({
    endpoint: twin.endpoint,
    region,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
}

/** A second server on the same state whose callers are another account. */
async function otherAccount(): Promise<Twin> {
  const o = await startTwin({ store: twin.store, defaultAccount: OTHER });
  others.push(o);
  return o;
}

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

async function vpc(cidr: string, client: EC2Client = twin.ec2): Promise<string> {
  return (await client.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId ?? '';
}

async function request(
  vpcId: string,
  peerVpcId: string,
  extra: { PeerOwnerId?: string; PeerRegion?: string; name?: string } = {},
  client: EC2Client = twin.ec2,
) {
  const out = await client.send(
    new CreateVpcPeeringConnectionCommand({
      VpcId: vpcId,
      PeerVpcId: peerVpcId,
      PeerOwnerId: extra.PeerOwnerId,
      PeerRegion: extra.PeerRegion,
      TagSpecifications:
        extra.name === undefined
          ? undefined
          : [
              {
                ResourceType: 'vpc-peering-connection',
                Tags: [{ Key: 'Name', Value: extra.name }],
              },
            ],
    }),
  );
  return out.VpcPeeringConnection;
}

const describeOne = async (id: string, client: EC2Client = twin.ec2) =>
  (await client.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: [id] })))
    .VpcPeeringConnections?.[0];

const idsFor = async (filters: Filter[], client: EC2Client = twin.ec2) =>
  (
    (await client.send(new DescribeVpcPeeringConnectionsCommand({ Filters: filters })))
      .VpcPeeringConnections ?? []
  )
    .map((p) => p.VpcPeeringConnectionId)
    .sort();

describe('VPC peering over the API', () => {
  it('requests, describes, accepts, modifies options and deletes within one account', async () => {
    const a = await vpc('10.0.0.0/16');
    const b = await vpc('10.1.0.0/16');
    const created = await request(a, b, { name: 'a-b' });
    const id = created?.VpcPeeringConnectionId ?? '';
    expect(id).toMatch(/^pcx-[0-9a-f]{17}$/);
    // AWS answers before the request is pending; the accepter's blocks come with acceptance.
    expect(created?.Status).toEqual({
      Code: 'initiating-request',
      Message: `Initiating Request to ${ACCOUNT}`,
    });
    expect(created?.RequesterVpcInfo).toMatchObject({
      VpcId: a,
      OwnerId: ACCOUNT,
      Region: REGION,
      CidrBlock: '10.0.0.0/16',
      CidrBlockSet: [{ CidrBlock: '10.0.0.0/16' }],
      PeeringOptions: { AllowDnsResolutionFromRemoteVpc: false },
    });
    expect(created?.AccepterVpcInfo).toEqual({ VpcId: b, OwnerId: ACCOUNT, Region: REGION });
    expect(created?.Tags).toEqual([{ Key: 'Name', Value: 'a-b' }]);
    expect(created?.ExpirationTime?.toISOString()).toBe('2026-01-08T00:00:00.000Z');

    const pending = await describeOne(id);
    expect(pending?.Status?.Code).toBe('pending-acceptance');
    expect(pending?.Status?.Message).toBe(`Pending Acceptance by ${ACCOUNT}`);

    const accepted = await twin.ec2.send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    expect(accepted.VpcPeeringConnection?.Status).toEqual({
      Code: 'provisioning',
      Message: 'Provisioning',
    });
    expect(accepted.VpcPeeringConnection?.AccepterVpcInfo?.CidrBlock).toBe('10.1.0.0/16');
    const active = await describeOne(id);
    expect(active?.Status).toEqual({ Code: 'active', Message: 'Active' });
    expect(active?.ExpirationTime).toBeUndefined();
    expect(active?.AccepterVpcInfo).toMatchObject({
      VpcId: b,
      CidrBlock: '10.1.0.0/16',
      CidrBlockSet: [{ CidrBlock: '10.1.0.0/16' }],
    });

    // DNS resolution needs DNS hostnames in both VPCs.
    await refused(
      twin.ec2.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: id,
          RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
        }),
      ),
      'InvalidVpcPeeringConnectionState.DnsHostnamesDisabled',
    );
    for (const v of [a, b]) {
      await twin.ec2.send(
        new ModifyVpcAttributeCommand({ VpcId: v, EnableDnsHostnames: { Value: true } }),
      );
    }
    const options = await twin.ec2.send(
      new ModifyVpcPeeringConnectionOptionsCommand({
        VpcPeeringConnectionId: id,
        AccepterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: true },
      }),
    );
    expect(options.AccepterPeeringConnectionOptions?.AllowDnsResolutionFromRemoteVpc).toBe(true);
    expect(options.RequesterPeeringConnectionOptions).toBeUndefined();
    expect(
      (await describeOne(id))?.AccepterVpcInfo?.PeeringOptions?.AllowDnsResolutionFromRemoteVpc,
    ).toBe(true);
    await refused(
      twin.ec2.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: id,
          RequesterPeeringConnectionOptions: { AllowEgressFromLocalClassicLinkToRemoteVpc: true },
        }),
      ),
      'UnsupportedOperation',
    );

    // One live peering per VPC pair; rejecting an active one is not a transition.
    await refused(request(b, a), 'VpcPeeringConnectionAlreadyExists');
    await refused(
      twin.ec2.send(new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'InvalidStateTransition',
    );
    const deleted = await twin.ec2.send(
      new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    expect(deleted.Return).toBe(true);
    expect((await describeOne(id))?.Status).toEqual({
      Code: 'deleted',
      Message: `Deleted by ${ACCOUNT}`,
    });
    await refused(
      twin.ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'InvalidStateTransition',
    );
  });

  it('rejects a request, and fails one between overlapping VPCs', async () => {
    const a = await vpc('10.0.0.0/16');
    const b = await vpc('10.1.0.0/16');
    const c = await vpc('10.0.0.0/20');
    const id = (await request(a, b))?.VpcPeeringConnectionId ?? '';
    const rejected = await twin.ec2.send(
      new RejectVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    expect(rejected.Return).toBe(true);
    expect((await describeOne(id))?.Status?.Code).toBe('rejected');
    const failed = await request(a, c);
    expect(failed?.Status?.Code).toBe('failed');
    expect(failed?.AccepterVpcInfo?.CidrBlock).toBeUndefined();
  });

  it('filters with every documented filter and pages', async () => {
    const a = await vpc('10.0.0.0/16');
    const b = await vpc('10.1.0.0/16');
    const c = await vpc('10.2.0.0/16');
    const ab = (await request(a, b, { name: 'ab' }))?.VpcPeeringConnectionId ?? '';
    const ac = (await request(a, c, { name: 'ac' }))?.VpcPeeringConnectionId ?? '';
    await twin.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: ab }));
    const expiry = (await describeOne(ac))?.ExpirationTime?.toISOString() ?? '';
    const cases: [Filter[], string[]][] = [
      [[{ Name: 'accepter-vpc-info.cidr-block', Values: ['10.1.0.0/16'] }], [ab]],
      // A pending request does not show the accepter's blocks yet.
      [[{ Name: 'accepter-vpc-info.cidr-block', Values: ['10.2.0.0/16'] }], []],
      [[{ Name: 'accepter-vpc-info.owner-id', Values: [ACCOUNT] }], [ab, ac]],
      [[{ Name: 'accepter-vpc-info.vpc-id', Values: [c] }], [ac]],
      [[{ Name: 'expiration-time', Values: [expiry] }], [ac]],
      [[{ Name: 'requester-vpc-info.cidr-block', Values: ['10.0.*'] }], [ab, ac]],
      [[{ Name: 'requester-vpc-info.owner-id', Values: ['999999999999'] }], []],
      [[{ Name: 'requester-vpc-info.vpc-id', Values: [a] }], [ab, ac]],
      [[{ Name: 'status-code', Values: ['active'] }], [ab]],
      [[{ Name: 'status-message', Values: ['Pending Acceptance by *'] }], [ac]],
      [[{ Name: 'vpc-peering-connection-id', Values: [ac] }], [ac]],
      [[{ Name: 'tag:Name', Values: ['ab'] }], [ab]],
      [[{ Name: 'tag-key', Values: ['Name'] }], [ab, ac]],
    ];
    for (const [filters, expected] of cases) {
      expect(await idsFor(filters), JSON.stringify(filters)).toEqual(expected.sort());
    }
    expect(await errorOf(idsFor([{ Name: 'status', Values: ['active'] }]))).toBe(
      'InvalidParameterValue',
    );

    // Six connections, pages of five.
    const hub = await vpc('10.10.0.0/16');
    for (let i = 0; i < 4; i++) await request(hub, await vpc(`10.${20 + i}.0.0/16`));
    const first = await twin.ec2.send(new DescribeVpcPeeringConnectionsCommand({ MaxResults: 5 }));
    expect(first.VpcPeeringConnections).toHaveLength(5);
    const second = await twin.ec2.send(
      new DescribeVpcPeeringConnectionsCommand({ MaxResults: 5, NextToken: first.NextToken }),
    );
    expect(second.VpcPeeringConnections).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(
      new Set(
        [...(first.VpcPeeringConnections ?? []), ...(second.VpcPeeringConnections ?? [])].map(
          (p) => p.VpcPeeringConnectionId,
        ),
      ).size,
    ).toBe(6);
    expect(
      await errorOf(twin.ec2.send(new DescribeVpcPeeringConnectionsCommand({ MaxResults: 4 }))),
    ).toBe('InvalidParameterValue');
    expect(
      await errorOf(
        twin.ec2.send(
          new DescribeVpcPeeringConnectionsCommand({
            VpcPeeringConnectionIds: [ab],
            MaxResults: 5,
          }),
        ),
      ),
    ).toBe('InvalidParameterCombination');
  });

  it('answers NotFound and Malformed for ids it does not know', async () => {
    const missing = 'pcx-0123456789abcdef0';
    expect(await errorOf(describeOne(missing))).toBe('InvalidVpcPeeringConnectionID.NotFound');
    expect(await errorOf(describeOne('vpc-12345678'))).toBe(
      'InvalidVpcPeeringConnectionId.Malformed',
    );
    await refused(
      twin.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: missing })),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    await refused(
      twin.ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: missing })),
      'InvalidVpcPeeringConnectionID.NotFound',
    );
    const a = await vpc('10.0.0.0/16');
    await refused(request(a, 'vpc-0123456789abcdef0'), 'InvalidVpcID.NotFound');
    const before = twin.state();
    const raw = await twin.query('CreateVpcPeeringConnection', { PeerVpcId: a });
    expect(raw.code).toBe('MissingParameter');
    expect(twin.state()).toBe(before);
  });

  it('shows a cross-account request to both accounts; only the accepter may accept it', async () => {
    const b = await otherAccount();
    const mine = await vpc('10.0.0.0/16');
    const theirs = await vpc('10.1.0.0/16', b.ec2);
    const created = await request(mine, theirs, { PeerOwnerId: OTHER, name: 'to-b' });
    const id = created?.VpcPeeringConnectionId ?? '';
    expect(created?.Status?.Message).toBe(`Initiating Request to ${OTHER}`);
    expect((await describeOne(id, b.ec2))?.Status?.Code).toBe('pending-acceptance');
    expect(await idsFor([{ Name: 'accepter-vpc-info.owner-id', Values: [OTHER] }], b.ec2)).toEqual([
      id,
    ]);
    await refused(
      twin.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'OperationNotPermitted',
    );
    await refused(
      b.ec2.send(new DeleteVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'OperationNotPermitted',
    );
    await b.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
    expect((await describeOne(id))?.Status?.Code).toBe('active');
    // Each owner may change only its own side's options.
    await refused(
      b.ec2.send(
        new ModifyVpcPeeringConnectionOptionsCommand({
          VpcPeeringConnectionId: id,
          RequesterPeeringConnectionOptions: { AllowDnsResolutionFromRemoteVpc: false },
        }),
      ),
      'OperationNotPermitted',
    );
    // A third account sees nothing.
    const third = await startTwin({ store: twin.store, defaultAccount: '333333333333' });
    others.push(third);
    expect(await idsFor([], third.ec2)).toEqual([]);
    expect(await errorOf(describeOne(id, third.ec2))).toBe(
      'InvalidVpcPeeringConnectionID.NotFound',
    );
  });

  it('shows an inter-Region request in both Regions and nowhere else', async () => {
    const west = clientIn(WEST);
    const here = await vpc('10.0.0.0/16');
    const there = await vpc('10.1.0.0/16', west);
    const id = (await request(here, there, { PeerRegion: WEST }))?.VpcPeeringConnectionId ?? '';
    expect((await describeOne(id, west))?.AccepterVpcInfo?.Region).toBe(WEST);
    expect(await idsFor([], clientIn('eu-west-1'))).toEqual([]);
    // The accepter accepts in the accepter's Region only.
    await refused(
      twin.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'OperationNotPermitted',
    );
    const accepted = await west.send(
      new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }),
    );
    expect(accepted.VpcPeeringConnection?.AccepterVpcInfo).toMatchObject({
      Region: WEST,
      CidrBlock: '10.1.0.0/16',
    });
    expect((await describeOne(id))?.Status?.Code).toBe('active');
  });

  it('reads an unaccepted request as expired after 7 days; routes cannot target it', async () => {
    const a = await vpc('10.0.0.0/16');
    const b = await vpc('10.1.0.0/16');
    const id = (await request(a, b))?.VpcPeeringConnectionId ?? '';
    clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
    const seen = await describeOne(id);
    expect(seen?.Status).toEqual({ Code: 'expired', Message: 'Expired' });
    expect(seen?.ExpirationTime).toBeUndefined();
    expect(await idsFor([{ Name: 'status-code', Values: ['expired'] }])).toEqual([id]);
    await refused(
      twin.ec2.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id })),
      'InvalidStateTransition',
    );
    const table = twin.store.snapshot.find('mainRouteTableByVpc', a)[0];
    const before = twin.state();
    const route = twin.store.execute(
      'CreateRoute',
      createRoute,
      {
        routeTableId: table?.id ?? '',
        destinationCidrBlock: '10.1.0.0/16',
        vpcPeeringConnectionId: id,
      },
      { accountId: ACCOUNT as AccountId, region: REGION as RegionName },
    );
    expect(route.ok ? 'ok' : route.error.code).toBe('InvalidVpcPeeringConnectionID.NotFound');
    expect(twin.state()).toBe(before);
    // The pair is free again: a new request may be made.
    expect((await request(a, b))?.Status?.Code).toBe('initiating-request');
  });
});
