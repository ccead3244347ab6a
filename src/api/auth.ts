/**
 * Who is calling: the account behind an access key (from the accounts file), and, when asked
 * for, proof that the caller knows the key's secret (AWS Signature Version 4).
 *
 * SigV4 as AWS specifies it: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** One access key and what it stands for. */
export interface Credential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** The caller's ARN for sts:GetCallerIdentity; the account root by default. */
  readonly arn?: string;
}

/** The accounts file: keys → accounts, and the account of any other key. */
export interface Accounts {
  readonly defaultAccount?: string | undefined;
  readonly credentials: readonly Credential[];
}

const ACCOUNT_ID = z.string().regex(/^\d{12}$/, 'an account id is 12 digits');

export const accountsFileSchema = z
  .object({
    defaultAccount: ACCOUNT_ID.optional(),
    credentials: z
      .array(
        z
          .object({
            accessKeyId: z.string().min(1),
            secretAccessKey: z.string().min(1),
            accountId: ACCOUNT_ID,
            arn: z.string().startsWith('arn:').optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** The parts of a SigV4 Authorization header. */
export interface SigV4Header {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTH_HEADER =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;._-]+),\s*Signature=([0-9a-f]+)\s*$/i;

/** Parses `AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/ec2/aws4_request, …`. */
export function parseSigV4(authorization: string | undefined): SigV4Header | undefined {
  const m = authorization === undefined ? null : AUTH_HEADER.exec(authorization);
  if (m === null) return undefined;
  const [, accessKeyId, date, region, service, signed, signature] = m;
  if (!accessKeyId || !date || !region || !service || !signed || !signature) return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signed.split(';'), signature };
}

/** What a request looks like to the signer. */
export interface SignedRequest {
  readonly method: string;
  /** Path and query string as sent, e.g. `/` or `/?Action=…`. */
  readonly url: string;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: unreserved characters only. */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    return [uriEncode(k), uriEncode(v)] as const;
  });
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** The signature AWS would compute for `request` with `secret`; undefined if unsignable. */
export function expectedSignature(
  request: SignedRequest,
  header: SigV4Header,
  secret: string,
): string | undefined {
  const headerValue = (name: string): string | undefined => {
    const v = request.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const amzDate = headerValue('x-amz-date');
  if (amzDate === undefined) return undefined;
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  const query = q < 0 ? '' : request.url.slice(q + 1);
  const canonicalHeaders = header.signedHeaders
    .map((name) => `${name}:${(headerValue(name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    request.method.toUpperCase(),
    path
      .split('/')
      .map((seg) => uriEncode(decodeURIComponent(seg)))
      .join('/'),
    canonicalQuery(query),
    canonicalHeaders,
    header.signedHeaders.join(';'),
    headerValue('x-amz-content-sha256') ?? sha256(Buffer.from(request.body, 'utf8')),
  ].join('\n');
  const scope = `${header.date}/${header.region}/${header.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secret}`, header.date);
  const kSigning = hmac(hmac(hmac(kDate, header.region), header.service), 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

/** Compares signatures in constant time. */
export function signaturesMatch(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A refusal of the caller's credentials, in AWS's words. */
export interface AuthError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
}

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** `20261127T101500Z` → epoch milliseconds. */
function amzDateMs(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0);
}

/**
 * Checks a request's SigV4 signature against the secret of its access key: the errors EC2
 * gives for a missing signature, an unknown key, a wrong signature and a stale request.
 */
export function verifySignature(
  request: SignedRequest,
  credentials: ReadonlyMap<string, Credential>,
  now: number,
): AuthError | undefined {
  const raw = request.headers.authorization;
  const header = parseSigV4(typeof raw === 'string' ? raw : undefined);
  if (header === undefined) {
    return {
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
      httpStatus: 403,
    };
  }
  const credential = credentials.get(header.accessKeyId);
  if (credential === undefined) {
    return {
      code: 'AuthFailure',
      message: 'AWS was not able to validate the provided access credentials',
      httpStatus: 401,
    };
  }
  const expected = expectedSignature(request, header, credential.secretAccessKey);
  if (expected === undefined || !signaturesMatch(expected, header.signature)) {
    return {
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      httpStatus: 403,
    };
  }
  const amzDate = request.headers['x-amz-date'];
  const signedAt = typeof amzDate === 'string' ? amzDateMs(amzDate) : undefined;
  if (signedAt === undefined || Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    return {
      code: 'RequestExpired',
      message: `Request has expired. Timestamp date is ${typeof amzDate === 'string' ? amzDate : ''}`,
      httpStatus: 400,
    };
  }
  return undefined;
}
