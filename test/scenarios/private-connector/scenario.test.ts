import { describe, expect, it } from 'vitest';
import { allocateAddress } from '../../../src/control/elastic-ip.js';
import { createNatGateway } from '../../../src/control/nat-gateway.js';
import {
  createNetworkAcl,
  createNetworkAclEntry,
  replaceNetworkAclAssociation,
} from '../../../src/control/network-acl.js';
import { replaceRoute } from '../../../src/control/route.js';
import { subnetNetworkAcl } from '../../../src/model/network-acl.js';
import { golden } from '../../support/golden.js';
import { caller } from '../../support/harness.js';
import { labels } from '../../support/normalise.js';
import {
  describeCliAnswers,
  expectBlocked,
  expectReachable,
  loadScenario,
  type Question,
  type Scenario,
} from '../../support/scenario.js';

/**
 * /work/shared/scenarios/private-connector.md: App Runner / Lambda style connector ENIs without
 * public addresses, an internet route they cannot use, a NAT gateway they can, and an Aurora
 * writer behind a security-group reference. Every row of the scenario's table is one test.
 */
const FILE = 'examples/private-connector.yaml';
const BOOKS = caller('222222222222', 'eu-west-1');
const goldens = golden(import.meta.url);

const Q = {
  mysql: { from: 'connector-a', to: 'aurora-writer', port: 3306 },
  postgres: { from: 'connector-a', to: 'aurora-writer', port: 5432 },
  internet: { from: 'connector-a', to: '93.184.216.34', port: 443 },
  internetB: { from: 'connector-b', to: '93.184.216.34', port: 443 },
  mysqlB: { from: 'connector-b', to: 'aurora-writer', port: 3306 },
} satisfies Record<string, Question>;

/** One golden pair per traced question. */
const SLUG = {
  mysql: 'connector-a-to-aurora-writer-tcp-3306',
  postgres: 'connector-a-to-aurora-writer-tcp-5432',
  internet: 'connector-a-to-internet-tcp-443',
  nat: 'with-nat-gateway-connector-b-to-internet-tcp-443',
  acl: 'with-private-b-acl-connector-a-to-aurora-writer-tcp-3306',
};

/** The change of row 4: a public NAT gateway in public-a (EIP 198.51.100.30) as `private`'s default route. */
function addNatGateway(sc: Scenario) {
  const eip = sc.run(allocateAddress, { address: '198.51.100.30' }, BOOKS);
  const nat = sc.run(
    createNatGateway,
    {
      subnetId: sc.id('subnet', 'public-a'),
      allocationId: eip.id,
      tags: [{ key: 'Name', value: 'nat-a' }],
    },
    BOOKS,
  );
  sc.run(
    replaceRoute,
    {
      routeTableId: sc.id('route-table', 'private'),
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: nat.id,
    },
    BOOKS,
  );
  return nat;
}

/**
 * The change of row 5: a network ACL on private-b that allows inbound TCP 3306 from the VPC
 * and has no outbound rule but the default deny, so no ephemeral ports for the replies.
 */
