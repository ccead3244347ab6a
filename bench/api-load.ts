/**
 * A small EC2 Query load generator for bench/api.ts: raw keep-alive TCP connections, request
 * bytes built before the clock starts, and a syntactically valid SigV4 Authorization header
 * (neither server verifies signatures by default). Replies are read whole (by Content-Length,
 * or chunked) but never parsed, except for the few ids a set-up step needs, so the client costs
 * tens of microseconds per call — less than Node's `http` client, whose per-request machinery
 * was a tenth of a fast server's round trip — and the servers' capacity is what gets measured.
 * A server that closes after each reply (moto's werkzeug does) gets a new connection per call.
 */
import { connect, type Socket } from 'node:net';

export const REGION = 'us-east-1';
const VERSION = '2016-11-15';

/** The request's bytes: a POST to `/` with the headers every request carries. */
function requestBytes(host: string, path: string, body: string): Buffer {
  const payload = Buffer.from(body, 'utf8');
  const head =
    `POST ${path} HTTP/1.1\r\n` +
    `host: ${host}\r\n` +
    'content-type: application/x-www-form-urlencoded; charset=utf-8\r\n' +
    `content-length: ${payload.length}\r\n` +
    'x-amz-date: 20250101T000000Z\r\n' +
    `authorization: AWS4-HMAC-SHA256 Credential=FOOBARKEY/20250101/${REGION}/ec2/aws4_request, ` +
    `SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** An EC2 Query form body: Action, Version, then the parameters in order. */
export function form(action: string, params: Record<string, string | number> = {}): string {
  const parts = [`Action=${action}`, `Version=${VERSION}`];
  for (const [k, v] of Object.entries(params)) {
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** Where a reply's body ends in `buf` (headers at `headEnd`), or -1 while more is needed. */
interface Framing {
  readonly status: number;
  readonly close: boolean;
  /** Content-Length, or undefined for a chunked body. */
  readonly length: number | undefined;
  readonly headEnd: number;
}

function framing(buf: Buffer): Framing | undefined {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const header = (name: string) => new RegExp(`\r\n${name}:\\s*([^\r]*)`).exec(head)?.[1];
  const length = header('content-length');
  return {
    status,
    close: header('connection') === 'close' || head.startsWith('http/1.0'),
    length: length === undefined ? undefined : Number(length),
    headEnd: headEnd + 4,
  };
}

/** A chunked body decoded, or undefined until its last chunk has arrived. */
function unchunk(buf: Buffer, from: number): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(buf.toString('latin1', at, eol), 16);
    if (size === 0) return buf.indexOf('\r\n\r\n', eol) >= 0 ? Buffer.concat(parts) : undefined;
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** One connection, one request at a time. */
class Connection {
  private chunks: Buffer[] = [];
  private size = 0;
  private head: Framing | undefined;
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | undefined;
  closed = false;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (c: Buffer) => this.data(c));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  send(bytes: Buffer): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private data(c: Buffer): void {
    this.chunks.push(c);
    this.size += c.length;
    // The head is read once; a long body is joined once, when whole (not on every chunk).
    if (!this.head) {
      const buf = this.chunks.length === 1 ? c : Buffer.concat(this.chunks);
      this.chunks = [buf];
      this.head = framing(buf);
      if (!this.head) return;
    }
    const f = this.head;
    if (f.length !== undefined && this.size < f.headEnd + f.length) return;
    const buf = Buffer.concat(this.chunks, this.size);
    this.chunks = [buf];
    const body =
      f.length !== undefined
        ? buf.subarray(f.headEnd, f.headEnd + f.length)
        : unchunk(buf, f.headEnd);
    if (!body) return;
    this.chunks = [];
    this.size = 0;
    this.head = undefined;
    if (f.close) this.destroy();
    const p = this.pending;
    this.pending = undefined;
    p?.resolve({ status: f.status, body: body.toString('utf8') });
  }

  private fail(e: Error): void {
    this.closed = true;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
  }
}

/** A keep-alive client for one endpoint, with up to `sockets` connections. */
export class Client {
  private readonly host: string;
  private readonly port: number;
  private readonly idle: Connection[] = [];
  private open = 0;
  private readonly waiting: ((c: Connection) => void)[] = [];

  constructor(
    endpoint: string,
    private readonly sockets: number,
  ) {
    const url = new URL(endpoint);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  /** POSTs a form body to `path`; resolves with the status and the whole body as text. */
  async post(body: string, path = '/'): Promise<Reply> {
    const c = await this.take();
    try {
      return await c.send(requestBytes(`${this.host}:${this.port}`, path, body));
    } finally {
      this.give(c);
    }
  }

  /** Like `post`, but throws unless the answer is 200; returns the body. */
  async ok(body: string): Promise<string> {
    const r = await this.post(body);
    if (r.status !== 200)
      throw new Error(`${body.slice(0, 80)}… → ${r.status}: ${r.body.slice(0, 300)}`);
    return r.body;
  }

  close(): void {
    for (const c of this.idle.splice(0)) c.destroy();
  }

  private async take(): Promise<Connection> {
    const c = this.idle.pop();
    if (c) return c;
    if (this.open < this.sockets) {
      this.open++;
      const socket = connect(this.port, this.host);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }).catch((e: unknown) => {
        this.open--;
        throw e;
      });
      return new Connection(socket);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(c: Connection): void {
    if (c.closed) {
      this.open--;
      // A waiting caller opens a connection of its own.
      const next = this.waiting.shift();
      if (next) void this.take().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }
}

/** The text of the first `<tag>…</tag>` in an XML reply. */
export function xmlValue(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!m?.[1]) throw new Error(`no <${tag}> in ${xml.slice(0, 300)}`);
  return m[1];
}

export interface PhaseResult {
  readonly calls: number;
  readonly errors: number;
  readonly wallS: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly firstError?: string;
}

/** The q-quantile (0..1) of sorted values, linearly interpolated. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (at - lo);
}

/**
 * Sends `bodies` (already built) with `concurrency` requests in flight; each call's latency is
 * measured client-side from send to the last byte of the reply. Stops early at `maxSeconds`.
 */
export async function drive(
  client: Client,
  bodies: readonly string[],
  concurrency: number,
  maxSeconds = 300,
): Promise<PhaseResult> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async () => {
    while (next < bodies.length && performance.now() < deadline) {
      const body = bodies[next++] as string;
      const t0 = performance.now();
      try {
        const r = await client.post(body);
        if (r.status !== 200) {
          errors++;
          firstError ??= `${r.status} ${r.body.slice(0, 200)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
      lat.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallS = (performance.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  return {
    calls: lat.length,
    errors,
    wallS,
    rps: lat.length / wallS,
    p50Ms: quantile(lat, 0.5),
    p95Ms: quantile(lat, 0.95),
    p99Ms: quantile(lat, 0.99),
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** Runs `fn` on 0..n-1 with `concurrency` in flight (for set-up, not timed). */
export async function parallel(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

/** `10.a.b.0/24` for VPC number i (distinct up to 65,536), as the boto3 script makes them. */
export const vpcCidr = (i: number) => `10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`;

/** The four load-test operations of the issue, each as set-up plus pre-built request bodies. */
export interface LoadOp {
  readonly name: string;
  /** Creates what the calls need (after a reset) and returns their bodies. */
  prepare(client: Client, n: number): Promise<string[]>;
}

export const LOAD_OPS: readonly LoadOp[] = [
  {
    name: 'CreateVpc',
    prepare: (_c, n) =>
      Promise.resolve(
        Array.from({ length: n }, (_, i) => form('CreateVpc', { CidrBlock: vpcCidr(i) })),
      ),
  },
  {
    // /28s in 10.k.0.0/16 VPCs, 200 per VPC (AWS's default subnets-per-VPC quota, which
    // vpctwin enforces); both servers get the same VPCs and the same requests.
    name: 'CreateSubnet',
    prepare: async (c, n) => {
      const perVpc = 200;
      const vpcs: string[] = [];
      for (let k = 0; k * perVpc < n; k++) {
        vpcs.push(
          xmlValue(await c.ok(form('CreateVpc', { CidrBlock: `10.${k}.0.0/16` })), 'vpcId'),
        );
      }
      return Array.from({ length: n }, (_, i) => {
        const j = i % perVpc;
        return form('CreateSubnet', {
          VpcId: vpcs[Math.floor(i / perVpc)] as string,
          CidrBlock: `10.${Math.floor(i / perVpc)}.${Math.floor(j / 16)}.${(j % 16) * 16}/28`,
          AvailabilityZone: 'us-east-1a',
        });
      });
    },
  },
  {
    // 50 distinct rules per security group, as the boto3 script does.
    name: 'AuthorizeSecurityGroupIngress',
    prepare: async (c, n) => {
      const perSg = 50;
      const vpc = xmlValue(await c.ok(form('CreateVpc', { CidrBlock: '10.0.0.0/16' })), 'vpcId');
      const sgs: string[] = [];
      for (let k = 0; k * perSg < n; k++) {
        const xml = await c.ok(
          form('CreateSecurityGroup', {
            GroupName: `bench-${k}`,
            GroupDescription: 'bench',
            VpcId: vpc,
          }),
        );
        sgs.push(xmlValue(xml, 'groupId'));
      }
      return Array.from({ length: n }, (_, i) =>
        form('AuthorizeSecurityGroupIngress', {
          GroupId: sgs[Math.floor(i / perSg)] as string,
          'IpPermissions.1.IpProtocol': 'tcp',
          'IpPermissions.1.FromPort': 1000 + (i % perSg),
          'IpPermissions.1.ToPort': 1000 + (i % perSg),
          'IpPermissions.1.IpRanges.1.CidrIp': '10.1.0.0/16',
        }),
      );
    },
  },
];

/** DescribeVpcs (no filter) with `present` VPCs created first; `n` identical calls. */
export const describeVpcsOp = (present: number): LoadOp => ({
  name: `DescribeVpcs(${present})`,
  prepare: async (c, n) => {
    await parallel(present, 4, async (i) => {
      await c.ok(form('CreateVpc', { CidrBlock: vpcCidr(i) }));
    });
    return new Array<string>(n).fill(form('DescribeVpcs'));
  },
});
