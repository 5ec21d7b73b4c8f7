import {
  Button,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BcpPerson, BcpPlanFacts, UpdateBcpPlanRequest } from '../../../../contracts/bcp';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useUpdatePlan } from '../api/bcp';
import { RowsEditor } from './RowsEditor';

type Plan = BcpPlanFacts;

/** One section's form: its own draft, saved on its own, so editing one section never overwrites another. */
function SectionForm<K extends keyof Plan>({
  orgId,
  section,
  value,
  title,
  prepare = (d) => d,
  children,
}: {
  orgId: string;
  section: K;
  value: Plan[K];
  title: string;
  /** Tidies the draft before it is sent (blank lines dropped). */
  prepare?: (draft: Plan[K]) => Plan[K];
  children: (
    draft: Plan[K],
    set: (next: Plan[K]) => void,
    errors: Record<string, string>,
  ) => ReactNode;
}) {
  const { t } = useTranslation();
  const update = useUpdatePlan(orgId);
  const [draft, setDraft] = useState<Plan[K]>(value);
  const errors = fieldErrorsOf(update.error);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ [section]: prepare(draft) } as UpdateBcpPlanRequest, {
      onSuccess: () => notifySuccess(t('bcp.sectionSaved', { section: title })),
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={title}>
      <Stack>
        <Title order={3} fz="md">
          {title}
        </Title>
        <FormError error={update.error} shownFields={Object.keys(errors)} />
        {children(draft, setDraft, errors)}
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('bcp.saveSection')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PersonFields({
  legend,
  value,
  onChange,
  errors,
  path,
}: {
  legend: string;
  value: BcpPerson;
  onChange: (p: BcpPerson) => void;
  errors: Record<string, string>;
  path: string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text fw={600} size="sm">
        {legend}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('bcp.fields.name')}
          maxLength={200}
          value={value.name}
          onChange={(e) => onChange({ ...value, name: e.currentTarget.value })}
          error={errors[`${path}.name`]}
        />
        <TextInput
          label={t('bcp.fields.role')}
          maxLength={200}
          value={value.role}
          onChange={(e) => onChange({ ...value, role: e.currentTarget.value })}
        />
        <TextInput
          label={t('bcp.fields.phone')}
          type="tel"
          maxLength={40}
          value={value.phone}
          onChange={(e) => onChange({ ...value, phone: e.currentTarget.value })}
          error={errors[`${path}.phone`]}
        />
      </SimpleGrid>
    </Stack>
  );
}

