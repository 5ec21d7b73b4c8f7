import net from 'node:net';

type SocketCallback = (err: Error | null, socketOptions?: { connection: net.Socket }) => void;

/** What nodemailer hands its getSocket hook: the transport's own options. */
interface SmtpSocketOptions {
  host?: string;
  port?: number | string;
  secure?: boolean;
  connectionTimeout?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 120_000;

/**
 * nodemailer's `getSocket` hook: the TCP connection it would open, with Nagle's algorithm off.
 * nodemailer leaves it on, so the last small write of every message (the closing dot) waits for
 * the relay's delayed acknowledgement, about 40 ms: one connection then sends some 23 messages a
 * second instead of several hundred. nodemailer still does TLS (implicit or STARTTLS) on top.
 */
export function smtpSocketWithoutDelay(options: SmtpSocketOptions, callback: SocketCallback): void {
  // nodemailer's own defaults when the options name no port.
  const port = Number(options.port) || (options.secure ? 465 : 587);
  const socket = net.connect({ host: options.host ?? 'localhost', port });
  socket.setNoDelay(true);
  let settled = false;
  const settle = (err: Error | null) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.removeListener('error', settle);
    if (err) {
      socket.destroy();
      callback(err);
    } else {
      callback(null, { connection: socket });
    }
  };
  const timer = setTimeout(
    () => settle(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })),
    options.connectionTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS,
  );
  socket.once('connect', () => settle(null));
  socket.once('error', settle);
}

/** Sets the hook on a transport built from a URL, where nodemailer takes no functions. */
export function sendWithoutDelay(transport: { transporter: unknown }): void {
  (transport.transporter as { getSocket: typeof smtpSocketWithoutDelay }).getSocket =
    smtpSocketWithoutDelay;
}
