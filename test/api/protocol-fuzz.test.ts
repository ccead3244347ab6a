/**
 * Property-based fuzzing of the EC2 query protocol layer, alone and behind the server:
 *
 * - the decoder (src/api/protocol/ec2-query.ts) never throws, refuses with a code and a
 *   message, and whatever it accepts fits the operation's input shape;
 * - every request the AWS SDK for JavaScript v3 writes, for any operation of the model, decodes
 *   to exactly the input the caller gave the SDK, whatever the parameter order;
 * - the server answers garbage bodies, unknown and unimplemented actions, missing or wrong
 *   versions, odd content types, broken percent-encoding and oversized bodies with a
 *   well-formed 4xx EC2 error, and changes nothing.
 *
 * Deterministic: fixed seeds (FUZZ_SEED overrides them).
 */
import * as sdk from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC2_HANDLERS } from '../../src/api/handlers/index.js';
import {
  isProtocolError,
  MAX_BODY_BYTES,
  parseEc2Query,
} from '../../src/api/protocol/ec2-query.js';
import { loadEc2Model, type Shape, type StructureShape } from '../../src/api/protocol/model.js';
import { authorization } from '../support/api.js';
import { FuzzTwin } from '../support/fuzz-twin.js';
import { shown } from '../support/fuzz-requests.js';
import { ec2AnswerProblem, ec2Error } from '../support/xml-check.js';

const model = loadEc2Model();
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const OPERATIONS = [...model.operationNames()].sort();
const IMPLEMENTED = Object.keys(EC2_HANDLERS).sort();
const UNIMPLEMENTED = OPERATIONS.filter((o) => !Object.hasOwn(EC2_HANDLERS, o));

// ---------------------------------------------------------------------------------------------
// Shape conformance of decoded inputs

/** Where a decoded value does not fit its shape, or undefined when it does. */
function misfit(value: unknown, shape: Shape, path: string): string | undefined {
  switch (shape.kind) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return `${path}: not an object`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return `${path}: odd prototype`;
      for (const [k, v] of Object.entries(value)) {
        const member = shape.members.find((m) => m.key === k);
        if (member === undefined) return `${path}.${k}: not a member`;
        const inner = misfit(v, member.shape, `${path}.${k}`);
        if (inner !== undefined) return inner;
      }
      return undefined;
    }
    case 'list':
      if (!Array.isArray(value)) return `${path}: not an array`;
      for (const [i, v] of value.entries()) {
        const inner = misfit(v, shape.member.shape, `${path}[${i}]`);
        if (inner !== undefined) return inner;
      }
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path}: not a boolean`;
    case 'integer':
    case 'long':
      return Number.isSafeInteger(value) ? undefined : `${path}: not an integer`;
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${path}: NaN`;
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? undefined : `${path}: date`;
    case 'string':
    case 'blob':
      return typeof value === 'string' ? undefined : `${path}: not a string`;
  }
}

/** Query names an operation's input uses, a few levels down, for near-valid junk. */
function queryNames(shape: StructureShape, depth = 0): string[] {
  if (depth > 2) return [];
  return shape.members.flatMap((m) => {
    const inner =
      m.shape.kind === 'structure'
        ? m.shape
        : m.shape.kind === 'list' && m.shape.member.shape.kind === 'structure'
          ? m.shape.member.shape
          : undefined;
    return [m.queryName, ...(inner ? queryNames(inner, depth + 1) : [])];
  });
}

const segment = (names: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    fc.constantFrom('1', '2', '0', '01', '-1', '', '__proto__', 'constructor', 'Value'),
    fc.string({ maxLength: 6 }),
  );

