import type { FormProps, OperationForm } from './types';
import { GroupError } from './inputs';

function moved(order: string[], from: number, to: number): string[] {
  const next = [...order];
  [next[from], next[to]] = [next[to] as string, next[from] as string];
  return next;
}

function Fields({ draft, set, error }: FormProps) {
  const order = draft.order;
  return (
    <fieldset className="checklist">
      <legend>Column order</legend>
      <ol className="reorder-list">
        {order.map((name, i) => (
          <li key={name}>
            <span className="truncate">{name}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${name} up`}
              disabled={i === 0}
              onClick={() => set({ order: moved(order, i, i - 1) })}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${name} down`}
              disabled={i === order.length - 1}
              onClick={() => set({ order: moved(order, i, i + 1) })}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <GroupError error={error('columns')} />
    </fieldset>
  );
}

export const reorderColumns: OperationForm<'reorder_columns'> = {
  op: 'reorder_columns',
  label: 'Reorder columns',
  hint: 'Change the order of the columns.',
  Fields,
  build: (d) => ({ op: 'reorder_columns', columns: d.order }),
};
