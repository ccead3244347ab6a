import { Cidr, type Ip } from '../net/index.js';
import { AwsErrors, type AwsError } from '../model/errors.js';
import { fnv1a } from '../model/hash.js';
import type { OperationContext } from '../model/operation.js';
import { fail, ok, type Result } from '../model/result.js';
import type { Snapshot } from '../model/snapshot.js';
import type { VpnConnection, VpnTunnel } from '../model/vpn-connection.js';
import { nextPublicIpv4 } from './addressing.js';
import { cidrParam } from './params.js';

/**
 * The two tunnels of a new VPN connection: inside CIDRs (given or drawn) and Amazon-side
 * outside addresses (drawn from the Region's public pool).
 * https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html
 */

/** Tunnel options a request may give (`VpnTunnelOptionsSpecification`, the part modelled). */
export interface TunnelOptionsInput {
  readonly tunnelInsideCidr?: string;
}

const LINK_LOCAL = Cidr.parse('169.254.0.0/16') as Cidr;

/** Inside CIDRs AWS reserves ("The following CIDR blocks are reserved and cannot be used"). */
const RESERVED_INSIDE: readonly Cidr[] = [
  '169.254.0.0/30',
  '169.254.1.0/30',
  '169.254.2.0/30',
  '169.254.3.0/30',
  '169.254.4.0/30',
  '169.254.5.0/30',
  '169.254.169.252/30',
].map((c) => Cidr.parse(c) as Cidr);

const insideCidrError = (cidr: string, why: string): AwsError =>
  AwsErrors.invalidParameterValue(`The tunnel inside CIDR ${cidr} is invalid: ${why}.`);

/** The inside CIDRs in use on a gateway (a VGW or TGW id), which new tunnels may not reuse. */
function insideCidrsInUse(s: Snapshot, gatewayId: string): Cidr[] {
  const conns = [
    ...s.find('vpnConnectionsByVpnGateway', gatewayId),
    ...s.find('vpnConnectionsByTransitGateway', gatewayId),
  ];
  return conns
    .filter((v) => v.state !== 'deleted')
    .flatMap((v) => v.tunnels.map((t) => t.tunnelInsideCidr));
}

/** Checks a given inside CIDR: a /30 in 169.254.0.0/16, not reserved, not in use. */
function givenInsideCidr(text: string, taken: readonly Cidr[]): Result<Cidr, AwsError> {
  const cidr = cidrParam('TunnelInsideCidr', text, 4);
  if (!cidr.ok) return cidr;
  const c = cidr.value;
  if (c.prefix !== 30 || !LINK_LOCAL.containsCidr(c)) {
    return fail(insideCidrError(text, 'it must be a /30 CIDR block from the 169.254.0.0/16 range'));
  }
  if (RESERVED_INSIDE.some((r) => r.equals(c))) {
    return fail(insideCidrError(text, 'the CIDR block is reserved'));
  }
  if (taken.some((t) => t.equals(c))) {
    return fail(insideCidrError(text, 'it is already used by a tunnel on the same gateway'));
  }
  return ok(c);
}

/** A free /30 of 169.254.0.0/16, probing forward from a point derived from `seed`. */
function drawInsideCidr(seed: string, taken: readonly Cidr[]): Cidr | undefined {
  const blocks = 1n << 14n; // /30s in a /16
  const start = BigInt(fnv1a(seed)) % blocks;
  for (let i = 0n; i < blocks; i++) {
    const c = Cidr.of(LINK_LOCAL.nth(((start + i) % blocks) * 4n), 30);
    if (!RESERVED_INSIDE.some((r) => r.equals(c)) && !taken.some((t) => t.equals(c))) return c;
  }
  return undefined;
}

/** Outside addresses of every tunnel in the Region, so two tunnels never share one. */
function outsideAddressesInUse(s: Snapshot, region: string): Set<string> {
  const out = new Set<string>();
  for (const v of s.all('vpn-connection')) {
    if (v.region !== region || v.state === 'deleted') continue;
    for (const t of v.tunnels) out.add(t.outsideIpAddress.toString());
  }
  return out;
}

/** Builds both tunnels of a new connection to `gatewayId`; every tunnel starts UP (D42). */
export function buildTunnels(
  s: Snapshot,
  id: VpnConnection['id'],
  gatewayId: string,
  options: readonly TunnelOptionsInput[] | undefined,
  ctx: OperationContext,
): Result<[VpnTunnel, VpnTunnel], AwsError> {
  if (options !== undefined && options.length > 2) {
    return fail(
      AwsErrors.invalidParameterValue(
        'A VPN connection has two tunnels; at most two TunnelOptions may be given.',
      ),
    );
  }
  const taken = insideCidrsInUse(s, gatewayId);
  const claimed = outsideAddressesInUse(s, ctx.region);
  const tunnels: VpnTunnel[] = [];
  for (const n of [0, 1]) {
    const given = options?.[n]?.tunnelInsideCidr;
    const inside = given !== undefined ? givenInsideCidr(given, taken) : undefined;
    if (inside && !inside.ok) return inside;
    const cidr = inside?.value ?? drawInsideCidr(`${id}/${n}`, taken);
    const outside: Ip | undefined = nextPublicIpv4(s, ctx.region, `${id}/${n}`, claimed);
    if (!cidr || !outside) {
      return fail(
        AwsErrors.limitExceeded(
          'VpnConnectionLimitExceeded',
          'No addresses are left for the tunnels of a new VPN connection.',
        ),
      );
    }
    taken.push(cidr);
    claimed.add(outside.toString());
    tunnels.push({ outsideIpAddress: outside, tunnelInsideCidr: cidr, status: 'UP' });
  }
  const [a, b] = tunnels as [VpnTunnel, VpnTunnel];
  return ok([a, b]);
}
