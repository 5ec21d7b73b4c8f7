import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Progress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useIsMutating, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type {
  QuestionItem,
  QuestionSection,
  QuestionSet,
  QuestionSubsection,
} from '../../../../contracts/assessments';
import { fieldErrorsOf, isApiError } from '../../../api/client';
import { useLiveEvents } from '../../../api/live';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import {
  SheetExportButton,
  SheetImportButton,
  SheetImportErrors,
  useImportSheet,
} from '../components/SheetTransfer';
import { QueryState } from '../../../components/QueryState';
import { canAdministerCompany, hasRole, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  assessmentKeys,
  useAssessment,
  useQuestionSet,
  useReopenAssessment,
  useSubmitAssessment,
  type AssessmentDetail,
} from '../api/assessments';
import type { StoredFile } from '../components/EvidenceFiles';
import { ItemCard } from '../components/ItemCard';
import { useLocalized } from '../components/localized';
import { ReviewForm } from '../components/ReviewForm';
import { StatusBadge } from '../components/StatusBadge';

const EDITABLE = ['draft', 'reopened'];

function itemsOf(node: QuestionSection | QuestionSubsection): QuestionItem[] {
  return node.children.flatMap((c) => (c.kind === 'item' ? [c] : itemsOf(c)));
}

/** Item ids a refused submission named, from the validation issues. */
function unansweredIds(error: unknown): string[] {
  if (!isApiError(error) || error.code !== 'validation_failed') return [];
  const issues = (error.details as { issues?: { itemId?: string }[] } | undefined)?.issues ?? [];
  return issues.map((i) => i.itemId).filter((id): id is string => typeof id === 'string');
}

