/**
 * `vpctwin serve`: EC2's query API over HTTP on loopback, so the AWS CLI, SDKs and IaC tools
 * talk to the twin unchanged. One model-driven decoder and one XML writer serve every
 * operation (protocol/); handlers only map decoded inputs to operations and back.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { initRegion } from '../control/account.js';
import { createDefaultVpc } from '../control/default-vpc.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import type { AccountId, RegionName } from '../model/ids.js';
import type { Operation } from '../model/operation.js';
import { KINDS } from '../model/resource.js';
import { ok } from '../model/result.js';
import type { Change } from '../model/snapshot.js';
import type { Caller, Store } from '../store/store.js';
import { exportTopology } from '../topology/export.js';
import { topologyYaml } from '../topology/write.js';
import { parseSigV4, verifySignature, type Credential } from './auth.js';
import { handlerContext } from './handlers/context.js';
import { IdempotencyCache } from './idempotency.js';
import { handleSts } from './sts.js';
import { handleDirectConnect, handleRam, jsonRefusal, type JsonAnswer } from './json-services.js';
import { handleElbv2 } from './elbv2.js';
import { EC2_HANDLERS } from './handlers/index.js';
import { isProtocolError, MAX_BODY_BYTES, parseEc2Query } from './protocol/ec2-query.js';
import { JSON_CONTENT_TYPE } from './protocol/json.js';
import { serializeEc2Error, serializeEc2Response } from './protocol/ec2-xml.js';
import { loadEc2Model, type Ec2Model } from './protocol/model.js';

export interface ServerOptions {
  readonly store: Store;
  /** The account of callers whose access key is not in `accounts` (12 digits). */
  readonly defaultAccount: string;
  /** Access keys and the accounts they stand for (the `--accounts` file). */
  readonly accounts?: readonly Credential[];
  /** Refuse requests whose SigV4 signature does not match the key's configured secret. */
  readonly verifySignatures?: boolean;
  /** Request ids; a random UUID each by default. */
  readonly requestId?: () => string;
  /** Region when the request carries no SigV4 credential scope. */
  readonly defaultRegion?: string;
  /**
   * Whether each account gets a default VPC in a Region the first time it calls there, as in
   * AWS (default true). Tests that count VPCs turn it off.
   */
  readonly defaultVpcs?: boolean;
  /** Milliseconds since the epoch, for signature freshness; Date.now by default. */
  readonly now?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';
/** Fastify's default idle keep-alive, kept for the connections the quick path serves too. */
const KEEP_ALIVE_MS = 72_000;
const XML = 'text/xml;charset=UTF-8';

const dryRunOk: AwsError = {
  code: 'DryRunOperation',
  message: 'Request would have succeeded, but DryRun flag is set.',
  httpStatus: 412,
  fault: 'client',
};

/**
 * An action the model knows but vpctwin does not implement. `InvalidAction` (400) is what EC2
 * answers for an action its endpoint does not support: SDKs and the CLI treat it as a final
 * client error, whereas a 5xx such as `NotImplemented` would be retried as a server fault.
 */
const notImplemented = (action: string): AwsError =>
  AwsErrors.code('InvalidAction', `The action ${action} is not implemented by vpctwin`);

/** Create* outputs that carry `clientToken` echo the request's, as EC2 does. */
function echoClientToken(
  model: Ec2Model,
  action: string,
  input: Readonly<Record<string, unknown>>,
  output: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  const token = input.clientToken;
  if (typeof token !== 'string' || output === undefined || output.clientToken !== undefined) {
    return output;
  }
  const echoes = model.operation(action)?.output?.members.some((m) => m.key === 'clientToken');
  return echoes === true ? { ...output, clientToken: token } : output;
}

/** Deletes every resource: the state of a fresh twin (ids keep counting). */
const resetAll: Operation<undefined, true> = (s) => {
  const changes: Change[] = [];
  for (const kind of KINDS) {
    for (const r of s.all(kind)) changes.push({ op: 'delete', kind, id: r.id });
  }
  return ok({ changes, output: true });
};

