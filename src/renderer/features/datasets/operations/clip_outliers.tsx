import { numberField } from '../drafts';
import type { OperationForm } from './types';
import { Choice, ColumnSelect, Text } from './inputs';

export const clipOutliers: OperationForm<'clip_outliers'> = {
  op: 'clip_outliers',
  label: 'Clip outliers',
  hint: 'Limit extreme numbers.',
  Fields: ({ draft, set, columns, error }) => (
    <>
      <ColumnSelect
        label="Column"
        value={draft.column}
        columns={columns.filter((c) => c.type === 'integer' || c.type === 'float')}
        onChange={(column) => set({ column })}
        error={error('column')}
        emptyLabel="Choose a numeric column…"
      />
      <Choice
        label="Method"
        value={draft.clipMethod}
        options={[
          ['iqr', 'Interquartile range (IQR)'],
          ['zscore', 'Z-score'],
          ['bounds', 'Fixed bounds'],
        ]}
        onChange={(clipMethod) => set({ clipMethod })}
      />
      {draft.clipMethod === 'bounds' ? (
        <div className="field-row two">
          <Text
            label="Lower bound"
            inputMode="decimal"
            value={draft.lower}
            onChange={(lower) => set({ lower })}
            error={error('lower')}
          />
          <Text
            label="Upper bound"
            inputMode="decimal"
            value={draft.upper}
            onChange={(upper) => set({ upper })}
            error={error('upper')}
          />
        </div>
      ) : (
        <Text
          label={draft.clipMethod === 'iqr' ? 'IQR multiplier' : 'Z-score threshold'}
          inputMode="decimal"
          value={draft.factor}
          onChange={(factor) => set({ factor })}
          error={error('factor')}
          hint={draft.clipMethod === 'iqr' ? 'Empty: 1.5' : 'Empty: 3'}
        />
      )}
    </>
  ),
  build: (d, _columns, errors) => {
    const factor = numberField(d.factor, 'factor', errors);
    const lower = numberField(d.lower, 'lower', errors);
    const upper = numberField(d.upper, 'upper', errors);
    const input: Record<string, unknown> = { op: 'clip_outliers', column: d.column, method: d.clipMethod };
    if (d.clipMethod === 'bounds') {
      if (lower === undefined && upper === undefined && !errors.lower && !errors.upper) {
        errors.lower = 'Give a lower bound, an upper bound, or both.';
      }
      if (lower !== undefined && upper !== undefined && lower > upper) {
        errors.upper = 'The upper bound must not be below the lower bound.';
      }
      Object.assign(input, lower !== undefined ? { lower } : {}, upper !== undefined ? { upper } : {});
    } else if (factor !== undefined) {
      input.factor = factor;
    }
    return input;
  },
};