const junkValue = fc.oneof(
  fc.constantFrom('true', 'false', '1', '-1', '1.5', '', 'vpc-12345678', '10.0.0.0/16', 'x'),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-13-45', '99999999999999999999', '1e400', 'NaN'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Bodies that name a real action and real parameter names, arranged at random. */
const nearValidBody = fc.constantFrom(...OPERATIONS).chain((action) => {
  const names = queryNames(
    model.operation(action)?.input ?? { kind: 'structure', members: [], required: [] },
  );
  const name = fc
    .array(segment(names.length > 0 ? names : ['X']), { minLength: 1, maxLength: 5 })
    .map((s) => s.join('.'));
  return fc
    .tuple(
      fc.constantFrom('2016-11-15', '2016-11-15', '2016-11-15', '', '2015-10-01', '2016-11-15 '),
      fc.array(fc.tuple(name, junkValue), { maxLength: 8 }),
    )
    .map(([version, pairs]) => {
      const body = new URLSearchParams({ Action: action, Version: version });
      for (const [n, v] of pairs) body.append(n, v);
      return body.toString();
    });
});

/** Anything at all, and bodies that break the form encoding itself. */
const garbageBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.constantFrom(
    '',
    '&&&',
    '=',
    '==&=&',
    'Action',
    'Action=',
    'Action=&Version=',
    'Version=2016-11-15',
    'Action=DescribeVpcs&Action=DescribeVpcs&Version=2016-11-15',
    'Action=DescribeVpcs&Version=2016-11-15&Version=2016-11-15',
    'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=%E0%A4%A',
    'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=%ED%A0%80',
    'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=%zz',
    'Action=DescribeVpcs%00&Version=2016-11-15',
    'Action=describevpcs&Version=2016-11-15',
    'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1&VpcId.1=vpc-2',
    'Action=DescribeVpcs&Version=2016-11-15&VpcId=vpc-12345678',
    'Action=DescribeVpcs&Version=2016-11-15&VpcId.1.Foo=x',
    'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1=x',
    'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Value.999999=x',
    'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Value.1000000=x',
    'Action=DescribeVpcs&Version=2016-11-15&MaxResults=5&MaxResults=6',
    'Action=__proto__&Version=2016-11-15',
    'Action=constructor&Version=2016-11-15',
    'Action=toString&Version=2016-11-15',
    'Action=DescribeVpcs&Version=2016-11-15&__proto__.polluted=1',
    'Action=DescribeVpcs&Version=2016-11-15&constructor.prototype.polluted=1',
  ),
);

