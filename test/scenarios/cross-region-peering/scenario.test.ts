import { describe, expect, it } from 'vitest';
import { createRoute } from '../../../src/control/route.js';
import { routeState } from '../../../src/model/route-table.js';
import { authorizeSecurityGroupIngress } from '../../../src/control/security-group.js';
import { createVpc } from '../../../src/control/vpc.js';
import { createVpcPeeringConnection } from '../../../src/control/vpc-peering.js';
import type { Id } from '../../../src/model/ids.js';
import type { SecurityGroup } from '../../../src/model/security-group.js';
import type { Topology } from '../../../src/topology/schema.js';
import { golden } from '../../support/golden.js';
import { caller } from '../../support/harness.js';
import { labels } from '../../support/normalise.js';
import {
  describeCliAnswers,
  expectBlocked,
  expectReachable,
  loadScenario,
  type Question,
} from '../../support/scenario.js';

/**
 * /work/shared/scenarios/cross-region-peering.md: a DB2 primary in us-east-1 ships its log to
 * a standby in us-west-2 over an inter-Region peering; a reporting VPC peers with the standby
 * only. Every row of the scenario's table is one test.
 */
const FILE = 'examples/cross-region-peering.yaml';
const EAST = caller('444444444444', 'us-east-1');
const WEST = caller('444444444444', 'us-west-2');
const goldens = golden(import.meta.url);

const Q = {
  replication: { from: 'db2-primary', to: 'db2-standby', port: 50010 },
  toReporting: { from: 'db2-primary', to: 'reporting-1', port: 50010 },
  fromReporting: { from: 'reporting-1', to: 'db2-primary', port: 50010 },
} satisfies Record<string, Question>;

/** One golden pair per traced question. */
const SLUG = {
  replication: 'db2-primary-to-db2-standby-tcp-50010',
  pending: 'pending-peering-db2-primary-to-db2-standby-tcp-50010',
  staleReference: 'stale-sg-reference-db2-primary-to-db2-standby-tcp-50010',
  toReporting: 'db2-primary-to-reporting-1-tcp-50010',
  fromReporting: 'reporting-1-to-db2-primary-tcp-50010',
  viaStandby: 'with-route-via-standby-db2-primary-to-reporting-1-tcp-50010',
};

/** The example as it stands before db-standby's owner accepts the peering request. */
const unaccepted = (t: Topology): Topology => ({
  ...t,
  peerings: t.peerings?.map((p) =>
    p.name === 'primary-standby' ? { ...p, status: 'pending-acceptance' as const } : p,
  ),
});

/** db2-primary's side of the path, up to its route table: the same in every row. */
const PRIMARY_OUT = [
  'instance db2-primary',
  'network-interface db2-primary.eth0',
  'security-group primary-sg',
  'network-acl db-primary/default',
  'route-table primary-main',
];

