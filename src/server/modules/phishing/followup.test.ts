import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonLibrarySchema, templateCategories } from '../../../contracts/phishing-followup';
import {
  companyIdByName,
  createTestApp,
  demo,
  signIn,
  waitForMail,
  type TestApp,
  type TestClient,
} from '../../testing/harness';
import { getMailboxMessage, listMailboxMessages } from '../mail/service';
import { loadPhishingContent } from './content';
import { sweepFollowUps, type FollowUpDeps } from './followup';
import { lessonForTemplate, loadLessonContent } from './lessons';
import { phishingLessonAssignments, phishingRecipients } from './tables';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

let app: TestApp;
let minato: string;
let admin: TestClient;
let deps: FollowUpDeps;
beforeAll(async () => {
  app = await createTestApp();
  minato = await companyIdByName(app, 'みなと');
  admin = await signIn(app, demo.minatoAdmin);
  deps = { db: app.ctx.db, sendMail: (m) => app.ctx.sendMail(m), onChanged: async () => {} };
});
afterAll(() => app.close());

const hit = (method: 'GET' | 'HEAD' | 'POST', url: string, ua = CHROME) =>
  app.http.inject({ method, url, headers: { 'user-agent': ua } });

/** The lesson mail to an address (not the training mail it follows up). */
async function lessonMail(to: string, after = new Date(0)) {
  for (let i = 0; i < 150; i++) {
    const found = (await listMailboxMessages(app.ctx.db)).find(
      (m) =>
        m.to.includes(to) &&
        m.receivedAt > after &&
        /訓練のふりかえり|Training follow-up/.test(m.subject ?? ''),
    );
    if (found) {
      const mail = await getMailboxMessage(app.ctx.db, found.id);
      const token = /\/lesson\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1];
      return { ...mail, token: token! };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no lesson mail to ${to}`);
}

describe('lesson content', () => {
  it('follows up every template category with exactly one lesson, in both languages', () => {
    const lessons = loadLessonContent();
    for (const category of templateCategories) {
      expect(lessons.filter((l) => l.categories.includes(category))).toHaveLength(1);
    }
    for (const t of loadPhishingContent()) {
      expect(lessonForTemplate(`library:${t.key}`).categories).toContain(t.category);
    }
    expect(lessonForTemplate('company:8d1f6f0e-0000-4000-8000-000000000000').categories).toEqual([
      'other',
    ]);
    for (const l of lessons) {
      for (const q of l.check) {
        expect(q.ja.options).toHaveLength(q.en.options.length);
        expect(q.answer).toBeLessThan(q.ja.options.length);
      }
    }
  });

  it('refuses lessons whose answer is not an option or whose languages differ', () => {
    const [first, ...rest] = loadLessonContent();
    const broken = structuredClone(first!);
    broken.check[0]!.answer = 9;
    expect(lessonLibrarySchema.safeParse({ lessons: [broken, ...rest] }).success).toBe(false);
    const uneven = structuredClone(first!);
    uneven.check[0]!.en.options.pop();
    expect(lessonLibrarySchema.safeParse({ lessons: [uneven, ...rest] }).success).toBe(false);
    expect(lessonLibrarySchema.safeParse({ lessons: rest }).success).toBe(false);
  });
});

describe('follow-up training for people who clicked', () => {
  let campaignId: string;
  const tokens = new Map<string, string>();
  const people = ['alice', 'bob', 'carol', 'dave'].map((n) => `${n}.f@minato-seiki.example.jp`);
  const [alice, bob, carol, dave] = people as [string, string, string, string];
  const followUp = () =>
    admin.get(`/api/orgs/${minato}/phishing/campaigns/${campaignId}/follow-up`);

  beforeAll(async () => {
    const groupId = (
      await admin.post(`/api/orgs/${minato}/phishing/groups`, { name: '経理課' })
    ).json().id as string;
    const csv = ['name,email,department', ...people.map((p, i) => `社員${i},${p},経理課`)];
    await app.http.inject({
      method: 'POST',
      url: `/api/orgs/${minato}/phishing/groups/${groupId}/import`,
      headers: { 'content-type': 'text/csv', cookie: admin.cookie!, 'x-csrf-token': admin.csrf! },
      payload: csv.join('\n'),
    });
    campaignId = (
      await admin.post(`/api/orgs/${minato}/phishing/campaigns`, {
        name: 'ふりかえり訓練',
        groupId,
        template: { source: 'library', key: 'invoice-overdue', locale: 'ja' },
      })
    ).json().id;
    await admin.post(`/api/orgs/${minato}/phishing/campaigns/${campaignId}/launch`);
    for (const p of people) {
      const mail = await waitForMail(app, p);
      tokens.set(p, /\/t\/c\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!);
    }
    for (let i = 0; i < 100; i++) {
      const [row] = await app.ctx.db
        .select({ n: sql<number>`count(accepted_at)::int` })
        .from(phishingRecipients)
        .where(eq(phishingRecipients.campaignId, campaignId));
      if (row?.n === 4) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The messages arrived a minute ago, so the clicks below are not "too soon".
    await app.ctx.db
      .update(phishingRecipients)
      .set({ acceptedAt: sql`accepted_at - interval '1 minute'` })
      .where(eq(phishingRecipients.campaignId, campaignId));
  });

  it('assigns a lesson to people only, once a browser confirmed the click', async () => {
    // Alice reads and clicks in a browser, whose landing page confirms the click.
    await hit('GET', `/t/o/${tokens.get(alice)}.png`);
    await hit('GET', `/t/c/${tokens.get(alice)}`);
    await hit('POST', `/t/b/${tokens.get(alice)}`);
    // Bob's gateway checks his link; Carol's click is not confirmed (yet); Dave sends the form.
    await hit('HEAD', `/t/c/${tokens.get(bob)}`);
    await hit('GET', `/t/o/${tokens.get(carol)}.png`);
    await hit('GET', `/t/c/${tokens.get(carol)}`);
    await hit('GET', `/t/o/${tokens.get(dave)}.png`);
    await hit('POST', `/t/s/${tokens.get(dave)}`);

    await sweepFollowUps(deps);
    await sweepFollowUps(deps);
    const assigned = await app.ctx.db
      .select({ email: phishingRecipients.email, lessonKey: phishingLessonAssignments.lessonKey })
      .from(phishingLessonAssignments)
      .innerJoin(
        phishingRecipients,
        eq(phishingRecipients.id, phishingLessonAssignments.recipientId),
      )
      .where(eq(phishingLessonAssignments.campaignId, campaignId));
    expect(assigned.map((a) => a.email).sort()).toEqual([alice, dave]);
    expect(new Set(assigned.map((a) => a.lessonKey))).toEqual(new Set(['payment-and-authority']));

    const mail = await lessonMail(alice);
    expect(mail.subject).toBe('【訓練のふりかえり】お金と「急ぎ」「内密に」の依頼を見分ける');
    expect(mail.text).toContain('社員0 様');
    expect(mail.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // One mail each, however often the sweep runs; the link is stored only as its hash.
    const toAlice = (await listMailboxMessages(app.ctx.db)).filter(
      (m) => m.to.includes(alice) && m.subject?.startsWith('【訓練'),
    );
    expect(toAlice).toHaveLength(1);
    const dump = await app.ctx.database.query<{ t: string }>(
      `select string_agg(row_to_json(a)::text, ' ') as t from phishing_lesson_assignments a`,
    );
    expect(dump[0]?.t).not.toContain(mail.token);
    tokens.set(`lesson:${alice}`, mail.token);

    const view = (await followUp()).json();
    expect(view.counts).toEqual({ eligible: 3, assigned: 2, opened: 0, completed: 0 });
    expect(view.defaultLessonKey).toBe('payment-and-authority');
    expect(view.people.map((p: { email: string }) => p.email)).toEqual([alice, carol, dave]);
    expect(view.people[1]).toMatchObject({ status: null, lessonKey: null });
    expect(view.people[0]).toMatchObject({ status: 'assigned', assignedBy: 'automatic' });
  });

  it('shows the lesson without an account, records opening and completes on right answers', async () => {
    const token = tokens.get(`lesson:${alice}`)!;
    const anonymous = new (admin.constructor as new (a: TestApp) => TestClient)(app);
    const opened = await anonymous.get(`/api/public/phishing-lessons/${token}`);
    expect(opened.statusCode).toBe(200);
    const lesson = opened.json();
    expect(lesson).toMatchObject({ locale: 'ja', name: '社員0', completedAt: null });
    expect(lesson.lesson.ja.check).toHaveLength(2);
    expect(JSON.stringify(lesson)).not.toContain('"answer"');
    expect((await followUp()).json().counts).toMatchObject({ opened: 1, completed: 0 });

    const answers = `/api/public/phishing-lessons/${token}/answers`;
    const wrong = await anonymous.post(answers, { answers: [0, 2] });
    expect(wrong.json()).toMatchObject({
      completed: false,
      results: [{ correct: false }, { correct: true }],
    });
    expect(wrong.json().results[0].explanation.ja).toContain('返信');
    expect((await anonymous.post(answers, { answers: [1] })).statusCode).toBe(400);
    expect((await anonymous.post(answers, { answers: [1, 7] })).statusCode).toBe(400);
    const right = await anonymous.post(answers, { answers: [1, 2] });
    expect(right.json()).toMatchObject({ completed: true });

    const view = (await followUp()).json();
    expect(view.counts).toEqual({ eligible: 3, assigned: 2, opened: 1, completed: 1 });
    expect(view.people[0]).toMatchObject({ status: 'completed', attempts: 2 });

    for (const bad of ['x', 'A'.repeat(43), token.slice(0, -1) + '!']) {
      expect((await anonymous.get(`/api/public/phishing-lessons/${bad}`)).statusCode).toBe(404);
    }
  });

  it('lets the company admin assign and reassign, with a new link each time', async () => {
    const view = (await followUp()).json();
    const carolId = view.people.find((p: { email: string }) => p.email === carol).recipientId;
    const aliceId = view.people.find((p: { email: string }) => p.email === alice).recipientId;
    const url = `/api/orgs/${minato}/phishing/campaigns/${campaignId}/follow-up`;
    expect((await admin.post(url, { recipientId: carolId, lessonKey: 'nope' })).statusCode).toBe(
      400,
    );
    expect(
      (await admin.post(url, { recipientId: carolId, lessonKey: 'credential-requests' }))
        .statusCode,
    ).toBe(200);
    const carolMail = await lessonMail(carol);
    expect(carolMail.subject).toContain('パスワードを求めるメール');

    const before = new Date();
    expect((await admin.post(url, { recipientId: aliceId })).statusCode).toBe(200);
    const again = await lessonMail(alice, before);
    const old = tokens.get(`lesson:${alice}`)!;
    expect(again.token).not.toBe(old);
    expect((await admin.get(`/api/public/phishing-lessons/${old}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/public/phishing-lessons/${again.token}`)).statusCode).toBe(200);

    const after = (await followUp()).json();
    expect(after.counts).toEqual({ eligible: 3, assigned: 3, opened: 1, completed: 0 });
    expect(after.people[0]).toMatchObject({ status: 'opened', assignedBy: 'admin', attempts: 0 });
    expect(after.people[1]).toMatchObject({ lessonKey: 'credential-requests' });
  });

  it('keeps who clicked to the company admin', async () => {
    const url = `/api/orgs/${minato}/phishing/campaigns/${campaignId}/follow-up`;
    const someone = (await followUp()).json().people[0].recipientId;
    for (const email of [demo.minatoStaff, demo.operator, demo.expert1, demo.sakuraAdmin]) {
      const client = await signIn(app, email);
      expect((await client.get(url)).statusCode).toBe(403);
      expect((await client.post(url, { recipientId: someone })).statusCode).toBe(403);
    }
  });
});
