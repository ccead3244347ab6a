import type { Handler } from './context.js';

/** The prefix-list handlers, by action. */
export const PREFIX_LIST_HANDLERS: Readonly<Record<string, Handler>> = {};
