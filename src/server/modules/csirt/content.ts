import { z } from 'zod';
import {
  contentKey,
  csirtModelSchema,
  csirtModels,
  flowStageSchema,
  serviceCategorySchema,
} from '../../../contracts/csirt';
import type { Locale } from '../../../contracts/common';
import { localizedText, type LocalizedText } from '../../../contracts/localized';
import { ContentError, loadContent } from '../../content/loader';

const checklistItem = z.strictObject({
  key: contentKey,
  title: localizedText,
  guidance: localizedText,
});

const checklistCategory = z.strictObject({
  key: contentKey,
  title: localizedText,
  description: localizedText,
  items: z.array(checklistItem).min(1),
});

const roleEntry = z.strictObject({
  key: contentKey,
  title: localizedText,
  description: localizedText,
  /** A CSIRT cannot work without someone in this role. */
  required: z.boolean(),
  /** The role may be given to an outside provider. */
  outsourceable: z.boolean(),
});
export type CsirtRoleEntry = z.infer<typeof roleEntry>;

const modelEntry = z.strictObject({
  key: csirtModelSchema,
  title: localizedText,
  description: localizedText,
});

const checklistFile = z.strictObject({
  categories: z.array(checklistCategory).min(1),
  roles: z.array(roleEntry).min(1),
  models: z.array(modelEntry).min(1),
});
export type ChecklistContent = z.infer<typeof checklistFile>;

const servicesFile = z.strictObject({
  areas: z
    .array(z.strictObject({ key: contentKey, title: localizedText, description: localizedText }))
    .min(1),
  services: z
    .array(
      z.strictObject({
        key: contentKey,
        area: contentKey,
        category: serviceCategorySchema,
        recommended: z.boolean(),
        title: localizedText,
        description: localizedText,
      }),
    )
    .min(1),
});
export type ServicesContent = z.infer<typeof servicesFile>;

const notificationsFile = z.strictObject({
  parties: z
    .array(
      z.strictObject({
        key: contentKey,
        name: localizedText,
        when: localizedText,
        deadlines: z.array(z.strictObject({ what: localizedText, within: localizedText })).min(1),
        how: localizedText,
      }),
    )
    .min(1),
});
export type NotificationParty = z.infer<typeof notificationsFile>['parties'][number];

const flowFile = z.strictObject({
  steps: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]+$/),
        stage: flowStageSchema,
        /** Preferred lanes (role keys): the first one the company has staffed is used. */
        lanes: z.array(contentKey).min(1),
        title: localizedText,
        detail: localizedText,
        decision: z
          .strictObject({
            question: localizedText,
            ownerRoles: z.array(contentKey).min(1),
            criteria: localizedText,
          })
          .optional(),
        notify: z.array(contentKey).default([]),
      }),
    )
    .min(1),
});
export type FlowTemplateStep = z.infer<typeof flowFile>['steps'][number];

/** Section keys of the generated documents, RFC 2350's numbering for the description. */
export const documentSectionKeys = {
  description: [
    '1',
    '1.1',
    '1.2',
    '1.3',
    '1.4',
    '2',
    '2.1',
    '2.2',
    '2.3',
    '2.4',
    '2.5',
    '2.6',
    '2.7',
    '2.8',
    '2.9',
    '2.10',
    '2.11',
    '2.12',
    '3',
    '3.1',
    '3.2',
    '3.3',
    '3.4',
    '4',
    '4.1',
    '4.2',
    '4.3',
    '5',
    '5.1',
    '5.1.1',
    '5.1.2',
    '5.1.3',
    '5.2',
    '6',
    '7',
  ],
  charter: ['1', '2', '3', '4', '5', '6', '7'],
  flow: ['1', '2', '3', '4', '5', '6', '7'],
} as const;

/** A text for every key, no more and no fewer. */
const textsOf = <K extends readonly string[]>(keys: K) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, localizedText])) as Record<
      K[number],
      typeof localizedText
    >,
  );

export const documentsFile = z.strictObject({
  description: z.strictObject({
    title: localizedText,
    subtitle: localizedText,
    headings: textsOf(documentSectionKeys.description),
    texts: textsOf([
      'outOfHours',
      'incidentDefinitions',
      'servicesNone',
      'partiesIntro',
      'reportForm',
      'reportFormMissing',
    ] as const),
  }),
  charter: z.strictObject({
    title: localizedText,
    headings: textsOf(documentSectionKeys.charter),
    /** What every CSIRT-building project delivers, listed before the company's own deliverables. */
    standardDeliverables: z.array(localizedText).min(1),
  }),
  flow: z.strictObject({
    title: localizedText,
    headings: textsOf(documentSectionKeys.flow),
    texts: textsOf([
      'caption',
      'figureNote',
      'escalationCaption',
      'stagesIntro',
      'noDecisions',
      'decisionsMissing',
      'contactsMissing',
    ] as const),
  }),
});
export type CsirtDocumentsContent = z.infer<typeof documentsFile>;

export interface CsirtContent {
  /** Titles, section headings and fixed texts of the generated documents. */
  documents: CsirtDocumentsContent;
  checklist: ChecklistContent;
  services: ServicesContent;
  parties: NotificationParty[];
  flow: FlowTemplateStep[];
  itemKeys: Set<string>;
  serviceKeys: Set<string>;
  roleKeys: Set<string>;
  partyKeys: Set<string>;
}

function duplicates(keys: string[]): string[] {
  return keys.filter((k, i) => keys.indexOf(k) !== i);
}

