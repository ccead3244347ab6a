import { type Family, Ip, familyBits, familyMax } from './ip.js';

function hostMask(family: Family, prefix: number): bigint {
  return (1n << BigInt(familyBits(family) - prefix)) - 1n;
}

function checkPrefix(family: Family, prefix: number): void {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > familyBits(family)) {
    throw new RangeError(`/${prefix} is not a valid IPv${family} prefix length`);
  }
}

/** Parses a decimal prefix length strictly: digits only, no leading zeros, at most `max`. */
function parsePrefixLength(text: string, max: number): number | undefined {
  if (text.length === 0 || text.length > 3) return undefined;
  if (text.length > 1 && text.charCodeAt(0) === 0x30) return undefined;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    n = n * 10 + (c - 0x30);
  }
  return n <= max ? n : undefined;
}

function parseParts(text: string): { ip: Ip; prefix: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = Ip.parse(text.slice(0, slash));
  if (ip === undefined) return undefined;
  const prefix = parsePrefixLength(text.slice(slash + 1), ip.bits);
  return prefix === undefined ? undefined : { ip, prefix };
}

/**
 * An immutable, canonical CIDR block: host bits of `base` are always zero.
 *
 * @example Cidr.parse('10.0.0.18/16')?.toString() // '10.0.0.0/16'
 */
export class Cidr {
  /** 4 or 6. */
  readonly family: Family;
  /** Numeric value of the first address. */
  readonly base: bigint;
  /** Prefix length: 0–32 for IPv4, 0–128 for IPv6. */
  readonly prefix: number;
  /** Numeric value of the last address; kept because every range test needs it. */
  readonly end: bigint;

  private constructor(family: Family, base: bigint, prefix: number) {
    this.family = family;
    this.base = base;
    this.prefix = prefix;
    this.end = base | hostMask(family, prefix);
  }

  /** Parses `addr/len`, clearing host bits as AWS does; undefined when the text is invalid. */
  static parse(text: string): Cidr | undefined {
    const parts = parseParts(text);
    return parts === undefined ? undefined : Cidr.of(parts.ip, parts.prefix);
  }

  /** Like parse, but undefined when host bits are set (for callers that must not guess). */
  static parseStrict(text: string): Cidr | undefined {
    const parts = parseParts(text);
    if (parts === undefined) return undefined;
    const cidr = Cidr.of(parts.ip, parts.prefix);
    return cidr.base === parts.ip.value ? cidr : undefined;
  }

  /** The block of the given prefix length containing ip; throws on an invalid length. */
  static of(ip: Ip, prefix: number): Cidr {
    checkPrefix(ip.family, prefix);
    return new Cidr(ip.family, ip.value & ~hostMask(ip.family, prefix), prefix);
  }

  /** The single-address block (/32 or /128) of ip. */
  static host(ip: Ip): Cidr {
    return new Cidr(ip.family, ip.value, ip.bits);
  }

  /** The whole address space of the family (0.0.0.0/0 or ::/0). */
  static all(family: Family): Cidr {
    return new Cidr(family, 0n, 0);
  }

  /** 32 for IPv4, 128 for IPv6. */
  get bits(): 32 | 128 {
    return familyBits(this.family);
  }

  /** The first (network) address. */
  get first(): Ip {
    return Ip.of(this.family, this.base);
  }

  /** The last (broadcast-position) address. */
  get last(): Ip {
    return Ip.of(this.family, this.end);
  }

  /** Number of addresses in the block. */
  get size(): bigint {
    return 1n << BigInt(this.bits - this.prefix);
  }

  /** True when ip lies in the block; always false across families. */
  contains(ip: Ip): boolean {
    return ip.family === this.family && ip.value >= this.base && ip.value <= this.end;
  }

  /** True when every address of c lies in this block; false across families. */
  containsCidr(c: Cidr): boolean {
    return c.family === this.family && c.base >= this.base && c.end <= this.end;
  }

  /** True when the blocks share an address; false across families. */
  overlaps(c: Cidr): boolean {
    return c.family === this.family && c.base <= this.end && this.base <= c.end;
  }

  /** True when both blocks have the same family, base and prefix. */
  equals(c: Cidr): boolean {
    return this.family === c.family && this.base === c.base && this.prefix === c.prefix;
  }

  /** Orders by family, then base, then prefix length; returns -1, 0 or 1. */
  compare(c: Cidr): number {
    if (this.family !== c.family) return this.family < c.family ? -1 : 1;
    if (this.base !== c.base) return this.base < c.base ? -1 : 1;
    return this.prefix === c.prefix ? 0 : this.prefix < c.prefix ? -1 : 1;
  }

  /** The address at offset i from the base; throws when i falls outside the block. */
  nth(i: bigint): Ip {
    if (i < 0n || i > this.end - this.base) {
      throw new RangeError(`offset ${i} is outside ${this.toString()}`);
    }
    return Ip.of(this.family, this.base + i);
  }

  /** Yields, in address order, the blocks of the given longer prefix that tile this one. */
  *subnets(prefix: number): Generator<Cidr> {
    checkPrefix(this.family, prefix);
    if (prefix < this.prefix) {
      throw new RangeError(`/${prefix} is shorter than ${this.toString()}`);
    }
    const step = 1n << BigInt(this.bits - prefix);
    for (let base = this.base; base <= this.end; base += step) {
      yield new Cidr(this.family, base, prefix);
    }
  }

  /** The enclosing block of the given shorter prefix; throws when prefix is longer. */
  supernet(prefix: number): Cidr {
    checkPrefix(this.family, prefix);
    if (prefix > this.prefix) {
      throw new RangeError(`/${prefix} is longer than ${this.toString()}`);
    }
    return Cidr.of(this.first, prefix);
  }

  /** `addr/len` with the address in canonical form. */
  toString(): string {
    return `${this.first.toString()}/${this.prefix}`;
  }

  /** Serialises as the canonical string. */
  toJSON(): string {
    return this.toString();
  }
}

/** The minimal list of CIDRs, in address order, covering exactly [start, end]. */
export function cidrsFromRange(family: Family, start: bigint, end: bigint): Cidr[] {
  const max = familyMax(family);
  if (start < 0n || end > max) {
    throw new RangeError(`[${start}, ${end}] is outside the IPv${family} address space`);
  }
  const bits = familyBits(family);
  const out: Cidr[] = [];
  let cur = start;
  while (cur <= end) {
    // The largest block starting at cur is bounded by cur's alignment and by what remains.
    let hostBits = 0;
    while (
      hostBits < bits &&
      (cur & ((1n << BigInt(hostBits + 1)) - 1n)) === 0n &&
      cur + (1n << BigInt(hostBits + 1)) - 1n <= end
    ) {
      hostBits++;
    }
    const c = Cidr.of(Ip.of(family, cur), bits - hostBits);
    out.push(c);
    if (c.end === max) break;
    cur = c.end + 1n;
  }
  return out;
}
