import { AGGREGATES, aggregateName, type AggregationDraft } from '../drafts';
import type { FormProps, OperationForm } from './types';
import { Choice, ColumnChecklist, ColumnSelect, Text } from './inputs';

function Fields({ draft, set, columns, error }: FormProps) {
  const aggregations = draft.aggregations;
  const update = (i: number, patch: Partial<AggregationDraft>) =>
    set({
      aggregations: aggregations.map((a, j) => {
        if (j !== i) return a;
        const next = { ...a, ...patch };
        // The result name follows the function and column until the person writes their own.
        if (patch.as === undefined && a.as === aggregateName(a)) next.as = aggregateName(next);
        return next;
      }),
    });
  return (
    <>
      <ColumnChecklist
        legend="Group by"
        hint="None chosen: one row for the whole table."
        selected={draft.columns}
        columns={columns}
        onChange={(columns) => set({ columns })}
        error={error('by')}
      />
      <fieldset className="checklist">
        <legend>Aggregations</legend>
        {aggregations.map((a, i) => (
          <div key={i} className="field-row" role="group" aria-label={`Aggregation ${i + 1}`}>
            <Choice
              label="Function"
              value={a.fn}
              options={AGGREGATES.map((f) => [f, f.replace('_', ' ')] as const)}
              onChange={(fn) => update(i, { fn })}
            />
            <ColumnSelect
              label="Of column"
              value={a.column}
              columns={columns}
              emptyLabel={a.fn === 'count' ? '(rows)' : 'Choose…'}
              onChange={(column) => update(i, { column })}
              error={error(`aggregations.${i}.column`)}
            />
            <Text
              label="Result name"
              value={a.as}
              onChange={(as) => update(i, { as })}
              error={error(`aggregations.${i}.as`)}
            />
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => {
            const added: AggregationDraft = { column: columns[0]?.name ?? '', fn: 'sum', as: '' };
            set({ aggregations: [...aggregations, { ...added, as: aggregateName(added) }] });
          }}
        >
          Add an aggregation
        </button>
      </fieldset>
    </>
  );
}

export const groupAggregate: OperationForm<'group_aggregate'> = {
  op: 'group_aggregate',
  label: 'Group and aggregate',
  hint: 'Summarise rows by groups.',
  Fields,
  build: (d, _columns, errors) => {
    d.aggregations.forEach((a, i) => {
      if (!a.column && a.fn !== 'count') errors[`aggregations.${i}.column`] = 'Choose a column to aggregate.';
    });
    return {
      op: 'group_aggregate',
      by: d.columns,
      aggregations: d.aggregations.map((a) => ({
        fn: a.fn,
        as: a.as.trim(),
        ...(a.column ? { column: a.column } : {}),
      })),
    };
  },
};
