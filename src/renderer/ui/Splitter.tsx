import type { KeyboardEvent, PointerEvent } from 'react';

interface SplitterProps {
  label: string;
  /** The width of the panel the splitter sizes, which sits to its right. */
  value: number;
  min: number;
  max: number;
  onChange(value: number): void;
  controls: string;
}

/**
 * A vertical bar that resizes the panel on its right: drag it, or focus it and use the arrow
 * keys (Shift for larger steps), Home and End.
 */
export function Splitter({ label, value, min, max, onChange, controls }: SplitterProps) {
  const clamp = (n: number) => Math.round(Math.min(max, Math.max(min, n)));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startValue = value;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => onChange(clamp(startValue + (startX - e.clientX)));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 64 : 16;
    const next: Record<string, number> = {
      ArrowLeft: value + step,
      ArrowRight: value - step,
      Home: max,
      End: min,
    };
    const to = next[event.key];
    if (to === undefined) return;
    event.preventDefault();
    onChange(clamp(to));
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-controls={controls}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