/** What a query or JSON protocol handler needs of a request. */
interface QueryRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A whole reply: status, content type, request id, the JSON protocols' error type, body. */
interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly requestId: string;
  readonly errorType?: string | undefined;
  readonly body: string;
}

type Refusal = AwsError | { code: string; message: string; httpStatus: number };

const xmlAnswer = (status: number, requestId: string, body: string): Answer => ({
  status,
  contentType: XML,
  requestId,
  body,
});

const errorAnswer = (requestId: string, err: Refusal): Answer =>
  xmlAnswer(err.httpStatus, requestId, serializeEc2Error(err, requestId));

/**
 * The body as bytes, and the headers that go with it. Bytes, because a string body is joined to
 * the head and encoded whole on the way out: for a 1,000-VPC DescribeVpcs that cost a third of
 * the call.
 */
function encodeAnswer(a: Answer): { headers: Record<string, string | number>; body: Buffer } {
  const body = Buffer.from(a.body, 'utf8');
  const headers: Record<string, string | number> = {
    'x-amzn-requestid': a.requestId,
    'content-type': a.contentType,
    'content-length': body.length,
  };
  if (a.errorType !== undefined) headers['x-amzn-errortype'] = a.errorType;
  return { headers, body };
}

function sendAnswer(reply: FastifyReply, a: Answer) {
  const { headers, body } = encodeAnswer(a);
  return reply.code(a.status).headers(headers).send(body);
}

/**
 * The common request — a POST with a form body of declared length — served straight from
 * node:http: Fastify's routing, body parsing and reply hooks were a tenth of a CreateVpc's time
 * on the server (bench/README.md). Everything else (GET, JSON bodies, chunked or oversized
 * bodies, vpctwin's own routes) goes through Fastify, whose error handling it keeps.
 */
function quickForm(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url === undefined || req.url.startsWith('/_vpctwin/'))
    return false;
  if (req.url.startsWith('/moto-api/')) return false;
  const length = Number(req.headers['content-length'] ?? NaN);
  if (!Number.isInteger(length) || length < 0 || length > MAX_BODY_BYTES) return false;
  const media = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return media === FORM && req.headers['transfer-encoding'] === undefined;
}

function serveQuick(req: IncomingMessage, res: ServerResponse, answer: (body: string) => Answer) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const a = answer(Buffer.concat(chunks).toString('utf8'));
    const { headers, body } = encodeAnswer(a);
    res.writeHead(a.status, headers);
    res.end(body);
  });
}

const RESET_CALLER: Caller = {
  accountId: '000000000000' as AccountId,
  region: 'us-east-1' as RegionName,
};

