import {
  ActionIcon,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { templateVariables, unknownVariables } from '../../../../contracts/phishing';
import { fieldErrorsOf } from '../../../api/client';
import { FormError } from '../../../components/FormError';
import { notifySuccess } from '../../../components/notify';
import { useSaveTemplate, type CompanyTemplate, type SaveTemplate } from '../api/phishing';

type Locale = CompanyTemplate['locale'];
type LandingPage = CompanyTemplate['landingPage'];
type Flag = { ja: string; en: string };

const LINK = /\{\{\s*link\s*\}\}/;
const variableList = templateVariables.map((v) => `{{${v}}}`).join(' ');

/**
 * Writes or edits one of the company's own training mails. Variables are checked here with the
 * same rule as the server, so a typo is named before anything is sent.
 */
export function TemplateForm({
  orgId,
  editing,
  onDone,
  onPreview,
}: {
  orgId: string;
  editing: CompanyTemplate | null;
  onDone: () => void;
  onPreview: (preview: { title: string; subject: string; html: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const save = useSaveTemplate(orgId);
  const serverErrors = fieldErrorsOf(save.error);
  const [name, setName] = useState(editing?.name ?? '');
  const [locale, setLocale] = useState<Locale>(
    editing?.locale ?? (i18n.language === 'en' ? 'en' : 'ja'),
  );
  const [senderName, setSenderName] = useState(editing?.senderName ?? '');
  const [subject, setSubject] = useState(editing?.subject ?? '');
  const [html, setHtml] = useState(editing?.html ?? '');
  const [text, setText] = useState(editing?.text ?? '');
  const [difficulty, setDifficulty] = useState(editing?.difficulty ?? 2);
  const [landingPage, setLandingPage] = useState<LandingPage>(editing?.landingPage ?? 'training');
  const [flags, setFlags] = useState<Flag[]>(editing?.redFlags ?? [{ ja: '', en: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const partProblem = (value: string, needsLink: boolean): string | undefined => {
    if (!value.trim()) return t('validation.required');
    const unknown = unknownVariables(value);
    if (unknown.length > 0)
      return t('phishing.templateForm.unknownVariable', {
        names: unknown.map((v) => `{{${v}}}`).join(' '),
        allowed: variableList,
      });
    if (needsLink && !LINK.test(value))
      return t('phishing.templateForm.needsLink', { variable: '{{link}}' });
    return undefined;
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string | undefined> = {
      name: name.trim() ? undefined : t('validation.required'),
      senderName: senderName.trim() ? undefined : t('validation.required'),
      subject: partProblem(subject, false),
      html: partProblem(html, true),
      text: partProblem(text, true),
    };
    flags.forEach((f, i) => {
      if (!f.ja.trim()) found[`redFlags.${i}.ja`] = t('validation.required');
      if (!f.en.trim()) found[`redFlags.${i}.en`] = t('validation.required');
    });
    if (flags.length === 0) found.redFlags = t('phishing.templateForm.needsFlag');
    const problems = Object.fromEntries(
      Object.entries(found).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const body: SaveTemplate = {
      name: name.trim(),
      locale,
      senderName: senderName.trim(),
      subject: subject.trim(),
      html,
      text,
      difficulty,
      redFlags: flags.map((f) => ({ ja: f.ja.trim(), en: f.en.trim() })),
      landingPage,
    };
    save.mutate(
      { id: editing?.id ?? null, body },
      {
        onSuccess: (saved) => {
          notifySuccess(t('phishing.templateForm.saved', { name: saved.name }));
          onDone();
        },
      },
    );
  };

  const error = (key: string) => errors[key] ?? serverErrors[key];
  const setFlag = (i: number, lang: keyof Flag, value: string) =>
    setFlags((list) => list.map((f, j) => (j === i ? { ...f, [lang]: value } : f)));
  const shownFields = [
    'name',
    'locale',
    'senderName',
    'subject',
    'html',
    'text',
    'difficulty',
    'landingPage',
    'redFlags',
    ...flags.flatMap((_f, i) => [`redFlags.${i}.ja`, `redFlags.${i}.en`]),
  ];

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="phishing-template-form">
      <Stack gap="sm">
        <Title order={3} fz="md" id="phishing-template-form">
          {editing
            ? t('phishing.templateForm.editNamed', { name: editing.name })
            : t('phishing.templateForm.new')}
        </Title>
        <FormError error={save.error} shownFields={shownFields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('phishing.templateForm.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error('name')}
          />
          <TextInput
            label={t('phishing.templateForm.senderName')}
            required
            value={senderName}
            onChange={(e) => setSenderName(e.currentTarget.value)}
            error={error('senderName')}
          />
          <Select
            label={t('phishing.templateForm.locale')}
            data={(['ja', 'en'] as const).map((l) => ({ value: l, label: t(`language.${l}`) }))}
            value={locale}
            allowDeselect={false}
            onChange={(v) => setLocale(v === 'en' ? 'en' : 'ja')}
          />
          <Select
            label={t('phishing.templateForm.difficulty')}
            data={[1, 2, 3].map((level) => ({
              value: String(level),
              label: t('phishing.templates.difficulty', { level }),
            }))}
            value={String(difficulty)}
            allowDeselect={false}
            onChange={(v) => setDifficulty(Number(v ?? 2))}
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
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('phishing.templateForm.variablesHelp', { variables: variableList })}
        </Text>
        <TextInput
          label={t('phishing.templates.subject')}
          required
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          error={error('subject')}
        />
        <Textarea
          label={t('phishing.templateForm.html')}
          required
          autosize
          minRows={6}
          maxRows={20}
          styles={{ input: { fontFamily: 'monospace' } }}
          value={html}
          onChange={(e) => setHtml(e.currentTarget.value)}
          error={error('html')}
        />
        <Textarea
          label={t('phishing.templateForm.text')}
          required
          autosize
          minRows={4}
          maxRows={16}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={error('text')}
        />
        <Stack gap="xs" role="group" aria-labelledby="phishing-template-flags">
          <Text size="sm" fw={600} id="phishing-template-flags">
            {t('phishing.templates.redFlags')}
          </Text>
          {error('redFlags') && (
            <Text size="xs" c="red">
              {error('redFlags')}
            </Text>
          )}
          {flags.map((f, i) => (
            <Group key={i} align="flex-start" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('phishing.templateForm.flagJa', { n: i + 1 })}
                value={f.ja}
                onChange={(e) => setFlag(i, 'ja', e.currentTarget.value)}
                error={error(`redFlags.${i}.ja`)}
              />
              <TextInput
                style={{ flex: 1 }}
                label={t('phishing.templateForm.flagEn', { n: i + 1 })}
                value={f.en}
                onChange={(e) => setFlag(i, 'en', e.currentTarget.value)}
                error={error(`redFlags.${i}.en`)}
              />
              <ActionIcon
                mt={28}
                variant="subtle"
                color="red"
                aria-label={t('phishing.templateForm.removeFlag', { n: i + 1 })}
                onClick={() => setFlags((list) => list.filter((_f, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <div>
            <Button
              size="xs"
              variant="subtle"
              disabled={flags.length >= 10}
              onClick={() => setFlags((list) => [...list, { ja: '', en: '' }])}
            >
              {t('phishing.templateForm.addFlag')}
            </Button>
          </div>
        </Stack>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('phishing.templateForm.save')}
          </Button>
          <Button
            variant="light"
            disabled={!html.trim()}
            onClick={() => onPreview({ title: name || subject, subject, html })}
          >
            {t('phishing.templates.preview')}
          </Button>
          {editing && (
            <Button variant="default" onClick={onDone}>
              {t('phishing.templateForm.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
