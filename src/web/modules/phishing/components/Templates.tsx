import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifyError, notifySuccess } from '../../../components/notify';
import { QueryState } from '../../../components/QueryState';
import { useFormatters } from '../../../lib/use-formatters';
import {
  useCompanyTemplates,
  useDeleteTemplate,
  useLibrary,
  type CompanyTemplate,
} from '../api/phishing';
import { TemplateForm } from './TemplateForm';

interface Preview {
  title: string;
  subject: string;
  html: string;
}

/** Fills the personalisation variables with sample values for the preview. */
export function sampleMessage(html: string, sample: { name: string; department: string }): string {
  return html.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, v: string) =>
    v === 'name'
      ? sample.name
      : v === 'department'
        ? sample.department
        : v === 'link' || v === 'report_url'
          ? '#'
          : '',
  );
}

/**
 * The HTML part in a frame with every sandbox restriction: no script, no forms, no navigation of
 * this page, and an opaque origin with no access to the session.
 */
function PreviewDialog({ preview, onClose }: { preview: Preview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const sample = {
    name: t('phishing.templates.sampleName'),
    department: t('phishing.templates.sampleDepartment'),
  };
  return (
    <Modal
      opened={preview !== null}
      onClose={onClose}
      title={preview?.title}
      size="xl"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {preview && (
        <Stack gap="xs">
          <Text size="sm">
            <Text span fw={600}>
              {t('phishing.templates.subject')}:
            </Text>{' '}
            {sampleMessage(preview.subject, sample)}
          </Text>
          <iframe
            sandbox=""
            srcDoc={sampleMessage(preview.html, sample)}
            title={t('phishing.templates.previewFrame', { subject: preview.subject })}
            referrerPolicy="no-referrer"
            style={{
              width: '100%',
              height: 420,
              border: '1px solid var(--mantine-color-gray-4)',
              background: 'white',
            }}
          />
          <Text size="xs" c="dimmed">
            {t('phishing.templates.sandboxNote')}
          </Text>
        </Stack>
      )}
    </Modal>
  );
}

function Difficulty({ level }: { level: number }) {
  const { t } = useTranslation();
  const color = level === 1 ? 'teal' : level === 2 ? 'yellow' : 'red';
  return (
    <Badge color={color} variant="light" style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {t('phishing.templates.difficulty', { level })}
    </Badge>
  );
}

/**
 * The shipped library and the company's own templates, each with its red flags and a preview;
 * admins write, edit and delete the company's own.
 */
export function Templates({ orgId, canAdmin }: { orgId: string; canAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const lang = i18n.language === 'en' ? 'en' : 'ja';
  const library = useLibrary(orgId);
  const own = useCompanyTemplates(orgId);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [editing, setEditing] = useState<CompanyTemplate | null>(null);
  const [deleting, setDeleting] = useState<CompanyTemplate | null>(null);
  const remove = useDeleteTemplate(orgId);
  const sample = {
    name: t('phishing.templates.sampleName'),
    department: t('phishing.templates.sampleDepartment'),
  };

  return (
    <Stack gap="lg">
      <Card
        withBorder
        radius="md"
        padding="lg"
        component="section"
        aria-labelledby="phishing-library"
      >
        <Stack>
          <Title order={2} fz="lg" id="phishing-library">
            {t('phishing.templates.library')}
          </Title>
          <QueryState query={library}>
            {(list) => (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {list.map((tpl) => {
                  const part = tpl[lang];
                  return (
                    <Card key={tpl.key} withBorder radius="sm" padding="md" component="article">
                      <Stack gap="xs">
                        <Group justify="space-between" wrap="nowrap" align="flex-start">
                          <Title order={3} fz="sm">
                            {sampleMessage(part.subject, sample)}
                          </Title>
                          <Difficulty level={tpl.difficulty} />
                        </Group>
                        <Text size="xs" c="dimmed">
                          {t('phishing.templates.sender')}: {tpl.senderName[lang]} ·{' '}
                          {t(`phishing.categories.${tpl.category}`)}
                        </Text>
                        <Text size="sm" fw={600}>
                          {t('phishing.templates.redFlags')}
                        </Text>
                        <List size="sm" spacing={2}>
                          {tpl.redFlags.map((f, i) => (
                            <List.Item key={i}>{f[lang]}</List.Item>
                          ))}
                        </List>
                        <div>
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={t('phishing.templates.previewNamed', {
                              subject: part.subject,
                            })}
                            onClick={() =>
                              setPreview({
                                title: part.subject,
                                subject: part.subject,
                                html: part.html,
                              })
                            }
                          >
                            {t('phishing.templates.preview')}
                          </Button>
                        </div>
                      </Stack>
                    </Card>
                  );
                })}
              </SimpleGrid>
            )}
          </QueryState>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="phishing-own">
        <Stack>
          <Title order={2} fz="lg" id="phishing-own">
            {t('phishing.templates.own')}
          </Title>
          <QueryState query={own}>
            {(list) =>
              list.length === 0 ? (
                <EmptyNote>{t('phishing.templates.noneOwn')}</EmptyNote>
              ) : (
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  {list.map((tpl) => (
                    <Card key={tpl.id} withBorder radius="sm" padding="md" component="article">
                      <Stack gap="xs">
                        <Group justify="space-between" wrap="nowrap" align="flex-start">
                          <Title order={3} fz="sm">
                            {tpl.name}
                          </Title>
                          <Difficulty level={tpl.difficulty} />
                        </Group>
                        <Text size="sm">{sampleMessage(tpl.subject, sample)}</Text>
                        <Text size="xs" c="dimmed">
                          {t(`language.${tpl.locale}`)} · {fmt.date(tpl.createdAt)}
                        </Text>
                        <List size="sm" spacing={2}>
                          {tpl.redFlags.map((f, i) => (
                            <List.Item key={i}>{f[lang]}</List.Item>
                          ))}
                        </List>
                        <div>
                          <Button
                            size="xs"
                            variant="light"
                            aria-label={t('phishing.templates.previewNamed', {
                              subject: tpl.subject,
                            })}
                            onClick={() =>
                              setPreview({ title: tpl.name, subject: tpl.subject, html: tpl.html })
                            }
                          >
                            {t('phishing.templates.preview')}
                          </Button>
                          {canAdmin && (
                            <>
                              <Button
                                size="xs"
                                variant="default"
                                ml="xs"
                                aria-label={t('phishing.templateForm.editAria', { name: tpl.name })}
                                onClick={() => setEditing(tpl)}
                              >
                                {t('phishing.templateForm.edit')}
                              </Button>
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                ml="xs"
                                aria-label={t('phishing.templateForm.deleteAria', {
                                  name: tpl.name,
                                })}
                                onClick={() => setDeleting(tpl)}
                              >
                                {t('phishing.templateForm.delete')}
                              </Button>
                            </>
                          )}
                        </div>
                      </Stack>
                    </Card>
                  ))}
                </SimpleGrid>
              )
            }
          </QueryState>
          {canAdmin && (
            <TemplateForm
              key={editing?.id ?? 'new'}
              orgId={orgId}
              editing={editing}
              onDone={() => setEditing(null)}
              onPreview={setPreview}
            />
          )}
        </Stack>
      </Card>
      <PreviewDialog preview={preview} onClose={() => setPreview(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title={t('phishing.templateForm.deleteTitle')}
        message={t('phishing.templateForm.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('phishing.templateForm.delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          const { id, name } = deleting;
          remove.mutate(id, {
            onSuccess: () => {
              notifySuccess(t('phishing.templateForm.deleted', { name }));
              if (editing?.id === id) setEditing(null);
            },
            onError: notifyError,
            onSettled: () => setDeleting(null),
          });
        }}
      />
    </Stack>
  );
}
