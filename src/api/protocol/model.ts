/**
 * Typed, lazily resolved access to the official EC2 service model (the `apis/` JSON shipped
 * in the `aws-sdk` v2 package). The protocol parser and serializer walk these shapes; no
 * operation's wire format is written by hand (DESIGN.md).
 *
 * The `.min.json` form drops `"type": "string"` (an untyped shape is a string), drops enums
 * and documentation, and writes most member shapes inline; a member either names a shared
 * shape (`{"shape":"S3","locationName":"TagSpecification"}`) or carries its own type.
 */
import { createRequire } from 'node:module';

/** The scalar types the EC2 model uses. */
export type ScalarType =
  'string' | 'boolean' | 'integer' | 'long' | 'float' | 'double' | 'timestamp' | 'blob';

/** A shape of the model, resolved from its reference. */
export type Shape = StructureShape | ListShape | ScalarShape;

/** A scalar shape. */
export interface ScalarShape {
  readonly kind: ScalarType;
}

/** A list; EC2 lists are always flattened on the query side, query-protocol lists not. */
export interface ListShape {
  readonly kind: 'list';
  /** `Name.1` (flattened) rather than `Name.member.1`. */
  readonly flattened: boolean;
  /** The list's member; its `locationName` is the XML element of each entry (`item`). */
  readonly member: Member;
}

/** A structure with named members. */
export interface StructureShape {
  readonly kind: 'structure';
  readonly members: readonly Member[];
  /** Model names of the members AWS requires. */
  readonly required: readonly string[];
}

/** A structure member (or a list's member), with the names it takes on the wire. */
export interface Member {
  /** Name in the model, e.g. `TagSpecifications`. */
  readonly name: string;
  /** Key in vpctwin's plain objects: the model name with its first letter lowered. */
  readonly key: string;
  /** XML element name, e.g. `vpcSet`; undefined when the model gives none. */
  readonly locationName: string | undefined;
  /** Query parameter name: `queryName`, else `locationName` capitalised, else the name. */
  readonly queryName: string;
  /** Set on `ClientToken`-like members that SDKs fill with a fresh UUID when absent. */
  readonly idempotencyToken: boolean;
  /** REST protocols: where the member travels when not in the body (`querystring`, …). */
  readonly location: string | undefined;
  readonly shape: Shape;
}

/** One operation of the model. */
export interface Operation {
  readonly name: string;
  readonly input: StructureShape;
  /** Undefined for operations that answer with nothing but a request id. */
  readonly output: StructureShape | undefined;
  /** REST protocols: the HTTP method and path that name the operation. */
  readonly http: { readonly method: string; readonly requestUri: string };
}

/** The EC2 model: metadata and operations. */
export interface Ec2Model {
  /**
   * `ec2` (EC2's own dialect), `query` (ELBv2, STS, …: `member` lists, result wrappers) or
   * `json` (JSON 1.1 bodies named by an `X-Amz-Target` header: Direct Connect, …) or
   * `rest-json` (JSON bodies, the operation named by method and path: RAM, …).
   */
  readonly protocol: 'ec2' | 'query' | 'json' | 'rest-json';
  /** JSON protocol: the `X-Amz-Target` prefix before `.Operation` (`OvertureService`). */
  readonly targetPrefix: string | undefined;
  /** The service's name in version errors (`AmazonEC2`, `Elastic Load Balancing v2`). */
  readonly serviceName: string;
  readonly apiVersion: string;
  /** Namespace of response documents, with the trailing slash AWS writes. */
  readonly xmlNamespace: string;
  operation(name: string): Operation | undefined;
  operationNames(): readonly string[];
}

interface RawRef {
  readonly shape?: string;
  readonly type?: string;
  readonly locationName?: string;
  readonly queryName?: string;
  readonly members?: Readonly<Record<string, RawRef>>;
  readonly member?: RawRef;
  readonly required?: readonly string[];
  readonly idempotencyToken?: boolean;
  readonly flattened?: boolean;
  readonly location?: string;
}

interface RawModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly xmlNamespace?: string;
    readonly protocol?: string;
    readonly serviceAbbreviation?: string;
    readonly targetPrefix?: string;
  };
  readonly operations: Readonly<
    Record<
      string,
      {
        readonly input?: RawRef;
        readonly output?: RawRef;
        readonly http?: { readonly method?: string; readonly requestUri?: string };
      }
    >
  >;
  readonly shapes: Readonly<Record<string, RawRef>>;
}

const SCALARS: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'boolean',
  'integer',
  'long',
  'float',
  'double',
  'timestamp',
  'blob',
]);

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

class ModelMember implements Member {
  readonly key: string;
  readonly locationName: string | undefined;
  readonly queryName: string;
  readonly idempotencyToken: boolean;
  readonly location: string | undefined;
  #shape: Shape | undefined;

  constructor(
    readonly name: string,
    private readonly ref: RawRef,
    private readonly resolver: Resolver,
  ) {
    this.key = lowerFirst(name);
    this.locationName = ref.locationName;
    // The SDK's ec2 serializer: queryName verbatim, else locationName capitalised; the query
    // serializer: locationName, else the name.
    this.queryName =
      resolver.protocol === 'ec2'
        ? (ref.queryName ?? upperFirst(ref.locationName ?? name))
        : (ref.locationName ?? name);
    this.idempotencyToken = ref.idempotencyToken === true;
    this.location = ref.location;
  }

