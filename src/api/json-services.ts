/**
 * The services that speak AWS's JSON protocols on the same endpoint: Direct Connect (JSON 1.1,
 * named by `X-Amz-Target`) and Resource Access Manager (REST-JSON, named by method and path).
 * The model-driven decoder and encoder (protocol/json.ts) serve both; handlers map to the
 * operations in src/control.
 */
import { AwsErrors } from '../model/errors.js';
import type { Caller, Store } from '../store/store.js';
import type { Handler } from './handlers/context.js';
import { handlerContext } from './handlers/context.js';
import { DIRECT_CONNECT_HANDLERS } from './handlers/direct-connect.js';
import { RAM_HANDLERS } from './handlers/resource-share.js';
import type { ProtocolError } from './protocol/ec2-query.js';
import {
  parseJsonRequest,
  parseRestJsonRequest,
  serializeJsonError,
  serializeJsonResponse,
  type JsonRequest,
} from './protocol/json.js';
import { loadDirectConnectModel, loadRamModel, type Ec2Model } from './protocol/model.js';

/** A JSON answer: status, body, and the error code when it is an error. */
export interface JsonAnswer {
  readonly status: number;
  readonly json: string;
  readonly errorType?: string;
}

/** An error as the JSON services answer it: the status, `__type` and `x-amzn-errortype`. */
export const jsonRefusal = (e: {
  code: string;
  message: string;
  httpStatus: number;
}): JsonAnswer => ({
  status: e.httpStatus,
  json: serializeJsonError(e),
  errorType: e.code,
});

function answer(
  parsed: JsonRequest | ProtocolError,
  handlers: Readonly<Record<string, Handler>>,
  model: Ec2Model,
  store: Store,
  caller: Caller,
): JsonAnswer {
  if ('code' in parsed) return jsonRefusal(parsed);
  const handler = Object.hasOwn(handlers, parsed.action) ? handlers[parsed.action] : undefined;
  if (handler === undefined) {
    // A known operation vpctwin does not implement: a client error naming it, never retried.
    return jsonRefusal(
      AwsErrors.code(
        'UnknownOperationException',
        `The operation ${parsed.action} is not implemented by vpctwin`,
      ),
    );
  }
  const result = handler(parsed.input, handlerContext(store, caller, false));
  if (!result.ok) return jsonRefusal(result.error);
  return { status: 200, json: serializeJsonResponse(parsed.action, result.value, model) };
}

/** Answers one Direct Connect request (body and `X-Amz-Target`) for a caller. */
export function handleDirectConnect(
  body: string,
  target: string | undefined,
  store: Store,
  caller: Caller,
): JsonAnswer {
  const model = loadDirectConnectModel();
  return answer(
    parseJsonRequest(body, target, model),
    DIRECT_CONNECT_HANDLERS,
    model,
    store,
    caller,
  );
}

/** Answers one Resource Access Manager request (method, URL and body) for a caller. */
export function handleRam(
  method: string,
  url: string,
  body: string,
  store: Store,
  caller: Caller,
): JsonAnswer {
  const model = loadRamModel();
  return answer(parseRestJsonRequest(method, url, body, model), RAM_HANDLERS, model, store, caller);
}
