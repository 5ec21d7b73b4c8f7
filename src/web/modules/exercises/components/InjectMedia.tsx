import { Badge, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InjectMediumKind } from '../../../../contracts/exercises';
import { type LocalizedPair } from '../lib';
import { useLt } from '../hooks';

export interface Medium {
  kind: InjectMediumKind;
  from?: LocalizedPair;
  subject?: LocalizedPair;
  body: LocalizedPair;
}

const kindColor: Record<InjectMediumKind, string> = {
  email: 'blue',
  'ransom-note': 'red',
  'phone-call': 'grape',
  'news-enquiry': 'orange',
  chat: 'cyan',
  'system-alert': 'yellow',
  document: 'gray',
  'social-post': 'pink',
};

/** What the participants see of an inject: an e-mail, a ransom note, a call… each looking like itself. */
export function InjectMedia({ media, large = false }: { media: Medium[]; large?: boolean }) {
  const { t } = useTranslation();
  const lt = useLt();
  const size = large ? 'xl' : 'sm';
  return (
    <Stack gap="sm">
      {media.map((m, i) => {
        const ransom = m.kind === 'ransom-note';
        return (
          <Paper
            key={i}
            withBorder
            radius="sm"
            p={large ? 'lg' : 'sm'}
            bg={ransom ? 'dark.8' : m.kind === 'system-alert' ? 'yellow.0' : undefined}
            c={ransom ? 'red.3' : undefined}
            data-testid="inject-medium"
          >
            <Stack gap={6}>
              <Group gap="xs" wrap="wrap">
                <Badge color={kindColor[m.kind]} variant={ransom ? 'filled' : 'light'}>
                  {t(`exercises.media.${m.kind}`)}
                </Badge>
                {m.from && (
                  <Text size={large ? 'lg' : 'sm'} fw={600}>
                    {t('exercises.media.from', { from: lt(m.from) })}
                  </Text>
                )}
              </Group>
              {m.subject && (
                <Text size={large ? 'lg' : 'sm'} fw={700}>
                  {t('exercises.media.subject', { subject: lt(m.subject) })}
                </Text>
              )}
              <Box>
                <Text
                  size={size}
                  style={{ whiteSpace: 'pre-wrap', fontFamily: ransom ? 'monospace' : undefined }}
                >
                  {lt(m.body)}
                </Text>
              </Box>
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
