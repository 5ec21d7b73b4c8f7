import { Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionSet } from '../../../../contracts/assessments';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useReviewAssessment, type AssessmentDetail } from '../api/assessments';
import { useLocalized } from './localized';

/** The expert's (or operator's) feedback: a summary and a note per section. */
export function ReviewForm({
  orgId,
  assessment,
  questionSet,
}: {
  orgId: string;
  assessment: AssessmentDetail;
  questionSet: QuestionSet;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const review = useReviewAssessment(orgId, assessment.id);
  const [summary, setSummary] = useState(assessment.reviewSummary ?? '');
  const [feedback, setFeedback] = useState<Record<string, string>>(() =>
    Object.fromEntries(assessment.reviews.map((r) => [r.sectionId, r.feedback])),
  );

  return (
    <Paper withBorder p="md" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          review.mutate(
            {
              summary: summary.trim() || undefined,
              sections: Object.entries(feedback)
                .filter(([, text]) => text.trim().length > 0)
                .map(([sectionId, text]) => ({ sectionId, feedback: text.trim() })),
            },
            { onSuccess: () => notifySuccess(t('assessments.review.saved')) },
          );
        }}
      >
        <Stack>
          <Title order={2} fz="lg">
            {t('assessments.review.title')}
          </Title>
          <Textarea
            label={t('assessments.review.summary')}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            autosize
            minRows={3}
          />
          {questionSet.sections.map((section) => (
            <Textarea
              key={section.id}
              label={t('assessments.review.sectionFeedback', { section: loc(section.title) })}
              value={feedback[section.id] ?? ''}
              onChange={(e) => {
                const text = e.currentTarget.value;
                setFeedback((f) => ({ ...f, [section.id]: text }));
              }}
              autosize
              minRows={2}
            />
          ))}
          <FormError error={review.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={review.isPending}>
              {t('assessments.review.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
