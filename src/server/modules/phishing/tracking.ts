import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { ScannerRulesCache } from './rules';
import { classifyHit, type RecipientHistory, type TrackingHit } from './scanners';
import { phishingCampaigns, phishingRecipients, type phishingEvents, type RedFlag } from './tables';

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
// 8 rather than 4: with 4, hits queued behind the batches in the database while the cores sat
// partly idle (bench:phishing 8,209–8,294 → 8,572–8,703 events/s on PostgreSQL).
const MAX_CONCURRENT_BATCHES = 8;
/** Recipients whose token, company, campaign and landing page (fixed at launch) are kept. */
const IDENTITY_CACHE_SIZE = 200_000;
/** Enough earlier clients of one recipient to tell a forwarded copy from the recipient. */
export const MAX_CLIENTS = 20;
// The longest window a company may give the shared-address rule.
const SHARED_ADDRESS_LOOKBACK_MS = 3_600_000;

/**
 * What the rules need to know about a batch's recipients, in one statement: their state, their
 * latest clicks, the clients of their human clicks, and the recent clicks of the batch's addresses
 * on the same campaigns. Prepared, so parsed once per connection; PostgreSQL still plans it for
 * each batch, and must: a generic plan, made while phishing_events is nearly empty, would be kept
 * as it grows (BENCHMARKS.md, 2026-12-04 17:45). $1 the clicking recipients, $2 and $3 the burst
 * window and clicks, $4 the recipients, $5 their campaigns, $6 the clicking addresses (JSON), $7
 * whether the shared-address rule applies, $8 since when.
 */
const HISTORY_SQL = `
  select json_build_object(
    'recipients', (select coalesce(json_agg(json_build_object(
        'id', r.id,
        'deliveredAt', coalesce(r.accepted_at, r.sent_at),
        'openedAt', r.opened_at, 'clickedAt', r.clicked_at,
        'submittedAt', r.submitted_at, 'reportedAt', r.reported_at,
        -- Only a click is judged by earlier clicks: opens and reports need the state alone.
        'recent', case when r.id = any($1::uuid[]) then (
          select coalesce(json_agg(c.at), '[]') from (
            select e.at from phishing_events e
            where e.recipient_id = r.id and e.kind = 'click' and e.at > $2::timestamptz
            order by e.at desc limit $3::int) c)
          else '[]'::json end,
        'clients', case when r.id = any($1::uuid[]) then r.human_click_clients
          else '[]'::jsonb end)), '[]')
      -- Probed by id one by one: a small campaign's table is otherwise read whole.
      from unnest($4::uuid[]) as i(id)
      cross join lateral (select * from phishing_recipients r where r.id = i.id offset 0) r),
    'shared', (select coalesce(json_agg(json_build_object(
        'ip', e.ip, 'at', e.at, 'recipientId', e.recipient_id, 'campaignId', e.campaign_id)), '[]')
      -- One index probe per campaign and address (offset 0 keeps the subquery apart): joined on
      -- the address instead, PostgreSQL reads every recent click of the campaign.
      from unnest($5::uuid[]) as c(id)
      cross join json_array_elements_text($6::json) as a(ip)
      cross join lateral (select * from phishing_events e
        where $7::boolean and e.campaign_id = c.id and e.ip = a.ip
          and e.kind = 'click' and e.at > $8::timestamptz
        offset 0) e)
  ) as data`;

/**
 * A batch's events and the funnel changes they make, in one statement, so one round trip and its
 * own transaction: committed (durable) before any caller of the batch is answered. Prepared as
 * the history is. $1 the events (JSON), $2 the recipients' changes (JSON), $3 their ids.
 */
const WRITE_SQL = `
  with recorded as (
    insert into phishing_events
      (organization_id, campaign_id, recipient_id, kind, at, ip, user_agent, classification, reason)
    select e.organization_id, e.campaign_id, e.recipient_id, e.kind, e.at, e.ip, e.user_agent,
      e.classification, e.reason
    from json_to_recordset($1::json) as e(organization_id uuid, campaign_id uuid,
      recipient_id uuid, kind text, at timestamptz, ip text, user_agent text, classification text,
      reason text)
    returning 1
  ), funnel as (
    -- A click, a submission or a report implies the person saw the message. The earliest wins
    -- (least() skips nulls): batches in the database at once may commit in either order.
    update phishing_recipients r set
      opened_at = least(r.opened_at, u.open, u.click, u.submit, u.report),
      clicked_at = least(r.clicked_at, u.click),
      submitted_at = least(r.submitted_at, u.submit),
      reported_at = least(r.reported_at, u.report),
      scanner_events = r.scanner_events + u.scanners,
      -- Appended under the row's lock, so clients added by another process at once are kept (the
      -- same client twice changes no verdict).
      human_click_clients = case
        when u.clients is null or jsonb_array_length(r.human_click_clients) >= ${MAX_CLIENTS}
        then r.human_click_clients else r.human_click_clients || u.clients end
    from json_to_recordset($2::json)
      as u(id uuid, open timestamptz, click timestamptz, submit timestamptz, report timestamptz,
        scanners int, clients jsonb)
    where r.id = u.id and r.id = any($3::uuid[])
    returning 1
  )
  select (select count(*) from recorded) as events, (select count(*) from funnel) as recipients`;

