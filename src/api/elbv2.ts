/**
 * Elastic Load Balancing v2 over the AWS query protocol: the same model-driven decoder as EC2
 * (lists as `Name.member.N`), the query protocol's XML (`<ActionResult>`, `ResponseMetadata`,
 * `ErrorResponse/Error/Type`), and handlers that map to the ELBv2 operations in src/control.
 */
import type { AwsError } from '../model/errors.js';
import type { Caller, Store } from '../store/store.js';
import { handlerContext } from './handlers/context.js';
import { ELBV2_HANDLERS } from './handlers/elbv2/index.js';
import { isProtocolError, parseEc2Query } from './protocol/ec2-query.js';
import { serializeQueryError, serializeQueryResponse } from './protocol/ec2-xml.js';
import { loadElbv2Model } from './protocol/model.js';

/** An ELBv2 answer: status and XML body. */
export interface Elbv2Answer {
  readonly status: number;
  readonly xml: string;
}

/**
 * ELBv2 words the protocol refusals EC2 calls `MissingParameter` and `UnknownParameter` as
 * validation errors.
 */
function protocolError(e: { code: string; message: string; httpStatus: number }) {
  return e.code === 'MissingParameter' ||
    e.code === 'UnknownParameter' ||
    e.code === 'InvalidParameterValue'
    ? { ...e, code: 'ValidationError' }
    : e;
}

/** Answers one ELBv2 request body for a caller. */
export function handleElbv2(
  body: string,
  store: Store,
  caller: Caller,
  requestId: string,
): Elbv2Answer {
  const model = loadElbv2Model();
  const error = (e: { code: string; message: string; httpStatus: number }): Elbv2Answer => ({
    status: e.httpStatus,
    xml: serializeQueryError(e, requestId, model),
  });
  const parsed = parseEc2Query(body, model);
  if (isProtocolError(parsed)) {
    const action = new URLSearchParams(body).get('Action');
    if (action !== null && model.operation(action) && !Object.hasOwn(ELBV2_HANDLERS, action)) {
      return error(notImplemented(action));
    }
    return error(protocolError(parsed));
  }
  const handler = Object.hasOwn(ELBV2_HANDLERS, parsed.action)
    ? ELBV2_HANDLERS[parsed.action]
    : undefined;
  if (handler === undefined) return error(notImplemented(parsed.action));
  const result = handler(parsed.input, handlerContext(store, caller, false));
  if (!result.ok) return error(result.error);
  return {
    status: 200,
    xml: serializeQueryResponse(parsed.action, result.value, requestId, model),
  };
}

/** An action of the model vpctwin does not implement (D18: a final client error). */
const notImplemented = (action: string): AwsError => ({
  code: 'InvalidAction',
  message: `The action ${action} is not implemented by vpctwin`,
  httpStatus: 400,
  fault: 'client',
});
