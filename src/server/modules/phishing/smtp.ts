import nodemailer from 'nodemailer';
import { smtpSocketWithoutDelay } from '../../net/smtp-socket';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  createSmtpProfileRequest,
  updateSmtpProfileRequest,
} from '../../../contracts/phishing';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import type { OutgoingMail } from '../mail/service';
import {
  outboundRefused,
  OutboundRefusedError,
  type OutboundGuard,
  type PinnedAddress,
} from '../../net/outbound-guard';
import type { SecretBox } from './secrets';
import { phishingCampaigns, phishingSmtpProfiles } from './tables';

export type SmtpProfile = typeof phishingSmtpProfiles.$inferSelect;

/** What sending needs from a mailer: the platform Mailer and a profile's transport both fit. */
export interface MailSender {
  send(mail: OutgoingMail & { from?: string }): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 15_000;

/** A relay's refusal, reduced to what a person can act on; never contains the password. */
export function smtpReply(err: unknown): { code: number | null; reply: string } {
  const e = err as { responseCode?: unknown; response?: unknown; message?: unknown };
  const reply = String(
    typeof e.response === 'string' && e.response ? e.response : (e.message ?? err),
  ).slice(0, 500);
  const code =
    typeof e.responseCode === 'number' ? e.responseCode : Number(/^([245]\d\d)\b/.exec(reply)?.[1]);
  return { code: Number.isFinite(code) ? code : null, reply };
}

/** A permanent refusal (5xx) of the address is a bounce; anything else a failure. */
export const failureKind = (err: unknown): 'bounced' | 'failed' => {
  const { code } = smtpReply(err);
  return code !== null && code >= 500 && code < 600 ? 'bounced' : 'failed';
};

function transportOptions(
  profile: SmtpProfile,
  secrets: SecretBox,
  pool: boolean,
  pinned: PinnedAddress,
) {
  const password = profile.passwordSealed ? secrets.open(profile.passwordSealed) : undefined;
  return {
    // The address the guard checked, never the name again: a rebinding DNS cannot switch it.
    host: pinned.address,
    ...(pinned.servername ? { servername: pinned.servername } : {}),
    port: profile.port,
    secure: profile.tlsMode === 'tls',
    requireTLS: profile.tlsMode === 'starttls',
    ignoreTLS: profile.tlsMode === 'none',
    ...(profile.username ? { auth: { user: profile.username, pass: password ?? '' } } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    getSocket: smtpSocketWithoutDelay,
    ...(pool ? { pool: true, maxConnections: 5 } : {}),
    logger: false,
  };
}

/** A transport to a company's relay, sending as "sender name" <profile's from address>. */
export class ProfileMailer implements MailSender {
  #transport: Promise<nodemailer.Transporter> | undefined;
  readonly openedAt = Date.now();
  constructor(
    readonly profile: SmtpProfile,
    private readonly secrets: SecretBox,
    private readonly guard: OutboundGuard,
    private readonly pool = true,
  ) {}

  /** Resolves and checks the relay's address on first use; a refusal is retried next time. */
  #open(): Promise<nodemailer.Transporter> {
    this.#transport ??= this.guard.resolve(this.profile.host).then(
      (pinned) =>
        nodemailer.createTransport(transportOptions(this.profile, this.secrets, this.pool, pinned)),
      (err: unknown) => {
        this.#transport = undefined;
        throw err;
      },
    );
    return this.#transport;
  }

  async send(mail: OutgoingMail & { from?: string }): Promise<void> {
    const transport = await this.#open();
    await transport.sendMail({ ...mail, from: mail.from ?? this.profile.fromAddress });
  }

  /** Connects and authenticates without sending; throws with the relay's reply. */
  async verify(): Promise<void> {
    await (await this.#open()).verify();
  }

  close(): void {
    void this.#transport?.then(
      (t) => t.close(),
      () => undefined,
    );
    this.#transport = undefined;
  }
}

/** A pooled transport is re-resolved after this long, so a relay that moves is followed. */
const PINNED_FOR_MS = 10 * 60 * 1000;

/**
 * Keeps one pooled transport per profile version for the sending worker; an edited profile
 * (new updatedAt) gets a fresh transport and the old one is closed.
 */
export class ProfileMailers {
  #byId = new Map<string, { version: number; mailer: ProfileMailer }>();
  constructor(
    private readonly secrets: SecretBox,
    private readonly guard: OutboundGuard,
  ) {}

