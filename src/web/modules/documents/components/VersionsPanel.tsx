import {
  Anchor,
  Badge,
  Box,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentKind, DocumentVersionView } from '../../../../contracts/documents';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import { useDocumentDiff, type DocumentLanguage, type DocumentSubject } from '../api/documents';
import { StatusBadge } from './StatusBadge';

function DiffView({
  orgId,
  kind,
  language,
  subject,
  from,
  to,
}: {
  orgId: string;
  kind: DocumentKind;
  language: DocumentLanguage;
  subject: DocumentSubject;
  from: number;
  to: number;
}) {
  const { t } = useTranslation();
  const [showUnchanged, setShowUnchanged] = useState(false);
  const diff = useDocumentDiff(orgId, kind, language, { from, to }, subject);
  return (
    <QueryState query={diff}>
      {(d) => {
        const shown = d.sections.filter((s) => showUnchanged || s.change !== 'unchanged');
        return (
          <Stack gap="sm" data-testid="document-diff">
            <Group justify="space-between">
              <Title order={3} fz="md">
                {t('documents.versions.diffTitle', { from: d.from, to: d.to })}
              </Title>
              <Checkbox
                size="xs"
                label={t('documents.versions.showUnchanged')}
                checked={showUnchanged}
                onChange={(e) => setShowUnchanged(e.currentTarget.checked)}
              />
            </Group>
            {shown.length === 0 && <Text c="dimmed">{t('documents.versions.noDifferences')}</Text>}
            {shown.map((s) => (
              <Card key={s.key} withBorder padding="sm">
                <Group gap="xs" mb={6}>
                  <Text fw={600} size="sm">
                    {s.heading}
                  </Text>
                  {s.change !== 'unchanged' && (
                    <Badge
                      size="xs"
                      color={
                        s.change === 'added' ? 'teal' : s.change === 'removed' ? 'red' : 'blue'
                      }
                    >
                      {t(`documents.versions.${s.change}`)}
                    </Badge>
                  )}
                </Group>
                <Box
                  component="pre"
                  m={0}
                  fz="xs"
                  style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}
                >
                  {s.parts.map((p, i) => (
                    <Box
                      key={i}
                      component={p.added ? 'ins' : p.removed ? 'del' : 'span'}
                      display="block"
                      bg={p.added ? 'teal.0' : p.removed ? 'red.0' : undefined}
                      c={p.removed ? 'red.9' : p.added ? 'teal.9' : 'dimmed'}
                      style={{ textDecoration: p.removed ? 'line-through' : 'none' }}
                    >
                      {p.value}
                    </Box>
                  ))}
                </Box>
              </Card>
            ))}
          </Stack>
        );
      }}
    </QueryState>
  );
}

/** The version history: who made each version and how, its state, and a diff between two. */
export function VersionsPanel({
  orgId,
  kind,
  language,
  subject,
  versions,
  onView,
}: {
  orgId: string;
  kind: DocumentKind;
  language: DocumentLanguage;
  subject: DocumentSubject;
  versions: DocumentVersionView[];
  onView: (version: number) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const latest = versions[0]?.version ?? 1;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const options = versions.map((v) => ({
    value: String(v.version),
    label: t('documents.versionLabel', { version: v.version }),
  }));
  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('documents.versions.version')}</Table.Th>
              <Table.Th>{t('documents.versions.origin')}</Table.Th>
              <Table.Th>{t('documents.versions.status')}</Table.Th>
              <Table.Th>{t('documents.versions.createdAt')}</Table.Th>
              <Table.Th>{t('documents.versions.createdBy')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>{t('documents.versionLabel', { version: v.version })}</Table.Td>
                <Table.Td>{t(`documents.origin.${v.origin}`)}</Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <StatusBadge status={v.status} />
                    {v.approvedAt && v.approvedBy && (
                      <Text size="xs" c="dimmed">
                        {t('documents.approvedBy', {
                          name: v.approvedBy.name,
                          date: fmt.dateTime(v.approvedAt),
                        })}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>{fmt.dateTime(v.createdAt)}</Table.Td>
                <Table.Td>{v.createdBy?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => onView(v.version)}>
                    {t('documents.versions.view')}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {versions.length > 1 && (
        <Card withBorder padding="md">
          <Stack>
            <Group align="flex-end">
              <NativeSelect
                label={t('documents.versions.from')}
                data={options}
                value={String(from)}
                onChange={(e) => setFrom(Number(e.currentTarget.value))}
              />
              <NativeSelect
                label={t('documents.versions.to')}
                data={options}
                value={String(to)}
                onChange={(e) => setTo(Number(e.currentTarget.value))}
              />
            </Group>
            <DiffView
              orgId={orgId}
              kind={kind}
              language={language}
              subject={subject}
              from={from}
              to={to}
            />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