  /** Resolved on first use: the model's shapes may refer to each other in cycles. */
  get shape(): Shape {
    this.#shape ??= this.resolver.resolve(this.ref);
    return this.#shape;
  }
}

class Resolver {
  private readonly named = new Map<string, Shape>();
  readonly protocol: 'ec2' | 'query' | 'json' | 'rest-json';

  constructor(private readonly raw: RawModel) {
    const p = raw.metadata.protocol;
    this.protocol = p === 'query' || p === 'json' || p === 'rest-json' ? p : 'ec2';
  }

  resolve(ref: RawRef): Shape {
    if (ref.shape === undefined) return this.build(ref);
    let shape = this.named.get(ref.shape);
    if (shape === undefined) {
      const target = this.raw.shapes[ref.shape];
      if (target === undefined) throw new Error(`EC2 model: unknown shape ${ref.shape}`);
      shape = this.build(target);
      this.named.set(ref.shape, shape);
    }
    return shape;
  }

  structure(ref: RawRef): StructureShape {
    const shape = this.resolve(ref);
    if (shape.kind !== 'structure') throw new Error('EC2 model: expected a structure');
    return shape;
  }

  private build(ref: RawRef): Shape {
    const type = ref.type ?? 'string';
    if (type === 'structure') {
      return {
        kind: 'structure',
        members: Object.entries(ref.members ?? {}).map(([n, m]) => new ModelMember(n, m, this)),
        required: ref.required ?? [],
      };
    }
    if (type === 'list') {
      return {
        kind: 'list',
        flattened: this.protocol === 'ec2' || ref.flattened === true,
        member: new ModelMember('member', ref.member ?? {}, this),
      };
    }
    if (SCALARS.has(type)) return { kind: type as ScalarType };
    throw new Error(`EC2 model: unsupported shape type ${type}`);
  }
}

const EMPTY: StructureShape = { kind: 'structure', members: [], required: [] };

/** Builds a model view over raw service-model JSON. */
export function createEc2Model(raw: RawModel): Ec2Model {
  const resolver = new Resolver(raw);
  const operations = new Map<string, Operation>();
  const ns = raw.metadata.xmlNamespace ?? '';
  return {
    protocol: resolver.protocol,
    serviceName:
      resolver.protocol === 'ec2' ? 'AmazonEC2' : (raw.metadata.serviceAbbreviation ?? 'AWS'),
    apiVersion: raw.metadata.apiVersion,
    xmlNamespace: ns.endsWith('/') ? ns : `${ns}/`,
    targetPrefix: raw.metadata.targetPrefix,
    operation(name) {
      if (!Object.hasOwn(raw.operations, name)) return undefined;
      let op = operations.get(name);
      if (op === undefined) {
        const rawOp = raw.operations[name] ?? {};
        op = {
          name,
          input: rawOp.input === undefined ? EMPTY : resolver.structure(rawOp.input),
          output: rawOp.output === undefined ? undefined : resolver.structure(rawOp.output),
          http: { method: rawOp.http?.method ?? 'POST', requestUri: rawOp.http?.requestUri ?? '/' },
        };
        operations.set(name, op);
      }
      return op;
    },
    operationNames: () => Object.keys(raw.operations),
  };
}

let cached: Ec2Model | undefined;

/**
 * The EC2 model of the installed `aws-sdk` package, loaded once on first use.
 * @example loadEc2Model().operation('CreateVpc')?.input.members.map((m) => m.queryName)
 */
export function loadEc2Model(): Ec2Model {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    cached = createEc2Model(require('aws-sdk/apis/ec2-2016-11-15.min.json') as RawModel);
  }
  return cached;
}

/** Finds a structure's member by model name. */
export const memberNamed = (shape: StructureShape, name: string): Member | undefined =>
  shape.members.find((m) => m.name === name);

let elbv2: Ec2Model | undefined;

/** The Elastic Load Balancing v2 model (query protocol) of the installed `aws-sdk` package. */
export function loadElbv2Model(): Ec2Model {
  if (elbv2 === undefined) {
    const require = createRequire(import.meta.url);
    elbv2 = createEc2Model(
      require('aws-sdk/apis/elasticloadbalancingv2-2015-12-01.min.json') as RawModel,
    );
  }
  return elbv2;
}

let directConnect: Ec2Model | undefined;

/** The Direct Connect model (JSON 1.1 protocol) of the installed `aws-sdk` package. */
export function loadDirectConnectModel(): Ec2Model {
  if (directConnect === undefined) {
    const require = createRequire(import.meta.url);
    directConnect = createEc2Model(
      require('aws-sdk/apis/directconnect-2012-10-25.min.json') as RawModel,
    );
  }
  return directConnect;
}

let ram: Ec2Model | undefined;

/** The Resource Access Manager model (REST-JSON protocol) of the installed `aws-sdk` package. */
export function loadRamModel(): Ec2Model {
  if (ram === undefined) {
    const require = createRequire(import.meta.url);
    ram = createEc2Model(require('aws-sdk/apis/ram-2018-01-04.min.json') as RawModel);
  }
  return ram;
}
