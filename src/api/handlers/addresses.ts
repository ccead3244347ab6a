import type { Handler } from './context.js';

/** The addresses handlers, by action. */
export const ADDRESS_HANDLERS: Readonly<Record<string, Handler>> = {};
