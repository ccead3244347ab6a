import { describe, expect, it } from 'vitest';
import type { AccessFinding } from '../../../src/analysis/access/index.js';
import { replaceRoute } from '../../../src/control/route.js';
import { primaryPublicIp } from '../../../src/model/network-interface.js';
import { Cidr, HeaderSpace } from '../../../src/net/index.js';
import { boxes, ends, expectReplays } from '../../support/access-boxes.js';
import { caller } from '../../support/harness.js';
import { loadScenario, type Scenario } from '../../support/scenario.js';

/**
 * examples/gwlb-inspection.yaml (AWS's "route traffic through a Gateway Load Balancer
 * endpoint" pattern) as access scopes: every path between the internet and the app VPC passes
 * a GWLB endpoint and an appliance, in both directions, and stops doing so when a route
 * bypasses the endpoint; and who can open the databases' port, directly or through the internal
 * NLB. Expectations follow from the file and AWS's rules:
 * - the internet gateway's edge table sends web-a's traffic to ingress-gwlbe; web-a's and the app
 *   subnets' default routes go to the endpoints; a GWLB endpoint hands traffic to the GWLB
 *   node in its own AZ, and with cross-zone load balancing off (GWLB's default) that node picks
 *   a target in its AZ only: both endpoints are in us-east-1a, so fw-a inspects everything;
 * - only web has a public address; the app instances leave through the NAT gateway (TCP, UDP,
 *   ICMP), web through its own public IP (every protocol); an internet gateway carries no
 *   RFC 1918 or RFC 6598 address, and the VPC router never forwards to 169.254.168.0/22;
 * - the NLB (cross-zone off by default) sends a node's traffic to the target in its AZ, keeps
 *   the client's address for instance targets, and does not carry a target's connection
 *   back to itself (NLB's hairpinning limit).
 */
const FILE = 'examples/gwlb-inspection.yaml';
const NETWORK = caller('111111111111', 'us-east-1');

const ENI = { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } };
const IGW = { ResourceStatement: { ResourceTypes: ['AWS::EC2::InternetGateway'] } };

/** Addresses an internet gateway does not carry (RFC 1918, RFC 6598). */
const PRIVATE = cidrs('10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16');
/** …and the block the VPC router never forwards to. */
const NOT_OUT = [...PRIVATE, ...cidrs('169.254.168.0/22')];

function cidrs(...texts: string[]): Cidr[] {
  return texts.map((t) => Cidr.parse(t)!);
}

/** Both directions between the internet and every interface, minus paths through `skip`. */
function internetScope(sc: Scenario, skip: readonly string[]) {
  return {
    MatchPaths: [
      { Source: IGW, Destination: ENI },
      { Source: ENI, Destination: IGW },
    ],
    ExcludePaths: skip.map((e) => ({
      ThroughResources: [{ ResourceStatement: { Resources: [sc.id('vpc-endpoint', e)] } }],
    })),
  };
}

/** Endpoint → GWLB → appliance fw-a → GWLB → endpoint: the inspection loop. */
const inspected = (endpoint: string) => [
  `vpc-endpoint ${endpoint}`,
  'loadbalancer inspection',
  'targetgroup appliances',
  'security-group appliance-sg',
  'instance fw-a',
  'network-interface fw-a.eth0',
  'loadbalancer inspection',
  `vpc-endpoint ${endpoint}`,
];

/** web's side of its path out, up to the GWLB endpoint's subnet. */
const WEB_OUT = [
  'instance web',
  'network-interface web.eth0',
  'security-group web-sg',
  'network-acl app/default',
  'route-table web',
  'network-acl app/default',
];

/** An app-subnet instance's side of its path out, up to the egress endpoint's subnet. */
const appOut = (name: string) => [
  `instance ${name}`,
  `network-interface ${name}.eth0`,
  'security-group db-sg',
  'network-acl app/default',
  'route-table app',
  'network-acl app/default',
];

/** From the egress endpoint on: its subnet routes to the NAT gateway, whose subnet routes out. */
const VIA_NAT = [
  ...inspected('egress-gwlbe'),
  'network-acl app/default',
  'route-table egress-gwlbe',
  'network-acl app/default',
  'nat-gateway nat',
  'network-acl app/default',
  'route-table nat',
  'internet-gateway app-igw',
];

/** From the ingress endpoint on, outbound: its subnet's default route to the gateway. */
const VIA_GWLBE = [
  ...inspected('ingress-gwlbe'),
  'network-acl app/default',
  'route-table gwlbe',
  'internet-gateway app-igw',
];

const label = (sc: Scenario, id: string) => sc.ref({ Id: id })!;

/** An instance's primary network interface. */
function eniOf(sc: Scenario, instance: string) {
  const id = sc.id('instance', instance);
  const eni = [...sc.s.all('network-interface')].find((e) => e.attachment?.instanceId === id);
  if (!eni) throw new Error(`${instance} has no network interface`);
  return eni;
}

