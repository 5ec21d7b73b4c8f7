import { and, asc, count, desc, eq, gt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  createCampaignRequest,
  createTemplateRequest,
  updateTemplateRequest,
} from '../../../contracts/phishing';
import { MAX_TARGETS_PER_COMPANY } from '../../../contracts/phishing';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../http/errors';
import { findLibraryTemplate } from './content';
import type { TargetRow } from './import';
import {
  phishingCampaigns,
  phishingRecipients,
  phishingSmtpProfiles,
  phishingTargetGroups,
  phishingTargets,
  phishingTemplates,
} from './tables';

export type TargetGroup = typeof phishingTargetGroups.$inferSelect;
export type Target = typeof phishingTargets.$inferSelect;
export type Template = typeof phishingTemplates.$inferSelect;
export type Campaign = typeof phishingCampaigns.$inferSelect;

// PGlite answers one statement at a time, so rows go in by the hundred, never one by one.
const INSERT_BATCH = 500;

export async function listTargetGroups(
  db: DbOrTx,
  organizationId: string,
): Promise<(TargetGroup & { targetCount: number })[]> {
  return db
    .select({
      id: phishingTargetGroups.id,
      organizationId: phishingTargetGroups.organizationId,
      name: phishingTargetGroups.name,
      createdAt: phishingTargetGroups.createdAt,
      // Qualified by hand: inside a select from one table, drizzle renders columns unqualified, and
      // an unqualified "id" here would be the target's own id, counting nothing.
      targetCount: sql<number>`(select count(*)::int from ${phishingTargets} t where t.group_id = ${phishingTargetGroups}.id)`,
    })
    .from(phishingTargetGroups)
    .where(eq(phishingTargetGroups.organizationId, organizationId))
    .orderBy(asc(phishingTargetGroups.createdAt));
}

export async function createTargetGroup(
  db: DbOrTx,
  organizationId: string,
  name: string,
): Promise<TargetGroup> {
  const [group] = await db
    .insert(phishingTargetGroups)
    .values({ organizationId, name })
    .returning();
  if (!group) throw new Error('target group insert returned nothing');
  return group;
}

export async function getTargetGroup(
  db: DbOrTx,
  organizationId: string,
  groupId: string,
): Promise<TargetGroup> {
  const [group] = await db
    .select()
    .from(phishingTargetGroups)
    .where(
      and(
        eq(phishingTargetGroups.id, groupId),
        eq(phishingTargetGroups.organizationId, organizationId),
      ),
    );
  if (!group) throw new AppError('not_found');
  return group;
}

/** A page of a group's targets ordered by address; `after` is the last address of the previous page. */
export async function listTargets(
  db: DbOrTx,
  organizationId: string,
  groupId: string,
  page: { after?: string | undefined; limit: number },
): Promise<Target[]> {
  return db
    .select()
    .from(phishingTargets)
    .where(
      and(
        eq(phishingTargets.organizationId, organizationId),
        eq(phishingTargets.groupId, groupId),
        page.after ? gt(phishingTargets.email, page.after) : undefined,
      ),
    )
    .orderBy(asc(phishingTargets.email))
    .limit(page.limit);
}

/**
 * Adds or updates a group's targets from validated rows; an address already in the group is
 * updated. Run in a transaction: exceeding the company's limit rolls everything back.
 */
export async function importTargets(
  tx: DbOrTx,
  organizationId: string,
  groupId: string,
  rows: readonly TargetRow[],
): Promise<{ created: number; updated: number }> {
  await getTargetGroup(tx, organizationId, groupId);
  let created = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const written = await tx
      .insert(phishingTargets)
      .values(rows.slice(i, i + INSERT_BATCH).map((r) => ({ ...r, organizationId, groupId })))
      .onConflictDoUpdate({
        target: [phishingTargets.groupId, phishingTargets.email],
        set: {
          name: sql`excluded.name`,
          department: sql`excluded.department`,
          position: sql`excluded.position`,
        },
      })
      // xmax is 0 only for a row this statement inserted, not for one it updated.
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    created += written.filter((w) => w.inserted).length;
  }
  const [total] = await tx
    .select({ n: count() })
    .from(phishingTargets)
    .where(eq(phishingTargets.organizationId, organizationId));
  if ((total?.n ?? 0) > MAX_TARGETS_PER_COMPANY) {
    throw new AppError('validation_failed', {
      issues: [
        {
          in: 'body',
          path: [],
          code: 'too_big',
          message: {
            ja: `1社あたりの対象者は${MAX_TARGETS_PER_COMPANY.toLocaleString('ja-JP')}人までです。`,
            en: `A company can have at most ${MAX_TARGETS_PER_COMPANY.toLocaleString('en-US')} targets.`,
          },
        },
      ],
    });
  }
  return { created, updated: rows.length - created };
}

