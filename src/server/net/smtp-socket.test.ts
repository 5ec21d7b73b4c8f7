import net from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { smtpSocketWithoutDelay } from './smtp-socket';

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

/** A relay on a free port that counts what it was given; smtp-server brings its own test certificate. */
async function relay(
  options: SMTPServerOptions,
): Promise<{ port: number; received: () => number }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    disableReverseLookup: true,
    ...options,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.server.address() as net.AddressInfo;
  return { port: address.port, received: () => received };
}

const mail = { from: 'a@example.jp', to: 'b@example.jp', subject: '確認', text: 'テスト' };

describe('SMTP connections without Nagle delay', () => {
  it('sends one message after another on a connection without waiting for delayed acknowledgements', async () => {
    const { port, received } = await relay({ disabledCommands: ['STARTTLS'] });
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      pool: true,
      maxConnections: 1,
      ignoreTLS: true,
      getSocket: smtpSocketWithoutDelay,
    });
    await transport.sendMail(mail);
    const started = performance.now();
    for (let i = 0; i < 40; i++) await transport.sendMail(mail);
    const elapsed = performance.now() - started;
    transport.close();
    expect(received()).toBe(41);
    // With Nagle's algorithm on, each message waited ~40 ms for the relay's delayed ACK (1.6 s).
    expect(elapsed).toBeLessThan(1000);
  });

  it('still speaks implicit TLS and STARTTLS over the connection it opens', async () => {
    // smtp-server's own certificate is self-signed.
    const sendOverTls = async (
      relayOptions: SMTPServerOptions,
      tls: { secure?: boolean; requireTLS?: boolean },
    ) => {
      const { port, received } = await relay(relayOptions);
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        ...tls,
        tls: { rejectUnauthorized: false },
        getSocket: smtpSocketWithoutDelay,
      });
      await transport.sendMail(mail);
      transport.close();
      return received();
    };
    expect(await sendOverTls({ secure: true }, { secure: true })).toBe(1);
    expect(await sendOverTls({}, { requireTLS: true })).toBe(1);
  });

  it('reports a refused connection as the send error', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      getSocket: smtpSocketWithoutDelay,
    });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
