/**
 * Which EC2 operations `vpctwin serve` implements, as a Markdown page (docs/coverage.md):
 * every operation of the EC2 model, grouped by resource family, marked implemented when a
 * handler is registered for it. `npm run docs:coverage` writes the page; a test fails when the
 * page in the repository is out of date. The output depends only on its inputs: families and
 * operations are sorted, and nothing is read from the clock or the environment.
 */
import { createRequire } from 'node:module';
import { DIRECT_CONNECT_HANDLERS } from './handlers/direct-connect.js';
import { ELBV2_HANDLERS } from './handlers/elbv2/index.js';
import { RAM_HANDLERS } from './handlers/resource-share.js';
import { EC2_HANDLERS } from './handlers/index.js';
import {
  loadDirectConnectModel,
  loadEc2Model,
  loadElbv2Model,
  loadRamModel,
  type Ec2Model,
} from './protocol/model.js';

/** A resource family: its title and the operation nouns (the name after the verb) it owns. */
interface Family {
  readonly title: string;
  readonly nouns: RegExp;
  /** A VPC networking family (vpctwin's subject), or the rest of EC2. */
  readonly networking: boolean;
}

/**
 * Families in matching order: the first whose pattern matches an operation's noun owns it,
 * so the specific come before the general (Client VPN's `SecurityGroupsToClientVpnTargetNetwork`
 * before security groups, `TransitGatewayPrefixListReference` before prefix lists).
 */
const FAMILIES: readonly Family[] = [
  {
    title: 'EC2-Classic',
    nouns: /ClassicLink|ToClassic$|ToVpc$|^MovingAddresses$/,
    networking: false,
  },
  { title: 'Client VPN', nouns: /ClientVpn/, networking: false },
  { title: 'Transit gateways', nouns: /^TransitGateway/, networking: false },
  {
    title: 'Local gateways and customer-owned IPs',
    nouns: /^LocalGateway|^Coip/,
    networking: false,
  },
  {
    title: 'VPCs',
    nouns: /^(Default)?Vpcs?$|^Vpc(Attribute|CidrBlock|Tenancy)$/,
    networking: true,
  },
  {
    title: 'Subnets',
    nouns: /^(Default)?Subnets?$|^Subnet(Attribute|CidrBlock|CidrReservations?)$/,
    networking: true,
  },
  {
    title: 'Route tables',
    nouns: /^Routes?$|^RouteTables?$|^RouteTableAssociation$|^VgwRoutePropagation$/,
    networking: true,
  },
  { title: 'Internet gateways', nouns: /^InternetGateways?$/, networking: true },
  {
    title: 'Egress-only internet gateways',
    nouns: /^EgressOnlyInternetGateways?$/,
    networking: true,
  },
  { title: 'NAT gateways', nouns: /NatGateway/, networking: true },
  { title: 'Elastic IP addresses', nouns: /^Address/, networking: true },
  {
    title: 'Network interfaces',
    nouns: /^NetworkInterface|^PrivateIpAddresses$|^Ipv6Addresses$|^TrunkInterface/,
    networking: true,
  },
  { title: 'Security groups', nouns: /SecurityGroup/, networking: true },
  { title: 'Network ACLs', nouns: /^NetworkAcl/, networking: true },
  { title: 'Prefix lists', nouns: /PrefixList/, networking: true },
  { title: 'VPC peering', nouns: /^VpcPeering/, networking: true },
  { title: 'VPC endpoints and endpoint services', nouns: /^VpcEndpoint/, networking: true },
  {
    title: 'Reachability Analyzer and Network Access Analyzer',
    nouns: /^NetworkInsights|^ReachabilityAnalyzer/,
    networking: true,
  },
  { title: 'Tags', nouns: /^Tags$/, networking: true },
  {
    title: 'Account, Regions and Availability Zones',
    nouns: /^AccountAttributes$|^Regions$|^AvailabilityZone|IdFormat$/,
    networking: true,
  },
  { title: 'DHCP options', nouns: /^DhcpOptions/, networking: true },
  { title: 'Flow logs', nouns: /^FlowLogs/, networking: true },
  { title: 'Carrier gateways', nouns: /^CarrierGateway/, networking: true },
  { title: 'Site-to-Site VPN', nouns: /^Vpn|^CustomerGateway/, networking: false },
  {
    title: 'IPAM and IP address pools',
    nouns: /^Ipam|^ByoipCidr|^PublicIpv4Pool|^Ipv6Pools$|^AssociatedIpv6PoolCidrs$/,
    networking: false,
  },
  { title: 'Traffic Mirroring', nouns: /^TrafficMirror/, networking: false },
  { title: 'Verified Access', nouns: /^VerifiedAccess/, networking: false },
  { title: 'Network performance', nouns: /^AwsNetworkPerformance/, networking: false },
  {
    title: 'Import, export and bundle tasks',
    nouns: /^Import|^Export|^Conversion|^Bundle|^InstanceExportTask/,
    networking: false,
  },
  {
    title: 'Images (AMIs)',
    nouns: /^Image|^FastLaunch|^RestoreImageTask$|^StoreImageTasks?$|^FpgaImage/,
    networking: false,
  },
  {
    title: 'EBS volumes and snapshots',
    nouns: /^Volume|^Snapshot|^FastSnapshotRestores$|^LockedSnapshots$|^Ebs|^ReplaceRootVolumeTask/,
    networking: false,
  },
  { title: 'Spot Instances and fleets', nouns: /^Spot|^Fleet/, networking: false },
  {
    title: 'Capacity Reservations and Capacity Blocks',
    nouns: /^CapacityReservation|^CapacityBlock|^GroupsForCapacityReservation$/,
    networking: false,
  },
  {
    title: 'Reserved and Scheduled Instances',
    nouns: /ReservedInstances|^ScheduledInstance/,
    networking: false,
  },
  { title: 'Dedicated Hosts', nouns: /^Host|^MacHosts$/, networking: false },
  { title: 'Launch templates', nouns: /^LaunchTemplate/, networking: false },
  {
    title: 'Instances',
    nouns:
      /^Instance|^ConsoleOutput$|^ConsoleScreenshot$|^PasswordData$|^DiagnosticInterrupt$|^IamInstanceProfile|^SerialConsole|^DefaultCreditSpecification$|^ProductInstance$|^PrivateDnsNameOptions$/,
    networking: false,
  },
  { title: 'Key pairs', nouns: /^KeyPair/, networking: false },
  { title: 'Placement groups', nouns: /^PlacementGroup/, networking: false },
];

