/**
 * Servers for bench/api.ts: `moto_server` and `vpctwin serve` as child processes on free
 * loopback ports, their health, reset, resident memory and CPU time from /proc (Linux).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Server {
  readonly name: string;
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the process (SIGTERM, or SIGINT for moto_server; SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** POST /moto-api/reset (both servers answer it); true on 200. */
export async function reset(endpoint: string): Promise<boolean> {
  try {
    const r = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST', body: '' });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

function start(
  name: string,
  command: string,
  args: string[],
  port: number,
  stopSignal: NodeJS.Signals = 'SIGTERM',
): Promise<Server> {
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: Server = {
    name,
    endpoint,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  return (async () => {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr}`);
      if (await reset(endpoint)) return server;
      await new Promise((r) => setTimeout(r, 250));
    }
    await server.stop();
    throw new Error(`${name} did not answer on ${endpoint} within 180 s: ${stderr}`);
  })();
}

export async function startMoto(): Promise<Server> {
  const port = await freePort();
  // moto_server (werkzeug) stops on SIGINT; it may ignore SIGTERM.
  return start('moto', 'moto_server', ['-H', '127.0.0.1', '-p', String(port)], port, 'SIGINT');
}

/** `node bin/vpctwin.js serve`, on a SQLite file (as users run it) or in memory. */
export async function startVpctwin(
  db: string | undefined,
  extraNodeArgs: string[] = [],
): Promise<Server> {
  const port = await freePort();
  const args = [...extraNodeArgs, 'bin/vpctwin.js', 'serve', '--port', String(port)];
  if (db === undefined) args.push('--memory');
  else args.push('--db', db);
  return start(
    db === undefined ? 'vpctwin (memory)' : 'vpctwin (SQLite)',
    process.execPath,
    args,
    port,
  );
}

/** The pid and its descendants (children of every thread), from /proc. */
function family(pid: number): number[] {
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.pop() as number;
    out.push(p);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8')
          .split(/\s+/)
          .filter(Boolean);
        todo.push(...kids.map(Number));
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return out;
}

/** A /proc/PID/status field (in kB) summed over the process and its children, in MiB. */
function statusMiB(pid: number, field: string): number {
  let kib = 0;
  const re = new RegExp(`^${field}:\\s+(\\d+)`, 'm');
  for (const p of family(pid)) {
    try {
      kib += Number(re.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

/** VmRSS of the process and its children, in MiB. */
export const rssMiB = (pid: number): number => statusMiB(pid, 'VmRSS');

/** VmHWM (peak RSS) of the process and its children, in MiB. */
export const hwmMiB = (pid: number): number => statusMiB(pid, 'VmHWM');

/** CPU time (user + system, all threads) of the process and its children, in ms. */
export function cpuMs(pid: number): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let ticks = 0;
  for (const p of family(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone
    }
  }
  return ticks * tick;
}
