import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose(): void;
  /**
   * Escape and × call this instead of closing, when given: a dialog busy with work that can be
   * stopped (an apply) cancels the work rather than disappearing under it.
   */
  onDismiss?: () => void;
  children: ReactNode;
  wide?: boolean;
  /**
   * A fixed height, whatever the content: what arrives later (a preview) scrolls inside, so the
   * dialog does not grow and re-centre, and its buttons never move away under the pointer.
   */
  steady?: boolean;
}

/** A modal <dialog>: focus is kept inside, Escape closes, the title names it. */
export function Dialog({ title, onClose, onDismiss, children, wide, steady }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    // React focuses an `autoFocus` control on mount, before this runs; showModal() would move the
    // focus to the first button (the ×), so the control that asked for it gets it back.
    const asked = document.activeElement;
    dialog.showModal();
    // A control marked data-autofocus (e.g. Cancel in a confirm) wins over the first button.
    const marked = dialog.querySelector<HTMLElement>('[data-autofocus]');
    if (marked) marked.focus();
    else if (asked instanceof HTMLElement && asked !== document.activeElement && dialog.contains(asked))
      asked.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}${steady ? ' dialog-steady' : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={(event) => {
        // Handled here as well: Chromium may refuse to hold a dialog open on a repeated Escape.
        if (onDismiss && event.key === 'Escape') {
          event.preventDefault();
          onDismiss();
        }
      }}
      onCancel={(event) => {
        if (!onDismiss) {
          onClose();
          return;
        }
        event.preventDefault();
        onDismiss();
      }}
    >
      <div className="dialog-title">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onDismiss ?? onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
