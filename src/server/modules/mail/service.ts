import nodemailer from 'nodemailer';
import { sendWithoutDelay } from '../../net/smtp-socket';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client';
import type { JobDefinition } from '../../jobs/queue';
import { AppError } from '../../http/errors';
import { devMailboxMessages } from './tables';

export const outgoingMail = z.object({
  to: z.string().min(3),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  /** A Message-ID of the sender's choosing, so a bounce quoting it can be traced back. */
  messageId: z.string().max(300).optional(),
});
export type OutgoingMail = z.infer<typeof outgoingMail>;

/**
 * Reuses SMTP connections: opening one per message costs a full handshake and caps a campaign at
 * a few dozen messages per second. Settings given in the URL win.
 */
function withConnectionPool(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', '10');
  // nodemailer's default of 100 messages per connection costs a new handshake every 100 messages.
  if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '1000');
  return url.toString();
}

/** Sends through the configured SMTP relay, or the development mailbox when none is configured. */
export class Mailer {
  readonly #transport: nodemailer.Transporter;
  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.#transport = nodemailer.createTransport(withConnectionPool(smtpUrl));
    sendWithoutDelay(this.#transport);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.#transport.sendMail({ from: this.from, ...mail });
  }

  close(): void {
    this.#transport.close();
  }
}

export function mailJob(getMailer: () => Mailer): JobDefinition<OutgoingMail> {
  return {
    name: 'mail.send',
    payload: outgoingMail,
    retryLimit: 8,
    handler: (mail) => getMailer().send(mail),
  };
}

const MAX_DEV_MESSAGE_BYTES = 10 * 1024 * 1024;

/**
 * The development mailbox: an SMTP server inside the process that stores every message in the
 * database, so invitations and training mails can be followed locally with no outside server.
 */
export class DevMailbox {
  #server: SMTPServer | undefined;
  port = 0;

  constructor(
    private readonly db: DbOrTx,
    private readonly onReceived: (id: string) => Promise<void>,
    private readonly log: { warn: (obj: object, msg: string) => void },
  ) {}

  /** Listens on 127.0.0.1; if the port is taken (another instance has it), reuses that one. */
  async start(port: number): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_DEV_MESSAGE_BYTES,
      logger: false,
      banner: 'Bansō development mailbox',
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.store(raw, from, to).then(
            () => callback(),
            (err: Error) => callback(err),
          );
        });
      },
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.server.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EADDRINUSE') {
          this.log.warn({ port }, 'development mailbox port in use; sending to the mailbox there');
          this.#server = undefined;
          this.port = port;
          resolve(port);
        } else reject(err);
      });
      server.listen(port, '127.0.0.1', () => {
        const address = server.server.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve(this.port);
      });
    });
  }

  private async store(raw: Buffer, from: string, to: string[]): Promise<void> {
    const parsed = await simpleParser(raw);
    const [row] = await this.db
      .insert(devMailboxMessages)
      .values({
        mailFrom: parsed.from?.text ?? from,
        rcptTo: to,
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : null,
        raw: raw.toString('utf8'),
      })
      .returning({ id: devMailboxMessages.id });
    if (row) await this.onReceived(row.id);
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function listMailboxMessages(db: DbOrTx, limit = 200) {
  return db
    .select({
      id: devMailboxMessages.id,
      receivedAt: devMailboxMessages.receivedAt,
      from: devMailboxMessages.mailFrom,
      to: devMailboxMessages.rcptTo,
      subject: devMailboxMessages.subject,
    })
    .from(devMailboxMessages)
    .orderBy(desc(devMailboxMessages.receivedAt))
    .limit(limit);
}

export async function getMailboxMessage(db: DbOrTx, id: string) {
  const [row] = await db.select().from(devMailboxMessages).where(eq(devMailboxMessages.id, id));
  if (!row) throw new AppError('not_found');
  return row;
}

export async function clearMailbox(db: DbOrTx): Promise<number> {
  const deleted = await db.delete(devMailboxMessages).returning({ id: devMailboxMessages.id });
  return deleted.length;
}
