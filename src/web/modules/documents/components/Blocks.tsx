import { Alert, Box, Image, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentBlock } from '../../../../contracts/documents';

/**
 * A figure's SVG shown as an image from a data URI: the browser renders it without scripts and
 * without access to the page, so generated SVG is never put into the page as markup.
 */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function BlockView({ block }: { block: DocumentBlock }) {
  const { t } = useTranslation();
  switch (block.type) {
    case 'paragraph':
      return (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {block.text}
        </Text>
      );
    case 'list':
      return (
        <List type={block.ordered ? 'ordered' : 'unordered'} size="sm" withPadding>
          {block.items.map((item, i) => (
            <List.Item key={i}>{item}</List.Item>
          ))}
        </List>
      );
    case 'fields':
      return (
        <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {block.items.map((f, i) => (
              <Table.Tr key={i}>
                <Table.Th w="30%" bg="gray.0">
                  {f.label}
                </Table.Th>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{f.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      );
    case 'table':
      return (
        <Table.ScrollContainer minWidth={Math.min(900, block.columns.length * 140)}>
          <Table withTableBorder withColumnBorders striped verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                {block.columns.map((c, i) => (
                  <Table.Th key={i}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {block.rows.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={block.columns.length}>{t('documents.noRows')}</Table.Td>
                </Table.Tr>
              ) : (
                block.rows.map((row, r) => (
                  <Table.Tr key={r}>
                    {block.columns.map((_, c) => (
                      <Table.Td key={c} style={{ whiteSpace: 'pre-wrap' }}>
                        {row[c] ?? ''}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      );
    case 'figure':
      return (
        <Box component="figure" m={0}>
          <Box style={{ overflowX: 'auto' }}>
            <Image
              src={svgDataUri(block.svg)}
              alt={block.caption}
              w={block.width}
              maw="100%"
              h="auto"
              fit="contain"
            />
          </Box>
          <Text component="figcaption" size="xs" c="dimmed" ta="center" mt={4}>
            {t('documents.figure', { caption: block.caption })}
          </Text>
        </Box>
      );
    case 'warning':
      return (
        <Alert color="red" variant="light" title={t('documents.warning')} p="xs">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {block.text}
          </Text>
        </Alert>
      );
  }
}

/** The blocks of one section, as the generator (and the company's own text) made them. */
export function Blocks({ blocks }: { blocks: DocumentBlock[] }) {
  return (
    <Stack gap="sm">
      {blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
    </Stack>
  );
}
