import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface PopoverProps {
  id: string;
  title: string;
  /** The button that opened it: the popover opens under it and focus returns to it. */
  anchor: HTMLElement;
  onClose(): void;
  children: ReactNode;
}

/**
 * A non-modal dialog next to its button: focus moves into it, Escape, a click elsewhere or
 * scrolling the page closes it, and focus goes back to the button.
 */
export function Popover({ id, title, anchor, onClose, children }: PopoverProps) {
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const popover = ref.current;
    popover?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (popover?.contains(target) || anchor.contains(target)) return;
      onCloseRef.current();
    };
    const onResize = () => onCloseRef.current();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('resize', onResize);
    };
  }, [anchor]);

  const rect = anchor.getBoundingClientRect();
  const width = Math.min(420, window.innerWidth - 16);
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  return createPortal(
    <div
      ref={ref}
      id={id}
      className="popover"
      role="dialog"
      aria-label={title}
      tabIndex={-1}
      style={{
        left,
        top: rect.bottom + 6,
        width,
        maxHeight: Math.max(160, window.innerHeight - rect.bottom - 20),
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
          anchor.focus();
        }
      }}
    >
      <div className="popover-title">
        <h2>{title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          onClick={() => {
            onClose();
            anchor.focus();
          }}
        >
          ×
        </button>
      </div>
      {children}
    </div>,
    document.body,
  );
}