/** Cross-file checks the schemas cannot express: unique keys and references that resolve. */
export function csirtContentProblems(
  c: Omit<CsirtContent, 'itemKeys' | 'serviceKeys' | 'roleKeys' | 'partyKeys' | 'documents'>,
): string[] {
  const problems: string[] = [];
  const itemKeys = c.checklist.categories.flatMap((cat) => cat.items.map((i) => i.key));
  const roleKeys = c.checklist.roles.map((r) => r.key);
  const areaKeys = c.services.areas.map((a) => a.key);
  const serviceKeys = c.services.services.map((s) => s.key);
  const partyKeys = c.parties.map((p) => p.key);
  const named: [string, string[]][] = [
    ['checklist categories', c.checklist.categories.map((cat) => cat.key)],
    ['checklist items', itemKeys],
    ['roles', roleKeys],
    ['models', c.checklist.models.map((m) => m.key)],
    ['service areas', areaKeys],
    ['services', serviceKeys],
    ['notification parties', partyKeys],
    ['flow steps', c.flow.map((s) => s.id)],
  ];
  for (const [what, keys] of named)
    for (const d of new Set(duplicates(keys))) problems.push(`${what}: key ${d} is used twice`);
  for (const m of csirtModels)
    if (!c.checklist.models.some((x) => x.key === m))
      problems.push(`models: ${m} is not described`);
  for (const s of c.services.services)
    if (!areaKeys.includes(s.area)) problems.push(`services: ${s.key}: unknown area ${s.area}`);
  for (const a of areaKeys)
    if (!c.services.services.some((s) => s.area === a))
      problems.push(`service areas: ${a} has no service`);
  for (const step of c.flow) {
    for (const lane of step.lanes)
      if (!roleKeys.includes(lane)) problems.push(`flow: ${step.id}: unknown role ${lane}`);
    for (const owner of step.decision?.ownerRoles ?? [])
      if (!roleKeys.includes(owner))
        problems.push(`flow: ${step.id}: unknown decision owner ${owner}`);
    for (const party of step.notify)
      if (!partyKeys.includes(party)) problems.push(`flow: ${step.id}: unknown party ${party}`);
  }
  return problems;
}

let cached: CsirtContent | undefined;

/** The CSIRT checklist, roles, models, service catalogue, notification parties, default flow and document wording, validated; read once. */
export function loadCsirtContent(): CsirtContent {
  if (cached) return cached;
  const raw = {
    checklist: loadContent('csirt/checklist.yaml', checklistFile),
    services: loadContent('csirt/services.yaml', servicesFile),
    parties: loadContent('csirt/notifications.yaml', notificationsFile).parties,
    flow: loadContent('csirt/flow.yaml', flowFile).steps,
    documents: loadContent('csirt/documents.yaml', documentsFile),
  };
  const problems = csirtContentProblems(raw);
  if (problems.length > 0)
    throw new ContentError(
      `Invalid content:\n${problems.map((p) => `  content/csirt: ${p}`).join('\n')}`,
    );
  cached = {
    ...raw,
    itemKeys: new Set(raw.checklist.categories.flatMap((cat) => cat.items.map((i) => i.key))),
    serviceKeys: new Set(raw.services.services.map((s) => s.key)),
    roleKeys: new Set(raw.checklist.roles.map((r) => r.key)),
    partyKeys: new Set(raw.parties.map((p) => p.key)),
  };
  return cached;
}

/**
 * One document's wording in one language, keyed as the generator uses it: `s` + the section key
 * without dots for headings ("2.10" → s210), and the fixed texts by name.
 */
function wordingOf<H extends string, T extends string>(
  doc: {
    title: LocalizedText;
    headings: Record<H, LocalizedText>;
    texts?: Record<T, LocalizedText>;
  },
  locale: Locale,
) {
  const out: Record<string, string> = { title: doc.title[locale] };
  for (const [key, text] of Object.entries(doc.headings) as [H, LocalizedText][])
    out[`s${key.replace(/\./g, '')}`] = text[locale];
  for (const [key, text] of Object.entries(doc.texts ?? {}) as [T, LocalizedText][])
    out[key] = text[locale];
  return out;
}

type Headings<K extends readonly string[]> = {
  [
    P in K[number] as `s${P extends `${infer A}.${infer B}.${infer C}` ? `${A}${B}${C}` : P extends `${infer A}.${infer B}` ? `${A}${B}` : P}`
  ]: string;
};

/** The documents' wording in one language, in the shape the generator reads. */
export function csirtDocumentWording(locale: Locale) {
  const d = loadCsirtContent().documents;
  type Texts<T> = { [K in keyof T]: string };
  return {
    description: {
      ...(wordingOf(d.description, locale) as Headings<typeof documentSectionKeys.description> &
        Texts<CsirtDocumentsContent['description']['texts']>),
      title: d.description.title[locale],
      subtitle: d.description.subtitle[locale],
    },
    charter: {
      ...(wordingOf(d.charter, locale) as Headings<typeof documentSectionKeys.charter>),
      title: d.charter.title[locale],
      standardDeliverables: d.charter.standardDeliverables.map((x) => x[locale]),
    },
    flow: {
      ...(wordingOf(d.flow, locale) as Headings<typeof documentSectionKeys.flow> &
        Texts<CsirtDocumentsContent['flow']['texts']>),
      title: d.flow.title[locale],
    },
  };
}
