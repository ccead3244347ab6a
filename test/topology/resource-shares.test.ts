import { describe, expect, it } from 'vitest';
import { trace } from '../../src/analysis/trace/index.js';
import { compile } from '../../src/dataplane/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';

/**
 * A network account's transit gateway shared through RAM with an application account, whose
 * VPCs attach to it: one accepted, one waiting for the owner (D78).
 */
const file = (opts: { share?: boolean; pending?: string } = {}) => `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        vpcs:
          - name: shared
            cidr: 10.0.0.0/16
            subnets: [{ name: shared-a, cidr: 10.0.1.0/24, az: use1-az1 }]
            routeTables:
              - { name: shared-rt, main: true, routes: [{ destination: 10.0.0.0/8, target: 'tgw:hub' }] }
            securityGroups:
              - { name: svc-sg, description: svc, ingress: [{ protocol: tcp, ports: 443, cidr: 10.0.0.0/8 }] }
            instances:
              - { name: svc, subnet: shared-a, privateIp: 10.0.1.10, securityGroups: [svc-sg] }
        transitGateways:
          - name: hub
            vpcAttachments:
              - { name: shared-att, vpc: shared, subnets: [shared-a] }
              - { name: app-att, vpc: app, account: '222222222222', subnets: [app-a] }
              - { name: batch-att, vpc: batch, account: '222222222222', subnets: [batch-a], status: ${opts.pending ?? 'pendingAcceptance'} }
${
  opts.share === false
    ? ''
    : `        resourceShares:
          - { name: hub-share, transitGateways: [hub], principals: ['222222222222'] }
`
}  - id: '222222222222'
    regions:
      - name: us-east-1
        vpcs:
          - name: app
            cidr: 10.1.0.0/16
            subnets: [{ name: app-a, cidr: 10.1.1.0/24, az: use1-az1 }]
            routeTables:
              - { name: app-rt, main: true, routes: [{ destination: 10.0.0.0/8, target: 'tgw:hub' }] }
            securityGroups:
              - { name: app-sg, description: app }
            instances:
              - { name: app-1, subnet: app-a, privateIp: 10.1.1.10, securityGroups: [app-sg] }
          - name: batch
            cidr: 10.2.0.0/16
            subnets: [{ name: batch-a, cidr: 10.2.1.0/24, az: use1-az1 }]
`;

function load(text: string) {
  const parsed = parseTopology('shares.yaml', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  return { store, r: loadTopology(store, parsed.value.topology, parsed.value.source) };
}

describe('resource shares and cross-account transit gateway attachments in topology files (D78)', () => {
  it('shares the gateway, attaches the other account, and routes across it', () => {
    const { store, r } = load(file());
    if (!r.ok) throw new Error(formatProblem(r.error));
    const s = store.snapshot;
    const [share] = [...s.all('resource-share')];
    expect(share?.ownerId).toBe('111111111111');
    expect(share?.name).toBe('hub-share');
    const tgw = [...s.all('transit-gateway')][0]!;
    expect(
      share?.associations.map((a) => [a.associationType, a.associatedEntity, a.status]),
    ).toEqual([
      ['RESOURCE', `arn:aws:ec2:us-east-1:111111111111:transit-gateway/${tgw.id}`, 'ASSOCIATED'],
      ['PRINCIPAL', '222222222222', 'ASSOCIATED'],
    ]);
    const atts = [...s.all('transit-gateway-attachment')];
    const named = (n: string) => atts.find((a) => a.tags.some((t) => t.value === n))!;
    expect([named('app-att').ownerId, named('app-att').state]).toEqual([
      '222222222222',
      'available',
    ]);
    expect([named('batch-att').ownerId, named('batch-att').state]).toEqual([
      '222222222222',
      'pendingAcceptance',
    ]);
    const inst = (n: string) =>
      [...s.all('instance')].find((i) => i.tags.some((t) => t.value === n))!.id;
    const a = trace(compile(s), {
      source: inst('app-1'),
      destination: inst('svc'),
      protocol: 'tcp',
      destinationPort: 443,
    });
    expect(a.NetworkPathFound).toBe(true);
    expect(a.ForwardPathComponents!.map((c) => c.Component.Id)).toContain(named('app-att').id);
  });

  it('round-trips: the export names the share, the account and the pending status', () => {
    const { store, r } = load(file());
    if (!r.ok) throw new Error(formatProblem(r.error));
    const yaml = topologyYaml(exportTopology(store.snapshot));
    expect(yaml).toContain('resourceShares:');
    expect(yaml).toMatch(/account: ["']222222222222["']/);
    expect(yaml).toContain('status: pendingAcceptance');
    const again = load(yaml);
    if (!again.r.ok) throw new Error(formatProblem(again.r.error));
    expect(topologyYaml(exportTopology(again.store.snapshot))).toBe(yaml);
  });

  it('a rejected attachment is written back as rejected', () => {
    const { store, r } = load(file({ pending: 'rejected' }));
    if (!r.ok) throw new Error(formatProblem(r.error));
    const rejected = [...store.snapshot.all('transit-gateway-attachment')].find(
      (x) => x.state === 'rejected',
    );
    expect(rejected?.ownerId).toBe('222222222222');
    const yaml = topologyYaml(exportTopology(store.snapshot));
    expect(yaml).toContain('status: rejected');
    const again = load(yaml);
    if (!again.r.ok) throw new Error(formatProblem(again.r.error));
    expect(topologyYaml(exportTopology(again.store.snapshot))).toBe(yaml);
  });

  it('without the share the other account cannot attach: AWS error at the attachment', () => {
    const { r } = load(file({ share: false }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidTransitGatewayID.NotFound');
    expect(formatProblem(r.error)).toMatch(/^shares\.yaml:20:\d+ .*vpcAttachments\[1\]/);
  });

  it("the gateway's own VPC cannot be made to wait", () => {
    const text = file().replace(
      '{ name: shared-att, vpc: shared, subnets: [shared-a] }',
      '{ name: shared-att, vpc: shared, subnets: [shared-a], status: pendingAcceptance }',
    );
    const { r } = load(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatProblem(r.error)).toContain('cannot be pendingAcceptance');
  });
});
