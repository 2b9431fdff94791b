import { useId, type ReactNode } from 'react';
import type { Column } from '../../../../shared/operations';
import { Field } from '../../../ui/Field';
import { refOf } from '../drafts';
import { ExpressionHelp } from '../ExpressionHelp';
import { ExpressionInput } from '../ExpressionInput';

/** The pieces every operation form is built from: labelled, with their inline messages. */

export function ColumnSelect(props: {
  label: string;
  value: string;
  columns: Column[];
  onChange(value: string): void;
  error?: string | undefined;
  emptyLabel?: string;
}) {
  return (
    <Field label={props.label} error={props.error}>
      {(p) => (
        <select {...p} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
          {props.columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.type})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ColumnChecklist(props: {
  legend: string;
  selected: string[];
  columns: Column[];
  onChange(selected: string[]): void;
  error?: string | undefined;
  hint?: string;
}) {
  const errorId = useId();
  return (
    <fieldset className="checklist" aria-describedby={props.error ? errorId : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && <p className="muted small">{props.hint}</p>}
      <div className="checklist-items">
        {props.columns.map((c) => (
          <label key={c.name} className="checkbox">
            <input
              type="checkbox"
              checked={props.selected.includes(c.name)}
              onChange={(e) =>
                props.onChange(
                  e.target.checked
                    ? [...props.selected, c.name]
                    : props.selected.filter((name) => name !== c.name),
                )
              }
            />
            <span className="truncate">{c.name}</span>
          </label>
        ))}
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="link-button plain"
          onClick={() => props.onChange(props.columns.map((c) => c.name))}
        >
          All
        </button>
        <button type="button" className="link-button plain" onClick={() => props.onChange([])}>
          None
        </button>
      </div>
      {props.error && (
        <span id={errorId} className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

export function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange(value: T): void;
  error?: string | undefined;
}) {
  return (
    <Field label={props.label} error={props.error}>
      {(p) => (
        <select {...p} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
          {props.options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Text(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: ReactNode;
  multiline?: boolean;
  code?: boolean;
  inputMode?: 'decimal' | 'numeric';
  autoFocus?: boolean;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {(p) =>
        props.multiline ? (
          <textarea
            {...p}
            rows={3}
            className={props.code ? 'code-input' : undefined}
            spellCheck={!props.code}
            value={props.value}
            autoFocus={props.autoFocus}
            data-autofocus={props.autoFocus || undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        ) : (
          <input
            {...p}
            inputMode={props.inputMode}
            value={props.value}
            autoFocus={props.autoFocus}
            data-autofocus={props.autoFocus || undefined}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

/** An expression field: completes column and function names as the person types. */
export function ExpressionText(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  columns: Column[];
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  return (
    <Field label={props.label} error={props.error} hint={<ExpressionHint columns={props.columns} />}>
      {(p) => (
        <ExpressionInput
          {...p}
          multiline
          columns={props.columns.map((c) => c.name)}
          value={props.value}
          onChange={props.onChange}
          {...(props.autoFocus ? { autoFocus: true } : {})}
        />
      )}
    </Field>
  );
}

export function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

/** A message for a group of fields that has no single control to sit under. */
export function GroupError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <span className="field-error" role="alert">
      {error}
    </span>
  );
}

export function ExpressionHint({ columns }: { columns: Column[] }) {
  return (
    <>
      Columns by name (
      {columns
        .slice(0, 3)
        .map((c) => refOf(c.name))
        .join(', ')}
      {columns.length > 3 ? ', …' : ''}; names with spaces in double quotes), text in single quotes,
      comparisons, AND / OR / NOT, IS NULL, IN (…), LIKE; functions such as <code>year(date)</code>{' '}
      (Ctrl+Space suggests names). Example: <code>age &gt; 30 AND city = &apos;NY&apos;</code>
      <ExpressionHelp />
    </>
  );
}