describe(`scenario: cross-Region peering (${FILE})`, () => {
  it('db2-primary → db2-standby TCP 50010: reachable across the inter-Region peering', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.replication);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...PRIMARY_OUT,
      'vpc-peering-connection primary-standby',
      'network-acl db-standby/default',
      'security-group standby-sg',
      'network-interface db2-standby.eth0',
      'instance db2-standby',
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'instance db2-standby',
      'network-interface db2-standby.eth0',
      'network-acl db-standby/default',
      'route-table standby-main',
      'vpc-peering-connection primary-standby',
      'network-acl db-primary/default',
      'network-interface db2-primary.eth0',
      'instance db2-primary',
    ]);
    const pcxHop = r.ForwardPathComponents![5]!;
    expect(sc.ref(pcxHop.SourceVpc)).toBe('vpc db-primary');
    expect(sc.ref(pcxHop.DestinationVpc)).toBe('vpc db-standby');
    // The connection lives in the requester's Region.
    expect(pcxHop.Component.Arn).toBe(
      `arn:aws:ec2:us-east-1:444444444444:vpc-peering-connection/${pcxHop.Component.Id}`,
    );
    expect(r.ForwardPathComponents![7]!.SecurityGroupRule).toMatchObject({
      Direction: 'ingress',
      Cidr: '10.50.0.0/16',
      PortRange: { From: 50010, To: 50011 },
    });
    await goldens.check(SLUG.replication, r, labels(sc.s));
  });

  it('before the peering is accepted: the routes to the pcx are blackholes; not reachable', async () => {
    const sc = loadScenario(FILE, unaccepted);
    const pcx = sc.id('vpc-peering-connection', 'primary-standby');
    expect(sc.s.get('vpc-peering-connection', pcx)?.status.code).toBe('pending-acceptance');
    // DescribeRouteTables would show both sides' routes to the pcx as blackholes.
    for (const name of ['primary-main', 'standby-main']) {
      const table = sc.s.get('route-table', sc.id('route-table', name))!;
      const toPcx = table.routes.filter((x) => x.vpcPeeringConnectionId === pcx);
      expect(toPcx.map((x) => routeState(sc.s, x, table))).toEqual(['blackhole']);
    }
    const r = sc.trace(Q.replication);
    const x = expectBlocked(r, 'BAD_STATE_ROUTE');
    expect(sc.ref(x.Component)).toBe('route-table primary-main');
    expect(sc.ref(x.VpcPeeringConnection)).toBe('vpc-peering-connection primary-standby');
    expect(x.RouteTableRoute).toMatchObject({
      DestinationCidr: '10.60.0.0/16',
      VpcPeeringConnectionId: pcx,
      State: 'blackhole',
    });
    expect(x.State).toBe('pending-acceptance');
    expect(sc.hops(r.ForwardPathComponents)).toEqual(PRIMARY_OUT);
    await goldens.check(SLUG.pending, r, labels(sc.s));
  });

  it('a standby-sg rule referencing primary-sg (peer VPC, another Region) is rejected', async () => {
    const sc = loadScenario(FILE);
    const standbySg = sc.id('security-group', 'standby-sg');
    const primarySg = sc.id('security-group', 'primary-sg');
    const before = sc.s.revision;
    const r = sc.attempt(
      authorizeSecurityGroupIngress,
      {
        groupId: standbySg,
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: 50010,
            toPort: 50011,
            userIdGroupPairs: [{ groupId: primarySg, userId: '444444444444' }],
          },
        ],
      },
      WEST,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidGroup.NotFound');
    expect(sc.normalise(r.error.message)).toBe(
      "The security group '<sg:primary-sg>' is in VPC '<vpc:db-primary>', which is peered with VPC " +
        "'<vpc:db-standby>' across Regions (<pcx:primary-standby>). Security group references " +
        "across inter-Region VPC peering are not supported; reference the peer VPC's CIDR blocks instead.",
    );
    expect(sc.s.revision).toBe(before);

    // A snapshot that carries such a rule anyway (imported from elsewhere) admits nothing by it.
    const group = sc.s.get('security-group', standbySg)!;
    const stale: SecurityGroup = {
      ...group,
      rules: [
        ...group.rules.filter((x) => x.isEgress),
        {
          securityGroupRuleId: 'sgr-00000000000000001' as Id<'security-group-rule'>,
          isEgress: false,
          ipProtocol: 'tcp',
          fromPort: 50010,
          toPort: 50011,
          referencedGroupInfo: {
            groupId: primarySg as Id<'security-group'>,
            userId: '444444444444',
          },
        },
      ],
    };
    sc.store.snapshot.apply([{ op: 'put', resource: stale }]);
    const t = sc.trace(Q.replication);
    const x = expectBlocked(t, 'ENI_SG_RULES_MISMATCH');
    expect(x).toMatchObject({ Direction: 'ingress', PacketField: 'source-address' });
    expect(x.SecurityGroups?.map((g) => sc.ref(g))).toEqual(['security-group standby-sg']);
    expect(sc.hops(t.ForwardPathComponents)).toEqual([
      ...PRIMARY_OUT,
      'vpc-peering-connection primary-standby',
      'network-acl db-standby/default',
      'network-interface db2-standby.eth0',
    ]);
    await goldens.check(SLUG.staleReference, t, labels(sc.s));
  });

  it('db-primary → reporting is not reachable: peering is not transitive', async () => {
    const sc = loadScenario(FILE);
    // No route in db-primary: it has none to 10.70.0.0/16.
    const r = sc.trace(Q.toReporting);
    const x = expectBlocked(r, 'NO_ROUTE_TO_DESTINATION');
    expect(sc.ref(x.Component)).toBe('route-table primary-main');
    expect(sc.hops(r.ForwardPathComponents)).toEqual(PRIMARY_OUT);
    await goldens.check(SLUG.toReporting, r, labels(sc.s));

    // reporting does route 10.50.0.0/16 to its peering, but db-standby does not forward on.
    const back = sc.trace(Q.fromReporting);
    const y = expectBlocked(back, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
    expect(sc.ref(y.Component)).toBe('vpc-peering-connection standby-reporting');
    expect(y).toMatchObject({ PacketField: 'destination-address', Cidrs: ['10.60.0.0/16'] });
    expect(sc.hops(back.ForwardPathComponents)).toEqual([
      'instance reporting-1',
      'network-interface reporting-1.eth0',
      'security-group reporting-sg',
      'network-acl reporting/default',
      'route-table reporting-main',
      'vpc-peering-connection standby-reporting',
    ]);
    await goldens.check(SLUG.fromReporting, back, labels(sc.s));

    // Nor does a route in db-primary through the standby's peering help.
    sc.run(
      createRoute,
      {
        routeTableId: sc.id('route-table', 'primary-main'),
        destinationCidrBlock: '10.70.0.0/16',
        vpcPeeringConnectionId: sc.id('vpc-peering-connection', 'primary-standby'),
      },
      EAST,
    );
    const via = sc.trace(Q.toReporting);
    const z = expectBlocked(via, 'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR');
    expect(sc.ref(z.Component)).toBe('vpc-peering-connection primary-standby');
    expect(z).toMatchObject({ PacketField: 'destination-address', Cidrs: ['10.60.0.0/16'] });
    expect(sc.hops(via.ForwardPathComponents)).toEqual([
      ...PRIMARY_OUT,
      'vpc-peering-connection primary-standby',
    ]);
    await goldens.check(SLUG.viaStandby, via, labels(sc.s));
  });

  it.each([EAST, WEST])(
    'a peering between db-primary and a VPC 10.50.0.0/20 in $region fails: overlapping CIDRs',
    (where) => {
      const sc = loadScenario(FILE);
      const other = sc.run(
        createVpc,
        { cidrBlock: '10.50.0.0/20', tags: [{ key: 'Name', value: 'db-primary-clone' }] },
        where,
      );
      const pcx = sc.run(
        createVpcPeeringConnection,
        {
          vpcId: sc.id('vpc', 'db-primary'),
          peerVpcId: other.id,
          peerOwnerId: where.accountId,
          peerRegion: where.region,
        },
        EAST,
      );
      // AWS creates the connection and fails it at once, with one message for every cause.
      expect(pcx.status).toEqual({
        code: 'failed',
        message: 'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range',
      });
      expect(sc.s.get('vpc-peering-connection', pcx.id)?.status.code).toBe('failed');
    },
  );

  it('has no golden file without a question', () => {
    expect(goldens.stale(Object.values(SLUG))).toEqual([]);
  });
});

describeCliAnswers(FILE, [
  { q: Q.replication, exitCode: 0 },
  { q: Q.toReporting, exitCode: 1 },
]);
