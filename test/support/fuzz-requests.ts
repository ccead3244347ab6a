/**
 * Generated EC2 query requests for fuzzing `vpctwin serve`: values drawn from an operation's
 * input shape in the model (names steer the values: `…Id` members get ids of the seeded
 * network, `…Cidr…` members CIDRs, and so on), then mutated the ways clients and attackers get
 * requests wrong: missing, repeated, malformed and unknown parameters, odd list indices, lists
 * past every limit, oversized and non-text values.
 */
import * as sdk from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { ID_PREFIX } from '../../src/model/ids.js';
import type { Member, ScalarType, Shape, StructureShape } from '../../src/api/protocol/model.js';

/** One query parameter, with the scalar type the model gives it. */
export interface Param {
  readonly name: string;
  readonly value: string;
  readonly type: ScalarType | 'unknown';
}

/** What the generator may mix in: the seeded network's ids by prefix. */
export interface Pools {
  readonly ids: ReadonlyMap<string, readonly string[]>;
}

/** A value tree before flattening: scalars, lists, structures by query name. */
type Wire = string | readonly Wire[] | { readonly [queryName: string]: Wire | undefined };

const MAX_DEPTH = 4;

// ---------------------------------------------------------------------------------------------
// Values by member name

/** Values of every string enum the SDK exports, by the enum's name. */
const ENUMS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(sdk).flatMap(([name, value]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    const values = Object.values(value as Record<string, unknown>);
    if (values.length === 0 || !values.every((v) => typeof v === 'string')) return [];
    return [[name, values] as const];
  }),
);

/** Enum values a member probably takes: SDK enums named like it. */
function enumValues(name: string, action: string): readonly string[] {
  const noun = action.replace(/^[A-Z][a-z]+/, '').replace(/Attribute$/, '');
  const names = [name, `${name}Name`, `${name}Type`, `${noun}${name}`, `${noun}${name}Name`];
  for (const n of names) {
    const values = ENUMS.get(n);
    if (values !== undefined) return values;
  }
  if (name.length < 6) return [];
  return [...ENUMS].filter(([n]) => n.endsWith(name)).flatMap(([, v]) => v);
}

const kebab = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Id prefixes for an id member's name, longest-noun first: `PeerVpcId` → `vpc`. */
const EXTRA_NOUNS: readonly (readonly [string, readonly string[]])[] = [
  ['group', ['sg']],
  ['allocation', ['eipalloc']],
  ['association', ['rtbassoc', 'eipassoc', 'aclassoc', 'vpc-cidr-assoc', 'subnet-cidr-assoc']],
  ['attachment', ['eni-attach']],
  ['image', ['ami']],
  ['gateway', ['igw', 'eigw', 'nat']],
  ['resource', ['vpc', 'subnet', 'sg', 'rtb', 'eni', 'igw', 'acl', 'pl', 'i']],
];

const PREFIX_BY_NOUN: readonly (readonly [string, readonly string[]])[] = [
  ...Object.entries(ID_PREFIX).map(([noun, prefix]) => [noun, [prefix]] as const),
  ...EXTRA_NOUNS,
].sort((a, b) => b[0].length - a[0].length);

function prefixesFor(name: string): readonly string[] {
  const noun = kebab(name.replace(/Ids?$|s$/, ''));
  return PREFIX_BY_NOUN.find(([n]) => noun === n || noun.endsWith(`-${n}`))?.[1] ?? [];
}

const BAD_IDS = [
  'vpc-',
  'vpc-123',
  'vpc-xyz12345',
  'vpc-0123456789abcdef',
  'VPC-0123456789ABCDEF0',
  'vpc-00000000000000000',
  'subnet-00000000',
  'sg-ffffffffffffffff0',
  'i-0',
  'eni-attach-',
  'rtbassoc-zzzzzzzz',
  ' vpc-12345678',
  'vpc-12345678 ',
  '*',
  '',
];

/** Plausible values, then wrong ones: generation leans valid, mutations supply the rest. */
const V4_CIDRS = [
  '10.0.0.0/16',
  '10.0.1.0/24',
  '10.0.2.0/24',
  '10.0.3.0/28',
  '10.1.0.0/16',
  '10.1.2.0/24',
  '10.2.0.0/16',
  '10.3.0.0/16',
  '0.0.0.0/0',
  '192.168.0.0/16',
  '100.64.0.0/16',
  '10.0.0.0/8',
];
const V6_CIDRS = ['::/0', '2600:1f18::/56', '2600:1f18::/64', '2600:1f18:0:1::/64'];
const BAD_CIDRS = [
  '10.0.0.0/15',
  '10.0.1.5/24',
  '10.0.0.0/33',
  '10.0.0.0/-1',
  '256.0.0.0/8',
  '10.0.0/16',
  '10.0.0.0',
  '10.00.0.0/16',
  'fe80::/10',
  '2001:db8::/129',
  'cidr',
];
const IPS = ['10.0.1.10', '10.0.1.4', '10.0.1.200', '10.1.1.10', '1.2.3.4', '2600:1f18::1'];
const BAD_IPS = ['10.0.1.0', '10.0.1.255', '10.0.2.10', '0.0.0.0', '10.0.1', '10.0.1.300', 'ip'];

