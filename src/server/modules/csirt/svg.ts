// A small SVG builder: elements as strings with every attribute and text escaped, and text
// measurement good enough to wrap Japanese and Latin labels inside boxes without a font engine.

/** Escapes text for XML and drops characters XML 1.0 does not allow at all. */
export function escapeXml(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export type Attrs = Record<string, string | number | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

/** An element; children are already-built markup. */
export function el(name: string, a: Attrs = {}, children: string[] = []): string {
  return children.length === 0
    ? `<${name}${attrs(a)}/>`
    : `<${name}${attrs(a)}>${children.join('')}</${name}>`;
}

/** A text element whose content is escaped. */
export function textEl(content: string, a: Attrs = {}): string {
  return `<text${attrs(a)}>${escapeXml(content)}</text>`;
}

export const FONT_FAMILY =
  "'Noto Sans JP', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif";

/** Width of one character in em: full width for CJK and other wide characters, about half for Latin. */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) return /[A-Z0-9mwMW@]/.test(ch) ? 0.65 : ch === ' ' ? 0.3 : 0.52;
  if (code >= 0xff61 && code <= 0xff9f) return 0.5; // half-width katakana
  return 1;
}

export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w * fontSize;
}

/**
 * Breaks text into lines no wider than maxWidth: at spaces for Latin words, anywhere between wide
 * characters; a word longer than a line is broken where it must be. At most maxLines lines, the
 * last one ending in an ellipsis when text was cut.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  maxLines = 99,
): string[] {
  const tokens = text.trim().match(/[\x21-\x7E]+|\s+|./gu) ?? [];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      if (line) line += ' ';
      continue;
    }
    if (textWidth(line + token, fontSize) <= maxWidth) {
      line += token;
      continue;
    }
    if (line.trim()) push();
    if (textWidth(token, fontSize) <= maxWidth) {
      line = token;
      continue;
    }
    for (const ch of token) {
      if (textWidth(line + ch, fontSize) > maxWidth) push();
      line += ch;
    }
  }
  push();
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    let last = kept[maxLines - 1]!;
    while (last.length > 0 && textWidth(`${last}…`, fontSize) > maxWidth) last = last.slice(0, -1);
    kept[maxLines - 1] = `${last}…`;
    return kept;
  }
  return lines;
}

/** Lines of text centred on x, vertically centred on cy. */
export function centredLines(
  lines: string[],
  x: number,
  cy: number,
  fontSize: number,
  extra: Attrs = {},
): string {
  const lineHeight = fontSize * 1.3;
  const top = cy - ((lines.length - 1) * lineHeight) / 2;
  return lines
    .map((l, i) =>
      textEl(l, {
        x,
        y: Math.round((top + i * lineHeight) * 10) / 10,
        'font-size': fontSize,
        'text-anchor': 'middle',
        'dominant-baseline': 'central',
        ...extra,
      }),
    )
    .join('');
}

/** The outer svg element with a white background and the font list. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'font-family': FONT_FAMILY,
    },
    [
      `<title>${escapeXml(title)}</title>`,
      el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
      ...body,
    ],
  );
}
