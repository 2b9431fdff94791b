import type { OperationForm } from './types';
import { Choice, ColumnChecklist } from './inputs';

export const dropMissing: OperationForm<'drop_missing'> = {
  op: 'drop_missing',
  label: 'Drop rows with missing values',
  hint: 'Remove rows with empty cells.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnChecklist
        legend="Look at these columns"
        hint="None chosen: every column."
        selected={draft.columns}
        columns={columns}
        onChange={(columns) => set({ columns })}
        error={error('columns')}
      />
      <Choice
        label="Drop a row when"
        value={draft.how}
        options={[
          ['any', 'Any of them is empty'],
          ['all', 'All of them are empty'],
        ]}
        onChange={(how) => set({ how })}
      />
    </>
  ),
  build: (d) => ({ op: 'drop_missing', how: d.how, ...(d.columns.length > 0 ? { columns: d.columns } : {}) }),
};
