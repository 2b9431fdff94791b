import type { Column } from '../../../../shared/operations';
import type { OperationForm } from './types';
import { Choice, ColumnChecklist, Text } from './inputs';

/** A fill value typed like the columns it fills: numbers for numeric columns, booleans for boolean ones. */
function fillValue(text: string, columns: Column[], chosen: string[]): string | number | boolean {
  const types = new Set(columns.filter((c) => chosen.includes(c.name)).map((c) => c.type));
  const trimmed = text.trim();
  if (types.size > 0 && [...types].every((t) => t === 'integer' || t === 'float')) {
    const n = Number(trimmed);
    if (trimmed !== '' && Number.isFinite(n)) return n;
  }
  if (types.size > 0 && [...types].every((t) => t === 'boolean')) {
    if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  }
  return text;
}

export const fillMissing: OperationForm<'fill_missing'> = {
  op: 'fill_missing',
  label: 'Fill missing values',
  hint: 'Replace empty cells.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnChecklist
        legend="Columns to fill"
        selected={draft.columns}
        columns={columns}
        onChange={(columns) => set({ columns })}
        error={error('columns')}
      />
      <Choice
        label="Fill with"
        value={draft.strategy}
        options={[
          ['value', 'A fixed value'],
          ['mean', 'The mean'],
          ['median', 'The median'],
          ['mode', 'The most frequent value'],
          ['forward', 'The previous row’s value'],
          ['backward', 'The next row’s value'],
        ]}
        onChange={(strategy) => set({ strategy })}
        error={error('strategy')}
      />
      {draft.strategy === 'value' && (
        <Text label="Value" value={draft.value} onChange={(value) => set({ value })} error={error('value')} />
      )}
    </>
  ),
  build: (d, columns) => ({
    op: 'fill_missing',
    columns: d.columns,
    strategy: d.strategy,
    ...(d.strategy === 'value' ? { value: fillValue(d.value, columns, d.columns) } : {}),
  }),
};