const OTHER: Family = { title: 'Other', nouns: /$^/, networking: false };

/** The operation's noun: its name after the leading verb (`CreateVpc` → `Vpc`). */
const nounOf = (operation: string): string => operation.replace(/^[A-Z][a-z]+/, '');

/** The family an operation belongs to. */
export function familyOf(operation: string): string {
  const noun = nounOf(operation);
  return (FAMILIES.find((f) => f.nouns.test(noun)) ?? OTHER).title;
}

/** One family's row of the coverage table. */
export interface FamilyCoverage {
  readonly title: string;
  readonly networking: boolean;
  /** Every operation of the family, sorted, with whether vpctwin implements it. */
  readonly operations: readonly { readonly name: string; readonly implemented: boolean }[];
}

/** The coverage of the model by the implemented actions, family by family. */
export interface Coverage {
  readonly apiVersion: string;
  readonly families: readonly FamilyCoverage[];
  readonly implemented: number;
  readonly total: number;
  /** Implemented actions the model does not have (a misspelt handler name). */
  readonly unknown: readonly string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Groups every operation of the model into families and marks the implemented ones.
 * @example coverage(loadEc2Model(), Object.keys(EC2_HANDLERS)).implemented
 */
export function coverage(model: Ec2Model, implemented: Iterable<string>): Coverage {
  const done = new Set(implemented);
  const operations = [...model.operationNames()].sort(byName);
  const families = [...FAMILIES, OTHER].map((f): FamilyCoverage => ({
    title: f.title,
    networking: f.networking,
    operations: operations
      .filter((o) => familyOf(o) === f.title)
      .map((name) => ({ name, implemented: done.has(name) })),
  }));
  return {
    apiVersion: model.apiVersion,
    families: families.filter((f) => f.operations.length > 0),
    implemented: operations.filter((o) => done.has(o)).length,
    total: operations.length,
    unknown: [...done].filter((o) => model.operation(o) === undefined).sort(byName),
  };
}

const percent = (n: number, of: number): string =>
  of === 0 ? '0%' : `${Math.round((100 * n) / of)}%`;

const count = (f: FamilyCoverage): number => f.operations.filter((o) => o.implemented).length;

const anchor = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

function summaryRows(families: readonly FamilyCoverage[]): string[] {
  return families.map(
    (f) =>
      `| [${f.title}](#${anchor(f.title)}) | ${count(f)} | ${f.operations.length} | ${percent(count(f), f.operations.length)} |`,
  );
}

function familySection(f: FamilyCoverage): string[] {
  return [
    `### ${f.title}`,
    '',
    `${count(f)} of ${f.operations.length} implemented.`,
    '',
    '| Operation | vpctwin |',
    '| --- | --- |',
    ...f.operations.map((o) => `| ${o.name} | ${o.implemented ? 'implemented' : '—'} |`),
    '',
  ];
}

/**
 * The Markdown page. `source` names what the model came from (the `aws-sdk` package version),
 * so a model upgrade shows in the diff.
 */
export function coverageMarkdown(c: Coverage, source: string): string {
  const networking = c.families.filter((f) => f.networking);
  const rest = c.families.filter((f) => !f.networking);
  const inScope = networking.flatMap((f) => f.operations);
  const inScopeDone = inScope.filter((o) => o.implemented).length;
  const lines = [
    '# EC2 API coverage',
    '',
    '<!-- Generated by `npm run docs:coverage` (src/api/coverage.ts); do not edit by hand. -->',
    '',
    `Which operations of the EC2 API (version ${c.apiVersion}, as modelled in ${source}) ` +
      '`vpctwin serve` implements. Any other operation is answered with `InvalidAction` ' +
      '("The action … is not implemented by vpctwin"), which SDKs and the AWS CLI treat as a ' +
      'final client error.',
    '',
    `**${c.implemented} of ${c.total} operations implemented (${percent(c.implemented, c.total)})**; ` +
      `${inScopeDone} of ${inScope.length} in the VPC networking families ` +
      `(${percent(inScopeDone, inScope.length)}).`,
    '',
    '| Family | Implemented | Operations | Coverage |',
    '| --- | ---: | ---: | ---: |',
    `| **All operations** | **${c.implemented}** | **${c.total}** | **${percent(c.implemented, c.total)}** |`,
    ...summaryRows(networking),
    ...summaryRows(rest),
    '',
  ];
  if (c.unknown.length > 0) {
    lines.push(
      '## Registered actions the model does not have',
      '',
      ...c.unknown.map((o) => `- ${o}`),
      '',
    );
  }
  lines.push('## Networking', '', ...networking.flatMap(familySection));
  lines.push('## The rest of EC2', '', ...rest.flatMap(familySection));
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * docs/coverage.md as it should read now: the installed model and the registered handlers.
 * @example writeFileSync('docs/coverage.md', coverageDocument())
 */
export function coverageDocument(): string {
  const require = createRequire(import.meta.url);
  const { version } = require('aws-sdk/package.json') as { version: string };
  const ec2 = coverageMarkdown(
    coverage(loadEc2Model(), Object.keys(EC2_HANDLERS)),
    `\`aws-sdk\` ${version}`,
  );
  return [
    ec2,
    '## Other services on the same endpoint',
    '',
    ...serviceSection(
      'Elastic Load Balancing v2',
      'query',
      loadElbv2Model(),
      Object.keys(ELBV2_HANDLERS),
    ),
    ...serviceSection(
      'Direct Connect',
      'JSON 1.1',
      loadDirectConnectModel(),
      Object.keys(DIRECT_CONNECT_HANDLERS),
    ),
    ...serviceSection(
      'Resource Access Manager',
      'REST-JSON',
      loadRamModel(),
      Object.keys(RAM_HANDLERS),
    ),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}

/** A service's implemented operations, listed; the rest answer as not implemented. */
function serviceSection(
  title: string,
  protocol: string,
  model: Ec2Model,
  implemented: readonly string[],
): string[] {
  const done = implemented.filter((o) => model.operation(o) !== undefined).sort(byName);
  const total = model.operationNames().length;
  return [
    `### ${title}`,
    '',
    `Version ${model.apiVersion}, ${protocol} protocol: ${done.length} of ${total} operations ` +
      `implemented (${percent(done.length, total)}): ${done.join(', ')}.`,
    '',
  ];
}
