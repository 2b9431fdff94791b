import type { OperationForm } from './types';
import { ColumnChecklist } from './inputs';

export const selectColumns: OperationForm<'select_columns'> = {
  op: 'select_columns',
  label: 'Select columns',
  hint: 'Keep only some columns.',
  Fields: ({ draft, set, columns, error }) => (
    <ColumnChecklist
      legend="Columns to keep"
      selected={draft.columns}
      columns={columns}
      onChange={(columns) => set({ columns })}
      error={error('columns')}
    />
  ),
  build: (d) => ({ op: 'select_columns', columns: d.columns }),
};