const newId = () => `c${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** The plan-wide facts, one tab per section of the plan. */
export function PlanSections({
  orgId,
  plan,
  version,
}: {
  orgId: string;
  plan: Plan;
  /** Changes when the stored plan changes, so the forms start again from it. */
  version: string;
}) {
  const { t } = useTranslation();
  const tabs = [
    'scope',
    'activation',
    'organization',
    'contacts',
    'partners',
    'communication',
    'maintenance',
  ] as const;
  return (
    <Tabs defaultValue="scope" keepMounted={false}>
      <Tabs.List>
        {tabs.map((k) => (
          <Tabs.Tab key={k} value={k}>
            {t(`bcp.sections.${k}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>

      <Tabs.Panel value="scope" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="scope"
          value={plan.scope}
          title={t('bcp.sections.scope')}
        >
          {(d, set) => (
            <>
              <Textarea
                label={t('bcp.fields.scope')}
                description={t('bcp.hints.scope')}
                autosize
                minRows={2}
                maxLength={4000}
                value={d.scope}
                onChange={(e) => set({ ...d, scope: e.currentTarget.value })}
              />
              <Textarea
                label={t('bcp.fields.basicPolicy')}
                description={t('bcp.hints.basicPolicy')}
                autosize
                minRows={3}
                maxLength={4000}
                value={d.basicPolicy}
                onChange={(e) => set({ ...d, basicPolicy: e.currentTarget.value })}
              />
            </>
          )}
        </SectionForm>
      </Tabs.Panel>

      <Tabs.Panel value="activation" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="activation"
          value={plan.activation}
          title={t('bcp.sections.activation')}
          prepare={(d) => ({
            ...d,
            criteria: d.criteria.map((c) => c.trim()).filter((c) => c !== ''),
          })}
        >
          {(d, set, errors) => (
            <>
              <Textarea
                label={t('bcp.fields.criteria')}
                description={t('bcp.hints.criteria')}
                autosize
                minRows={3}
                value={d.criteria.join('\n')}
                onChange={(e) =>
                  set({
                    ...d,
                    criteria: e.currentTarget.value.split('\n'),
                  })
                }
              />
              <PersonFields
                legend={t('bcp.fields.decider')}
                value={d.decider}
                onChange={(p) => set({ ...d, decider: p })}
                errors={errors}
                path="activation.decider"
              />
              <PersonFields
                legend={t('bcp.fields.deputy')}
                value={d.deputy}
                onChange={(p) => set({ ...d, deputy: p })}
                errors={errors}
                path="activation.deputy"
              />
            </>
          )}
        </SectionForm>
      </Tabs.Panel>

      <Tabs.Panel value="organization" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="organization"
          value={plan.organization}
          title={t('bcp.sections.organization')}
        >
          {(d, set, errors) => (
            <RowsEditor
              rows={d}
              onChange={set}
              path="organization"
              errors={errors}
              newRow={() => ({ team: '', lead: '', members: '', duties: '' })}
              addLabel={t('bcp.addTeam')}
              emptyText={t('bcp.noTeams')}
              rowLabel={(i) => t('bcp.teamRow', { n: i + 1 })}
              columns={[
                { key: 'team', label: t('bcp.fields.team'), required: true },
                { key: 'lead', label: t('bcp.fields.lead') },
                { key: 'members', label: t('bcp.fields.members') },
                { key: 'duties', label: t('bcp.fields.duties'), maxLength: 1000 },
              ]}
            />
          )}
        </SectionForm>
      </Tabs.Panel>

      <Tabs.Panel value="contacts" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="contacts"
          value={plan.contacts}
          title={t('bcp.sections.contacts')}
        >
          {(d, set, errors) => (
            <>
              <Text size="sm" c="dimmed">
                {t('bcp.hints.contacts')}
              </Text>
              <RowsEditor
                rows={d}
                onChange={set}
                path="contacts"
                errors={errors}
                newRow={() => ({
                  id: newId(),
                  name: '',
                  department: '',
                  phone: '',
                  email: '',
                  calledBy: null,
                })}
                addLabel={t('bcp.addContact')}
                emptyText={t('bcp.noContacts')}
                rowLabel={(i) => t('bcp.contactRow', { n: i + 1 })}
                columns={[
                  { key: 'name', label: t('bcp.fields.name'), required: true },
                  { key: 'department', label: t('bcp.fields.department') },
                  { key: 'phone', label: t('bcp.fields.phone'), maxLength: 40 },
                  { key: 'email', label: t('bcp.fields.email'), maxLength: 254 },
                  {
                    key: 'calledBy',
                    label: t('bcp.fields.calledBy'),
                    kind: 'select',
                    clearable: true,
                    options: d
                      .filter((c) => c.name.trim() !== '')
                      .map((c) => ({ value: c.id, label: c.name })),
                  },
                ]}
              />
            </>
          )}
        </SectionForm>
      </Tabs.Panel>

      <Tabs.Panel value="partners" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="partners"
          value={plan.partners}
          title={t('bcp.sections.partners')}
        >
          {(d, set, errors) => (
            <RowsEditor
              rows={d}
              onChange={set}
              path="partners"
              errors={errors}
              newRow={() => ({
                kind: 'customer' as const,
                name: '',
                contactPerson: '',
                phone: '',
                email: '',
                notes: '',
              })}
              addLabel={t('bcp.addPartner')}
              emptyText={t('bcp.noPartners')}
              rowLabel={(i) => t('bcp.partnerRow', { n: i + 1 })}
              columns={[
                {
                  key: 'kind',
                  label: t('bcp.fields.kind'),
                  kind: 'select',
                  options: [
                    { value: 'customer', label: t('bcp.partnerKinds.customer') },
                    { value: 'supplier', label: t('bcp.partnerKinds.supplier') },
                  ],
                },
                { key: 'name', label: t('bcp.fields.name'), required: true },
                { key: 'contactPerson', label: t('bcp.fields.contactPerson') },
                { key: 'phone', label: t('bcp.fields.phone'), maxLength: 40 },
                { key: 'email', label: t('bcp.fields.email'), maxLength: 254 },
                { key: 'notes', label: t('bcp.fields.notes'), maxLength: 1000 },
              ]}
            />
          )}
        </SectionForm>
      </Tabs.Panel>

      <Tabs.Panel value="communication" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="communication"
          value={plan.communication}
          title={t('bcp.sections.communication')}
        >
          {(d, set) => (
            <>
              <Textarea
                label={t('bcp.fields.customerPlan')}
                description={t('bcp.hints.customerPlan')}
                autosize
                minRows={3}
                maxLength={4000}
                value={d.customerPlan}
                onChange={(e) => set({ ...d, customerPlan: e.currentTarget.value })}
              />
              <TagsInput
                label={t('bcp.fields.channels')}
                description={t('bcp.hints.channels')}
                maxTags={20}
                value={d.channels}
                onChange={(v) => set({ ...d, channels: v })}
              />
            </>
          )}
        </SectionForm>
      </Tabs.Panel>

      <Tabs.Panel value="maintenance" pt="md">
        <SectionForm
          key={version}
          orgId={orgId}
          section="maintenance"
          value={plan.maintenance}
          title={t('bcp.sections.maintenance')}
        >
          {(d, set, errors) => (
            <>
              <RowsEditor
                rows={d.training}
                onChange={(training) => set({ ...d, training })}
                path="maintenance.training"
                errors={errors}
                newRow={() => ({ activity: '', everyMonths: 12, owner: '', nextOn: null })}
                addLabel={t('bcp.addTraining')}
                emptyText={t('bcp.noTraining')}
                rowLabel={(i) => t('bcp.trainingRow', { n: i + 1 })}
                columns={[
                  { key: 'activity', label: t('bcp.fields.activity'), required: true },
                  {
                    key: 'everyMonths',
                    label: t('bcp.fields.everyMonths'),
                    kind: 'number',
                    min: 1,
                    max: 60,
                    required: true,
                  },
                  { key: 'owner', label: t('bcp.fields.owner') },
                  { key: 'nextOn', label: t('bcp.fields.nextOn'), kind: 'date' },
                ]}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NumberInput
                  label={t('bcp.fields.reviewEveryMonths')}
                  min={1}
                  max={60}
                  allowDecimal={false}
                  value={d.reviewEveryMonths ?? ''}
                  onChange={(v) =>
                    set({ ...d, reviewEveryMonths: typeof v === 'number' ? v : null })
                  }
                  error={errors['maintenance.reviewEveryMonths']}
                />
                <TextInput
                  label={t('bcp.fields.nextReviewOn')}
                  type="date"
                  value={d.nextReviewOn ?? ''}
                  onChange={(e) => set({ ...d, nextReviewOn: e.currentTarget.value || null })}
                />
              </SimpleGrid>
            </>
          )}
        </SectionForm>
      </Tabs.Panel>
    </Tabs>
  );
}
