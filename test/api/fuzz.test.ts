/**
 * Property-based fuzzing of every implemented EC2 action (EC2_HANDLERS, read at run time, so a
 * handler added later is fuzzed without touching this file). Requests are drawn from the
 * action's input shape in the model, with ids of a small seeded network mixed in so handlers
 * get past their id lookups, and then mutated (see test/support/fuzz-requests.ts).
 *
 * Properties, for every request:
 * - the answer is a well-formed EC2 document: a 200 `<{Action}Response>`, or a 4xx
 *   `<Response><Errors><Error>` with a code and a message; never a 5xx;
 * - a refused request (any error, DryRun included) leaves the stored state unchanged;
 * - a read (Describe*, Get*) never changes the stored state, even when it succeeds;
 * - a successful call with a ClientToken, retried, answers the same and acts once.
 *
 * Every request runs against the same seeded network (put back after any change), so a
 * counterexample reproduces with the ids it shows. Deterministic: a fixed seed per action
 * (FUZZ_SEED overrides it, FUZZ_RUNS the run count; FUZZ_STATS=<file> appends each answer's
 * code, to see how deep the requests get). A failure prints the seed, the shrunk request and
 * the error.
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC2_HANDLERS } from '../../src/api/handlers/index.js';
import { loadEc2Model } from '../../src/api/protocol/model.js';
import { FuzzTwin } from '../support/fuzz-twin.js';
import {
  formBody,
  mutate,
  mutation,
  paramsFor,
  shown,
  type Param,
} from '../support/fuzz-requests.js';
import { ec2AnswerProblem, ec2Error } from '../support/xml-check.js';

const model = loadEc2Model();
const ACTIONS = Object.keys(EC2_HANDLERS).sort();
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** A per-action seed: stable for an action whatever other actions exist. */
const seedOf = (action: string): number =>
  [...action].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

const STATS = process.env.FUZZ_STATS;
const READ = /^(Describe|Get|List)/;

let twin: FuzzTwin;

beforeAll(async () => {
  twin = await FuzzTwin.start();
});

afterAll(async () => {
  await twin.close();
});

