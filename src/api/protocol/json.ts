/**
 * AWS's JSON 1.1 protocol (Direct Connect, and later Route 53 Resolver): the operation is named
 * by the `X-Amz-Target` header (`OvertureService.CreateDirectConnectGateway`), the input is a
 * JSON object whose keys are the model's member names, and the answer is JSON of the output
 * shape. One decoder and one encoder, walking the service model, serve every operation.
 */
import type { Ec2Model, Member, Shape, StructureShape } from './model.js';
import { MAX_BODY_BYTES, type ProtocolError } from './ec2-query.js';

/** A decoded JSON request: the operation and its input keyed as handlers expect. */
export interface JsonRequest {
  readonly action: string;
  readonly input: Record<string, unknown>;
}

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

const refuse = (code: string, message: string): ProtocolError => ({
  code,
  message,
  httpStatus: 400,
});

/** JSON that does not fit the shape: what AWS's JSON services call a serialization error. */
class ShapeMismatch extends Error {}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'STRING_VALUE',
  boolean: 'BOOLEAN_VALUE',
  integer: 'INTEGER_VALUE',
  long: 'LONG_VALUE',
  float: 'FLOAT_VALUE',
  double: 'DOUBLE_VALUE',
  timestamp: 'TIMESTAMP_VALUE',
  blob: 'BLOB_VALUE',
  list: 'a list',
  structure: 'a structure',
};

function decode(value: unknown, shape: Shape, path: string): unknown {
  const mismatch = () =>
    new ShapeMismatch(
      `Expected ${TYPE_WORDS[shape.kind] ?? shape.kind} at '${path}', found ${JSON.stringify(value)?.slice(0, 40) ?? 'nothing'}`,
    );
  switch (shape.kind) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch();
      return decodeStructure(value as Record<string, unknown>, shape, path);
    }
    case 'list': {
      if (!Array.isArray(value)) throw mismatch();
      return value.map((v, i) => decode(v, shape.member.shape, `${path}[${i}]`));
    }
    case 'string':
    case 'blob':
      if (typeof value !== 'string') throw mismatch();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return value;
    case 'integer':
    case 'long':
      if (!Number.isSafeInteger(value)) throw mismatch();
      return value;
    case 'float':
    case 'double':
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch();
      return value;
  }
}

/** A structure's members; `null` counts as absent and unknown keys are ignored, as AWS does. */
function decodeStructure(
  value: Readonly<Record<string, unknown>>,
  shape: StructureShape,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of shape.members) {
    const v = Object.hasOwn(value, m.name) ? value[m.name] : undefined;
    if (v === undefined || v === null) continue;
    out[m.key] = decode(v, m.shape, path === '' ? m.name : `${path}.${m.name}`);
  }
  return out;
}

