import type { FormProps, OperationForm } from './types';
import { ColumnSelect, GroupError, Text } from './inputs';

function Fields({ draft, set, columns, error }: FormProps) {
  const renames = draft.renames;
  const update = (i: number, patch: Partial<(typeof renames)[number]>) =>
    set({ renames: renames.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  return (
    <fieldset className="checklist">
      <legend>Renames</legend>
      {renames.map((r, i) => (
        <div key={i} className="field-row two" role="group" aria-label={`Rename ${i + 1}`}>
          <ColumnSelect
            label="Column"
            value={r.from}
            columns={columns}
            emptyLabel="Choose…"
            error={error(`renames.${i}.from`)}
            onChange={(from) => update(i, { from })}
          />
          <Text
            label="New name"
            value={r.to}
            autoFocus={i === 0}
            error={error(`renames.${i}.to`)}
            onChange={(to) => update(i, { to })}
          />
        </div>
      ))}
      <GroupError error={error('renames')} />
      <button
        type="button"
        className="button"
        onClick={() => set({ renames: [...renames, { from: '', to: '' }] })}
      >
        Add another rename
      </button>
    </fieldset>
  );
}

export const renameColumns: OperationForm<'rename_columns'> = {
  op: 'rename_columns',
  label: 'Rename columns',
  hint: 'Give columns new names.',
  Fields,
  build: (d) => ({ op: 'rename_columns', renames: d.renames.filter((r) => r.from !== '' || r.to !== '') }),
};
