import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { WORKSPACE_NAME_MAX } from '../../../shared/workspaces';
import { errorMessage } from '../../app/toasts';

interface Props {
  title: string;
  submitLabel: string;
  initialName: string;
  onSubmit(name: string): Promise<unknown>;
  onClose(): void;
}

/**
 * A modal form for a workspace name (create and rename). The native <dialog> gives focus
 * trapping and Escape-to-close; errors from the backend (a taken name) are shown inline.
 */
export function WorkspaceNameDialog({ title, submitLabel, initialName, onSubmit, onClose }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  /** Where typing is expected: focused on opening and after every error. */
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const errorId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed.length === 0) {
      setError('A workspace needs a name.');
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(trimmed);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <h2 id={titleId}>{title}</h2>
        <label className="field">
          <span>Name</span>
          <input
            ref={input}
            value={name}
            maxLength={WORKSPACE_NAME_MAX}
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
    </dialog>
  );
}
