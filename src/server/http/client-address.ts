import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Bounds the verdicts kept when forwarded chains bring many different addresses. */
const MAX_REMEMBERED_ADDRESSES = 10_000;

/**
 * The client's address the way Fastify's `trustProxy` option reads it: the peer itself, or, for
 * a peer among the configured proxies (comma-separated addresses or ranges), the nearest
 * forwarded address not itself a trusted proxy.
 */
export function clientAddressReader(
  trustProxy: string | undefined,
): (request: IncomingMessage) => string | undefined {
  if (!trustProxy) return (request) => request.socket.remoteAddress;
  const compiled = proxyAddr.compile(trustProxy.split(',').map((value) => value.trim()));
  // A proxy's own address comes again with every request it forwards: parsed once, not each time.
  // The compiled list judges an address alone, whatever its place in the chain.
  const decided = new Map<string, boolean>();
  const trusted = (address: string) => {
    let trust = decided.get(address);
    if (trust === undefined) {
      if (decided.size >= MAX_REMEMBERED_ADDRESSES) decided.clear();
      trust = compiled(address, 0);
      decided.set(address, trust);
    }
    return trust;
  };
  return (request) => {
    const chain = proxyAddr.all(request, trusted);
    return chain[chain.length - 1];
  };
}
