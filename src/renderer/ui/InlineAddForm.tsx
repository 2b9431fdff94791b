import { useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../app/toasts';

interface Props {
  /** Names the form and its box. */
  label: string;
  /** Shows the label beside the box; otherwise only assistive technology reads it. */
  showLabel?: boolean;
  placeholder: string;
  maxLength: number;
  /** What an empty box is told. */
  emptyMessage: string;
  submitLabel: string;
  primary?: boolean;
  autoFocus?: boolean;
  onAdd(text: string): Promise<unknown>;
}

/**
 * A box and a button that add one thing by its name (a task, a project) and stay open for the
 * next: the box is emptied and keeps the focus. A refusal is shown under it, and nothing is lost.
 */
export function InlineAddForm({
  label,
  showLabel = false,
  placeholder,
  maxLength,
  emptyMessage,
  submitLabel,
  primary = false,
  autoFocus = false,
  onAdd,
}: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim().length === 0) {
      setError(emptyMessage);
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onAdd(text.trim());
      setText('');
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
        <span className={showLabel ? undefined : 'visually-hidden'}>{label}</span>
        <input
          ref={input}
          autoFocus={autoFocus}
          value={text}
          maxLength={maxLength}
          placeholder={placeholder}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
        />
      </label>
      <button type="submit" className={primary ? 'button primary' : 'button'} disabled={busy}>
        {submitLabel}
      </button>
      {error && (
        <p id={errorId} className="field-error boards-form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