const mostly = (good: readonly string[], bad: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...good) }, fc.constantFrom(...bad));

const PROTOCOLS = ['tcp', 'tcp', 'udp', '-1', 'icmp', 'icmpv6', '6', '17', '1', '58'];
const BAD_PROTOCOLS = ['all', '256', 'x', ''];
const AZS = ['us-east-1a', 'us-east-1b', 'use1-az1', 'us-east-1z', 'eu-west-1a'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'mars-north-1'];
const SERVICES = [
  'com.amazonaws.us-east-1.s3',
  'com.amazonaws.us-east-1.dynamodb',
  'com.amazonaws.us-east-1.ec2',
  'com.amazonaws.eu-west-1.s3',
  'com.example.nope',
];
const FILTER_NAMES = [
  'vpc-id',
  'subnet-id',
  'state',
  'cidr',
  'cidr-block',
  'cidrBlock',
  'owner-id',
  'group-id',
  'group-name',
  'availability-zone',
  'is-default',
  'isDefault',
  'association.main',
  'route-table-id',
  'attachment.state',
  'attachment.vpc-id',
  'ip-permission.protocol',
  'description',
  'network-interface-id',
  'resource-id',
  'resource-type',
  'key',
  'tag:Name',
  'tag-key',
  'tag-value',
  'no-such-filter',
  '',
];
const TAG_KEYS = ['Name', 'env', 'aws:reserved', 'Name ', '', 'k'.repeat(128), 'k'.repeat(129)];
const WORDS = ['true', 'false', 'available', 'default', 'vpc', 'fuzz', 'a', '', '*', '0', '-1'];

const token = fc.oneof(
  fc.constantFrom('', 'abc', 'eyJpZCI6InZwYy0xIn0=', 'vpc-00000000', '%%%'),
  fc.base64String({ maxLength: 40 }),
);

function idValues(name: string, pools: Pools): fc.Arbitrary<string> {
  const all = [...pools.ids.values()].flat();
  // A kind the network has none of (AMIs, or a kind a seeding step could not create) still
  // gets well-formed ids, which reach the handler's not-found path.
  const matching = prefixesFor(name).flatMap(
    (p) => pools.ids.get(p) ?? [`${p}-12345678`, `${p}-0123456789abcdef0`],
  );
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 1, arbitrary: fc.constantFrom(...BAD_IDS) },
  ];
  if (matching.length > 0) options.push({ weight: 12, arbitrary: fc.constantFrom(...matching) });
  if (all.length > 0) options.push({ weight: 1, arbitrary: fc.constantFrom(...all) });
  return fc.oneof(...options);
}

/** TagSpecification resource types whose name is not the action's noun in kebab case. */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'nat-gateway': 'natgateway',
  address: 'elastic-ip',
  'managed-prefix-list': 'prefix-list',
  instance: 'instance',
};

/** The resource type a Create action tags: `CreateNatGateway` → `natgateway`. */
function resourceTypeOf(action: string): string {
  const noun = kebab(action.replace(/^[A-Z][a-z]+/, '')).replace(/(ss)es$|s$/, '$1');
  return RESOURCE_TYPES[noun] ?? noun;
}

