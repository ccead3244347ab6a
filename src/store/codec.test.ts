import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caller, harness } from '../../test/support/harness.js';
import { createVpc } from '../control/vpc.js';
import { KINDS, type Resource } from '../model/resource.js';
import { Cidr, Ip } from '../net/index.js';
import { CodecError, decodeResource, decodeValue, encodeResource, encodeValue } from './codec.js';

const ip = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }).map((v) => Ip.of(4, v)),
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((v) => Ip.of(6, v)),
);
const cidr = ip.chain((a) => fc.integer({ min: 0, max: a.bits }).map((p) => Cidr.of(a, p)));

/** JSON-like values with Cidr, Ip and bigint leaves anywhere, as resources hold them. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt(),
    ip,
    cidr,
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((k) => !k.startsWith('$') && k !== '__proto__'),
      tie('node'),
      { maxKeys: 4, noNullPrototype: true },
    ),
  ),
})).node;

/**
 * The reference encoding: a JSON.stringify replacer that reads the raw value from its holder
 * (`toJSON` has already run on `value`). encodeValue must write exactly this text.
 */
function replacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Cidr) return { $cidr: raw.toString() };
  if (raw instanceof Ip) return { $ip: raw.toString() };
  if (typeof raw === 'bigint') return { $bigint: raw.toString() };
  return value;
}

/** The reference decoding: a JSON.parse reviver. decodeValue must build the same values. */
function reviver(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as { $cidr?: unknown; $ip?: unknown; $bigint?: unknown };
  if (typeof v.$cidr === 'string') return Cidr.parse(v.$cidr);
  if (typeof v.$ip === 'string') return Ip.parse(v.$ip);
  if (typeof v.$bigint === 'string') return BigInt(v.$bigint);
  return value;
}

describe('codec', () => {
  it('reads the same values as the reviver-based reference decoding', () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = encodeValue(v);
        expect(decodeValue(text)).toStrictEqual(JSON.parse(text, reviver));
      }),
    );
    const proto = '{"__proto__":{"$cidr":"10.0.0.0/8"},"a":[{"$ip":"::1"}]}';
    const decoded = decodeValue(proto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded).toStrictEqual(JSON.parse(proto, reviver));
  });

  it('writes the same text as the replacer-based reference encoding', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(encodeValue(v)).toBe(JSON.stringify(v, replacer));
      }),
    );
    const odd = {
      d: new Date(0),
      u: undefined,
      f: () => 1,
      nested: [undefined, { x: 1n }],
      own: JSON.parse('{"__proto__": {"a": 1}}') as unknown,
    };
    expect(encodeValue(odd)).toBe(JSON.stringify(odd, replacer));
  });

  it('round-trips any value, rebuilding Cidr, Ip and bigint instances', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeValue(encodeValue(v))).toStrictEqual(v);
      }),
    );
  });

  it('rebuilds class instances, not look-alikes', () => {
    const v = { a: Cidr.parse('10.0.0.0/16'), b: [Ip.parse('2001:db8::1')], c: 5n };
    const back = decodeValue(encodeValue(v)) as typeof v;
    expect(back.a).toBeInstanceOf(Cidr);
    expect(back.a?.equals(v.a as Cidr)).toBe(true);
    expect(back.b[0]).toBeInstanceOf(Ip);
    expect(back.c).toBe(5n);
  });

  it('tags typed values in readable JSON', () => {
    const text = encodeValue({
      cidrBlock: Cidr.parse('10.0.0.0/16'),
      ip: Ip.parse('10.0.0.5'),
      n: 1n,
    });
    expect(text).toBe(
      '{"cidrBlock":{"$cidr":"10.0.0.0/16"},"ip":{"$ip":"10.0.0.5"},"n":{"$bigint":"1"}}',
    );
    // A string that looks like a CIDR stays a string.
    expect(decodeValue(encodeValue({ description: '10.0.0.0/16' }))).toEqual({
      description: '10.0.0.0/16',
    });
  });

  it('round-trips real resources: decode(encode(r)) deep-equals r', () => {
    const h = harness();
    h.init(caller('222222222222', 'eu-west-1'));
    h.run(createVpc, { cidrBlock: '10.0.0.0/16', amazonProvidedIpv6CidrBlock: true });
    h.run(createVpc, { cidrBlock: '172.16.0.0/20', tags: [{ key: 'Name', value: 'b' }] });
    const all: Resource[] = KINDS.flatMap((k) => [...h.s.all(k)]);
    expect(new Set(all.map((r) => r.kind)).size).toBeGreaterThanOrEqual(5);
    for (const r of all) expect(decodeResource(encodeResource(r))).toStrictEqual(r);
  });

  it('rejects text it did not write', () => {
    expect(() => decodeResource('[1, 2]')).toThrow(CodecError);
    expect(() => decodeResource('{"kind": "vpc"}')).toThrow(CodecError);
    expect(() => decodeValue('{"$cidr": "10.0.0.0/99"}')).toThrow(CodecError);
    expect(() => decodeValue('{"$ip": "not an ip"}')).toThrow(CodecError);
    expect(() => decodeValue('{"$bigint": "1.5"}')).toThrow(CodecError);
  });
});
