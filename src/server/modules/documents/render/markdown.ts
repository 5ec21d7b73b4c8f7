import type { DocumentBlock } from '../../../../contracts/documents';
import type { RenderableDocument } from '../service';
import { entryType, looksEmpty, R } from './labels';

/** Table cells and list items stay on one line; a pipe would end the cell. */
const inline = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

function mdTable(columns: string[], rows: string[][], lang: 'ja' | 'en'): string {
  const head = `| ${columns.map(inline).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const body =
    rows.length > 0
      ? rows.map((r) => `| ${columns.map((_, i) => inline(r[i] ?? '')).join(' | ')} |`)
      : [`| ${[R.noRows[lang], ...columns.slice(1).map(() => '')].join(' | ')} |`];
  return [head, rule, ...body].join('\n');
}

function block(b: DocumentBlock, lang: 'ja' | 'en'): string {
  switch (b.type) {
    case 'paragraph':
      // Two trailing spaces keep the author's line breaks inside a paragraph.
      return b.text.split('\n').join('  \n');
    case 'list':
      return b.items
        .map((item, i) => `${b.ordered ? `${String(i + 1)}.` : '-'} ${inline(item)}`)
        .join('\n');
    case 'fields':
      return mdTable(
        [R.label[lang], R.value[lang]],
        b.items.map((f) => [f.label, f.value]),
        lang,
      );
    case 'table':
      return mdTable(b.columns, b.rows, lang);
    case 'figure':
      // Self-contained: the SVG travels inside the file as a data URI.
      return `![${inline(b.caption)}](data:image/svg+xml;base64,${Buffer.from(b.svg).toString('base64')})\n\n*${R.figure[lang]}: ${b.caption}*`;
    case 'warning':
      return `> **⚠ ${R.warning[lang]}:** ${b.text.split('\n').join('\n> ')}`;
  }
}

/** The effective document as Markdown: cover table, sections, checklist of open items. */
export function renderMarkdown(doc: RenderableDocument): string {
  const lang = doc.language;
  const d = doc.document;
  const parts: string[] = [`# ${d.title}`];
  if (d.subtitle) parts.push(`**${d.subtitle}**`);
  parts.push(`**${doc.companyName}**`);
  parts.push(
    mdTable(
      [R.label[lang], R.value[lang]],
      d.cover.map((c) => [c.label, c.value]),
      lang,
    ),
  );
  for (const section of d.sections) {
    // The title is the only level-1 heading; section levels move down one.
    parts.push(`${'#'.repeat(section.level + 1)} ${section.heading}`);
    for (const b of section.blocks) parts.push(block(b, lang));
    if (looksEmpty(doc, section.key)) parts.push(`*${R.emptySection[lang]}*`);
    if (section.missing.length > 0) {
      parts.push(
        `**${R.stillMissing[lang]}:**\n\n${section.missing.map((m) => `- [ ] ${inline(m)}`).join('\n')}`,
      );
    }
  }
  parts.push(`## ${R.checklist[lang]}`);
  if (doc.checklist.length === 0) parts.push(R.checklistEmpty[lang]);
  else {
    parts.push(R.checklistIntro[lang]);
    parts.push(
      doc.checklist
        .map(
          (e) => `- [ ] **${inline(e.heading)}** (${entryType(e.type, lang)}): ${inline(e.text)}`,
        )
        .join('\n'),
    );
  }
  return parts.join('\n\n') + '\n';
}
