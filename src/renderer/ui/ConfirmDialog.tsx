import { Dialog } from './Dialog';

interface ConfirmProps {
  title: string;
  message: string;
  /** Names the action ("Delete"), so the button says what it does rather than "OK". */
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onClose(): void;
}

/**
 * Cairn's own confirmation, in place of the browser's confirm(): styled, labelled, and with the
 * focus on Cancel so that Enter pressed by habit destroys nothing.
 */
export function ConfirmDialog({ title, message, confirmLabel, danger, onConfirm, onClose }: ConfirmProps) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" className="button" data-autofocus onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${danger ? 'danger' : 'primary'}`}
          onClick={() => {
            onClose();
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
