import { z } from 'zod';
import {
  functionalImpacts,
  hostingKinds,
  incidentSeverities,
  informationImpacts,
  personalDataAnswers,
  recoverabilities,
  reportPurposes,
  reporterAffiliations,
  type IncidentTaxonomyView,
} from '../../../contracts/incidents';
import { localizedText } from '../../../contracts/localized';
import { ContentError, loadContent } from '../../content/loader';

const entry = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
  label: localizedText,
  description: localizedText,
});
const categoriesFile = z.strictObject({ categories: z.array(entry).min(1) });
const scalesFile = z.strictObject({
  functionalImpact: z.array(entry),
  informationImpact: z.array(entry),
  recoverability: z.array(entry),
});

const localizedList = z.strictObject({
  ja: z.array(z.string().min(1)).min(1),
  en: z.array(z.string().min(1)).min(1),
});
/** Labels for every option of an enum, no more and no fewer. */
const optionLabels = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, localizedText])) as Record<
      T[number],
      typeof localizedText
    >,
  );
const reportFormLabels = [
  'column',
  'answer',
  'reporterName',
  'affiliation',
  'organisation',
  'email',
  'phone',
  'purpose',
  'whatWasSeen',
  'seenAt',
  'howFound',
  'affectedSystems',
  'hosting',
  'personalData',
  'personalDataCount',
  'notes',
  'reference',
  'receivedAt',
  'receivedBy',
  'category',
  'severity',
  'functionalImpact',
  'informationImpact',
  'recoverability',
] as const;
export type ReportFormLabel = (typeof reportFormLabels)[number];

const heading = z.strictObject({ heading: localizedText });
const reportFormFile = z.strictObject({
  title: localizedText,
  subtitle: localizedText,
  instructions: z.strictObject({
    heading: localizedText,
    intro: localizedText,
    steps: localizedList,
  }),
  send: z.strictObject({
    heading: localizedText,
    online: localizedText,
    onlineMissing: localizedText,
    paper: localizedText,
    contactsHeading: localizedText,
    columns: z.strictObject({ name: localizedText, role: localizedText, email: localizedText }),
    adminRole: localizedText,
    contactsMissing: localizedText,
  }),
  reporter: heading,
  report: heading,
  systems: heading,
  personalData: heading,
  notes: heading,
  csirt: z.strictObject({ heading: localizedText, intro: localizedText }),
  labels: z.strictObject(
    Object.fromEntries(reportFormLabels.map((k) => [k, localizedText])) as Record<
      ReportFormLabel,
      typeof localizedText
    >,
  ),
  seenAtBlank: localizedText,
  peopleBlank: localizedText,
  options: z.strictObject({
    affiliation: optionLabels(reporterAffiliations),
    purpose: optionLabels(reportPurposes),
    hosting: optionLabels(hostingKinds),
    personalData: optionLabels(personalDataAnswers),
    severity: optionLabels(incidentSeverities),
  }),
});
export type ReportFormContent = z.infer<typeof reportFormFile>;

export interface IncidentContent {
  taxonomy: IncidentTaxonomyView;
  reportForm: ReportFormContent;
}

function checkKeys(
  file: string,
  name: string,
  found: string[],
  expected: readonly string[],
): string[] {
  const problems: string[] = [];
  if (new Set(found).size !== found.length) problems.push(`${file}: ${name}: keys are not unique`);
  const want = [...expected].sort().join(',');
  if ([...found].sort().join(',') !== want)
    problems.push(`${file}: ${name}: keys must be exactly ${expected.join(', ')}`);
  return problems;
}

let cached: IncidentContent | undefined;

/** Incident categories, the NIST SP 800-61 scales and the printable form's text, validated; read once. */
export function loadIncidentContent(): IncidentContent {
  if (cached) return cached;
  const { categories } = loadContent('incidents/categories.yaml', categoriesFile);
  const scales = loadContent('incidents/scales.yaml', scalesFile);
  const reportForm = loadContent('incidents/report-form.yaml', reportFormFile);
  const keys = (list: { key: string }[]) => list.map((e) => e.key);
  const problems = [
    ...(new Set(keys(categories)).size !== categories.length
      ? ['incidents/categories.yaml: category keys are not unique']
      : []),
    ...checkKeys(
      'incidents/scales.yaml',
      'functionalImpact',
      keys(scales.functionalImpact),
      functionalImpacts,
    ),
    ...checkKeys(
      'incidents/scales.yaml',
      'informationImpact',
      keys(scales.informationImpact),
      informationImpacts,
    ),
    ...checkKeys(
      'incidents/scales.yaml',
      'recoverability',
      keys(scales.recoverability),
      recoverabilities,
    ),
  ];
  if (problems.length > 0) throw new ContentError(`Invalid content:\n  ${problems.join('\n  ')}`);
  cached = { taxonomy: { categories, ...scales }, reportForm };
  return cached;
}
