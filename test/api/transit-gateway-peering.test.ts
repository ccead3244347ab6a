import {
  AcceptTransitGatewayPeeringAttachmentCommand,
  AssociateTransitGatewayRouteTableCommand,
  CreateTransitGatewayPeeringAttachmentCommand,
  DeleteTransitGatewayPeeringAttachmentCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayPeeringAttachmentsCommand,
  DescribeTransitGatewayRouteTablesCommand,
  EC2Client,
  EnableTransitGatewayRouteTablePropagationCommand,
  GetTransitGatewayRouteTableAssociationsCommand,
  RejectTransitGatewayPeeringAttachmentCommand,
  SearchTransitGatewayRoutesCommand,
  type Filter,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { ACCOUNT, REGION, startTwin, type Twin } from '../support/api.js';
import { awsCli } from '../support/aws-cli.js';
import { buildStage1, buildStage3, createHubTgw } from '../support/tgw-hub.js';

const OTHER = '222222222222';
const WEST = 'us-west-2';

let twin: Twin;
const clients: EC2Client[] = [];
const others: Twin[] = [];

beforeEach(async () => {
  twin = await startTwin();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const o of others.splice(0)) {
    o.ec2.destroy();
    await o.app.close();
  }
  await twin.close();
});

/** A client of `server` signing for another Region (the server reads the Region from SigV4). */
function clientIn(region: string, server: Twin = twin): EC2Client {
  const c = new EC2Client({
    endpoint: server.endpoint,
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

async function routes(client: EC2Client, table: string, filters: Filter[]): Promise<string[]> {
  const out = await client.send(
    new SearchTransitGatewayRoutesCommand({ TransitGatewayRouteTableId: table, Filters: filters }),
  );
  return (out.Routes ?? []).map((r) =>
    [
      r.DestinationCidrBlock,
      r.Type,
      r.State,
      ...(r.TransitGatewayAttachments ?? []).map((a) => `${a.ResourceType}:${a.ResourceId}`),
    ].join(' '),
  );
}

const peeringsSeenBy = async (client: EC2Client, filters: Filter[] = []) =>
  (
    (await client.send(new DescribeTransitGatewayPeeringAttachmentsCommand({ Filters: filters })))
      .TransitGatewayPeeringAttachments ?? []
  ).map((p) => `${p.TransitGatewayAttachmentId} ${p.State}`);

describe('Transit Gateway peering over the API: hub-and-spoke stage 3', () => {
  it('peers tgw-A with tgw-B across Regions, accepted from us-west-2; static routes only', async () => {
    const west = clientIn(WEST);
    const s1 = await buildStage1(twin.ec2);
    const s3 = await buildStage3(twin.ec2, west, s1, ACCOUNT);

    const [peering] =
      (
        await west.send(
          new DescribeTransitGatewayPeeringAttachmentsCommand({
            TransitGatewayAttachmentIds: [s3.peeringId],
          }),
        )
      ).TransitGatewayPeeringAttachments ?? [];
    expect(peering).toMatchObject({
      TransitGatewayAttachmentId: s3.peeringId,
      RequesterTgwInfo: { TransitGatewayId: s1.tgwA, OwnerId: ACCOUNT, Region: REGION },
      AccepterTgwInfo: { TransitGatewayId: s3.tgwB, OwnerId: ACCOUNT, Region: WEST },
      State: 'available',
      Status: { Code: 'available' },
    });

    // Each side sees the attachment from its own gateway, the other gateway as the resource.
    const fromWest = await west.send(
      new DescribeTransitGatewayAttachmentsCommand({
        Filters: [{ Name: 'resource-type', Values: ['peering'] }],
      }),
    );
    expect(fromWest.TransitGatewayAttachments).toEqual([
      expect.objectContaining({
        TransitGatewayAttachmentId: s3.peeringId,
        TransitGatewayId: s3.tgwB,
        ResourceId: s1.tgwA,
        ResourceType: 'peering',
        Association: { TransitGatewayRouteTableId: s3.tableB, State: 'associated' },
      }),
    ]);
    const fromEast = await twin.ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({
        TransitGatewayAttachmentIds: [s3.peeringId],
      }),
    );
    expect(fromEast.TransitGatewayAttachments?.[0]).toMatchObject({
      TransitGatewayId: s1.tgwA,
      ResourceId: s3.tgwB,
      Association: { TransitGatewayRouteTableId: s1.spokeTable },
    });

    // Associations name the gateway across the peering from each table's side.
    const peeringResource = async (client: EC2Client, table: string) =>
      (
        await client.send(
          new GetTransitGatewayRouteTableAssociationsCommand({
            TransitGatewayRouteTableId: table,
            Filters: [{ Name: 'resource-type', Values: ['peering'] }],
          }),
        )
      ).Associations?.map((a) => `${a.TransitGatewayAttachmentId} ${a.ResourceId}`);
    expect(await peeringResource(west, s3.tableB)).toEqual([`${s3.peeringId} ${s1.tgwA}`]);
    expect(await peeringResource(twin.ec2, s1.spokeTable)).toEqual([`${s3.peeringId} ${s3.tgwB}`]);

    // svc → svc-b: the shared table sends 10.100.0.0/16 over the peering; tgw-B sends replies back.
    expect(
      await routes(twin.ec2, s1.sharedTable, [
        { Name: 'route-search.longest-prefix-match', Values: ['10.100.1.10/32'] },
      ]),
    ).toEqual([`10.100.0.0/16 static active peering:${s3.tgwB}`]);
    expect(await routes(west, s3.tableB, [{ Name: 'state', Values: ['active'] }])).toEqual([
      `10.0.0.0/16 static active peering:${s1.tgwA}`,
      `10.100.0.0/16 propagated active vpc:${s3.sharedB.vpcId}`,
    ]);
    // app-1 → svc-b: the spoke table has no route to 10.100.0.0/16.
    expect(
      await routes(twin.ec2, s1.spokeTable, [
        { Name: 'route-search.supernet-of-match', Values: ['10.100.1.10/32'] },
      ]),
    ).toEqual([]);

    // Nothing propagates over peering.
    expect(
      await twin.refusal(() =>
        west.send(
          new EnableTransitGatewayRouteTablePropagationCommand({
            TransitGatewayRouteTableId: s3.tableB,
            TransitGatewayAttachmentId: s3.peeringId,
          }),
        ),
      ),
    ).toBe('InvalidParameterValue');
    // Tables are Regional: tgw-B's table is not found from us-east-1.
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new AssociateTransitGatewayRouteTableCommand({
            TransitGatewayRouteTableId: s3.tableB,
            TransitGatewayAttachmentId: s3.peeringId,
          }),
        ),
      ),
    ).toBe('InvalidRouteTableID.NotFound');
  });

  it('is accepted only by the accepter, from its Region; answers carry AWS transitional states', async () => {
    const west = clientIn(WEST);
    const tgwA = await createHubTgw(twin.ec2, 'tgw-A', 64600);
    const tgwB = await createHubTgw(west, 'tgw-B', 64601);
    const created = await twin.ec2.send(
      new CreateTransitGatewayPeeringAttachmentCommand({
        TransitGatewayId: tgwA,
        PeerTransitGatewayId: tgwB,
        PeerAccountId: ACCOUNT,
        PeerRegion: WEST,
        TagSpecifications: [
          { ResourceType: 'transit-gateway-attachment', Tags: [{ Key: 'Name', Value: 'a-b' }] },
        ],
      }),
    );
    const id = created.TransitGatewayPeeringAttachment?.TransitGatewayAttachmentId ?? '';
    expect(id).toMatch(/^tgw-attach-[0-9a-f]{17}$/);
    expect(created.TransitGatewayPeeringAttachment).toMatchObject({
      State: 'initiatingRequest',
      Tags: [{ Key: 'Name', Value: 'a-b' }],
      Options: { DynamicRouting: 'disable' },
    });
    expect(await peeringsSeenBy(west)).toEqual([`${id} pendingAcceptance`]);
    expect(await peeringsSeenBy(twin.ec2)).toEqual([`${id} pendingAcceptance`]);

    // The requester cannot accept; a second request for the pair is a duplicate.
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
        ),
      ),
    ).toBe('IncorrectState');
    expect(
      await twin.refusal(() =>
        twin.ec2.send(
          new CreateTransitGatewayPeeringAttachmentCommand({
            TransitGatewayId: tgwA,
            PeerTransitGatewayId: tgwB,
            PeerAccountId: ACCOUNT,
            PeerRegion: WEST,
          }),
        ),
      ),
    ).toBe('DuplicateTransitGatewayAttachment');
    // From a Region where neither side is, the attachment does not exist. (A first call sets
    // the account up in that Region, so the refusal is the second.)
    const ireland = clientIn('eu-west-1');
    await ireland.send(new DescribeTransitGatewayPeeringAttachmentsCommand({}));
    expect(
      await twin.refusal(() =>
        ireland.send(
          new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
        ),
      ),
    ).toBe('InvalidTransitGatewayAttachmentID.NotFound');

    // Accepted with the AWS CLI, signing for the accepter's Region.
    const accepted = await awsCli(twin.endpoint, WEST, [
      'ec2',
      'accept-transit-gateway-peering-attachment',
      '--transit-gateway-attachment-id',
      id,
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const answer = JSON.parse(accepted.stdout) as {
      TransitGatewayPeeringAttachment: { State: string; AccepterTgwInfo: { Region: string } };
    };
    expect(answer.TransitGatewayPeeringAttachment.State).toBe('pending');
    expect(answer.TransitGatewayPeeringAttachment.AccepterTgwInfo.Region).toBe(WEST);
    expect(await peeringsSeenBy(twin.ec2)).toEqual([`${id} available`]);
    expect(
      await twin.refusal(() =>
        west.send(
          new RejectTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
        ),
      ),
    ).toBe('IncorrectState');

    const deleted = await twin.ec2.send(
      new DeleteTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: id }),
    );
    expect(deleted.TransitGatewayPeeringAttachment?.State).toBe('deleting');
    expect(await peeringsSeenBy(west, [{ Name: 'state', Values: ['deleted'] }])).toEqual([
      `${id} deleted`,
    ]);
  });

  it('peers across accounts: the other account accepts or rejects from its own Region', async () => {
    const other = await otherAccount();
    const otherWest = clientIn(WEST, other);
    const tgwA = await createHubTgw(twin.ec2, 'tgw-A', 64600);
    const tgwB = await createHubTgw(otherWest, 'tgw-B', 64601);
    const request = async () =>
      (
        await twin.ec2.send(
          new CreateTransitGatewayPeeringAttachmentCommand({
            TransitGatewayId: tgwA,
            PeerTransitGatewayId: tgwB,
            PeerAccountId: OTHER,
            PeerRegion: WEST,
          }),
        )
      ).TransitGatewayPeeringAttachment?.TransitGatewayAttachmentId ?? '';

    const first = await request();
    // Each side filters by its own account as local, the other as remote.
    expect(
      await peeringsSeenBy(otherWest, [
        { Name: 'local-owner-id', Values: [OTHER] },
        { Name: 'remote-owner-id', Values: [ACCOUNT] },
        { Name: 'transit-gateway-id', Values: [tgwB] },
      ]),
    ).toEqual([`${first} pendingAcceptance`]);
    expect(await peeringsSeenBy(twin.ec2, [{ Name: 'local-owner-id', Values: [OTHER] }])).toEqual(
      [],
    );

    const rejected = await otherWest.send(
      new RejectTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: first }),
    );
    expect(rejected.TransitGatewayPeeringAttachment?.State).toBe('rejecting');
    expect(await peeringsSeenBy(twin.ec2)).toEqual([`${first} rejected`]);

    // A rejected request does not block a new one; this one is accepted.
    const second = await request();
    await otherWest.send(
      new AcceptTransitGatewayPeeringAttachmentCommand({ TransitGatewayAttachmentId: second }),
    );
    expect(await peeringsSeenBy(twin.ec2, [{ Name: 'state', Values: ['available'] }])).toEqual([
      `${second} available`,
    ]);
    // A peer gateway that does not exist in the named account: the request fails.
    const failed = await twin.ec2.send(
      new CreateTransitGatewayPeeringAttachmentCommand({
        TransitGatewayId: tgwA,
        PeerTransitGatewayId: 'tgw-0123456789abcdef0',
        PeerAccountId: OTHER,
        PeerRegion: WEST,
      }),
    );
    expect(failed.TransitGatewayPeeringAttachment?.State).toBe('failed');
  });
});

