import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactKinds, type ContactRequest } from '../../../../contracts/csirt';
import { fieldErrorsOf } from '../../../api/client';
import { ConfirmRemovalDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifyError, notifySuccess } from '../../../components/notify';
import {
  useDeleteContact,
  useSaveContact,
  useSaveRole,
  type CsirtContact,
  type CsirtWorkspace,
} from '../api/csirt';
import { useLocalized } from './localized';

type Role = CsirtWorkspace['roles'][number];

function RoleEditor({ orgId, role, data }: { orgId: string; role: Role; data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const save = useSaveRole(orgId);
  const [memberIds, setMemberIds] = useState(
    role.people.filter((p) => p.userId && p.member).map((p) => p.userId!),
  );
  const [names, setNames] = useState(role.people.filter((p) => !p.member).map((p) => p.name));
  const [outsourced, setOutsourced] = useState(role.outsourced);
  const [provider, setProvider] = useState(role.provider);
  const title = localized(role.title);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Group gap={6}>
          <Title order={3} fz="md">
            {title}
          </Title>
          {role.required && (
            <Badge color="red" variant="light">
              {t('csirt.roles.required')}
            </Badge>
          )}
          {role.outsourceable && (
            <Badge color="gray" variant="light">
              {t('csirt.roles.outsourceable')}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {localized(role.description)}
        </Text>
        <MultiSelect
          label={t('csirt.roles.members')}
          data={data.members.map((m) => ({ value: m.userId, label: m.name }))}
          value={memberIds}
          onChange={setMemberIds}
          searchable
        />
        <TagsInput label={t('csirt.roles.otherNames')} value={names} onChange={setNames} />
        <Switch
          label={t('csirt.roles.outsourced')}
          checked={outsourced}
          onChange={(e) => setOutsourced(e.currentTarget.checked)}
        />
        {outsourced && (
          <TextInput
            label={t('csirt.roles.provider')}
            value={provider}
            onChange={(e) => setProvider(e.currentTarget.value)}
          />
        )}
        <Group>
          <Button
            size="xs"
            loading={save.isPending}
            aria-label={`${t('csirt.roles.save')}: ${title}`}
            onClick={() =>
              void save
                .mutateAsync({
                  roleKey: role.key,
                  body: {
                    people: [
                      ...memberIds.map((userId) => ({ userId })),
                      ...names.map((name) => ({ name })),
                    ],
                    outsourced,
                    provider: outsourced ? provider : '',
                    notes: role.notes,
                  },
                })
                .then(() => notifySuccess(t('csirt.roles.saved', { title })), notifyError)
            }
          >
            {t('csirt.roles.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const emptyContact: ContactRequest = {
  kind: 'internal',
  name: '',
  organization: '',
  roleKey: null,
  partyKey: null,
  phone: '',
  email: '',
  hours: '',
  escalatesToId: null,
  notes: '',
};

function ContactModal({
  orgId,
  data,
  editing,
  opened,
  onClose,
}: {
  orgId: string;
  data: CsirtWorkspace;
  editing: CsirtContact | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const save = useSaveContact(orgId);
  const [form, setForm] = useState<ContactRequest>(
    editing
      ? {
          kind: editing.kind,
          name: editing.name,
          organization: editing.organization,
          roleKey: editing.roleKey,
          partyKey: editing.partyKey,
          phone: editing.phone,
          email: editing.email,
          hours: editing.hours,
          escalatesToId: editing.escalatesToId,
          notes: editing.notes,
        }
      : emptyContact,
  );
  const errors = fieldErrorsOf(save.error);
  const text = (name: 'name' | 'organization' | 'phone' | 'email' | 'hours') => (
    <TextInput
      label={t(`csirt.contacts.fields.${name}`)}
      required={name === 'name'}
      value={form[name]}
      error={errors[name]}
      onChange={(e) => setForm({ ...form, [name]: e.currentTarget.value })}
    />
  );
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={editing ? t('csirt.contacts.dialogEdit') : t('csirt.contacts.dialogAdd')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { id: editing?.id ?? null, body: form },
            {
              onSuccess: () => {
                notifySuccess(t('csirt.contacts.saved'));
                onClose();
              },
              onError: (err) => {
                if (Object.keys(fieldErrorsOf(err)).length === 0) notifyError(err);
              },
            },
          );
        }}
      >
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('csirt.contacts.fields.kind')}
              data={contactKinds.map((k) => ({ value: k, label: t(`csirt.contacts.kinds.${k}`) }))}
              value={form.kind}
              allowDeselect={false}
              onChange={(v) => v && setForm({ ...form, kind: v as ContactRequest['kind'] })}
            />
            {text('name')}
            {text('organization')}
            <Select
              label={t('csirt.contacts.fields.roleKey')}
              data={data.roles.map((r) => ({ value: r.key, label: localized(r.title) }))}
              value={form.roleKey}
              clearable
              onChange={(v) => setForm({ ...form, roleKey: v })}
            />
            <Select
              label={t('csirt.contacts.fields.partyKey')}
              data={data.parties.map((p) => ({ value: p.key, label: localized(p.name) }))}
              value={form.partyKey}
              clearable
              onChange={(v) => setForm({ ...form, partyKey: v })}
            />
            {text('phone')}
            {text('email')}
            {text('hours')}
            <Select
              label={t('csirt.contacts.fields.escalatesToId')}
              data={data.contacts
                .filter((c) => c.id !== editing?.id)
                .map((c) => ({ value: c.id, label: c.name }))}
              value={form.escalatesToId}
              error={errors.escalatesToId}
              clearable
              onChange={(v) => setForm({ ...form, escalatesToId: v })}
            />
          </SimpleGrid>
          <Textarea
            label={t('csirt.contacts.fields.notes')}
            autosize
            minRows={1}
            value={form.notes}
            onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('csirt.contacts.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('csirt.contacts.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Roles with the people who fill them, and the contact list that forms the escalation tree. */
export function RolesTab({ orgId, data }: { orgId: string; data: CsirtWorkspace }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const remove = useDeleteContact(orgId);
  const [editing, setEditing] = useState<CsirtContact | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState<CsirtContact | null>(null);
  const names = new Map(data.contacts.map((c) => [c.id, c.name]));
  const roleTitle = new Map(data.roles.map((r) => [r.key, localized(r.title)]));
  const partyName = new Map(data.parties.map((p) => [p.key, localized(p.name)]));
  const open = (c: CsirtContact | null) => {
    setEditing(c);
    setFormKey((k) => k + 1);
    setFormOpen(true);
  };
  return (
    <Stack>
      <Title order={2} fz="lg">
        {t('csirt.roles.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {data.roles.map((role) => (
          <RoleEditor
            key={`${role.key}-${role.people.map((p) => p.name).join()}-${role.outsourced}-${role.provider}`}
            orgId={orgId}
            role={role}
            data={data}
          />
        ))}
      </SimpleGrid>
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="csirt-contacts"
      >
        <Stack>
          <Group justify="space-between">
            <Title order={2} fz="lg" id="csirt-contacts">
              {t('csirt.contacts.title')}
            </Title>
            <Button onClick={() => open(null)}>{t('csirt.contacts.add')}</Button>
          </Group>
          {data.contacts.length === 0 ? (
            <EmptyNote>{t('csirt.contacts.none')}</EmptyNote>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table striped verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('csirt.contacts.fields.name')}</Table.Th>
                    <Table.Th>{t('csirt.contacts.fields.kind')}</Table.Th>
                    <Table.Th>{t('csirt.contacts.fields.roleKey')}</Table.Th>
                    <Table.Th>{t('csirt.contacts.fields.phone')}</Table.Th>
                    <Table.Th>{t('csirt.contacts.fields.email')}</Table.Th>
                    <Table.Th>{t('csirt.contacts.fields.hours')}</Table.Th>
                    <Table.Th>{t('csirt.contacts.fields.escalatesToId')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.contacts.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {c.name}
                        </Text>
                        {c.organization && (
                          <Text size="xs" c="dimmed">
                            {c.organization}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{t(`csirt.contacts.kinds.${c.kind}`)}</Table.Td>
                      <Table.Td>
                        {(c.roleKey && roleTitle.get(c.roleKey)) ||
                          (c.partyKey && partyName.get(c.partyKey)) ||
                          '—'}
                      </Table.Td>
                      <Table.Td>{c.phone || '—'}</Table.Td>
                      <Table.Td>{c.email || '—'}</Table.Td>
                      <Table.Td>{c.hours || '—'}</Table.Td>
                      <Table.Td>
                        {c.escalatesToId ? names.get(c.escalatesToId) : t('csirt.contacts.top')}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="xs" variant="subtle" onClick={() => open(c)}>
                            {t('csirt.contacts.edit')}
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={t('csirt.contacts.deleteNamed', { name: c.name })}
                            onClick={() => setDeleting(c)}
                          >
                            {t('csirt.contacts.delete')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
      <ContactModal
        key={formKey}
        orgId={orgId}
        data={data}
        editing={editing}
        opened={formOpen}
        onClose={() => setFormOpen(false)}
      />
      <ConfirmRemovalDialog
        target={deleting}
        onClose={() => setDeleting(null)}
        title={t('csirt.contacts.delete')}
        message={(c) => t('csirt.contacts.confirmDelete', { name: c.name })}
        confirmLabel={t('csirt.contacts.delete')}
        mutation={remove}
        variables={(c) => c.id}
        successMessage={() => t('csirt.contacts.deleted')}
      />
    </Stack>
  );
}
