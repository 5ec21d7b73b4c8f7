/**
 * Spreading a campaign's sending over a period: the messages are paced evenly over the time of
 * the daily send window that falls inside the period, so a campaign spread over three working
 * days at 09:00–18:00 sends a third of its messages each day, a little every minute.
 */

export interface SpreadCampaign {
  windowStartMinute: number;
  windowEndMinute: number;
  timeZone: string;
  startAt: Date | null;
  launchedAt: Date | null;
  spreadOverMinutes: number | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the zone's clock is ahead of UTC at this instant. */
function zoneOffsetMinutes(timeZone: string, at: Date): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    offsetFormats.set(timeZone, format);
  }
  const part = (type: string) =>
    Number(format.formatToParts(at).find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  );
  return Math.round((local - Math.floor(at.getTime() / MINUTE) * MINUTE) / MINUTE);
}

/** Milliseconds of the daily window between two instants, in the campaign's time zone. */
export function windowTimeBetween(
  campaign: Pick<SpreadCampaign, 'windowStartMinute' | 'windowEndMinute' | 'timeZone'>,
  from: Date,
  to: Date,
): number {
  if (to <= from) return 0;
  const offset = zoneOffsetMinutes(campaign.timeZone, from) * MINUTE;
  // Local midnight of the day `from` falls on, as a UTC instant (a day early to be safe).
  let day = Math.floor((from.getTime() + offset) / DAY) * DAY - DAY;
  let total = 0;
  while (day < to.getTime() + DAY) {
    // The offset at the day's noon, so a DST change on another day does not shift this one.
    const dayOffset = zoneOffsetMinutes(campaign.timeZone, new Date(day + DAY / 2)) * MINUTE;
    const open = day - dayOffset + campaign.windowStartMinute * MINUTE;
    const close = day - dayOffset + campaign.windowEndMinute * MINUTE;
    total += Math.max(0, Math.min(to.getTime(), close) - Math.max(from.getTime(), open));
    day += DAY;
  }
  return total;
}

/** When the spreading starts and ends; null for a campaign sent as fast as its rate allows. */
export function spreadPeriod(campaign: SpreadCampaign): { from: Date; until: Date } | null {
  if (!campaign.spreadOverMinutes) return null;
  const launched = campaign.launchedAt;
  const from =
    campaign.startAt && (!launched || campaign.startAt > launched) ? campaign.startAt : launched;
  if (!from) return null;
  return { from, until: new Date(from.getTime() + campaign.spreadOverMinutes * MINUTE) };
}

/**
 * How many of the campaign's messages should have gone out by now: the share of the period's
 * window time elapsed, in whole minutes and counting the current one, of all recipients. A period with no window
 * time at all sends everything at the next window, as a campaign without spreading would.
 */
export function spreadTarget(campaign: SpreadCampaign, recipients: number, now: Date): number {
  const period = spreadPeriod(campaign);
  if (!period) return recipients;
  const total = windowTimeBetween(campaign, period.from, period.until);
  if (total === 0 || now >= period.until) return recipients;
  // Whole minutes: each minute's batch sends that minute's share, however often it runs.
  const elapsed =
    Math.floor(
      windowTimeBetween(campaign, period.from, new Date(now.getTime() + MINUTE)) / MINUTE,
    ) * MINUTE;
  return Math.min(recipients, Math.ceil((recipients * Math.min(elapsed, total)) / total));
}
