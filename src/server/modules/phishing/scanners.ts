import type { trackingEventKinds } from './tables';

export type TrackingKind = (typeof trackingEventKinds)[number];

/** One tracked request, as the endpoint saw it. */
export interface TrackingHit {
  kind: TrackingKind;
  method: string;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** What is known about the recipient before this hit. */
export interface RecipientHistory {
  deliveredAt: Date | null;
  /** The first open attributed to a person, if any. */
  humanOpenAt: Date | null;
  /** Times of recent clicks on this recipient's link, people and scanners alike. */
  recentClicks: Date[];
}

export interface ScannerRules {
  /** A click this soon after delivery is a gateway following links, not a reader. */
  minSecondsAfterDelivery: number;
  /** More than this many clicks … */
  burstClicks: number;
  /** … within this many seconds is automated. */
  burstSeconds: number;
  /** Mail clients that block images make this rule strict; a company may turn it off. */
  clickNeedsOpen: boolean;
}

export const defaultScannerRules: ScannerRules = {
  minSecondsAfterDelivery: 10,
  burstClicks: 3,
  burstSeconds: 10,
  clickNeedsOpen: true,
};

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
): { classification: 'human' | 'scanner'; reason: string | null } {
  const scanner = (reason: string) => ({ classification: 'scanner' as const, reason });
  const ua = hit.userAgent?.trim() ?? '';
  if (hit.method === 'HEAD') return scanner('head_request');
  if (ua === '') return scanner('missing_user_agent');
  if (gatewayAgents.test(ua)) return scanner('security_gateway_agent');
  if (scriptAgents.test(ua)) return scanner('script_user_agent');
  if (outdated(ua)) return scanner('outdated_user_agent');
  if (hit.kind === 'click' || hit.kind === 'submit') {
    if (
      history.deliveredAt &&
      hit.at.getTime() - history.deliveredAt.getTime() < rules.minSecondsAfterDelivery * 1000
    ) {
      return scanner('too_soon_after_delivery');
    }
  }
  if (hit.kind === 'click') {
    const since = hit.at.getTime() - rules.burstSeconds * 1000;
    if (history.recentClicks.filter((t) => t.getTime() >= since).length >= rules.burstClicks) {
      return scanner('click_burst');
    }
    if (rules.clickNeedsOpen && !history.humanOpenAt) return scanner('click_without_open');
  }
  return { classification: 'human', reason: null };
}
