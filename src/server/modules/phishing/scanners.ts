import { BlockList, isIP } from 'node:net';
import { defaultScannerRules, type ScannerRules } from '../../../contracts/phishing';
import type { trackingEventKinds } from './tables';

export type TrackingKind = (typeof trackingEventKinds)[number];

/** One tracked request, as the endpoint saw it. */
export interface TrackingHit {
  kind: TrackingKind;
  method: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  /** The request came through the invisible link no person can see. */
  trap?: boolean;
  /** The client said it only prefetches the link (see isPrefetchRequest). */
  prefetch?: boolean;
}

const headerText = (v: string | string[] | undefined) =>
  Array.isArray(v) ? v.join(',') : (v ?? '');

/**
 * Whether the request announces itself as a prefetch: Sec-Purpose (Chromium, also
 * "prefetch;prerender"), Purpose (older Chromium and Safari) or X-Moz (Firefox).
 */
export function isPrefetchRequest(headers: Record<string, string | string[] | undefined>): boolean {
  const announced = (name: string) =>
    headerText(headers[name])
      .toLowerCase()
      .split(/[;,]/)
      .some((token) => token.trim() === 'prefetch');
  return announced('sec-purpose') || announced('purpose') || announced('x-moz');
}

/** What is known about the recipient before this hit. */
export interface RecipientHistory {
  deliveredAt: Date | null;
  /** The first open attributed to a person, if any. */
  humanOpenAt: Date | null;
  /** Times of recent clicks on this recipient's link, people and scanners alike. */
  recentClicks: Date[];
  /** Recent clicks from the hit's address on other recipients' links: when, and whose. */
  sameAddressClicks?: { at: Date; recipientId: string }[];
  /** The clients (address and agent) of earlier human clicks on this recipient's link. */
  humanClickClients?: { ip: string | null; userAgent: string | null }[];
}

export type Classification = 'human' | 'scanner' | 'forwarded';

export type { ScannerRules };
export { defaultScannerRules };

/** A company's gateway ranges, ready to test addresses against. */
export function compileRanges(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    const type = isIP(address ?? '');
    if (type === 0) throw new Error(`not an address range: ${cidr}`);
    list.addSubnet(address!, Number(prefix), type === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

function inRanges(ranges: BlockList | undefined, ip: string | null): boolean {
  if (!ranges || !ip) return false;
  // Node reports IPv4 clients on a dual-stack socket as ::ffff:a.b.c.d.
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const type = isIP(plain);
  return type !== 0 && ranges.check(plain, type === 4 ? 'ipv4' : 'ipv6');
}

// Mail security gateways, link rewriters, preview fetchers and crawlers that announce themselves.
const gatewayAgents =
  /proofpoint|mimecast|barracuda|messagelabs|symantec|forcepoint|websense|trend ?micro|fireeye|trellix|ironport|cisco|safelinks|microsoft office|ms-office|bingpreview|bingbot|googlebot|google-safety|googleimageproxy|slackbot|facebookexternalhit|linkedinbot|zscaler|palo ?alto|sophos|fortinet|fortiguard|checkpoint|avanan|area ?1|cloudmark|spamhaus|virustotal/i;
// HTTP libraries and headless browsers: no person reads mail with these.
const scriptAgents =
  /curl|wget|python|java\/|go-http-client|node-fetch|undici|axios|libwww|okhttp|httpclient|headless|phantomjs|scrapy|powershell|ruby/i;

function outdated(ua: string): boolean {
  const version = (re: RegExp) => Number(re.exec(ua)?.[1] ?? Infinity);
  return (
    /MSIE [1-9]\./.test(ua) ||
    version(/Chrome\/(\d+)\./) < 70 ||
    version(/Firefox\/(\d+)\./) < 60 ||
    (/Safari\//.test(ua) && !/Chrome|Chromium/.test(ua) && version(/Version\/(\d+)\./) < 10)
  );
}

/** Decides whether a hit came from a person or a machine, and names the rule that decided. */
export function classifyHit(
  hit: TrackingHit,
  history: RecipientHistory,
  rules: ScannerRules = defaultScannerRules,
  ranges?: BlockList,
): { classification: Classification; reason: string | null } {
  const scanner = (reason: string) => ({ classification: 'scanner' as const, reason });
  const ua = hit.userAgent?.trim() ?? '';
  if (rules.headRequest && hit.method === 'HEAD') return scanner('head_request');
  if (rules.prefetch && hit.prefetch) return scanner('prefetch_request');
  if (rules.hiddenLink && hit.trap) return scanner('hidden_link');
  if (rules.missingUserAgent && ua === '') return scanner('missing_user_agent');
  if (rules.gatewayAgents && gatewayAgents.test(ua)) return scanner('security_gateway_agent');
  if (inRanges(ranges, hit.ip)) return scanner('gateway_address_range');
  if (rules.scriptAgents && scriptAgents.test(ua)) return scanner('script_user_agent');
  if (rules.outdatedAgents && ua !== '' && outdated(ua)) return scanner('outdated_user_agent');
  // A gateway follows every link of a message on delivery, the report link too.
  if (hit.kind === 'click' || hit.kind === 'submit' || hit.kind === 'report') {
    if (
      rules.tooSoon.enabled &&
      history.deliveredAt &&
      hit.at.getTime() - history.deliveredAt.getTime() < rules.tooSoon.seconds * 1000
    ) {
      return scanner('too_soon_after_delivery');
    }
  }
  if (hit.kind === 'click') {
    if (rules.burst.enabled) {
      const since = hit.at.getTime() - rules.burst.seconds * 1000;
      if (history.recentClicks.filter((t) => t.getTime() >= since).length >= rules.burst.clicks) {
        return scanner('click_burst');
      }
    }
    if (rules.sharedAddress.enabled && history.sameAddressClicks) {
      const since = hit.at.getTime() - rules.sharedAddress.seconds * 1000;
      const others = new Set(
        history.sameAddressClicks.filter((c) => c.at.getTime() >= since).map((c) => c.recipientId),
      );
      // This click would make the address the clicker for `recipients` different people.
      if (others.size + 1 >= rules.sharedAddress.recipients) {
        return scanner('shared_address');
      }
    }
    if (rules.clickNeedsOpen && !history.humanOpenAt) return scanner('click_without_open');
    const clients = history.humanClickClients ?? [];
    if (
      rules.forwardedCopies &&
      clients.length > 0 &&
      clients.every(
        (c) => c.ip !== hit.ip && c.userAgent !== (hit.userAgent?.slice(0, 500) ?? null),
      )
    ) {
      return { classification: 'forwarded', reason: 'forwarded_copy' };
    }
  }
  return { classification: 'human', reason: null };
}
