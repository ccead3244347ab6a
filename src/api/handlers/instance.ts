import type { Handler } from './context.js';

/** The instance handlers, by action. */
export const INSTANCE_HANDLERS: Readonly<Record<string, Handler>> = {};
