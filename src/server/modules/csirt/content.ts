import { z } from 'zod';
import {
  contentKey,
  csirtModelSchema,
  csirtModels,
  flowStageSchema,
  serviceCategorySchema,
} from '../../../contracts/csirt';
import { localizedText } from '../../../contracts/localized';
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

export interface CsirtContent {
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
  c: Omit<CsirtContent, 'itemKeys' | 'serviceKeys' | 'roleKeys' | 'partyKeys'>,
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

/** The CSIRT checklist, roles, models, service catalogue, notification parties and default flow, validated; read once. */
export function loadCsirtContent(): CsirtContent {
  if (cached) return cached;
  const raw = {
    checklist: loadContent('csirt/checklist.yaml', checklistFile),
    services: loadContent('csirt/services.yaml', servicesFile),
    parties: loadContent('csirt/notifications.yaml', notificationsFile).parties,
    flow: loadContent('csirt/flow.yaml', flowFile).steps,
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
