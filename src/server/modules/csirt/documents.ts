import type { Locale } from '../../../contracts/common';
import type {
  DocumentBlock,
  DocumentSection,
  GeneratedDocument,
} from '../../../contracts/documents';
import type { AppContext } from '../../app-context';
import type { DbOrTx } from '../../db/client';
import { registerDocumentKind } from '../documents/kinds';
import { csirtDocumentWording, loadCsirtContent } from './content';
import { escalationOrder } from '../../../contracts/csirt';
import { renderEscalationSvg, renderFlowParts } from './diagram';
import { csirtMessages } from './messages';
import {
  csirtWarnings,
  effectiveFlowSteps,
  loadCsirtState,
  peopleOf,
  roleHolders,
  roleTitle,
  teamText,
  visitProgress,
  type CsirtState,
} from './service';

type Level = DocumentSection['level'];

function section(
  key: string,
  title: string,
  level: Level,
  blocks: DocumentBlock[],
  missing: string[] = [],
  editable = true,
): DocumentSection {
  return { key, heading: `${key} ${title}`, level, blocks, editable, missing };
}

const paragraphs = (text: string): DocumentBlock[] =>
  text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => ({ type: 'paragraph', text: p }));

/** A section holding one fact, or a warning and a missing entry when the fact is not recorded. */
function factSection(
  key: string,
  title: string,
  value: string,
  missingLabel: string,
  locale: Locale,
  extra: DocumentBlock[] = [],
): DocumentSection {
  const m = csirtMessages(locale).doc;
  if (value.trim()) return section(key, title, 2, [...paragraphs(value), ...extra]);
  return section(
    key,
    title,
    2,
    [{ type: 'warning', text: m.missingField(missingLabel) }, ...extra],
    [missingLabel],
  );
}

function formatDay(date: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(date);
}

function cover(state: CsirtState, locale: Locale): GeneratedDocument['cover'] {
  const m = csirtMessages(locale).doc;
  // Version, author and approver come from the documents module's record when it renders (by key).
  return [
    { key: 'company', label: m.company, value: state.organizationName },
    { key: 'version', label: m.version, value: '' },
    { key: 'author', label: m.author, value: '' },
    { key: 'approver', label: m.approver, value: '' },
    {
      label: m.lastUpdated,
      value: state.lastUpdated
        ? formatDay(state.lastUpdated, state.profile.team.timeZone, locale)
        : m.notRecorded,
    },
  ];
}

