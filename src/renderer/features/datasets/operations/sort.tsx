import type { SortKeyDraft } from '../drafts';
import type { FormProps, OperationForm } from './types';
import { Choice, ColumnSelect } from './inputs';

function Fields({ draft, set, columns, error }: FormProps) {
  const keys = draft.sortKeys;
  const update = (i: number, patch: Partial<SortKeyDraft>) =>
    set({ sortKeys: keys.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  return (
    <fieldset className="checklist">
      <legend>Sort keys</legend>
      {keys.map((k, i) => (
        <div key={i} className="field-row" role="group" aria-label={`Sort key ${i + 1}`}>
          <ColumnSelect
            label="Column"
            value={k.column}
            columns={columns}
            onChange={(column) => update(i, { column })}
            error={error(`keys.${i}.column`)}
          />
          <Choice
            label="Direction"
            value={k.direction}
            options={[
              ['asc', 'Ascending'],
              ['desc', 'Descending'],
            ]}
            onChange={(direction) => update(i, { direction })}
          />
          <Choice
            label="Empty values"
            value={k.nulls}
            options={[
              ['last', 'Last'],
              ['first', 'First'],
            ]}
            onChange={(nulls) => update(i, { nulls })}
          />
        </div>
      ))}
      <div className="toolbar">
        <button
          type="button"
          className="button"
          onClick={() =>
            set({ sortKeys: [...keys, { column: columns[0]?.name ?? '', direction: 'asc', nulls: 'last' }] })
          }
        >
          Add a sort key
        </button>
        {keys.length > 1 && (
          <button type="button" className="button" onClick={() => set({ sortKeys: keys.slice(0, -1) })}>
            Remove the last key
          </button>
        )}
      </div>
    </fieldset>
  );
}

export const sort: OperationForm<'sort'> = {
  op: 'sort',
  label: 'Sort',
  hint: 'Order the rows by one or more columns.',
  Fields,
  build: (d) => ({ op: 'sort', keys: d.sortKeys }),
};
