/**
 * An in-process `vpctwin serve` for API tests: a real listening server on 127.0.0.1 with a
 * fresh in-memory store, a configured `@aws-sdk/client-ec2` client, and `query` for raw
 * EC2 query requests (malformed input the SDK would refuse to send).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { buildServer, type ServerOptions } from '../../src/api/server.js';
import { openStore } from '../../src/store/open.js';
import type { AccountId, RegionName } from '../../src/model/ids.js';
import type { Operation } from '../../src/model/operation.js';
import type { Caller, Store } from '../../src/store/store.js';
import { exportState } from './state.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
/** The account and Region every test client calls as. */
export const CALLER: Caller = { accountId: ACCOUNT as AccountId, region: REGION as RegionName };

/** What one raw request answered. */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
  /** EC2 error code, when the answer is an error. */
  readonly code: string | undefined;
  readonly message: string | undefined;
}

export interface Twin {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly endpoint: string;
  readonly ec2: EC2Client;
  /** Posts `Action=…&Version=2016-11-15&…` as the AWS CLI would, signed for `region`. */
  query(action: string, params?: Record<string, string>, region?: string): Promise<RawAnswer>;
  /** Posts a body as is. */
  post(body: string, headers?: Record<string, string>): Promise<RawAnswer>;
  /** Every stored resource, serialised: compare before and after to prove nothing changed. */
  state(): string;
  /**
   * Runs a control operation straight on the store, as the test account in the test Region:
   * setup for kinds another family's API serves. Throws on AWS's error.
   */
  setup<I, O>(op: Operation<I, O>, input: I, caller?: Caller): O;
  /** The AWS error code `send` fails with; asserts it failed and changed nothing. */
  refusal(send: () => Promise<unknown>): Promise<string>;
  /** A raw request's answer; asserts it is a 4xx and changed nothing. */
  rawRefusal(action: string, params: Record<string, string>): Promise<RawAnswer>;
  close(): Promise<void>;
}

const unescape = (s: string | undefined) =>
  s
    ?.replaceAll('&apos;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The Authorization header the AWS CLI sends, with its credential scope. */
export const authorization = (region = REGION, service = 'ec2', accessKey = 'AKIDTEST') =>
  `AWS4-HMAC-SHA256 Credential=${accessKey}/20261127/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

/**
 * A form POST over the socket, as clients send it (so it takes the server's quick path), with
 * the AWS CLI's Authorization header unless `headers` says otherwise.
 */
export async function postForm(
  endpoint: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: authorization(),
      ...headers,
    },
    body,
  });
  return { status: res.status, body: await res.text() };
}

/** Starts a twin; close it in afterAll/afterEach. */
export async function startTwin(options: Partial<ServerOptions> = {}): Promise<Twin> {
  const store = options.store ?? openStore();
  const app = buildServer({ defaultAccount: ACCOUNT, defaultVpcs: false, ...options, store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const endpoint = `http://127.0.0.1:${address.port}`;
  const ec2 = new EC2Client({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await postForm(endpoint, body, headers);
    return {
      ...res,
      code: /<Code>([^<]*)<\/Code>/.exec(res.body)?.[1],
      message: unescape(/<Message>([^<]*)<\/Message>/.exec(res.body)?.[1]),
    };
  };
  return {
    store,
    app,
    endpoint,
    ec2,
    post,
    query: (action, params = {}, region = REGION) =>
      post(new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString(), {
        authorization: authorization(region),
      }),
    state: () => exportState(store),
    setup: (op, input, caller = CALLER) => {
      const r = store.execute('setup', op, input, caller);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value;
    },
    refusal: async (send) => {
      const before = exportState(store);
      const error = await send().then(
        () => undefined,
        (e: unknown) => e as { name: string },
      );
      expect(error, 'expected the call to fail').toBeDefined();
      expect(exportState(store)).toBe(before);
      return error?.name ?? '';
    },
    rawRefusal: async (action, params) => {
      const before = exportState(store);
      const answer = await post(
        new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString(),
      );
      expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
      expect(answer.status, answer.body).toBeLessThan(500);
      expect(exportState(store)).toBe(before);
      return answer;
    },
    close: async () => {
      ec2.destroy();
      await app.close();
      store.close();
    },
  };
}
