import { describe, expect, it } from 'vitest';
import {
  revokeSecurityGroupIngress,
  authorizeSecurityGroupIngress,
} from '../../../src/control/security-group.js';
import { managedPrefixList } from '../../../src/model/aws-services.js';
import type { RegionName } from '../../../src/model/ids.js';
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
 * /work/shared/scenarios/hybrid-privatelink.md: an on-premises file gateway reaches S3 over a
 * static Site-to-Site VPN through an S3 interface endpoint; the S3 gateway endpoint cannot be
 * used from outside the VPC (edge to edge). Every row of the scenario's table is one test.
 * The endpoint's ENIs sit at the scenario's addresses, 10.40.1.15 and 10.40.2.15, pinned in the
 * topology file (`{ subnet, ipv4 }`, CreateVpcEndpoint's SubnetConfigurations, D83).
 */
const FILE = 'examples/hybrid-privatelink.yaml';
const STORAGE = caller('333333333333', 'us-east-2');
const goldens = golden(import.meta.url);
/** An address inside the S3 prefix list of us-east-2, as the twin models it. */
const S3_ADDRESS = managedPrefixList('us-east-2' as RegionName, 's3')
  .cidrs[0]!.nth(10n)
  .toString();

const Q = {
  endpoint: { from: 'file-gateway', to: 's3-interface', port: 443 },
  endpointB: { from: 'file-gateway', to: '10.40.2.15', port: 443 },
  gateway: { from: 'file-gateway', to: S3_ADDRESS, port: 443 },
} satisfies Record<string, Question>;

const SLUG = {
  endpoint: 'file-gateway-to-s3-interface-tcp-443',
  gateway: 'file-gateway-to-s3-public-address-tcp-443',
  narrowed: 'with-narrowed-sg-file-gateway-to-s3-interface-tcp-443',
};

/** The on-premises side of every path, up to the VGW. */
const FROM_HQ = [
  'on-premises-site hq',
  'customer-gateway hq-router',
  'vpn-connection hq-vpn',
  'vpn-gateway storage-vgw',
];

/** The change of row 3: the endpoint's group admits 10.0.0.0/8 instead of 172.16.0.0/12. */
function narrowEndpointGroup(sc: Scenario) {
  const groupId = sc.id('security-group', 's3-endpoint-sg');
  const rule = { ipProtocol: 'tcp', fromPort: 443, toPort: 443 };
  sc.run(
    revokeSecurityGroupIngress,
    { groupId, ipPermissions: [{ ...rule, ipRanges: [{ cidrIp: '172.16.0.0/12' }] }] },
    STORAGE,
  );
  sc.run(
    authorizeSecurityGroupIngress,
    { groupId, ipPermissions: [{ ...rule, ipRanges: [{ cidrIp: '10.0.0.0/8' }] }] },
    STORAGE,
  );
}

describe(`scenario: hybrid PrivateLink (${FILE})`, () => {
  it('172.16.5.20 → S3 interface endpoint TCP 443: reachable over the VPN, the VGW, the NACL and the endpoint SG', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.endpoint);
    expectReachable(r);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...FROM_HQ,
      'network-acl default',
      'security-group s3-endpoint-sg',
      'network-interface s3-interface@endpoints-a',
    ]);
    expect(sc.hops(r.ReturnPathComponents)).toEqual([
      'network-interface s3-interface@endpoints-a',
      'network-acl default',
      'route-table main',
      'vpn-gateway storage-vgw',
      'vpn-connection hq-vpn',
      'customer-gateway hq-router',
      'on-premises-site hq',
    ]);
    const [site, , , vgw, , sg, eni] = r.ForwardPathComponents!;
    expect(site!.OutboundHeader).toEqual({
      SourceAddresses: ['172.16.5.20/32'],
      DestinationAddresses: ['10.40.1.15/32'],
      SourcePortRanges: [{ From: 49152, To: 49152 }],
      DestinationPortRanges: [{ From: 443, To: 443 }],
      Protocol: '6',
    });
    expect(vgw!.Vpc?.Id).toBe(sc.id('vpc', 'storage'));
    expect(vgw!.Component.Arn).toBe(
      `arn:aws:ec2:us-east-2:333333333333:vpn-gateway/${vgw!.Component.Id}`,
    );
    expect(sg!.SecurityGroupRule).toEqual({
      Cidr: '172.16.0.0/12',
      Direction: 'ingress',
      PortRange: { From: 443, To: 443 },
      Protocol: 'tcp',
    });
    expect(eni!.Subnet?.Id).toBe(sc.id('subnet', 'endpoints-a'));
    // The reply takes the route the static VPN route propagated into the VPC's table.
    expect(r.ReturnPathComponents![2]!.RouteTableRoute).toMatchObject({
      DestinationCidr: '172.16.0.0/16',
      GatewayId: sc.id('vpn-gateway', 'storage-vgw'),
      Origin: 'EnableVgwRoutePropagation',
      State: 'active',
    });
    // The endpoint's other ENI answers the same way in endpoints-b.
    const b = sc.trace(Q.endpointB);
    expectReachable(b);
    expect(sc.hops(b.ForwardPathComponents).at(-1)).toBe(
      'network-interface s3-interface@endpoints-b',
    );
    await goldens.check(SLUG.endpoint, r, labels(sc.s));
  });

  it('172.16.5.20 → an S3 address through the VPC: the gateway endpoint refuses traffic from outside the VPC (edge to edge)', async () => {
    const sc = loadScenario(FILE);
    const r = sc.trace(Q.gateway);
    const x = expectBlocked(r, 'GATEWAY_REJECTS_SPOOFED_TRAFFIC');
    expect(sc.ref(x.Component)).toBe('vpc-endpoint s3-gateway');
    expect(x).toMatchObject({
      Direction: 'egress',
      PacketField: 'source-address',
      Address: '172.16.5.20',
    });
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...FROM_HQ,
      'route-table main',
      'vpc-endpoint s3-gateway',
    ]);
    expect(r.ForwardPathComponents![4]!.RouteTableRoute).toMatchObject({
      DestinationPrefixListId: managedPrefixList('us-east-2' as RegionName, 's3').id,
      GatewayId: sc.id('vpc-endpoint', 's3-gateway'),
    });
    expect(r.ReturnPathComponents).toBeUndefined();
    await goldens.check(SLUG.gateway, r, labels(sc.s));
  });

  it('with the endpoint SG narrowed to 10.0.0.0/8: on premises → endpoint is blocked by the endpoint SG ingress', async () => {
    const sc = loadScenario(FILE);
    narrowEndpointGroup(sc);
    const r = sc.trace(Q.endpoint);
    const x = expectBlocked(r, 'ENI_SG_RULES_MISMATCH');
    expect(x).toMatchObject({ Direction: 'ingress', PacketField: 'source-address' });
    expect(sc.ref(x.Component)).toBe('network-interface s3-interface@endpoints-a');
    expect(x.SecurityGroups?.map((g) => sc.ref(g))).toEqual(['security-group s3-endpoint-sg']);
    expect(sc.hops(r.ForwardPathComponents)).toEqual([
      ...FROM_HQ,
      'network-acl default',
      'network-interface s3-interface@endpoints-a',
    ]);
    await goldens.check(SLUG.narrowed, r, labels(sc.s));
  });

  describeCliAnswers(FILE, [
    { q: Q.endpoint, exitCode: 0 },
    { q: Q.gateway, exitCode: 1 },
  ]);
});
