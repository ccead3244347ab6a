/**
 * AWS Direct Connect over the JSON 1.1 protocol: the model-driven JSON decoder and encoder
 * (protocol/json.ts) and handlers that map to the Direct Connect operations in src/control.
 */
import { AwsErrors } from '../model/errors.js';
import type { Caller, Store } from '../store/store.js';
import { handlerContext } from './handlers/context.js';
import { DIRECT_CONNECT_HANDLERS } from './handlers/direct-connect.js';
import { parseJsonRequest, serializeJsonError, serializeJsonResponse } from './protocol/json.js';
import { loadDirectConnectModel } from './protocol/model.js';

/** A JSON answer: status and body. */
export interface JsonAnswer {
  readonly status: number;
  readonly json: string;
}

/** Answers one Direct Connect request (body and `X-Amz-Target`) for a caller. */
export function handleDirectConnect(
  body: string,
  target: string | undefined,
  store: Store,
  caller: Caller,
): JsonAnswer {
  const model = loadDirectConnectModel();
  const error = (e: { code: string; message: string; httpStatus: number }): JsonAnswer => ({
    status: e.httpStatus,
    json: serializeJsonError(e),
  });
  const parsed = parseJsonRequest(body, target, model);
  if ('code' in parsed) return error(parsed);
  const handler = Object.hasOwn(DIRECT_CONNECT_HANDLERS, parsed.action)
    ? DIRECT_CONNECT_HANDLERS[parsed.action]
    : undefined;
  if (handler === undefined) {
    // A known operation vpctwin does not implement: a client error naming it, never retried.
    return error(
      AwsErrors.code(
        'UnknownOperationException',
        `The operation ${parsed.action} is not implemented by vpctwin`,
      ),
    );
  }
  const result = handler(parsed.input, handlerContext(store, caller, false));
  if (!result.ok) return error(result.error);
  return { status: 200, json: serializeJsonResponse(parsed.action, result.value, model) };
}
