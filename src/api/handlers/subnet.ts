import type { Handler } from './context.js';

/** The subnet handlers, by action. */
export const SUBNET_HANDLERS: Readonly<Record<string, Handler>> = {};