/** The first required member missing anywhere in the input, as AWS's validation names it. */
function missingRequired(
  value: Readonly<Record<string, unknown>>,
  shape: StructureShape,
  path: string,
): string | undefined {
  for (const m of shape.members) {
    const where = path === '' ? m.name : `${path}.${m.name}`;
    const v = value[m.key];
    if (v === undefined) {
      if (shape.required.includes(m.name)) return where;
      continue;
    }
    if (m.shape.kind === 'structure') {
      const inner = missingRequired(v as Record<string, unknown>, m.shape, where);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * Decodes one JSON 1.1 request. Errors: `UnknownOperationException` for a missing or foreign
 * target, `SerializationException` for a body that is not a JSON object or does not fit the
 * input shape, `ValidationException` for a missing required member (D25).
 */
export function parseJsonRequest(
  body: string,
  target: string | undefined,
  model: Ec2Model,
): JsonRequest | ProtocolError {
  const prefix = `${model.targetPrefix ?? ''}.`;
  const action = target?.startsWith(prefix) === true ? target.slice(prefix.length) : undefined;
  if (action === undefined || model.operation(action) === undefined) {
    return refuse(
      'UnknownOperationException',
      `The operation ${target === undefined ? '(no X-Amz-Target header)' : target} is not known to this service.`,
    );
  }
  return decodeInput(action, body, {}, model);
}

/** Operations of a REST model by `METHOD path`, built once per model. */
const routes = new WeakMap<Ec2Model, Map<string, string>>();

function routeOf(model: Ec2Model, method: string, path: string): string | undefined {
  let table = routes.get(model);
  if (table === undefined) {
    table = new Map();
    for (const name of model.operationNames()) {
      const http = model.operation(name)?.http;
      if (http) table.set(`${http.method} ${http.requestUri}`, name);
    }
    routes.set(model, table);
  }
  return table.get(`${method} ${path}`);
}

/**
 * Decodes one REST-JSON request: the operation from the method and path, members from the
 * JSON body and, where the model places them there, from the query string. Errors as for
 * JSON 1.1, with `UnknownOperationException` for a path no operation has.
 */
export function parseRestJsonRequest(
  method: string,
  url: string,
  body: string,
  model: Ec2Model,
): JsonRequest | ProtocolError {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const action = routeOf(model, method, path);
  if (action === undefined) {
    return refuse('UnknownOperationException', `No operation is served at ${method} ${path}.`);
  }
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const fromQuery: Record<string, unknown> = {};
  for (const m of model.operation(action)?.input.members ?? []) {
    const v = m.location === 'querystring' ? query.get(m.locationName ?? m.name) : null;
    if (v !== null) fromQuery[m.name] = v;
  }
  return decodeInput(action, body, fromQuery, model);
}

function decodeInput(
  action: string,
  body: string,
  extra: Readonly<Record<string, unknown>>,
  model: Ec2Model,
): JsonRequest | ProtocolError {
  const operation = model.operation(action);
  if (operation === undefined) {
    return refuse('UnknownOperationException', `The operation ${action} is not known.`);
  }
  if (body.length > MAX_BODY_BYTES) {
    return refuse('SerializationException', `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
  let json: unknown;
  try {
    json = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return refuse('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return refuse('SerializationException', 'The request body must be a JSON object.');
  }
  let input: Record<string, unknown>;
  try {
    input = decodeStructure({ ...json, ...extra }, operation.input, '');
  } catch (e) {
    if (e instanceof ShapeMismatch) return refuse('SerializationException', e.message);
    throw e;
  }
  const missing = missingRequired(input, operation.input, '');
  if (missing !== undefined) {
    return refuse(
      'ValidationException',
      `1 validation error detected: Value null at '${missing}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return { action, input };
}

function encode(value: unknown, shape: Shape): unknown {
  switch (shape.kind) {
    case 'structure':
      return encodeStructure(value as Readonly<Record<string, unknown>>, shape.members);
    case 'list':
      return (value as readonly unknown[]).map((v) => encode(v, shape.member.shape));
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    default:
      // Typed values (a Cidr, an Ip) answer with their text, as the query protocol writes them.
      return typeof value === 'object' && value !== null
        ? (value as { toString(): string }).toString()
        : value;
  }
}

function encodeStructure(
  value: Readonly<Record<string, unknown>>,
  members: readonly Member[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of members) {
    const v = value[m.key];
    if (v !== undefined && v !== null) out[m.name] = encode(v, m.shape);
  }
  return out;
}

/** The JSON body of an operation's answer: only the output shape's members, by model name. */
export function serializeJsonResponse(
  action: string,
  output: Readonly<Record<string, unknown>> | undefined,
  model: Ec2Model,
): string {
  const shape = model.operation(action)?.output;
  if (shape === undefined || output === undefined) return '{}';
  return JSON.stringify(encodeStructure(output, shape.members));
}

/** AWS's JSON error body: the code in `__type`, and the message. */
export const serializeJsonError = (e: { code: string; message: string }): string =>
  JSON.stringify({ __type: e.code, message: e.message });
