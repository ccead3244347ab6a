import type { Handler } from './context.js';

/** The gateways handlers, by action. */
export const GATEWAY_HANDLERS: Readonly<Record<string, Handler>> = {};
