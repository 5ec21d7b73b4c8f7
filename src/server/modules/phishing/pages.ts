import type { Locale } from '../../../contracts/common';
import { escapeHtml } from './render';
import type { TrackedMessage } from './tracking';

const texts = {
  ja: {
    title: 'これは訓練メールでした',
    lead: 'ご安心ください。このメールは、あなたの会社が実施している標的型攻撃メール訓練の一部です。個人情報やパスワードは一切記録されていません。',
    flagsHeading: 'このメールに含まれていた不審な点',
    general: [
      '急がせる・不安をあおる言葉（至急、本日期限、利用停止など）',
      '差出人の表示名とメールアドレスが一致しない',
      'リンクの実際の行き先（マウスを重ねると表示）が知らないドメイン',
      'パスワードや個人情報の入力を求めている',
    ],
    next: '次に怪しいメールを受け取ったら',
    tips: [
      'リンクを開かず、添付ファイルも開かない。',
      '差出人に、メール以外の方法（電話など）で確認する。',
      '社内の報告窓口に転送して知らせる。',
    ],
    formTitle: 'サインイン',
    formLead: '続行するにはアカウントにサインインしてください。',
    user: 'ユーザー名',
    password: 'パスワード',
    submit: 'サインイン',
    reportTitle: 'ご報告ありがとうございました',
    reportLead:
      '不審なメールを報告していただき、ありがとうございます。報告は会社の担当者に届きました。',
  },
  en: {
    title: 'This was a training email',
    lead: 'Nothing to worry about: this message was part of a phishing-awareness exercise run by your company. No personal data or passwords were recorded.',
    flagsHeading: 'What could have given this message away',
    general: [
      'Words that rush or worry you (urgent, due today, account suspended)',
      'A display name that does not match the sender address',
      'A link whose real destination (shown on hover) is an unknown domain',
      'A request to type a password or personal details',
    ],
    next: 'Next time a message looks suspicious',
    tips: [
      'Do not open its links or attachments.',
      'Check with the sender another way, such as by phone.',
      'Forward it to your company’s reporting contact.',
    ],
    formTitle: 'Sign in',
    formLead: 'Sign in to your account to continue.',
    user: 'User name',
    password: 'Password',
    submit: 'Sign in',
    reportTitle: 'Thank you for reporting',
    reportLead:
      'Thank you for reporting a suspicious message. Your report has reached your company’s contact.',
  },
} as const;

/** Where the landing pages load their confirmation script from. */
export const CONFIRMATION_SCRIPT_PATH = '/t/c.js';

/**
 * Tells the server a browser really showed the page after a click; a link checker that only
 * fetches the URL runs no script, so its click stays unconfirmed. It is a file of this origin,
 * not inline, because the site's Content-Security-Policy (script-src 'self') blocks inline script.
 */
export const CONFIRMATION_SCRIPT = `(function(){var s=document.currentScript,t=s&&s.getAttribute('data-token');if(!t||!/^[A-Za-z0-9_-]{43}$/.test(t))return;var u='/t/b/'+t;try{if(!(navigator.sendBeacon&&navigator.sendBeacon(u))){fetch(u,{method:'POST',keepalive:true});}}catch(e){}})();`;

/**
 * The same tag for every token, known, unknown or malformed, so the page's shape tells nothing;
 * the script itself ignores a token that is not base64url of the right length.
 */
function confirmationScript(token: string | undefined): string {
  if (token === undefined) return '';
  return `<script src="${CONFIRMATION_SCRIPT_PATH}" data-token="${escapeHtml(token)}"></script>`;
}

function page(locale: Locale, title: string, body: string, confirmToken?: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}li{margin:.4rem 0}
.note{background:#eef6ff;border-left:4px solid #2a6fdb;padding:.8rem 1rem}
label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1rem;padding:.6rem 1.2rem}
</style></head><body>${body}${confirmationScript(confirmToken)}</body></html>`;
}

const list = (items: readonly string[]) =>
  `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;

/**
 * The page shown after a click or submission: it says at once that this was training and names
 * the red flags of that very message; without a known message it teaches the general signs.
 */
export function trainingPage(
  locale: Locale,
  message: TrackedMessage | null,
  confirmToken?: string,
): string {
  const t = texts[locale];
  const flags = message ? message.redFlags.map((f) => f[locale]) : t.general;
  return page(
    locale,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1><p class="note">${escapeHtml(t.lead)}</p>
<h2>${escapeHtml(t.flagsHeading)}</h2>${list(flags)}
<h2>${escapeHtml(t.next)}</h2>${list(t.tips)}`,
    confirmToken,
  );
}

/**
 * A look-alike sign-in form. Its inputs have no name attribute, so a browser submits none of
 * what is typed; the server records only that the form was sent.
 */
export function credentialFormPage(locale: Locale, token: string): string {
  const t = texts[locale];
  return page(
    locale,
    t.formTitle,
    `<h1>${escapeHtml(t.formTitle)}</h1><p>${escapeHtml(t.formLead)}</p>
<form method="post" action="/t/s/${escapeHtml(token)}" autocomplete="off">
<label>${escapeHtml(t.user)}<input type="text" autocomplete="off"></label>
<label>${escapeHtml(t.password)}<input type="password" autocomplete="off"></label>
<button type="submit">${escapeHtml(t.submit)}</button></form>`,
    token,
  );
}

export function reportThanksPage(locale: Locale): string {
  const t = texts[locale];
  return page(
    locale,
    t.reportTitle,
    `<h1>${escapeHtml(t.reportTitle)}</h1><p>${escapeHtml(t.reportLead)}</p>`,
  );
}
