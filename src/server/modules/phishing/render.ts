/** The values a training mail is personalised with. */
export interface Personalisation {
  name: string;
  department: string | null;
  link: string;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

function fill(template: string, values: Personalisation, escape: (s: string) => string): string {
  return template.replace(/\{\{\s*(name|department|link)\s*\}\}/g, (_m, key: string) =>
    escape(key === 'name' ? values.name : key === 'link' ? values.link : (values.department ?? '')),
  );
}

/** Fills the variables; values put into HTML are escaped so an imported name cannot inject markup. */
export function renderTrainingMail(
  parts: { subject: string; html: string; text: string },
  values: Personalisation,
  openPixelUrl: string,
  trapUrl?: string,
): { subject: string; html: string; text: string } {
  const html = fill(parts.html, values, escapeHtml);
  // A link with no text that no client displays: only software that fetches every URL follows it.
  const trap = trapUrl
    ? `<a href="${escapeHtml(trapUrl)}" style="display:none!important;mso-hide:all;font-size:0;max-height:0;overflow:hidden" aria-hidden="true" tabindex="-1"></a>`
    : '';
  const pixel = `${trap}<img src="${escapeHtml(openPixelUrl)}" width="1" height="1" alt="" style="display:block;border:0">`;
  return {
    subject: fill(parts.subject, values, (s) => s.replace(/[\r\n]+/g, ' ')),
    // The pixel goes last so that a client showing the message reports the open.
    html: html.includes('</body>') ? html.replace('</body>', `${pixel}</body>`) : html + pixel,
    text: fill(parts.text, values, (s) => s),
  };
}
