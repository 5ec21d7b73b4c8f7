import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentStatus } from '../../../../contracts/documents';

const colors: Record<DocumentStatus | 'none', string> = {
  none: 'gray',
  draft: 'blue',
  in_review: 'orange',
  approved: 'teal',
};

/** A document's workflow state: not generated, draft, in review, approved. */
export function StatusBadge({ status }: { status: DocumentStatus | null }) {
  const { t } = useTranslation();
  const key = status ?? 'none';
  return (
    <Badge color={colors[key]} variant="light" data-status={key}>
      {t(`documents.status.${key}`)}
    </Badge>
  );
}