/** What never changes about a recipient once its campaign is launched. */
type Identity = TrackedMessage & { id: string };

type HistoryRows = {
  recipients: {
    id: string;
    deliveredAt: string | null;
    openedAt: string | null;
    clickedAt: string | null;
    submittedAt: string | null;
    reportedAt: string | null;
    /** Newest first. */
    recent: string[];
    clients: { ip: string | null; userAgent: string | null }[];
  }[];
  shared: { ip: string | null; at: string; recipientId: string; campaignId: string }[];
};

type EventRow = typeof phishingEvents.$inferInsert & {
  at: Date;
  ip: string | null;
  userAgent: string | null;
};

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
  #scheduled = false;
  #active = 0;
  /** Resolves once the latest started batch is classified: the next one waits for it. */
  #turn: Promise<void> = Promise.resolve();
  /**
   * Events of classified batches that a batch still reading may not see in the database: those
   * not yet committed when its read was sent. Ticks order reads and commits.
   */
  #written: { events: EventRow[]; committedAt: number | undefined }[] = [];
  #reading = new Set<number>();
  #tick = 0;
  #identity = new Map<string, Identity>();

  constructor(
    private readonly database: Pick<Database, 'db' | 'prepared'>,
    private readonly onRecorded: (campaignIds: Set<string>, orgOf: Map<string, string>) => void,
    private readonly rules: ScannerRulesCache = new ScannerRulesCache(database.db),
  ) {}

  /** Records the hit; resolves with the message behind the token, or null for an unknown token. */
  record(token: string, hit: TrackingHit): Promise<TrackedMessage | null> {
    if (!isWellFormedToken(token)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.#queue.push({ token, hit, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // Let the hits of this event-loop turn join the batch.
      setImmediate(() => {
        this.#scheduled = false;
        this.#start();
      });
    });
  }

  /**
   * Up to MAX_CONCURRENT_BATCHES batches are in the database at once, so one batch's commit does
   * not hold up the next one's reading; they are classified one after another, in order.
   */
  #start(): void {
    while (this.#queue.length > 0 && this.#active < MAX_CONCURRENT_BATCHES) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      const previous = this.#turn;
      let done!: () => void;
      this.#turn = new Promise<void>((r) => (done = r));
      this.#active++;
      this.#write(batch, previous, done)
        .then(
          (results) => batch.forEach((p, i) => p.resolve(results[i] ?? null)),
          (err: unknown) => {
            for (const p of batch) p.reject(err);
          },
        )
        .finally(() => {
          done();
          this.#active--;
          this.#start();
        });
    }
  }

  /** The batch's recipients by token: from the cache, the rest in one query. */
  async #identities(tokens: string[]): Promise<Map<string, Identity>> {
    const byToken = new Map<string, Identity>();
    const missing: string[] = [];
    for (const token of tokens) {
      const known = this.#identity.get(token);
      if (known) byToken.set(token, known);
      else missing.push(token);
    }
    if (missing.length === 0) return byToken;
    const found = await this.database.db
      .select({
        id: phishingRecipients.id,
        token: phishingRecipients.token,
        organizationId: phishingRecipients.organizationId,
        campaignId: phishingRecipients.campaignId,
        locale: phishingCampaigns.locale,
        redFlags: phishingCampaigns.redFlags,
        landingPage: phishingCampaigns.landingPage,
      })
      .from(phishingRecipients)
      .innerJoin(phishingCampaigns, eq(phishingCampaigns.id, phishingRecipients.campaignId))
      .where(inArray(phishingRecipients.token, missing));
    // A whole cache dropped now and then is simpler than an LRU and costs one query per token.
    if (this.#identity.size + found.length > IDENTITY_CACHE_SIZE) this.#identity.clear();
    for (const { token, ...identity } of found) {
      this.#identity.set(token, identity);
      byToken.set(token, identity);
    }
    return byToken;
  }

  /**
   * What the rules need to know about the batch's recipients (HISTORY_SQL). A recipient deleted
   * since it was cached is simply not there.
   */
  async #history(
    ids: string[],
    campaignIds: string[],
    clickIps: string[],
    burst: { since: Date; clicks: number },
    shared: Date | null,
    clicking: string[],
  ): Promise<HistoryRows> {
    const [row] = await this.database.prepared<{ data: HistoryRows | string }>(
      'phishing_tracking_history',
      HISTORY_SQL,
      [
        `{${clicking.join(',')}}`,
        burst.since,
        burst.clicks,
        `{${ids.join(',')}}`,
        `{${campaignIds.join(',')}}`,
        JSON.stringify(clickIps),
        shared !== null && clickIps.length > 0,
        shared ?? new Date(0),
      ],
    );
    const data = row!.data;
    return typeof data === 'string' ? (JSON.parse(data) as HistoryRows) : data;
  }

  async #write(
    batch: Pending[],
    previous: Promise<void>,
    classified: () => void,
  ): Promise<(TrackedMessage | null)[]> {
    const byToken = await this.#identities([...new Set(batch.map((p) => p.token))]);
    if (byToken.size === 0) return batch.map(() => null);
    const identities = [...new Map([...byToken.values()].map((r) => [r.id, r])).values()];
    const rulesOf = await this.rules.forOrganizations([
      ...new Set(identities.map((r) => r.organizationId)),
    ]);
    const compiled = [...rulesOf.values()];
    const firstAt = Math.min(...batch.map((p) => p.hit.at.getTime()));
    // The burst rule needs, per recipient, only the latest `clicks` clicks within its window.
    const burstRules = compiled.filter((c) => c.rules.burst.enabled).map((c) => c.rules.burst);
    const burst = {
      since: new Date(firstAt - Math.max(0, ...burstRules.map((b) => b.seconds)) * 1000),
      clicks: Math.max(0, ...burstRules.map((b) => b.clicks)),
    };
    // Clicks from the batch's addresses on the same campaigns' links, for the shared-address rule.
    const clickIps = [
      ...new Set(batch.filter((p) => p.hit.kind === 'click' && p.hit.ip).map((p) => p.hit.ip!)),
    ];
    const sharedWindow = Math.max(
      ...compiled.map((c) =>
        c.rules.sharedAddress.enabled ? c.rules.sharedAddress.seconds * 1000 : 0,
      ),
    );
    const issued = ++this.#tick;
    this.#reading.add(issued);
    const sharedSince =
      sharedWindow > 0
        ? new Date(firstAt - Math.min(sharedWindow, SHARED_ADDRESS_LOOKBACK_MS))
        : null;
    let rows: HistoryRows;
    try {
      rows = await this.#history(
        identities.map((r) => r.id),
        [...new Set(identities.map((r) => r.campaignId))],
        clickIps,
        burst,
        sharedSince,
        // The recipients clicking now: only a click needs earlier clicks and their clients.
        [
          ...new Set(
            batch
              .filter((p) => p.hit.kind === 'click')
              .map((p) => byToken.get(p.token)?.id)
              .filter((id) => id !== undefined),
          ),
        ],
      );
      await previous;
    } finally {
      this.#reading.delete(issued);
    }
    const stateOf = new Map(rows.recipients.map((r) => [r.id, r]));
    for (const [token, r] of byToken) {
      if (stateOf.has(r.id)) continue;
      byToken.delete(token);
      this.#identity.delete(token);
    }
    const byAddress = new Map<string, { at: Date; recipientId: string; campaignId: string }[]>();
    for (const e of rows.shared) {
      if (!e.ip) continue;
      const list = byAddress.get(e.ip) ?? [];
      list.push({ at: new Date(e.at), recipientId: e.recipientId, campaignId: e.campaignId });
      byAddress.set(e.ip, list);
    }
    const date = (v: string | null) => (v === null ? null : new Date(v));
    const history = new Map<string, RecipientHistory>(
      rows.recipients.map((r) => [
        r.id,
        {
          deliveredAt: date(r.deliveredAt),
          humanOpenAt: date(r.openedAt),
          recentClicks: r.recent.map((at) => new Date(at)).reverse(),
          humanClickClients: r.clients,
        },
      ]),
    );

    // This process's batches the read may have missed, as they will be once committed. One seen
    // both ways (committed while the read ran) is the same time for the same recipient: kept once.
    const clickIpSet = new Set(clickIps);
    for (const w of this.#written) {
      if (w.committedAt !== undefined && w.committedAt < issued) continue;
      for (const e of w.events) {
        const h = history.get(e.recipientId);
        const at = e.at.getTime();
        if (h && e.kind === 'click' && at >= burst.since.getTime()) {
          if (!h.recentClicks.some((t) => t.getTime() === at)) h.recentClicks.push(e.at);
        }
        if (h && e.classification === 'human') {
          h.humanOpenAt ??= e.at;
          const clients = h.humanClickClients;
          if (
            e.kind === 'click' &&
            clients &&
            !clients.some((c) => c.ip === e.ip && c.userAgent === e.userAgent)
          ) {
            clients.push({ ip: e.ip, userAgent: e.userAgent });
          }
        }
        if (e.kind === 'click' && e.ip && sharedSince && at > sharedSince.getTime()) {
          if (!clickIpSet.has(e.ip)) continue;
          const list = byAddress.get(e.ip) ?? [];
          if (!list.some((c) => c.recipientId === e.recipientId && c.at.getTime() === at)) {
            list.push({ at: e.at, recipientId: e.recipientId, campaignId: e.campaignId });
            byAddress.set(e.ip, list);
          }
        }
      }
    }

    type Client = { ip: string | null; userAgent: string | null };
    type FirstHuman = {
      open?: Date;
      click?: Date;
      submit?: Date;
      report?: Date;
      scanners: number;
      /** Clients of human clicks the recipient's row does not list yet. */
      clients: Client[];
    };
    const firsts = new Map<string, FirstHuman>();
    const events: EventRow[] = [];
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
      const f = firsts.get(r.id) ?? { scanners: 0, clients: [] };
      if (classification === 'scanner') f.scanners++;
      else if (classification === 'human') {
        f[hit.kind] ??= hit.at;
        if (hit.kind === 'open') h.humanOpenAt ??= hit.at;
        if (hit.kind === 'click') {
          const client = { ip: hit.ip, userAgent: hit.userAgent?.slice(0, 500) ?? null };
          const clients = (h.humanClickClients ??= []);
          if (!clients.some((c) => c.ip === client.ip && c.userAgent === client.userAgent)) {
            clients.push(client);
            f.clients.push(client);
          }
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

    // Only recipients whose funnel changes are written: a repeated open changes nothing.
    const updates = [...firsts]
      .filter(([id, f]) => {
        const r = stateOf.get(id)!;
        const seen = f.open ?? f.click ?? f.submit ?? f.report;
        return (
          f.scanners > 0 ||
          f.clients.length > 0 ||
          (seen && !r.openedAt) ||
          (f.click && !r.clickedAt) ||
          (f.submit && !r.submittedAt) ||
          (f.report && !r.reportedAt)
        );
      })
      .map(([id, f]) => ({
        id,
        open: f.open?.toISOString() ?? null,
        click: f.click?.toISOString() ?? null,
        submit: f.submit?.toISOString() ?? null,
        report: f.report?.toISOString() ?? null,
        scanners: f.scanners,
        clients: f.clients.length > 0 ? f.clients : null,
      }));
    const written = { events, committedAt: undefined as number | undefined };
    this.#written.push(written);
    classified();
    if (events.length === 0) return results;
    const rowsOut = events.map((e) => ({
      organization_id: e.organizationId,
      campaign_id: e.campaignId,
      recipient_id: e.recipientId,
      kind: e.kind,
      at: e.at.toISOString(),
      ip: e.ip,
      user_agent: e.userAgent,
      classification: e.classification,
      reason: e.reason,
    }));
    try {
      await this.database.prepared('phishing_tracking_write', WRITE_SQL, [
        JSON.stringify(rowsOut),
        JSON.stringify(updates),
        `{${updates.map((u) => u.id).join(',')}}`,
      ]);
      written.committedAt = ++this.#tick;
    } catch (err) {
      this.#written.splice(this.#written.indexOf(written), 1);
      throw err;
    } finally {
      // Kept only while a read sent before its commit is still outstanding.
      const oldest = Math.min(...this.#reading);
      this.#written = this.#written.filter(
        (w) => w.committedAt === undefined || w.committedAt > oldest,
      );
    }
    const orgOf = new Map(identities.map((r) => [r.campaignId, r.organizationId]));
    this.onRecorded(new Set(orgOf.keys()), orgOf);
    return results;
  }
}
