/**
 * The EC2 query protocol, response side: one model-driven XML writer for every operation.
 *
 * Wire example (DescribeVpcs):
 *
 *     <?xml version="1.0" encoding="UTF-8"?>
 *     <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
 *       <requestId>…</requestId>
 *       <vpcSet><item><vpcId>vpc-…</vpcId><cidrBlock>10.0.0.0/16</cidrBlock>…</item></vpcSet>
 *     </DescribeVpcsResponse>
 *
 * Element names are the members' `locationName`s (lowerCamel in EC2); list entries are
 * `<item>`. Output objects are keyed like parsed inputs: model names with the first letter
 * lowered.
 */
import type { Ec2Model, Shape, StructureShape } from './model.js';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';

// Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF) become U+FFFD rather than producing a document no client can parse.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Any character that escaping or the XML 1.0 character check would change. */
const NEEDS_WORK = /[&<>"'\r]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Escapes text for element content or a quoted attribute. */
export function escapeXml(text: string): string {
  // Most values (ids, CIDRs, states) need no escaping: test before building a new string.
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);
}

const element = (name: string, content: string): string =>
  content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;

/**
 * Writes an operation's output as EC2's XML response document.
 * Throws on output that does not fit the model: that is a handler bug, not bad input.
 * @example serializeEc2Response('CreateVpc', { vpc: { vpcId: 'vpc-1' } }, 'req-1', model)
 */
export function serializeEc2Response(
  operation: string,
  output: Readonly<Record<string, unknown>> | undefined,
  requestId: string,
  model: Ec2Model,
): string {
  const op = model.operation(operation);
  if (op === undefined) throw new Error(`EC2 model has no operation ${operation}`);
  const body =
    op.output === undefined || output === undefined
      ? ''
      : writeStructure(output, op.output, () => operation, 'item');
  const root = `${operation}Response`;
  return (
    `${PROLOG}<${root} xmlns="${escapeXml(model.xmlNamespace)}">` +
    `<requestId>${escapeXml(requestId)}</requestId>${body}</${root}>`
  );
}

/**
 * Writes EC2's error document; the HTTP status travels separately.
 * @example serializeEc2Error({ code: 'InvalidVpcID.NotFound', message: '…' }, 'req-1')
 */
export function serializeEc2Error(
  err: { readonly code: string; readonly message: string },
  requestId: string,
): string {
  return (
    `${PROLOG}<Response><Errors><Error><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}

/** A structure's member keys, computed once per shape: every response checks against them. */
const memberKeys = new WeakMap<StructureShape, ReadonlySet<string>>();

function keysOf(shape: StructureShape): ReadonlySet<string> {
  let keys = memberKeys.get(shape);
  if (keys === undefined) {
    keys = new Set(shape.members.map((m) => m.key));
    memberKeys.set(shape, keys);
  }
  return keys;
}

/**
 * Where a value sits in the output, built only for an error message: a large Describe answer
 * writes hundreds of thousands of values and must not pay for their paths.
 */
type Path = () => string;

/**
 * Writes the members of a structure. `item` is the element of list entries the model does not
 * name: `item` in EC2, `member` in the query protocol.
 */
function writeStructure(value: unknown, shape: StructureShape, path: Path, item: string): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${path()}: expected an object`);
  }
  const record = value as Readonly<Record<string, unknown>>;
  const keys = keysOf(shape);
  for (const key of Object.keys(record)) {
    if (!keys.has(key)) {
      throw new TypeError(`${path()}: ${key} is not a member of the model's shape`);
    }
  }
  let out = '';
  for (const member of shape.members) {
    const v = record[member.key];
    if (v === undefined || v === null) continue;
    const name = member.locationName ?? member.name;
    out += element(
      name,
      write(v, member.shape, () => `${path()}.${member.key}`, item),
    );
  }
  return out;
}

function write(value: unknown, shape: Shape, path: Path, item: string): string {
  switch (shape.kind) {
    case 'structure':
      return writeStructure(value, shape, path, item);
    case 'list': {
      if (!Array.isArray(value)) throw new TypeError(`${path()}: expected an array`);
      const entry = shape.member.locationName ?? item;
      let out = '';
      for (let i = 0; i < value.length; i++) {
        out += element(
          entry,
          write(value[i], shape.member.shape, () => `${path()}[${i}]`, item),
        );
      }
      return out;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`${path()}: expected a boolean`);
      return String(value);
    case 'timestamp':
      if (!(value instanceof Date)) throw new TypeError(`${path()}: expected a Date`);
      return value.toISOString();
    default:
      return escapeXml(scalarText(value, path));
  }
}

/** Strings and numbers as they are; typed values (`Cidr`, `Ip`) by their `toString()`. */
function scalarText(value: unknown, path: Path): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'object':
      if (value !== null && value.toString !== Object.prototype.toString) {
        return (value as { toString(): string }).toString();
      }
      break;
    default:
      break;
  }
  throw new TypeError(`${path()}: expected a scalar`);
}

/**
 * Writes an operation's output in the AWS query protocol (ELBv2): the result inside
 * `<{Action}Result>`, lists as `<member>` entries, and the request id in `ResponseMetadata`.
 *
 *     <DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
 *       <DescribeLoadBalancersResult><LoadBalancers><member>…</member></LoadBalancers></DescribeLoadBalancersResult>
 *       <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *     </DescribeLoadBalancersResponse>
 */
export function serializeQueryResponse(
  operation: string,
  output: Readonly<Record<string, unknown>> | undefined,
  requestId: string,
  model: Ec2Model,
): string {
  const op = model.operation(operation);
  if (op === undefined) throw new Error(`model has no operation ${operation}`);
  const result =
    op.output === undefined
      ? ''
      : element(
          `${operation}Result`,
          output === undefined ? '' : writeStructure(output, op.output, () => operation, 'member'),
        );
  const root = `${operation}Response`;
  return (
    `${PROLOG}<${root} xmlns="${escapeXml(model.xmlNamespace)}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${root}>`
  );
}

/** The query protocol's error document: `ErrorResponse/Error` with the fault as `Type`. */
export function serializeQueryError(
  err: { readonly code: string; readonly message: string; readonly httpStatus: number },
  requestId: string,
  model: Ec2Model,
): string {
  const type = err.httpStatus >= 500 ? 'Receiver' : 'Sender';
  return (
    `${PROLOG}<ErrorResponse xmlns="${escapeXml(model.xmlNamespace)}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}
