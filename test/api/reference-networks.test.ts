import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { allocateAddress } from '../../src/control/elastic-ip.js';
import { createNatGateway } from '../../src/control/nat-gateway.js';
import {
  createNetworkAcl,
  createNetworkAclEntry,
  replaceNetworkAclAssociation,
} from '../../src/control/network-acl.js';
import { createRoute, deleteRoute, replaceRoute } from '../../src/control/route.js';
import { authorizeSecurityGroupIngress } from '../../src/control/security-group.js';
import { modifyTransitGatewayVpcAttachment } from '../../src/control/transit-gateway-attachment.js';
import { createVpcPeeringConnection } from '../../src/control/vpc-peering.js';
import { createVpc } from '../../src/control/vpc.js';
import type { AwsError } from '../../src/model/errors.js';
import { subnetNetworkAcl } from '../../src/model/network-acl.js';
import type { Caller } from '../../src/store/store.js';
import type { Topology } from '../../src/topology/schema.js';
import { analyse, answerOf } from '../support/api-replay-analysis.js';
import { apiRequest } from '../support/api-replay-request.js';
import { ApiTwin, recordingOf, recordScenario } from '../support/api-replay.js';
import {
  awsCliV1,
  awsCliV2,
  awsSdkV3,
  boto3,
  type Ec2Client,
} from '../support/api-replay-clients.js';
import { ROOT } from '../support/cli-process.js';
import { caller } from '../support/harness.js';
import { labels, normalise } from '../support/normalise.js';
import type { Question, Scenario } from '../support/scenario.js';

/**
 * The reference networks built entirely through EC2 API calls by real clients — the AWS CLI
 * v1 and v2, boto3 and @aws-sdk/client-ec2 — then analysed through Reachability Analyzer's API
 * (CreateNetworkInsightsPath, StartNetworkInsightsAnalysis, DescribeNetworkInsightsAnalyses):
 * the same state as the topology file gives, and the same answers as the scenario tests'
 * (test/scenarios/*), golden files included.
 *
 * The calls are the ones the topology loader makes, recorded and translated to API requests
 * (test/support/api-replay.ts), so the test covers whatever a reference network contains. Each
 * AWS CLI call starts Python (about a second of CPU): the CLIs build one network each and ask
 * some of its questions; boto3 and the SDK build every network and every variant of the
 * scenario tables and ask every question — except centralised egress, whose Gateway Load
 * Balancer needs ELBv2 calls, which only boto3 of these clients makes (D82).
 */

const PRIVATE_CONNECTOR = 'examples/private-connector.yaml';
const CROSS_REGION = 'examples/cross-region-peering.yaml';
const BOOKS = caller('222222222222', 'eu-west-1');
const EAST = caller('444444444444', 'us-east-1');
const WEST = caller('444444444444', 'us-west-2');
const NAT64 = 'examples/ipv6-only-nat64.yaml';
const V6 = caller('111111111111', 'us-east-1');

const EGRESS = 'examples/centralised-egress.yaml';
const NETWORK = caller('111111111111', 'us-east-1');

/** A traced question of a scenario test and its golden file, if the scenario keeps one. */
interface Asked {
  readonly q: Question;
  readonly golden?: string;
}

/** A call the API must refuse, with the error its operation gives on the topology route. */
interface Refused {
  readonly action: string;
  readonly input: object;
  readonly caller: Caller;
  readonly error: AwsError;
}

/** One row (or rows) of a scenario table: a network, built the file's way, and its questions. */
interface Case {
  readonly name: string;
  readonly record: () => Scenario;
  readonly questions: readonly Asked[];
  readonly refused?: (sc: Scenario) => readonly Refused[];
}

const pc = (slug: string) => `test/scenarios/private-connector/expected/${slug}.json`;
const crp = (slug: string) => `test/scenarios/cross-region-peering/expected/${slug}.json`;
const n64 = (slug: string) => `test/scenarios/ipv6-only-nat64/expected/${slug}.json`;
const ce = (slug: string) => `test/scenarios/centralised-egress/expected/${slug}.json`;

