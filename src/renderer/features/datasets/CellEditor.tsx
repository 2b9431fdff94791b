import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { CellRef, EditScope } from './cells';
import { cellText } from './cells';

export interface EditState {
  /** The cell's place in the grid (view order), for positioning. */
  index: number;
  col: number;
  cell: CellRef;
  text: string;
  scope: EditScope;
  busy: boolean;
  error: string | null;
}

interface Props {
  state: EditState;
  top: number;
  left: number;
  width: number;
  onChange(patch: Partial<Pick<EditState, 'text' | 'scope'>>): void;
  onCommit(): void;
  onCancel(): void;
}

/**
 * The in-place editor of one cell: the new value, and whether it changes this cell only or every
 * cell of the column with the same value. Enter saves (a new version), Escape cancels; an empty
 * box is a missing value.
 */
export function CellEditor({ state, top, left, width, onChange, onCommit, onCancel }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const { cell } = state;
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  useEffect(() => {
    if (state.error) input.current?.focus();
  }, [state.error]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The grid's own keys (arrows, Enter to sort) must not act while the editor has the focus.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Enter' && !state.busy) {
      event.preventDefault();
      onCommit();
    }
  };
  const shown = cell.value === null || cell.value === undefined ? 'missing' : `“${cellText(cell.value)}”`;

  return (
    <div
      className="cell-editor"
      role="group"
      aria-label={`Edit ${cell.column.name} in row ${cell.row}`}
      style={{ top, left, width }}
      onKeyDown={onKeyDown}
    >
      <input
        ref={input}
        className={`cell-editor-input${cell.column.type === 'integer' || cell.column.type === 'float' ? ' num' : ''}`}
        aria-label={`New value for ${cell.column.name} in row ${cell.row}`}
        aria-describedby={`${id}-hint${state.error ? ` ${id}-error` : ''}`}
        aria-invalid={state.error !== null}
        value={state.text}
        disabled={state.busy}
        onChange={(e) => onChange({ text: e.target.value })}
      />
      <fieldset className="cell-editor-scope">
        <legend className="visually-hidden">Change</legend>
        <label>
          <input
            type="radio"
            name={`${id}-scope`}
            checked={state.scope === 'row'}
            onChange={() => onChange({ scope: 'row' })}
          />
          This cell only (row {cell.row})
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-scope`}
            checked={state.scope === 'value'}
            onChange={() => onChange({ scope: 'value' })}
          />
          Every cell with {shown} in {cell.column.name}
        </label>
      </fieldset>
      {state.error && (
        <p id={`${id}-error`} className="field-error small" role="alert">
          {state.error}
        </p>
      )}
      <p id={`${id}-hint`} className="muted small cell-editor-hint">
        {state.busy
          ? 'Saving…'
          : `Enter saves a new version · Escape cancels · empty is missing (${cell.column.type})`}
      </p>
      <div className="cell-editor-actions">
        <button type="button" className="button small-button" onClick={onCancel} disabled={state.busy}>
          Cancel
        </button>
        <button
          type="button"
          className="button small-button primary"
          onClick={onCommit}
          disabled={state.busy}
        >
          Save
        </button>
      </div>
    </div>
  );
}