/** Every TGW route table of a twin in one Region, by Name tag: its routes, ids left out. */
async function routingByName(client: EC2Client): Promise<Record<string, string[]>> {
  const tables =
    (await client.send(new DescribeTransitGatewayRouteTablesCommand({})))
      .TransitGatewayRouteTables ?? [];
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const name = t.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? '?';
    const found = await client.send(
      new SearchTransitGatewayRoutesCommand({
        TransitGatewayRouteTableId: t.TransitGatewayRouteTableId,
        Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }],
      }),
    );
    out[name] = (found.Routes ?? []).map((r) =>
      [
        r.DestinationCidrBlock,
        r.Type,
        r.State,
        ...(r.TransitGatewayAttachments ?? []).map((a) => a.ResourceType),
      ].join(' '),
    );
  }
  return out;
}

describe('the hub-and-spoke network built through the API, exported as a topology file', () => {
  it('loads back with the same transit gateway routing in both Regions', async () => {
    const west = clientIn(WEST);
    const s1 = await buildStage1(twin.ec2);
    await buildStage3(twin.ec2, west, s1, ACCOUNT);
    const before = { east: await routingByName(twin.ec2), west: await routingByName(west) };
    expect(before.east['spoke-tgw-route-table']).toEqual(['10.0.0.0/16 propagated active vpc']);
    expect(Object.keys(before.west)).toEqual(['shared-services-tgw-route-table-B']);

    const exported = await twin.app.inject({ method: 'GET', url: '/_vpctwin/export' });
    expect(exported.statusCode).toBe(200);
    const parsed = parseTopology('export.yaml', exported.body);
    if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
    const store = openStore();
    const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
    if (!loaded.ok) throw new Error(formatProblem(loaded.error));
    const again = await startTwin({ store });
    others.push(again);
    const againWest = clientIn(WEST, again);
    expect({ east: await routingByName(again.ec2), west: await routingByName(againWest) }).toEqual(
      before,
    );
  });
});