/** The scenario tables' changes, as operations on the recording (so they are replayed too). */
function withNatGateway(): Scenario {
  const sc = recordScenario(PRIVATE_CONNECTOR);
  const rec = recordingOf(sc);
  const eip = rec.run('AllocateAddress', allocateAddress, { address: '198.51.100.30' }, BOOKS);
  const nat = rec.run(
    'CreateNatGateway',
    createNatGateway,
    {
      subnetId: sc.id('subnet', 'public-a'),
      allocationId: eip.id,
      tags: [{ key: 'Name', value: 'nat-a' }],
    },
    BOOKS,
  );
  rec.run(
    'ReplaceRoute',
    replaceRoute,
    {
      routeTableId: sc.id('route-table', 'private'),
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.id,
    },
    BOOKS,
  );
  return sc;
}

function withDatabaseAcl(): Scenario {
  const sc = recordScenario(PRIVATE_CONNECTOR);
  const rec = recordingOf(sc);
  const acl = rec.run(
    'CreateNetworkAcl',
    createNetworkAcl,
    { vpcId: sc.id('vpc', 'books'), tags: [{ key: 'Name', value: 'private-b-acl' }] },
    BOOKS,
  );
  rec.run(
    'CreateNetworkAclEntry',
    createNetworkAclEntry,
    {
      networkAclId: acl.id,
      ruleNumber: 100,
      protocol: 'tcp',
      ruleAction: 'allow',
      egress: false,
      cidrBlock: '172.31.0.0/16',
      portRange: { from: 3306, to: 3306 },
    },
    BOOKS,
  );
  const subnetId = sc.id('subnet', 'private-b');
  const association = subnetNetworkAcl(sc.s, subnetId)!.associations.find(
    (a) => a.subnetId === subnetId,
  )!;
  rec.run(
    'ReplaceNetworkAclAssociation',
    replaceNetworkAclAssociation,
    { associationId: association.networkAclAssociationId, networkAclId: acl.id },
    BOOKS,
  );
  return sc;
}

const unaccepted = (t: Topology): Topology => ({
  ...t,
  peerings: t.peerings?.map((p) =>
    p.name === 'primary-standby' ? { ...p, status: 'pending-acceptance' as const } : p,
  ),
});

function withRouteViaStandby(): Scenario {
  const sc = recordScenario(CROSS_REGION);
  recordingOf(sc).run(
    'CreateRoute',
    createRoute,
    {
      routeTableId: sc.id('route-table', 'primary-main'),
      destinationCidrBlock: '10.70.0.0/16',
      vpcPeeringConnectionId: sc.id('vpc-peering-connection', 'primary-standby'),
    },
    EAST,
  );
  return sc;
}

/** The overlapping-CIDR rows: AWS creates the peering and fails it at once, in either Region. */
function withOverlappingPeering(where: Caller): Scenario {
  const sc = recordScenario(CROSS_REGION);
  const rec = recordingOf(sc);
  const clone = rec.run(
    'CreateVpc',
    createVpc,
    { cidrBlock: '10.50.0.0/20', tags: [{ key: 'Name', value: 'db-primary-clone' }] },
    where,
  );
  const pcx = rec.run(
    'CreateVpcPeeringConnection',
    createVpcPeeringConnection,
    {
      vpcId: sc.id('vpc', 'db-primary'),
      peerVpcId: clone.id,
      peerOwnerId: where.accountId,
      peerRegion: where.region,
    },
    EAST,
  );
  if (pcx.status.code !== 'failed') throw new Error(`the peering is ${pcx.status.code}`);
  return sc;
}

/** The NAT64 network with routes of the IPv6-only subnet's table deleted. */
function withoutV6Routes(...destinations: string[]): Scenario {
  const sc = recordScenario(NAT64);
  const rec = recordingOf(sc);
  for (const destination of destinations) {
    rec.run(
      'DeleteRoute',
      deleteRoute,
      { routeTableId: sc.id('route-table', 'v6only-rt'), destinationIpv6CidrBlock: destination },
      V6,
    );
  }
  return sc;
}

