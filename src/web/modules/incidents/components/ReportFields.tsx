import {
  Checkbox,
  Fieldset,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  hostingKinds,
  personalDataAnswers,
  reportPurposes,
  reporterAffiliations,
} from '../../../../contracts/incidents';
import { timeZoneOptions } from '../../../lib/time-zones';
import type { ReportDraft } from './report-draft';

const legendStyles = { legend: { fontWeight: 700, fontSize: 'var(--mantine-font-size-md)' } };

/**
 * Every field of an incident report, for the public form and for staff recording one.
 * `errors` is keyed by the field's name (the server's issue path).
 */
export function ReportFields({
  draft,
  onChange,
  errors,
  requireContact,
}: {
  draft: ReportDraft;
  onChange: (draft: ReportDraft) => void;
  errors: Record<string, string | undefined>;
  requireContact: boolean;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof ReportDraft>(key: K, value: ReportDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const zones = useMemo(
    () => timeZoneOptions(draft.seenTimeZone, new Date()),
    [draft.seenTimeZone],
  );

  return (
    <Stack gap="lg">
      <Fieldset legend={t('incidents.sections.reporter')} variant="unstyled" styles={legendStyles}>
        <Stack>
          <TextInput
            label={t('incidents.fields.reporterName')}
            required
            maxLength={100}
            autoComplete="name"
            value={draft.reporterName}
            onChange={(e) => set('reporterName', e.currentTarget.value)}
            error={errors.reporterName}
          />
          <Radio.Group
            label={t('incidents.fields.affiliation')}
            required
            value={draft.affiliation}
            onChange={(v) => set('affiliation', v as ReportDraft['affiliation'])}
          >
            <Group mt={4}>
              {reporterAffiliations.map((a) => (
                <Radio key={a} value={a} label={t(`incidents.affiliations.${a}`)} />
              ))}
            </Group>
          </Radio.Group>
          <TextInput
            label={t('incidents.fields.organisation')}
            description={t('incidents.help.organisation')}
            maxLength={200}
            autoComplete="organization"
            value={draft.organisation}
            onChange={(e) => set('organisation', e.currentTarget.value)}
            error={errors.organisation}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('incidents.fields.email')}
              type="email"
              autoComplete="email"
              maxLength={254}
              value={draft.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={errors.email}
            />
            <TextInput
              label={t('incidents.fields.phone')}
              type="tel"
              autoComplete="tel"
              maxLength={40}
              value={draft.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={errors.phone}
            />
          </SimpleGrid>
          {requireContact && (
            <Text size="xs" c="dimmed" mt={-8}>
              {t('incidents.help.contact')}
            </Text>
          )}
        </Stack>
      </Fieldset>

      <Fieldset legend={t('incidents.sections.what')} variant="unstyled" styles={legendStyles}>
        <Stack>
          <Radio.Group
            label={t('incidents.fields.purpose')}
            required
            value={draft.purpose ?? ''}
            onChange={(v) => set('purpose', v as ReportDraft['purpose'])}
            error={errors.purpose}
          >
            <Group mt={4}>
              {reportPurposes.map((p) => (
                <Radio key={p} value={p} label={t(`incidents.purposes.${p}`)} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea
            label={t('incidents.fields.whatWasSeen')}
            description={t('incidents.help.whatWasSeen')}
            required
            autosize
            minRows={4}
            maxLength={5000}
            value={draft.whatWasSeen}
            onChange={(e) => set('whatWasSeen', e.currentTarget.value)}
            error={errors.whatWasSeen}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('incidents.fields.seenAt')}
              description={t('incidents.help.seenAt')}
              type="datetime-local"
              value={draft.seenAt}
              onChange={(e) => set('seenAt', e.currentTarget.value)}
              error={errors.seenAt}
            />
            <Select
              label={t('incidents.fields.seenTimeZone')}
              data={zones}
              searchable
              allowDeselect={false}
              value={draft.seenTimeZone}
              onChange={(v) => v && set('seenTimeZone', v)}
              error={errors.seenTimeZone}
              mt={{ sm: 'auto' }}
            />
          </SimpleGrid>
          <Textarea
            label={t('incidents.fields.howFound')}
            description={t('incidents.help.howFound')}
            autosize
            minRows={2}
            maxLength={2000}
            value={draft.howFound}
            onChange={(e) => set('howFound', e.currentTarget.value)}
            error={errors.howFound}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('incidents.sections.systems')} variant="unstyled" styles={legendStyles}>
        <Stack>
          <Textarea
            label={t('incidents.fields.affectedSystems')}
            description={t('incidents.help.affectedSystems')}
            autosize
            minRows={2}
            maxLength={2000}
            value={draft.affectedSystems}
            onChange={(e) => set('affectedSystems', e.currentTarget.value)}
            error={errors.affectedSystems}
          />
          <Checkbox.Group
            label={t('incidents.fields.hosting')}
            value={draft.hosting}
            onChange={(v) => set('hosting', v as ReportDraft['hosting'])}
            error={errors.hosting}
          >
            <Group mt={4}>
              {hostingKinds.map((h) => (
                <Checkbox key={h} value={h} label={t(`incidents.hosting.${h}`)} />
              ))}
            </Group>
          </Checkbox.Group>
        </Stack>
      </Fieldset>

      <Fieldset
        legend={t('incidents.sections.personalData')}
        variant="unstyled"
        styles={legendStyles}
      >
        <Stack>
          <Radio.Group
            label={t('incidents.fields.personalData')}
            value={draft.personalData}
            onChange={(v) => set('personalData', v as ReportDraft['personalData'])}
          >
            <Group mt={4}>
              {personalDataAnswers.map((p) => (
                <Radio key={p} value={p} label={t(`incidents.personalData.${p}`)} />
              ))}
            </Group>
          </Radio.Group>
          {draft.personalData !== 'no' && (
            <TextInput
              label={t('incidents.fields.personalDataCount')}
              inputMode="numeric"
              maxLength={10}
              w={{ base: '100%', sm: 240 }}
              value={draft.personalDataCount}
              onChange={(e) => set('personalDataCount', e.currentTarget.value)}
              error={errors.personalDataCount}
            />
          )}
          <Textarea
            label={t('incidents.fields.notes')}
            autosize
            minRows={2}
            maxLength={5000}
            value={draft.notes}
            onChange={(e) => set('notes', e.currentTarget.value)}
            error={errors.notes}
          />
        </Stack>
      </Fieldset>
    </Stack>
  );
}

/** Field paths the report form shows next to their input. */
export const reportFieldPaths = [
  'reporterName',
  'affiliation',
  'organisation',
  'email',
  'phone',
  'purpose',
  'whatWasSeen',
  'seenAt',
  'seenTimeZone',
  'affectedSystems',
  'hosting',
  'howFound',
  'personalData',
  'personalDataCount',
  'notes',
];
