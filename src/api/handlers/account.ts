import type { Handler } from './context.js';

/** The account handlers, by action. */
export const ACCOUNT_HANDLERS: Readonly<Record<string, Handler>> = {};
