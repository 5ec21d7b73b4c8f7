import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorsOf } from '../../../api/client';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { FormError } from '../../../components/FormError';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { timeZoneOptions } from '../../../lib/time-zones';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCampaigns,
  useCompanyTemplates,
  useCreateCampaign,
  useLaunchCampaign,
  useLibrary,
  useSmtpProfiles,
  useTargetGroups,
  type Campaign,
  type CreateCampaign,
} from '../api/phishing';
import { minuteToTime, timeToMinute, zonedLocalToIso } from '../lib';

const statusColor: Record<Campaign['status'], string> = {
  draft: 'gray',
  sending: 'blue',
  sent: 'teal',
  cancelled: 'red',
};

function CreateCampaignForm({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const library = useLibrary(orgId);
  const own = useCompanyTemplates(orgId);
  const groups = useTargetGroups(orgId);
  const profiles = useSmtpProfiles(orgId);
  const create = useCreateCampaign(orgId);
  const serverErrors = fieldErrorsOf(create.error);

  const [name, setName] = useState('');
  const [groupId, setGroupId] = useState<string | null>(null);
  const [template, setTemplate] = useState<string | null>(null);
  const [landingPage, setLandingPage] = useState<'training' | 'credential_form'>('training');
  const [startAt, setStartAt] = useState('');
  const [windowStart, setWindowStart] = useState(minuteToTime(540));
  const [windowEnd, setWindowEnd] = useState(minuteToTime(1080));
  const [timeZone, setTimeZone] = useState(fmt.timeZone);
  const [rate, setRate] = useState<number | string>(60);
  const [smtpProfileId, setSmtpProfileId] = useState<string>('');
  const [spreadHours, setSpreadHours] = useState<number | string>('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const templateOptions = [
    {
      group: t('phishing.templates.library'),
      items: (library.data ?? []).flatMap((tpl) =>
        (['ja', 'en'] as const).map((locale) => ({
          value: `library:${tpl.key}:${locale}`,
          label: `${tpl[locale].subject} (${t(`language.${locale}`)})`,
        })),
      ),
    },
    {
      group: t('phishing.templates.own'),
      items: (own.data ?? []).map((tpl) => ({ value: `company:${tpl.id}`, label: tpl.name })),
    },
  ].filter((g) => g.items.length > 0);
  // The current language's library entries first.
  templateOptions[0]?.items.sort(
    (a, b) => Number(!a.value.endsWith(`:${lang}`)) - Number(!b.value.endsWith(`:${lang}`)),
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('validation.required');
    if (!groupId) found.groupId = t('validation.required');
    if (!template) found.template = t('validation.required');
    const ws = timeToMinute(windowStart);
    const we = timeToMinute(windowEnd);
    if (ws === null) found.windowStartMinute = t('phishing.campaigns.badTime');
    if (we === null) found.windowEndMinute = t('phishing.campaigns.badTime');
    if (ws !== null && we !== null && ws >= we)
      found.windowEndMinute = t('phishing.campaigns.windowOrder');
    const start = startAt ? zonedLocalToIso(startAt, timeZone) : undefined;
    if (start === null) found.startAt = t('phishing.campaigns.badTime');
    const perMinute = typeof rate === 'number' ? rate : Number(rate);
    if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > 10_000)
      found.sendRatePerMinute = t('phishing.campaigns.badRate');
    const spread = spreadHours === '' ? null : Number(spreadHours);
    if (spread !== null && (!Number.isInteger(spread) || spread < 1 || spread > 744))
      found.spreadOverMinutes = t('phishing.campaigns.badSpread');
    setErrors(found);
    if (Object.keys(found).length > 0 || !groupId || !template || ws === null || we === null)
      return;
    const [source, key, locale] = template.split(':');
    const body: CreateCampaign = {
      name: name.trim(),
      groupId,
      template:
        source === 'company'
          ? { source: 'company', id: key ?? '' }
          : { source: 'library', key: key ?? '', locale: locale === 'en' ? 'en' : 'ja' },
      landingPage,
      startAt: start ?? undefined,
      windowStartMinute: ws,
      windowEndMinute: we,
      timeZone,
      sendRatePerMinute: perMinute,
      ...(smtpProfileId ? { smtpProfileId } : {}),
      ...(spread !== null ? { spreadOverMinutes: spread * 60 } : {}),
    };
    create.mutate(body, {
      onSuccess: (c) => {
        setName('');
        notifySuccess(t('phishing.campaigns.created', { name: c.name }));
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-new-campaign">
      <Stack gap="sm">
        <Title order={3} fz="md" id="phishing-new-campaign">
          {t('phishing.campaigns.new')}
        </Title>
        <FormError
          error={create.error}
          shownFields={[
            'name',
            'groupId',
            'startAt',
            'windowStartMinute',
            'windowEndMinute',
            'sendRatePerMinute',
            'smtpProfileId',
            'spreadOverMinutes',
          ]}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('phishing.campaigns.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ?? serverErrors.name}
          />
          <Select
            label={t('phishing.campaigns.group')}
            required
            data={(groups.data ?? []).map((g) => ({
              value: g.id,
              label: t('phishing.campaigns.groupOption', {
                name: g.name,
                n: fmt.number(g.targetCount),
              }),
            }))}
            value={groupId}
            onChange={setGroupId}
            error={errors.groupId ?? serverErrors.groupId}
            nothingFoundMessage={t('phishing.groups.none')}
          />
          <Select
            label={t('phishing.campaigns.template')}
            required
            searchable
            data={templateOptions}
            value={template}
            onChange={(v) => {
              setTemplate(v);
              // A company template brings its own page after a click; it can still be changed.
              const ownTemplate = own.data?.find((tpl) => v === `company:${tpl.id}`);
              if (ownTemplate) setLandingPage(ownTemplate.landingPage);
            }}
            error={errors.template}
          />
          <Select
            label={t('phishing.campaigns.landingPage')}
            data={[
              { value: 'training', label: t('phishing.campaigns.landing.training') },
              { value: 'credential_form', label: t('phishing.campaigns.landing.credential_form') },
            ]}
            value={landingPage}
            allowDeselect={false}
            onChange={(v) =>
              setLandingPage(v === 'credential_form' ? 'credential_form' : 'training')
            }
          />
          <TextInput
            type="datetime-local"
            label={t('phishing.campaigns.startAt')}
            description={t('phishing.campaigns.startAtHelp')}
            value={startAt}
            onChange={(e) => setStartAt(e.currentTarget.value)}
            error={errors.startAt ?? serverErrors.startAt}
          />
          <Select
            label={t('phishing.campaigns.timeZone')}
            data={timeZoneOptions(timeZone, new Date())}
            value={timeZone}
            searchable
            allowDeselect={false}
            onChange={(v) => v && setTimeZone(v)}
          />
          <Group grow align="flex-start">
            <TextInput
              type="time"
              label={t('phishing.campaigns.windowStart')}
              value={windowStart}
              onChange={(e) => setWindowStart(e.currentTarget.value)}
              error={errors.windowStartMinute ?? serverErrors.windowStartMinute}
            />
            <TextInput
              label={t('phishing.campaigns.windowEnd')}
              description={t('phishing.campaigns.windowEndHelp')}
              placeholder="18:00"
              value={windowEnd}
              onChange={(e) => setWindowEnd(e.currentTarget.value)}
              error={errors.windowEndMinute ?? serverErrors.windowEndMinute}
            />
          </Group>
          <NumberInput
            label={t('phishing.campaigns.rate')}
            description={t('phishing.campaigns.rateHelp')}
            min={1}
            max={10_000}
            allowDecimal={false}
            value={rate}
            onChange={setRate}
            error={errors.sendRatePerMinute ?? serverErrors.sendRatePerMinute}
          />
          <NumberInput
            label={t('phishing.campaigns.spreadHours')}
            description={t('phishing.campaigns.spreadHoursHelp')}
            min={1}
            max={744}
            allowDecimal={false}
            value={spreadHours}
            onChange={setSpreadHours}
            error={errors.spreadOverMinutes ?? serverErrors.spreadOverMinutes}
          />
          <Select
            label={t('phishing.campaigns.smtpProfile')}
            description={t('phishing.campaigns.smtpProfileHelp')}
            data={[
              { value: '', label: t('phishing.campaigns.platformMailer') },
              ...(profiles.data ?? []).map((p) => ({
                value: p.id,
                label: `${p.name} (${p.fromAddress})`,
              })),
            ]}
            value={smtpProfileId}
            allowDeselect={false}
            onChange={(v) => setSmtpProfileId(v ?? '')}
            error={serverErrors.smtpProfileId}
          />
        </SimpleGrid>
        <div>
          <Button type="submit" loading={create.isPending}>
            {t('phishing.campaigns.create')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

/** Campaigns with their status; drafts can be launched after a confirmation. */
export function Campaigns({ orgId, canAdmin }: { orgId: string; canAdmin: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const campaigns = useCampaigns(orgId);
  const launch = useLaunchCampaign(orgId);
  const [launching, setLaunching] = useState<Campaign | null>(null);
  // Kept apart from the campaign so the dialog keeps its text while it fades out.
  const [confirming, setConfirming] = useState(false);

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="phishing-campaigns"
    >
      <Stack>
        <Title order={2} fz="lg" id="phishing-campaigns">
          {t('phishing.campaigns.title')}
        </Title>
        <QueryState query={campaigns}>
          {(list) =>
            list.length === 0 ? (
              <EmptyNote>{t('phishing.campaigns.none')}</EmptyNote>
            ) : (
              <Table.ScrollContainer minWidth={820}>
                <Table striped highlightOnHover verticalSpacing="sm">
                  <Table.Caption>
                    {t('phishing.campaigns.caption', { n: list.length })}
                  </Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('phishing.campaigns.name')}</Table.Th>
                      <Table.Th>{t('phishing.templates.subject')}</Table.Th>
                      <Table.Th>{t('phishing.campaigns.status')}</Table.Th>
                      <Table.Th>{t('phishing.campaigns.window')}</Table.Th>
                      <Table.Th>{t('phishing.campaigns.launchedAt')}</Table.Th>
                      <Table.Th>
                        <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/companies/${orgId}/phishing/campaigns/${c.id}`}
                          >
                            {c.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{c.subject}</Table.Td>
                        <Table.Td>
                          <Badge
                            color={statusColor[c.status]}
                            variant="light"
                            style={{ minWidth: 'max-content' }}
                          >
                            {t(`phishing.status.${c.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {minuteToTime(c.windowStartMinute)}–{minuteToTime(c.windowEndMinute)} (
                            {c.timeZone}) ·{' '}
                            {t('phishing.campaigns.perMinute', { n: c.sendRatePerMinute })}
                          </Text>
                          {c.startAt && (
                            <Text size="xs" c="dimmed">
                              {t('phishing.campaigns.from', { at: fmt.dateTime(c.startAt) })}
                            </Text>
                          )}
                          {c.spreadOverMinutes !== null && (
                            <Text size="xs" c="dimmed">
                              {t('phishing.campaigns.spread', {
                                hours: fmt.number(c.spreadOverMinutes / 60),
                              })}
                              {c.spreadUntil &&
                                ` · ${t('phishing.campaigns.spreadUntil', { at: fmt.dateTime(c.spreadUntil) })}`}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          {c.launchedAt ? fmt.dateTime(c.launchedAt) : t('common.none')}
                        </Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            {canAdmin && c.status === 'draft' && (
                              <Button
                                size="xs"
                                onClick={() => {
                                  setLaunching(c);
                                  setConfirming(true);
                                }}
                                aria-label={t('phishing.campaigns.launchNamed', { name: c.name })}
                              >
                                {t('phishing.campaigns.launch')}
                              </Button>
                            )}
                            <Button
                              size="xs"
                              variant="light"
                              component={Link}
                              to={`/companies/${orgId}/phishing/campaigns/${c.id}`}
                              aria-label={t('phishing.campaigns.resultsNamed', { name: c.name })}
                            >
                              {t('phishing.campaigns.results')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
        {canAdmin && <CreateCampaignForm orgId={orgId} />}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('phishing.campaigns.launchTitle')}
        message={t('phishing.campaigns.launchConfirm', { name: launching?.name ?? '' })}
        confirmLabel={t('phishing.campaigns.launch')}
        loading={launch.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          if (!launching) return;
          const name = launching.name;
          launch.mutate(launching.id, {
            onSuccess: (r) =>
              notifySuccess(
                t('phishing.campaigns.launched', { name, n: fmt.number(r.recipients) }),
              ),
            onError: notifyError,
            onSettled: () => setConfirming(false),
          });
        }}
      />
    </Card>
  );
}
