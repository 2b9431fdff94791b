import type { OperationForm } from './types';
import { ExpressionHint, Text } from './inputs';

export const filterRows: OperationForm<'filter_rows'> = {
  op: 'filter_rows',
  label: 'Filter rows',
  hint: 'Keep the rows where an expression is true.',
  Fields: ({ draft, set, columns, error }) => (
    <Text
      label="Keep rows where"
      multiline
      code
      autoFocus
      value={draft.expression}
      onChange={(expression) => set({ expression })}
      error={error('expression')}
      hint={<ExpressionHint columns={columns} />}
    />
  ),
  build: (d) => ({ op: 'filter_rows', expression: d.expression }),
};
