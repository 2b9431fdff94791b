import { numberField } from '../drafts';
import type { OperationForm } from './types';
import { Choice, Text } from './inputs';

export const sample: OperationForm<'sample'> = {
  op: 'sample',
  label: 'Sample rows',
  hint: 'Keep the first rows or a random sample.',
  Fields: ({ draft, set, error }) => (
    <>
      <Choice
        label="Which rows"
        value={draft.sampleMethod}
        options={[
          ['first', 'The first rows'],
          ['random', 'A random sample'],
        ]}
        onChange={(sampleMethod) => set({ sampleMethod })}
      />
      <Choice
        label="How many"
        value={draft.sampleBy}
        options={[
          ['n', 'A number of rows'],
          ['fraction', 'A share of the rows'],
        ]}
        onChange={(sampleBy) => set({ sampleBy })}
      />
      {draft.sampleBy === 'n' ? (
        <Text
          label="Rows"
          inputMode="numeric"
          value={draft.n}
          onChange={(n) => set({ n })}
          error={error('n')}
        />
      ) : (
        <Text
          label="Share (0 to 1)"
          inputMode="decimal"
          value={draft.fraction}
          onChange={(fraction) => set({ fraction })}
          error={error('fraction')}
        />
      )}
      {draft.sampleMethod === 'random' && (
        <Text
          label="Seed"
          inputMode="numeric"
          value={draft.seed}
          onChange={(seed) => set({ seed })}
          error={error('seed')}
          hint="The same seed gives the same sample."
        />
      )}
    </>
  ),
  build: (d, _columns, errors) => {
    const n = d.sampleBy === 'n' ? numberField(d.n, 'n', errors, true) : undefined;
    const fraction = d.sampleBy === 'fraction' ? numberField(d.fraction, 'fraction', errors) : undefined;
    const seed = numberField(d.seed, 'seed', errors, true);
    if (d.sampleBy === 'n' && n === undefined && !errors.n) errors.n = 'Say how many rows to keep.';
    if (d.sampleBy === 'fraction' && fraction === undefined && !errors.fraction) {
      errors.fraction = 'Say which share of the rows to keep.';
    }
    return {
      op: 'sample',
      method: d.sampleMethod,
      ...(n !== undefined ? { n } : {}),
      ...(fraction !== undefined ? { fraction } : {}),
      ...(seed !== undefined ? { seed } : {}),
    };
  },
};
