import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { putReportMailboxRequest } from '../../../contracts/phishing';
import type { Db, DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import type { JobDefinition } from '../../jobs/queue';
import {
  outboundRefused,
  OutboundRefusedError,
  type OutboundGuard,
} from '../../net/outbound-guard';
import type { SecretBox } from './secrets';
import { findTrainingMessageIds, parseDeliveryStatus, type DeliveryFailure } from './dsn';
import { phishingEvents, phishingRecipients, phishingReportMailboxes } from './tables';

export type ReportMailbox = typeof phishingReportMailboxes.$inferSelect;

/** Messages read per poll; the next minute's poll continues after the last UID read. */
const MAX_MESSAGES_PER_POLL = 200;
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

// The tracking links of a training mail; any of them identifies the recipient it was sent to.
const TOKEN_IN_LINK = /\/t\/(?:c|o|r|s)\/([A-Za-z0-9_-]{43})/g;

/**
 * The tokens of training mails inside a forwarded message: in its raw source (headers and parts,
 * with quoted-printable soft breaks joined) and in its decoded text, HTML and attached messages.
 */
export async function findTrainingTokens(source: Buffer, depth = 0): Promise<string[]> {
  const tokens = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(TOKEN_IN_LINK)) if (m[1]) tokens.add(m[1]);
  };
  scan(
    source
      .toString('utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=3D/gi, '='),
  );
  const parsed = await simpleParser(source);
  scan(parsed.text ?? '');
  scan(typeof parsed.html === 'string' ? parsed.html : '');
  for (const attachment of parsed.attachments) {
    if (attachment.size > MAX_MESSAGE_BYTES) continue;
    // A mail forwarded "as attachment" nests the original; one level down is where it sits.
    if (attachment.contentType === 'message/rfc822' && depth < 2) {
      (await findTrainingTokens(attachment.content, depth + 1)).forEach((t) => tokens.add(t));
    } else if (/^text\//.test(attachment.contentType)) {
      scan(attachment.content.toString('utf8'));
    }
  }
  return [...tokens];
}

/**
 * Marks the company's recipients behind these tokens as having reported the mail. A token of
 * another company's campaign is ignored, so a mailbox only ever reports its own people.
 */
