/**
 * A small EC2 Query load generator for bench/api.ts: Node's `http.Agent` with keep-alive,
 * request bodies built before the clock starts, and a syntactically valid SigV4 Authorization
 * header (neither server verifies signatures by default). Responses are read whole but never
 * parsed, except for the few ids a set-up step needs, so the client costs tens of microseconds
 * per call rather than boto3's milliseconds and the servers' capacity is what gets measured.
 */
import { Agent, request as httpRequest } from 'node:http';

export const REGION = 'us-east-1';
const VERSION = '2016-11-15';

/** Headers every request carries; the signature is well formed but not computed. */
function headers(body: string): Record<string, string | number> {
  return {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-amz-date': '20250101T000000Z',
    authorization:
      `AWS4-HMAC-SHA256 Credential=FOOBARKEY/20250101/${REGION}/ec2/aws4_request, ` +
      `SignedHeaders=content-type;host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
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

/** A keep-alive HTTP client for one endpoint, with up to `sockets` connections. */
export class Client {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(endpoint: string, sockets: number) {
    const url = new URL(endpoint);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** POSTs a form body to `/`; resolves with the status and the whole body as text. */
  post(body: string, path = '/'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: this.host,
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: headers(body),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Like `post`, but throws unless the answer is 200; returns the body. */
  async ok(body: string): Promise<string> {
    const r = await this.post(body);
    if (r.status !== 200)
      throw new Error(`${body.slice(0, 80)}… → ${r.status}: ${r.body.slice(0, 300)}`);
    return r.body;
  }

  close(): void {
    this.agent.destroy();
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
