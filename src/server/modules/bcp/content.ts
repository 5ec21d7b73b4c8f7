import { z } from 'zod';
import { localizedText } from '../../../contracts/localized';
import { loadContent } from '../../content/loader';

/** Plan sections in document order; the keys are the document's section keys. */
export const planSectionKeys = [
  'scope',
  'bia',
  'activation',
  'organization',
  'contacts',
  'partners',
  'recovery',
  'alternates',
  'ransomware',
  'communication',
  'reconstitution',
  'maintenance',
  'gaps',
] as const;
export type PlanSectionKey = (typeof planSectionKeys)[number];

const sectionTemplate = z.strictObject({ heading: localizedText, intro: localizedText });

const flowLabels = [
  'detect',
  'report',
  'assess',
  'decide',
  'activate',
  'notify',
  'recover',
  'reconstitute',
  'monitor',
  'yes',
  'no',
  'decider',
  'deputy',
] as const;

export const bcpTemplatesSchema = z.strictObject({
  title: localizedText,
  sections: z.strictObject(
    Object.fromEntries(planSectionKeys.map((k) => [k, sectionTemplate])) as Record<
      PlanSectionKey,
      typeof sectionTemplate
    >,
  ),
  activationFlow: z.strictObject(
    Object.fromEntries(flowLabels.map((k) => [k, localizedText])) as Record<
      (typeof flowLabels)[number],
      typeof localizedText
    >,
  ),
  ransomware: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z-]+$/),
        title: localizedText,
        steps: z.array(localizedText).min(1),
      }),
    )
    .min(1),
  reconstitution: z.array(localizedText).min(1),
});
export type BcpTemplates = z.infer<typeof bcpTemplatesSchema>;

let cached: BcpTemplates | undefined;

/** The IT-BCP template (section framing, activation flow labels, ransomware playbook); read once. */
export function loadBcpContent(): BcpTemplates {
  cached ??= loadContent('bcp/templates.yaml', bcpTemplatesSchema);
  return cached;
}
