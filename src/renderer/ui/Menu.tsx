import { useEffect, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  label: string;
  onSelect(): void;
  disabled?: boolean;
  /** Starts a new group (a separator above it). */
  separated?: boolean;
}

interface MenuProps {
  label: string;
  items: MenuItem[];
  /** Where the menu opens: under this rectangle (a button or a column header). */
  anchor: DOMRect;
  onClose(): void;
}

/**
 * A popup menu (role=menu): focus moves into it, arrow keys, Home/End and first letters move
 * between items, Enter chooses, Escape or a click elsewhere closes and focus goes back.
 * Rendered in a portal so a scrolling grid does not clip it.
 */
export function Menu({ label, items, anchor, onClose }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onCloseRef.current();
    };
    // The person scrolling elsewhere closes the menu (its anchor moves away). Wheel, not scroll:
    // a scroll event still on its way from bringing the opener into view must not close it.
    const onWheel = (event: Event) => {
      if (ref.current && !ref.current.contains(event.target as Node)) onCloseRef.current();
    };
    const onResize = () => onCloseRef.current();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('wheel', onWheel, { capture: true, passive: true });
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('wheel', onWheel, { capture: true });
      window.removeEventListener('resize', onResize);
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(
      ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [],
    );
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus();
    if (event.key === 'ArrowDown') focus(index + 1);
    else if (event.key === 'ArrowUp') focus(index - 1);
    else if (event.key === 'Home') focus(0);
    else if (event.key === 'End') focus(buttons.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const order = [...buttons.slice(index + 1), ...buttons.slice(0, index + 1)];
      order.find((b) => b.textContent?.trim().toLowerCase().startsWith(letter))?.focus();
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  // Below the anchor, or above it when there is more room there than the menu needs below.
  const width = 240;
  const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
  const wanted = items.length * 34 + 12;
  const below = window.innerHeight - anchor.bottom - 12;
  const above = anchor.top - 12;
  const position =
    below >= wanted || below >= above
      ? { top: anchor.bottom + 4, maxHeight: Math.max(120, below) }
      : { bottom: window.innerHeight - anchor.top + 4, maxHeight: above };
  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ left, width, ...position }}
      onKeyDown={onKeyDown}
    >
      {items.map((item, i) => (
        <div key={`${item.label}-${i}`} role="none" className={item.separated ? 'menu-separated' : undefined}>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            disabled={item.disabled}
            tabIndex={-1}
            onClick={() => {
              onClose();
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        </div>
      ))}
    </div>,
    document.body,
  );
}