/** The CSIRT description in RFC 2350's numbered structure, from the company's decisions. */
export function buildCsirtDescription(state: CsirtState, locale: Locale): GeneratedDocument {
  const content = loadCsirtContent();
  const msg = csirtMessages(locale);
  const m = { ...msg.doc.description, ...csirtDocumentWording(locale).description };
  const label = msg.team;
  const team = state.profile.team;
  const sections: DocumentSection[] = [];
  const sep = locale === 'ja' ? '、' : ', ';

  sections.push(section('1', m.s1, 1, [], [], false));
  sections.push(
    state.lastUpdated
      ? section('1.1', m.s11, 2, [
          { type: 'paragraph', text: formatDay(state.lastUpdated, team.timeZone, locale) },
        ])
      : section('1.1', m.s11, 2, [{ type: 'warning', text: msg.doc.missingField(m.s11) }], [m.s11]),
  );
  sections.push(factSection('1.2', m.s12, team.distributionList, label.distributionList, locale));
  sections.push(factSection('1.3', m.s13, team.documentLocation, label.documentLocation, locale));
  sections.push(factSection('1.4', m.s14, team.authentication, label.authentication, locale));

  sections.push(section('2', m.s2, 1, [], [], false));
  const teamName = [team.teamName, team.shortName ? `(${team.shortName})` : '']
    .filter(Boolean)
    .join(' ');
  sections.push(factSection('2.1', m.s21, team.teamName ? teamName : '', label.teamName, locale));
  sections.push(factSection('2.2', m.s22, team.address, label.address, locale));
  sections.push(factSection('2.3', m.s23, team.timeZone, label.timeZone, locale));
  sections.push(factSection('2.4', m.s24, team.telephone, label.telephone, locale));
  sections.push(factSection('2.5', m.s25, team.fax, label.fax, locale));
  sections.push(factSection('2.6', m.s26, team.otherTelecom, label.otherTelecom, locale));
  sections.push(factSection('2.7', m.s27, team.email, label.email, locale));
  sections.push(factSection('2.8', m.s28, team.publicKey, label.publicKey, locale));
  const memberRows = content.checklist.roles
    .map((r) => {
      const row = state.roles.get(r.key);
      const people = peopleOf(state, r.key).map((p) => p.name);
      return [
        r.title[locale],
        people.join(sep),
        row?.outsourced ? row.provider || msg.doc.yes : msg.doc.no,
      ];
    })
    .filter((r) => r[1] || r[2] !== msg.doc.no);
  sections.push(
    memberRows.length > 0
      ? section('2.9', m.s29, 2, [
          {
            type: 'table',
            sheet: m.s29,
            columns: [m.roleColumn, m.peopleColumn, m.outsourcedColumn],
            rows: memberRows,
          },
        ])
      : section('2.9', m.s29, 2, [{ type: 'warning', text: msg.doc.missingField(m.s29) }], [m.s29]),
  );
  sections.push(
    factSection(
      '2.10',
      m.s210,
      team.operatingHours,
      label.operatingHours,
      locale,
      team.outOfHours
        ? [{ type: 'fields', items: [{ label: m.outOfHours, value: team.outOfHours }] }]
        : [],
    ),
  );
  sections.push(factSection('2.11', m.s211, team.otherInformation, label.otherInformation, locale));
  sections.push(factSection('2.12', m.s212, team.customerContact, label.customerContact, locale));

  sections.push(section('3', m.s3, 1, [], [], false));
  sections.push(factSection('3.1', m.s31, teamText(state, 'mission'), label.mission, locale));
  sections.push(
    factSection('3.2', m.s32, teamText(state, 'constituency'), label.constituency, locale),
  );
  sections.push(factSection('3.3', m.s33, team.sponsorship, label.sponsorship, locale));
  sections.push(factSection('3.4', m.s34, team.authority, label.authority, locale));

  sections.push(section('4', m.s4, 1, [], [], false));
  const definitions = state.entries.get('incident-definitions')?.decision.trim() ?? '';
  sections.push(
    factSection(
      '4.1',
      m.s41,
      team.incidentSupport,
      label.incidentSupport,
      locale,
      definitions
        ? [{ type: 'fields', items: [{ label: m.incidentDefinitions, value: definitions }] }]
        : [],
    ),
  );
  const partyRows = content.parties.map((p) => [
    p.name[locale],
    state.contacts
      .filter((c) => c.partyKey === p.key)
      .map((c) => [c.name, c.phone, c.email].filter(Boolean).join(' '))
      .join(sep),
  ]);
  const coop = [team.cooperation, team.disclosure].filter((s) => s.trim()).join('\n\n');
  const coopMissing = [
    ...(team.cooperation.trim() ? [] : [label.cooperation]),
    ...(team.disclosure.trim() ? [] : [label.disclosure]),
  ];
  sections.push(
    section(
      '4.2',
      m.s42,
      2,
      [
        ...paragraphs(coop),
        ...coopMissing.map((f): DocumentBlock => ({
          type: 'warning',
          text: msg.doc.missingField(f),
        })),
        { type: 'paragraph', text: m.partiesIntro },
        {
          type: 'table',
          sheet: m.s42,
          columns: [m.partyColumn, m.contactColumn],
          rows: partyRows,
        },
      ],
      coopMissing,
    ),
  );
  sections.push(factSection('4.3', m.s43, team.communication, label.communication, locale));

  sections.push(section('5', m.s5, 1, [], [], false));
  const chosen = content.services.services.filter((s) => state.profile.serviceKeys.includes(s.key));
  const serviceSection = (key: string, title: string, level: Level, keys: string[] | null) => {
    const list = chosen.filter((s) => (keys ? keys.includes(s.key) : s.category !== 'reactive'));
    return list.length > 0
      ? section(key, title, level, [
          {
            type: 'list',
            ordered: false,
            items: list.map((s) => `${s.title[locale]}: ${s.description[locale]}`),
          },
        ])
      : section(key, title, level, [{ type: 'warning', text: m.servicesNone }], [title]);
  };
  sections.push(section('5.1', m.s51, 2, [], [], false));
  sections.push(
    serviceSection('5.1.1', m.s511, 3, ['incident-report-acceptance', 'incident-analysis']),
  );
  sections.push(
    serviceSection('5.1.2', m.s512, 3, ['incident-coordination', 'crisis-management-support']),
  );
  sections.push(
    serviceSection('5.1.3', m.s513, 3, [
      'mitigation-recovery',
      'forensic-analysis',
      'vulnerability-report-intake',
      'vulnerability-analysis',
      'vulnerability-coordination',
    ]),
  );
  sections.push(serviceSection('5.2', m.s52, 2, null));

  const reach = [
    team.email && `${label.email}: ${team.email}`,
    team.telephone && `${label.telephone}: ${team.telephone}`,
  ].filter((s): s is string => Boolean(s));
  sections.push(
    section(
      '6',
      m.s6,
      1,
      reach.length > 0
        ? [
            { type: 'paragraph', text: m.reportForm },
            { type: 'list', ordered: false, items: reach },
          ]
        : [
            { type: 'paragraph', text: m.reportForm },
            { type: 'warning', text: msg.doc.missingField(m.reportFormMissing) },
          ],
      reach.length > 0 ? [] : [m.reportFormMissing],
    ),
  );
  sections.push(
    team.disclaimer.trim()
      ? section('7', m.s7, 1, paragraphs(team.disclaimer))
      : section(
          '7',
          m.s7,
          1,
          [{ type: 'warning', text: msg.doc.missingField(label.disclaimer) }],
          [label.disclaimer],
        ),
  );

  return {
    title: team.teamName ? `${m.title}: ${team.teamName}` : m.title,
    subtitle: `${state.organizationName} — ${m.subtitle}`,
    language: locale,
    cover: cover(state, locale),
    sections,
  };
}

