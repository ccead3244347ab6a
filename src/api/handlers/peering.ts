import type { Handler } from './context.js';

/** The peering handlers, by action. */
export const PEERING_HANDLERS: Readonly<Record<string, Handler>> = {};
