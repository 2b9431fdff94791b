import type { OperationForm } from './types';
import { Check, ColumnChecklist, Text } from './inputs';

export const mergeColumns: OperationForm<'merge_columns'> = {
  op: 'merge_columns',
  label: 'Merge columns',
  hint: 'Join several columns into one.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnChecklist
        legend="Columns to merge (in table order)"
        selected={draft.columns}
        columns={columns}
        onChange={(columns) => set({ columns })}
        error={error('columns')}
      />
      <div className="field-row two">
        <Text
          label="Separator"
          value={draft.separator}
          onChange={(separator) => set({ separator })}
          error={error('separator')}
        />
        <Text
          label="New column name"
          value={draft.name}
          onChange={(name) => set({ name })}
          error={error('into')}
        />
      </div>
      <Check
        label="Keep the original columns"
        checked={draft.keepOriginal}
        onChange={(keepOriginal) => set({ keepOriginal })}
      />
    </>
  ),
  build: (d, columns) => ({
    op: 'merge_columns',
    // In the table's order, so the result reads left to right.
    columns: columns.map((c) => c.name).filter((n) => d.columns.includes(n)),
    separator: d.separator,
    into: d.name.trim(),
    keepOriginals: d.keepOriginal,
  }),
};
