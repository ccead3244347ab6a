import { isVpnUp } from './vpn-connection.js';
import type { Snapshot } from './snapshot.js';
import { gatewayAttachments } from './transit-gateway.js';

/**
 * Site-to-Site VPN quota "maximum bandwidth per VPN tunnel": up to 1.25 Gbps
 * (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-limits.html).
 */
export const VPN_TUNNEL_GBPS = 1.25;

/** What a transit gateway's VPNs can carry toward on premises together (D74). */
export interface VpnEcmpBandwidth {
  readonly ecmp: boolean;
  /** Connections that carry traffic at once. */
  readonly connections: number;
  /** Tunnels that carry traffic at once (UP tunnels of those connections). */
  readonly tunnels: number;
  readonly perTunnelGbps: number;
  readonly totalGbps: number;
}

/**
 * The aggregate VPN bandwidth of a transit gateway: with VPN ECMP, every UP tunnel of every
 * available BGP connection attached to it carries flows at once (the TGW user guide's way past
 * one tunnel's 1.25 Gbps: "equal-cost multi-path routing across multiple VPN tunnels"); static
 * connections and gateways without ECMP use one tunnel at a time. Undefined when no VPN
 * connection of the gateway is up.
 */
export function vpnEcmpBandwidth(s: Snapshot, tgwId: string): VpnEcmpBandwidth | undefined {
  const tgw = s.get('transit-gateway', tgwId);
  if (!tgw) return undefined;
  const up = gatewayAttachments(s, tgwId)
    .filter((a) => a.resourceType === 'vpn' && a.state === 'available')
    .flatMap((a) => s.get('vpn-connection', a.resourceId) ?? [])
    .filter(isVpnUp);
  if (up.length === 0) return undefined;
  const ecmp = tgw.options.vpnEcmpSupport === 'enable';
  const bgp = up.filter((v) => !v.staticRoutesOnly);
  const one = { connections: 1, tunnels: 1 };
  const { connections, tunnels } =
    ecmp && bgp.length > 0
      ? {
          connections: bgp.length,
          tunnels: bgp.reduce((n, v) => n + v.tunnels.filter((t) => t.status === 'UP').length, 0),
        }
      : one;
  return {
    ecmp,
    connections,
    tunnels,
    perTunnelGbps: VPN_TUNNEL_GBPS,
    totalGbps: tunnels * VPN_TUNNEL_GBPS,
  };
}

/** `4 × 2 × 1.25 Gbps = 10 Gbps` (connections × tunnels each × per tunnel), or by tunnels. */
export function formatVpnBandwidth(b: VpnEcmpBandwidth): string {
  const even = b.tunnels % b.connections === 0;
  const factors = even ? `${b.connections} × ${b.tunnels / b.connections}` : `${b.tunnels} tunnels`;
  return `${factors} × ${b.perTunnelGbps} Gbps = ${b.totalGbps} Gbps`;
}
