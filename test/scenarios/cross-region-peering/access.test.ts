import { describe, expect, it } from 'vitest';
import { createRoute } from '../../../src/control/route.js';
import { caller } from '../../support/harness.js';
import { between, boxes, ends, expectReplays } from '../../support/access-boxes.js';
import { loadScenario, type Scenario } from '../../support/scenario.js';

/**
 * /work/shared/scenarios/cross-region-peering.md as access scopes: what each side can open
 * across the inter-Region peering and on which ports, that the reporting VPC's peering with the
 * standby gives it no way to the primary (peering is not transitive: a connection carries only
 * packets from its one VPC's blocks to the other's), that nothing touches the internet, and the
 * two Amazon-created VPC scopes by name. Every expectation is derived from the file: default
 * groups' egress is all traffic, default ACLs allow all, and each group admits TCP 50010–50011
 * (DB2's HADR ports) from the CIDRs it names.
 */
const FILE = 'examples/cross-region-peering.yaml';
const EAST = caller('444444444444', 'us-east-1');

/** The replication ports, as each database's group admits them. */
const HADR = 'dport 50010-50011';

const vpcs = (sc: Scenario, ...names: string[]) => names.map((n) => sc.id('vpc', n));

describe(`scenario: cross-Region peering — replication and isolation as access scopes (${FILE})`, () => {
  it('every path from any interface: primary ⇄ standby and reporting → standby, each only on TCP 50010–50011', () => {
    const sc = loadScenario(FILE);
    const found = sc.access({
      MatchPaths: [
        { Source: { ResourceStatement: { ResourceTypes: ['AWS::EC2::NetworkInterface'] } } },
      ],
    });
    // Sorted by source id; compared as a set of (ends, headers) so the test names the flows.
    const flows = found.map((f) => `${ends(sc, [f])[0]}: ${boxes(f).join(' | ')}`).sort();
    expect(flows).toEqual([
      `network-interface db2-primary.eth0 → network-interface db2-standby.eth0: tcp 10.50.1.10/32 > 10.60.1.10/32 sport * ${HADR}`,
      `network-interface db2-standby.eth0 → network-interface db2-primary.eth0: tcp 10.60.1.10/32 > 10.50.1.10/32 sport * ${HADR}`,
      `network-interface reporting-1.eth0 → network-interface db2-standby.eth0: tcp 10.70.1.10/32 > 10.60.1.10/32 sport * ${HADR}`,
    ]);
    for (const f of found) expectReplays(sc, f);
    // reporting-sg admits 10.50.0.0/16, but no path from db-primary reaches it; the groups admit
    // no address of their own VPC, so no instance reaches itself either.
    const replication = found.find(
      (f) =>
        ends(sc, [f])[0] ===
        'network-interface db2-primary.eth0 → network-interface db2-standby.eth0',
    )!;
    expect(sc.hops(replication.components)).toEqual([
      'instance db2-primary',
      'network-interface db2-primary.eth0',
      'security-group primary-sg',
      'network-acl db-primary/default',
      'route-table primary-main',
      'vpc-peering-connection primary-standby',
      'network-acl db-standby/default',
      'security-group standby-sg',
      'network-interface db2-standby.eth0',
      'instance db2-standby',
    ]);
    // The standby's rule that admits it is the one naming db-primary's block.
    const sgHop = replication.components[7]!;
    expect(sgHop.SecurityGroupRule).toMatchObject({ Cidr: '10.50.0.0/16' });
  });

  it('db-primary and reporting: no path either way, not even with a route in db-primary through the standby', () => {
    const sc = loadScenario(FILE);
    const [primary, reporting] = vpcs(sc, 'db-primary', 'reporting');
    const scope = {
      MatchPaths: [between([primary!], [reporting!]), between([reporting!], [primary!])],
    };
    expect(sc.access(scope)).toEqual([]);
    // 10.70.0.0/16 → primary-standby: the peering carries only packets for db-standby's block.
    sc.run(
      createRoute,
      {
        routeTableId: sc.id('route-table', 'primary-main'),
        destinationCidrBlock: '10.70.0.0/16',
        vpcPeeringConnectionId: sc.id('vpc-peering-connection', 'primary-standby'),
      },
      EAST,
    );
    expect(sc.access(scope)).toEqual([]);
  });

  it('AWS-VPC-Ingress: what may enter each VPC over each peering — the HADR ports from the peer VPC only', () => {
    const sc = loadScenario(FILE);
    const found = sc.access('AWS-VPC-Ingress');
    // A peering as a source is traffic entering a VPC there with any header the connection
    // carries: a source address in the other VPC's blocks, a destination in this one's.
    expect(found.map((f) => `${ends(sc, [f])[0]}: ${boxes(f).join(' | ')}`).sort()).toEqual([
      `vpc-peering-connection primary-standby → network-interface db2-primary.eth0: tcp 10.60.0.0/16 > 10.50.1.10/32 sport * ${HADR}`,
      `vpc-peering-connection primary-standby → network-interface db2-standby.eth0: tcp 10.50.0.0/16 > 10.60.1.10/32 sport * ${HADR}`,
      `vpc-peering-connection standby-reporting → network-interface db2-standby.eth0: tcp 10.70.0.0/16 > 10.60.1.10/32 sport * ${HADR}`,
    ]);
    // Nothing enters reporting: its group admits only db-primary's block, which its one
    // peering never carries.
    for (const f of found) {
      const hops = sc.hops(f.components);
      expect(hops[0]).toBe(sc.ref({ Id: f.source.id }));
      expect(hops.at(-1)).toMatch(/^instance /);
    }
  });

  it('AWS-VPC-Egress: every interface leaves its VPC only by a peering, and only towards the peer VPC’s block', () => {
    const sc = loadScenario(FILE);
    const found = sc.access('AWS-VPC-Egress');
    // Egress is all traffic, so every protocol and port; reporting routes db-primary's block to
    // its peering too, but the connection does not carry it (not edge to edge, not transitive).
    expect(found.map((f) => `${ends(sc, [f])[0]}: ${boxes(f).join(' | ')}`).sort()).toEqual([
      'network-interface db2-primary.eth0 → vpc-peering-connection primary-standby: all 10.50.1.10/32 > 10.60.0.0/16 sport * dport *',
      'network-interface db2-standby.eth0 → vpc-peering-connection primary-standby: all 10.60.1.10/32 > 10.50.0.0/16 sport * dport *',
      'network-interface db2-standby.eth0 → vpc-peering-connection standby-reporting: all 10.60.1.10/32 > 10.70.0.0/16 sport * dport *',
      'network-interface reporting-1.eth0 → vpc-peering-connection standby-reporting: all 10.70.1.10/32 > 10.60.0.0/16 sport * dport *',
    ]);
    for (const f of found) expectReplays(sc, f);
    const fromReporting = found.find(
      (f) => sc.ref({ Id: f.source.id }) === 'network-interface reporting-1.eth0',
    )!;
    expect(sc.hops(fromReporting.components)).toEqual([
      'instance reporting-1',
      'network-interface reporting-1.eth0',
      'security-group reporting-sg',
      'network-acl reporting/default',
      'route-table reporting-main',
      'vpc-peering-connection standby-reporting',
    ]);
  });

  it('the internet: no gateway, so All-IGW-Ingress and AWS-IGW-Egress find nothing', () => {
    const sc = loadScenario(FILE);
    expect(sc.access('All-IGW-Ingress')).toEqual([]);
    expect(sc.access('AWS-IGW-Egress')).toEqual([]);
  });
});
