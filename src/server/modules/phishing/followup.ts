import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defaultScannerRules } from '../../../contracts/phishing';
import type { Lesson } from '../../../contracts/phishing-followup';
import type { Db, DbOrTx } from '../../db/client';
import type { JobDefinition } from '../../jobs/queue';
import { AppError } from '../../http/errors';
import type { OutgoingMail } from '../mail/service';
import { findLesson, lessonForTemplate } from './lessons';
import {
  phishingCampaigns,
  phishingEvents,
  phishingLessonAssignments,
  phishingRecipients,
  phishingScannerSettings,
} from './tables';

export type LessonAssignment = typeof phishingLessonAssignments.$inferSelect;

/** Clicks this long after a campaign's launch still get a lesson automatically. */
const AUTOMATIC_FOR_DAYS = 90;
/** A link issued this long ago whose mail was never queued was lost with a dying process. */
const REISSUE_AFTER_MS = 10 * 60 * 1000;
const ISSUE_BATCH = 200;

// The lesson link: 32 random bytes in base64url; only its SHA-256 is stored.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface FollowUpDeps {
  db: Db;
  /** Queues a mail on the job queue (the platform mailer; the development mailbox locally). */
  sendMail: (mail: OutgoingMail) => Promise<void>;
  onChanged: (organizationId: string, campaignId: string) => Promise<void>;
}

const mailTexts = {
  ja: {
    subject: (title: string) => `【訓練のふりかえり】${title}`,
    body: (name: string, title: string, url: string) =>
      `${name} 様\n\n` +
      `先日の標的型攻撃メール訓練で、訓練メールのリンクを開いた（または入力画面で送信した）記録がありました。` +
      `訓練ですので、実際の被害はありません。\n\n` +
      `次に本物の攻撃メールが届いたときに見分けられるよう、5分ほどの短い学習「${title}」をご用意しました。` +
      `下記のリンクから、ログインなしで開けます。最後の確認問題に答えると完了です。\n\n${url}\n\n` +
      `このリンクはあなた専用です。他の人に転送しないでください。\n`,
  },
  en: {
    subject: (title: string) => `Training follow-up: ${title}`,
    body: (name: string, title: string, url: string) =>
      `Dear ${name},\n\n` +
      `In your company's recent phishing-awareness exercise, you opened the training mail's link ` +
      `(or sent its form). It was an exercise, so no harm was done.\n\n` +
      `To help you spot a real attack next time, here is a short lesson (about five minutes), ` +
      `"${title}". Open it from the link below, no account needed; answering the check at the end ` +
      `completes it.\n\n${url}\n\n` +
      `This link is yours alone; please do not forward it.\n`,
  },
} as const;

/**
 * Gives a lesson to everyone who, as a person, clicked or sent the form and has none yet. A click
 * counts once a browser confirmed it (or when the company does not ask for confirmation), so a
 * scanner's click that is reclassified later never gets anyone a lesson.
 */
export async function assignAutomatically(db: DbOrTx): Promise<number> {
  const { enabled } = defaultScannerRules.unconfirmedClick;
  const confirmationRequired = sql`coalesce((select (s.rules -> 'unconfirmedClick' ->> 'enabled')::boolean
    from ${phishingScannerSettings} s where s.organization_id = r.organization_id), ${enabled})`;
  const eligible = (await db.execute(sql`
    select r.id, r.organization_id, r.campaign_id, c.template_ref
    from ${phishingCampaigns} c
    join ${phishingRecipients} r on r.campaign_id = c.id
    where c.launched_at > now() - make_interval(days => ${AUTOMATIC_FOR_DAYS})
      and (r.clicked_at is not null or r.submitted_at is not null)
      and not exists (select 1 from ${phishingLessonAssignments} a where a.recipient_id = r.id)
      and (r.submitted_at is not null or not ${confirmationRequired} or exists (
        select 1 from ${phishingEvents} e where e.recipient_id = r.id and e.kind = 'click'
          and e.classification = 'human' and e.confirmed_at is not null))
    limit 5000`)) as unknown as {
    rows: { id: string; organization_id: string; campaign_id: string; template_ref: string }[];
  };
  if (eligible.rows.length === 0) return 0;
  const inserted = await db
    .insert(phishingLessonAssignments)
    .values(
      eligible.rows.map((r) => ({
        organizationId: r.organization_id,
        campaignId: r.campaign_id,
        recipientId: r.id,
        lessonKey: lessonForTemplate(r.template_ref).key,
        assignedBy: 'automatic' as const,
      })),
    )
    .onConflictDoNothing({ target: phishingLessonAssignments.recipientId })
    .returning({ id: phishingLessonAssignments.id });
  return inserted.length;
}

