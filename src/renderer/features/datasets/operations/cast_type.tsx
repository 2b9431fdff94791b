import { COLUMN_TYPES } from '../../../../shared/operations';
import type { OperationForm } from './types';
import { Choice, ColumnSelect } from './inputs';

export const castType: OperationForm<'cast_type'> = {
  op: 'cast_type',
  label: 'Change column type',
  hint: 'Convert a column to another type.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnSelect
        label="Column"
        value={draft.column}
        columns={columns}
        onChange={(column) => set({ column })}
        error={error('column')}
      />
      <Choice
        label="New type"
        value={draft.to}
        options={COLUMN_TYPES.map((t) => [t, t] as const)}
        onChange={(to) => set({ to })}
        error={error('to')}
      />
      <Choice
        label="Values that cannot be converted"
        value={draft.onError}
        options={[
          ['null', 'Become empty (null)'],
          ['fail', 'Stop: refuse the change'],
        ]}
        onChange={(onError) => set({ onError })}
      />
    </>
  ),
  build: (d) => ({ op: 'cast_type', column: d.column, to: d.to, onError: d.onError }),
};
