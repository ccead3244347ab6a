/**
 * The EC2 query protocol, request side: one model-driven decoder for every operation.
 *
 * Wire example (what the JS SDK sends for CreateVpc):
 *
 *     Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16
 *       &TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=Name
 *       &TagSpecification.1.Tag.1.Value=prod&AmazonProvidedIpv6CidrBlock=true
 *
 * becomes `{ cidrBlock: '10.0.0.0/16', tagSpecifications: [{ resourceType: 'vpc', tags:
 * [{ key: 'Name', value: 'prod' }] }], amazonProvidedIpv6CidrBlock: true }`. EC2 lists are
 * always flattened: `Name.1`, `Name.2` with no `member` segment, 1-based.
 */
import type { Ec2Model, Member, ScalarType, Shape, StructureShape } from './model.js';

/** A request the protocol layer refuses, as EC2 words it. */
export interface ProtocolError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: 400;
}

/** A decoded request: the operation, the API version and the typed input. */
export interface Ec2Request {
  readonly action: string;
  readonly version: string;
  readonly input: Record<string, unknown>;
}

/** Bodies above this size are refused before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

const error = (code: string, message: string): ProtocolError => ({
  code,
  message,
  httpStatus: 400,
});

/** Wraps a refusal inside the decoder, so no decoded value can be mistaken for one. */
class Refusal {
  constructor(readonly error: ProtocolError) {}
}

const isError = (v: unknown): v is Refusal => v instanceof Refusal;

/** Tells a protocol error from a decoded request. */
export const isProtocolError = (r: Ec2Request | ProtocolError): r is ProtocolError => 'code' in r;

/**
 * Signature parameters of query-string authentication; the transport checks them, the
 * decoder ignores them.
 */
const AUTH_PARAMS: ReadonlySet<string> = new Set([
  'AWSAccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SecurityToken',
  'Timestamp',
  'Expires',
]);

interface Node {
  value?: string;
  readonly children: Map<string, Node>;
}

const newNode = (): Node => ({ children: new Map() });

/**
 * Decodes an `application/x-www-form-urlencoded` EC2 request body against the model.
 * Never throws: every refusal is a {@link ProtocolError}.
 * @example parseEc2Query('Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1', model)
 */