/**
 * The company admin gives a recipient a lesson, or another one: a fresh link and a new mail; what
 * the person did with the previous lesson is replaced.
 */
export async function assignLesson(
  tx: DbOrTx,
  organizationId: string,
  campaignId: string,
  input: { recipientId: string; lessonKey?: string | undefined; userId: string },
): Promise<LessonAssignment> {
  const [recipient] = await tx
    .select({ id: phishingRecipients.id, templateRef: phishingCampaigns.templateRef })
    .from(phishingRecipients)
    .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
    .where(
      and(
        eq(phishingRecipients.id, input.recipientId),
        eq(phishingRecipients.campaignId, campaignId),
        eq(phishingRecipients.organizationId, organizationId),
      ),
    );
  if (!recipient) throw new AppError('not_found');
  const lesson = input.lessonKey
    ? findLesson(input.lessonKey)
    : lessonForTemplate(recipient.templateRef);
  if (!lesson) {
    throw new AppError('validation_failed', {
      issues: [
        {
          in: 'body',
          path: ['lessonKey'],
          code: 'invalid_value',
          message: { ja: 'この学習は見つかりません。', en: 'This lesson does not exist.' },
        },
      ],
    });
  }
  const fresh = {
    lessonKey: lesson.key,
    assignedBy: 'admin' as const,
    assignedByUserId: input.userId,
    assignedAt: new Date(),
    tokenHash: null,
    issuedAt: null,
    mailQueuedAt: null,
    openedAt: null,
    completedAt: null,
    attempts: 0,
    answers: null,
  };
  const [assignment] = await tx
    .insert(phishingLessonAssignments)
    .values({ organizationId, campaignId, recipientId: recipient.id, ...fresh })
    .onConflictDoUpdate({ target: phishingLessonAssignments.recipientId, set: fresh })
    .returning();
  if (!assignment) throw new Error('lesson assignment upsert returned nothing');
  return assignment;
}

/**
 * Issues lesson links and queues their mails. Each assignment is claimed by a conditional update
 * before its mail is queued, so two workers never mail the same person; a claim whose mail was
 * never queued (the process died in between) is issued again later with a new link.
 */
export async function issueLessonLinks(
  deps: FollowUpDeps,
  only?: { assignmentId: string },
): Promise<number> {
  const { db } = deps;
  const stale = new Date(Date.now() - REISSUE_AFTER_MS);
  const pending = and(
    isNull(phishingLessonAssignments.mailQueuedAt),
    or(isNull(phishingLessonAssignments.tokenHash), lt(phishingLessonAssignments.issuedAt, stale)),
  );
  const due = await db
    .select({ id: phishingLessonAssignments.id })
    .from(phishingLessonAssignments)
    .where(and(pending, only ? eq(phishingLessonAssignments.id, only.assignmentId) : undefined))
    .orderBy(asc(phishingLessonAssignments.assignedAt))
    .limit(ISSUE_BATCH);
  let queued = 0;
  for (const { id } of due) {
    const token = randomBytes(32).toString('base64url');
    const [claimed] = await db
      .update(phishingLessonAssignments)
      .set({ tokenHash: hashToken(token), issuedAt: new Date() })
      .where(and(eq(phishingLessonAssignments.id, id), pending))
      .returning();
    if (!claimed) continue;
    const [who] = await db
      .select({
        name: phishingRecipients.name,
        email: phishingRecipients.email,
        locale: phishingCampaigns.locale,
        baseUrl: phishingCampaigns.baseUrl,
      })
      .from(phishingRecipients)
      .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
      .where(eq(phishingRecipients.id, claimed.recipientId));
    const lesson = findLesson(claimed.lessonKey);
    if (!who?.baseUrl || !lesson) continue;
    const t = mailTexts[who.locale];
    const title = lesson[who.locale].title;
    await deps.sendMail({
      to: who.email,
      subject: t.subject(title),
      text: t.body(who.name, title, `${who.baseUrl}/lesson/${token}`),
    });
    await db
      .update(phishingLessonAssignments)
      .set({ mailQueuedAt: new Date() })
      .where(eq(phishingLessonAssignments.id, id));
    await deps.onChanged(claimed.organizationId, claimed.campaignId);
    queued++;
  }
  return queued;
}

