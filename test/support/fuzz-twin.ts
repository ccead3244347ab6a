/**
 * A `vpctwin serve` for fuzzing: a small seeded network, and a store that can be put back to
 * exactly that network before every generated request, so each run of a property is
 * independent of the ones before it (fast-check's shrinking replays runs in another order) and
 * every counterexample reproduces against the same ids.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { FixedClock } from '../../src/model/clock.js';
import { SeededIds } from '../../src/model/ids.js';
import { KINDS } from '../../src/model/resource.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';
import { ACCOUNT, postForm } from './api.js';
import { exportState } from './state.js';
import { ec2Error } from './xml-check.js';

/** A store that forwards to a replaceable one: the server keeps one object for its lifetime. */
class SwappableStore implements Store {
  constructor(public current: MemoryStore) {}
  get snapshot() {
    return this.current.snapshot;
  }
  get ids() {
    return this.current.ids;
  }
  get clock() {
    return this.current.clock;
  }
  execute: Store['execute'] = (name, op, input, caller) =>
    this.current.execute(name, op, input, caller);
  batch: Store['batch'] = (fn) => this.current.batch(fn);
  changes: Store['changes'] = (since) => this.current.changes(since);
  close(): void {}
}

/** A copy of a memory store's resources and id position (not its change log). */
function copyOf(base: MemoryStore): MemoryStore {
  const ids = new SeededIds();
  ids.position = base.ids.position;
  const copy = new MemoryStore(ids, new FixedClock());
  for (const kind of KINDS) for (const r of base.snapshot.all(kind)) copy.snapshot.put(r);
  return copy;
}

/** What one request answered. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** The query params of one seeding step, given the ids seeded so far. */
type Step = readonly [
  label: string,
  action: string,
  params: (ids: Seeded) => Record<string, string>,
];

/** Ids of the seeded network by label (`vpc`, `subnet`, …), for steps that need earlier ones. */
export type Seeded = Readonly<Record<string, string>>;

const ref = (ids: Seeded, label: string): string => ids[label] ?? `${label}-missing`;

/**
 * The seeded network: two VPCs (IPv4 and IPv6), subnets, a route table with an association and
 * a route to an attached internet gateway, an egress-only gateway, a security group with a rule,
 * an ENI with an Elastic IP, a NAT gateway, a network ACL with an entry, a managed prefix list,
 * a peering, a gateway endpoint, and an instance and Reachability Analyzer path once those
 * actions exist. A step whose action is missing or refused is skipped: the fuzzer then simply
 * has fewer valid ids to mix in.
 */
