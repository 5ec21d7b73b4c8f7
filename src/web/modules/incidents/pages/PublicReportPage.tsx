import { Alert, Button, Code, Divider, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { PublicReportReceipt } from '../../../../contracts/incidents';
import { fieldErrorsOf, isApiError } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { PageLoader } from '../../../components/PageLoader';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime } from '../../../lib/dates';
import { usePublicReportForm, useSubmitPublicReport } from '../api/incidents';
import { ReportFields, reportFieldPaths } from '../components/ReportFields';
import { reportDraftErrors, reportInputOf } from '../components/report-draft';
import { useReportDraft } from '../components/use-report-draft';

/** The receipt in both languages, so whoever reads it (or is shown it) can quote the number. */
function Receipt({ receipt, onAnother }: { receipt: PublicReportReceipt; onAnother: () => void }) {
  const { i18n } = useTranslation();
  const current = i18n.language === 'en' ? 'en' : 'ja';
  const languages = current === 'en' ? (['en', 'ja'] as const) : (['ja', 'en'] as const);
  return (
    <Stack role="status" aria-live="polite">
      {languages.map((lng, index) => {
        const t = i18n.getFixedT(lng);
        const colon = lng === 'ja' ? '：' : ': ';
        return (
          <Stack key={lng} gap="xs" lang={lng}>
            {index > 0 && <Divider />}
            <Title order={index === 0 ? 1 : 2} fz={index === 0 ? 24 : 18}>
              {t('incidents.public.doneTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('incidents.public.to', { name: receipt.organizationName })}
            </Text>
            <Text>
              {t('incidents.public.reference')}
              {colon}
              <Code fz="lg" fw={700} data-testid={index === 0 ? 'reference' : undefined}>
                {receipt.reference}
              </Code>
            </Text>
            <Text size="sm">
              {t('incidents.public.receivedAt')}
              {colon}
              {formatDateTime(receipt.receivedAt, lng, 'Asia/Tokyo')}
            </Text>
            <Text size="sm">{t('incidents.public.keep')}</Text>
          </Stack>
        );
      })}
      <Button variant="light" onClick={onAnother}>
        {i18n.t('incidents.public.another')}
      </Button>
    </Stack>
  );
}

/** The company's public incident report form: no account, answers with a confirmation number. */
export function PublicReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('incidents.public.title')} | ${t('app.name')}`);
  const slug = useParams().slug ?? '';
  const form = usePublicReportForm(slug);
  const submit = useSubmitPublicReport(slug);
  const { draft, setDraft, submitted, reset, visible } = useReportDraft();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<PublicReportReceipt | null>(null);
  const serverErrors = fieldErrorsOf(submit.error);

  if (form.isPending) return <PageLoader />;
  if (form.isError) {
    if (isApiError(form.error) && form.error.status === 404)
      return (
        <Stack>
          <Title order={1} fz={24}>
            {t('incidents.public.notFoundTitle')}
          </Title>
          <Text>{t('incidents.public.notFound')}</Text>
        </Stack>
      );
    return <ErrorAlert error={form.error} onRetry={() => void form.refetch()} />;
  }
  if (receipt)
    return (
      <Receipt
        receipt={receipt}
        onAnother={() => {
          setReceipt(null);
          reset();
          submit.reset();
        }}
      />
    );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = reportDraftErrors(draft, t, { requireContact: true });
    setErrors(found);
    submitted();
    if (Object.keys(found).length > 0) return;
    submit.mutate(reportInputOf(draft), {
      onSuccess: (r) => {
        setReceipt(r);
        window.scrollTo({ top: 0 });
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="report-title">
      <Stack>
        <Title order={1} fz={24} id="report-title">
          {t('incidents.public.title')}
        </Title>
        <Text fw={600}>{t('incidents.public.to', { name: form.data.organizationName })}</Text>
        <Alert variant="light" color="indigo">
          {t('incidents.public.intro')}
        </Alert>
        <Text size="sm" c="dimmed">
          {t('incidents.public.requiredNote')}
        </Text>
        <ReportFields
          draft={draft}
          onChange={setDraft}
          errors={visible({ ...serverErrors, ...errors })}
          requireContact
        />
        <FormError error={submit.error} shownFields={reportFieldPaths} />
        <Button type="submit" size="md" loading={submit.isPending}>
          {t('incidents.public.submit')}
        </Button>
      </Stack>
    </form>
  );
}
