import { SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type EChartOption } from '../../../components/EChart';
import { useFormatters } from '../../../lib/use-formatters';
import type { HeatMap as HeatMapData } from '../api/risks';
import { useLocalized } from './localized';

type View = 'current' | 'residual';

/** The company's matrix as a heat map (likelihood across, impact up), with the counts as a table. */
export function HeatMap({ data }: { data: HeatMapData }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const localized = useLocalized();
  const [view, setView] = useState<View>('current');
  const cells = data[view].cells;
  const likelihood = [...data.likelihood].sort((a, b) => a.level - b.level);
  const impact = [...data.impact].sort((a, b) => a.level - b.level);
  const xIndex = new Map(likelihood.map((l, i) => [l.level, i]));
  const yIndex = new Map(impact.map((l, i) => [l.level, i]));
  const cellAt = new Map(cells.map((c) => [`${c.likelihood}:${c.impact}`, c]));

  const option: EChartOption = {
    tooltip: {
      formatter: (p: { data: { value: [number, number, number]; name: string } }) => p.data.name,
    },
    grid: { left: 120, right: 16, top: 16, bottom: 64 },
    xAxis: {
      type: 'category',
      name: t('risks.fields.likelihood'),
      nameLocation: 'middle',
      nameGap: 40,
      data: likelihood.map((l) => `${l.level} ${localized(l.label)}`),
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      name: t('risks.fields.impact'),
      data: impact.map((l) => `${l.level} ${localized(l.label)}`),
      splitArea: { show: true },
    },
    series: [
      {
        type: 'heatmap',
        data: cells.map((c) => ({
          value: [xIndex.get(c.likelihood) ?? 0, yIndex.get(c.impact) ?? 0, c.count],
          name: t('risks.heatMap.cellTooltip', {
            likelihood: c.likelihood,
            impact: c.impact,
            score: c.score,
            n: c.count,
          }),
          itemStyle: {
            color: c.color,
            opacity: c.count > 0 ? 1 : 0.35,
            borderColor: '#fff',
            borderWidth: 2,
          },
        })),
        label: {
          show: true,
          fontSize: 14,
          fontWeight: 'bold',
          formatter: (p: { value: [number, number, number] }) =>
            p.value[2] > 0 ? String(p.value[2]) : '',
        },
      },
    ],
  };

  return (
    <Stack>
      <SegmentedControl
        aria-label={t('risks.heatMap.switch')}
        value={view}
        onChange={(v) => setView(v === 'residual' ? 'residual' : 'current')}
        data={[
          { value: 'current', label: t('risks.heatMap.current') },
          { value: 'residual', label: t('risks.heatMap.residual') },
        ]}
        w={{ base: '100%', sm: 'auto' }}
        style={{ alignSelf: 'flex-start' }}
      />
      <Text size="sm" c="dimmed">
        {t('risks.heatMap.total', { n: fmt.number(data[view].total) })}
      </Text>
      <EChart
        option={option}
        height={360}
        label={t(view === 'current' ? 'risks.heatMap.labelCurrent' : 'risks.heatMap.labelResidual')}
      />
      <Table.ScrollContainer minWidth={420}>
        <Table withTableBorder withColumnBorders verticalSpacing={4} ta="center">
          <Table.Caption>
            {t(view === 'current' ? 'risks.heatMap.labelCurrent' : 'risks.heatMap.labelResidual')}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('risks.heatMap.corner')}</Table.Th>
              {likelihood.map((l) => (
                <Table.Th key={l.level} scope="col" ta="center">
                  {l.level}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...impact].reverse().map((i) => (
              <Table.Tr key={i.level}>
                <Table.Th scope="row">
                  {i.level} {localized(i.label)}
                </Table.Th>
                {likelihood.map((l) => {
                  const c = cellAt.get(`${l.level}:${i.level}`);
                  return (
                    <Table.Td
                      key={l.level}
                      style={{ background: c ? `${c.color}33` : undefined }}
                      fw={c && c.count > 0 ? 700 : undefined}
                    >
                      {fmt.number(c?.count ?? 0)}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
