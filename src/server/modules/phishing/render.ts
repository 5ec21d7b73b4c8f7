import type { Locale } from '../../../contracts/common';

/** The values a training mail is personalised with. */
export interface Personalisation {
  name: string;
  department: string | null;
  link: string;
  /** The recipient's report link: following it records that they reported the message. */
  reportUrl: string;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

const VARIABLE = /\{\{\s*(name|department|link|report_url)\s*\}\}/g;
const REPORT_VARIABLE = /\{\{\s*report_url\s*\}\}/;

function fill(template: string, values: Personalisation, escape: (s: string) => string): string {
  return template.replace(VARIABLE, (_m, key: string) =>
    escape(
      key === 'name'
        ? values.name
        : key === 'link'
          ? values.link
          : key === 'report_url'
            ? values.reportUrl
            : (values.department ?? ''),
    ),
  );
}

// The line added to a message whose template does not place the report link itself.
const reportFooter = {
  ja: { lead: 'このメールが不審だと思ったら、こちらから報告してください:', link: '報告する' },
  en: { lead: 'Think this message is suspicious? Report it here:', link: 'Report' },
} as const;

function withReportFooter(
  html: string,
  text: string,
  locale: Locale,
  reportUrl: string,
): { html: string; text: string } {
  const t = reportFooter[locale];
  const line = `<p style="margin-top:24px;font-size:12px;color:#666">${escapeHtml(t.lead)} <a href="${escapeHtml(reportUrl)}">${escapeHtml(t.link)}</a></p>`;
  return {
    html: html.includes('</body>') ? html.replace('</body>', `${line}</body>`) : html + line,
    text: `${text.replace(/\s+$/, '')}\n\n--\n${t.lead}\n${reportUrl}\n`,
  };
}

/**
 * Fills the variables; values put into HTML are escaped so an imported name cannot inject markup.
 * Every message carries the recipient's report link: where its template does not place
 * {{report_url}}, a short footer line in the message's language adds it to both parts.
 */
export function renderTrainingMail(
  parts: { subject: string; html: string; text: string; locale: Locale },
  values: Personalisation,
  openPixelUrl: string,
  trapUrl?: string,
): { subject: string; html: string; text: string } {
  let html = fill(parts.html, values, escapeHtml);
  let text = fill(parts.text, values, (s) => s);
  if (!REPORT_VARIABLE.test(parts.html) || !REPORT_VARIABLE.test(parts.text)) {
    const footed = withReportFooter(html, text, parts.locale, values.reportUrl);
    if (!REPORT_VARIABLE.test(parts.html)) html = footed.html;
    if (!REPORT_VARIABLE.test(parts.text)) text = footed.text;
  }
  // A link with no text that no client displays: only software that fetches every URL follows it.
  const trap = trapUrl
    ? `<a href="${escapeHtml(trapUrl)}" style="display:none!important;mso-hide:all;font-size:0;max-height:0;overflow:hidden" aria-hidden="true" tabindex="-1"></a>`
    : '';
  const pixel = `${trap}<img src="${escapeHtml(openPixelUrl)}" width="1" height="1" alt="" style="display:block;border:0">`;
  return {
    subject: fill(parts.subject, values, (s) => s.replace(/[\r\n]+/g, ' ')),
    // The pixel goes last so that a client showing the message reports the open.
    html: html.includes('</body>') ? html.replace('</body>', `${pixel}</body>`) : html + pixel,
    text,
  };
}
