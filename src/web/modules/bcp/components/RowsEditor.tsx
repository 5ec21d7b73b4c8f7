import { ActionIcon, Button, NumberInput, Select, Table, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyNote } from '../../../components/EmptyNote';

export interface RowColumn<T> {
  key: keyof T & string;
  label: string;
  kind?: 'text' | 'number' | 'date' | 'select';
  options?: { value: string; label: string }[];
  /** A select that may be left empty (stored as null). */
  clearable?: boolean;
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
}

/** A small table editor for a list of records (roles, contacts, partners, training). */
export function RowsEditor<T extends object>({
  rows,
  columns,
  onChange,
  newRow,
  addLabel,
  emptyText,
  rowLabel,
  errors = {},
  path,
}: {
  rows: T[];
  columns: RowColumn<T>[];
  onChange: (rows: T[]) => void;
  newRow: () => T;
  addLabel: string;
  emptyText: string;
  /** How a row is named to assistive technology ("Contact 2"). */
  rowLabel: (index: number) => string;
  /** Server messages keyed by dotted path ("contacts.1.phone"). */
  errors?: Record<string, string>;
  path: string;
}) {
  const { t } = useTranslation();
  const update = (index: number, key: keyof T, value: unknown) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, [key]: value } : r)));
  const cell = (row: T, index: number, c: RowColumn<T>) => {
    const value = (row as Record<string, unknown>)[c.key];
    const label = `${rowLabel(index)} ${c.label}`;
    const error = errors[`${path}.${index}.${c.key}`];
    switch (c.kind) {
      case 'number':
        return (
          <NumberInput
            aria-label={label}
            size="xs"
            min={c.min}
            max={c.max}
            allowDecimal={false}
            value={typeof value === 'number' ? value : ''}
            onChange={(v) => update(index, c.key, typeof v === 'number' ? v : null)}
            error={error}
          />
        );
      case 'select':
        return (
          <Select
            aria-label={label}
            size="xs"
            data={c.options ?? []}
            clearable={c.clearable}
            allowDeselect={c.clearable}
            value={typeof value === 'string' ? value : null}
            onChange={(v) => update(index, c.key, v)}
            error={error}
          />
        );
      default:
        return (
          <TextInput
            aria-label={label}
            size="xs"
            type={c.kind === 'date' ? 'date' : 'text'}
            maxLength={c.maxLength ?? 500}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) =>
              update(
                index,
                c.key,
                c.kind === 'date' ? e.currentTarget.value || null : e.currentTarget.value,
              )
            }
            error={error}
          />
        );
    }
  };
  return (
    <>
      {rows.length === 0 ? (
        <EmptyNote>{emptyText}</EmptyNote>
      ) : (
        <Table.ScrollContainer minWidth={columns.length * 150}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>
                    {c.label}
                    {c.required ? ' *' : ''}
                  </Table.Th>
                ))}
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index}>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{cell(row, index, c)}</Table.Td>
                  ))}
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('bcp.removeRow', { row: rowLabel(index) })}
                      onClick={() => onChange(rows.filter((_, i) => i !== index))}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <div>
        <Button size="xs" variant="light" onClick={() => onChange([...rows, newRow()])}>
          {addLabel}
        </Button>
      </div>
    </>
  );
}
