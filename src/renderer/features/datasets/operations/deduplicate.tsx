import type { OperationForm } from './types';
import { Choice, ColumnChecklist } from './inputs';

export const deduplicate: OperationForm<'deduplicate'> = {
  op: 'deduplicate',
  label: 'Remove duplicates',
  hint: 'Keep one row of each set of duplicates.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnChecklist
        legend="Compare these columns"
        hint="None chosen: whole rows."
        selected={draft.columns}
        columns={columns}
        onChange={(columns) => set({ columns })}
        error={error('columns')}
      />
      <Choice
        label="Keep"
        value={draft.keep}
        options={[
          ['first', 'The first of each set'],
          ['last', 'The last of each set'],
        ]}
        onChange={(keep) => set({ keep })}
      />
    </>
  ),
  build: (d) => ({
    op: 'deduplicate',
    keep: d.keep,
    ...(d.columns.length > 0 ? { columns: d.columns } : {}),
  }),
};
