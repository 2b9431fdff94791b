import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../app/toasts';
import { Dialog } from './Dialog';

interface Props {
  title: string;
  label: string;
  submitLabel: string;
  initial: string;
  maxLength: number;
  /** What an empty name is told. */
  emptyMessage: string;
  onSubmit(name: string): Promise<unknown>;
  onClose(): void;
}

/**
 * One name to type (a workspace, a project: new or renamed). The back end's refusal (a taken
 * name) is shown under the box, and the box has the focus again to correct it.
 */
export function NameDialog({
  title,
  label,
  submitLabel,
  initial,
  maxLength,
  emptyMessage,
  onSubmit,
  onClose,
}: Props) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const box = useRef<HTMLInputElement>(null);
  // After the dialog has opened (its effect runs first, and focuses its first control).
  useEffect(() => box.current?.focus(), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length === 0) {
      setError(emptyMessage);
      box.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
      box.current?.focus();
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <label className="field">
          <span>{label}</span>
          <input
            ref={box}
            value={name}
            maxLength={maxLength}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </label>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
