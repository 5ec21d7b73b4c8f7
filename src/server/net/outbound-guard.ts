import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { AppError } from '../http/errors';

/**
 * Server-side connections a company configures (its SMTP relay, its report mailbox, its webhook
 * endpoints) must not reach the platform's own network: loopback, private and link-local ranges
 * (169.254.169.254 is the cloud metadata service) are refused unless BANSO_OUTBOUND_ALLOW names
 * them. The address is resolved once, checked, and the connection is made to that address, so a
 * name that resolves differently a moment later (DNS rebinding) cannot switch it.
 */

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'unique_local'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

interface ParsedIp {
  version: 4 | 6;
  bytes: Uint8Array;
}

/** Parses an IPv4 or IPv6 literal (zone and brackets dropped) into its bytes; null if it is none. */
export function parseIp(input: string): ParsedIp | null {
  const text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(text);
  if (version === 4) return { version: 4, bytes: Uint8Array.from(text.split('.').map(Number)) };
  if (version !== 6) return null;
  let head = text;
  let v4Tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    v4Tail = dotted[1].split('.').map(Number);
    head = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [left = '', right] = head.split('::');
  const groups = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const words = [...l, ...Array<number>(8 - l.length - r.length).fill(0), ...r];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  if (v4Tail.length === 4) bytes.set(v4Tail, 12);
  return { version: 6, bytes };
}

function inPrefix(bytes: Uint8Array, prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte]! & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyV4(b: Uint8Array): AddressClass {
  const [a = 0, c = 0] = b;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168)) return 'private';
  if (a === 100 && c >= 64 && c <= 127) return 'cgnat';
  if (a === 169 && c === 254) return 'link_local';
  if (a >= 224 && a <= 239) return 'multicast';
  // 192.0.0.0/24 (protocol assignments), 198.18.0.0/15 (benchmarking), 240.0.0.0/4 and broadcast.
  if ((a === 192 && c === 0 && b[2] === 0) || (a === 198 && (c === 18 || c === 19)) || a >= 240)
    return 'reserved';
  return 'public';
}

/** The class of an address; an IPv4 address inside IPv6 (mapped, NAT64, 6to4) counts as itself. */
export function classifyAddress(address: string): AddressClass {
  const ip = parseIp(address);
  if (!ip) throw new Error(`not an IP address: ${address}`);
  const b = ip.bytes;
  if (ip.version === 4) return classifyV4(b);
  if (inPrefix(b, [], 128)) return 'unspecified';
  if (inPrefix(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128)) return 'loopback';
  if (inPrefix(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96))
    return classifyV4(b.subarray(12));
  if (inPrefix(b, [0x00, 0x64, 0xff, 0x9b], 96)) return classifyV4(b.subarray(12));
  if (inPrefix(b, [0x20, 0x02], 16)) return classifyV4(b.subarray(2, 6));
  // ::a.b.c.d, the deprecated IPv4-compatible form, and 100::/64, the discard prefix.
  if (inPrefix(b, [], 96) || inPrefix(b, [0x01, 0x00], 64)) return 'reserved';
  if (inPrefix(b, [0xfe, 0x80], 10)) return 'link_local';
  if (inPrefix(b, [0xfe, 0xc0], 10)) return 'private';
  if (inPrefix(b, [0xfc], 7)) return 'unique_local';
  if (inPrefix(b, [0xff], 8)) return 'multicast';
  return 'public';
}

/** The IPv4 address an IPv6 one carries as ::ffff:a.b.c.d, else the address itself. */
function plainAddress(ip: ParsedIp): ParsedIp {
  if (ip.version === 6 && inPrefix(ip.bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96)) {
    return { version: 4, bytes: ip.bytes.slice(12) };
  }
  return ip;
}

const hostNamePattern =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

type AllowEntry = { kind: 'host'; host: string } | { kind: 'range'; ip: ParsedIp; bits: number };

/** Reads one BANSO_OUTBOUND_ALLOW entry: a host name, an address, or a range such as 10.0.0.0/8. */
export function parseAllowEntry(entry: string): AllowEntry | null {
  const [address = '', prefix, extra] = entry.trim().split('/');
  if (extra !== undefined) return null;
  const ip = parseIp(address);
  if (ip) {
    const max = ip.version === 4 ? 32 : 128;
    const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!(bits >= 0 && bits <= max)) return null;
    return { kind: 'range', ip: plainAddress(ip), bits };
  }
  if (prefix !== undefined || !hostNamePattern.test(address)) return null;
  return { kind: 'host', host: normaliseHost(address) };
}

const normaliseHost = (host: string) =>
  host
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

/** A refused destination: the host as configured, the address it resolved to and why. */
export class OutboundRefusedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(`outbound connection refused: ${host} is ${address} (${addressClass.replace('_', '-')})`);
  }
}

/** The API error for a refused destination, with what the person needs to fix it. */
export function outboundRefused(err: OutboundRefusedError): AppError {
  return new AppError('outbound_refused', {
    host: err.host,
    address: err.address,
    addressClass: err.addressClass,
  });
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dns.lookup(host, { all: true, verbatim: true });

/** Where a connection goes: the checked address, and the name for TLS (SNI and certificate). */
export interface PinnedAddress {
  host: string;
  address: string;
  family: 4 | 6;
  /** The configured name, for TLS; undefined when the host was an address. */
  servername: string | undefined;
}

export class OutboundGuard {
  readonly #allow: AllowEntry[];

  constructor(
    allow: readonly string[],
    private readonly resolver: Resolver = systemResolver,
  ) {
    this.#allow = allow.map((entry) => {
      const parsed = parseAllowEntry(entry);
      if (!parsed) throw new Error(`not a host or address range: ${entry}`);
      return parsed;
    });
  }

  #allowed(host: string, ip: ParsedIp): boolean {
    const plain = plainAddress(ip);
    return this.#allow.some((entry) =>
      entry.kind === 'host'
        ? entry.host === host
        : entry.ip.version === plain.version &&
          inPrefix(plain.bytes, [...entry.ip.bytes], entry.bits),
    );
  }

  /**
   * Resolves the host once and checks every address it has: one refused address refuses the
   * host, since the connection could land on any of them. Throws OutboundRefusedError, or the
   * resolver's error for a name that does not resolve.
   */
  async resolve(configuredHost: string): Promise<PinnedAddress> {
    const host = normaliseHost(configuredHost);
    const literal = parseIp(host);
    const found = literal
      ? [{ address: host, family: literal.version }]
      : await this.resolver(host);
    if (found.length === 0)
      throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
    for (const { address } of found) {
      const ip = parseIp(address);
      if (!ip) throw new Error(`resolver returned no address for ${host}`);
      const addressClass = classifyAddress(address);
      if (addressClass !== 'public' && !this.#allowed(host, ip)) {
        throw new OutboundRefusedError(host, address, addressClass);
      }
    }
    const first = found[0]!;
    return {
      host,
      address: first.address,
      family: first.family === 6 ? 6 : 4,
      servername: literal ? undefined : host,
    };
  }

  /**
   * The check before a host is saved: a refused address is the API error outbound_refused.
   * A name that does not resolve (yet) may be saved: every connection is checked again.
   */
  async assertAllowed(host: string): Promise<void> {
    try {
      await this.resolve(host);
    } catch (err) {
      if (err instanceof OutboundRefusedError) throw outboundRefused(err);
    }
  }
}
