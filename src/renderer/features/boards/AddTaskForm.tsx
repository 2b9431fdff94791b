import { useId, useRef, useState, type FormEvent } from 'react';
import { TASK_TITLE_MAX } from '../../../shared/boards';
import { errorMessage } from '../../app/toasts';

/** A title box and a button: the quickest way to put a task (or a subtask) on the board. */
export function AddTaskForm({
  label,
  placeholder,
  onAdd,
  autoFocus = false,
}: {
  label: string;
  placeholder: string;
  onAdd(title: string): Promise<unknown>;
  autoFocus?: boolean;
}) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim().length === 0) {
      setError('A task needs a title.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onAdd(title.trim());
      setTitle('');
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      // Typing the next one straight away is the common case.
      input.current?.focus();
    }
  };
  return (
    <form className="boards-inline-form" onSubmit={(e) => void submit(e)} aria-label={label}>
      <label className="field">
        <span className="visually-hidden">{label}</span>
        <input
          ref={input}
          autoFocus={autoFocus}
          value={title}
          maxLength={TASK_TITLE_MAX}
          placeholder={placeholder}
          aria-label={label}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setTitle(e.target.value);
            setError(null);
          }}
        />
      </label>
      <button type="submit" className="button" disabled={busy}>
        Add
      </button>
      {error && (
        <p id={errorId} className="field-error boards-form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
