import type { OperationForm } from './types';
import { Check, Choice, ColumnChecklist, GroupError } from './inputs';

export const textClean: OperationForm<'text_clean'> = {
  op: 'text_clean',
  label: 'Clean text',
  hint: 'Trim, change case, collapse whitespace.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnChecklist
        legend="Columns to clean"
        selected={draft.columns}
        columns={columns.filter((c) => c.type === 'text')}
        onChange={(columns) => set({ columns })}
        error={error('columns')}
      />
      <Check label="Trim spaces at both ends" checked={draft.trim} onChange={(trim) => set({ trim })} />
      <Check
        label="Collapse repeated whitespace"
        checked={draft.collapseWhitespace}
        onChange={(collapseWhitespace) => set({ collapseWhitespace })}
      />
      <Choice
        label="Case"
        value={draft.textCase}
        options={[
          ['none', 'Leave as is'],
          ['lower', 'lower case'],
          ['upper', 'UPPER CASE'],
          ['title', 'Title Case'],
        ]}
        onChange={(textCase) => set({ textCase })}
      />
      <GroupError error={error('trim')} />
    </>
  ),
  build: (d, _columns, errors) => {
    if (!d.trim && d.textCase === 'none' && !d.collapseWhitespace) {
      errors.trim = 'Choose at least one thing to clean.';
    }
    return {
      op: 'text_clean',
      columns: d.columns,
      trim: d.trim,
      case: d.textCase,
      collapseWhitespace: d.collapseWhitespace,
    };
  },
};