export async function recordMailboxReports(
  db: DbOrTx,
  organizationId: string,
  tokens: readonly string[],
  at: Date,
  from: string | null,
): Promise<string[]> {
  if (tokens.length === 0) return [];
  const found = await db
    .select({ id: phishingRecipients.id, campaignId: phishingRecipients.campaignId })
    .from(phishingRecipients)
    .where(
      and(
        eq(phishingRecipients.organizationId, organizationId),
        inArray(phishingRecipients.token, [...tokens]),
      ),
    );
  if (found.length === 0) return [];
  await db.insert(phishingEvents).values(
    found.map((r) => ({
      organizationId,
      campaignId: r.campaignId,
      recipientId: r.id,
      kind: 'report' as const,
      at,
      ip: null,
      userAgent: `mailbox report${from ? ` from ${from}` : ''}`.slice(0, 500),
      classification: 'human' as const,
      reason: 'forwarded_to_report_mailbox',
    })),
  );
  await db
    .update(phishingRecipients)
    .set({
      reportedAt: at,
      openedAt: sql`coalesce(${phishingRecipients.openedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(
      and(
        inArray(
          phishingRecipients.id,
          found.map((r) => r.id),
        ),
        isNull(phishingRecipients.reportedAt),
      ),
    );
  return [...new Set(found.map((r) => r.campaignId))];
}

/**
 * Records a DSN's failed recipients as bounced, with the server's status code and diagnostic.
 * The bounced message is found by the training Message-ID or tracking token the DSN quotes, and
 * only among the mailbox's own company; a failure for another address than the matched
 * recipient's counts only when the DSN names exactly one recipient and one failure.
 */
export async function recordBounces(
  db: DbOrTx,
  organizationId: string,
  source: Buffer,
  failures: readonly DeliveryFailure[],
  tokens: readonly string[],
): Promise<{ bounced: number; campaignIds: string[] }> {
  const failed = failures.filter((f) => f.action === 'failed');
  const messageIds = findTrainingMessageIds(source);
  if (failed.length === 0 || (tokens.length === 0 && messageIds.length === 0)) {
    return { bounced: 0, campaignIds: [] };
  }
  const candidates = await db
    .select({
      id: phishingRecipients.id,
      email: phishingRecipients.email,
      campaignId: phishingRecipients.campaignId,
    })
    .from(phishingRecipients)
    .where(
      and(
        eq(phishingRecipients.organizationId, organizationId),
        or(
          tokens.length > 0 ? inArray(phishingRecipients.token, [...tokens]) : undefined,
          messageIds.length > 0 ? inArray(phishingRecipients.id, messageIds) : undefined,
        ),
      ),
    );
  const matched = new Map<string, { id: string; campaignId: string; error: string }>();
  for (const failure of failed) {
    const recipient =
      candidates.find((c) => c.email.toLowerCase() === failure.finalRecipient) ??
      (candidates.length === 1 && failed.length === 1 ? candidates[0] : undefined);
    if (!recipient) continue;
    const error = [failure.status, failure.diagnostic].filter(Boolean).join(' ') || 'bounced';
    matched.set(recipient.id, {
      id: recipient.id,
      campaignId: recipient.campaignId,
      error: `DSN ${error}`.slice(0, 500),
    });
  }
  const rows = [...matched.values()];
  if (rows.length === 0) return { bounced: 0, campaignIds: [] };
  await db.execute(sql`
    update ${phishingRecipients} r set send_failure = 'bounced', send_error = b.error
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as b(id uuid, error text)
    where r.id = b.id and r.organization_id = ${organizationId}`);
  return { bounced: rows.length, campaignIds: [...new Set(rows.map((r) => r.campaignId))] };
}

/** A client to the checked address of the mailbox's server, with its name kept for TLS. */
async function imapClient(
  mailbox: ReportMailbox,
  secrets: SecretBox,
  guard: OutboundGuard,
): Promise<ImapFlow> {
  const pinned = await guard.resolve(mailbox.host);
  return new ImapFlow({
    host: pinned.address,
    ...(pinned.servername ? { servername: pinned.servername } : {}),
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.username, pass: secrets.open(mailbox.passwordSealed) },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
}

/** The IMAP server's reply, without anything from our own configuration. */
export function imapReply(err: unknown): string {
  const e = err as { responseText?: unknown; response?: unknown; message?: unknown };
  const text =
    typeof e.responseText === 'string' && e.responseText
      ? e.responseText
      : typeof e.response === 'string' && e.response
        ? e.response
        : String(e.message ?? err);
  return text.slice(0, 500);
}

export interface PollResult {
  messages: number;
  reports: number;
  /** Recipients marked bounced by delivery status notifications. */
  bounces: number;
  campaignIds: string[];
}

/**
 * Reads the messages that arrived since the last poll and records the reports in them. Progress
 * (UID and UIDVALIDITY) is saved after each poll, so a message is read once even across restarts.
 */
export async function pollReportMailbox(
  db: Db,
  secrets: SecretBox,
  guard: OutboundGuard,
  mailbox: ReportMailbox,
): Promise<PollResult> {
  let client: ImapFlow | undefined;
  const result: PollResult = { messages: 0, reports: 0, bounces: 0, campaignIds: [] };
  try {
    client = await imapClient(mailbox, secrets, guard);
    // imapflow reports socket failures as events; unhandled, they would end the process.
    client.on('error', () => undefined);
    await client.connect();
    const lock = await client.getMailboxLock(mailbox.mailbox);
    try {
      const opened = client.mailbox;
      const uidValidity = opened ? Number(opened.uidValidity) : null;
      // A new UIDVALIDITY renumbers the mailbox: start over rather than skip messages.
      let lastUid = uidValidity === mailbox.uidValidity ? mailbox.lastUid : 0;
      const campaigns = new Set<string>();
      const fetched: { uid: number; source: Buffer; from: string | null; at: Date }[] = [];
      for await (const message of client.fetch(
        `${lastUid + 1}:*`,
        { uid: true, source: true, envelope: true, internalDate: true },
        { uid: true },
      )) {
        // "n:*" also returns the newest message when nothing is newer than n.
        if (message.uid <= lastUid) continue;
        fetched.push({
          uid: message.uid,
          source: message.source ?? Buffer.alloc(0),
          from: message.envelope?.from?.[0]?.address ?? null,
          at: message.internalDate instanceof Date ? message.internalDate : new Date(),
        });
        if (fetched.length >= MAX_MESSAGES_PER_POLL) break;
      }
      fetched.sort((a, b) => a.uid - b.uid);
      for (const message of fetched) {
        const tokens =
          message.source.length > MAX_MESSAGE_BYTES ? [] : await findTrainingTokens(message.source);
        // A server's bounce quotes the training mail, links and all: a bounce, not a report.
        const dsn =
          message.source.length > MAX_MESSAGE_BYTES ? null : parseDeliveryStatus(message.source);
        if (dsn) {
          const bounced = await recordBounces(
            db,
            mailbox.organizationId,
            message.source,
            dsn,
            tokens,
          );
          result.bounces += bounced.bounced;
          bounced.campaignIds.forEach((c) => campaigns.add(c));
          lastUid = message.uid;
          result.messages++;
          continue;
        }
        const touched = await recordMailboxReports(
          db,
          mailbox.organizationId,
          tokens,
          message.at,
          message.from,
        );
        if (touched.length > 0) result.reports++;
        touched.forEach((c) => campaigns.add(c));
        lastUid = message.uid;
        result.messages++;
      }
      result.campaignIds = [...campaigns];
      await db
        .update(phishingReportMailboxes)
        .set({
          uidValidity,
          lastUid,
          lastPolledAt: new Date(),
          lastError: null,
          reportsFound: sql`${phishingReportMailboxes.reportsFound} + ${result.reports}`,
        })
        .where(eq(phishingReportMailboxes.organizationId, mailbox.organizationId));
    } finally {
      lock.release();
    }
    await client.logout();
    return result;
  } catch (err) {
    client?.close();
    await db
      .update(phishingReportMailboxes)
      .set({ lastPolledAt: new Date(), lastError: imapReply(err) })
      .where(eq(phishingReportMailboxes.organizationId, mailbox.organizationId));
    throw err;
  }
}

/** Logs in and opens the mailbox without reading anything; failures become imap_failed. */
export async function testReportMailbox(
  mailbox: ReportMailbox,
  secrets: SecretBox,
  guard: OutboundGuard,
): Promise<void> {
  let client: ImapFlow | undefined;
  try {
    client = await imapClient(mailbox, secrets, guard);
    client.on('error', () => undefined);
    await client.connect();
    const lock = await client.getMailboxLock(mailbox.mailbox);
    lock.release();
    await client.logout();
  } catch (err) {
    client?.close();
    throw imapFailed(err);
  }
}

/** The API error for a mailbox that could not be used: refused by the guard, or by the server. */
export function imapFailed(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof OutboundRefusedError) return outboundRefused(err);
  return new AppError('imap_failed', { reply: imapReply(err) });
}

export async function getReportMailbox(
  db: DbOrTx,
  organizationId: string,
): Promise<ReportMailbox | undefined> {
  const [row] = await db
    .select()
    .from(phishingReportMailboxes)
    .where(eq(phishingReportMailboxes.organizationId, organizationId));
  return row;
}

/** Creates or replaces the company's report mailbox; a password is needed the first time only. */
export async function putReportMailbox(
  db: DbOrTx,
  secrets: SecretBox,
  organizationId: string,
  input: z.output<typeof putReportMailboxRequest>,
): Promise<ReportMailbox> {
  const existing = await getReportMailbox(db, organizationId);
  const { password, ...fields } = input;
  const passwordSealed = password ? secrets.seal(password) : existing?.passwordSealed;
  if (!passwordSealed) {
    throw new AppError('validation_failed', {
      issues: [
        {
          in: 'body',
          path: ['password'],
          code: 'invalid_type',
          message: { ja: 'パスワードを入力してください。', en: 'Enter the password.' },
        },
      ],
    });
  }
  // Another server or mailbox numbers its messages anew.
  const moved =
    existing &&
    (existing.host !== fields.host ||
      existing.mailbox !== fields.mailbox ||
      existing.username !== fields.username);
  const values = {
    ...fields,
    passwordSealed,
    updatedAt: new Date(),
    ...(moved ? { uidValidity: null, lastUid: 0 } : {}),
  };
  const [row] = await db
    .insert(phishingReportMailboxes)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: phishingReportMailboxes.organizationId, set: values })
    .returning();
  if (!row) throw new Error('report mailbox upsert returned nothing');
  return row;
}

export async function deleteReportMailbox(db: DbOrTx, organizationId: string): Promise<void> {
  const deleted = await db
    .delete(phishingReportMailboxes)
    .where(eq(phishingReportMailboxes.organizationId, organizationId))
    .returning({ id: phishingReportMailboxes.organizationId });
  if (deleted.length === 0) throw new AppError('not_found');
}

export interface ReportPollingDeps {
  db: Db;
  secrets: SecretBox;
  guard: OutboundGuard;
  onChanged: (organizationId: string, campaignId: string) => Promise<void>;
}

/** Polls every enabled report mailbox; one failing mailbox records its error and stops no other. */
export async function pollReportMailboxes(deps: ReportPollingDeps): Promise<void> {
  const mailboxes = await deps.db
    .select()
    .from(phishingReportMailboxes)
    .where(eq(phishingReportMailboxes.enabled, true));
  for (const mailbox of mailboxes) {
    try {
      const result = await pollReportMailbox(deps.db, deps.secrets, deps.guard, mailbox);
      for (const campaignId of result.campaignIds) {
        await deps.onChanged(mailbox.organizationId, campaignId);
      }
    } catch {
      // Already recorded on the mailbox as lastError, where the company admin sees it.
    }
  }
}

export function pollReportMailboxesJob(
  deps: ReportPollingDeps,
): JobDefinition<Record<string, never>> {
  return {
    name: 'phishing.poll-reports',
    payload: z.object({}) as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    handler: () => pollReportMailboxes(deps),
  };
}