function SavingIndicator({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const saving = useIsMutating({ mutationKey: assessmentKeys.saving(assessmentId) });
  return (
    <Text size="sm" c={saving ? 'blue' : 'teal'} role="status" aria-live="polite">
      {saving ? t('assessments.saving') : t('assessments.saved')}
    </Text>
  );
}

function Sheet({
  orgId,
  detail,
  questionSet,
}: {
  orgId: string;
  detail: AssessmentDetail;
  questionSet: QuestionSet;
}) {
  const { t } = useTranslation();
  const loc = useLocalized();
  const fmt = useFormatters();
  const me = useSession();
  const reviewer = hasRole(me, 'operator', 'expert');
  const canReopen = reviewer || canAdministerCompany(me, orgId);
  const editable = EDITABLE.includes(detail.status);
  const submit = useSubmitAssessment(orgId, detail.id);
  const reopen = useReopenAssessment(orgId, detail.id);
  const [confirmOpen, confirm] = useDisclosure(false);
  const [reopenOpen, reopenDialog] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const importSheet = useImportSheet(orgId, detail.id);
  // A link from the results (a "don't know" item) lands on that item's card.
  const { hash } = useLocation();
  useEffect(() => {
    if (hash.startsWith('#item-')) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);

  const visible = useMemo(() => new Set(detail.visibleItemIds), [detail.visibleItemIds]);
  const answers = useMemo(
    () => new Map(detail.answers.map((a) => [a.itemId, a])),
    [detail.answers],
  );
  const filesByItem = useMemo(() => {
    const byItem = new Map<string, StoredFile[]>();
    for (const f of detail.files) {
      const list = byItem.get(f.itemId) ?? [];
      list.push({ name: f.name, mediaType: f.mediaType, sizeBytes: f.sizeBytes, fileId: f.id });
      byItem.set(f.itemId, list);
    }
    return byItem;
  }, [detail.files]);
  const progress = new Map(detail.sectionProgress.map((p) => [p.sectionId, p]));
  const reviews = new Map(detail.reviews.map((r) => [r.sectionId, r]));
  // What a refused submission named, minus what has been answered since.
  const refused = unansweredIds(submit.error);
  const missing = refused.filter((id) => visible.has(id) && !answers.get(id)?.state);
  const titles = new Map(
    questionSet.sections.flatMap((s) => itemsOf(s)).map((i) => [i.id, loc(i.title)]),
  );
  const answeredTotal = detail.sectionProgress
    .filter((p) => questionSet.sections.some((s) => s.id === p.sectionId))
    .reduce((n, p) => n + p.answered + p.dontKnow + p.notApplicable, 0);
  const visibleTotal = detail.visibleItemIds.length;

  const renderItems = (items: QuestionItem[]) =>
    items
      .filter((i) => visible.has(i.id))
      .map((item) => (
        <ItemCard
          key={item.id}
          orgId={orgId}
          assessmentId={detail.id}
          item={item}
          answer={answers.get(item.id)}
          disabled={!editable}
          showGuidance={reviewer}
          unanswered={missing.includes(item.id)}
          files={filesByItem.get(item.id) ?? []}
        />
      ));

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <StatusBadge status={detail.status} />
          {editable && <SavingIndicator assessmentId={detail.id} />}
        </Group>
        <Group gap="sm">
          <Button
            variant="default"
            component={Link}
            to={`/companies/${orgId}/assessments/${detail.id}/results`}
          >
            {t('assessments.viewResults')}
          </Button>
          <SheetExportButton orgId={orgId} assessmentId={detail.id} />
          {editable && <SheetImportButton mutation={importSheet} />}
          {editable && <Button onClick={confirm.open}>{t('assessments.submit.button')}</Button>}
          {!editable && canReopen && (
            <Button variant="default" onClick={reopenDialog.open}>
              {t('assessments.reopen.button')}
            </Button>
          )}
        </Group>
      </Group>

      <SheetImportErrors error={importSheet.error} />
      {!editable && (
        <Alert color="blue" title={t('assessments.locked.title')}>
          {t('assessments.locked.body', {
            name: detail.submittedBy?.name ?? '—',
            when: detail.submittedAt ? fmt.dateTime(detail.submittedAt) : '—',
          })}
        </Alert>
      )}
      {detail.status === 'reopened' && detail.reopenReason && (
        <Alert color="orange" title={t('assessments.reopen.reopened')}>
          {t('assessments.reopen.reasonShown', {
            name: detail.reopenedBy?.name ?? '—',
            reason: detail.reopenReason,
          })}
        </Alert>
      )}
      {missing.length > 0 && (
        <Alert color="red" title={t('assessments.submit.refused', { n: missing.length })}>
          <List size="sm">
            {missing.map((id) => (
              <List.Item key={id}>
                <Anchor href={`#item-${id}`}>{titles.get(id) ?? id}</Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {submit.error && refused.length === 0 && <FormError error={submit.error} />}
      {detail.reviewSummary && (
        <Alert
          color="teal"
          title={t('assessments.review.summaryBy', { name: detail.reviewedBy?.name ?? '—' })}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {detail.reviewSummary}
          </Text>
        </Alert>
      )}

      <Paper withBorder p="md" radius="md">
        <Text size="sm" mb={4}>
          {t('assessments.progress', { answered: answeredTotal, visible: visibleTotal })}
        </Text>
        <Progress
          value={visibleTotal ? (100 * answeredTotal) / visibleTotal : 0}
          aria-label={t('assessments.overallProgress')}
        />
      </Paper>

      {questionSet.sections.map((section) => {
        const p = progress.get(section.id);
        const done = p ? p.answered + p.dontKnow + p.notApplicable : 0;
        const review = reviews.get(section.id);
        return (
          <Stack
            key={section.id}
            gap="sm"
            component="section"
            aria-labelledby={`sec-${section.id}`}
          >
            <Stack gap={4}>
              <Title order={2} fz="lg" id={`sec-${section.id}`}>
                {loc(section.title)}
              </Title>
              {section.description && (
                <Text size="sm" c="dimmed">
                  {loc(section.description)}
                </Text>
              )}
              {p && p.visible > 0 && (
                <Group gap="sm" wrap="nowrap">
                  <Progress
                    value={(100 * done) / p.visible}
                    style={{ flex: 1 }}
                    aria-label={t('assessments.sectionProgress', { section: loc(section.title) })}
                  />
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {t('assessments.progress', { answered: done, visible: p.visible })}
                  </Text>
                </Group>
              )}
              {reviewer && section.guidance && (
                <Alert variant="light" color="indigo" p="xs" title={t('assessments.item.guidance')}>
                  <Text size="sm">{loc(section.guidance)}</Text>
                </Alert>
              )}
              {review && (
                <Alert
                  variant="light"
                  color="teal"
                  p="xs"
                  title={t('assessments.review.feedbackBy', { name: review.reviewer?.name ?? '—' })}
                >
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {review.feedback}
                  </Text>
                </Alert>
              )}
            </Stack>
            {section.children.map((child) =>
              child.kind === 'item' ? (
                renderItems([child])
              ) : (
                <Stack key={child.id} gap="sm" pl="sm">
                  <Title order={3} fz="md">
                    {loc(child.title)}
                  </Title>
                  {renderItems(child.children)}
                </Stack>
              ),
            )}
          </Stack>
        );
      })}

      {reviewer && (detail.status === 'submitted' || detail.status === 'reviewed') && (
        <ReviewForm orgId={orgId} assessment={detail} questionSet={questionSet} />
      )}

      <ConfirmDialog
        opened={confirmOpen}
        title={t('assessments.submit.title')}
        message={t('assessments.submit.message')}
        confirmLabel={t('assessments.submit.confirm')}
        loading={submit.isPending}
        onClose={confirm.close}
        onConfirm={() =>
          submit.mutate(
            {},
            {
              onSuccess: () => {
                confirm.close();
                notifySuccess(t('assessments.submit.done'));
              },
              onError: (error) => {
                confirm.close();
                if (Object.keys(fieldErrorsOf(error)).length === 0) notifyError(error);
              },
            },
          )
        }
      />
      <Modal
        opened={reopenOpen}
        onClose={reopenDialog.close}
        title={t('assessments.reopen.title')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            reopen.mutate(
              { reason: reason.trim() },
              {
                onSuccess: () => {
                  reopenDialog.close();
                  setReason('');
                  notifySuccess(t('assessments.reopen.done'));
                },
              },
            );
          }}
        >
          <Stack>
            <Textarea
              label={t('assessments.reopen.reason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
            />
            <FormError error={reopen.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={reopenDialog.close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" disabled={!reason.trim()} loading={reopen.isPending}>
                {t('assessments.reopen.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

export function AssessmentPage() {
  const { orgId = '', assessmentId = '' } = useParams();
  const { t } = useTranslation();
  const loc = useLocalized();
  const queryClient = useQueryClient();
  const detail = useAssessment(orgId, assessmentId);
  const questionSet = useQuestionSet(detail.data?.questionSet.id, detail.data?.questionSet.version);

  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: assessmentKeys.one(orgId, assessmentId) });
  useLiveEvents(
    [`org:${orgId}`],
    (event) => {
      const data = event.data as { assessmentId?: unknown } | null;
      if (event.event === 'assessment.changed' && data?.assessmentId === assessmentId) refresh();
    },
    refresh,
  );

  return (
    <Page
      title={detail.data ? loc(detail.data.questionSet.title) : t('assessments.title')}
      description={
        <Anchor component={Link} to={`/companies/${orgId}/assessments`}>
          {t('assessments.backToList')}
        </Anchor>
      }
    >
      <QueryState query={detail}>
        {(d) => (
          <QueryState query={questionSet}>
            {(set) => <Sheet orgId={orgId} detail={d} questionSet={set} />}
          </QueryState>
        )}
      </QueryState>
    </Page>
  );
}
