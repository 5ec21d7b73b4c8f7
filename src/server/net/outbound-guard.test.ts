import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors';
import { loadConfig, ConfigError } from '../config';
import {
  classifyAddress,
  OutboundGuard,
  OutboundRefusedError,
  parseAllowEntry,
  type Resolver,
} from './outbound-guard';

describe('address classes', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link_local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['192.0.2.1', 'public'],
  ])('IPv4 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each([
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fc00::1', 'unique_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['[::1]', 'loopback'],
    ['2001:4860:4860::8888', 'public'],
    ['2606:4700::1111', 'public'],
  ])('IPv6 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:c0a8:0101::1', 'private'],
    ['::127.0.0.1', 'reserved'],
  ])('IPv4 inside IPv6 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('allow-list entries', () => {
  it('reads hosts, addresses and ranges and refuses anything else', () => {
    expect(parseAllowEntry('mail.internal')).toEqual({ kind: 'host', host: 'mail.internal' });
    expect(parseAllowEntry('10.1.2.0/24')).toMatchObject({ kind: 'range', bits: 24 });
    expect(parseAllowEntry('127.0.0.1')).toMatchObject({ kind: 'range', bits: 32 });
    expect(parseAllowEntry('fd00::/8')).toMatchObject({ kind: 'range', bits: 8 });
    for (const bad of ['10.0.0.0/33', '::/129', 'http://x', 'a b', '10.0.0.0/8/1', 'x/8', ''])
      expect(parseAllowEntry(bad)).toBeNull();
  });

  it('is validated at start-up', () => {
    expect(loadConfig({}).outboundAllow).toEqual([]);
    expect(
      loadConfig({ BANSO_OUTBOUND_ALLOW: ' relay.local , 10.0.0.0/8,' }).outboundAllow,
    ).toEqual(['relay.local', '10.0.0.0/8']);
    expect(() => loadConfig({ BANSO_OUTBOUND_ALLOW: '10.0.0.0/99' })).toThrow(ConfigError);
  });
});

/** A resolver answering from a table, counting its calls. */
function fakeDns(table: Record<string, string[]>) {
  const calls: string[] = [];
  const resolver: Resolver = async (host) => {
    calls.push(host);
    const found = table[host];
    if (!found)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolver, calls };
}

describe('the outbound guard', () => {
  const dnsTable = {
    'relay.example.jp': ['203.0.113.25'],
    'metadata.example.jp': ['169.254.169.254'],
    'mixed.example.jp': ['203.0.113.7', '10.0.0.7'],
    'v6.example.jp': ['::ffff:127.0.0.1'],
    'mail.internal': ['10.20.0.5'],
  };

  it('pins the one resolved public address and keeps the name for TLS', async () => {
    const { resolver, calls } = fakeDns(dnsTable);
    const guard = new OutboundGuard([], resolver);
    expect(await guard.resolve('Relay.Example.jp.')).toEqual({
      host: 'relay.example.jp',
      address: '203.0.113.25',
      family: 4,
      servername: 'relay.example.jp',
    });
    expect(calls).toEqual(['relay.example.jp']);
    expect(await guard.resolve('[2001:db8::1]')).toMatchObject({
      address: '2001:db8::1',
      family: 6,
      servername: undefined,
    });
  });

  it('refuses loopback, private, link-local and mapped addresses, by name or literal', async () => {
    const guard = new OutboundGuard([], fakeDns(dnsTable).resolver);
    for (const host of [
      '127.0.0.1',
      '10.0.0.1',
      '[::1]',
      '::ffff:169.254.169.254',
      'metadata.example.jp',
      'v6.example.jp',
      // One internal address among public ones refuses the host: the connection could use it.
      'mixed.example.jp',
    ]) {
      await expect(guard.resolve(host)).rejects.toBeInstanceOf(OutboundRefusedError);
    }
    await expect(guard.resolve('metadata.example.jp')).rejects.toMatchObject({
      address: '169.254.169.254',
      addressClass: 'link_local',
    });
  });

  it('lets through what the allow-list names, by host or by range', async () => {
    const { resolver } = fakeDns(dnsTable);
    const byHost = new OutboundGuard(['mail.internal'], resolver);
    expect((await byHost.resolve('mail.internal')).address).toBe('10.20.0.5');
    await expect(byHost.resolve('10.20.0.5')).rejects.toBeInstanceOf(OutboundRefusedError);
    const byRange = new OutboundGuard(['10.20.0.0/16', '127.0.0.1'], resolver);
    expect((await byRange.resolve('10.20.0.5')).address).toBe('10.20.0.5');
    expect((await byRange.resolve('v6.example.jp')).address).toBe('::ffff:127.0.0.1');
    await expect(byRange.resolve('10.21.0.1')).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it('before saving: refuses internal hosts as outbound_refused, lets unresolved names be saved', async () => {
    const guard = new OutboundGuard([], fakeDns(dnsTable).resolver);
    const refused = await guard.assertAllowed('metadata.example.jp').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'outbound_refused',
      status: 422,
      details: { host: 'metadata.example.jp', address: '169.254.169.254' },
    });
    await expect(guard.assertAllowed('not-yet.example.jp')).resolves.toBeUndefined();
    await expect(guard.assertAllowed('relay.example.jp')).resolves.toBeUndefined();
  });
});
