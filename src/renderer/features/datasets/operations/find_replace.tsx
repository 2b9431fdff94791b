import type { OperationForm } from './types';
import { Check, Choice, ColumnChecklist, Text } from './inputs';

export const findReplace: OperationForm<'find_replace'> = {
  op: 'find_replace',
  label: 'Find and replace',
  hint: 'Replace text in columns.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnChecklist
        legend="In columns"
        selected={draft.columns}
        columns={columns}
        onChange={(columns) => set({ columns })}
        error={error('columns')}
      />
      <div className="field-row two">
        <Text label="Find" value={draft.find} onChange={(find) => set({ find })} error={error('find')} />
        <Text
          label="Replace with"
          value={draft.replace}
          onChange={(replace) => set({ replace })}
          error={error('replace')}
        />
      </div>
      <Choice
        label="Match"
        value={draft.mode}
        options={[
          ['contains', 'Text that contains it (replace the part)'],
          ['exact', 'The whole value exactly'],
          ['regex', 'A regular expression'],
        ]}
        onChange={(mode) => set({ mode })}
        error={error('mode')}
      />
      <Check
        label="Match case"
        checked={draft.caseSensitive}
        onChange={(caseSensitive) => set({ caseSensitive })}
      />
    </>
  ),
  build: (d) => ({
    op: 'find_replace',
    columns: d.columns,
    find: d.find,
    replace: d.replace,
    mode: d.mode,
    caseSensitive: d.caseSensitive,
  }),
};