export async function listTemplates(db: DbOrTx, organizationId: string): Promise<Template[]> {
  return db
    .select()
    .from(phishingTemplates)
    .where(eq(phishingTemplates.organizationId, organizationId))
    .orderBy(desc(phishingTemplates.createdAt));
}

export async function createTemplate(
  db: DbOrTx,
  organizationId: string,
  input: z.infer<typeof createTemplateRequest>,
): Promise<Template> {
  const [template] = await db
    .insert(phishingTemplates)
    .values({ ...input, organizationId })
    .returning();
  if (!template) throw new Error('template insert returned nothing');
  return template;
}

/** Changes the fields given; campaigns already created keep their own copy of the message. */
export async function updateTemplate(
  db: DbOrTx,
  organizationId: string,
  templateId: string,
  input: z.infer<typeof updateTemplateRequest>,
): Promise<Template> {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const [template] = await db
    .update(phishingTemplates)
    .set({ ...changes, updatedAt: new Date() })
    .where(
      and(
        eq(phishingTemplates.id, templateId),
        eq(phishingTemplates.organizationId, organizationId),
      ),
    )
    .returning();
  if (!template) throw new AppError('not_found');
  return template;
}

export async function deleteTemplate(
  db: DbOrTx,
  organizationId: string,
  templateId: string,
): Promise<void> {
  const deleted = await db
    .delete(phishingTemplates)
    .where(
      and(
        eq(phishingTemplates.id, templateId),
        eq(phishingTemplates.organizationId, organizationId),
      ),
    )
    .returning({ id: phishingTemplates.id });
  if (deleted.length === 0) throw new AppError('not_found');
}

const unknownTemplate = () =>
  new AppError('validation_failed', {
    issues: [
      {
        in: 'body',
        path: ['template'],
        code: 'invalid_value',
        message: { ja: 'このテンプレートは見つかりません。', en: 'This template does not exist.' },
      },
    ],
  });

