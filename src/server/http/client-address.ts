import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/**
 * The client's address the way Fastify's `trustProxy` option reads it: the peer itself, or, for
 * a peer among the configured proxies (comma-separated addresses or ranges), the nearest
 * forwarded address not itself a trusted proxy.
 */
export function clientAddressReader(
  trustProxy: string | undefined,
): (request: IncomingMessage) => string | undefined {
  if (!trustProxy) return (request) => request.socket.remoteAddress;
  const trusted = proxyAddr.compile(trustProxy.split(',').map((value) => value.trim()));
  return (request) => {
    const chain = proxyAddr.all(request, trusted);
    return chain[chain.length - 1];
  };
}
