export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; url: string };

const URL_PATTERN = /(https?:\/\/[^\s<>"'）」』】]+)/g;
// Trailing punctuation is usually the sentence's, not the URL's.
const TRAILING = /[.,;:!?)\]。、]+$/;

/** Splits plain text into text and http(s) links; nothing else (no javascript:, no HTML) is a link. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const push = (t: string) => {
    if (!t) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  text.split(URL_PATTERN).forEach((piece, i) => {
    if (i % 2 === 0) return push(piece);
    const tail = TRAILING.exec(piece)?.[0] ?? '';
    const url = tail ? piece.slice(0, -tail.length) : piece;
    if (/^https?:\/\/[^/\s]/.test(url)) parts.push({ kind: 'link', url });
    else push(url);
    push(tail);
  });
  return parts;
}
