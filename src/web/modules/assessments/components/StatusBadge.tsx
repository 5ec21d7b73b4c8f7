import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentView } from '../../../../contracts/assessments';

const colors: Record<AssessmentView['status'], string> = {
  draft: 'gray',
  submitted: 'blue',
  reviewed: 'teal',
  reopened: 'orange',
};

export function StatusBadge({ status }: { status: AssessmentView['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status]} variant="light">
      {t(`assessments.status.${status}`)}
    </Badge>
  );
}
