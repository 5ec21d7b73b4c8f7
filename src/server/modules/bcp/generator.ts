import type {
  DocumentBlock,
  DocumentSection,
  GeneratedDocument,
} from '../../../contracts/documents';
import type { AppContext } from '../../app-context';
import type { DbOrTx } from '../../db/client';
import { getOrganization } from '../organizations/service';
import type { DocumentLanguage } from '../documents/kinds';
import { loadBcpContent, type PlanSectionKey } from './content';
import { buildActivationFlow } from './flow';
import { bcpMessages } from './messages';
import { loadBcpState, type BcpState } from './service';
import { requiredTargets } from './rules';

const paragraph = (text: string): DocumentBlock => ({ type: 'paragraph', text });
const list = (items: string[], ordered = false): DocumentBlock => ({
  type: 'list',
  ordered,
  items,
});

/** Builds the IT-BCP document from the company's BIA and IT-BCP facts, in one language. */
export function buildItBcpDocument(
  state: BcpState,
  companyName: string,
  language: DocumentLanguage,
): GeneratedDocument {
  const templates = loadBcpContent();
  const t = bcpMessages(language).doc;
  const messages = bcpMessages(language);
  const { plan } = state;
  const dash = (v: string) => (v === '' ? t.notRecorded : v);
  const hours = (v: number | null) => (v === null ? t.notRecorded : t.hours(v));
  const join = (items: string[]) =>
    items.length === 0 ? t.none : items.join(language === 'ja' ? '、' : ', ');

  const warningsFor = (section: PlanSectionKey, assetId: string | null = null): DocumentBlock[] =>
    state.gaps
      .filter((g) =>
        section === 'recovery'
          ? g.section === 'recovery' && g.assetId === assetId
          : g.section === section,
      )
      .map((g) => ({ type: 'warning', text: messages.gap(g) }));
  const missingFor = (section: PlanSectionKey, name?: string): string[] =>
    state.missing
      .filter(
        (m) =>
          m.section === section &&
          (section !== 'recovery' || ('name' in m ? m.name === name : name === undefined)),
      )
      .map((m) => messages.missing(m));

  const section = (
    key: PlanSectionKey,
    blocks: DocumentBlock[],
    editable: boolean,
    missing = missingFor(key),
  ): DocumentSection => ({
    key,
    heading: templates.sections[key].heading[language],
    level: 1,
    blocks: [paragraph(templates.sections[key].intro[language]), ...warningsFor(key), ...blocks],
    editable,
    missing,
  });

  const sections: DocumentSection[] = [];

  // 1. Scope and basic policy.
  sections.push(
    section(
      'scope',
      [
        { type: 'fields', items: [{ label: t.scope, value: dash(plan.scope.scope) }] },
        { type: 'fields', items: [{ label: t.basicPolicy, value: dash(plan.scope.basicPolicy) }] },
      ],
      true,
    ),
  );

  // 2. Critical processes and systems, from the BIA.
  sections.push(
    section(
      'bia',
      [
        {
          type: 'table',
          sheet: t.sheets.bia,
          columns: [t.priority, t.process, t.mtd, t.rto, t.rpo, t.systems],
          rows: state.processes.map((p) => [
            p.recoveryPriority === null ? t.notRecorded : String(p.recoveryPriority),
            p.name,
            hours(p.mtdHours),
            hours(p.rtoHours),
            hours(p.rpoHours),
            join(p.dependencies.map((d) => d.name)),
          ]),
        },
        {
          type: 'table',
          sheet: t.sheets.systems,
          columns: [t.system, t.requiredRto, t.requiredRpo, t.process],
          rows: state.systems.map((s) => {
            const target = requiredTargets(s);
            return [
              s.asset.name,
              hours(target.rtoHours),
              hours(target.rpoHours),
              join(s.processes.map((p) => p.name)),
            ];
          }),
        },
      ],
      false,
    ),
  );

  // 3. Activation criteria, who decides, and the flow.
  const flow = buildActivationFlow(plan, templates, language);
  const person = (p: typeof plan.activation.decider) =>
    p.name === '' ? t.notRecorded : [p.name, p.role, p.phone].filter((s) => s !== '').join(' / ');
  sections.push(
    section(
      'activation',
      [
        ...(plan.activation.criteria.length > 0 ? [list(plan.activation.criteria)] : []),
        {
          type: 'fields',
          items: [
            { label: t.decider, value: person(plan.activation.decider) },
            { label: t.deputy, value: person(plan.activation.deputy) },
          ],
        },
        {
          type: 'figure',
          svg: flow.svg,
          width: flow.width,
          height: flow.height,
          caption: t.flowCaption,
        },
      ],
      true,
    ),
  );

  // 4. Organisation and roles.
  sections.push(
    section(
      'organization',
      plan.organization.length > 0
        ? [
            {
              type: 'table',
              sheet: t.sheets.roles,
              columns: [t.team, t.lead, t.members, t.duties],
              rows: plan.organization.map((r) => [r.team, dash(r.lead), r.members, r.duties]),
            },
          ]
        : [],
      false,
    ),
  );

  // 5. Contact list and call tree.
  const byId = new Map(plan.contacts.map((c) => [c.id, c]));
  const treeLines: string[] = [];
  const walk = (callerId: string | null, depth: number) => {
    for (const c of plan.contacts.filter((x) => x.calledBy === callerId)) {
      const caller = callerId ? byId.get(callerId)?.name : undefined;
      treeLines.push(
        `${'　'.repeat(depth)}${caller ? `${caller} ${t.calls} ` : ''}${c.name}${caller ? '' : ` ${t.treeRoot}`}`,
      );
      walk(c.id, depth + 1);
    }
  };
  walk(null, 0);
  sections.push(
    section(
      'contacts',
      plan.contacts.length > 0
        ? [
            {
              type: 'table',
              sheet: t.sheets.contacts,
              columns: [t.name, t.department, t.phone, t.email, t.calledBy],
              rows: plan.contacts.map((c) => [
                c.name,
                c.department,
                dash(c.phone),
                c.email,
                c.calledBy ? (byId.get(c.calledBy)?.name ?? '') : t.treeRoot,
              ]),
            },
            paragraph(t.treeTitle),
            list(treeLines),
          ]
        : [],
      false,
    ),
  );

  // 6. Key customers and suppliers.
  sections.push(
    section(
      'partners',
      plan.partners.length > 0
        ? [
            {
              type: 'table',
              sheet: t.sheets.partners,
              columns: [t.kind, t.partnerName, t.contactPerson, t.phone, t.email, t.notes],
              rows: plan.partners.map((p) => [
                p.kind === 'customer' ? t.customer : t.supplier,
                p.name,
                p.contactPerson,
                dash(p.phone),
                p.email,
                p.notes,
              ]),
            },
          ]
        : [],
      false,
    ),
  );

  // 7. Recovery procedure per system, each a subsection the company may rewrite.
  sections.push(section('recovery', [], false, missingFor('recovery')));
  for (const s of state.systems) {
    const f = s.facts;
    const target = requiredTargets(s);
    const blocks: DocumentBlock[] = [
      ...warningsFor('recovery', s.asset.id),
      {
        type: 'fields',
        items: [
          { label: t.requiredRto, value: hours(target.rtoHours) },
          { label: t.requiredRpo, value: hours(target.rpoHours) },
          { label: t.process, value: join(s.processes.map((p) => p.name)) },
          ...(f
            ? [
                { label: t.backupMethod, value: dash(f.backupMethod) },
                { label: t.backupFrequency, value: hours(f.backupFrequencyHours) },
                {
                  label: t.backupLocations,
                  value:
                    f.backupLocations.length > 0
                      ? join(f.backupLocations.map((l) => t.locations[l]))
                      : t.notRecorded,
                },
                { label: t.immutable, value: f.immutableBackup ? t.yes : t.no },
                { label: t.lastRestoreTest, value: f.lastRestoreTestOn ?? t.notRecorded },
                { label: t.restoreHours, value: hours(f.restoreHours) },
                {
                  label: t.administrators,
                  value:
                    f.administratorCount === null ? t.notRecorded : String(f.administratorCount),
                },
              ]
            : []),
        ],
      },
    ];
    if (f && f.recoverySteps.length > 0) {
      blocks.push(paragraph(t.recoverySteps), list(f.recoverySteps, true));
    }
    if (f && (f.alternates.length > 0 || f.alternateNotes !== '')) {
      blocks.push(
        paragraph(
          `${t.alternates}: ${join(f.alternates.map((a) => t.alternateKinds[a]))}${f.alternateNotes ? ` — ${f.alternateNotes}` : ''}`,
        ),
      );
    }
    if (f && f.manualWorkaround !== '') {
      blocks.push(paragraph(`${t.manualWorkaround}: ${f.manualWorkaround}`));
    }
    sections.push({
      key: `recovery.${s.asset.id}`,
      heading: s.asset.name,
      level: 2,
      blocks,
      editable: true,
      missing: missingFor('recovery', s.asset.name),
    });
  }

  // 8. Alternates for resources (the guideline's data form).
  const withAlternates = state.systems.filter(
    (s) => s.facts && (s.facts.alternates.length > 0 || s.facts.manualWorkaround !== ''),
  );
  sections.push(
    section(
      'alternates',
      withAlternates.length > 0
        ? [
            {
              type: 'table',
              sheet: t.sheets.alternates,
              columns: [t.system, t.alternates, t.alternateNotes, t.manualWorkaround],
              rows: withAlternates.map((s) => [
                s.asset.name,
                join(s.facts!.alternates.map((a) => t.alternateKinds[a])),
                s.facts!.alternateNotes,
                s.facts!.manualWorkaround,
              ]),
            },
          ]
        : [],
      false,
    ),
  );

  // 9. Ransomware playbook, from the expert's template.
  sections.push(
    section(
      'ransomware',
      templates.ransomware.flatMap((phase) => [
        paragraph(phase.title[language]),
        list(
          phase.steps.map((s) => s[language]),
          true,
        ),
      ]),
      true,
    ),
  );

  // 10. Customer communication.
  sections.push(
    section(
      'communication',
      [
        ...(plan.communication.customerPlan !== ''
          ? [paragraph(plan.communication.customerPlan)]
          : []),
        ...(plan.communication.channels.length > 0
          ? [
              {
                type: 'fields' as const,
                items: [{ label: t.channels, value: join(plan.communication.channels) }],
              },
            ]
          : []),
      ],
      true,
    ),
  );

  // 11. Reconstitution.
  sections.push(
    section(
      'reconstitution',
      [
        list(
          templates.reconstitution.map((s) => s[language]),
          true,
        ),
      ],
      true,
    ),
  );

  // 12. Training and maintenance.
  const m = plan.maintenance;
  sections.push(
    section(
      'maintenance',
      [
        ...(m.training.length > 0
          ? [
              {
                type: 'table' as const,
                sheet: t.sheets.training,
                columns: [t.activity, t.every, t.owner, t.nextOn],
                rows: m.training.map((e) => [
                  e.activity,
                  t.months(e.everyMonths),
                  e.owner,
                  e.nextOn ?? t.notRecorded,
                ]),
              },
            ]
          : []),
        {
          type: 'fields',
          items: [
            {
              label: t.reviewCycle,
              value: m.reviewEveryMonths === null ? t.notRecorded : t.months(m.reviewEveryMonths),
            },
            { label: t.nextReview, value: m.nextReviewOn ?? t.notRecorded },
          ],
        },
      ],
      false,
    ),
  );

  // Appendix: everything to settle at the next visit in one place (the sections carry it too).
  sections.push({
    key: 'gaps',
    heading: templates.sections.gaps.heading[language],
    level: 1,
    blocks: [
      paragraph(templates.sections.gaps.intro[language]),
      paragraph(t.gapsTitle),
      state.gaps.length > 0 ? list(state.gaps.map((g) => messages.gap(g))) : paragraph(t.noGaps),
      ...(state.missing.length > 0
        ? [paragraph(t.missingTitle), list(state.missing.map((x) => messages.missing(x)))]
        : []),
    ],
    editable: false,
    missing: [],
  });

  return {
    title: templates.title[language],
    subtitle: companyName,
    language,
    cover: [
      { key: 'company', label: t.company, value: companyName },
      // The date of the version, filled by the documents module: a regeneration of an unchanged
      // plan on another day yields the same content and so no new version.
      { key: 'date', label: t.generatedOn, value: '' },
    ],
    sections,
  };
}

/** Reads the company's data and builds its IT-BCP. */
export async function generateItBcp(
  db: DbOrTx,
  orgId: string,
  language: DocumentLanguage,
  now = new Date(),
): Promise<GeneratedDocument> {
  const org = await getOrganization(db, orgId);
  const state = await loadBcpState(db, orgId, now);
  return buildItBcpDocument(state, org.name, language);
}

/** The generator the documents module calls for kind 'itbcp'. */
export const itBcpGenerator = (ctx: AppContext, orgId: string, language: DocumentLanguage) =>
  generateItBcp(ctx.db, orgId, language);
