/**
 * IP protocols as AWS rules name them. Security groups store `tcp`/`udp`/`icmp`/`icmpv6` by
 * name and other protocols by number; network ACLs store numbers; both write "all" as `-1`.
 * One parser serves both, and the dataplane reads stored rules with it.
 */

/** IANA numbers of the protocols AWS rules name (https://www.iana.org/assignments/protocol-numbers). */
export const PROTOCOL = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 } as const;

export type ProtocolName = keyof typeof PROTOCOL;

/** A rule's "every protocol", as AWS writes it. */
export const ALL_PROTOCOLS = -1;

/**
 * Parses a rule protocol as AWS accepts it: `-1` or `all`, a name (`tcp`, `udp`, `icmp`,
 * `icmpv6`, any case) or a decimal number 0–255 of at most three digits. Returns the IANA number
 * (-1 for all), or undefined when AWS would refuse the value.
 * @example parseProtocol('TCP') // 6
 */
export function parseProtocol(value: string | number): number | undefined {
  const text = String(value).trim().toLowerCase();
  if (text === '-1' || text === 'all') return ALL_PROTOCOLS;
  if (Object.hasOwn(PROTOCOL, text)) return PROTOCOL[text as ProtocolName];
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 255 ? n : undefined;
}

const NAME_OF = new Map<number, ProtocolName>(
  Object.entries(PROTOCOL).map(([name, n]) => [n, name as ProtocolName]),
);

/** The name AWS gives a protocol number in security group rules, if it has one. */
export const protocolName = (n: number): ProtocolName | undefined => NAME_OF.get(n);