/** Creates a draft campaign with its own copy of the chosen message. */
export async function createCampaign(
  db: DbOrTx,
  organizationId: string,
  input: z.output<typeof createCampaignRequest>,
): Promise<Campaign> {
  await getTargetGroup(db, organizationId, input.groupId);
  if (input.smtpProfileId) {
    const [profile] = await db
      .select({ id: phishingSmtpProfiles.id })
      .from(phishingSmtpProfiles)
      .where(
        and(
          eq(phishingSmtpProfiles.id, input.smtpProfileId),
          eq(phishingSmtpProfiles.organizationId, organizationId),
        ),
      );
    if (!profile) {
      throw new AppError('validation_failed', {
        issues: [
          {
            in: 'body',
            path: ['smtpProfileId'],
            code: 'invalid_value',
            message: {
              ja: 'この送信プロファイルは見つかりません。',
              en: 'This sending profile does not exist.',
            },
          },
        ],
      });
    }
  }
  let message: Pick<
    Campaign,
    | 'templateRef'
    | 'locale'
    | 'senderName'
    | 'subject'
    | 'html'
    | 'text'
    | 'difficulty'
    | 'redFlags'
    | 'landingPage'
  >;
  if (input.template.source === 'library') {
    const entry = findLibraryTemplate(input.template.key);
    if (!entry) throw unknownTemplate();
    const locale = input.template.locale;
    message = {
      templateRef: `library:${entry.key}`,
      locale,
      senderName: entry.senderName[locale],
      ...entry[locale],
      difficulty: entry.difficulty,
      redFlags: entry.redFlags,
      landingPage: 'training',
    };
  } else {
    const templateId = input.template.id;
    const [own] = await db
      .select()
      .from(phishingTemplates)
      .where(
        and(
          eq(phishingTemplates.id, templateId),
          eq(phishingTemplates.organizationId, organizationId),
        ),
      );
    if (!own) throw unknownTemplate();
    message = {
      templateRef: `company:${own.id}`,
      locale: own.locale,
      senderName: own.senderName,
      subject: own.subject,
      html: own.html,
      text: own.text,
      difficulty: own.difficulty,
      redFlags: own.redFlags,
      landingPage: own.landingPage,
    };
  }
  const [campaign] = await db
    .insert(phishingCampaigns)
    .values({
      organizationId,
      name: input.name,
      groupId: input.groupId,
      ...message,
      landingPage: input.landingPage ?? message.landingPage,
      startAt: input.startAt ? new Date(input.startAt) : null,
      windowStartMinute: input.windowStartMinute,
      windowEndMinute: input.windowEndMinute,
      timeZone: input.timeZone,
      sendRatePerMinute: input.sendRatePerMinute,
      smtpProfileId: input.smtpProfileId ?? null,
      spreadOverMinutes: input.spreadOverMinutes ?? null,
    })
    .returning();
  if (!campaign) throw new Error('campaign insert returned nothing');
  return campaign;
}

export async function listCampaigns(db: DbOrTx, organizationId: string): Promise<Campaign[]> {
  return db
    .select()
    .from(phishingCampaigns)
    .where(eq(phishingCampaigns.organizationId, organizationId))
    .orderBy(desc(phishingCampaigns.createdAt));
}

export async function getCampaign(
  db: DbOrTx,
  organizationId: string,
  campaignId: string,
): Promise<Campaign> {
  const [campaign] = await db
    .select()
    .from(phishingCampaigns)
    .where(
      and(
        eq(phishingCampaigns.id, campaignId),
        eq(phishingCampaigns.organizationId, organizationId),
      ),
    );
  if (!campaign) throw new AppError('not_found');
  return campaign;
}

/**
 * Launches a draft: every target of the group becomes a recipient with its own tracking token,
 * copied in one statement however large the group. Sending is queued by the caller after commit.
 */
export async function launchCampaign(
  tx: DbOrTx,
  organizationId: string,
  campaignId: string,
  baseUrl: string,
): Promise<{ campaign: Campaign; recipients: number }> {
  const [campaign] = await tx
    .update(phishingCampaigns)
    .set({ status: 'sending', launchedAt: new Date(), baseUrl })
    .where(
      and(
        eq(phishingCampaigns.id, campaignId),
        eq(phishingCampaigns.organizationId, organizationId),
        eq(phishingCampaigns.status, 'draft'),
      ),
    )
    .returning();
  if (!campaign) {
    await getCampaign(tx, organizationId, campaignId);
    throw new AppError('conflict', { reason: 'campaign is not a draft' });
  }
  // Two random UUIDs give 244 random bits; base64url of their 32 bytes is the token.
  const inserted = (await tx.execute(sql`
    with added as (
      insert into ${phishingRecipients}
        (organization_id, campaign_id, target_id, token, name, email, department, position)
      select t.organization_id, ${campaign.id}, t.id,
        translate(encode(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/=', '-_'),
        t.name, t.email, t.department, t.position
      from ${phishingTargets} t
      where t.group_id = ${campaign.groupId} and t.organization_id = ${organizationId}
      returning 1
    )
    select count(*)::int as n from added`)) as unknown as { rows: { n: number }[] };
  const recipients = Number(inserted.rows[0]?.n ?? 0);
  if (recipients === 0) {
    throw new AppError('validation_failed', {
      issues: [
        {
          in: 'body',
          path: ['groupId'],
          code: 'too_small',
          message: { ja: 'このグループには対象者がいません。', en: 'This group has no targets.' },
        },
      ],
    });
  }
  return { campaign, recipients };
}