const STEPS: readonly Step[] = [
  ['vpc', 'CreateVpc', () => ({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: 'true' })],
  ['vpc2', 'CreateVpc', () => ({ CidrBlock: '10.1.0.0/16' })],
  [
    'subnet',
    'CreateSubnet',
    (s) => ({ VpcId: ref(s, 'vpc'), CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }),
  ],
  ['subnet2', 'CreateSubnet', (s) => ({ VpcId: ref(s, 'vpc2'), CidrBlock: '10.1.1.0/24' })],
  ['rtb', 'CreateRouteTable', (s) => ({ VpcId: ref(s, 'vpc') })],
  [
    'rtbassoc',
    'AssociateRouteTable',
    (s) => ({ RouteTableId: ref(s, 'rtb'), SubnetId: ref(s, 'subnet') }),
  ],
  ['igw', 'CreateInternetGateway', () => ({})],
  [
    '',
    'AttachInternetGateway',
    (s) => ({ InternetGatewayId: ref(s, 'igw'), VpcId: ref(s, 'vpc') }),
  ],
  [
    '',
    'CreateRoute',
    (s) => ({
      RouteTableId: ref(s, 'rtb'),
      DestinationCidrBlock: '0.0.0.0/0',
      GatewayId: ref(s, 'igw'),
    }),
  ],
  ['eigw', 'CreateEgressOnlyInternetGateway', (s) => ({ VpcId: ref(s, 'vpc') })],
  [
    'sg',
    'CreateSecurityGroup',
    (s) => ({ GroupName: 'fuzz', GroupDescription: 'fuzz', VpcId: ref(s, 'vpc') }),
  ],
  [
    'sgr',
    'AuthorizeSecurityGroupIngress',
    (s) => ({
      GroupId: ref(s, 'sg'),
      'IpPermissions.1.IpProtocol': 'tcp',
      'IpPermissions.1.FromPort': '22',
      'IpPermissions.1.ToPort': '22',
      'IpPermissions.1.IpRanges.1.CidrIp': '10.0.0.0/8',
    }),
  ],
  [
    'eni',
    'CreateNetworkInterface',
    (s) => ({ SubnetId: ref(s, 'subnet'), 'SecurityGroupId.1': ref(s, 'sg') }),
  ],
  ['eipalloc', 'AllocateAddress', () => ({ Domain: 'vpc' })],
  [
    'eipassoc',
    'AssociateAddress',
    (s) => ({ AllocationId: ref(s, 'eipalloc'), NetworkInterfaceId: ref(s, 'eni') }),
  ],
  ['eipalloc2', 'AllocateAddress', () => ({ Domain: 'vpc' })],
  [
    'nat',
    'CreateNatGateway',
    (s) => ({ SubnetId: ref(s, 'subnet'), AllocationId: ref(s, 'eipalloc2') }),
  ],
  ['acl', 'CreateNetworkAcl', (s) => ({ VpcId: ref(s, 'vpc') })],
  [
    '',
    'CreateNetworkAclEntry',
    (s) => ({
      NetworkAclId: ref(s, 'acl'),
      RuleNumber: '100',
      Protocol: '6',
      RuleAction: 'allow',
      Egress: 'false',
      CidrBlock: '0.0.0.0/0',
      'PortRange.From': '443',
      'PortRange.To': '443',
    }),
  ],
  [
    'pl',
    'CreateManagedPrefixList',
    () => ({
      PrefixListName: 'fuzz',
      MaxEntries: '5',
      AddressFamily: 'IPv4',
      'Entry.1.Cidr': '192.168.0.0/16',
    }),
  ],
  [
    'pcx',
    'CreateVpcPeeringConnection',
    (s) => ({ VpcId: ref(s, 'vpc'), PeerVpcId: ref(s, 'vpc2') }),
  ],
  [
    'vpce',
    'CreateVpcEndpoint',
    (s) => ({
      VpcId: ref(s, 'vpc'),
      ServiceName: 'com.amazonaws.us-east-1.s3',
      'RouteTableId.1': ref(s, 'rtb'),
    }),
  ],
  [
    'i',
    'RunInstances',
    (s) => ({ ImageId: 'ami-12345678', MinCount: '1', MaxCount: '1', SubnetId: ref(s, 'subnet') }),
  ],
  [
    'nip',
    'CreateNetworkInsightsPath',
    (s) => ({
      Source: ref(s, 'eni'),
      Destination: ref(s, 'igw'),
      Protocol: 'tcp',
      ClientToken: 'fuzz-path',
    }),
  ],
  // Transit gateway: a gateway (with its default table), a second table, a VPC attachment and
  // a static route, so the TGW actions get past their id lookups.
  ['tgw', 'CreateTransitGateway', () => ({})],
  ['tgw-rtb', 'CreateTransitGatewayRouteTable', (s) => ({ TransitGatewayId: ref(s, 'tgw') })],
  [
    'tgw-attach',
    'CreateTransitGatewayVpcAttachment',
    (s) => ({
      TransitGatewayId: ref(s, 'tgw'),
      VpcId: ref(s, 'vpc'),
      'SubnetIds.1': ref(s, 'subnet'),
    }),
  ],
  [
    '',
    'CreateTransitGatewayRoute',
    (s) => ({
      TransitGatewayRouteTableId: ref(s, 'tgw-rtb'),
      DestinationCidrBlock: '172.16.0.0/12',
      TransitGatewayAttachmentId: ref(s, 'tgw-attach'),
    }),
  ],
];

/** The first id in an answer whose prefix is the label's kind (the resource just created). */
const ID = /<([a-zA-Z]+Id)>([a-z]+(?:-[a-z]+)*-[0-9a-f]{8,17})<\/\1>/g;

