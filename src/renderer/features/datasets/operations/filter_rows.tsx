import type { OperationForm } from './types';
import { ExpressionText } from './inputs';

export const filterRows: OperationForm<'filter_rows'> = {
  op: 'filter_rows',
  label: 'Filter rows',
  hint: 'Keep the rows where an expression is true.',
  Fields: ({ draft, set, columns, error }) => (
    <ExpressionText
      label="Keep rows where"
      columns={columns}
      autoFocus
      value={draft.expression}
      onChange={(expression) => set({ expression })}
      error={error('expression')}
    />
  ),
  build: (d) => ({ op: 'filter_rows', expression: d.expression }),
};
