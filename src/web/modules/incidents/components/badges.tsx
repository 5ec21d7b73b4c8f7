import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IncidentSeverity, IncidentStatus } from '../../../../contracts/incidents';

const statusColor: Record<IncidentStatus, string> = {
  new: 'red',
  triage: 'orange',
  in_progress: 'yellow',
  contained: 'blue',
  resolved: 'teal',
  closed: 'gray',
};
const severityColor: Record<IncidentSeverity, string> = {
  low: 'gray',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

export function StatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light">
      {t(`incidents.statuses.${status}`)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: IncidentSeverity | null }) {
  const { t } = useTranslation();
  if (!severity) return <>{t('common.none')}</>;
  return (
    <Badge color={severityColor[severity]} variant="filled">
      {t(`incidents.severities.${severity}`)}
    </Badge>
  );
}
