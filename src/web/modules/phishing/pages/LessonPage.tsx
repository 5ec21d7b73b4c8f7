import { Alert, Button, List, Radio, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageLoader } from '../../../components/PageLoader';
import { setUiLocale } from '../../../i18n';
import { useAnswerLesson, usePublicLesson, type LessonCheckResult } from '../api/followup';

/**
 * The follow-up lesson a person opens from their mail, without an account. It opens in the
 * recipient's language (the campaign's); the switcher in the header still changes it.
 */
export function LessonPage() {
  const { t, i18n } = useTranslation();
  const token = useParams().token ?? '';
  const lesson = usePublicLesson(token);
  const answer = useAnswerLesson(token);
  const [answers, setAnswers] = useState<(number | null)[]>([]);
  const [result, setResult] = useState<LessonCheckResult | null>(null);
  const [missing, setMissing] = useState(false);
  const languageSet = useRef(false);
  useDocumentTitle(t('phishingResults.lesson.documentTitle'));

  useEffect(() => {
    if (!lesson.data || languageSet.current) return;
    languageSet.current = true;
    void setUiLocale(lesson.data.locale);
  }, [lesson.data]);

  if (lesson.isPending) return <PageLoader />;
  if (lesson.isError) {
    return isApiError(lesson.error) && lesson.error.status === 404 ? (
      <Alert color="red" variant="light" title={t('phishingResults.lesson.invalidTitle')}>
        {t('phishingResults.lesson.invalid')}
      </Alert>
    ) : (
      <ErrorAlert error={lesson.error} />
    );
  }
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const content = lesson.data.lesson[lang];
  const completed = result?.completed || lesson.data.completedAt !== null;

  const check = () => {
    if (content.check.some((_, i) => answers[i] === null || answers[i] === undefined)) {
      setMissing(true);
      return;
    }
    setMissing(false);
    answer.mutate(answers as number[], { onSuccess: setResult });
  };

  return (
    <Stack component="article" aria-labelledby="lesson-title">
      <Text size="sm" c="dimmed">
        {t('phishingResults.lesson.kicker')}
      </Text>
      <Title order={1} fz="h2" id="lesson-title">
        {content.title}
      </Title>
      <Alert variant="light" color="blue">
        {t('phishingResults.lesson.greeting', { name: lesson.data.name })}
      </Alert>
      <Text>{content.summary}</Text>
      <Title order={2} fz="lg">
        {t('phishingResults.lesson.keyPoints')}
      </Title>
      <List spacing="xs">
        {content.keyPoints.map((p) => (
          <List.Item key={p}>{p}</List.Item>
        ))}
      </List>
      <Title order={2} fz="lg" id="lesson-check">
        {t('phishingResults.lesson.check')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('phishingResults.lesson.checkIntro')}
      </Text>
      <Stack
        component="form"
        aria-labelledby="lesson-check"
        gap="lg"
        onSubmit={(e) => e.preventDefault()}
      >
        {content.check.map((q, i) => {
          const r = result?.results[i];
          return (
            <Stack key={i} gap={6}>
              <Radio.Group
                label={`${t('phishingResults.lesson.question', { n: i + 1 })} ${q.question}`}
                value={answers[i] === null || answers[i] === undefined ? null : String(answers[i])}
                onChange={(v) =>
                  setAnswers((a) => {
                    const next = [...a];
                    next[i] = Number(v);
                    return next;
                  })
                }
              >
                <Stack gap={6} mt={6}>
                  {q.options.map((o, j) => (
                    <Radio key={j} value={String(j)} label={o} />
                  ))}
                </Stack>
              </Radio.Group>
              {r && (
                <Alert
                  variant="light"
                  color={r.correct ? 'green' : 'orange'}
                  title={
                    r.correct
                      ? t('phishingResults.lesson.correct')
                      : t('phishingResults.lesson.incorrect')
                  }
                  data-testid="lesson-feedback"
                >
                  {r.explanation[lang]}
                </Alert>
              )}
            </Stack>
          );
        })}
        {missing && (
          <Text c="red" size="sm" role="alert">
            {t('phishingResults.lesson.answerAll')}
          </Text>
        )}
        {answer.isError && <ErrorAlert error={answer.error} />}
        {result && !result.completed && (
          <Text c="orange.8" size="sm" role="status">
            {t('phishingResults.lesson.retry')}
          </Text>
        )}
        <Button type="submit" onClick={check} loading={answer.isPending} w="fit-content">
          {t('phishingResults.lesson.submit')}
        </Button>
      </Stack>
      {completed && (
        <Alert
          color="green"
          variant="light"
          title={t('phishingResults.lesson.completedTitle')}
          role="status"
        >
          {t('phishingResults.lesson.completed')}
        </Alert>
      )}
    </Stack>
  );
}