/** Centralised egress with appliance mode turned off on the egress attachment, by the API. */
function withoutApplianceMode(): Scenario {
  const sc = recordScenario(EGRESS);
  recordingOf(sc).run(
    'ModifyTransitGatewayVpcAttachment',
    modifyTransitGatewayVpcAttachment,
    {
      transitGatewayAttachmentId: sc.id('transit-gateway-attachment', 'egress-attachment'),
      options: { applianceModeSupport: 'disable' },
    },
    NETWORK,
  );
  return sc;
}

const Q = {
  egressInternet: { from: 'app-1', to: '93.184.216.34', port: 443 },
  egressEastWest: { from: 'app-1', to: 'app-2', port: 443 },
  egressSvc: { from: 'app-1', to: 'svc', port: 443 },
  egressInbound: {
    from: 'security-egress-igw',
    to: 'app-1',
    port: 443,
    sourceIp: '93.184.216.34',
  },
  egressToNat: {
    from: 'security-egress-igw',
    to: '198.51.100.10',
    port: 443,
    sourceIp: '93.184.216.34',
  },
  egressAz2: { from: 'app-1', to: 'app-2b', port: 443 },
  nat64: { from: 'v6host', to: '64:ff9b::22cf:fa3e', port: 443 },
  dualStack: { from: 'v6host', to: '2606:2800:220:1::1', port: 443 },
  inbound: { from: 'v6app-eigw', to: 'v6host', port: 22 },
  mysql: { from: 'connector-a', to: 'aurora-writer', port: 3306 },
  postgres: { from: 'connector-a', to: 'aurora-writer', port: 5432 },
  internet: { from: 'connector-a', to: '93.184.216.34', port: 443 },
  internetB: { from: 'connector-b', to: '93.184.216.34', port: 443 },
  mysqlB: { from: 'connector-b', to: 'aurora-writer', port: 3306 },
  replication: { from: 'db2-primary', to: 'db2-standby', port: 50010 },
  toReporting: { from: 'db2-primary', to: 'reporting-1', port: 50010 },
  fromReporting: { from: 'reporting-1', to: 'db2-primary', port: 50010 },
} satisfies Record<string, Question>;

const PRIVATE_CONNECTOR_BASE: Case = {
  name: 'private-connector',
  record: () => recordScenario(PRIVATE_CONNECTOR),
  questions: [
    { q: Q.mysql, golden: pc('connector-a-to-aurora-writer-tcp-3306') },
    { q: Q.postgres, golden: pc('connector-a-to-aurora-writer-tcp-5432') },
    { q: Q.internet, golden: pc('connector-a-to-internet-tcp-443') },
  ],
};

const CROSS_REGION_BASE: Case = {
  name: 'cross-region-peering',
  record: () => recordScenario(CROSS_REGION),
  questions: [
    { q: Q.replication, golden: crp('db2-primary-to-db2-standby-tcp-50010') },
    { q: Q.toReporting, golden: crp('db2-primary-to-reporting-1-tcp-50010') },
    { q: Q.fromReporting, golden: crp('reporting-1-to-db2-primary-tcp-50010') },
  ],
  // The stale-reference row cannot be built: AWS refuses a reference across Regions.
  refused: (sc) => {
    const input = {
      groupId: sc.id('security-group', 'standby-sg'),
      ipPermissions: [
        {
          ipProtocol: 'tcp',
          fromPort: 50010,
          toPort: 50011,
          userIdGroupPairs: [
            { groupId: sc.id('security-group', 'primary-sg'), userId: '444444444444' },
          ],
        },
      ],
    };
    const r = sc.attempt(authorizeSecurityGroupIngress, input, WEST);
    if (r.ok) throw new Error('the topology route admits a reference across Regions');
    return [{ action: 'AuthorizeSecurityGroupIngress', input, caller: WEST, error: r.error }];
  },
};

