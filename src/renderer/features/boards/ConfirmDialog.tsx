import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../app/toasts';
import { Dialog } from '../datasets/Dialog';

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}

/**
 * Cairn's own confirmation for what cannot be undone (the browser's confirm() cannot be styled,
 * tested or reached the same way). Cancel has the focus: Enter alone never destroys anything.
 */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // After the dialog has opened (its own effect runs first) and focused its first control.
  useEffect(() => cancel.current?.focus(), []);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button ref={cancel} type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button danger" disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
