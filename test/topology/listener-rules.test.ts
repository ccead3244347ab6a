import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology } from '../../src/topology/source.js';

/** ALB listener rules in topology files (D89): loaded through CreateRule, written back. */

const FILE = `version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        vpcs:
          - name: app
            cidr: 10.40.0.0/16
            subnets:
              - { name: a, cidr: 10.40.1.0/24, az: us-east-1a }
              - { name: b, cidr: 10.40.2.0/24, az: us-east-1b }
            loadBalancers:
              - { name: web, scheme: internal, subnets: [a, b] }
            targetGroups:
              - { name: site, protocol: HTTP, port: 80 }
              - { name: api, protocol: HTTP, port: 8080 }
            listeners:
              - loadBalancer: web
                protocol: HTTP
                port: 80
                targetGroup: site
                rules:
                  - { priority: 10, paths: ['/api/*'], targetGroup: api }
                  - { priority: 20, hosts: [api.example.com], paths: ['/v2/*'], targetGroup: api }
`;

function load(text: string) {
  const parsed = parseTopology('rules.yaml', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  return { store, result: loadTopology(store, parsed.value.topology, parsed.value.source) };
}

describe('listener rules in topology files', () => {
  it('load as rules of the listener and export as written', () => {
    const { store, result } = load(FILE);
    if (!result.ok) throw new Error(formatProblem(result.error));
    const listener = [...store.snapshot.all('listener')][0]!;
    const api = [...store.snapshot.all('target-group')].find((t) => t.targetGroupName === 'api')!;
    expect(listener.rules?.map((r) => [r.priority, r.conditions, r.actions])).toEqual([
      [
        10,
        [{ field: 'path-pattern', values: ['/api/*'] }],
        [{ type: 'forward', targetGroupArn: api.id }],
      ],
      [
        20,
        [
          { field: 'path-pattern', values: ['/v2/*'] },
          { field: 'host-header', values: ['api.example.com'] },
        ],
        [{ type: 'forward', targetGroupArn: api.id }],
      ],
    ]);
    const out = exportTopology(store.snapshot);
    const written = out.accounts[0]!.regions[0]!.vpcs![0]!.listeners![0]!;
    expect(written.rules).toEqual([
      { priority: 10, paths: ['/api/*'], targetGroup: 'api' },
      { priority: 20, paths: ['/v2/*'], hosts: ['api.example.com'], targetGroup: 'api' },
    ]);
    const again = load(stringify(out));
    if (!again.result.ok) throw new Error(formatProblem(again.result.error));
    expect([...again.store.snapshot.all('listener')][0]!.rules).toHaveLength(2);
  });

  it('reports a rule’s AWS error at its line', () => {
    const text = FILE.replace('priority: 20', 'priority: 10');
    const { result } = load(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = text.split('\n').findIndex((l) => l.includes('hosts: [api.example.com]')) + 1;
    expect(result.error).toMatchObject({ code: 'PriorityInUse', line });
  });
});
