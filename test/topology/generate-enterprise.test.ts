import { describe, expect, it } from 'vitest';
import { formatTrace, type PathComponent } from '../../src/analysis/trace/index.js';
import { SECURITY_GROUPS_PER_REGION } from '../../src/control/security-group.js';
import { MemoryStore } from '../../src/store/memory.js';
import { generateEnterprise } from '../../src/topology/generate-enterprise.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';
import { runVpctwin } from '../support/cli-process.js';
import { expectBlocked, expectReachable, Scenario } from '../support/scenario.js';

/**
 * `vpctwin generate --profile enterprise` (D90): the file parses, loads through the operations
 * and answers the centralised-egress questions with whole paths.
 */
const YAML = topologyYaml(generateEnterprise({ vpcs: 3 }));

function load(): Scenario {
  const parsed = parseTopology('enterprise.yaml', YAML);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const loaded = loadTopology(store, parsed.value.topology, parsed.value.source);
  if (!loaded.ok) throw new Error(formatProblem(loaded.error));
  return new Scenario(store, loaded.value.names);
}

const sc = load();

/**
 * Hop names as `Scenario.hops` gives them; ELBv2 components (ARNs, which the shared labels do
 * not cover) as `loadbalancer NAME` / `targetgroup NAME`, read from the ARN.
 */
function hops(path: readonly PathComponent[] | undefined): string[] {
  return (path ?? []).map((h) => {
    const elb =
      /^arn:aws:elasticloadbalancing:[^:]*:\d+:(loadbalancer|targetgroup)\/(?:gwy\/)?([^/]+)/.exec(
        h.Component.Id,
      );
    return elb ? `${elb[1] as string} ${elb[2] as string}` : (sc.ref(h.Component) as string);
  });
}

/** Spoke → transit gateway → egress attachment → GWLB inspection in `az`, as hop names. */
const intoInspection = (spoke: string, az: 'a' | 'b') => [
  `route-table ${spoke}/workloads`,
  `network-acl ${spoke}/default`,
  `transit-gateway-attachment ${spoke}-attachment`,
  'transit-gateway-route-table spokes-tgw-route-table',
  'transit-gateway-attachment egress-attachment',
  'network-acl egress/default',
  `route-table tgw-${az}`,
  'network-acl egress/default',
  `vpc-endpoint gwlbe-${az}`,
  'loadbalancer inspection',
  'targetgroup firewalls',
  'security-group appliances',
  `instance fw-${az}`,
  `network-interface fw-${az}.eth0`,
  'loadbalancer inspection',
  `vpc-endpoint gwlbe-${az}`,
  'network-acl egress/default',
  `route-table inspection-${az}`,
  'network-acl egress/default',
];

