import {
  Anchor,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { fieldErrorsOf } from '../../../api/client';
import { useLiveEvents } from '../../../api/live';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { RoleBadge } from '../../../components/RoleBadge';
import { canAdministerCompany, useSession } from '../../../lib/session';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCreateInvitation,
  useInvitations,
  useRevokeInvitation,
  type Invitation,
} from '../api/invitations';
import { useChangeMemberRole, useMembers, useRemoveMember, type Member } from '../api/members';
import { organizationKeys, useOrganization } from '../api/organizations';
import {
  rolesByOrganizationKind,
  type OrganizationKind,
  type Role,
} from '../../../../contracts/identity';

/** The roles this kind of organisation holds, the broadest last (the default for a new invitation). */
const rolesFor = (kind: OrganizationKind | undefined): readonly Role[] =>
  kind ? rolesByOrganizationKind[kind] : [];

function MembersTable({
  orgId,
  members,
  canAdmin,
  roles,
}: {
  orgId: string;
  members: Member[];
  canAdmin: boolean;
  roles: readonly Role[];
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const me = useSession();
  const changeRole = useChangeMemberRole(orgId);
  const remove = useRemoveMember(orgId);
  const [removing, setRemoving] = useState<Member | null>(null);
  const roleOptions = roles.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  if (members.length === 0) return <EmptyNote>{t('members.none')}</EmptyNote>;
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover verticalSpacing="sm">
          <Table.Caption>{t('members.caption', { n: members.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('members.name')}</Table.Th>
              <Table.Th>{t('auth.email')}</Table.Th>
              <Table.Th>{t('members.role')}</Table.Th>
              <Table.Th>{t('members.joined')}</Table.Th>
              <Table.Th>{t('members.lastSignIn')}</Table.Th>
              {canAdmin && (
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((m) => {
              // A role with a single choice (observers) has nothing to change.
              const editable = canAdmin && roles.length > 1 && roles.includes(m.role);
              return (
                <Table.Tr key={m.userId}>
                  <Table.Td>
                    {m.name}
                    {m.userId === me.user.id && (
                      <Text span size="xs" c="dimmed" ml={6}>
                        {t('members.you')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>
                    {editable ? (
                      <Select
                        aria-label={t('members.roleOf', { name: m.name })}
                        data={roleOptions}
                        value={m.role}
                        allowDeselect={false}
                        size="xs"
                        w={180}
                        disabled={changeRole.isPending && changeRole.variables.userId === m.userId}
                        onChange={(value) => {
                          const role = roles.find((r) => r === value);
                          if (!role || role === m.role) return;
                          changeRole.mutate(
                            { userId: m.userId, role },
                            {
                              onSuccess: () =>
                                notifySuccess(t('members.roleChanged', { name: m.name })),
                              onError: notifyError,
                            },
                          );
                        }}
                      />
                    ) : (
                      <RoleBadge role={m.role} />
                    )}
                  </Table.Td>
                  <Table.Td>{fmt.date(m.joinedAt)}</Table.Td>
                  <Table.Td>
                    {m.lastSignInAt ? fmt.dateTime(m.lastSignInAt) : t('common.never')}
                  </Table.Td>
                  {canAdmin && (
                    <Table.Td>
                      {editable && (
                        <Button
                          size="xs"
                          color="red"
                          variant="subtle"
                          onClick={() => setRemoving(m)}
                          aria-label={t('members.removeNamed', { name: m.name })}
                        >
                          {t('members.remove')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={removing !== null}
        title={t('members.removeTitle')}
        message={t('members.removeConfirm', {
          name: removing?.name ?? '',
          email: removing?.email ?? '',
        })}
        confirmLabel={t('members.remove')}
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          const name = removing.name;
          remove.mutate(removing.userId, {
            onSuccess: () => notifySuccess(t('members.removed', { name })),
            onError: notifyError,
            onSettled: () => setRemoving(null),
          });
        }}
      />
    </>
  );
}

function InvitationsTable({ orgId, invitations }: { orgId: string; invitations: Invitation[] }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const revoke = useRevokeInvitation(orgId);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  if (invitations.length === 0) return <EmptyNote>{t('invitations.none')}</EmptyNote>;
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="sm">
          <Table.Caption>{t('invitations.caption', { n: invitations.length })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('auth.email')}</Table.Th>
              <Table.Th>{t('members.role')}</Table.Th>
              <Table.Th>{t('invitations.invitedBy')}</Table.Th>
              <Table.Th>{t('invitations.sent')}</Table.Th>
              <Table.Th>{t('invitations.expires')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.map((inv) => (
              <Table.Tr key={inv.id}>
                <Table.Td>{inv.email}</Table.Td>
                <Table.Td>
                  <RoleBadge role={inv.role} />
                </Table.Td>
                <Table.Td>{inv.invitedByName ?? t('common.notSet')}</Table.Td>
                <Table.Td>{fmt.dateTime(inv.createdAt)}</Table.Td>
                <Table.Td>{fmt.dateTime(inv.expiresAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    color="red"
                    variant="subtle"
                    onClick={() => setRevoking(inv)}
                    aria-label={t('invitations.revokeNamed', { email: inv.email })}
                  >
                    {t('invitations.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={revoking !== null}
        title={t('invitations.revokeTitle')}
        message={t('invitations.revokeConfirm', { email: revoking?.email ?? '' })}
        confirmLabel={t('invitations.revoke')}
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(revoking.id, {
            onSuccess: () => notifySuccess(t('invitations.revoked')),
            onError: notifyError,
            onSettled: () => setRevoking(null),
          });
        }}
      />
    </>
  );
}

function InviteForm({ orgId, roles }: { orgId: string; roles: readonly Role[] }) {
  const { t } = useTranslation();
  const create = useCreateInvitation(orgId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | undefined>(roles.at(-1));
  const [emailError, setEmailError] = useState<string>();
  const serverErrors = fieldErrorsOf(create.error);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setEmailError(t('validation.email'));
      return;
    }
    setEmailError(undefined);
    if (!role) return;
    create.mutate(
      { email: email.trim(), role },
      {
        onSuccess: (inv) => {
          setEmail('');
          notifySuccess(t('invitations.sentTo', { email: inv.email }));
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="invite-title">
      <Stack gap="sm">
        <Title order={3} fz="md" id="invite-title">
          {t('invitations.inviteTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('invitations.inviteIntro')}
        </Text>
        <FormError error={create.error} shownFields={['email', 'role']} />
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={emailError ?? serverErrors.email}
            w={{ base: '100%', sm: 320 }}
          />
          <Select
            label={t('members.role')}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role ?? null}
            onChange={(v) => {
              const chosen = roles.find((r) => r === v);
              if (chosen) setRole(chosen);
            }}
            allowDeselect={false}
            error={serverErrors.role}
            w={{ base: '100%', sm: 220 }}
          />
        </Group>
        <div>
          <Button type="submit" loading={create.isPending}>
            {t('invitations.send')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

/** Members of a company, or of the secretariat when given its organisation id. */
export function MembersPage({ organizationId }: { organizationId?: string }) {
  const { t } = useTranslation();
  const params = useParams();
  const orgId = organizationId ?? params.orgId ?? '';
  const me = useSession();
  const canAdmin = canAdministerCompany(me, orgId);
  const org = useOrganization(orgId);
  const members = useMembers(orgId);
  const invitations = useInvitations(orgId, canAdmin);
  const queryClient = useQueryClient();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: organizationKeys.members(orgId) });
    void queryClient.invalidateQueries({ queryKey: organizationKeys.invitations(orgId) });
  };
  useLiveEvents(
    [`org:${orgId}`],
    (e) => {
      if (e.event === 'members.changed') refresh();
    },
    refresh,
  );

  const companyName = org.data?.name;
  return (
    <Page
      title={t('members.title')}
      description={
        companyName &&
        (org.data?.kind === 'company' ? (
          <Anchor component={Link} to={`/companies/${orgId}`}>
            {companyName}
          </Anchor>
        ) : (
          companyName
        ))
      }
    >
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="members-list">
        <Stack>
          <Title order={2} fz="lg" id="members-list">
            {t('members.listTitle')}
          </Title>
          <QueryState query={members}>
            {(list) => (
              <MembersTable
                orgId={orgId}
                members={list}
                canAdmin={canAdmin}
                roles={rolesFor(org.data?.kind)}
              />
            )}
          </QueryState>
        </Stack>
      </Card>
      {canAdmin && (
        <Card
          withBorder
          radius="md"
          padding="lg"
          component="section"
          aria-labelledby="invitations-list"
        >
          <Stack>
            <Title order={2} fz="lg" id="invitations-list">
              {t('invitations.title')}
            </Title>
            <QueryState query={invitations}>
              {(list) => <InvitationsTable orgId={orgId} invitations={list} />}
            </QueryState>
            {org.data && <InviteForm orgId={orgId} roles={rolesFor(org.data.kind)} />}
          </Stack>
        </Card>
      )}
    </Page>
  );
}
