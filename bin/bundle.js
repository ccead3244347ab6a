// Keeps dist/vpctwin.mjs, one ES module bundled from src/ by esbuild, as new as the sources.
//
// Why a bundle rather than running the TypeScript through tsx: tsx's loader runs in a thread of
// its own, with its own V8 heap, and keeps every transformed module — about 60 MiB of a
// server's resident memory (D23). A bundle of ~1 MB builds in half a second, so it is rebuilt
// whenever a source file (or folder, for deletions) is newer than it, and `npx vpctwin` after
// `npm ci` still needs no build step. Where dist/ cannot be written, tsx is the fallback.
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const bundle = join(dist, 'vpctwin.mjs');
// Loaded by path at run time (a worker thread), so it sits beside the bundle.
const beside = ['store/sql-thread.js'];

/** Newest modification time under `dir`, folders included; tests are not part of the bundle. */
function newest(dir) {
  let t = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (!e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

async function build() {
  const { build, stop } = await import('esbuild');
  mkdirSync(dist, { recursive: true });
  // Concurrent starts (a test suite spawning many processes) each build in a folder of their
  // own and rename into place, so no process ever imports a half-written bundle.
  const tmp = join(dist, `.build-${process.pid}`);
  await build({
    entryPoints: [join(src, 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    outfile: join(tmp, 'vpctwin.mjs'),
    logLevel: 'error',
  });
  // esbuild's service process would otherwise live on beside a long-running server.
  await stop();
  for (const f of beside) copyFileSync(join(src, f), join(dist, f.split('/').pop()));
  renameSync(join(tmp, 'vpctwin.mjs.map'), `${bundle}.map`);
  renameSync(join(tmp, 'vpctwin.mjs'), bundle);
  rmSync(tmp, { recursive: true, force: true });
}

/** The URL of the module that exports `main`: the bundle, or the sources through tsx. */
export async function entry() {
  try {
    if (mtime(bundle) < newest(src)) await build();
    return pathToFileURL(bundle).href;
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return pathToFileURL(join(src, 'cli', 'main.ts')).href;
  }
}
