import { describe, expect, it } from 'vitest';
import { nameTag } from '../../src/model/common.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { MemoryStore } from '../../src/store/memory.js';
import { exportTopology } from '../../src/topology/export.js';
import { loadTopology } from '../../src/topology/load.js';
import { formatProblem, parseTopology, type TopologyProblem } from '../../src/topology/source.js';
import { topologyYaml } from '../../src/topology/write.js';

function load(text: string): { store: MemoryStore } | { problem: TopologyProblem } {
  const parsed = parseTopology('ipam.yaml', text);
  if (!parsed.ok) throw new Error(parsed.error.map(formatProblem).join('\n'));
  const store = new MemoryStore();
  const r = loadTopology(store, parsed.value.topology, parsed.value.source);
  return r.ok ? { store } : { problem: r.error };
}

function loaded(text: string): MemoryStore {
  const r = load(text);
  if ('problem' in r) throw new Error(formatProblem(r.problem));
  return r.store;
}

function refused(text: string): TopologyProblem {
  const r = load(text);
  if (!('problem' in r)) throw new Error('the file loaded');
  return r.problem;
}

/** Everything IPAM holds, by names instead of ids: equal for equal plans. */
function ipamState(s: Snapshot) {
  const name = (id: string | undefined) => {
    if (id === undefined) return undefined;
    const r = s.get('ipam-pool', id) ?? s.get('vpc', id) ?? s.get('ipam-scope', id);
    return r ? (nameTag(r) ?? (r.kind === 'ipam-scope' ? r.ipamScopeType : r.id)) : id;
  };
  const pools = [...s.all('ipam-pool')]
    .map((p) => ({
      name: name(p.id),
      scope: name(p.ipamScopeId),
      source: name(p.sourceIpamPoolId),
      locale: p.locale,
      family: p.addressFamily,
      autoImport: p.autoImport,
      rules: [
        p.allocationMinNetmaskLength,
        p.allocationMaxNetmaskLength,
        p.allocationDefaultNetmaskLength,
      ],
      requiredTags: p.allocationResourceTags,
      description: p.description,
      cidrs: p.cidrs.map((c) => `${c.cidr.toString()} ${c.state}`),
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const allocations = [...s.all('ipam-pool-allocation')]
    .map((a) => [
      name(a.ipamPoolId),
      a.resourceType,
      name(a.resourceId),
      a.cidr.toString(),
      a.description,
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const scopes = [...s.all('ipam-scope')].map((x) => [name(x.id), x.description, x.tags]).sort();
  const ipams = [...s.all('ipam')].map((i) => [nameTag(i), i.operatingRegions, i.tier]);
  return { ipams, scopes, pools, allocations };
}

const RICH = `
version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: eu-west-1
        ipam:
          name: corp
          description: corporate plan
          operatingRegions: [eu-west-1, eu-central-1]
          scopes:
            - { name: lab, description: lab networks, tags: { team: net } }
          pools:
            - { name: top, description: everything, cidrs: [10.0.0.0/8, 172.16.0.0/12] }
            - name: euw1
              source: top
              locale: eu-west-1
              cidrs: [{ netmaskLength: 12 }, 10.64.0.0/12]
              allocationDefaultNetmaskLength: 20
              allocations:
                - { netmaskLength: 24, description: reserved for on premises }
                - { cidr: 10.64.0.0/20 }
            - name: imported
              source: top
              locale: eu-west-1
              autoImport: true
              allocationMaxNetmaskLength: 20
              cidrs: [172.16.0.0/16]
            - { name: euc1, source: top, locale: eu-central-1, cidrs: [10.128.0.0/12] }
            - { name: lab-top, scope: lab, cidrs: [10.0.0.0/8], tags: { owner: lab } }
        vpcs:
          - name: app
            ipv4IpamPool: euw1
            ipv4NetmaskLength: 16
            secondaryCidrs: [{ ipv4IpamPool: euw1 }, 10.200.0.0/16]
          - { name: legacy, cidr: 172.16.5.0/24 }
      - name: eu-central-1
        vpcs:
          - { name: fra, ipv4IpamPool: euc1, ipv4NetmaskLength: 20, tags: { env: dev } }
`;

describe('topology files: the ipam section', () => {
  it('loads pools, CIDRs by netmask, manual allocations and VPC blocks drawn from pools', () => {
    const s = loaded(RICH).snapshot;
    const state = ipamState(s);
    expect(state.pools.find((p) => p.name === 'euw1')?.cidrs).toEqual([
      '10.0.0.0/12 provisioned',
      '10.64.0.0/12 provisioned',
    ]);
    expect(state.allocations).toEqual(
      [
        ['top', 'ipam-pool', 'euw1', '10.0.0.0/12', undefined],
        ['top', 'ipam-pool', 'euw1', '10.64.0.0/12', undefined],
        ['top', 'ipam-pool', 'imported', '172.16.0.0/16', undefined],
        ['top', 'ipam-pool', 'euc1', '10.128.0.0/12', undefined],
        // The /24 by netmask is the lowest free block; the app VPC's /16 goes around it, and
        // its secondary block takes the pool's default /20 beside the /24.
        ['euw1', 'custom', undefined, '10.0.0.0/24', 'reserved for on premises'],
        ['euw1', 'custom', undefined, '10.64.0.0/20', undefined],
        ['euw1', 'vpc', 'app', '10.1.0.0/16', undefined],
        ['euw1', 'vpc', 'app', '10.0.16.0/20', undefined],
        // legacy's block was auto-imported (though it breaks the /20 maximum: D107).
        ['imported', 'vpc', 'legacy', '172.16.5.0/24', undefined],
        ['euc1', 'vpc', 'fra', '10.128.0.0/20', undefined],
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(state.scopes).toContainEqual([
      'lab',
      'lab networks',
      [
        { key: 'Name', value: 'lab' },
        { key: 'team', value: 'net' },
      ],
    ]);
    expect(state.pools.find((p) => p.name === 'lab-top')?.scope).toBe('lab');
  });

  it('exports pools by name and reloads to the same IPAM state', () => {
    const first = loaded(RICH);
    const exported = exportTopology(first.snapshot);
    const region = exported.accounts[0]!.regions.find((r) => r.name === 'eu-west-1')!;
    expect(region.ipam?.pools?.map((p) => [p.name, p.source, p.scope])).toEqual([
      ['top', undefined, undefined],
      ['euw1', 'top', undefined],
      ['imported', 'top', undefined],
      ['euc1', 'top', undefined],
      ['lab-top', undefined, 'lab'],
    ]);
    const app = region.vpcs!.find((v) => v.name === 'app')!;
    expect([app.cidr, app.ipv4IpamPool, app.secondaryCidrs]).toEqual([
      '10.1.0.0/16',
      'euw1',
      [{ ipv4IpamPool: 'euw1', cidr: '10.0.16.0/20' }, '10.200.0.0/16'],
    ]);
    // An imported block that breaks its pool's rules cannot be drawn by CreateVpc: it is
    // written as a plain CIDR, and auto-import takes it again on load (D115).
    const legacy = region.vpcs!.find((v) => v.name === 'legacy')!;
    expect([legacy.cidr, legacy.ipv4IpamPool]).toEqual(['172.16.5.0/24', undefined]);

    const yaml = topologyYaml(exported);
    const second = loaded(yaml);
    expect(ipamState(second.snapshot)).toEqual(ipamState(first.snapshot));
    expect(topologyYaml(exportTopology(second.snapshot))).toBe(yaml);
  });

  it('refuses a VPC missing the pool’s required tag, at the VPC’s line, with AWS’s error', () => {
    const text = RICH.replace(
      '            - { name: euc1,',
      '            - { name: tagged, source: top, locale: eu-west-1, allocationResourceTags: { env: prod }, cidrs: [10.32.0.0/16] }\n            - { name: euc1,',
    ).replace(
      '          - { name: legacy, cidr: 172.16.5.0/24 }',
      '          - { name: legacy, cidr: 172.16.5.0/24 }\n          - { name: untagged, ipv4IpamPool: tagged, ipv4NetmaskLength: 20 }',
    );
    const p = refused(text);
    expect([p.code, p.path]).toEqual([
      'InvalidParameterValue',
      'accounts[0].regions[0].vpcs[2].ipv4IpamPool',
    ]);
    expect(p.message).toBe(
      'The resource is missing one or more of the resource tags required by the IPAM pool.',
    );
    expect(text.split('\n')[p.line - 1]).toContain('name: untagged');
  });

  it.each([
    [
      'a source pool not written above',
      (t: string) =>
        t.replace(
          'source: top\n              locale: eu-west-1\n              cidrs: [{',
          'source: later\n              locale: eu-west-1\n              cidrs: [{',
        ),
      'accounts[0].regions[0].ipam.pools[1].source',
      "no ipam pool named 'later'",
    ],
    [
      'an unknown scope',
      (t: string) => t.replace('scope: lab,', 'scope: labs,'),
      'accounts[0].regions[0].ipam.pools[4].scope',
      "no ipam scope named 'labs'",
    ],
    [
      'a scope named like a default scope',
      (t: string) => t.replace('{ name: lab, description', '{ name: public, description'),
      'accounts[0].regions[0].ipam.scopes[0].name',
      "duplicate ipam scope name 'public' ('public' names a default scope)",
    ],
    [
      'two pools of one name',
      (t: string) => t.replace('{ name: euc1,', '{ name: top,'),
      'accounts[0].regions[0].ipam.pools[3].name',
      "duplicate ipam pool name 'top'",
    ],
    [
      'a VPC naming no pool',
      (t: string) => t.replace('ipv4IpamPool: euc1,', 'ipv4IpamPool: nowhere,'),
      'accounts[0].regions[1].vpcs[0].ipv4IpamPool',
      "no ipam pool named 'nowhere'",
    ],
  ])('refuses %s', (_, edit, path, message) => {
    const text = edit(RICH);
    expect(text).not.toBe(RICH);
    const p = refused(text);
    expect([p.path, p.message]).toEqual([path, message]);
  });

  it.each([
    [
      'a locale that is not an operating Region',
      (t: string) => t.replace('locale: eu-central-1', 'locale: us-east-1'),
      'accounts[0].regions[0].ipam.pools[3]',
      'InvalidParameterValue',
    ],
    [
      'a VPC with neither a CIDR nor a pool',
      (t: string) => t.replace('{ name: legacy, cidr: 172.16.5.0/24 }', '{ name: legacy }'),
      'accounts[0].regions[0].vpcs[1].cidr',
      'MissingParameter',
    ],
    [
      'a manual allocation outside the pool',
      (t: string) => t.replace('{ cidr: 10.64.0.0/20 }', '{ cidr: 192.168.0.0/20 }'),
      'accounts[0].regions[0].ipam.pools[1].allocations[1]',
      'InvalidParameterValue',
    ],
    [
      'a CIDR overlapping another top-level pool of the scope',
      (t: string) =>
        t.replace('cidrs: [10.0.0.0/8, 172.16.0.0/12]', 'cidrs: [10.0.0.0/8, 10.0.0.0/12]'),
      'accounts[0].regions[0].ipam.pools[0].cidrs[1]',
      'InvalidParameterValue',
    ],
  ])('refuses %s with AWS’s error', (_, edit, path, code) => {
    const text = edit(RICH);
    expect(text).not.toBe(RICH);
    const p = refused(text);
    expect([p.path, p.code]).toEqual([path, code]);
  });
});

const V6 = `
version: 1
accounts:
  - id: '111111111111'
    regions:
      - name: us-east-1
        ipam:
          name: v6
          enablePrivateGua: true
          pools:
            - { name: ula, addressFamily: ipv6, locale: us-east-1, cidrs: [fd80:1::/48, 2600:1f00::/40] }
            - name: byoip
              scope: public
              addressFamily: ipv4
              cidrs:
                - cidr: 203.0.113.0/24
                  cidrAuthorizationContext:
                    message: 1|aws|111111111111|203.0.113.0/24|20991231|SHA256|RSAPSS
                    signature: c2lnbmVk-_~
        vpcs:
          - { name: dual, cidr: 10.0.0.0/16, ipv6IpamPool: ula, ipv6NetmaskLength: 56 }
`;

describe('topology files: IPv6 and BYOIP pools (D117)', () => {
  it('loads a private IPv6 pool, a VPC drawing IPv6 from it and a BYOIP pool, and round-trips them', () => {
    const first = loaded(V6);
    const vpc = [...first.snapshot.all('vpc')][0]!;
    expect(vpc.ipv6CidrBlockAssociationSet[0]?.ipv6CidrBlock.toString()).toBe('2600:1f00::/56'); // the lowest block across the pool's CIDRs (D102)
    const exported = exportTopology(first.snapshot);
    const region = exported.accounts[0]!.regions[0]!;
    expect(region.vpcs?.[0]).toMatchObject({ ipv6: '2600:1f00::/56', ipv6IpamPool: 'ula' });
    expect(region.ipam?.pools?.find((p) => p.name === 'byoip')?.cidrs).toEqual([
      {
        cidr: '203.0.113.0/24',
        cidrAuthorizationContext: {
          message: '1|aws|111111111111|203.0.113.0/24|20991231|SHA256|RSAPSS',
          signature: 'c2lnbmVk-_~',
        },
      },
    ]);
    const yaml = topologyYaml(exported);
    const second = loaded(yaml);
    expect(ipamState(second.snapshot)).toEqual(ipamState(first.snapshot));
    expect(topologyYaml(exportTopology(second.snapshot))).toBe(yaml);
  });

  it('refuses a BYOIP CIDR whose authorization names another CIDR, at that CIDR', () => {
    const p = refused(V6.replace('|203.0.113.0/24|2099', '|198.51.100.0/24|2099'));
    expect([p.code, p.path]).toEqual([
      'InvalidParameterValue',
      'accounts[0].regions[0].ipam.pools[1].cidrs[0]',
    ]);
  });

  it('refuses a GUA CIDR in a private pool without enablePrivateGua', () => {
    const p = refused(V6.replace('enablePrivateGua: true', 'enablePrivateGua: false'));
    expect([p.code, p.path]).toEqual([
      'InvalidParameterValue',
      'accounts[0].regions[0].ipam.pools[0].cidrs[1]',
    ]);
  });
});
