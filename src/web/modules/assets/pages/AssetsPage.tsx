import {
  Anchor,
  Button,
  Card,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { assetTypes, type AssetType } from '../../../../contracts/assets';
import { useLiveEvents } from '../../../api/live';
import { ConfirmRemovalDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Page } from '../../../components/Page';
import { PageLoader } from '../../../components/PageLoader';
import { useFormatters } from '../../../lib/use-formatters';
import { useOrganization } from '../../organizations/api/organizations';
import { AssetRisks } from '../../risks/components/AssetRisks';
import {
  assetKeys,
  exportUrl,
  useAssets,
  useDeleteAsset,
  type Asset,
  type AssetFilter,
} from '../api/assets';
import { AssetFormModal } from '../components/AssetForm';
import { AssetImport } from '../components/AssetImport';

const PAGE_SIZE = 50;
const dash = '—';

/** The information-asset inventory (情報資産台帳) of one company. */
export function AssetsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const orgId = useParams().orgId ?? '';
  const org = useOrganization(orgId);
  const queryClient = useQueryClient();
  const [type, setType] = useState<AssetType | null>(null);
  const [category, setCategory] = useState<'primary' | 'supporting' | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const filter: AssetFilter = {
    ...(type ? { type } : {}),
    ...(category ? { category } : {}),
    ...(q ? { q } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const assets = useAssets(orgId, filter);
  const remove = useDeleteAsset(orgId);
  const [editing, setEditing] = useState<Asset | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<Asset | null>(null);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: assetKeys.all(orgId) });
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      // A risk naming an asset, or no longer naming it, changes its row too.
      if (e.event === 'assets.changed' || e.event === 'risks.changed') refresh();
    },
    refresh,
  );

  const openForm = (asset: Asset | null) => {
    setEditing(asset);
    setFormOpen(true);
  };
  const rating = (v: number | null) => (v === null ? dash : String(v));
  const hoursText = (v: number | null) =>
    v === null ? dash : t('assets.hours', { n: fmt.number(v) });
  const total = assets.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Page
      title={t('assets.title')}
      description={org.data?.name}
      actions={
        <>
          <Button variant="default" component="a" href={exportUrl(orgId, 'csv')} download>
            {t('assets.exportCsv')}
          </Button>
          <Button variant="default" component="a" href={exportUrl(orgId, 'xlsx')} download>
            {t('assets.exportXlsx')}
          </Button>
          <Button onClick={() => openForm(null)}>{t('assets.new')}</Button>
        </>
      }
    >
      <Text size="sm" c="dimmed">
        {t('assets.intro')}
      </Text>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="assets-list">
        <Stack>
          <Title order={2} fz="lg" id="assets-list">
            {t('assets.listTitle')}
          </Title>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('assets.filters.search')}
              value={search}
              onChange={(e) => {
                setSearch(e.currentTarget.value);
                setPage(1);
              }}
              w={{ base: '100%', sm: 240 }}
            />
            <Select
              label={t('assets.filters.category')}
              placeholder={t('assets.filters.all')}
              clearable
              data={(['primary', 'supporting'] as const).map((c) => ({
                value: c,
                label: t(`assets.categories.${c}`),
              }))}
              value={category}
              onChange={(v) => {
                setCategory(v === 'primary' || v === 'supporting' ? v : null);
                setPage(1);
              }}
              w={{ base: '100%', sm: 200 }}
            />
            <Select
              label={t('assets.filters.type')}
              placeholder={t('assets.filters.all')}
              clearable
              data={assetTypes.map((x) => ({ value: x, label: t(`assets.types.${x}`) }))}
              value={type}
              onChange={(v) => {
                setType(assetTypes.find((x) => x === v) ?? null);
                setPage(1);
              }}
              w={{ base: '100%', sm: 200 }}
            />
          </Group>
          {assets.isPending ? (
            <PageLoader />
          ) : assets.isError ? (
            <ErrorAlert error={assets.error} onRetry={() => void assets.refetch()} />
          ) : assets.data.assets.length === 0 ? (
            <EmptyNote>{t('assets.none')}</EmptyNote>
          ) : (
            <>
              <Text size="sm" c="dimmed">
                {t('assets.count', { n: fmt.number(total) })}
              </Text>
              <Table.ScrollContainer minWidth={1100}>
                <Table striped highlightOnHover verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('assets.fields.name')}</Table.Th>
                      <Table.Th>{t('assets.fields.type')}</Table.Th>
                      <Table.Th>{t('assets.fields.owner')}</Table.Th>
                      <Table.Th>{t('assets.fields.location')}</Table.Th>
                      <Table.Th>
                        <abbr title={t('assets.ciaTitle')}>{t('assets.cia')}</abbr>
                      </Table.Th>
                      <Table.Th>{t('assets.rtoRpo')}</Table.Th>
                      <Table.Th>{t('assets.links')}</Table.Th>
                      <Table.Th>{t('assetRisks.column')}</Table.Th>
                      <Table.Th>{t('assets.fields.updatedAt')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {assets.data.assets.map((a) => (
                      <Table.Tr key={a.id}>
                        <Table.Td>
                          <Anchor
                            component="button"
                            type="button"
                            ta="left"
                            onClick={() => openForm(a)}
                          >
                            {a.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Stack gap={2} align="flex-start">
                            <Text
                              size="xs"
                              c={a.category === 'primary' ? 'blue' : 'dimmed'}
                              fw={600}
                            >
                              {t(`assets.categories.${a.category}`)}
                            </Text>
                            <Text size="sm">{t(`assets.types.${a.type}`)}</Text>
                          </Stack>
                        </Table.Td>
                        <Table.Td>{a.owner || dash}</Table.Td>
                        <Table.Td>{a.location || dash}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {rating(a.confidentiality)} / {rating(a.integrity)} /{' '}
                          {rating(a.availability)}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {hoursText(a.rtoHours)} / {hoursText(a.rpoHours)}
                        </Table.Td>
                        <Table.Td>
                          {a.linkedAssets.length === 0
                            ? dash
                            : fmt.list(a.linkedAssets.map((l) => l.name))}
                        </Table.Td>
                        <Table.Td>
                          <AssetRisks risks={a.risks} />
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {fmt.date(a.updatedAt)}
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button size="xs" variant="subtle" onClick={() => openForm(a)}>
                              {t('assets.edit')}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              aria-label={t('assets.deleteNamed', { name: a.name })}
                              onClick={() => setDeleting(a)}
                            >
                              {t('assets.deleteShort')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {pages > 1 && (
                <Pagination
                  total={pages}
                  value={page}
                  onChange={setPage}
                  getControlProps={(control) => ({
                    'aria-label': t(`assets.pagination.${control}`),
                  })}
                />
              )}
            </>
          )}
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="assets-import">
        <Stack>
          <Title order={2} fz="lg" id="assets-import">
            {t('assets.import.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('assets.import.intro')}
          </Text>
          <AssetImport orgId={orgId} />
        </Stack>
      </Card>
      <AssetFormModal
        orgId={orgId}
        opened={formOpen}
        asset={editing}
        onClose={() => setFormOpen(false)}
      />
      <ConfirmRemovalDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        title={t('assets.deleteTitle')}
        message={(a) => t('assets.deleteMessage', { name: a.name })}
        confirmLabel={t('assets.delete')}
        mutation={remove}
        variables={(a) => a.id}
        successMessage={(a) => t('assets.deleted', { name: a.name })}
      />
    </Page>
  );
}
