import type { DocumentBlock, GeneratedDocument } from '../../../contracts/documents';
import type { LocalizedText } from '../../../contracts/localized';
import type { AppContext } from '../../app-context';
import { getOrganization, listMembers } from '../organizations/service';
import type { DocumentLanguage } from '../documents/kinds';
import { loadIncidentContent } from './content';
import { getReportLink } from './service';

const BOX = '□';

/**
 * The printable incident report form (document kind incident-report-form): every field of the web
 * form with room to write, what to do first, where to send it and who the company's contact points are.
 */
export async function generateReportForm(
  ctx: AppContext,
  orgId: string,
  language: DocumentLanguage,
): Promise<GeneratedDocument> {
  const { reportForm: c, taxonomy } = loadIncidentContent();
  const l = (text: LocalizedText) => text[language];
  const choices = (options: Record<string, LocalizedText>) =>
    Object.values(options)
      .map((o) => `${BOX} ${l(o)}`)
      .join(language === 'ja' ? '　' : '   ');
  const blank = (keys: (keyof typeof c.labels)[], values: Partial<Record<string, string>> = {}) =>
    ({
      type: 'table',
      columns: [l(c.labels.column), l(c.labels.answer)],
      rows: keys.map((k) => [l(c.labels[k]), values[k] ?? '']),
    }) satisfies DocumentBlock;

  const org = await getOrganization(ctx.db, orgId);
  const admins = (await listMembers(ctx.db, orgId)).filter((m) => m.role === 'company_admin');
  const link = await getReportLink(ctx.db, orgId);
  const formUrl =
    link?.enabled && ctx.config.publicUrl ? `${ctx.config.publicUrl}/report/${link.slug}` : null;

  const sendBlocks: DocumentBlock[] = [
    { type: 'paragraph', text: l(c.send.paper) },
    formUrl
      ? { type: 'paragraph', text: `${l(c.send.online)} ${formUrl}` }
      : { type: 'warning', text: l(c.send.onlineMissing) },
    { type: 'paragraph', text: l(c.send.contactsHeading) },
    admins.length > 0
      ? {
          type: 'table',
          columns: [l(c.send.columns.name), l(c.send.columns.role), l(c.send.columns.email)],
          rows: admins.map((a) => [a.name, l(c.send.adminRole), a.email]),
        }
      : { type: 'warning', text: l(c.send.contactsMissing) },
  ];
  const sendMissing = [
    ...(formUrl ? [] : [l(c.send.onlineMissing)]),
    ...(admins.length > 0 ? [] : [l(c.send.contactsMissing)]),
  ];
  const scale = (entries: { label: LocalizedText; description: LocalizedText }[]) =>
    entries.map((e) => `${BOX} ${l(e.label)}${language === 'ja' ? '：' : ': '}${l(e.description)}`);

  return {
    title: l(c.title),
    subtitle: `${org.name} — ${l(c.subtitle)}`,
    language,
    cover: [],
    sections: [
      {
        key: 'instructions',
        heading: l(c.instructions.heading),
        level: 1,
        blocks: [
          { type: 'paragraph', text: l(c.instructions.intro) },
          { type: 'list', ordered: true, items: c.instructions.steps[language] },
        ],
        editable: true,
        missing: [],
      },
      {
        key: 'send',
        heading: l(c.send.heading),
        level: 1,
        blocks: sendBlocks,
        editable: true,
        missing: sendMissing,
      },
      {
        key: 'reporter',
        heading: l(c.reporter.heading),
        level: 1,
        blocks: [
          blank(['reporterName', 'affiliation', 'organisation', 'email', 'phone'], {
            affiliation: choices(c.options.affiliation),
          }),
        ],
        editable: false,
        missing: [],
      },
      {
        key: 'report',
        heading: l(c.report.heading),
        level: 1,
        blocks: [
          blank(['purpose', 'whatWasSeen', 'seenAt', 'howFound'], {
            purpose: choices(c.options.purpose),
            seenAt: l(c.seenAtBlank),
          }),
        ],
        editable: false,
        missing: [],
      },
      {
        key: 'systems',
        heading: l(c.systems.heading),
        level: 1,
        blocks: [blank(['affectedSystems', 'hosting'], { hosting: choices(c.options.hosting) })],
        editable: false,
        missing: [],
      },
      {
        key: 'personal-data',
        heading: l(c.personalData.heading),
        level: 1,
        blocks: [
          blank(['personalData', 'personalDataCount'], {
            personalData: choices(c.options.personalData),
            personalDataCount: l(c.peopleBlank),
          }),
        ],
        editable: false,
        missing: [],
      },
      {
        key: 'notes',
        heading: l(c.notes.heading),
        level: 1,
        blocks: [blank(['notes'])],
        editable: false,
        missing: [],
      },
      {
        key: 'csirt',
        heading: l(c.csirt.heading),
        level: 1,
        blocks: [
          { type: 'paragraph', text: l(c.csirt.intro) },
          blank(['reference', 'receivedAt', 'receivedBy', 'category', 'severity'], {
            category: choices(
              Object.fromEntries(taxonomy.categories.map((cat) => [cat.key, cat.label])),
            ),
            severity: choices(c.options.severity),
          }),
          { type: 'paragraph', text: l(c.labels.functionalImpact) },
          { type: 'list', ordered: false, items: scale(taxonomy.functionalImpact) },
          { type: 'paragraph', text: l(c.labels.informationImpact) },
          { type: 'list', ordered: false, items: scale(taxonomy.informationImpact) },
          { type: 'paragraph', text: l(c.labels.recoverability) },
          { type: 'list', ordered: false, items: scale(taxonomy.recoverability) },
        ],
        editable: false,
        missing: [],
      },
    ],
  };
}
