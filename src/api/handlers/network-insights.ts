import type { Handler } from './context.js';

/** The network-insights handlers, by action. */
export const NETWORK_INSIGHTS_HANDLERS: Readonly<Record<string, Handler>> = {};
