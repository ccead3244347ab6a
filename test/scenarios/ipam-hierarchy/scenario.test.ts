/**
 * The IPAM reference network (shared/scenarios/ipam-hierarchy.md): every row asserted through
 * the EC2 API and through the topology file, against the same expectations (rows.ts). The
 * refusals of rows 3–7 are also written as files: the example with the refused VPC, CIDR or
 * pool added fails to load with AWS's error, pointing at the line that asks for it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startTwin } from '../../support/api.js';
import { apiRoute } from './api-route.js';
import { EXAMPLE, fileRoute, loadText } from './file-route.js';
import { expectRefused, ipamHierarchyRows, REFUSED, type VpcRequest } from './rows.js';

ipamHierarchyRows('IPAM: organisation-wide address plan, through the EC2 API', async () =>
  apiRoute(await startTwin()),
);

ipamHierarchyRows('IPAM: organisation-wide address plan, through the topology file', fileRoute);

/** A refused request as a line of the file. */
const vpcLine = (req: VpcRequest): string => {
  const tags = Object.entries(req.tags ?? {}).map(([k, v]) => `${k}: ${v}`);
  return `          - { name: extra, ipv4IpamPool: ${req.pool}, ipv4NetmaskLength: ${req.netmask}${
    tags.length ? `, tags: { ${tags.join(', ')} }` : ''
  } }`;
};

const MANUAL = '          - { name: manual, cidr: 10.0.0.0/16 }';
const EUW1 = '      - name: eu-west-1';
const USE2 =
  '            - { name: use2, source: global, locale: us-east-2, cidrs: [10.16.0.0/12] }';
const EUW1_POOL =
  '            - { name: euw1, source: global, locale: eu-west-1, cidrs: [10.32.0.0/12] }';

describe('IPAM rows 3–7 as topology files', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const vpc = REFUSED.row5.vpc;
  const cases = [
    {
      row: 'row3',
      edit: [MANUAL, `${MANUAL}\n${vpcLine(REFUSED.row3.vpc)}`],
      path: 'accounts[0].regions[0].vpcs[3].ipv4IpamPool',
    },
    {
      row: 'row4',
      edit: [MANUAL, `${MANUAL}\n${vpcLine(REFUSED.row4.vpc)}`],
      path: 'accounts[0].regions[0].vpcs[3].ipv4IpamPool',
    },
    {
      row: 'row5',
      edit: [EUW1, `${EUW1}\n        vpcs:\n${vpcLine(vpc)}`],
      path: 'accounts[0].regions[2].vpcs[0].ipv4IpamPool',
    },
    {
      row: 'row6',
      edit: [
        USE2,
        USE2.replace('[10.16.0.0/12]', `[10.16.0.0/12, ${REFUSED.row6.provision.cidr}]`),
      ],
      path: 'accounts[0].regions[0].ipam.pools[2].cidrs[1]',
    },
    {
      row: 'row7',
      edit: [
        EUW1_POOL,
        `${EUW1_POOL}\n            - { name: extra, source: ${REFUSED.row7.newPool.source}, cidrs: [${REFUSED.row7.newPool.cidr}] }`,
      ],
      path: 'accounts[0].regions[0].ipam.pools[4].cidrs[0]',
    },
  ] as const;

  it.each(cases)('$row: the file is refused at $path', ({ row, edit, path }) => {
    expect(text).toContain(edit[0]);
    const variant = text.replace(edit[0], edit[1]);
    const result = loadText(variant);
    if (!('code' in result)) throw new Error(`${row}: the file loaded`);
    expectRefused(result, REFUSED[row]);
    expect(result.path).toBe(path);
    // The problem points at the line the row added.
    const added = edit[1].split('\n').at(-1)!;
    expect(result.line).toBe(variant.split('\n').findIndex((l) => l.includes(added.trim())) + 1);
  });
});