function addDatabaseAcl(sc: Scenario) {
  const acl = sc.run(
    createNetworkAcl,
    { vpcId: sc.id('vpc', 'books'), tags: [{ key: 'Name', value: 'private-b-acl' }] },
    BOOKS,
  );
  sc.run(
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
  const current = subnetNetworkAcl(sc.s, subnetId)!;
  const association = current.associations.find((a) => a.subnetId === subnetId)!;
  sc.run(
    replaceNetworkAclAssociation,
    { associationId: association.networkAclAssociationId, networkAclId: acl.id },
    BOOKS,
  );
  return acl;
}

/** connector-a's side of the path, up to its route table: the same in every row. */
const CONNECTOR_A_OUT = [
  'network-interface connector-a',
  'security-group connector-sg',
  'network-acl default',
  'route-table private',
];

describe(`scenario: private connector (${FILE})`, () => {
  it('connector-a → aurora-writer TCP 3306: reachable by the local route; the SG reference admits the connector', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.mysql);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...CONNECTOR_A_OUT,
      'network-acl default',
      'security-group db-sg',
      'network-interface aurora-writer',
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'network-interface aurora-writer',
      'network-acl default',
      'route-table private',
      'network-acl default',
      'network-interface connector-a',
    ]);
    const [source, , egressAcl, route, , dbSg] = r.ForwardPathComponents!;
    expect(source!.Component).toEqual({
      Id: sc.id('network-interface', 'connector-a'),
      Arn: `arn:aws:ec2:eu-west-1:222222222222:network-interface/${source!.Component.Id}`,
      Name: 'connector-a',
    });
    expect(source!.OutboundHeader).toEqual({
      SourceAddresses: ['172.31.16.50/32'],
      DestinationAddresses: ['172.31.32.80/32'],
      SourcePortRanges: [{ From: 49152, To: 49152 }],
      DestinationPortRanges: [{ From: 3306, To: 3306 }],
      Protocol: '6',
    });
    expect(route!.RouteTableRoute).toMatchObject({
      DestinationCidr: '172.31.0.0/16',
      GatewayId: 'local',
      State: 'active',
    });
    expect(dbSg!.SecurityGroupRule).toEqual({
      Direction: 'ingress',
      SecurityGroupId: sc.id('security-group', 'connector-sg'),
      PortRange: { From: 3306, To: 3306 },
      Protocol: 'tcp',
    });
    expect(egressAcl!.AclRule).toEqual({
      Cidr: '0.0.0.0/0',
      Egress: true,
      Protocol: 'all',
      RuleAction: 'allow',
      RuleNumber: 100,
    });
    await goldens.check(SLUG.mysql, r, labels(sc.s));
  });

  it('connector-a → aurora-writer TCP 5432: blocked by db-sg ingress on the destination port', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.postgres);
    const x = expectBlocked(r, 'ENI_SG_RULES_MISMATCH');
    expect(x).toMatchObject({ Direction: 'ingress', PacketField: 'destination-port' });
    expect(sc.ref(x.Component)).toBe('network-interface aurora-writer');
    expect(x.SecurityGroups?.map((g) => sc.ref(g))).toEqual(['security-group db-sg']);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...CONNECTOR_A_OUT,
      'network-acl default',
      'network-interface aurora-writer',
    ]);
    expect(r.ReturnPathComponents).toBeUndefined();
    await goldens.check(SLUG.postgres, r, labels(sc.s));
  });

  it('connector-a → 93.184.216.34 TCP 443: the route leads to the igw, which needs a public IPv4 the ENI lacks', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.internet);
    const x = expectBlocked(r, 'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(sc.ref(x.Component)).toBe('internet-gateway books-igw');
    expect(x).toMatchObject({
      Direction: 'egress',
      PacketField: 'source-address',
      Address: '172.31.16.50',
    });
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...CONNECTOR_A_OUT,
      'internet-gateway books-igw',
    ]);
    expect(r.ForwardPathComponents![3]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '0.0.0.0/0',
      GatewayId: sc.id('internet-gateway', 'books-igw'),
      State: 'active',
    });
    expect(r.ReturnPathComponents).toBeUndefined();
    await goldens.check(SLUG.internet, r, labels(sc.s));
  });

  it('with a public NAT gateway in public-a: connector-b → 93.184.216.34 TCP 443 is reachable across AZs, then the igw', async () => {
    const sc = loadScenario(FILE);
    const nat = addNatGateway(sc);
    const r = sc.trace(Q.internetB);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      'network-interface connector-b',
      'security-group connector-sg',
      'network-acl default',
      'route-table private',
      'network-acl default',
      'nat-gateway nat-a',
      'network-acl default',
      'route-table public',
      'internet-gateway books-igw',
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'internet-gateway books-igw',
      'network-acl default',
      'nat-gateway nat-a',
      'network-acl default',
      'route-table public',
      'network-acl default',
      'network-interface connector-b',
    ]);
    const natHop = r.ForwardPathComponents![5]!;
    expect(sc.ref(natHop.Subnet)).toBe('subnet public-a');
    expect(natHop.AdditionalDetails).toEqual([
      { AdditionalDetailType: 'AVAILABILITY_ZONE_CROSSED', Component: natHop.Component },
    ]);
    // The NAT gateway rewrites the source to its private address; the igw maps that to the EIP.
    const natIp = nat.natGatewayAddresses[0]!.privateIp.toString();
    expect(natHop.OutboundHeader?.SourceAddresses).toEqual([`${natIp}/32`]);
    const igwHop = r.ForwardPathComponents![8]!;
    expect(igwHop.InboundHeader?.SourceAddresses).toEqual([`${natIp}/32`]);
    expect(igwHop.OutboundHeader?.SourceAddresses).toEqual(['198.51.100.30/32']);
    // The reply reaches the connector with its own address and port again.
    expect(r.ReturnPathComponents!.at(-1)!.InboundHeader).toMatchObject({
      SourceAddresses: ['93.184.216.34/32'],
      DestinationAddresses: ['172.31.32.50/32'],
      DestinationPortRanges: [{ From: 49152, To: 49152 }],
    });
    await goldens.check(SLUG.nat, r, labels(sc.s));
  });

  it('with a NACL on private-b without outbound ephemeral ports: connector-a → aurora-writer is blocked on the return path', async () => {
    const sc = loadScenario(FILE);
    addDatabaseAcl(sc);
    const r = sc.trace(Q.mysql);
    const x = expectBlocked(r, 'SUBNET_ACL_RESTRICTION');
    expect(x.Direction).toBe('egress');
    expect(sc.ref(x.Component)).toBe('network-acl private-b-acl');
    expect(sc.ref(x.Acl)).toBe('network-acl private-b-acl');
    expect(x.AclRule).toMatchObject({ RuleNumber: 32767, RuleAction: 'deny', Egress: true });
    // The request gets in (rule 100); the reply cannot leave private-b: NACLs are stateless.
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...CONNECTOR_A_OUT,
      'network-acl private-b-acl',
      'security-group db-sg',
      'network-interface aurora-writer',
    ]);
    expect(r.ForwardPathComponents![4]!.AclRule).toMatchObject({
      RuleNumber: 100,
      RuleAction: 'allow',
      Egress: false,
      Cidr: '172.31.0.0/16',
      PortRange: { From: 3306, To: 3306 },
    });
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'network-interface aurora-writer',
      'network-acl private-b-acl',
    ]);
    await goldens.check(SLUG.acl, r, labels(sc.s));

    // connector-b shares private-b with the writer: traffic inside a subnet crosses no NACL.
    const same = sc.trace(Q.mysqlB);
    expectReachable(same);
    expect(sc.hops(same.ForwardPathComponents)).toEqual([
      'network-interface connector-b',
      'security-group connector-sg',
      'security-group db-sg',
      'network-interface aurora-writer',
    ]);
  });

  it('has no golden file without a question', () => {
    expect(goldens.stale(Object.values(SLUG))).toEqual([]);
  });
});

