import type { Handler } from './context.js';

/** The network-interface handlers, by action. */
export const NETWORK_INTERFACE_HANDLERS: Readonly<Record<string, Handler>> = {};
