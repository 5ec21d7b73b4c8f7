import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressReader } from './client-address';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  }) as unknown as IncomingMessage;

describe('clientAddressReader', () => {
  it('reads the forwarded address only through a configured proxy, however often asked', () => {
    const read = clientAddressReader('127.0.0.1, 10.0.0.0/8');
    for (let i = 0; i < 3; i++) {
      // The judgement on each address is kept: asking again must not change it.
      expect(read(request('127.0.0.1', '203.0.113.5'))).toBe('203.0.113.5');
      expect(read(request('192.0.2.7', '203.0.113.5'))).toBe('192.0.2.7');
      expect(read(request('127.0.0.1', '203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
      expect(read(request('127.0.0.1', '203.0.113.9, 192.0.2.8'))).toBe('192.0.2.8');
    }
  });

  it('takes the peer itself when no proxy is configured', () => {
    expect(clientAddressReader(undefined)(request('192.0.2.7', '203.0.113.5'))).toBe('192.0.2.7');
  });
});
