#!/usr/bin/env node
// Runs the TypeScript sources directly, so `npx vpctwin` works right after `npm ci` with no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
