import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ScannerRulesCache } from './rules';
import { classifyHit, type RecipientHistory, type TrackingHit } from './scanners';
import { phishingCampaigns, phishingEvents, phishingRecipients, type RedFlag } from './tables';

/** What the landing page needs to teach about the message behind a token. */
export interface TrackedMessage {
  organizationId: string;
  campaignId: string;
  locale: 'ja' | 'en';
  redFlags: RedFlag[];
  landingPage: 'training' | 'credential_form';
}

// A token is 32 bytes in base64url; anything else is answered without touching the database.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const isWellFormedToken = (token: string) => TOKEN_SHAPE.test(token);

const MAX_BATCH = 500;
const BURST_LOOKBACK_MS = 60_000;
// The longest window a company may give the shared-address rule.
const SHARED_ADDRESS_LOOKBACK_MS = 3_600_000;

type Pending = {
  token: string;
  hit: TrackingHit;
  resolve: (message: TrackedMessage | null) => void;
  reject: (err: unknown) => void;
};

/**
 * Records tracking hits in batches: hits arriving together share one lookup, one insert and one
 * update, and each caller is answered only once its hit is committed (group commit).
 */
export class TrackingRecorder {
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly onRecorded: (campaignIds: Set<string>, orgOf: Map<string, string>) => void,
    private readonly rules: ScannerRulesCache = new ScannerRulesCache(db),
  ) {}

  /** Records the hit; resolves with the message behind the token, or null for an unknown token. */
  record(token: string, hit: TrackingHit): Promise<TrackedMessage | null> {
    if (!isWellFormedToken(token)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#queue.push({ token, hit, resolve, reject });
      if (!this.#flushing) this.#flushing = this.#drain();
    });
  }

  async #drain(): Promise<void> {
    // Let the hits of this event-loop turn join the batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const results = await this.#write(batch);
          batch.forEach((p, i) => p.resolve(results[i] ?? null));
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#flushing = undefined;
    }
  }

  async #write(batch: Pending[]): Promise<(TrackedMessage | null)[]> {
    const tokens = [...new Set(batch.map((p) => p.token))];
    const found = await this.db
      .select({
        id: phishingRecipients.id,
        token: phishingRecipients.token,
        organizationId: phishingRecipients.organizationId,
        campaignId: phishingRecipients.campaignId,
        deliveredAt:
          sql<Date | null>`coalesce(${phishingRecipients.acceptedAt}, ${phishingRecipients.sentAt})`.mapWith(
            (v: string | Date | null) => (v === null ? null : new Date(v)),
          ),
        openedAt: phishingRecipients.openedAt,
        clickedAt: phishingRecipients.clickedAt,
        locale: phishingCampaigns.locale,
        redFlags: phishingCampaigns.redFlags,
        landingPage: phishingCampaigns.landingPage,
      })
      .from(phishingRecipients)
      .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
      .where(inArray(phishingRecipients.token, tokens));
    const byToken = new Map(found.map((r) => [r.token, r]));
    if (found.length === 0) return batch.map(() => null);

    const ids = found.map((r) => r.id);
    const rulesOf = await this.rules.forOrganizations([
      ...new Set(found.map((r) => r.organizationId)),
    ]);
    const firstAt = Math.min(...batch.map((p) => p.hit.at.getTime()));
    const oldest = new Date(firstAt - BURST_LOOKBACK_MS);
    const priorClicks = await this.db
      .select({ recipientId: phishingEvents.recipientId, at: phishingEvents.at })
      .from(phishingEvents)
      .where(
        and(
          inArray(phishingEvents.recipientId, ids),
          eq(phishingEvents.kind, 'click'),
          gt(phishingEvents.at, oldest),
        ),
      );
    // Clicks from the batch's addresses on the same campaigns' links, for the shared-address rule.
    const clickIps = [
      ...new Set(batch.filter((p) => p.hit.kind === 'click' && p.hit.ip).map((p) => p.hit.ip!)),
    ];
    const sharedWindow = Math.max(
      ...[...rulesOf.values()].map((c) =>
        c.rules.sharedAddress.enabled ? c.rules.sharedAddress.seconds * 1000 : 0,
      ),
    );
    const byAddress = new Map<string, { at: Date; recipientId: string; campaignId: string }[]>();
    if (clickIps.length > 0 && sharedWindow > 0) {
      const recent = await this.db
        .select({
          ip: phishingEvents.ip,
          at: phishingEvents.at,
          recipientId: phishingEvents.recipientId,
          campaignId: phishingEvents.campaignId,
        })
        .from(phishingEvents)
        .where(
          and(
            inArray(phishingEvents.campaignId, [...new Set(found.map((r) => r.campaignId))]),
            eq(phishingEvents.kind, 'click'),
            gt(
              phishingEvents.at,
              new Date(firstAt - Math.min(sharedWindow, SHARED_ADDRESS_LOOKBACK_MS)),
            ),
            inArray(phishingEvents.ip, clickIps),
          ),
        );
      for (const e of recent) {
        if (!e.ip) continue;
        const list = byAddress.get(e.ip) ?? [];
        list.push(e);
        byAddress.set(e.ip, list);
      }
    }
    // Who clicked before, for telling a forwarded copy from the recipient clicking again.
    const clicked = found.filter((r) => r.clickedAt).map((r) => r.id);
    const clients =
      clicked.length === 0 || !batch.some((p) => p.hit.kind === 'click')
        ? []
        : await this.db
            .selectDistinct({
              recipientId: phishingEvents.recipientId,
              ip: phishingEvents.ip,
              userAgent: phishingEvents.userAgent,
            })
            .from(phishingEvents)
            .where(
              and(
                inArray(phishingEvents.recipientId, clicked),
                eq(phishingEvents.kind, 'click'),
                eq(phishingEvents.classification, 'human'),
              ),
            );
    const history = new Map<string, RecipientHistory>(
      found.map((r) => [
        r.id,
        {
          deliveredAt: r.deliveredAt,
          humanOpenAt: r.openedAt,
          recentClicks: priorClicks.filter((c) => c.recipientId === r.id).map((c) => c.at),
          humanClickClients: clients.filter((c) => c.recipientId === r.id),
        },
      ]),
    );

    type FirstHuman = { open?: Date; click?: Date; submit?: Date; report?: Date; scanners: number };
    const firsts = new Map<string, FirstHuman>();
    const events: (typeof phishingEvents.$inferInsert)[] = [];
    const results = batch.map(({ token, hit }) => {
      const r = byToken.get(token);
      if (!r) return null;
      const h = history.get(r.id)!;
      const compiled = rulesOf.get(r.organizationId);
      const sameAddress = hit.ip ? (byAddress.get(hit.ip) ?? []) : [];
      h.sameAddressClicks = sameAddress.filter(
        (c) => c.campaignId === r.campaignId && c.recipientId !== r.id,
      );
      const { classification, reason } = classifyHit(hit, h, compiled?.rules, compiled?.ranges);
      events.push({
        organizationId: r.organizationId,
        campaignId: r.campaignId,
        recipientId: r.id,
        kind: hit.kind,
        at: hit.at,
        ip: hit.ip,
        userAgent: hit.userAgent?.slice(0, 500) ?? null,
        classification,
        reason,
      });
      // Later hits of the same batch see this one, as they would have one request later.
      if (hit.kind === 'click') {
        h.recentClicks.push(hit.at);
        if (hit.ip) {
          const list = byAddress.get(hit.ip) ?? [];
          list.push({ at: hit.at, recipientId: r.id, campaignId: r.campaignId });
          byAddress.set(hit.ip, list);
        }
      }
      const f = firsts.get(r.id) ?? { scanners: 0 };
      if (classification === 'scanner') f.scanners++;
      else if (classification === 'human') {
        f[hit.kind] ??= hit.at;
        if (hit.kind === 'open') h.humanOpenAt ??= hit.at;
        if (hit.kind === 'click') {
          h.humanClickClients?.push({
            ip: hit.ip,
            userAgent: hit.userAgent?.slice(0, 500) ?? null,
          });
        }
      }
      firsts.set(r.id, f);
      return {
        organizationId: r.organizationId,
        campaignId: r.campaignId,
        locale: r.locale,
        redFlags: r.redFlags,
        landingPage: r.landingPage,
      };
    });

    const updates = [...firsts].map(([id, f]) => ({
      id,
      open: f.open?.toISOString() ?? null,
      click: f.click?.toISOString() ?? null,
      submit: f.submit?.toISOString() ?? null,
      report: f.report?.toISOString() ?? null,
      scanners: f.scanners,
    }));
    await this.db.transaction(async (tx) => {
      await tx.insert(phishingEvents).values(events);
      // A click, a submission or a report implies the person saw the message.
      await tx.execute(sql`
        update ${phishingRecipients} r set
          opened_at = coalesce(r.opened_at, u.open, u.click, u.submit, u.report),
          clicked_at = coalesce(r.clicked_at, u.click),
          submitted_at = coalesce(r.submitted_at, u.submit),
          reported_at = coalesce(r.reported_at, u.report),
          scanner_events = r.scanner_events + u.scanners
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
          as u(id uuid, open timestamptz, click timestamptz, submit timestamptz, report timestamptz, scanners int)
        where r.id = u.id`);
    });
    const orgOf = new Map(found.map((r) => [r.campaignId, r.organizationId]));
    this.onRecorded(new Set(found.map((r) => r.campaignId)), orgOf);
    return results;
  }
}