function union(found: readonly AccessFinding[]): HeaderSpace {
  return found.reduce((u, f) => u.union(f.space), HeaderSpace.none());
}

function expectSpace(found: readonly AccessFinding[], expected: HeaderSpace): void {
  expect(union(found).equals(expected), found.flatMap(boxes).join('\n')).toBe(true);
}

describe(`scenario: GWLB inspection — every internet path through the appliance, as access scopes (${FILE})`, () => {
  it('All-IGW-Ingress: exactly HTTPS from public addresses to web, through ingress-gwlbe and fw-a', () => {
    const sc = loadScenario(FILE);
    const found = sc.access('All-IGW-Ingress');
    expect(ends(sc, found)).toEqual(['internet-gateway app-igw → network-interface web.eth0']);
    const [f] = found;
    expect(sc.hops(f!.components)).toEqual([
      'internet-gateway app-igw',
      'route-table edge',
      'network-acl app/default',
      ...inspected('ingress-gwlbe'),
      'network-acl app/default',
      'route-table gwlbe',
      'network-acl app/default',
      'security-group web-sg',
      'network-interface web.eth0',
      'instance web',
    ]);
    // Any public source, to web's public IP (the gateway maps it to 10.0.1.10), TCP 443 only.
    const publicIp = primaryPublicIp(eniOf(sc, 'web'))!;
    const expected = HeaderSpace.match({
      protocols: [{ from: 6, to: 6 }],
      destinations: cidrs(`${publicIp.toString()}/32`),
      destinationPorts: [{ from: 443, to: 443 }],
    })
      .restrictAddress('source', cidrs('0.0.0.0/0'))
      .excludeAddress('source', PRIVATE);
    expectSpace(found, expected);
    expectReplays(sc, f!);
    expect(f!.components.at(-2)!.OutboundHeader!.DestinationAddresses).toEqual(['10.0.1.10/32']);
  });

  it('AWS-IGW-Egress: web by its public IP (every protocol), the app instances by the NAT gateway (TCP, UDP, ICMP), all through an endpoint and fw-a', () => {
    const sc = loadScenario(FILE);
    const found = sc.access('AWS-IGW-Egress');
    // The appliances' VPC has no internet gateway and no route out.
    expect(ends(sc, found)).toEqual(
      [
        ...['app-1', 'app-1', 'db-a', 'db-a', 'db-b', 'db-b'].map(
          (n) => `network-interface ${n}.eth0 → internet-gateway app-igw`,
        ),
        'network-interface web.eth0 → internet-gateway app-igw',
      ].sort((a, b) => {
        const id = (t: string) => eniOf(sc, t.split(' ')[1]!.replace(/\.eth0$/, '')).id;
        return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
      }),
    );
    for (const f of found) {
      expectReplays(sc, f);
      const name = label(sc, f.source.id).replace(/^network-interface (.*)\.eth0$/, '$1');
      if (name === 'web') {
        expect(sc.hops(f.components)).toEqual([...WEB_OUT, ...VIA_GWLBE]);
        expectSpace(
          [f],
          HeaderSpace.match({ sources: cidrs('10.0.1.10/32') })
            .restrictAddress('destination', cidrs('0.0.0.0/0'))
            .excludeAddress('destination', NOT_OUT),
        );
      } else {
        expect(sc.hops(f.components)).toEqual([...appOut(name), ...VIA_NAT]);
        // The internet sees the NAT gateway's Elastic IP.
        expect(f.components.at(-1)!.OutboundHeader!.SourceAddresses).toEqual(['198.51.100.10/32']);
      }
    }
    // What each app instance may send out: the NAT gateway's protocols, to any public address.
    // Which ICMP types a NAT gateway carries AWS does not say beyond "ICMP" (D152): echo
    // requests are, and nothing but TCP, UDP and ICMP is.
    const addresses = { 'app-1': '10.0.3.10/32', 'db-a': '10.0.3.20/32', 'db-b': '10.0.4.20/32' };
    for (const [name, address] of Object.entries(addresses)) {
      const mine = union(found.filter((f) => f.source.id === eniOf(sc, name).id));
      const out = (m: Parameters<typeof HeaderSpace.match>[0]) =>
        HeaderSpace.match({ ...m, sources: cidrs(address) })
          .restrictAddress('destination', cidrs('0.0.0.0/0'))
          .excludeAddress('destination', NOT_OUT);
      const tcpUdp = out({
        protocols: [
          { from: 6, to: 6 },
          { from: 17, to: 17 },
        ],
      });
      const icmp = out({ protocols: [{ from: 1, to: 1 }] });
      const echo = out({
        protocols: [{ from: 1, to: 1 }],
        destinationPorts: [{ from: 8 * 256, to: 8 * 256 }],
      });
      expect(mine.difference(icmp).equals(tcpUdp), name).toBe(true);
      expect(echo.difference(mine).isEmpty(), name).toBe(true);
    }
  });

  it('internet paths, either way, that miss a GWLB endpoint: none', () => {
    const sc = loadScenario(FILE);
    expect(sc.access(internetScope(sc, ['ingress-gwlbe', 'egress-gwlbe']))).toEqual([]);
    // Excluding one endpoint's paths leaves exactly the other's: the two split the traffic.
    const viaEgress = sc.access(internetScope(sc, ['ingress-gwlbe']));
    expect(new Set(viaEgress.map((f) => label(sc, f.source.id)))).toEqual(
      new Set([
        'network-interface app-1.eth0',
        'network-interface db-a.eth0',
        'network-interface db-b.eth0',
      ]),
    );
  });

  it('after web-a’s default route is pointed at the internet gateway: web’s way out bypasses inspection, its way in does not', () => {
    const sc = loadScenario(FILE);
    sc.run(
      replaceRoute,
      {
        routeTableId: sc.id('route-table', 'web'),
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: sc.id('internet-gateway', 'app-igw'),
      },
      NETWORK,
    );
    const bypass = sc.access(internetScope(sc, ['ingress-gwlbe', 'egress-gwlbe']));
    expect(ends(sc, bypass)).toEqual(['network-interface web.eth0 → internet-gateway app-igw']);
    expect(sc.hops(bypass[0]!.components)).toEqual([
      'instance web',
      'network-interface web.eth0',
      'security-group web-sg',
      'network-acl app/default',
      'route-table web',
      'internet-gateway app-igw',
    ]);
    expectReplays(sc, bypass[0]!);
    // The edge route table still hands web-a's inbound traffic to the endpoint.
    const inbound = sc.access('All-IGW-Ingress');
    expect(inbound).toHaveLength(1);
    expect(sc.hops(inbound[0]!.components)).toContain('instance fw-a');
  });
});

