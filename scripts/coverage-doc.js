// `npm run docs:coverage`: rewrites docs/coverage.md from the EC2 model and the handlers that
// `vpctwin serve` registers (src/api/coverage.ts). Run under tsx, which resolves the .ts source.
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { coverageDocument } from '../src/api/coverage.js';

writeFileSync(new URL('../docs/coverage.md', import.meta.url), coverageDocument());
