import { Badge, Button, Card, Group, Modal, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { PageLoader } from '../../../components/PageLoader';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { canAdministerCompany, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useOrganization,
  useUpdateOrganization,
  type OrganizationView,
} from '../api/organizations';
import { CompanyForm } from '../components/CompanyForm';

function CompanyDetails({ org }: { org: OrganizationView }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const notSet = t('common.notSet');
  return (
    <dl className="details-list">
      <dt>{t('company.fields.industry')}</dt>
      <dd>{org.industry ? t(`industries.${org.industry}`) : notSet}</dd>
      <dt>{t('company.fields.employees')}</dt>
      <dd>
        {org.employeeCount !== null
          ? t('company.employeeCount', { n: fmt.number(org.employeeCount) })
          : notSet}
      </dd>
      <dt>{t('company.fields.capital')}</dt>
      <dd>{org.capitalJpy !== null ? fmt.yen(org.capitalJpy) : notSet}</dd>
      <dt>{t('company.fields.prefecture')}</dt>
      <dd>{org.prefecture ?? notSet}</dd>
      <dt>{t('company.fields.city')}</dt>
      <dd>{org.city || notSet}</dd>
      <dt>{t('company.fields.registered')}</dt>
      <dd>{fmt.dateTime(org.createdAt)}</dd>
    </dl>
  );
}

function EditCompany({
  org,
  opened,
  onClose,
}: {
  org: OrganizationView;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateOrganization(org.id);
  const close = () => {
    update.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('company.editTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <CompanyForm
        key={org.id}
        initial={org}
        submitLabel={t('common.save')}
        pending={update.isPending}
        error={update.error}
        onCancel={close}
        onSubmit={(values) =>
          update.mutate(values, {
            onSuccess: () => {
              close();
              notifySuccess(t('company.saved'));
            },
          })
        }
      />
    </Modal>
  );
}

export function CompanyPage() {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  const me = useSession();
  const org = useOrganization(orgId);
  const canAdmin = canAdministerCompany(me, orgId);
  const [editing, { open, close }] = useDisclosure(false);

  if (org.isPending) return <PageLoader />;
  if (org.isError) {
    return (
      <Page title={t('company.title')}>
        <ErrorAlert error={org.error} onRetry={() => void org.refetch()} />
      </Page>
    );
  }

  return (
    <Page
      title={org.data.name}
      description={t('company.intro')}
      actions={
        <>
          {canAdmin && (
            <Button variant="default" component={Link} to={`/companies/${orgId}/members`}>
              {t('company.manageMembers')}
            </Button>
          )}
          {canAdmin && <Button onClick={open}>{t('company.edit')}</Button>}
        </>
      }
    >
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="company-profile"
      >
        <Stack>
          <Group justify="space-between">
            <Title order={2} fz="lg" id="company-profile">
              {t('company.profile')}
            </Title>
            <Badge variant="light" color="gray" tt="none">
              {t(`organizationKinds.${org.data.kind}`)}
            </Badge>
          </Group>
          <CompanyDetails org={org.data} />
        </Stack>
      </Card>
      {canAdmin && <EditCompany org={org.data} opened={editing} onClose={close} />}
    </Page>
  );
}