/** String values for a member: by what its name says it holds. */
function stringValues(name: string, action: string, pools: Pools): fc.Arbitrary<string> {
  if (name === 'ClientToken') return fc.oneof(fc.uuid(), fc.constantFrom('t', ''));
  if (/Ids?$/.test(name) || name === 'ResourceId' || name === 'Resources') {
    return idValues(name, pools);
  }
  if (/Cidr/i.test(name)) {
    return mostly(/Ipv6/i.test(name) ? V6_CIDRS : V4_CIDRS, [
      ...BAD_CIDRS,
      ...V6_CIDRS,
      '10.0.0.0/16',
    ]);
  }
  if (/Ip(Address)?e?s?$|PrivateIp|PublicIp|Address$/.test(name)) return mostly(IPS, BAD_IPS);
  if (/Protocol/.test(name)) return mostly(PROTOCOLS, BAD_PROTOCOLS);
  if (/AvailabilityZone/.test(name)) return fc.constantFrom(...AZS);
  if (/Region/.test(name)) return fc.constantFrom(...REGIONS);
  if (/ServiceName/.test(name)) return mostly(SERVICES.slice(0, 2), SERVICES.slice(2));
  if (name === 'NextToken') return token;
  if (name === 'Name') return fc.constantFrom(...FILTER_NAMES);
  if (name === 'Key' || name === 'TagKey') return fc.constantFrom(...TAG_KEYS);
  if (name === 'Value' || name === 'Values') {
    const ids = [...pools.ids.values()].flat();
    return fc.oneof(
      fc.constantFrom(...WORDS, ...V4_CIDRS.slice(0, 4)),
      idValues('ResourceId', pools),
      ...(ids.length > 0 ? [fc.constantFrom(...ids)] : []),
    );
  }
  if (name === 'AddressFamily') return fc.constantFrom('IPv4', 'IPv6', 'ipv4');
  if (name === 'ResourceType') {
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant(resourceTypeOf(action)) },
      fc.constantFrom('vpc', 'subnet', 'security-group', 'route-table', 'network-interface'),
      fc.constantFrom('natgateway', 'internet-gateway', 'elastic-ip', 'network-acl', 'instance'),
      fc.constantFrom(...(ENUMS.get('ResourceType') ?? ['vpc'])),
    );
  }
  const enums = enumValues(name, action);
  if (enums.length > 0)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...enums) }, fc.constantFrom(...WORDS));
  return fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 12 }));
}

function integerValues(name: string): fc.Arbitrary<number> {
  if (/Port/.test(name)) return fc.constantFrom(-1, 0, 1, 22, 80, 443, 1024, 65535, 65536);
  if (name === 'MaxResults') return fc.constantFrom(0, 1, 4, 5, 6, 10, 100, 1000, 1001);
  if (/RuleNumber/.test(name)) return fc.constantFrom(0, 1, 100, 200, 32766, 32767);
  if (/MaxEntries/.test(name)) return fc.constantFrom(0, 1, 5, 1000, 1001);
  if (/Mask|Length/.test(name)) return fc.constantFrom(0, 8, 16, 24, 28, 29, 32, 56, 64, 128);
  if (/Count/.test(name)) return fc.constantFrom(0, 1, 2, 5);
  if (/Type|Code/.test(name)) return fc.constantFrom(-1, 0, 3, 8, 255, 256);
  return fc.integer({ min: -1, max: 2000 });
}

function scalarValues(
  type: ScalarType,
  name: string,
  action: string,
  pools: Pools,
): fc.Arbitrary<string> {
  switch (type) {
    case 'string':
      return stringValues(name, action, pools);
    case 'boolean':
      return fc.constantFrom('true', 'false');
    case 'integer':
    case 'long':
      return integerValues(name).map(String);
    case 'float':
    case 'double':
      return fc.oneof(
        fc.constantFrom('0', '1.5', '-0.5'),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      );
    case 'timestamp':
      return fc
        .integer({ min: 0, max: 4_102_444_800 })
        .map((s) => new Date(s * 1000).toISOString());
    case 'blob':
      return fc.base64String({ maxLength: 24 });
  }
}

// ---------------------------------------------------------------------------------------------
// Requests from shapes

interface Example {
  readonly input?: unknown;
}

/** The model's example requests (`*.examples.json`), by action. */
const EXAMPLES = createRequire(import.meta.url)('aws-sdk/apis/ec2-2016-11-15.examples.json') as {
  readonly examples: Readonly<Record<string, readonly Example[]>>;
};

/** Member names used in example values: `top` at the top level, `nested` below it. */
function exampleNames(
  value: unknown,
  names: { top: Set<string>; nested: Set<string> },
  top: boolean,
) {
  if (Array.isArray(value)) for (const v of value) exampleNames(v, names, top);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      (top ? names.top : names.nested).add(k);
      exampleNames(v, names, false);
    }
  }
  return names;
}

/** Without examples, members like these usually say what the request is about. */
const LIKELY =
  /(Id|Ids|Cidr|CidrBlock|Count|Entries|IpPermissions|IpProtocol|Port|IpRanges|CidrIp|Destination|Source)$/;

/**
 * Optional members the model's examples for the action use, or, for actions without
 * examples, the members named like ids, CIDRs and rules: what real requests carry.
 */
