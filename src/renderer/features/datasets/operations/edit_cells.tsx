import type { OperationForm } from './types';
import { Choice, ColumnSelect, Text } from './inputs';
import { numberField } from '../drafts';

/** An empty box means a missing value: what a person expects when they clear a cell. */
const cell = (text: string): string | null => (text === '' ? null : text);

export const editCells: OperationForm<'edit_cells'> = {
  op: 'edit_cells',
  label: 'Edit cells',
  hint: 'Set one cell, or every cell with a value.',
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
        label="Change"
        value={draft.where}
        options={[
          ['row', 'One cell, by its row number'],
          ['value', 'Every cell with a value'],
        ]}
        onChange={(where) => set({ where })}
        error={error('where')}
      />
      {draft.where === 'row' ? (
        <Text label="Row number" value={draft.row} onChange={(row) => set({ row })} error={error('row')} />
      ) : (
        <Text
          label="Current value (empty: missing cells)"
          value={draft.match}
          onChange={(match) => set({ match })}
          error={error('match')}
        />
      )}
      <Text
        label="New value (empty: missing)"
        value={draft.value}
        onChange={(value) => set({ value })}
        error={error('value')}
      />
    </>
  ),
  build: (d, _columns, errors) => {
    const row = d.where === 'row' ? numberField(d.row, 'row', errors, true) : undefined;
    if (d.where === 'row' && row === undefined) errors.row ??= 'Enter a row number.';
    return {
      op: 'edit_cells',
      column: d.column,
      where: d.where,
      ...(d.where === 'row' ? { row } : { match: cell(d.match) }),
      value: cell(d.value),
    };
  },
};
