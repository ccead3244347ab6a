/** An IP address family: 4 for IPv4, 6 for IPv6. */
export type Family = 4 | 6;

const V4_MAX = 0xffff_ffffn;
const V6_MAX = (1n << 128n) - 1n;

/** Number of bits in an address of the family. */
export function familyBits(family: Family): 32 | 128 {
  return family === 4 ? 32 : 128;
}

/** Largest address value of the family (all ones). */
export function familyMax(family: Family): bigint {
  return family === 4 ? V4_MAX : V6_MAX;
}

/** Throws when two values of different families meet: callers must never mix them. */
export function assertSameFamily(expected: Family, actual: Family, what: string): void {
  if (expected !== actual) {
    throw new TypeError(`${what}: IPv${actual} value used where IPv${expected} is required`);
  }
}

/**
 * An immutable IPv4 or IPv6 address held as a bigint.
 *
 * @example Ip.parse('10.0.0.1')?.add(1n)?.toString() // '10.0.0.2'
 */
export class Ip {
  /** 4 or 6. */
  readonly family: Family;
  /** The address as an unsigned integer of 32 or 128 bits. */
  readonly value: bigint;

  private constructor(family: Family, value: bigint) {
    this.family = family;
    this.value = value;
  }

  /** Parses an IPv4 or IPv6 address strictly; undefined when AWS would reject the text. */
  static parse(text: string): Ip | undefined {
    // A colon can only appear in IPv6, so one scan picks the parser.
    return text.includes(':') ? Ip.parseV6(text) : Ip.parseV4(text);
  }

  /** Parses a dotted-quad IPv4 address strictly (four octets, no leading zeros). */
  static parseV4(text: string): Ip | undefined {
    const n = parseV4Number(text, 0, text.length);
    return n < 0 ? undefined : new Ip(4, BigInt(n));
  }

  /** Parses an IPv6 address strictly (RFC 4291 text forms, no zone id). */
  static parseV6(text: string): Ip | undefined {
    const value = parseV6Value(text);
    return value === undefined ? undefined : new Ip(6, value);
  }

  /** The address of the family with the given numeric value; throws if out of range. */
  static of(family: Family, value: bigint): Ip {
    if (family !== 4 && family !== 6)
      throw new RangeError(`unknown address family ${String(family)}`);
    if (value < 0n || value > familyMax(family)) {
      throw new RangeError(`value ${value} is outside the IPv${family} address space`);
    }
    return new Ip(family, value);
  }

  /** The IPv4 address with the given unsigned 32-bit value; throws if not a uint32. */
  static fromUint32(n: number): Ip {
    if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) {
      throw new RangeError(`${n} is not an unsigned 32-bit integer`);
    }
    return new Ip(4, BigInt(n));
  }

  /** 32 for IPv4, 128 for IPv6. */
  get bits(): 32 | 128 {
    return familyBits(this.family);
  }

  /** The IPv4 address as an unsigned 32-bit number; throws on IPv6. */
  toUint32(): number {
    if (this.family !== 4) throw new TypeError('toUint32() called on an IPv6 address');
    return Number(this.value);
  }

  /** True when both addresses have the same family and value. */
  equals(o: Ip): boolean {
    return this.family === o.family && this.value === o.value;
  }

  /** Orders by family (IPv4 first), then by value; returns -1, 0 or 1. */
  compare(o: Ip): number {
    if (this.family !== o.family) return this.family < o.family ? -1 : 1;
    return this.value < o.value ? -1 : this.value > o.value ? 1 : 0;
  }

  /** The address n further on (n may be negative); undefined if that leaves the family. */
  add(n: bigint): Ip | undefined {
    const v = this.value + n;
    return v < 0n || v > familyMax(this.family) ? undefined : new Ip(this.family, v);
  }

  /** Dotted quad for IPv4; RFC 5952 canonical text for IPv6. */
  toString(): string {
    return this.family === 4 ? formatV4(Number(this.value)) : formatV6(this.value);
  }

  /** Serialises as the canonical string. */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Parses text[start, end) as a strict dotted quad; returns the uint32 value or -1.
 * A hand-written scan instead of a regex: this sits on every hot path that reads addresses.
 */
function parseV4Number(text: string, start: number, end: number): number {
  let result = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      result = result * 256 + octet;
      dots++;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // AWS rejects leading zeros ("010.0.0.1") because some stacks read them as octal.
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 0x30);
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return result * 256 + octet;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Appends the 16-bit groups of one side of an IPv6 text (split at "::") to out.
 * Only the final group of the final side may be a dotted quad (RFC 4291 §2.2 form 3).
 */
function parseV6Side(side: string, allowV4: boolean, out: number[]): boolean {
  if (side === '') return true;
  const parts = side.split(':');
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    if (part.includes('.')) {
      if (!allowV4 || p !== parts.length - 1) return false;
      const n = parseV4Number(part, 0, part.length);
      if (n < 0) return false;
      out.push(Math.floor(n / 0x10000), n & 0xffff);
      continue;
    }
    if (part.length === 0 || part.length > 4) return false;
    let group = 0;
    for (let i = 0; i < part.length; i++) {
      const d = hexDigit(part.charCodeAt(i));
      if (d < 0) return false;
      group = group * 16 + d;
    }
    out.push(group);
  }
  return true;
}

function parseV6Value(text: string): bigint | undefined {
  const gap = text.indexOf('::');
  const head: number[] = [];
  const tail: number[] = [];
  if (gap < 0) {
    if (!parseV6Side(text, true, head) || head.length !== 8) return undefined;
  } else {
    // Searching from gap + 1 also catches ":::" as a second "::".
    if (text.indexOf('::', gap + 1) >= 0) return undefined;
    if (!parseV6Side(text.slice(0, gap), false, head)) return undefined;
    if (!parseV6Side(text.slice(gap + 2), true, tail)) return undefined;
    // "::" stands for at least one zero group, so at most seven are written.
    if (head.length + tail.length > 7) return undefined;
    while (head.length + tail.length < 8) head.push(0);
    head.push(...tail);
  }
  let value = 0n;
  for (const g of head) value = (value << 16n) | BigInt(g);
  return value;
}

function formatV4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

function formatV6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  // RFC 5952 §5: IPv4-mapped addresses are written with the embedded dotted quad.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatV4(groups[6]! * 0x10000 + groups[7]!)}`;
  }
  // RFC 5952 §4.2: compress the longest run of two or more zero groups, the first on ties.
  let bestStart = -1;
  let bestLen = 1;
  let runStart = 0;
  for (let i = 0; i <= 8; i++) {
    if (i < 8 && groups[i] === 0) continue;
    if (i - runStart > bestLen) {
      bestStart = runStart;
      bestLen = i - runStart;
    }
    runStart = i + 1;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}