function likelyMembers(action: string, depth: number): (name: string) => boolean {
  const examples = EXAMPLES.examples[action] ?? [];
  if (examples.length === 0) return (name) => LIKELY.test(name);
  const names = exampleNames(
    examples.map((e) => e.input),
    { top: new Set(), nested: new Set() },
    true,
  );
  const set = depth === 0 ? names.top : names.nested;
  return (name) => set.has(name);
}

/**
 * A structure's values: every required member, the likely optional ones often, and a few
 * others. Few, because optional members are often alternatives (CreateRoute's destinations,
 * CreateSubnet's IPAM pools) and a request naming all of them never gets past validation.
 */
function structureValues(
  shape: StructureShape,
  action: string,
  depth: number,
  pools: Pools,
): fc.Arbitrary<Wire> {
  const values = (m: Member) => memberValues(m.shape, m.name, action, depth, pools);
  const likely = likelyMembers(action, depth);
  const required: Member[] = [];
  const preferred: Member[] = [];
  const others: Member[] = [];
  let dryRun: Member | undefined;
  for (const m of shape.members) {
    if (shape.required.includes(m.name)) required.push(m);
    else if (m.name === 'DryRun') dryRun = m;
    else if (depth >= MAX_DEPTH) continue;
    else (likely(m.name) ? preferred : others).push(m);
  }
  return fc
    .record({
      // Each likely member in seven requests out of eight.
      likely: fc.array(fc.constantFrom(true, true, true, true, true, true, true, false), {
        minLength: preferred.length,
        maxLength: preferred.length,
      }),
      chosen: fc.subarray(others, { maxLength: Math.min(others.length, depth === 0 ? 1 : 2) }),
      // DryRun rarely: it turns every outcome into DryRunOperation or an error.
      dryRun: fc.constantFrom(...Array<boolean>(15).fill(false), true),
    })
    .chain((c) => {
      const members = [
        ...required,
        ...preferred.filter((_, i) => c.likely[i] === true),
        ...c.chosen,
        ...(c.dryRun && dryRun ? [dryRun] : []),
      ];
      return fc.record(Object.fromEntries(members.map((m) => [m.queryName, values(m)])));
    });
}

function memberValues(
  shape: Shape,
  name: string,
  action: string,
  depth: number,
  pools: Pools,
): fc.Arbitrary<Wire> {
  if (shape.kind === 'structure') {
    return depth >= MAX_DEPTH + 2
      ? fc.constant({})
      : structureValues(shape, action, depth + 1, pools);
  }
  if (shape.kind === 'list') {
    // List entries take their values by the list's name (`VpcIds` entries are VPC ids).
    const item = memberValues(shape.member.shape, name, action, depth + 1, pools);
    return fc.array(item, {
      minLength: 1,
      maxLength: shape.member.shape.kind === 'structure' ? 2 : 3,
    });
  }
  return scalarValues(shape.kind, name, action, pools);
}

function flatten(value: Wire | undefined, shape: Shape, name: string, out: Param[]): void {
  if (value === undefined) return;
  if (typeof value === 'string') {
    out.push({
      name,
      value,
      type: shape.kind === 'structure' || shape.kind === 'list' ? 'unknown' : shape.kind,
    });
    return;
  }
  if (shape.kind === 'list' && Array.isArray(value)) {
    (value as readonly Wire[]).forEach((v, i) =>
      flatten(v, shape.member.shape, `${name}.${i + 1}`, out),
    );
    return;
  }
  if (shape.kind === 'structure' && !Array.isArray(value)) {
    const record = value as Readonly<Record<string, Wire | undefined>>;
    for (const m of shape.members) {
      flatten(
        record[m.queryName],
        m.shape,
        name === '' ? m.queryName : `${name}.${m.queryName}`,
        out,
      );
    }
  }
}