/** The CSIRT-building project charter: background, goals, deliverables, cost, deadline and progress. */
export function buildCsirtCharter(state: CsirtState, locale: Locale): GeneratedDocument {
  const content = loadCsirtContent();
  const msg = csirtMessages(locale);
  const m = { ...msg.doc.charterDoc, ...csirtDocumentWording(locale).charter };
  const label = msg.charter;
  const c = state.profile.charter;
  const text = (key: string, title: string, value: string, missingLabel: string) =>
    value.trim()
      ? section(key, title, 1, paragraphs(value))
      : section(
          key,
          title,
          1,
          [{ type: 'warning', text: msg.doc.missingField(missingLabel) }],
          [missingLabel],
        );
  const model = content.checklist.models.find((x) => x.key === state.profile.model);
  const orgFields = [
    { label: label.sponsor, value: c.sponsor },
    { label: m.commander, value: roleHolders(state, 'commander', locale) },
    { label: m.model, value: model?.title[locale] ?? '' },
  ];
  const orgMissing = orgFields.filter((f) => !f.value).map((f) => f.label);
  const progress = visitProgress(state);
  return {
    title: m.title,
    subtitle: state.organizationName,
    language: locale,
    cover: cover(state, locale),
    sections: [
      text('1', m.s1, c.background, label.background),
      text('2', m.s2, c.goals, label.goals),
      section('3', m.s3, 1, [
        { type: 'list', ordered: false, items: m.standardDeliverables },
        ...paragraphs(c.deliverables),
      ]),
      section(
        '4',
        m.s4,
        1,
        [
          {
            type: 'fields',
            items: orgFields.map((f) => ({ label: f.label, value: f.value || '—' })),
          },
          ...orgMissing.map((f): DocumentBlock => ({
            type: 'warning',
            text: msg.doc.missingField(f),
          })),
        ],
        orgMissing,
      ),
      text('5', m.s5, c.cost, label.cost),
      section(
        '6',
        m.s6,
        1,
        [
          ...(c.deadline
            ? [{ type: 'paragraph' as const, text: m.deadlineValue(c.deadline) }]
            : [{ type: 'warning' as const, text: msg.doc.missingField(label.deadline) }]),
          {
            type: 'table',
            sheet: m.s6,
            columns: [m.visitColumn, m.decidedColumn, m.cumulativeColumn],
            rows: progress.map((p) => [
              m.visitLabel(p.visit),
              String(p.decided),
              String(p.cumulative),
            ]),
          },
        ],
        c.deadline ? [] : [label.deadline],
      ),
      section(
        '7',
        m.s7,
        1,
        [
          {
            type: 'table',
            sheet: m.s7,
            columns: [m.categoryColumn, m.progressColumn],
            rows: content.checklist.categories.map((cat) => [
              cat.title[locale],
              `${cat.items.filter((i) => (state.entries.get(i.key)?.status ?? 'open') !== 'open').length} / ${cat.items.length}`,
            ]),
          },
          ...csirtWarnings(state, locale)
            .filter((w) => w.area === 'checklist')
            .map((w): DocumentBlock => ({ type: 'warning', text: w.message })),
        ],
        [],
        false,
      ),
    ],
  };
}