/**
 * Builds the HTTP app; `listen({ host: '127.0.0.1', port })` serves it, `inject()` tests it.
 * @example buildServer({ store: openStore(), defaultAccount: '123456789012' })
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const { store, defaultAccount } = options;
  if (!/^\d{12}$/.test(defaultAccount)) {
    throw new Error(`default account must be 12 digits, not ${defaultAccount}`);
  }
  const nextRequestId = options.requestId ?? randomUUID;
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const model: Ec2Model = loadEc2Model();
  /** Account|Region pairs already initialised by this server. */
  const initialised = new Set<string>();
  const credentials = new Map((options.accounts ?? []).map((c) => [c.accessKeyId, c]));
  const tokens = new IdempotencyCache();
  const now = options.now ?? Date.now;

  const defaultVpcs = options.defaultVpcs ?? true;
  /**
   * An account's first call in a Region: its AZ mapping and AWS-managed prefix lists, and its
   * default VPC unless turned off or already there (state from an earlier run, or deleted on
   * purpose: AWS does not recreate a deleted default VPC either, so neither is recreated once
   * the Region is initialised).
   */
  const firstUse = (caller: Caller) =>
    store.batch(() => {
      const fresh = !store.snapshot
        .get('account', caller.accountId)
        ?.regionsInitialised.includes(caller.region);
      const init = store.execute('InitRegion', initRegion, {}, caller);
      if (!init.ok || !fresh || !defaultVpcs) return init;
      const vpc = store.execute('CreateDefaultVpc', createDefaultVpc, {}, caller);
      return vpc.ok ? init : vpc;
    });

  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    keepAliveTimeout: KEEP_ALIVE_MS,
    serverFactory: (fastify) => {
      const server = createServer((req, res) => {
        if (quickForm(req)) serveQuick(req, res, (body) => answer(req as QueryRequest, body));
        else fastify(req, res);
      });
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      return server;
    },
  });
  app.removeAllContentTypeParsers();
  // The raw form body (query protocols) or JSON body (JSON protocols) goes to the model-driven
  // decoders; any other body is dropped here.
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const media = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const json = media === 'application/json' || media?.startsWith('application/x-amz-json');
    done(null, media === FORM || json === true ? body : '');
  });

  /** The caller's first call in its Region initialises it, whichever service it calls. */
  const initialise = (caller: Caller): AwsError | undefined => {
    const key = `${caller.accountId}|${caller.region}`;
    if (initialised.has(key)) return undefined;
    const init = firstUse(caller);
    if (!init.ok) return init.error;
    initialised.add(key);
    return undefined;
  };

  const sendError = (reply: FastifyReply, requestId: string, err: Refusal) =>
    sendAnswer(reply, errorAnswer(requestId, err));

  app.setErrorHandler((error, _request, reply) => {
    const requestId = nextRequestId();
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) {
      return sendError(reply, requestId, {
        code: 'InvalidParameterValue',
        message: `The request body exceeds the maximum size of ${MAX_BODY_BYTES} bytes.`,
        httpStatus: 400,
      });
    }
    // Anything else the transport refuses before a handler runs (an unparseable Content-Type,
    // say) is the client's fault; only our own failures are 500s.
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(reply, requestId, {
        code: 'InvalidParameterValue',
        message: `The request could not be read: ${error instanceof Error ? error.message : 'bad request'}`,
        httpStatus: 400,
      });
    }
    return sendError(reply, requestId, AwsErrors.internal('An internal error has occurred'));
  });

  app.get('/_vpctwin/health', () => ({ status: 'ok' }));

  // Through the store like any operation, so it is journalled (and works on SQLite too).
  // `/moto-api/reset` is the same, for test suites and benchmarks written against moto.
  const reset = (_request: FastifyRequest, reply: FastifyReply) => {
    const result = store.execute('Reset', resetAll, undefined, RESET_CALLER);
    initialised.clear();
    tokens.clear();
    return reply.code(result.ok ? 200 : 500).send({ reset: result.ok });
  };
  app.post('/_vpctwin/reset', reset);
  app.post('/moto-api/reset', reset);

  app.get('/_vpctwin/export', (_request, reply) =>
    reply.type('application/yaml').send(topologyYaml(exportTopology(store.snapshot))),
  );

  /**
   * The answer to one request of the query and JSON protocols (EC2, ELBv2, STS, Direct Connect,
   * RAM): EC2 takes query requests on any path, as a form body or (GET) as the query string.
   * `posted` is the body the transport kept (a form or JSON body, else '').
   */
  const answer = (request: QueryRequest, posted: string): Answer => {
    const requestId = nextRequestId();
    try {
      const q = request.url.indexOf('?');
      const body = request.method === 'GET' ? (q < 0 ? '' : request.url.slice(q + 1)) : posted;
      // The query protocols (EC2, ELBv2, STS) read a form body only; any other body is
      // ignored, as EC2 does (the request then has no Action).
      const media = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      const form = request.method === 'GET' || media === FORM ? body : '';
      const authorization = request.headers.authorization;
      const sig = parseSigV4(typeof authorization === 'string' ? authorization : undefined);
      if (options.verifySignatures === true) {
        const refused = verifySignature(
          {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: request.method === 'GET' ? '' : body,
          },
          credentials,
          now(),
        );
        if (refused !== undefined) return errorAnswer(requestId, refused);
      }
      const credential = sig === undefined ? undefined : credentials.get(sig.accessKeyId);
      const accountId = credential?.accountId ?? defaultAccount;
      const service = sig?.service ?? 'ec2';
      const caller: Caller = {
        accountId: accountId as AccountId,
        region: (sig?.region ?? defaultRegion) as RegionName,
      };
      if (service === 'sts') {
        const answer = handleSts(
          form,
          {
            accountId,
            arn: credential?.arn ?? `arn:aws:iam::${accountId}:root`,
            userId: credential?.arn === undefined ? accountId : (sig?.accessKeyId ?? accountId),
          },
          requestId,
        );
        return xmlAnswer(answer.status, requestId, answer.xml);
      }
      if (service === 'elasticloadbalancing') {
        const refused = initialise(caller);
        if (refused !== undefined) return errorAnswer(requestId, refused);
        const answer = handleElbv2(form, store, caller, requestId);
        return xmlAnswer(answer.status, requestId, answer.xml);
      }
      if (service === 'directconnect' || service === 'ram') {
        const refused = initialise(caller);
        const target = request.headers['x-amz-target'];
        const answer: JsonAnswer =
          refused !== undefined
            ? jsonRefusal(refused)
            : service === 'ram'
              ? handleRam(request.method, request.url, body, store, caller)
              : handleDirectConnect(
                  body,
                  typeof target === 'string' ? target : undefined,
                  store,
                  caller,
                );
        return {
          status: answer.status,
          contentType: service === 'ram' ? 'application/json' : JSON_CONTENT_TYPE,
          requestId,
          errorType: answer.errorType,
          body: answer.json,
        };
      }
      if (service !== 'ec2') {
        return errorAnswer(
          requestId,
          AwsErrors.code('InvalidAction', `The service ${service} is not implemented by vpctwin`),
        );
      }
      const parsed = parseEc2Query(form, model);
      if (isProtocolError(parsed)) {
        // A known but unimplemented action is named as such, whatever else is wrong.
        const action = new URLSearchParams(form).get('Action');
        if (action !== null && model.operation(action) && !Object.hasOwn(EC2_HANDLERS, action)) {
          return errorAnswer(requestId, notImplemented(action));
        }
        return errorAnswer(requestId, parsed);
      }
      const handler = Object.hasOwn(EC2_HANDLERS, parsed.action)
        ? EC2_HANDLERS[parsed.action]
        : undefined;
      if (handler === undefined) return errorAnswer(requestId, notImplemented(parsed.action));
      const key = `${caller.accountId}|${caller.region}`;
      const refused = initialise(caller);
      if (refused !== undefined) return errorAnswer(requestId, refused);
      const dryRun = parsed.input.dryRun === true;
      const token = dryRun ? undefined : tokens.check(key, parsed.action, parsed.input);
      if (token?.kind === 'refuse') return errorAnswer(requestId, token.error);
      let output: Record<string, unknown> | undefined;
      if (token?.kind === 'replay') {
        output = token.output;
      } else {
        const result = handler(parsed.input, handlerContext(store, caller, dryRun));
        if (!result.ok) return errorAnswer(requestId, result.error);
        if (dryRun) return errorAnswer(requestId, dryRunOk);
        output = echoClientToken(model, parsed.action, parsed.input, result.value);
        token?.remember(output);
      }
      return xmlAnswer(
        200,
        requestId,
        serializeEc2Response(parsed.action, output, requestId, model),
      );
    } catch {
      return errorAnswer(requestId, AwsErrors.internal('An internal error has occurred'));
    }
  };
  const ec2Query = (request: FastifyRequest, reply: FastifyReply) =>
    sendAnswer(reply, answer(request, typeof request.body === 'string' ? request.body : ''));
  app.post('/*', ec2Query);
  app.get('/*', ec2Query);
  // RAM's REST-JSON API deletes with DELETE.
  app.delete('/*', ec2Query);

  return app;
}
