import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssetRiskRef } from '../../../../contracts/assets';
import { useLocalized } from './localized';

/** The risks of the register naming an asset, for its row in the asset inventory. */
export function AssetRisks({ risks }: { risks: AssetRiskRef[] }) {
  const { t } = useTranslation();
  const loc = useLocalized();
  if (risks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('assetRisks.none')}
      </Text>
    );
  return (
    <Stack gap={2} data-testid="asset-risks">
      {risks.map((r) => (
        <Group key={r.id} gap={4} wrap="nowrap" align="flex-start">
          <Tooltip label={t('assetRisks.level', { level: loc(r.level.label), score: r.score })}>
            <Badge
              size="sm"
              variant="filled"
              color={r.level.color}
              aria-label={t('assetRisks.level', { level: loc(r.level.label), score: r.score })}
              style={{ flexShrink: 0 }}
            >
              {r.score}
            </Badge>
          </Tooltip>
          <Text size="sm">{r.title}</Text>
        </Group>
      ))}
    </Stack>
  );
}
