import { describe, expect, it } from 'vitest';
import { trace } from '../../src/analysis/trace/index.js';
import { compile } from '../../src/dataplane/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';

/** A group of one VPC referenced by an inbound rule in another, across a transit gateway (D77). */
const file = (attachmentSupport: boolean) => `version: 1
accounts:
  - id: '111111111111'
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
          - name: data
            cidr: 10.2.0.0/16
            subnets: [{ name: data-a, cidr: 10.2.1.0/24, az: use1-az1 }]
            routeTables:
              - { name: data-rt, main: true, routes: [{ destination: 10.0.0.0/8, target: 'tgw:hub' }] }
            securityGroups:
              - name: db-sg
                description: Postgres from the app tier, by reference
                ingress:
                  - { protocol: tcp, ports: 5432, securityGroup: app/app-sg }
            instances:
              - { name: db, subnet: data-a, privateIp: 10.2.1.20, securityGroups: [db-sg] }
        transitGateways:
          - name: hub
            securityGroupReferencingSupport: true
            vpcAttachments:
              - { name: app-att, vpc: app, subnets: [app-a] }
              - { name: data-att, vpc: data, subnets: [data-a]${attachmentSupport ? '' : ', securityGroupReferencing: false'} }
`;

function load(text: string) {
  const parsed = parseTopology('sg-ref.yaml', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  return { store, r: loadTopology(store, parsed.value.topology, parsed.value.source) };
}

describe('security group references across a transit gateway in topology files (D77)', () => {
  it('loads the reference, answers reachable, and writes it back', () => {
    const { store, r } = load(file(true));
    if (!r.ok) throw new Error(formatProblem(r.error));
    const s = store.snapshot;
    const db = [...s.all('security-group')].find((g) => g.groupName === 'db-sg')!;
    const app = [...s.all('security-group')].find((g) => g.groupName === 'app-sg')!;
    expect(db.rules.find((x) => !x.isEgress)?.referencedGroupInfo?.groupId).toBe(app.id);
    const inst = (n: string) =>
      [...s.all('instance')].find((i) => i.tags.some((t) => t.value === n))!.id;
    const a = trace(compile(s), {
      source: inst('app-1'),
      destination: inst('db'),
      protocol: 'tcp',
      destinationPort: 5432,
    });
    expect(a.NetworkPathFound).toBe(true);
    const yaml = topologyYaml(exportTopology(s));
    expect(yaml).toContain('securityGroupReferencingSupport: true');
    const again = load(yaml);
    if (!again.r.ok) throw new Error(formatProblem(again.r.error));
    expect(topologyYaml(exportTopology(again.store.snapshot))).toBe(yaml);
  });

  it("refuses the rule, at its line, when an attachment's support is off", () => {
    const { r } = load(file(false));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('InvalidGroup.NotFound');
    expect(formatProblem(r.error)).toMatch(/^sg-ref\.yaml:25:21 .*ingress/);
  });
});
