import type { BcpPlanFacts } from '../../../contracts/bcp';
import type { Locale } from '../../../contracts/common';
import type { BcpTemplates } from './content';

// The activation flow as a small, self-contained SVG: no scripts, no external references, every
// piece of company text escaped. It is drawn here rather than by a chart library because it is a
// fixed flowchart whose boxes must fit Japanese text.

export interface FlowSvg {
  svg: string;
  width: number;
  height: number;
}

const FONT = "'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif";
const SIZE = 14;
const LINE = 19;

export function escapeXml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // Control characters are not allowed in XML at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

/** Roughly how wide text is drawn: full-width characters take a whole em, others about half. */
function textWidth(s: string, size = SIZE): number {
  let w = 0;
  for (const ch of s) w += /[\u0020-\u007e\u00a0-\u024f]/.test(ch) ? size * 0.56 : size;
  return w;
}

/** Breaks text into lines that fit the width; Japanese may break anywhere, other text at spaces. */
export function wrapText(s: string, maxWidth: number, size = SIZE): string[] {
  const lines: string[] = [];
  let line = '';
  const tokens = s.match(/[\u0020-\u007e]+|[^\u0020-\u007e]/g) ?? [];
  const pieces = tokens.flatMap((t) => (/^[\u0020-\u007e]+$/.test(t) ? t.split(/(?<= )/) : [t]));
  for (const piece of pieces) {
    if (line !== '' && textWidth(line + piece, size) > maxWidth) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line += piece;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.length > 0 ? lines : [''];
}

function textBlock(lines: string[], cx: number, cy: number, bold = false): string {
  const top = cy - ((lines.length - 1) * LINE) / 2;
  return lines
    .map(
      (l, i) =>
        `<text x="${cx}" y="${top + i * LINE}" text-anchor="middle" dominant-baseline="central" font-size="${SIZE}"${bold ? ' font-weight="700"' : ''}>${escapeXml(l)}</text>`,
    )
    .join('');
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#37474f" stroke-width="1.6" marker-end="url(#arrow)"/>`;
}

/** The activation flow: detection → report → assessment → decision → activation → call tree → recovery → return. */
export function buildActivationFlow(
  plan: BcpPlanFacts,
  templates: BcpTemplates,
  locale: Locale,
): FlowSvg {
  const l = (k: keyof BcpTemplates['activationFlow']) => templates.activationFlow[k][locale];
  const width = 680;
  const cx = 230;
  const boxW = 300;
  const gap = 30;
  const parts: string[] = [];
  let y = 20;

  const box = (label: string, extra: string[] = [], fill = '#e8eaf6') => {
    const lines = [...wrapText(label, boxW - 24), ...extra.flatMap((e) => wrapText(e, boxW - 24))];
    const h = Math.max(44, lines.length * LINE + 18);
    parts.push(
      `<rect x="${cx - boxW / 2}" y="${y}" width="${boxW}" height="${h}" rx="8" fill="${fill}" stroke="#3f51b5" stroke-width="1.4"/>`,
      textBlock(lines, cx, y + h / 2, false),
    );
    const bottom = y + h;
    y = bottom + gap;
    return bottom;
  };
  const down = (from: number) => parts.push(arrow(cx, from, cx, from + gap - 2));

  down(box(l('detect')));
  down(box(l('report')));
  down(box(l('assess')));

  // The decision diamond, with "no" leading off to the right.
  const dH = 96;
  const dW = 300;
  const dTop = y;
  const dMid = dTop + dH / 2;
  parts.push(
    `<polygon points="${cx},${dTop} ${cx + dW / 2},${dMid} ${cx},${dTop + dH} ${cx - dW / 2},${dMid}" fill="#fff8e1" stroke="#f9a825" stroke-width="1.6"/>`,
    textBlock(wrapText(l('decide'), dW * 0.55), cx, dMid, true),
  );
  const sideX = cx + dW / 2 + 52;
  const sideW = width - sideX - 14;
  const sideLines = wrapText(l('monitor'), sideW - 20);
  const sideH = Math.max(44, sideLines.length * LINE + 18);
  parts.push(
    arrow(cx + dW / 2, dMid, sideX - 2, dMid),
    `<text x="${cx + dW / 2 + 6}" y="${dMid - 10}" font-size="12" fill="#37474f">${escapeXml(l('no'))}</text>`,
    `<rect x="${sideX}" y="${dMid - sideH / 2}" width="${sideW}" height="${sideH}" rx="8" fill="#eceff1" stroke="#78909c" stroke-width="1.4"/>`,
    textBlock(sideLines, sideX + sideW / 2, dMid),
  );
  y = dTop + dH;
  parts.push(
    arrow(cx, y, cx, y + gap - 2),
    `<text x="${cx + 8}" y="${y + 16}" font-size="12" fill="#37474f">${escapeXml(l('yes'))}</text>`,
  );
  y += gap;

  const who = (key: 'decider' | 'deputy') => {
    const p = plan.activation[key];
    const name = p.name === '' ? '—' : [p.name, p.role].filter((s) => s !== '').join(' / ');
    return `${l(key)}: ${name}`;
  };
  down(box(l('activate'), [who('decider'), who('deputy')], '#ffebee'));
  down(box(l('notify')));
  down(box(l('recover')));
  box(l('reconstitute'), [], '#e8f5e9');
  const height = Math.ceil(y - gap + 20);

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" fill="#1a1b1e">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#37474f"/></marker></defs>` +
    `<rect width="${width}" height="${height}" fill="#ffffff"/>` +
    parts.join('') +
    `</svg>`;
  return { svg, width, height };
}
