import {
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useSaveScannerRules, useScannerRules, type ScannerRules } from '../api/phishing';

type Toggle =
  | 'headRequest'
  | 'hiddenLink'
  | 'missingUserAgent'
  | 'gatewayAgents'
  | 'scriptAgents'
  | 'outdatedAgents'
  | 'clickNeedsOpen'
  | 'forwardedCopies'
  | 'prefetch';
const toggles: Toggle[] = [
  'headRequest',
  'hiddenLink',
  'missingUserAgent',
  'gatewayAgents',
  'scriptAgents',
  'outdatedAgents',
  'clickNeedsOpen',
  'forwardedCopies',
  'prefetch',
];
const helped: Partial<
  Record<Toggle, 'clickNeedsOpenHelp' | 'hiddenLinkHelp' | 'forwardedCopiesHelp'>
> = {
  clickNeedsOpen: 'clickNeedsOpenHelp',
  forwardedCopies: 'forwardedCopiesHelp',
  hiddenLink: 'hiddenLinkHelp',
};

const asInt = (v: number | string, fallback: number) => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) ? n : fallback;
};

function RulesForm({
  orgId,
  initial,
  defaults,
}: {
  orgId: string;
  initial: ScannerRules;
  defaults: ScannerRules;
}) {
  const { t } = useTranslation();
  const save = useSaveScannerRules(orgId);
  const serverErrors = fieldErrorsOf(save.error);
  const [rules, setRules] = useState<ScannerRules>(initial);
  const [ranges, setRanges] = useState(initial.gatewayRanges.join('\n'));
  const set = <K extends keyof ScannerRules>(key: K, value: ScannerRules[K]) =>
    setRules((r) => ({ ...r, [key]: value }));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const gatewayRanges = ranges
      .split(/\s+/)
      .map((s) => s.trim())
      .filter(Boolean);
    save.mutate(
      { ...rules, gatewayRanges },
      { onSuccess: () => notifySuccess(t('phishing.rules.saved')) },
    );
  };
  const rangeError = Object.entries(serverErrors).find(([k]) => k.startsWith('gatewayRanges'));

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-rules">
      <Stack gap="sm">
        <FormError error={save.error} shownFields={[]} />
        {toggles.map((key) => (
          <Switch
            key={key}
            label={t(`phishing.rules.${key}`)}
            description={helped[key] ? t(`phishing.rules.${helped[key]}`) : undefined}
            checked={rules[key]}
            onChange={(e) => set(key, e.currentTarget.checked)}
          />
        ))}
        <Group align="flex-end" wrap="wrap">
          <Switch
            label={t('phishing.rules.tooSoon')}
            checked={rules.tooSoon.enabled}
            onChange={(e) => set('tooSoon', { ...rules.tooSoon, enabled: e.currentTarget.checked })}
          />
          <NumberInput
            label={t('phishing.rules.tooSoonSeconds')}
            min={1}
            max={3600}
            allowDecimal={false}
            w={160}
            disabled={!rules.tooSoon.enabled}
            value={rules.tooSoon.seconds}
            onChange={(v) =>
              set('tooSoon', { ...rules.tooSoon, seconds: asInt(v, rules.tooSoon.seconds) })
            }
          />
        </Group>
        <Group align="flex-end" wrap="wrap">
          <Switch
            label={t('phishing.rules.burst')}
            checked={rules.burst.enabled}
            onChange={(e) => set('burst', { ...rules.burst, enabled: e.currentTarget.checked })}
          />
          <NumberInput
            label={t('phishing.rules.burstClicks')}
            min={2}
            max={100}
            allowDecimal={false}
            w={120}
            disabled={!rules.burst.enabled}
            value={rules.burst.clicks}
            onChange={(v) => set('burst', { ...rules.burst, clicks: asInt(v, rules.burst.clicks) })}
          />
          <NumberInput
            label={t('phishing.rules.burstSeconds')}
            min={1}
            max={600}
            allowDecimal={false}
            w={120}
            disabled={!rules.burst.enabled}
            value={rules.burst.seconds}
            onChange={(v) =>
              set('burst', { ...rules.burst, seconds: asInt(v, rules.burst.seconds) })
            }
          />
        </Group>
        <Group align="flex-end" wrap="wrap">
          <Switch
            label={t('phishing.rules.sharedAddress')}
            checked={rules.sharedAddress.enabled}
            onChange={(e) =>
              set('sharedAddress', { ...rules.sharedAddress, enabled: e.currentTarget.checked })
            }
          />
          <NumberInput
            label={t('phishing.rules.sharedRecipients')}
            min={2}
            max={1000}
            allowDecimal={false}
            w={120}
            disabled={!rules.sharedAddress.enabled}
            value={rules.sharedAddress.recipients}
            onChange={(v) =>
              set('sharedAddress', {
                ...rules.sharedAddress,
                recipients: asInt(v, rules.sharedAddress.recipients),
              })
            }
          />
          <NumberInput
            label={t('phishing.rules.sharedSeconds')}
            min={1}
            max={3600}
            allowDecimal={false}
            w={120}
            disabled={!rules.sharedAddress.enabled}
            value={rules.sharedAddress.seconds}
            onChange={(v) =>
              set('sharedAddress', {
                ...rules.sharedAddress,
                seconds: asInt(v, rules.sharedAddress.seconds),
              })
            }
          />
        </Group>
        <Group align="flex-end" wrap="wrap">
          <Switch
            label={t('phishing.rules.unconfirmedClick')}
            description={t('phishing.rules.unconfirmedClickHelp')}
            checked={rules.unconfirmedClick.enabled}
            onChange={(e) =>
              set('unconfirmedClick', {
                ...rules.unconfirmedClick,
                enabled: e.currentTarget.checked,
              })
            }
          />
          <NumberInput
            label={t('phishing.rules.unconfirmedSeconds')}
            min={10}
            max={3600}
            allowDecimal={false}
            w={160}
            disabled={!rules.unconfirmedClick.enabled}
            value={rules.unconfirmedClick.seconds}
            onChange={(v) =>
              set('unconfirmedClick', {
                ...rules.unconfirmedClick,
                seconds: asInt(v, rules.unconfirmedClick.seconds),
              })
            }
          />
        </Group>
        <Textarea
          label={t('phishing.rules.gatewayRanges')}
          description={t('phishing.rules.gatewayRangesHelp')}
          autosize
          minRows={2}
          maxRows={8}
          value={ranges}
          onChange={(e) => setRanges(e.currentTarget.value)}
          error={rangeError?.[1]}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('phishing.rules.save')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setRules(defaults);
              setRanges(defaults.gatewayRanges.join('\n'));
            }}
          >
            {t('phishing.rules.reset')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The company's rules for telling scanners from people, each one switchable. */
export function ScannerRulesSettings({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const rules = useScannerRules(orgId);
  return (
    <Card withBorder component="section" aria-labelledby="phishing-rules">
      <Stack>
        <Title order={2} fz="lg" id="phishing-rules">
          {t('phishing.rules.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('phishing.rules.intro')}
        </Text>
        <QueryState query={rules}>
          {(data) => <RulesForm orgId={orgId} initial={data.rules} defaults={data.defaults} />}
        </QueryState>
      </Stack>
    </Card>
  );
}
