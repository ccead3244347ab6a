import { attachmentAdvertisedPrefixes } from './advertised-prefixes.js';
import { bgpPrefixProviders } from './transit-gateway.js';

/**
 * Joins the hybrid-connectivity family to transit gateway routing: a VPN attachment propagates
 * what its BGP site advertises over the connection (nothing while no tunnel is up, nothing for a
 * static connection: its routes are the gateway's static routes), a Direct Connect gateway
 * attachment what the sites behind the gateway's transit virtual interfaces advertise (D70).
 * Imported for its effect by snapshot.ts, so every snapshot sees the providers.
 */
bgpPrefixProviders.vpn = (s, a) => {
  const vpn = s.get('vpn-connection', a.resourceId);
  // A static connection on a transit gateway has no routes of its own (D70).
  if (!vpn || vpn.staticRoutesOnly) return [];
  return attachmentAdvertisedPrefixes(s, { type: 'vpn', vpnConnectionId: a.resourceId });
};
bgpPrefixProviders['direct-connect-gateway'] = (s, a) =>
  attachmentAdvertisedPrefixes(s, {
    type: 'direct-connect-gateway',
    directConnectGatewayId: a.resourceId,
  });
