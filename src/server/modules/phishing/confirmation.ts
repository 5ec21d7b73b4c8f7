import { sql } from 'drizzle-orm';
import { defaultScannerRules } from '../../../contracts/phishing';
import type { DbOrTx } from '../../db/client';
import { isWellFormedToken, MAX_CLIENTS } from './tracking';
import { phishingEvents, phishingRecipients, phishingScannerSettings } from './tables';

/** Clicks older than this are settled; an unconfirmed one is not looked at again. */
const SETTLED_AFTER_HOURS = 24;

/**
 * Marks the recipient's unconfirmed human clicks as confirmed: the landing page's script ran, so
 * a browser showed it. Unknown tokens change nothing and are answered the same way.
 */
export async function confirmClick(db: DbOrTx, token: string): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await db.execute(sql`
    update ${phishingEvents} e set confirmed_at = now()
    from ${phishingRecipients} r
    where r.token = ${token} and e.recipient_id = r.id
      and e.kind = 'click' and e.classification = 'human' and e.confirmed_at is null`);
}

/**
 * Reclassifies the human clicks no landing page confirmed within the company's window as
 * scanners, and moves each recipient's first click to the first one still standing.
 */
export async function classifyUnconfirmedClicks(db: DbOrTx): Promise<string[]> {
  const { enabled, seconds } = defaultScannerRules.unconfirmedClick;
  const rules = sql`(select s.rules -> 'unconfirmedClick' from ${phishingScannerSettings} s
    where s.organization_id = e.organization_id)`;
  const result = (await db.execute(sql`
    with stale as (
      update ${phishingEvents} e set classification = 'scanner', reason = 'unconfirmed_click'
      where e.kind = 'click' and e.classification = 'human' and e.confirmed_at is null
        and e.at > now() - make_interval(hours => ${SETTLED_AFTER_HOURS})
        and coalesce((${rules} ->> 'enabled')::boolean, ${enabled})
        and e.at < now() - make_interval(secs => coalesce((${rules} ->> 'seconds')::int, ${seconds}))
      returning e.id, e.recipient_id
    ), counted as (
      select recipient_id, count(*)::int as n from stale group by recipient_id
    ), moved as (
      update ${phishingRecipients} r set
        scanner_events = r.scanner_events + c.n,
        -- Every part of one statement sees the events as they were before it, so the clicks
        -- reclassified above are left out by id.
        clicked_at = (select min(h.at) from ${phishingEvents} h
          where h.recipient_id = r.id and h.kind = 'click' and h.classification = 'human'
            and h.id not in (select id from stale)),
        -- A click implied the open (with no pixel loaded): the open goes with it. A report
        -- forwarded to the report mailbox is a person's, recorded as an event as well.
        opened_at = (select min(h.at) from ${phishingEvents} h
          where h.recipient_id = r.id and h.classification = 'human'
            and h.id not in (select id from stale)),
        -- A forwarded copy is told apart by the clients of the clicks still standing.
        human_click_clients = (select coalesce(jsonb_agg(jsonb_build_object('ip', k.ip,
            'userAgent', k.user_agent) order by k.first), '[]'::jsonb)
          from (select h.ip, h.user_agent, min(h.at) as first from ${phishingEvents} h
            where h.recipient_id = r.id and h.kind = 'click' and h.classification = 'human'
              and h.id not in (select id from stale)
            group by h.ip, h.user_agent order by min(h.at) limit ${MAX_CLIENTS}) k)
      from counted c where r.id = c.recipient_id
      returning r.campaign_id, r.organization_id
    )
    select distinct campaign_id::text as campaign_id, organization_id::text as organization_id
    from moved`)) as unknown as { rows: { campaign_id: string; organization_id: string }[] };
  return result.rows.map((r) => `${r.organization_id}:${r.campaign_id}`);
}
