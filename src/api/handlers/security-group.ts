import type { Handler } from './context.js';

/** The security-group handlers, by action. */
export const SECURITY_GROUP_HANDLERS: Readonly<Record<string, Handler>> = {};