export function parseEc2Query(body: string, model: Ec2Model): Ec2Request | ProtocolError {
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    return error(
      'InvalidParameterValue',
      `The request body exceeds the maximum size of ${MAX_BODY_BYTES} bytes.`,
    );
  }
  const root = newNode();
  let action: string | undefined;
  let version: string | undefined;
  for (const [name, value] of new URLSearchParams(body)) {
    if (name === 'Action' || name === 'Version') {
      if ((name === 'Action' ? action : version) !== undefined) return repeated(name);
      if (name === 'Action') action = value;
      else version = value;
      continue;
    }
    if (AUTH_PARAMS.has(name) || name.startsWith('X-Amz-')) continue;
    let node = root;
    for (const segment of name.split('.')) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = newNode();
        node.children.set(segment, child);
      }
      node = child;
    }
    if (node.value !== undefined) return repeated(name);
    node.value = value;
  }
  if (action === undefined || action === '') {
    return error('MissingAction', 'The request must contain the parameter Action');
  }
  const operation = model.operation(action);
  if (operation === undefined) {
    return error('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
  if (version === undefined || version === '') {
    return error('MissingParameter', 'The request must contain the parameter Version');
  }
  if (version !== model.apiVersion) {
    return error(
      'NoSuchVersion',
      `The requested version (${version}) of service ${model.serviceName} does not exist`,
    );
  }
  const input = decodeStructure(root, operation.input, '');
  if (isError(input)) return input.error;
  return { action, version, input };
}

const repeated = (name: string): ProtocolError =>
  error('InvalidParameterValue', `The parameter ${name} is specified more than once`);

const unknown = (name: string): Refusal =>
  refuse('UnknownParameter', `The parameter ${name} is not recognized`);

const byQueryName = new WeakMap<StructureShape, ReadonlyMap<string, Member>>();

function membersByQueryName(shape: StructureShape): ReadonlyMap<string, Member> {
  let map = byQueryName.get(shape);
  if (map === undefined) {
    map = new Map(shape.members.map((m) => [m.queryName, m]));
    byQueryName.set(shape, map);
  }
  return map;
}

const join = (prefix: string, name: string): string => (prefix ? `${prefix}.${name}` : name);

type Decoded = Record<string, unknown> | Refusal;

const refuse = (code: string, message: string): Refusal => new Refusal(error(code, message));

function decodeStructure(node: Node, shape: StructureShape, path: string): Decoded {
  if (node.value !== undefined) return unknown(path);
  const members = membersByQueryName(shape);
  const out: Record<string, unknown> = {};
  for (const [segment, child] of node.children) {
    const member = members.get(segment);
    if (member === undefined) return unknown(join(path, segment));
    const value = decode(child, member.shape, join(path, segment));
    if (isError(value)) return value;
    out[member.key] = value;
  }
  for (const name of shape.required) {
    const member = shape.members.find((m) => m.name === name);
    if (member !== undefined && !Object.hasOwn(out, member.key)) {
      return refuse(
        'MissingParameter',
        `The request must contain the parameter ${join(path, member.queryName)}`,
      );
    }
  }
  return out;
}

function decode(node: Node, shape: Shape, path: string): unknown {
  switch (shape.kind) {
    case 'structure':
      return decodeStructure(node, shape, path);
    case 'list': {
      // The query protocol sends an empty list as `Name=` and entries as `Name.member.N`.
      if (!shape.flattened) {
        if (node.value === '' && node.children.size === 0) return [];
        const item = shape.member.locationName ?? 'member';
        const [other] = [...node.children.keys()].filter((k) => k !== item);
        if (node.value !== undefined) return unknown(path);
        if (other !== undefined) return unknown(join(path, other));
        const members = node.children.get(item);
        if (members === undefined) return [];
        node = members;
        path = join(path, item);
      }
      if (node.value !== undefined) return unknown(path);
      const entries: [number, Node][] = [];
      for (const [segment, child] of node.children) {
        // 1-based decimal positions; gaps are tolerated and order follows the index.
        if (!/^[1-9]\d{0,5}$/.test(segment)) return unknown(join(path, segment));
        entries.push([Number(segment), child]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      const out: unknown[] = [];
      for (const [index, child] of entries) {
        const value = decode(child, shape.member.shape, join(path, String(index)));
        if (isError(value)) return value;
        out.push(value);
      }
      return out;
    }
    default: {
      const [first] = node.children.keys();
      if (first !== undefined) return unknown(join(path, first));
      return decodeScalar(node.value ?? '', shape.kind, path);
    }
  }
}

const INT32 = 2 ** 31;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * An ISO 8601 timestamp, strictly: JavaScript's `Date` parser rolls `2026-02-30` over to March
 * and reads a time without an offset in the host's time zone, so the fields are checked here
 * and a time without an offset is UTC, the same on every machine.
 */
function parseTimestamp(text: string): Date | undefined {
  const m = ISO_8601.exec(text);
  if (m === null) return undefined;
  const field = (i: number): number => Number(m[i] ?? 0);
  const year = field(1);
  const month = field(2);
  const day = field(3);
  const hour = field(4);
  const minute = field(5);
  const second = field(6);
  const offsetHours = field(9);
  const offsetMinutes = field(10);
  const monthDays = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  const valid =
    day >= 1 &&
    day <= monthDays &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!valid) return undefined;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, millis);
  return date;
}

function decodeScalar(text: string, type: ScalarType, path: string): unknown {
  const invalid = (expected: string): Refusal =>
    refuse(
      'InvalidParameterValue',
      `Value (${text}) for parameter ${path} is invalid. Expected: '${expected}'.`,
    );
  switch (type) {
    case 'string':
    case 'blob':
      return text;
    case 'boolean':
      if (text === 'true') return true;
      if (text === 'false') return false;
      return invalid('boolean');
    case 'integer':
    case 'long': {
      if (!/^-?\d{1,16}$/.test(text)) return invalid(type);
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return invalid(type);
      if (type === 'integer' && (n < -INT32 || n >= INT32)) return invalid(type);
      return n;
    }
    case 'float':
    case 'double': {
      const n = Number(text);
      if (!DECIMAL.test(text) || !Number.isFinite(n)) return invalid(type);
      return n;
    }
    case 'timestamp':
      return parseTimestamp(text) ?? invalid('timestamp');
  }
}
