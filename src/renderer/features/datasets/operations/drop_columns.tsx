import type { OperationForm } from './types';
import { ColumnChecklist } from './inputs';

export const dropColumns: OperationForm<'drop_columns'> = {
  op: 'drop_columns',
  label: 'Drop columns',
  hint: 'Remove columns.',
  Fields: ({ draft, set, columns, error }) => (
    <ColumnChecklist
      legend="Columns to drop"
      selected={draft.columns}
      columns={columns}
      onChange={(columns) => set({ columns })}
      error={error('columns')}
    />
  ),
  build: (d) => ({ op: 'drop_columns', columns: d.columns }),
};
