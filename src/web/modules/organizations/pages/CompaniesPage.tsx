import { Anchor, Button, Modal, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { isOperator, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import { useCreateCompany, useOrganizations, type OrganizationView } from '../api/organizations';
import { CompanyForm } from '../components/CompanyForm';

function CompanyTable({ companies }: { companies: OrganizationView[] }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? companies.filter((c) =>
        [c.name, c.prefecture ?? '', c.city ?? ''].some((v) => v.toLowerCase().includes(needle)),
      )
    : companies;

  return (
    <>
      <TextInput
        label={t('companies.filter')}
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        maw={360}
        type="search"
      />
      {shown.length === 0 ? (
        <EmptyNote>{t('companies.noMatch')}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Caption>{t('companies.caption', { n: shown.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('company.fields.name')}</Table.Th>
                <Table.Th>{t('company.fields.industry')}</Table.Th>
                <Table.Th ta="right">{t('company.fields.employees')}</Table.Th>
                <Table.Th>{t('company.fields.location')}</Table.Th>
                <Table.Th>{t('company.fields.registered')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/companies/${c.id}`} fw={600}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {c.industry ? t(`industries.${c.industry}`) : t('common.notSet')}
                  </Table.Td>
                  <Table.Td ta="right">
                    {c.employeeCount !== null ? fmt.number(c.employeeCount) : t('common.notSet')}
                  </Table.Td>
                  <Table.Td>
                    {[c.prefecture, c.city].filter(Boolean).join(' ') || t('common.notSet')}
                  </Table.Td>
                  <Table.Td>{fmt.date(c.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}

export function CompaniesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const operator = isOperator(me);
  const companies = useOrganizations();
  const create = useCreateCompany();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);

  const closeForm = () => {
    create.reset();
    close();
  };

  return (
    <Page
      title={operator ? t('companies.title') : t('companies.assignedTitle')}
      description={operator ? t('companies.intro') : t('companies.assignedIntro')}
      actions={operator && <Button onClick={open}>{t('companies.add')}</Button>}
    >
      <QueryState query={companies}>
        {(list) =>
          list.length === 0 ? (
            <EmptyNote>{operator ? t('companies.none') : t('companies.noneAssigned')}</EmptyNote>
          ) : (
            <CompanyTable companies={list} />
          )
        }
      </QueryState>
      <Modal
        opened={opened}
        onClose={closeForm}
        title={t('companies.addTitle')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Text size="sm" c="dimmed" mb="md">
          {t('companies.addIntro')}
        </Text>
        <CompanyForm
          submitLabel={t('companies.create')}
          pending={create.isPending}
          error={create.error}
          onCancel={closeForm}
          onSubmit={(values) =>
            create.mutate(values, {
              onSuccess: (org) => {
                closeForm();
                notifySuccess(t('companies.created', { name: org.name }));
                void navigate(`/companies/${org.id}`);
              },
            })
          }
        />
      </Modal>
    </Page>
  );
}