describe('the EC2 query decoder under fuzzing', () => {
  const check = (body: string) => {
    const parsed = parseEc2Query(body, model);
    if (isProtocolError(parsed)) {
      expect(parsed.httpStatus).toBe(400);
      expect(parsed.code).toMatch(/^[A-Za-z.]+$/);
      expect(parsed.message).not.toBe('');
      return;
    }
    const operation = model.operation(parsed.action);
    expect(operation, `decoded an unknown action from ${shown(body)}`).toBeDefined();
    expect(parsed.version).toBe(model.apiVersion);
    if (operation === undefined) return;
    expect(misfit(parsed.input, operation.input, parsed.action), shown(body)).toBeUndefined();
    for (const name of operation.input.required) {
      const member = operation.input.members.find((m) => m.name === name);
      expect(member && Object.hasOwn(parsed.input, member.key), `${name} in ${shown(body)}`).toBe(
        true,
      );
    }
  };

  it('never throws, and what it accepts fits the input shape', () => {
    fc.assert(fc.property(fc.oneof(garbageBody, nearValidBody), check), {
      seed: SEED,
      numRuns: 3000,
    });
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('decodes timestamps field by field: real calendar dates only, UTC unless told', () => {
    const decode = (text: string) => {
      const body = `Action=DescribeSpotPriceHistory&Version=2016-11-15&StartTime=${encodeURIComponent(text)}`;
      const parsed = parseEc2Query(body, model);
      return isProtocolError(parsed) ? parsed.code : (parsed.input.startTime as Date).getTime();
    };
    const tz = process.env.TZ;
    // A zone far from UTC: a time without an offset must not be read in the host's zone.
    process.env.TZ = 'America/St_Johns';
    try {
      const cases = fc.record({
        year: fc.integer({ min: 1970, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 31 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
        second: fc.integer({ min: 0, max: 59 }),
        offset: fc.constantFrom(0, 60, -300, 330, 765, -720),
        style: fc.constantFrom('Z', 'offset', 'none', 'space'),
      });
      fc.assert(
        fc.property(cases, (c) => {
          const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
          const zone =
            c.style === 'Z'
              ? 'Z'
              : c.style === 'offset'
                ? `${c.offset < 0 ? '-' : '+'}${pad(Math.trunc(c.offset / 60))}:${pad(c.offset % 60)}`
                : '';
          const text = `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}${c.style === 'space' ? ' ' : 'T'}${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${zone}`;
          const daysInMonth = new Date(Date.UTC(c.year, c.month, 0)).getUTCDate();
          const offset = c.style === 'offset' ? c.offset : 0;
          const expected =
            Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - offset * 60_000;
          expect(decode(text), text).toBe(c.day > daysInMonth ? 'InvalidParameterValue' : expected);
        }),
        { seed: SEED, numRuns: 500 },
      );
      expect(decode('2026-02-29')).toBe('InvalidParameterValue');
      expect(decode('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
      expect(decode('2026-01-01T24:00:00Z')).toBe('InvalidParameterValue');
      expect(decode('2026-01-01T10:00:00+24:00')).toBe('InvalidParameterValue');
      expect(decode('2026-01-01T10:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 1, 10, 0, 0, 123));
      expect(decode('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('refuses oversized bodies before decoding them', () => {
    const big = `Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=${'x'.repeat(MAX_BODY_BYTES)}`;
    expect(parseEc2Query(big, model)).toMatchObject({ code: 'InvalidParameterValue' });
  });
});

// ---------------------------------------------------------------------------------------------
// Every operation, as the v3 SDK writes it

/**
 * Values of a shape as the caller gives them to the SDK (model member names), and as our
 * decoder should return them (lowerCamel keys). Nested structures and lists are never empty:
 * EC2's query form cannot tell them from absent ones. Blobs are left out (the SDK base64s
 * bytes, the decoder hands over the text).
 */
function sdkValue(shape: Shape, depth: number): fc.Arbitrary<[unknown, unknown]> | undefined {
  switch (shape.kind) {
    case 'structure': {
      if (depth > 3) return undefined;
      const entries: [string, string, fc.Arbitrary<[unknown, unknown]>, boolean][] = [];
      for (const m of shape.members) {
        // The SDK fills an absent idempotency token with a UUID, so one is always given. The
        // v3 SDK's model marks some `ClientToken`s that the v2 model (ours) does not.
        const token = m.idempotencyToken || m.name === 'ClientToken';
        const a = token
          ? fc.uuid().map((u): [unknown, unknown] => [u, u])
          : sdkValue(m.shape, depth + 1);
        const required = token || shape.required.includes(m.name);
        if (a === undefined) {
          if (required) return undefined;
          continue;
        }
        entries.push([m.name, m.key, a, required]);
      }
      if (entries.length === 0) return depth === 0 ? fc.constant([{}, {}]) : undefined;
      const record = fc.record(Object.fromEntries(entries.map(([n, , a]) => [n, a])), {
        requiredKeys: entries.filter((e) => e[3]).map(([n]) => n),
      });
      return record
        .filter((r) => depth === 0 || Object.keys(r).length > 0)
        .map((r): [unknown, unknown] => {
          const given: Record<string, unknown> = {};
          const decoded: Record<string, unknown> = {};
          for (const [name, key] of entries) {
            const pair = (r as Record<string, [unknown, unknown] | undefined>)[name];
            if (pair === undefined) continue;
            given[name] = pair[0];
            decoded[key] = pair[1];
          }
          return [given, decoded];
        });
    }
    case 'list': {
      const a = sdkValue(shape.member.shape, depth + 1);
      return a?.chain((first) =>
        fc.array(a, { maxLength: 2 }).map((rest): [unknown, unknown] => [
          [first[0], ...rest.map((p) => p[0])],
          [first[1], ...rest.map((p) => p[1])],
        ]),
      );
    }
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => [s, s]);
    case 'boolean':
      return fc.boolean().map((b) => [b, b]);
    case 'integer':
      return fc.integer().map((n) => [n, n]);
    case 'long':
      return fc.maxSafeInteger().map((n) => [n, n]);
    case 'float':
    case 'double':
      return fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((n) => !Object.is(n, -0))
        .map((n) => [n, n]);
    case 'timestamp':
      // The SDK writes timestamps to the second.
      return fc
        .integer({ min: 0, max: 4_102_444_800 })
        .map((s) => [new Date(s * 1000), new Date(s * 1000)]);
    case 'blob':
      return undefined;
  }
}

/**
 * Operations the SDK rewrites: CopySnapshot gets a presigned URL for the source Region (and
 * refuses a Region that is not a host name), so its wire form is not the caller's input.
 */
const SDK_REWRITTEN: ReadonlySet<string> = new Set(['CopySnapshot']);

/** Thrown by the capturing request handler: the body is all the test wants. */
class Captured extends Error {
  constructor(readonly body: string) {
    super('captured');
  }
}

type CommandClass = new (input: unknown) => Parameters<sdk.EC2Client['send']>[0];

const commandOf = (operation: string): CommandClass | undefined => {
  const c = (sdk as unknown as Record<string, unknown>)[`${operation}Command`];
  return typeof c === 'function' ? (c as CommandClass) : undefined;
};

describe('requests the AWS SDK v3 writes, for every operation in the model', () => {
  const client = new sdk.EC2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: (request: { body?: unknown }) =>
        Promise.reject(new Captured(typeof request.body === 'string' ? request.body : '')),
    },
  });
  afterAll(() => client.destroy());

  /** What the SDK puts on the wire for an operation and input. */
  const wire = async (operation: string, input: unknown): Promise<string> => {
    const Command = commandOf(operation);
    if (Command === undefined) throw new Error(`the SDK has no ${operation}Command`);
    const error = await client.send(new Command(input)).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error instanceof Captured) return error.body;
    throw error;
  };

  it('has a command for every operation', () => {
    expect(OPERATIONS.filter((o) => commandOf(o) === undefined)).toEqual([]);
  });

  it('decodes to the input the caller gave the SDK, in any parameter order', async () => {
    const operations = OPERATIONS.filter((o) => !SDK_REWRITTEN.has(o));
    const cases = fc.constantFrom(...operations).chain((operation) => {
      const value = sdkValue(
        model.operation(operation)?.input ?? { kind: 'structure', members: [], required: [] },
        0,
      );
      return fc.tuple(fc.constant(operation), value ?? fc.constant(undefined), fc.nat());
    });
    await fc.assert(
      fc.asyncProperty(cases, async ([operation, pair, shuffle]) => {
        if (pair === undefined) return;
        const [given, decoded] = pair;
        const body = await wire(operation, given);
        const parsed = parseEc2Query(body, model);
        expect(isProtocolError(parsed) ? parsed : parsed.input, body).toEqual(decoded);
        // Parameter order is not part of the protocol: rotate the pairs and decode again.
        const params = [...new URLSearchParams(body)];
        const k = params.length === 0 ? 0 : shuffle % params.length;
        const rotated = new URLSearchParams([...params.slice(k), ...params.slice(0, k)]);
        expect(parseEc2Query(rotated.toString(), model)).toEqual(parsed);
        expect(parsed).toMatchObject({ action: operation, version: '2016-11-15' });
      }),
      { seed: SEED, numRuns: Number(process.env.FUZZ_SDK_RUNS ?? 700) },
    );
  });

  it('keeps strings exactly, whatever characters they hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (s) => {
        const body = await wire('CreateTags', {
          Resources: [s],
          Tags: [{ Key: s, Value: `${s}&=+%` }],
        });
        const parsed = parseEc2Query(body, model);
        expect(isProtocolError(parsed) ? parsed : parsed.input).toEqual({
          resources: [s],
          tags: [{ key: s, value: `${s}&=+%` }],
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The server, fed junk

let twin: FuzzTwin;

beforeAll(async () => {
  twin = await FuzzTwin.start();
});

afterAll(async () => {
  await twin.close();
});

describe('the server fed malformed requests', () => {
  /** Posts; the answer must be a well-formed 4xx EC2 error and the state unchanged. */
  const refused = async (body: string, headers: Record<string, string> = {}) => {
    const answer = await twin.exchange(body, { headers, mayChange: false });
    const context = `request ${shown(body)} ${JSON.stringify(headers)}`;
    const problem = ec2AnswerProblem(undefined, answer.status, answer.body);
    if (problem !== undefined) throw new Error(`${problem}\n${context}`);
    if (answer.changed === true) throw new Error(`the state changed\n${context}`);
    return { ...answer, error: ec2Error(answer.body) };
  };

  it('answers garbage and near-valid bodies with EC2 errors and changes nothing', async () => {
    const bodies = fc.oneof(garbageBody, nearValidBody).filter((b) => {
      // A near-valid body may well be a valid read; those are the handler fuzzer's business.
      const action = new URLSearchParams(b).get('Action') ?? '';
      return !Object.hasOwn(EC2_HANDLERS, action) || !/^(Describe|Get)/.test(action);
    });
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const answer = await twin.exchange(body, { mayChange: true });
        const problem = ec2AnswerProblem(undefined, answer.status, answer.body);
        if (problem !== undefined) throw new Error(`${problem}\nrequest ${shown(body)}`);
        if (answer.status !== 200 && answer.changed === true) {
          throw new Error(`refused but changed the state\nrequest ${shown(body)}`);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('names an unknown action as invalid and an unimplemented one as not implemented', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...UNIMPLEMENTED).map((a) => [a, true] as const),
          fc
            .string({ minLength: 1, maxLength: 20 })
            .filter((a) => !Object.hasOwn(EC2_HANDLERS, a) && model.operation(a) === undefined)
            .map((a) => [a, false] as const),
        ),
        fc.constantFrom('', '&VpcId.1=vpc-12345678', '&Bogus=1', '&Bogus.0.x=%zz'),
        async ([action, known], extra) => {
          const body = `${new URLSearchParams({ Action: action, Version: '2016-11-15' }).toString()}${extra}`;
          const { error } = await refused(body);
          expect(error?.code, body).toBe('InvalidAction');
          if (known) expect(error?.message).toContain('not implemented');
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('refuses a missing, empty or unknown Version for every implemented action', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...IMPLEMENTED),
        fc.constantFrom(undefined, '', '2015-10-01', '2016-11-16', '2016-11-15 ', 'latest'),
        async (action, version) => {
          const params: Record<string, string> = { Action: action };
          if (version !== undefined) params.Version = version;
          const { error } = await refused(new URLSearchParams(params).toString());
          expect(error?.code).toBe(
            version === undefined || version === '' ? 'MissingParameter' : 'NoSuchVersion',
          );
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('treats a body that is not a form as having no Action', async () => {
    const types = [
      'application/json',
      'text/plain',
      'text/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/x-amz-json-1.1',
      'application/x-www-form-urlencodedx',
      'x/y',
      'text/plain; charset',
    ];
    for (const type of types) {
      const { error } = await refused('Action=CreateVpc&Version=2016-11-15&CidrBlock=10.5.0.0/16', {
        'content-type': type,
      });
      expect(error?.code, type).toBe('MissingAction');
    }
    const json = await refused(JSON.stringify({ Action: 'CreateVpc' }), {
      'content-type': 'application/json',
    });
    expect(json.error?.code).toBe('MissingAction');
  });

  // Known bug in src/api/server.ts: Fastify refuses a Content-Type that is not a media type
  // (FST_ERR_CTP_INVALID_MEDIA_TYPE, 415) and the error handler turns every error but 413 into
  // a 500 InternalError, which SDKs retry as a server fault. Remove `.fails` once fixed.
  it('answers a Content-Type that is not a media type with a 4xx EC2 error', async () => {
    for (const type of ['', ' ', ';', ';;;', 'a', '/', '\t']) {
      const { status } = await refused('Action=DescribeVpcs&Version=2016-11-15', {
        'content-type': type,
      });
      expect(status, JSON.stringify(type)).toBe(400);
    }
  });

  it('answers whatever the Authorization header says with a well-formed document', async () => {
    const header = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            'us-east-1',
            'us-west-2',
            'eu-west-1',
            'mars-north-1',
            'a',
            '---',
            'US-EAST-1',
          ),
          fc.constantFrom('ec2', 'ec2', 's3', 'xx', 'EC2'),
          fc.constantFrom('AKIDTEST', 'AKIDOTHER', 'x'),
        )
        .map(([region, service, key]) => authorization(region, service, key)),
      fc.constantFrom('', 'AWS4-HMAC-SHA256', 'Bearer x', 'AWS4-HMAC-SHA256 Credential=/////'),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.oneof(garbageBody, nearValidBody),
        async (authorization, body) => {
          const answer = await twin.exchange(body, { headers: { authorization } });
          const problem = ec2AnswerProblem(undefined, answer.status, answer.body);
          if (problem !== undefined) {
            throw new Error(`${problem}\nrequest ${shown(body)} authorization ${authorization}`);
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('reads a form whatever the case and parameters of its content type', async () => {
    for (const type of [
      'APPLICATION/X-WWW-FORM-URLENCODED',
      'application/x-www-form-urlencoded;charset=UTF-8',
      'application/x-www-form-urlencoded ; charset=utf-8',
    ]) {
      const answer = await twin.exchange('Action=DescribeVpcs&Version=2016-11-15', {
        headers: { 'content-type': type },
        mayChange: false,
      });
      expect(answer.status, type).toBe(200);
      expect(answer.changed).toBe(false);
    }
  });

  it('refuses bodies over the size limit, and takes one just under it', async () => {
    const head = 'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag:Name&Filter.1.Value.1=';
    for (const size of [MAX_BODY_BYTES + 1, MAX_BODY_BYTES * 2]) {
      const { error, status } = await refused(head + 'x'.repeat(size - head.length));
      expect(status).toBe(400);
      expect(error?.code).toBe('InvalidParameterValue');
      expect(error?.message).toContain('maximum size');
    }
    const fits = await twin.exchange(head + 'x'.repeat(MAX_BODY_BYTES - head.length), {
      mayChange: false,
    });
    expect(fits.status).toBe(200);
  });

  it('survives lists far beyond any limit', async () => {
    const ids = Array.from(
      { length: 20_000 },
      (_, i) => `VpcId.${i + 1}=vpc-${String(i).padStart(8, '0')}`,
    );
    const { error } = await refused(`Action=DescribeVpcs&Version=2016-11-15&${ids.join('&')}`);
    expect(error?.code).toMatch(/^InvalidVpcID\.NotFound$|^InvalidParameterValue$/);
    const filters = Array.from(
      { length: 5_000 },
      (_, i) => `Filter.${i + 1}.Name=vpc-id&Filter.${i + 1}.Value.1=x`,
    );
    const answer = await twin.exchange(
      `Action=DescribeSubnets&Version=2016-11-15&${filters.join('&')}`,
      {
        mayChange: false,
      },
    );
    expect(ec2AnswerProblem('DescribeSubnets', answer.status, answer.body)).toBeUndefined();
  });
});