describe('the fuzzing harness', () => {
  it('seeds a network with ids of the main resource kinds', () => {
    for (const prefix of [
      'vpc',
      'subnet',
      'rtb',
      'rtbassoc',
      'igw',
      'sg',
      'sgr',
      'eni',
      'acl',
      'tgw',
      'tgw-rtb',
      'tgw-attach',
    ]) {
      expect(
        twin.ids.get(prefix)?.length ?? 0,
        `${prefix} ids; skipped: ${twin.skipped.join('; ')}`,
      ).toBeGreaterThan(0);
    }
  });

  it('notices a changed state, and puts the seeded network back before the next request', async () => {
    const create = formBody('CreateVpc', [
      { name: 'CidrBlock', value: '10.9.0.0/16', type: 'string' },
    ]);
    const created = await twin.exchange(create, { mayChange: false });
    expect(created.status).toBe(200);
    expect(created.changed).toBe(true);
    const described = await twin.exchange('Action=DescribeVpcs&Version=2016-11-15', {
      mayChange: false,
    });
    expect(described.changed).toBe(false);
    expect(described.body).not.toContain('10.9.0.0/16');
  });

  it('tells well-formed EC2 answers from broken ones', () => {
    const ok =
      '<?xml version="1.0" encoding="UTF-8"?><DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet/></DescribeVpcsResponse>';
    const error = (code: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>m &amp; n</Message></Error></Errors><RequestID>r</RequestID></Response>`;
    expect(ec2AnswerProblem('DescribeVpcs', 200, ok)).toBeUndefined();
    expect(ec2AnswerProblem('DescribeVpcs', 400, error('InvalidVpcID.NotFound'))).toBeUndefined();
    expect(ec2AnswerProblem('DescribeVpcs', 500, error('InternalError'))).toMatch(/HTTP 500/);
    expect(ec2AnswerProblem('DescribeVpcs', 400, error(''))).toMatch(/empty code/);
    expect(ec2AnswerProblem('CreateVpc', 200, ok)).toMatch(/expected <CreateVpcResponse>/);
    expect(ec2AnswerProblem('DescribeVpcs', 200, ok.replace('</requestId>', ''))).toMatch(/XML/);
    expect(ec2AnswerProblem('DescribeVpcs', 200, ok.replace('<vpcSet/>', 'a & b'))).toMatch(
      /reference/,
    );
    expect(ec2AnswerProblem('DescribeVpcs', 200, ok.replace('<vpcSet/>', '\u0001'))).toMatch(
      /not allowed/,
    );
    expect(ec2AnswerProblem('DescribeVpcs', 404, '{"message":"Route not found"}')).toMatch(/XML/);
  });
});

describe('every implemented action under fuzzing', () => {
  it.each(ACTIONS)(
    '%s answers well-formed EC2 documents and refuses without changing state',
    async (action) => {
      const operation = model.operation(action);
      expect(operation, `${action} is not in the EC2 model`).toBeDefined();
      if (operation === undefined) return;
      const requests = fc
        .tuple(
          paramsFor(action, operation.input, { ids: twin.ids }),
          fc.oneof(
            { weight: 2, arbitrary: fc.constant([]) },
            { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) },
          ),
        )
        .map(([params, mutations]) => mutations.reduce<Param[]>(mutate, params))
        .map((params) => formBody(action, params));
      const seed = seedOf(action);
      await fc.assert(
        fc.asyncProperty(requests, async (body) => {
          const read = READ.test(action);
          const answer = await twin.exchange(body, { mayChange: !read });
          if (STATS) {
            const e = ec2Error(answer.body);
            const code = answer.status === 200 ? 'OK' : (e?.code ?? String(answer.status));
            appendFileSync(STATS, `${action}\t${code}\t${e?.message.slice(0, 150) ?? ''}\n`);
          }
          const context = `seed ${seed}, request ${shown(body)}`;
          const problem = ec2AnswerProblem(action, answer.status, answer.body);
          if (problem !== undefined) throw new Error(`${problem}\n${context}`);
          if (answer.changed === true) {
            const what =
              answer.status === 200
                ? 'a read'
                : `refused (${ec2Error(answer.body)?.code ?? answer.status}) but it`;
            throw new Error(`${what} changed the state\n${context}`);
          }
        }),
        { seed, numRuns: RUNS, endOnFailure: false },
      );
    },
  );
});

/** Actions with a ClientToken: a retry with the same token and parameters must not act twice. */
const IDEMPOTENT = ACTIONS.filter((a) =>
  model.operation(a)?.input.members.some((m) => m.idempotencyToken || m.name === 'ClientToken'),
);

/** Successful calls retried, by action. */
const retried = new Map<string, number>();

const withoutRequestId = (xml: string) => xml.replace(/<requestId>[^<]*<\/requestId>/, '');

describe('retries with the same ClientToken', () => {
  it.each(IDEMPOTENT)(
    '%s answers a retry as it answered the call, and acts once',
    async (action) => {
      const operation = model.operation(action);
      if (operation === undefined) return;
      const seed = seedOf(`${action}/retry`);
      const requests = paramsFor(action, operation.input, { ids: twin.ids }).map((params) =>
        params.filter((p) => p.name !== 'ClientToken' && p.name !== 'DryRun'),
      );
      let run = 0;
      let successes = 0;
      await fc.assert(
        fc.asyncProperty(requests, async (params) => {
          // A fresh token per run: the server remembers tokens across the runs of a property.
          const token: Param = { name: 'ClientToken', value: `retry-${++run}`, type: 'string' };
          const body = formBody(action, [...params, token]);
          const first = await twin.exchange(body);
          if (first.status !== 200) return;
          successes++;
          const retry = await twin.again(body);
          const context = `seed ${seed}, request ${shown(body)}`;
          expect(retry.status, context).toBe(200);
          expect(withoutRequestId(retry.body), context).toBe(withoutRequestId(first.body));
          expect(retry.changed, `the retry acted again\n${context}`).toBe(false);
        }),
        { seed, numRuns: Math.ceil(RUNS / 2) },
      );
      retried.set(action, successes);
    },
  );

  it('retried successful calls of most of those actions', () => {
    // Random parameters do not get every create past validation; most, they do.
    const withRetries = [...retried].filter(([, n]) => n > 0);
    expect(withRetries.length, JSON.stringify([...retried])).toBeGreaterThanOrEqual(
      IDEMPOTENT.length / 2,
    );
  });
});