describe(`scenario: GWLB inspection — the database port as an access scope (${FILE})`, () => {
  it('who opens TCP 5432 on db-a and db-b: the app VPC’s instances, directly and through the NLB node of the target’s AZ', () => {
    const sc = loadScenario(FILE);
    const dbs = ['db-a', 'db-b'].map((n) => sc.id('instance', n));
    const found = sc.access({
      MatchPaths: [
        {
          Destination: {
            ResourceStatement: { Resources: dbs },
            PacketHeaderStatement: { DestinationPorts: ['5432'], Protocols: ['tcp'] },
          },
        },
      ],
    });
    // Each finding as "source → destination via <address asked for>"; an instance is among
    // what reaches itself (its group admits the VPC), but not through the NLB (hairpinning).
    const summary = found
      .map((f) => {
        const [box, ...more] = f.space.cubes();
        expect(more).toEqual([]);
        expect(box!.protocols).toEqual([{ from: 6, to: 6 }]);
        expect(box!.destinationPorts).toEqual([{ from: 5432, to: 5432 }]);
        const via = box!.destinations.map(String).join(',');
        const name = (id: string) => label(sc, id).replace(/^network-interface (.*)\.eth0$/, '$1');
        const nlb = sc.hops(f.components).includes('loadbalancer db');
        return `${name(f.source.id)} → ${name(f.destination.id)} via ${via}${nlb ? ' (nlb)' : ''}`;
      })
      .sort();
    expect(summary).toEqual([
      'app-1 → db-a via 10.0.3.100/32 (nlb)',
      'app-1 → db-a via 10.0.3.20/32',
      'app-1 → db-b via 10.0.4.100/32 (nlb)',
      'app-1 → db-b via 10.0.4.20/32',
      'db-a → db-a via 10.0.3.20/32',
      'db-a → db-b via 10.0.4.100/32 (nlb)',
      'db-a → db-b via 10.0.4.20/32',
      'db-b → db-a via 10.0.3.100/32 (nlb)',
      'db-b → db-a via 10.0.3.20/32',
      'db-b → db-b via 10.0.4.20/32',
      'web → db-a via 10.0.3.100/32 (nlb)',
      'web → db-a via 10.0.3.20/32',
      'web → db-b via 10.0.4.100/32 (nlb)',
      'web → db-b via 10.0.4.20/32',
    ]);
    for (const f of found) expectReplays(sc, f);
    // Through the NLB the client's address is kept: db-sg admits it as from the VPC.
    const viaNlb = found.find((f) => sc.hops(f.components).includes('loadbalancer db'))!;
    const sg = viaNlb.components.find(
      (c) => c.SecurityGroupRule !== undefined && c.SecurityGroupRule.Direction === 'ingress',
    );
    expect(sg?.SecurityGroupRule).toMatchObject({ Cidr: '10.0.0.0/16' });
    // Nothing from the internet or the inspection VPC.
    expect(found.some((f) => !label(sc, f.source.id).startsWith('network-interface'))).toBe(false);
  });
});