const NAT64_BASE: Case = {
  name: 'ipv6-only-nat64',
  record: () => recordScenario(NAT64),
  questions: [
    { q: Q.nat64, golden: n64('v6host-to-api-nat64-tcp-443') },
    { q: Q.dualStack, golden: n64('v6host-to-dual-ipv6-tcp-443') },
    { q: Q.inbound, golden: n64('internet-to-v6host-tcp-22') },
  ],
};

/**
 * Centralised egress: EC2 and ELBv2 calls (the Gateway Load Balancer, its target group,
 * listener and targets). Only boto3 builds it: @aws-sdk/client-ec2 has no ELBv2 actions, and
 * the ELBv2 SDK package is not a dependency.
 */
const EGRESS_CASES: readonly Case[] = [
  {
    name: 'centralised-egress',
    record: () => recordScenario(EGRESS),
    questions: [
      { q: Q.egressInternet, golden: ce('app-1-to-internet-tcp-443') },
      { q: Q.egressEastWest, golden: ce('app-1-to-app-2-tcp-443') },
      { q: Q.egressSvc, golden: ce('app-1-to-svc-tcp-443') },
      { q: Q.egressInbound, golden: ce('internet-to-app-1-tcp-443') },
      { q: Q.egressToNat, golden: ce('internet-to-nat-az1-eip-tcp-443') },
      { q: Q.egressAz2, golden: ce('app-1-to-app-2b-tcp-443') },
    ],
  },
  {
    name: 'centralised-egress with appliance mode disabled (ModifyTransitGatewayVpcAttachment)',
    record: withoutApplianceMode,
    questions: [{ q: Q.egressAz2, golden: ce('no-appliance-mode-app-1-to-app-2b-tcp-443') }],
  },
];

const VARIANTS: readonly Case[] = [
  {
    name: 'ipv6-only-nat64 without the 64:ff9b::/96 route',
    record: () => withoutV6Routes('64:ff9b::/96'),
    questions: [{ q: Q.nat64, golden: n64('without-nat64-route-v6host-to-api-nat64-tcp-443') }],
  },
  {
    name: 'ipv6-only-nat64 without the 64:ff9b::/96 and ::/0 routes',
    record: () => withoutV6Routes('64:ff9b::/96', '::/0'),
    questions: [{ q: Q.nat64, golden: n64('without-routes-v6host-to-api-nat64-tcp-443') }],
  },
  {
    name: 'private-connector with a NAT gateway',
    record: withNatGateway,
    questions: [{ q: Q.internetB, golden: pc('with-nat-gateway-connector-b-to-internet-tcp-443') }],
  },
  {
    name: 'private-connector with a NACL on private-b',
    record: withDatabaseAcl,
    questions: [
      { q: Q.mysql, golden: pc('with-private-b-acl-connector-a-to-aurora-writer-tcp-3306') },
      { q: Q.mysqlB },
    ],
  },
  {
    name: 'cross-region-peering before the peering is accepted',
    record: () => recordScenario(CROSS_REGION, unaccepted),
    questions: [
      { q: Q.replication, golden: crp('pending-peering-db2-primary-to-db2-standby-tcp-50010') },
    ],
  },
  {
    name: 'cross-region-peering with a route to reporting via the standby',
    record: withRouteViaStandby,
    questions: [
      {
        q: Q.toReporting,
        golden: crp('with-route-via-standby-db2-primary-to-reporting-1-tcp-50010'),
      },
    ],
  },
];

/** A case with fewer questions: each question costs a CLI three processes. */
const asking = (c: Case, ...qs: Question[]): Case => ({
  ...c,
  questions: c.questions.filter((x) => qs.includes(x.q)),
});

const OVERLAPPING: readonly Case[] = [EAST, WEST].map((where) => ({
  name: `cross-region-peering with a failed peering to an overlapping VPC in ${where.region}`,
  record: () => withOverlappingPeering(where),
  questions: [],
}));

