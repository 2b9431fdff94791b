import type { OperationForm } from './types';
import { ExpressionText, Text } from './inputs';

export const deriveColumn: OperationForm<'derive_column'> = {
  op: 'derive_column',
  label: 'Derive column',
  hint: 'Add a column computed by an expression.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <Text
        label="New column name"
        autoFocus
        value={draft.name}
        onChange={(name) => set({ name })}
        error={error('name')}
      />
      <ExpressionText
        label="Expression"
        columns={columns}
        value={draft.expression}
        onChange={(expression) => set({ expression })}
        error={error('expression')}
      />
    </>
  ),
  build: (d) => ({ op: 'derive_column', name: d.name.trim(), expression: d.expression }),
};
