import { nameTag } from '../../src/model/common.js';
import { ID_PREFIX } from '../../src/model/ids.js';
import { KINDS, type Resource } from '../../src/model/resource.js';
import type { Snapshot } from '../../src/model/snapshot.js';

/**
 * Id normalisation for golden files. Ids come from a seeded generator: they are reproducible,
 * but any change to the order or number of operations renumbers every id after it, so golden
 * files name resources instead — `eni-9c3b7f4e80f554dda` becomes `<eni:connector-a>`. ARNs keep
 * their Region and account and lose only the id.
 */

/** Every AWS id shape the twin generates (`eni-` + 17 or 8 hex digits); longer prefixes first. */
const ID_RE = new RegExp(
  `\\b(${Object.values(ID_PREFIX)
    .sort((a, b) => b.length - a.length)
    .join('|')})-([0-9a-f]{17}|[0-9a-f]{8})\\b`,
  'g',
);

/** An id → label table; ids whose label is not unique map to an `ambiguous` marker. */
export type Labels = ReadonlyMap<string, string>;

const AMBIGUOUS = '\0ambiguous';

/**
 * What a resource is called when it has no Name tag: the names AWS itself shows (`default`
 * ACL and group, the `main` route table), the owner of a managed ENI, or its address block.
 */
function fallbackName(s: Snapshot, r: Resource, label: (id: string) => string | undefined) {
  switch (r.kind) {
    case 'vpc':
      return r.cidrBlock.toString();
    case 'subnet':
      return r.cidrBlock?.toString();
    case 'route-table':
      return r.associations.some((a) => a.main) ? 'main' : undefined;
    case 'network-acl':
      return r.isDefault ? 'default' : undefined;
    case 'security-group':
      return r.groupName;
    case 'elastic-ip':
      return r.publicIp.toString();
    case 'prefix-list':
      return r.prefixListName;
    // ELBv2 resources (ids are ARNs): the names ELBv2 itself shows; a listener by its port.
    case 'load-balancer':
      return r.loadBalancerName;
    case 'target-group':
      return r.targetGroupName;
    case 'listener': {
      const lb = label(r.loadBalancerArn);
      return lb && `${lb}:${r.port ?? 'any'}`;
    }
    case 'network-interface': {
      if (r.attachment) {
        const owner = label(r.attachment.instanceId);
        return owner && `${owner}.eth${r.attachment.deviceIndex}`;
      }
      for (const nat of s.all('nat-gateway')) {
        if (nat.natGatewayAddresses.some((a) => a.networkInterfaceId === r.id))
          return label(nat.id);
      }
      // An endpoint's ENI: the endpoint's label and the subnet's (one ENI per subnet).
      const ep = s
        .find('vpcEndpointsBySubnet', r.subnetId)
        .find((e) => e.networkInterfaceIds.includes(r.id));
      const subnet = label(r.subnetId);
      return ep && subnet ? `${label(ep.id) ?? ep.id}@${subnet}` : undefined;
    }
    default:
      return undefined;
  }
}

const prefixOf = (id: string): string => elbv2ArnType(id) ?? id.slice(0, id.lastIndexOf('-'));

/**
 * An ELBv2 ARN (`arn:aws:elasticloadbalancing:r:a:loadbalancer/gwy/name/<hex>`): its resource
 * type and the hex id tail that normalisation replaces (the name before it is kept).
 */
const ELBV2_ARN_RE =
  /arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:(loadbalancer|targetgroup|listener)\/(?:(?:app|net|gwy)\/)?[A-Za-z0-9-]+((?:\/[0-9a-f]{16})+)/g;

/** `loadbalancer`, `targetgroup` or `listener` for an ELBv2 ARN, else undefined. */
export function elbv2ArnType(id: string): string | undefined {
  return /^arn:aws:elasticloadbalancing:[^:]+:\d{12}:(loadbalancer|targetgroup|listener)\//.exec(
    id,
  )?.[1];
}

/**
 * Labels every resource of a snapshot: its Name tag, else a fallback name; a label that two
 * resources of one kind share is qualified by the VPC's label (`db-primary/default`), the way
 * topology files and the CLI qualify names.
 */
