import type { Handler } from './context.js';

/** The endpoint handlers, by action. */
export const ENDPOINT_HANDLERS: Readonly<Record<string, Handler>> = {};