describe('the enterprise hub-and-spoke generator', () => {
  it('is deterministic and produces a file the schema accepts', () => {
    expect(topologyYaml(generateEnterprise({ vpcs: 3 }))).toBe(YAML);
    expect(parseTopology('x.yaml', YAML).ok).toBe(true);
  });

  it('stays within the Region quotas the twin enforces at 2,000 spokes (2,500 security groups)', () => {
    const vpcs = generateEnterprise({ vpcs: 2000 }).accounts[0]!.regions[0]!.vpcs!;
    const groups = vpcs.reduce(
      (n, v) => n + 1 + (v.securityGroups ?? []).filter((g) => g.name !== 'default').length,
      0,
    );
    expect(vpcs).toHaveLength(2002);
    expect(groups).toBeLessThanOrEqual(SECURITY_GROUPS_PER_REGION);
  });

  it('refuses spoke counts outside 1–4000', () => {
    expect(() => generateEnterprise({ vpcs: 0 })).toThrow(RangeError);
    expect(() => generateEnterprise({ vpcs: 4001 })).toThrow(RangeError);
  });

  it('loads: 40 ENIs per spoke, 4 TGW route tables, 8 VPN connections to the gateway', () => {
    const spoke = sc.id('vpc', 'spoke-1');
    const enis = [...sc.s.all('network-interface')].filter(
      (e) => e.vpcId === spoke && e.interfaceType === 'interface',
    );
    expect(enis).toHaveLength(40);
    expect([...sc.s.all('vpc')]).toHaveLength(5);
    const tgw = sc.id('transit-gateway', 'tgw-hub');
    const tables = [...sc.s.all('transit-gateway-route-table')];
    expect(tables.map((t) => t.tags.find((x) => x.key === 'Name')?.value).sort()).toEqual([
      'egress-tgw-route-table',
      'shared-services-tgw-route-table',
      'spokes-tgw-route-table',
      'wan-tgw-route-table',
    ]);
    const egress = tables.find(
      (t) => t.id === sc.id('transit-gateway-route-table', 'egress-tgw-route-table'),
    );
    expect(egress?.propagations).toHaveLength(12); // shared services + 3 spokes + 8 VPNs
    const wan = tables.find(
      (t) => t.id === sc.id('transit-gateway-route-table', 'wan-tgw-route-table'),
    );
    expect(wan?.associations).toHaveLength(8);
    const vpns = [...sc.s.all('vpn-connection')];
    expect(vpns).toHaveLength(8);
    expect(new Set(vpns.map((v) => v.transitGatewayId))).toEqual(new Set([tgw]));
    expect(new Set(vpns.map((v) => v.customerGatewayId)).size).toBe(2);
    expect([...sc.s.all('on-premises-site')]).toHaveLength(1);
  });

  it('spoke → internet: transit gateway, GWLB endpoint and firewall, NAT gateway, internet gateway', () => {
    const r = sc.trace({ from: 'spoke-0/app-a-i0', to: '93.184.216.34', port: 443 });
    expectReachable(r);
    expect(hops(r.ForwardPathComponents), formatTrace(r)).toEqual([
      'instance spoke-0/app-a-i0',
      'network-interface spoke-0/app-a-i0.eth0',
      'security-group spoke-0/default',
      'network-acl spoke-0/default',
      ...intoInspection('spoke-0', 'a'),
      'nat-gateway nat-a',
      'network-acl egress/default',
      'route-table public-a',
      'internet-gateway egress-igw',
    ]);
    const last = r.ForwardPathComponents!.at(-1)!;
    expect(last.OutboundHeader?.SourceAddresses).toEqual(['198.51.100.10/32']);
  });

  it('spoke → another spoke: east-west through the firewall, then the egress table', () => {
    const r = sc.trace({ from: 'spoke-0/app-a-i0', to: 'spoke-2/data-b-i1', port: 5432 });
    expectReachable(r);
    const forward = hops(r.ForwardPathComponents);
    expect(forward.slice(4, 4 + 19), formatTrace(r)).toEqual(intoInspection('spoke-0', 'b'));
    expect(forward.slice(23), formatTrace(r)).toEqual([
      'transit-gateway-attachment egress-attachment',
      'transit-gateway-route-table egress-tgw-route-table',
      'transit-gateway-attachment spoke-2-attachment',
      'network-acl spoke-2/default',
      'route-table spoke-2/main',
      'network-acl spoke-2/data-acl',
      'security-group spoke-2/default',
      'network-interface spoke-2/data-b-i1.eth0',
      'instance spoke-2/data-b-i1',
    ]);
  });

  it('spoke → shared services is inspected too', () => {
    const r = sc.trace({ from: 'spoke-1/app-b-eni3', to: 'svc', port: 443 });
    expectReachable(r);
    expect(hops(r.ForwardPathComponents)).toContain('vpc-endpoint gwlbe-b');
  });

  it('the internet cannot open a connection to a spoke (no public address)', () => {
    const r = sc.trace({ from: 'egress-igw', to: 'spoke-0/app-a-i0', port: 443 });
    const x = expectBlocked(r, 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(sc.ref(x.Component)).toBe('internet-gateway egress-igw');
  });

  it('spoke → on premises: inspected, then out through one of the 8 VPN attachments', () => {
    const r = sc.trace({ from: 'spoke-0/app-a-i0', to: 'dc-app', port: 443 });
    expectReachable(r);
    const path = hops(r.ForwardPathComponents);
    expect(path).toContain('vpc-endpoint gwlbe-a');
    const vpn = path.filter((h) => /^vpn-connection dc-vpn-\d+$/.test(h));
    expect(vpn).toHaveLength(1);
    // The same flow always takes the same connection (ECMP by flow hash, D71).
    const again = hops(
      sc.trace({ from: 'spoke-0/app-a-i0', to: 'dc-app', port: 443 }).ForwardPathComponents,
    );
    expect(again.filter((h) => h.startsWith('vpn-connection '))).toEqual(vpn);
  });
});

describe('vpctwin generate --profile enterprise', () => {
  it('writes the same file as the generator', async () => {
    const run = await runVpctwin(['generate', '--profile', 'enterprise', '--vpcs', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(YAML);
  });

  it('refuses more than 4000 spokes with exit code 2', async () => {
    const run = await runVpctwin(['generate', '--profile', 'enterprise', '--vpcs', '4001']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('at most 4000');
    expect(run.stdout).toBe('');
  });
});
