import type { Handler } from './context.js';

/** The network-acl handlers, by action. */
export const NETWORK_ACL_HANDLERS: Readonly<Record<string, Handler>> = {};