export function labels(s: Snapshot): Labels {
  const base = new Map<string, string>();
  const vpcOf = new Map<string, string>();
  const pending: Resource[] = [];
  // ENIs last: a managed ENI is named after its instance or NAT gateway.
  const order = [
    ...KINDS.filter((k) => k !== 'account' && k !== 'network-interface'),
    'network-interface' as const,
  ];
  for (const kind of order) for (const r of s.all(kind)) pending.push(r);
  for (const r of pending) {
    if (r.kind === 'account') continue;
    const name = nameTag(r) ?? fallbackName(s, r, (id) => base.get(id));
    if (name !== undefined) base.set(r.id, name);
    if ('vpcId' in r && typeof r.vpcId === 'string') vpcOf.set(r.id, r.vpcId);
  }
  const qualified = (id: string): string => {
    const vpc = vpcOf.get(id);
    const name = base.get(id) as string;
    return vpc !== undefined && base.has(vpc) ? `${base.get(vpc)}/${name}` : name;
  };
  const out = new Map<string, string>();
  const seen = new Map<string, string[]>();
  for (const [id, name] of base) {
    const key = `${prefixOf(id)}:${name}`;
    seen.set(key, [...(seen.get(key) ?? []), id]);
  }
  for (const ids of seen.values()) {
    const plain = ids.length === 1;
    const names = ids.map((id) => (plain ? (base.get(id) as string) : qualified(id)));
    ids.forEach((id, i) => {
      const n = names[i] as string;
      out.set(id, names.indexOf(n) === names.lastIndexOf(n) ? n : AMBIGUOUS);
    });
  }
  return out;
}

/** The label of an id; fails the test when the id has none or shares it. */
export function labelOf(table: Labels, id: string): string {
  const label = table.get(id);
  if (label === undefined) throw new Error(`no label for ${id}: name it in the topology`);
  if (label === AMBIGUOUS) throw new Error(`${id} shares its label with another resource`);
  return label;
}

/** Replaces every id in a text by `<prefix:label>`. */
export function normaliseText(text: string, table: Labels): string {
  return text
    .replace(ID_RE, (id, prefix: string) => `<${prefix}:${labelOf(table, id)}>`)
    .replace(ELBV2_ARN_RE, (arn, type: string, tail: string) => {
      const label = table.get(arn);
      return label === undefined
        ? arn
        : `${arn.slice(0, arn.length - tail.length)}/<${type}:${labelOf(table, arn)}>`;
    });
}

/** Keys in the order AWS documents them, so golden files read top-down; others alphabetical. */
const KEY_ORDER = [
  'Status',
  'StatusMessage',
  'NetworkPathFound',
  'ForwardPathComponents',
  'ReturnPathComponents',
  'Explanations',
  'SequenceNumber',
  'ExplanationCode',
  'Direction',
  'PacketField',
  'Component',
  'Id',
  'Arn',
  'Name',
  'SourceAddresses',
  'SourcePortRanges',
  'DestinationAddresses',
  'DestinationPortRanges',
];

const rank = (k: string): number => {
  const i = KEY_ORDER.indexOf(k);
  return i < 0 ? KEY_ORDER.length : i;
};

function ordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ordered);
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, ordered((v as Record<string, unknown>)[k])]));
}

/**
 * A JSON value with ids replaced by labels and keys in a stable order: what a golden file
 * holds, and what a result from another process is compared as.
 */
export function normalise(value: unknown, table: Labels): unknown {
  return ordered(JSON.parse(normaliseText(JSON.stringify(value), table)));
}

/**
 * JSON text for a golden file: small flat objects such as port ranges on one line, everything
 * else one key per line (prettier then keeps that layout), so diffs stay short and local.
 */
export function goldenJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + goldenJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value);
  const flat = entries.every(([, v]) => v === null || typeof v !== 'object');
  const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  if (flat && line.length <= 60) return entries.length ? line : '{}';
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${goldenJson(v, inner)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}
