import { Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { industries } from '../../../../contracts/organizations';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import type { CompanyInput, OrganizationView } from '../api/organizations';

type Industry = (typeof industries)[number];
const isIndustry = (v: unknown): v is Industry => industries.includes(v as Industry);
const FIELDS = ['name', 'industry', 'employeeCount', 'capitalJpy', 'prefecture', 'city'];

/** Company profile fields, for creating a company or editing one. */
export function CompanyForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial?: OrganizationView;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: CompanyInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? '');
  const [industry, setIndustry] = useState<Industry | null>(initial?.industry ?? null);
  const [employees, setEmployees] = useState<number | string>(initial?.employeeCount ?? '');
  const [capital, setCapital] = useState<number | string>(initial?.capitalJpy ?? '');
  const [prefecture, setPrefecture] = useState(initial?.prefecture ?? '');
  const [city, setCity] = useState(initial?.city ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const serverErrors = fieldErrorsOf(error);
  const errorOf = (field: string) => errors[field] ?? serverErrors[field];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    if (!industry) found.industry = t('validation.required');
    if (typeof employees !== 'number' || employees < 1)
      found.employeeCount = t('validation.positiveInteger');
    if (capital !== '' && (typeof capital !== 'number' || capital < 0))
      found.capitalJpy = t('validation.nonNegative');
    if (!prefecture.trim()) found.prefecture = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length > 0 || !industry || typeof employees !== 'number') return;
    onSubmit({
      name: name.trim(),
      industry,
      employeeCount: employees,
      ...(typeof capital === 'number' ? { capitalJpy: capital } : {}),
      prefecture: prefecture.trim(),
      ...(city.trim() || initial?.city ? { city: city.trim() } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormError error={error} shownFields={FIELDS} />
        <TextInput
          label={t('company.fields.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errorOf('name')}
          data-autofocus
        />
        <Select
          label={t('company.fields.industry')}
          required
          placeholder={t('company.chooseIndustry')}
          data={industries.map((i) => ({ value: i, label: t(`industries.${i}`) }))}
          value={industry}
          onChange={(v) => setIndustry(isIndustry(v) ? v : null)}
          error={errorOf('industry')}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('company.fields.employees')}
            required
            min={1}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            value={employees}
            onChange={setEmployees}
            error={errorOf('employeeCount')}
          />
          <NumberInput
            label={t('company.fields.capital')}
            description={t('company.capitalHint')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            value={capital}
            onChange={setCapital}
            error={errorOf('capitalJpy')}
          />
          <TextInput
            label={t('company.fields.prefecture')}
            description={t('company.prefectureHint')}
            required
            value={prefecture}
            onChange={(e) => setPrefecture(e.currentTarget.value)}
            error={errorOf('prefecture')}
          />
          <TextInput
            label={t('company.fields.city')}
            value={city}
            onChange={(e) => setCity(e.currentTarget.value)}
            error={errorOf('city')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