/** The incident response flow: the swimlane diagram, decision points, notices, contacts and escalation tree. */
export function buildIncidentResponseFlow(state: CsirtState, locale: Locale): GeneratedDocument {
  const content = loadCsirtContent();
  const msg = csirtMessages(locale);
  const m = { ...msg.doc.flowDoc, ...csirtDocumentWording(locale).flow };
  const steps = effectiveFlowSteps(state, locale);
  const parts = renderFlowParts(state, steps, locale);
  const escalation = renderEscalationSvg(state, locale);
  const warnings = csirtWarnings(state, locale);
  const warningsOf = (...areas: string[]): DocumentBlock[] =>
    warnings
      .filter((w) => areas.includes(w.area))
      .map((w) => ({ type: 'warning', text: w.message }));
  const sep = locale === 'ja' ? '、' : ', ';
  const decisions = steps.filter((s) => s.decision);
  const notified = new Set(steps.flatMap((s) => s.notify));
  const parties = content.parties.filter((p) => notified.has(p.key));
  const byId = new Map(state.contacts.map((c) => [c.id, c]));
  const contactRows = escalationOrder(state.contacts).map(({ contact: c }) => [
    c.name,
    c.organization,
    c.kind === 'internal' ? m.internal : m.external,
    c.roleKey
      ? roleTitle(content, c.roleKey, locale)
      : c.partyKey
        ? (content.parties.find((p) => p.key === c.partyKey)?.name[locale] ?? '')
        : '',
    c.phone,
    c.email,
    c.hours,
  ]);
  return {
    title: m.title,
    subtitle: state.organizationName,
    language: locale,
    cover: cover(state, locale),
    sections: [
      section('1', m.s1, 1, [
        { type: 'paragraph', text: m.stagesIntro },
        {
          type: 'list',
          ordered: true,
          items: [...new Set(steps.map((s) => s.stage))].map((st) => {
            const titles = steps.filter((s) => s.stage === st).map((s) => s.title);
            return `${msg.stages[st]}: ${titles.join(sep)}`;
          }),
        },
      ]),
      section(
        '2',
        m.s2,
        1,
        [
          { type: 'paragraph', text: m.figureNote },
          ...parts.map((p, i): DocumentBlock => ({
            type: 'figure',
            svg: p.svg,
            width: p.width,
            height: p.height,
            caption:
              parts.length === 1
                ? m.caption
                : m.partCaption(
                    m.title,
                    i + 1,
                    parts.length,
                    msg.stages[p.stages[0]!],
                    msg.stages[p.stages.at(-1)!],
                  ),
          })),
          ...warningsOf('flow'),
        ],
        [],
        false,
      ),
      section(
        '3',
        m.s3,
        1,
        decisions.length > 0
          ? [
              {
                type: 'table',
                sheet: m.s3,
                columns: [m.stepColumn, m.questionColumn, m.ownerColumn, m.criteriaColumn],
                rows: decisions.map((s, i) => [
                  `D${i + 1} ${s.title}`,
                  s.decision!.question,
                  [
                    roleTitle(content, s.decision!.ownerRole, locale),
                    roleHolders(state, s.decision!.ownerRole, locale),
                  ]
                    .filter(Boolean)
                    .join(': '),
                  s.decision!.criteria,
                ]),
              },
            ]
          : [{ type: 'warning', text: m.noDecisions }],
        decisions.length > 0 ? [] : [m.decisionsMissing],
      ),
      section('4', m.s4, 1, [
        {
          type: 'table',
          sheet: m.s4,
          columns: [m.partyColumn, m.whenColumn, m.deadlineColumn, m.howColumn, m.contactColumn],
          rows: parties.map((p) => [
            p.name[locale],
            p.when[locale],
            p.deadlines.map((d) => `${d.what[locale]}: ${d.within[locale]}`).join('\n'),
            p.how[locale],
            state.contacts
              .filter((c) => c.partyKey === p.key)
              .map((c) => [c.name, c.phone, c.email].filter(Boolean).join(' '))
              .join(sep),
          ]),
        },
      ]),
      section(
        '5',
        m.s5,
        1,
        contactRows.length > 0
          ? [
              {
                type: 'table',
                sheet: m.s5,
                columns: [
                  m.nameColumn,
                  m.orgColumn,
                  m.kindColumn,
                  m.roleColumnFor,
                  m.phoneColumn,
                  m.emailColumn,
                  m.hoursColumn,
                ],
                rows: contactRows,
              },
              ...warningsOf('contacts'),
            ]
          : warningsOf('contacts'),
        contactRows.length > 0 ? [] : [m.contactsMissing],
        false,
      ),
      section(
        '6',
        m.s6,
        1,
        [
          {
            type: 'figure',
            svg: escalation.svg,
            width: escalation.width,
            height: escalation.height,
            caption: m.escalationCaption,
          },
          ...(state.contacts.length > 0
            ? [
                {
                  type: 'table' as const,
                  sheet: m.s6,
                  columns: [m.nameColumn, m.escalatesToColumn],
                  rows: escalationOrder(state.contacts).map(({ contact: c, depth }) => [
                    `${'　'.repeat(depth)}${c.name}`,
                    c.escalatesToId ? (byId.get(c.escalatesToId)?.name ?? '') : '—',
                  ]),
                },
              ]
            : []),
        ],
        state.contacts.length > 0 ? [] : [m.contactsMissing],
        false,
      ),
      section(
        '7',
        m.s7,
        1,
        [
          {
            type: 'table',
            sheet: m.s7,
            columns: [
              msg.doc.description.roleColumn,
              msg.doc.description.peopleColumn,
              msg.doc.description.outsourcedColumn,
            ],
            rows: content.checklist.roles.map((r) => {
              const row = state.roles.get(r.key);
              return [
                r.title[locale],
                peopleOf(state, r.key)
                  .map((p) => p.name)
                  .join(sep) || '—',
                row?.outsourced ? row.provider || msg.doc.yes : msg.doc.no,
              ];
            }),
          },
          ...warningsOf('roles'),
        ],
        [],
        false,
      ),
    ],
  };
}

async function generateWith(
  db: DbOrTx,
  orgId: string,
  language: Locale,
  build: (state: CsirtState, locale: Locale) => GeneratedDocument,
): Promise<GeneratedDocument> {
  return build(await loadCsirtState(db, orgId), language);
}

/** Registers the CSIRT module's document kinds with the documents module. */
export function registerCsirtDocuments(): void {
  registerDocumentKind({
    kind: 'csirt-description',
    generate: (ctx: AppContext, orgId, language) =>
      generateWith(ctx.db, orgId, language, buildCsirtDescription),
  });
  registerDocumentKind({
    kind: 'csirt-charter',
    generate: (ctx: AppContext, orgId, language) =>
      generateWith(ctx.db, orgId, language, buildCsirtCharter),
  });
  registerDocumentKind({
    kind: 'incident-response-flow',
    generate: (ctx: AppContext, orgId, language) =>
      generateWith(ctx.db, orgId, language, buildIncidentResponseFlow),
  });
}