/** Plausible parameters of one action, drawn from its input shape. */
export function paramsFor(
  action: string,
  input: StructureShape,
  pools: Pools,
): fc.Arbitrary<Param[]> {
  return structureValues(input, action, 0, pools).map((value) => {
    const out: Param[] = [];
    flatten(value, input, '', out);
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** A way to get a request wrong; `at` picks a parameter (modulo the count). */
export type Mutation =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'repeat'; readonly at: number; readonly value: string | undefined }
  | { readonly kind: 'replace'; readonly at: number; readonly value: string }
  | { readonly kind: 'reindex'; readonly at: number; readonly index: string }
  | { readonly kind: 'grow'; readonly at: number; readonly count: number }
  | { readonly kind: 'extra'; readonly name: string; readonly value: string };

/** Values no parameter should accept quietly: wrong types, out of range, not text at all. */
const MALFORMED = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'abc',
    '1.5',
    '-1',
    '-0',
    '+1',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    'true ',
    'TRUE',
    '2147483648',
    '-2147483649',
    '9007199254740993',
    '99999999999999999999999',
    '10.0.0.0/33',
    '999.0.0.0/8',
    '10.0.0.1/24',
    '::/200',
    '10.0.0.0/16,10.1.0.0/16',
    'vpc-',
    'vpc-zzzzzzzzzzzzzzzzz',
    'sg-12345678',
    '\u0000',
    '\uD800',
    '\uFFFE',
    '\u202Eevil',
    '😀',
    '<x>&amp;</x>',
    '%00',
    '../../etc/passwd',
    "'; DROP TABLE resources; --",
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.constantFrom(256, 4096, 70_000).map((n) => 'x'.repeat(n)),
);

const INDICES = ['0', '3', '01', '-1', 'x', '', '1000000', '999999', '2147483648', '1.1'];

const EXTRA_NAMES = [
  'Foo',
  'foo',
  'VpcId',
  'Filter.1.Name',
  'Filter.1.Value.1',
  'TagSpecification.1.Tag.1.Key',
  'DryRun',
  'MaxResults',
  'Action',
  'Version',
  'X-Amz-Date',
  'AWSAccessKeyId',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  '',
  '.',
  '..',
  'VpcId.',
  '.VpcId',
  'a.b.c.d.e.f.g.h',
];

/** A mutation of a request. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    value: fc.option(MALFORMED, { nil: undefined }),
  }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: MALFORMED }),
  },
  fc.record({
    kind: fc.constant('reindex' as const),
    at: fc.nat(),
    index: fc.constantFrom(...INDICES),
  }),
  fc.record({
    kind: fc.constant('grow' as const),
    at: fc.nat(),
    count: fc.constantFrom(101, 256, 1001, 5000),
  }),
  fc.record({
    kind: fc.constant('extra' as const),
    name: fc.oneof(fc.constantFrom(...EXTRA_NAMES), fc.string({ maxLength: 12 })),
    value: fc.oneof(MALFORMED, fc.constantFrom('true', '5', 'vpc-12345678')),
  }),
);

/** Replaces the last list index in a name (`Filter.2.Value.1` → `Filter.2.Value.<i>`). */
function reindexed(name: string, index: string): string | undefined {
  const parts = name.split('.');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (/^\d+$/.test(parts[i] ?? '')) {
      parts[i] = index;
      return parts.join('.');
    }
  }
  return undefined;
}

/** Grows the list the parameter is an entry of to `count` entries, copying the entry. */
function grown(params: readonly Param[], picked: Param, count: number): Param[] {
  const m = /^(.*?\.)(\d+)(\.|$)/.exec(picked.name);
  if (m === null) return [...params];
  const head = `${m[1] ?? ''}${m[2] ?? ''}`;
  const entry = params.filter((p) => p.name === head || p.name.startsWith(`${head}.`));
  const out = [...params];
  for (let i = 2; i <= count; i++) {
    for (const p of entry)
      out.push({ ...p, name: `${m[1] ?? ''}${i}${p.name.slice(head.length)}` });
  }
  // Entries 2…count may exist already; keep the first of each name so the list is only longer.
  const seen = new Set<string>();
  return out.filter((p) => !seen.has(p.name) && (seen.add(p.name), true));
}

/** Applies one mutation. */
export function mutate(params: readonly Param[], m: Mutation): Param[] {
  if (m.kind === 'extra') return [...params, { name: m.name, value: m.value, type: 'unknown' }];
  if (params.length === 0) return [];
  const i = m.at % params.length;
  const picked = params[i] as Param;
  switch (m.kind) {
    case 'drop':
      return params.filter((_, j) => j !== i);
    case 'repeat':
      return [...params, { ...picked, value: m.value ?? picked.value }];
    case 'replace':
      return params.map((p, j) => (j === i ? { ...p, value: m.value } : p));
    case 'reindex': {
      const name = reindexed(picked.name, m.index) ?? `${picked.name}.1`;
      return params.map((p, j) => (j === i ? { ...p, name } : p));
    }
    case 'grow':
      return grown(params, picked, m.count);
  }
}

/** The form body of a request: `Action=…&Version=…&…`. */
export function formBody(action: string, params: readonly Param[], version = '2016-11-15'): string {
  const body = new URLSearchParams({ Action: action, Version: version });
  for (const p of params) body.append(p.name, p.value);
  return body.toString();
}

/** A request body, shortened for messages (some are megabytes). */
export const shown = (body: string): string =>
  body.length <= 600 ? body : `${body.slice(0, 600)}… (${body.length} characters)`;