describeCliAnswers(FILE, [
  { q: Q.mysql, exitCode: 0 },
  { q: Q.postgres, exitCode: 1 },
]);

describe(`scenario: private connector, access scopes (${FILE})`, () => {
  it('what reaches aurora-writer: the two connectors, on TCP 3306 only, the SG reference admitting them', () => {
    const sc = loadScenario(FILE);
    const aurora = sc.id('network-interface', 'aurora-writer');
    const found = sc.access({
      MatchPaths: [{ Destination: { ResourceStatement: { Resources: [aurora] } } }],
    });
    expect(found.map((f) => sc.ref({ Id: f.source.id })).sort()).toEqual([
      'network-interface connector-a',
      'network-interface connector-b',
    ]);
    for (const f of found) {
      // Exactly TCP to 3306 of the writer's address, from the connector's own address, any port.
      const [box, ...more] = f.space.cubes();
      expect(more).toEqual([]);
      expect(box!.protocols).toEqual([{ from: 6, to: 6 }]);
      expect(box!.destinationPorts).toEqual([{ from: 3306, to: 3306 }]);
      expect(box!.destinations.map(String)).toEqual(['172.31.32.80/32']);
      expect(box!.sourcePorts).toEqual([{ from: 0, to: 65535 }]);
    }
    // connector-b shares the writer's subnet (layer 2, no ACL); connector-a is routed to it.
    const byName = new Map(found.map((f) => [sc.ref({ Id: f.source.id }), sc.hops(f.components)]));
    expect(byName.get('network-interface connector-b')).toEqual([
      'network-interface connector-b',
      'security-group connector-sg',
      'security-group db-sg',
      'network-interface aurora-writer',
    ]);
    expect(byName.get('network-interface connector-a')).toContain('route-table private');
  });

  it('nothing reaches the internet or is reached from it while the ENIs have no public address', () => {
    const sc = loadScenario(FILE);
    expect(sc.access('AWS-IGW-Egress')).toEqual([]);
    expect(sc.access('All-IGW-Ingress')).toEqual([]);
  });

  it('after the NAT gateway of row 4: every ENI of the private subnets reaches the internet through it', () => {
    const sc = loadScenario(FILE);
    addNatGateway(sc);
    const found = sc.access('AWS-IGW-Egress');
    const sources = new Set(found.map((f) => sc.ref({ Id: f.source.id })));
    expect([...sources].sort()).toEqual([
      'network-interface aurora-writer',
      'network-interface connector-a',
      'network-interface connector-b',
    ]);
    for (const f of found) {
      expect(sc.hops(f.components)).toContain('nat-gateway nat-a');
      // The gateway's Elastic IP is the source the internet sees.
      expect(f.components.at(-1)!.OutboundHeader!.SourceAddresses).toEqual(['198.51.100.30/32']);
    }
    expect(sc.access('All-IGW-Ingress')).toEqual([]);
  });
});