  get(profile: SmtpProfile): ProfileMailer {
    const current = this.#byId.get(profile.id);
    if (
      current &&
      current.version === profile.updatedAt.getTime() &&
      Date.now() - current.mailer.openedAt < PINNED_FOR_MS
    )
      return current.mailer;
    current?.mailer.close();
    const mailer = new ProfileMailer(profile, this.secrets, this.guard);
    this.#byId.set(profile.id, { version: profile.updatedAt.getTime(), mailer });
    return mailer;
  }

  close(): void {
    for (const { mailer } of this.#byId.values()) mailer.close();
    this.#byId.clear();
  }
}

export async function listSmtpProfiles(db: DbOrTx, organizationId: string) {
  return db
    .select()
    .from(phishingSmtpProfiles)
    .where(eq(phishingSmtpProfiles.organizationId, organizationId))
    .orderBy(asc(phishingSmtpProfiles.createdAt));
}

export async function getSmtpProfile(
  db: DbOrTx,
  organizationId: string,
  profileId: string,
): Promise<SmtpProfile> {
  const [profile] = await db
    .select()
    .from(phishingSmtpProfiles)
    .where(
      and(
        eq(phishingSmtpProfiles.id, profileId),
        eq(phishingSmtpProfiles.organizationId, organizationId),
      ),
    );
  if (!profile) throw new AppError('not_found');
  return profile;
}

export async function createSmtpProfile(
  db: DbOrTx,
  secrets: SecretBox,
  organizationId: string,
  input: z.output<typeof createSmtpProfileRequest>,
): Promise<SmtpProfile> {
  const { password, ...rest } = input;
  const [profile] = await db
    .insert(phishingSmtpProfiles)
    .values({
      ...rest,
      organizationId,
      passwordSealed: password ? secrets.seal(password) : null,
    })
    .returning();
  if (!profile) throw new Error('smtp profile insert returned nothing');
  return profile;
}

/** Updates a profile; a password of null clears it, an absent one keeps it. */
export async function updateSmtpProfile(
  db: DbOrTx,
  secrets: SecretBox,
  organizationId: string,
  profileId: string,
  input: z.output<typeof updateSmtpProfileRequest>,
): Promise<SmtpProfile> {
  await getSmtpProfile(db, organizationId, profileId);
  const { password, ...rest } = input;
  const [profile] = await db
    .update(phishingSmtpProfiles)
    .set({
      ...rest,
      ...(password === undefined
        ? {}
        : { passwordSealed: password === null ? null : secrets.seal(password) }),
      updatedAt: new Date(),
    })
    .where(eq(phishingSmtpProfiles.id, profileId))
    .returning();
  if (!profile) throw new AppError('not_found');
  return profile;
}

/** Deletes a profile no campaign uses; the campaigns' record of how they were sent must stay. */
export async function deleteSmtpProfile(
  db: DbOrTx,
  organizationId: string,
  profileId: string,
): Promise<void> {
  await getSmtpProfile(db, organizationId, profileId);
  const [used] = await db
    .select({ id: phishingCampaigns.id })
    .from(phishingCampaigns)
    .where(eq(phishingCampaigns.smtpProfileId, profileId))
    .limit(1);
  if (used) throw new AppError('conflict', { reason: 'profile is used by a campaign' });
  await db.delete(phishingSmtpProfiles).where(eq(phishingSmtpProfiles.id, profileId));
}

/** Turns a relay refusal into the error the API answers with, carrying the relay's reply. */
export function smtpFailed(err: unknown): AppError {
  if (err instanceof OutboundRefusedError) return outboundRefused(err);
  const { code, reply } = smtpReply(err);
  return new AppError('smtp_failed', { smtpCode: code, reply });
}

/** Sends one test message through a profile, on a connection of its own; refusals become smtp_failed. */
export async function testSmtpProfile(
  profile: SmtpProfile,
  secrets: SecretBox,
  guard: OutboundGuard,
  mail: OutgoingMail,
): Promise<void> {
  const mailer = new ProfileMailer(profile, secrets, guard, false);
  try {
    await mailer.send(mail);
  } catch (err) {
    throw smtpFailed(err);
  } finally {
    mailer.close();
  }
}

/** Connects and authenticates; refusals become smtp_failed so a campaign never launches on a bad profile. */
export async function verifySmtpProfile(
  profile: SmtpProfile,
  secrets: SecretBox,
  guard: OutboundGuard,
): Promise<void> {
  const mailer = new ProfileMailer(profile, secrets, guard, false);
  try {
    await mailer.verify();
  } catch (err) {
    throw smtpFailed(err);
  } finally {
    mailer.close();
  }
}
