import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { completeExpression, type Completions } from '../../../shared/expression-functions';

/** How many suggestions the list shows at once; typing narrows it. */
const SHOWN = 8;

type Control = HTMLInputElement | HTMLTextAreaElement;

interface ExpressionInputProps {
  id: string;
  value: string;
  onChange(value: string): void;
  columns: readonly string[];
  multiline?: boolean;
  autoFocus?: boolean;
  placeholder?: string;
  className?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string | undefined;
}

/**
 * A text control for Cairn's expression language that suggests column and function names as
 * the person types (or on Ctrl+Space), as an ARIA combobox: ↑/↓ choose, Enter or Tab insert,
 * Escape closes the list (and only the list). Names with spaces are inserted quoted.
 */
export function ExpressionInput(props: ExpressionInputProps) {
  const listId = useId();
  const ref = useRef<Control | null>(null);
  const [open, setOpen] = useState<Completions | null>(null);
  const [active, setActive] = useState(0);
  const items = open?.items.slice(0, SHOWN) ?? [];
  const expanded = open !== null && items.length > 0;

  function suggest(text: string, cursor: number, always: boolean): void {
    const found = completeExpression(text, cursor, props.columns);
    const typed = cursor > found.from;
    // Only while a name is being typed (or asked for), and not once it is complete: Enter after
    // a whole name (`age`, `null`) goes to the form, not to a list of longer names.
    const word = text.slice(found.from, cursor).replace(/^["`]/, '').toLowerCase();
    const complete = found.items.some((item) => item.label.replace(/\(\)$/, '').toLowerCase() === word);
    if (always ? found.items.length > 0 : typed && found.items.length > 0 && !complete) {
      setOpen(found);
      setActive(0);
    } else setOpen(null);
  }

  function accept(index: number): void {
    const control = ref.current;
    const item = items[index];
    if (!control || !open || !item) return;
    const text = props.value;
    const next = text.slice(0, open.from) + item.insert + text.slice(open.to);
    const caret = open.from + item.insert.length;
    props.onChange(next);
    setOpen(null);
    // After React has written the new value, put the caret after the inserted name.
    requestAnimationFrame(() => {
      control.focus();
      control.setSelectionRange(caret, caret);
    });
  }

  function onKeyDown(event: KeyboardEvent<Control>): void {
    if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      const control = event.currentTarget;
      suggest(control.value, control.selectionStart ?? control.value.length, true);
      return;
    }
    if (!expanded) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + items.length) % items.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      accept(active);
    } else if (event.key === 'Escape') {
      // Closes the list, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(null);
    }
  }

  const common = {
    id: props.id,
    role: 'combobox',
    'aria-autocomplete': 'list' as const,
    'aria-expanded': expanded,
    'aria-controls': listId,
    'aria-activedescendant': expanded ? `${listId}-${active}` : undefined,
    'aria-invalid': props['aria-invalid'],
    'aria-describedby': props['aria-describedby'],
    className: ['code-input', props.className].filter(Boolean).join(' '),
    spellCheck: false,
    autoComplete: 'off',
    value: props.value,
    placeholder: props.placeholder,
    autoFocus: props.autoFocus,
    'data-autofocus': props.autoFocus || undefined,
    onKeyDown,
    onBlur: () => setOpen(null),
    onChange: (e: { target: Control }) => {
      props.onChange(e.target.value);
      suggest(e.target.value, e.target.selectionStart ?? e.target.value.length, false);
    },
  };

  return (
    <div className="expression-input">
      {props.multiline ? (
        <textarea {...common} ref={(el) => void (ref.current = el)} rows={3} />
      ) : (
        <input {...common} ref={(el) => void (ref.current = el)} />
      )}
      <ul id={listId} role="listbox" aria-label="Suggestions" className="completion-list" hidden={!expanded}>
        {items.map((item, i) => (
          <li
            key={`${item.kind}-${item.label}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'completion active' : 'completion'}
            // Keep the focus in the input: the click inserts, the input stays where typing goes.
            onMouseDown={(e) => {
              e.preventDefault();
              accept(i);
            }}
          >
            <span className="completion-label">{item.label}</span>
            <span className="completion-detail muted small">{item.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