function createdId(body: string, label: string): string | undefined {
  const prefix = label.replace(/\d+$/, '');
  for (const m of body.matchAll(ID)) {
    const id = m[2] ?? '';
    if (id.slice(0, id.lastIndexOf('-')) === prefix) return id;
  }
  return undefined;
}

/** Every id that appears anywhere in the state, by prefix (`vpc`, `rtbassoc`, `eni-attach`, …). */
function idsByPrefix(state: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of state.matchAll(/\b([a-z]+(?:-[a-z]+)*)-([0-9a-f]{17}|[0-9a-f]{8})\b/g)) {
    const prefix = m[1] ?? '';
    const list = out.get(prefix) ?? [];
    if (!list.includes(m[0])) list.push(m[0]);
    out.set(prefix, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** What one request answered, and whether it changed the stored state. */
export interface Exchange extends Answer {
  /** Undefined when not checked: a successful request that may change state. */
  readonly changed: boolean | undefined;
}

/** The seeded server: `exchange` runs one request against the seeded network. */
export class FuzzTwin {
  /** Whether the live store may differ from the seeded network. */
  private dirty = false;
  private readonly baseState: string;

  private constructor(
    readonly app: FastifyInstance,
    private readonly store: SwappableStore,
    private readonly base: MemoryStore,
    /** Labels of the seeding steps (as in STEPS) and the ids they created. */
    readonly seeded: Seeded,
    /** Seeding steps that were refused, with the error: actions not there yet, usually. */
    readonly skipped: readonly string[],
  ) {
    this.baseState = exportState(base);
    this.ids = idsByPrefix(this.baseState);
  }

  /** Every id of the seeded network, by prefix. */
  readonly ids: ReadonlyMap<string, readonly string[]>;

  /** Builds the server and seeds the network through the API itself. */
  static async start(): Promise<FuzzTwin> {
    const base = new MemoryStore();
    const store = new SwappableStore(base);
    let n = 0;
    const app = buildServer({
      store,
      defaultAccount: ACCOUNT,
      defaultVpcs: false,
      requestId: () => `req-${++n}`,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const seeded: Record<string, string> = {};
    const skipped: string[] = [];
    for (const [label, action, params] of STEPS) {
      const body = new URLSearchParams({
        Action: action,
        Version: '2016-11-15',
        ...params(seeded),
      });
      const answer = await send(app, body.toString());
      const id = label === '' ? undefined : createdId(answer.body, label);
      if (answer.status !== 200 || (label !== '' && id === undefined)) {
        const error = ec2Error(answer.body);
        skipped.push(`${action}: ${answer.status} ${error?.code ?? ''} ${error?.message ?? ''}`);
      } else if (id !== undefined) seeded[label] = id;
    }
    store.current = copyOf(base);
    return new FuzzTwin(app, store, base, seeded, skipped);
  }

  /**
   * Sends one request against the seeded network (put back first if an earlier request
   * changed it). The state is compared with the seeded one after every answer except a
   * success of a request that `mayChange`.
   */
  async exchange(
    body: string,
    options: { headers?: Record<string, string>; mayChange?: boolean } = {},
  ): Promise<Exchange> {
    if (this.dirty) this.store.current = copyOf(this.base);
    this.dirty = false;
    const answer = await send(this.app, body, options.headers);
    if (answer.status === 200 && options.mayChange !== false) {
      this.dirty = true;
      return { ...answer, changed: undefined };
    }
    // A refused request may still have drawn ids: put the generator back too.
    const changed = this.state() !== this.baseState;
    this.dirty = changed || this.store.ids.position !== this.base.ids.position;
    return { ...answer, changed };
  }

  /**
   * Sends a request against the state as the last request left it (no putting back), and says
   * whether this one changed it: for retries, which must not act twice.
   */
  async again(body: string): Promise<Exchange> {
    const before = this.state();
    const answer = await send(this.app, body);
    const after = this.state();
    this.dirty ||= after !== this.baseState || this.store.ids.position !== this.base.ids.position;
    return { ...answer, changed: after !== before };
  }

  /** Every stored resource, serialised. */
  state(): string {
    return exportState(this.store);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** One request over the socket, as clients send it. */
function send(
  app: FastifyInstance,
  body: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the twin is not listening');
  return postForm(`http://127.0.0.1:${address.port}/`, body, headers);
}
