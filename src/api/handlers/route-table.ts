import type { Handler } from './context.js';

/** The route-table handlers, by action. */
export const ROUTE_TABLE_HANDLERS: Readonly<Record<string, Handler>> = {};