/**
 * An answer as the EC2 API can carry it: the model vpctwin ships has no `AvailabilityZoneIds` in
 * `Explanation`, so the wire gives those AZs by name only (D75).
 */
function onTheWire(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(onTheWire);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== 'AvailabilityZoneIds')
      .map(([k, x]) => [k, onTheWire(x)]),
  );
}

const golden = (file: string): unknown =>
  onTheWire(JSON.parse(readFileSync(`${ROOT}${file}`, 'utf8')));

/**
 * Builds a case's network through `client`, checks the state is the file's, asks every question
 * through Reachability Analyzer and checks each answer is the topology route's.
 */
async function buildAndAsk(client: Ec2Client, c: Case): Promise<void> {
  const sc = c.record();
  const rec = recordingOf(sc);
  const twin = await ApiTwin.start(rec);
  try {
    const sent = await twin.replay(client, rec);
    expect(sent).toBe(rec.calls.filter((x) => x.action !== 'InitRegion').length);
    const { api, file } = twin.compare(rec);
    expect(api.topology, 'the topology exported from the API-built state').toEqual(file.topology);
    expect(api.state, 'every resource, ids included').toBe(file.state);

    const table = labels(sc.s);
    const asked = await Promise.all(c.questions.map(({ q }) => analyse(twin, client, sc, q)));
    c.questions.forEach(({ q, golden: slug }, i) => {
      const answer = normalise(answerOf(asked[i]!), table);
      const what = `${q.from} → ${q.to}:${q.port}`;
      expect(answer, `${what}: the topology route's answer`).toEqual(
        onTheWire(normalise(sc.trace(q), table)),
      );
      if (slug) expect(answer, `${what}: ${slug}`).toEqual(golden(slug));
    });

    for (const r of c.refused?.(sc) ?? []) {
      const before = twin.compare(rec).api.state;
      const params = apiRequest(r.action, r.input);
      const a = await client.call(twin.endpoint, r.action, params, twin.who(r.caller));
      expect(a).toEqual({ ok: false, code: r.error.code, message: r.error.message });
      expect(twin.compare(rec).api.state, 'a refused call changes nothing').toBe(before);
    }

    const others = twin.userAgents.filter((ua) => !client.userAgent.test(ua));
    expect(others, `every request came from ${client.name}`).toEqual([]);
  } finally {
    await twin.close();
  }
}

const clients: Ec2Client[] = [];
const use = (make: () => Ec2Client): Ec2Client => {
  const c = make();
  clients.push(c);
  return c;
};
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe.concurrent('reference networks built and analysed through the EC2 API', () => {
  // The long poles of this file: 23 and 32 AWS CLI processes, side by side. Between them they
  // ask a blocked question (an explanation; the classic DestinationIp form) and a reachable
  // one (a return path; the FilterAtSource form, which the CLI v2 of Debian 12 predates).
  it('private-connector, built by the AWS CLI v2', { timeout: 300_000 }, async () => {
    await buildAndAsk(use(awsCliV2), asking(PRIVATE_CONNECTOR_BASE, Q.internet));
  });

  it('cross-region-peering, built by the AWS CLI v1', { timeout: 300_000 }, async () => {
    await buildAndAsk(use(awsCliV1), asking(CROSS_REGION_BASE, Q.replication));
  });

  const fast = [use(boto3), use(awsSdkV3)];
  for (const c of EGRESS_CASES) {
    it(`${c.name}, built by ${fast[0]!.name}`, { timeout: 60_000 }, async () => {
      await buildAndAsk(fast[0]!, c);
    });
  }
  for (const client of fast) {
    const cases = [PRIVATE_CONNECTOR_BASE, CROSS_REGION_BASE, NAT64_BASE, ...VARIANTS];
    for (const c of [...cases, ...OVERLAPPING]) {
      it(`${c.name}, built by ${client.name}`, { timeout: 60_000 }, async () => {
        await buildAndAsk(client, c);
      });
    }
  }
});