/** Every minute: new lessons for people who clicked, and the mails of links not yet sent. */
export async function sweepFollowUps(deps: FollowUpDeps): Promise<void> {
  await assignAutomatically(deps.db);
  await issueLessonLinks(deps);
}

export function sweepFollowUpsJob(deps: FollowUpDeps): JobDefinition<Record<string, never>> {
  return {
    name: 'phishing.followup',
    payload: z.object({}) as z.ZodType<Record<string, never>>,
    cron: '* * * * *',
    handler: () => sweepFollowUps(deps),
  };
}

type Found = { assignment: LessonAssignment; lesson: Lesson; locale: 'ja' | 'en'; name: string };

async function byToken(db: DbOrTx, token: string): Promise<Found> {
  if (!TOKEN_SHAPE.test(token)) throw new AppError('not_found');
  const [row] = await db
    .select({
      assignment: phishingLessonAssignments,
      locale: phishingCampaigns.locale,
      name: phishingRecipients.name,
    })
    .from(phishingLessonAssignments)
    .innerJoin(phishingRecipients, eq(phishingRecipients.id, phishingLessonAssignments.recipientId))
    .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingLessonAssignments.campaignId))
    .where(eq(phishingLessonAssignments.tokenHash, hashToken(token)));
  const lesson = row && findLesson(row.assignment.lessonKey);
  if (!row || !lesson) throw new AppError('not_found');
  return { ...row, lesson };
}

/** The lesson behind a link, recording the first time a browser opened it. */
export async function openLesson(db: DbOrTx, token: string) {
  const found = await byToken(db, token);
  const { assignment, lesson } = found;
  if (!assignment.openedAt) {
    await db
      .update(phishingLessonAssignments)
      .set({ openedAt: new Date() })
      .where(
        and(
          eq(phishingLessonAssignments.id, assignment.id),
          isNull(phishingLessonAssignments.openedAt),
        ),
      );
  }
  const shown = (locale: 'ja' | 'en') => ({
    ...lesson[locale],
    check: lesson.check.map((q) => ({ question: q[locale].question, options: q[locale].options })),
  });
  return {
    assignment,
    view: {
      locale: found.locale,
      name: found.name,
      lesson: { key: lesson.key, ja: shown('ja'), en: shown('en') },
      completedAt: assignment.completedAt?.toISOString() ?? null,
    },
  };
}

/**
 * Checks the person's answers. All right completes the lesson (the first time counts); otherwise
 * the page shows which were wrong, with the explanation, and they try again.
 */
