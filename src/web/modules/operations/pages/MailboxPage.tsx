import {
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  NavLink,
  ScrollArea,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useLiveEvents } from '../../../api/live';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyNote } from '../../../components/EmptyNote';
import { notifyError, notifySuccess } from '../../../components/notify';
import { Page } from '../../../components/Page';
import { QueryState } from '../../../components/QueryState';
import { splitLinks } from '../../../lib/links';
import { useFormatters } from '../../../lib/use-formatters';
import {
  mailboxKey,
  useClearMailbox,
  useMailbox,
  useMailboxMessage,
  type MailboxMessage,
  type MailboxSummary,
} from '../api/mailbox';

/** Plain text with its http(s) URLs as links. */
function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.kind === 'link' ? (
          <Anchor key={i} href={part.url} target="_blank" rel="noopener noreferrer">
            {part.url}
          </Anchor>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

function MessageList({
  messages,
  selectedId,
}: {
  messages: MailboxSummary[];
  selectedId: string | undefined;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  if (messages.length === 0) return <EmptyNote>{t('mailbox.empty')}</EmptyNote>;
  return (
    <Card withBorder radius="md" padding={0} component="nav" aria-label={t('mailbox.listLabel')}>
      <ScrollArea.Autosize mah={{ base: 360, md: 'calc(100vh - 240px)' }}>
        <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {messages.map((m) => {
            const active = m.id === selectedId;
            return (
              <li key={m.id}>
                <NavLink
                  component={Link}
                  to={`/mailbox/${m.id}`}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  label={
                    <Text fw={600} size="sm" lineClamp={2}>
                      {m.subject || t('mailbox.noSubject')}
                    </Text>
                  }
                  description={
                    <Text component="span" size="xs" c="dimmed" display="block">
                      {t('mailbox.toLine', { to: m.to.join(', ') })}
                      <br />
                      {fmt.dateTime(m.receivedAt)}
                    </Text>
                  }
                  py="sm"
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                />
              </li>
            );
          })}
        </Stack>
      </ScrollArea.Autosize>
    </Card>
  );
}

function MessageView({ message }: { message: MailboxMessage }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby="mail-subject">
      <Stack>
        <Title order={2} fz="lg" id="mail-subject">
          {message.subject || t('mailbox.noSubject')}
        </Title>
        <dl className="details-list">
          <dt>{t('mailbox.from')}</dt>
          <dd>{message.from}</dd>
          <dt>{t('mailbox.to')}</dt>
          <dd>{message.to.join(', ')}</dd>
          <dt>{t('mailbox.received')}</dt>
          <dd>{fmt.dateTime(message.receivedAt)}</dd>
        </dl>
        {/* The HTML part first, as a mail client shows it: its images (a training mail's open
            pixel among them) load when the message is read. */}
        <Tabs defaultValue={message.html === null ? 'text' : 'html'} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="text">{t('mailbox.textPart')}</Tabs.Tab>
            <Tabs.Tab value="html" disabled={message.html === null}>
              {message.html === null ? t('mailbox.noHtml') : t('mailbox.htmlPart')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="text" pt="md">
            <pre className="mail-text">
              <LinkedText text={message.text} />
            </pre>
          </Tabs.Panel>
          {message.html !== null && (
            <Tabs.Panel value="html" pt="md">
              <Text size="xs" c="dimmed" mb="xs">
                {t('mailbox.htmlSandboxed')}
              </Text>
              {/* No allow-scripts, no same-origin: the mail's HTML can neither run code nor reach
                  the app. Its links open outside the sandbox in a new tab, as from a mail client,
                  so a landing page works there as it would for the recipient. */}
              <iframe
                className="mail-frame"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                srcDoc={`<base target="_blank">${message.html}`}
                title={t('mailbox.htmlFrameTitle')}
              />
            </Tabs.Panel>
          )}
        </Tabs>
      </Stack>
    </Card>
  );
}

function SelectedMessage({ messageId }: { messageId: string }) {
  const message = useMailboxMessage(messageId);
  return <QueryState query={message}>{(m) => <MessageView message={m} />}</QueryState>;
}

export function MailboxPage() {
  const { t } = useTranslation();
  const { messageId } = useParams();
  const navigate = useNavigate();
  const mailbox = useMailbox();
  const clear = useClearMailbox();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);

  const refresh = () => void queryClient.invalidateQueries({ queryKey: [...mailboxKey, 'list'] });
  useLiveEvents(
    ['operator'],
    (e) => {
      if (e.event === 'mailbox.received') refresh();
    },
    refresh,
  );

  const count = mailbox.data?.messages.length ?? 0;
  return (
    <Page
      title={t('mailbox.title')}
      description={t('mailbox.intro')}
      actions={
        <Button
          color="red"
          variant="outline"
          disabled={count === 0}
          onClick={() => setConfirming(true)}
        >
          {t('mailbox.clear')}
        </Button>
      }
    >
      <QueryState query={mailbox}>
        {(data) => (
          <Stack>
            {!data.enabled && (
              <Alert color="gray" variant="light" title={t('mailbox.disabledTitle')}>
                {t('mailbox.disabled')}
              </Alert>
            )}
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('mailbox.count', { n: data.messages.length })}
            </Text>
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <MessageList messages={data.messages} selectedId={messageId} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 7 }}>
                {messageId ? (
                  <SelectedMessage key={messageId} messageId={messageId} />
                ) : (
                  data.messages.length > 0 && <EmptyNote>{t('mailbox.pick')}</EmptyNote>
                )}
              </Grid.Col>
            </Grid>
          </Stack>
        )}
      </QueryState>
      <ConfirmDialog
        opened={confirming}
        title={t('mailbox.clearTitle')}
        message={t('mailbox.clearConfirm', { n: count })}
        confirmLabel={t('mailbox.clear')}
        loading={clear.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          clear.mutate(undefined, {
            onSuccess: () => {
              notifySuccess(t('mailbox.cleared'));
              void navigate('/mailbox', { replace: true });
            },
            onError: notifyError,
            onSettled: () => setConfirming(false),
          })
        }
      />
    </Page>
  );
}
