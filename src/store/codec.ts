import { Cidr, Ip } from '../net/index.js';
import type { Resource } from '../model/resource.js';

/**
 * Resources as JSON text, for the database. Plain JSON would turn every `Cidr` and `Ip` into a
 * string (their `toJSON`), and a reader could not tell a CIDR from a description that happens to
 * look like one; so typed values are tagged — `{"$cidr":"10.0.0.0/16"}`, `{"$ip":"10.0.0.5"}`,
 * `{"$bigint":"42"}` — and rebuilt on the way back. The text stays readable in `sqlite3`, and
 * `decode(encode(r))` deep-equals `r`, class instances included.
 *
 * Keys `$cidr`, `$ip` and `$bigint` are reserved: no resource field may use them.
 */

/** Thrown when stored text is not a resource this codec wrote (a corrupt or foreign row). */
export class CodecError extends Error {
  override readonly name = 'CodecError';
}

/**
 * The replacer sees the value *after* `toJSON` (a string for Cidr and Ip), so it reads the raw
 * value from the holder, `this[key]`, to recognise the class.
 */
function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Cidr) return { $cidr: raw.toString() };
  if (raw instanceof Ip) return { $ip: raw.toString() };
  if (typeof raw === 'bigint') return { $bigint: raw.toString() };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const tagged = value as { $cidr?: unknown; $ip?: unknown; $bigint?: unknown };
  if (typeof tagged.$cidr === 'string') {
    const cidr = Cidr.parse(tagged.$cidr);
    if (!cidr) throw new CodecError(`stored CIDR '${tagged.$cidr}' does not parse`);
    return cidr;
  }
  if (typeof tagged.$ip === 'string') {
    const ip = Ip.parse(tagged.$ip);
    if (!ip) throw new CodecError(`stored IP address '${tagged.$ip}' does not parse`);
    return ip;
  }
  if (typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint);
  return value;
}

/** Encodes any value holding `Cidr`, `Ip` and bigint values as JSON text. */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value, replacer);
}

/** Decodes text written by `encodeValue`, rebuilding `Cidr`, `Ip` and bigint values. */
export function decodeValue(text: string): unknown {
  return JSON.parse(text, reviver) as unknown;
}

/** Encodes a resource as JSON text, tagging `Cidr` and `Ip` values. */
export function encodeResource(r: Resource): string {
  return encodeValue(r);
}

/** Decodes a resource written by `encodeResource`; throws `CodecError` on foreign text. */
export function decodeResource(text: string): Resource {
  const value = decodeValue(text);
  if (typeof value !== 'object' || value === null) throw new CodecError('stored resource is not an object');
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  if (typeof kind !== 'string' || typeof id !== 'string') {
    throw new CodecError('stored resource has no kind and id');
  }
  return value as Resource;
}