export async function answerLessonCheck(db: DbOrTx, token: string, answers: number[]) {
  const { assignment, lesson } = await byToken(db, token);
  const issues =
    answers.length === lesson.check.length ? [] : [{ path: [] as (string | number)[] }];
  answers.forEach((a, i) => {
    const q = lesson.check[i];
    if (q && a >= q.ja.options.length) issues.push({ path: [i] });
  });
  if (issues.length > 0) {
    throw new AppError('validation_failed', {
      issues: issues.map((i) => ({
        in: 'body',
        path: ['answers', ...i.path],
        code: 'invalid_value',
        message: {
          ja: '各設問に、選択肢から1つずつ答えてください。',
          en: 'Answer each question once, with one of its options.',
        },
      })),
    });
  }
  const results = lesson.check.map((q, i) => ({
    correct: answers[i] === q.answer,
    explanation: { ja: q.ja.explanation, en: q.en.explanation },
  }));
  const allRight = results.every((r) => r.correct);
  const [saved] = await db
    .update(phishingLessonAssignments)
    .set({
      attempts: sql`${phishingLessonAssignments.attempts} + 1`,
      answers,
      openedAt: sql`coalesce(${phishingLessonAssignments.openedAt}, now())`,
      ...(allRight
        ? { completedAt: sql`coalesce(${phishingLessonAssignments.completedAt}, now())` }
        : {}),
    })
    .where(eq(phishingLessonAssignments.id, assignment.id))
    .returning();
  return {
    assignment: saved ?? assignment,
    result: {
      completed: saved?.completedAt != null,
      completedAt: saved?.completedAt?.toISOString() ?? null,
      results,
    },
  };
}

const statusOf = (a: Pick<LessonAssignment, 'openedAt' | 'completedAt'>) =>
  a.completedAt ? ('completed' as const) : a.openedAt ? ('opened' as const) : ('assigned' as const);

/** The campaign's follow-up: who clicked or sent the form, what each was given and how far they got. */
export async function campaignFollowUp(db: DbOrTx, organizationId: string, campaignId: string) {
  const rows = await db
    .select({
      recipient: {
        id: phishingRecipients.id,
        name: phishingRecipients.name,
        email: phishingRecipients.email,
        department: phishingRecipients.department,
        clickedAt: phishingRecipients.clickedAt,
        submittedAt: phishingRecipients.submittedAt,
      },
      assignment: phishingLessonAssignments,
    })
    .from(phishingRecipients)
    .leftJoin(
      phishingLessonAssignments,
      eq(phishingLessonAssignments.recipientId, phishingRecipients.id),
    )
    .where(
      and(
        eq(phishingRecipients.organizationId, organizationId),
        eq(phishingRecipients.campaignId, campaignId),
        or(
          sql`${phishingRecipients.clickedAt} is not null`,
          sql`${phishingRecipients.submittedAt} is not null`,
          sql`${phishingLessonAssignments.id} is not null`,
        ),
      ),
    )
    .orderBy(asc(phishingRecipients.email));
  const assigned = rows.flatMap((r) => (r.assignment ? [r.assignment] : []));
  return {
    counts: {
      eligible: rows.filter((r) => r.recipient.clickedAt || r.recipient.submittedAt).length,
      assigned: assigned.length,
      opened: assigned.filter((a) => a.openedAt).length,
      completed: assigned.filter((a) => a.completedAt).length,
    },
    people: rows.map(({ recipient: r, assignment: a }) => ({
      recipientId: r.id,
      name: r.name,
      email: r.email,
      department: r.department,
      clickedAt: r.clickedAt,
      submittedAt: r.submittedAt,
      assignment: a,
      status: a ? statusOf(a) : null,
    })),
  };
}

/** Follow-up counts per campaign, for the history and program figures. */
export async function followUpCountsByCampaign(db: DbOrTx, campaignIds: string[]) {
  if (campaignIds.length === 0) return new Map<string, { assigned: number; completed: number }>();
  const rows = await db
    .select({
      campaignId: phishingLessonAssignments.campaignId,
      assigned: sql<number>`count(*)::int`,
      completed: sql<number>`count(${phishingLessonAssignments.completedAt})::int`,
    })
    .from(phishingLessonAssignments)
    .where(inArray(phishingLessonAssignments.campaignId, campaignIds))
    .groupBy(phishingLessonAssignments.campaignId);
  return new Map(rows.map((r) => [r.campaignId, { assigned: r.assigned, completed: r.completed }]));
}
