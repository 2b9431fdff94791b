import { lines, splitNames } from '../drafts';
import type { OperationForm } from './types';
import { Check, ColumnSelect, Text } from './inputs';

export const splitColumn: OperationForm<'split_column'> = {
  op: 'split_column',
  label: 'Split column',
  hint: 'Split one column into several.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnSelect
        label="Column"
        value={draft.column}
        columns={columns}
        onChange={(column) =>
          // The names follow the column until the person writes their own.
          set(draft.into === splitNames(draft.column) ? { column, into: splitNames(column) } : { column })
        }
        error={error('column')}
      />
      <Text
        label="Split at"
        value={draft.delimiter}
        onChange={(delimiter) => set({ delimiter })}
        error={error('delimiter')}
      />
      <Text
        label="New column names (one per line)"
        multiline
        value={draft.into}
        onChange={(into) => set({ into })}
        error={error('into')}
      />
      <Check
        label="Keep the original column"
        checked={draft.keepOriginal}
        onChange={(keepOriginal) => set({ keepOriginal })}
      />
    </>
  ),
  build: (d) => ({
    op: 'split_column',
    column: d.column,
    delimiter: d.delimiter,
    into: lines(d.into),
    keepOriginal: d.keepOriginal,
  }),
};
