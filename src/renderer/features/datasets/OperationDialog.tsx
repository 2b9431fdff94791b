import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { OperationPreview, Version } from '../../../shared/datasets';
import { COLUMN_TYPES, type Column, type OperationKind } from '../../../shared/operations';
import { client } from '../../lib/client';
import { errorMessage, useToasts } from '../../app/toasts';
import { CairnError } from '../../../shared/result';
import { Field } from '../profiles/fields';
import { Dialog } from './Dialog';
import {
  AGGREGATES,
  newDraft,
  OPERATIONS,
  operationLabel,
  refOf,
  toOperation,
  type Draft,
  type FieldErrors,
} from './drafts';
import { ExpressionHelp } from './ExpressionHelp';
import { filterOutcome } from './filter-outcome';
import { formatCount } from './format';
import { PreviewTable } from './PreviewTable';

interface Props {
  workspaceId: string;
  datasetId: string;
  base: Version;
  /** "v3" and the like, as the versions list names it. */
  baseName: string;
  isCurrent: boolean;
  op: OperationKind;
  column?: string;
  onApplied(version: Version): void;
  onClose(): void;
}

function ColumnSelect(props: {
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

function ColumnChecklist(props: {
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

function Choice<T extends string>(props: {
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

function Text(props: {
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
            onChange={(e) => props.onChange(e.target.value)}
          />
        ) : (
          <input
            {...p}
            inputMode={props.inputMode}
            value={props.value}
            autoFocus={props.autoFocus}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

function Check(props: { label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

const EXPRESSION_HINT = (columns: Column[]) => (
  <>
    Columns by name (
    {columns
      .slice(0, 3)
      .map((c) => refOf(c.name))
      .join(', ')}
    {columns.length > 3 ? ', …' : ''}; names with spaces in double quotes), text in single quotes,
    comparisons, AND / OR / NOT, IS NULL, IN (…), LIKE. Example:{' '}
    <code>age &gt; 30 AND city = &apos;NY&apos;</code>
    <ExpressionHelp />
  </>
);

/** The fields of one operation's form. */
function OperationFields({
  draft,
  set,
  columns,
  errors,
}: {
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  columns: Column[];
  errors: FieldErrors;
}) {
  const d = draft;
  const e = (key: string) => errors[key];
  switch (d.op) {
    case 'select_columns':
    case 'drop_columns':
      return (
        <ColumnChecklist
          legend={d.op === 'select_columns' ? 'Columns to keep' : 'Columns to drop'}
          selected={d.columns}
          columns={columns}
          onChange={(columns) => set({ columns })}
          error={e('columns')}
        />
      );
    case 'reorder_columns':
      return (
        <fieldset className="checklist">
          <legend>Column order</legend>
          <ol className="reorder-list">
            {d.order.map((name, i) => (
              <li key={name}>
                <span className="truncate">{name}</span>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${name} up`}
                  disabled={i === 0}
                  onClick={() => {
                    const order = [...d.order];
                    [order[i - 1], order[i]] = [order[i] as string, order[i - 1] as string];
                    set({ order });
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${name} down`}
                  disabled={i === d.order.length - 1}
                  onClick={() => {
                    const order = [...d.order];
                    [order[i + 1], order[i]] = [order[i] as string, order[i + 1] as string];
                    set({ order });
                  }}
                >
                  ↓
                </button>
              </li>
            ))}
          </ol>
          {e('columns') && (
            <span className="field-error" role="alert">
              {e('columns')}
            </span>
          )}
        </fieldset>
      );
    case 'rename_columns':
      return (
        <fieldset className="checklist">
          <legend>Renames</legend>
          {d.renames.map((r, i) => (
            <div key={i} className="field-row two" role="group" aria-label={`Rename ${i + 1}`}>
              <ColumnSelect
                label="Column"
                value={r.from}
                columns={columns}
                emptyLabel="Choose…"
                error={e(`renames.${i}.from`)}
                onChange={(from) => set({ renames: d.renames.map((x, j) => (j === i ? { ...x, from } : x)) })}
              />
              <Text
                label="New name"
                value={r.to}
                autoFocus={i === 0}
                error={e(`renames.${i}.to`)}
                onChange={(to) => set({ renames: d.renames.map((x, j) => (j === i ? { ...x, to } : x)) })}
              />
            </div>
          ))}
          {e('renames') && (
            <span className="field-error" role="alert">
              {e('renames')}
            </span>
          )}
          <button
            type="button"
            className="button"
            onClick={() => set({ renames: [...d.renames, { from: '', to: '' }] })}
          >
            Add another rename
          </button>
        </fieldset>
      );
    case 'cast_type':
      return (
        <>
          <ColumnSelect
            label="Column"
            value={d.column}
            columns={columns}
            onChange={(column) => set({ column })}
            error={e('column')}
          />
          <Choice
            label="New type"
            value={d.to}
            options={COLUMN_TYPES.map((t) => [t, t] as const)}
            onChange={(to) => set({ to })}
            error={e('to')}
          />
          <Choice
            label="Values that cannot be converted"
            value={d.onError}
            options={[
              ['null', 'Become empty (null)'],
              ['fail', 'Stop: refuse the change'],
            ]}
            onChange={(onError) => set({ onError })}
          />
        </>
      );
    case 'filter_rows':
      return (
        <Text
          label="Keep rows where"
          multiline
          code
          autoFocus
          value={d.expression}
          onChange={(expression) => set({ expression })}
          error={e('expression')}
          hint={EXPRESSION_HINT(columns)}
        />
      );
    case 'derive_column':
      return (
        <>
          <Text
            label="New column name"
            autoFocus
            value={d.name}
            onChange={(name) => set({ name })}
            error={e('name')}
          />
          <Text
            label="Expression"
            multiline
            code
            value={d.expression}
            onChange={(expression) => set({ expression })}
            error={e('expression')}
            hint={EXPRESSION_HINT(columns)}
          />
        </>
      );
    case 'fill_missing':
      return (
        <>
          <ColumnChecklist
            legend="Columns to fill"
            selected={d.columns}
            columns={columns}
            onChange={(columns) => set({ columns })}
            error={e('columns')}
          />
          <Choice
            label="Fill with"
            value={d.strategy}
            options={[
              ['value', 'A fixed value'],
              ['mean', 'The mean'],
              ['median', 'The median'],
              ['mode', 'The most frequent value'],
              ['forward', 'The previous row’s value'],
              ['backward', 'The next row’s value'],
            ]}
            onChange={(strategy) => set({ strategy })}
            error={e('strategy')}
          />
          {d.strategy === 'value' && (
            <Text label="Value" value={d.value} onChange={(value) => set({ value })} error={e('value')} />
          )}
        </>
      );
    case 'drop_missing':
      return (
        <>
          <ColumnChecklist
            legend="Look at these columns"
            hint="None chosen: every column."
            selected={d.columns}
            columns={columns}
            onChange={(columns) => set({ columns })}
            error={e('columns')}
          />
          <Choice
            label="Drop a row when"
            value={d.how}
            options={[
              ['any', 'Any of them is empty'],
              ['all', 'All of them are empty'],
            ]}
            onChange={(how) => set({ how })}
          />
        </>
      );
    case 'deduplicate':
      return (
        <>
          <ColumnChecklist
            legend="Compare these columns"
            hint="None chosen: whole rows."
            selected={d.columns}
            columns={columns}
            onChange={(columns) => set({ columns })}
            error={e('columns')}
          />
          <Choice
            label="Keep"
            value={d.keep}
            options={[
              ['first', 'The first of each set'],
              ['last', 'The last of each set'],
            ]}
            onChange={(keep) => set({ keep })}
          />
        </>
      );
    case 'sort':
      return (
        <fieldset className="checklist">
          <legend>Sort keys</legend>
          {d.sortKeys.map((k, i) => {
            const update = (patch: Partial<typeof k>) =>
              set({ sortKeys: d.sortKeys.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            return (
              <div key={i} className="field-row" role="group" aria-label={`Sort key ${i + 1}`}>
                <ColumnSelect
                  label="Column"
                  value={k.column}
                  columns={columns}
                  onChange={(column) => update({ column })}
                  error={e(`keys.${i}.column`)}
                />
                <Choice
                  label="Direction"
                  value={k.direction}
                  options={[
                    ['asc', 'Ascending'],
                    ['desc', 'Descending'],
                  ]}
                  onChange={(direction) => update({ direction })}
                />
                <Choice
                  label="Empty values"
                  value={k.nulls}
                  options={[
                    ['last', 'Last'],
                    ['first', 'First'],
                  ]}
                  onChange={(nulls) => update({ nulls })}
                />
              </div>
            );
          })}
          <div className="toolbar">
            <button
              type="button"
              className="button"
              onClick={() =>
                set({
                  sortKeys: [
                    ...d.sortKeys,
                    { column: columns[0]?.name ?? '', direction: 'asc', nulls: 'last' },
                  ],
                })
              }
            >
              Add a sort key
            </button>
            {d.sortKeys.length > 1 && (
              <button
                type="button"
                className="button"
                onClick={() => set({ sortKeys: d.sortKeys.slice(0, -1) })}
              >
                Remove the last key
              </button>
            )}
          </div>
        </fieldset>
      );
    case 'find_replace':
      return (
        <>
          <ColumnChecklist
            legend="In columns"
            selected={d.columns}
            columns={columns}
            onChange={(columns) => set({ columns })}
            error={e('columns')}
          />
          <div className="field-row two">
            <Text label="Find" value={d.find} onChange={(find) => set({ find })} error={e('find')} />
            <Text
              label="Replace with"
              value={d.replace}
              onChange={(replace) => set({ replace })}
              error={e('replace')}
            />
          </div>
          <Choice
            label="Match"
            value={d.mode}
            options={[
              ['contains', 'Text that contains it (replace the part)'],
              ['exact', 'The whole value exactly'],
              ['regex', 'A regular expression'],
            ]}
            onChange={(mode) => set({ mode })}
            error={e('mode')}
          />
          <Check
            label="Match case"
            checked={d.caseSensitive}
            onChange={(caseSensitive) => set({ caseSensitive })}
          />
        </>
      );
    case 'text_clean':
      return (
        <>
          <ColumnChecklist
            legend="Columns to clean"
            selected={d.columns}
            columns={columns.filter((c) => c.type === 'text')}
            onChange={(columns) => set({ columns })}
            error={e('columns')}
          />
          <Check label="Trim spaces at both ends" checked={d.trim} onChange={(trim) => set({ trim })} />
          <Check
            label="Collapse repeated whitespace"
            checked={d.collapseWhitespace}
            onChange={(collapseWhitespace) => set({ collapseWhitespace })}
          />
          <Choice
            label="Case"
            value={d.textCase}
            options={[
              ['none', 'Leave as is'],
              ['lower', 'lower case'],
              ['upper', 'UPPER CASE'],
              ['title', 'Title Case'],
            ]}
            onChange={(textCase) => set({ textCase })}
          />
          {e('trim') && (
            <span className="field-error" role="alert">
              {e('trim')}
            </span>
          )}
        </>
      );
    case 'split_column':
      return (
        <>
          <ColumnSelect
            label="Column"
            value={d.column}
            columns={columns}
            onChange={(column) => set({ column })}
            error={e('column')}
          />
          <Text
            label="Split at"
            value={d.delimiter}
            onChange={(delimiter) => set({ delimiter })}
            error={e('delimiter')}
          />
          <Text
            label="New column names (one per line)"
            multiline
            value={d.into}
            onChange={(into) => set({ into })}
            error={e('into')}
          />
          <Check
            label="Keep the original column"
            checked={d.keepOriginal}
            onChange={(keepOriginal) => set({ keepOriginal })}
          />
        </>
      );
    case 'merge_columns':
      return (
        <>
          <ColumnChecklist
            legend="Columns to merge (in table order)"
            selected={d.columns}
            columns={columns}
            onChange={(columns) => set({ columns })}
            error={e('columns')}
          />
          <div className="field-row two">
            <Text
              label="Separator"
              value={d.separator}
              onChange={(separator) => set({ separator })}
              error={e('separator')}
            />
            <Text
              label="New column name"
              value={d.name}
              onChange={(name) => set({ name })}
              error={e('into')}
            />
          </div>
          <Check
            label="Keep the original columns"
            checked={d.keepOriginal}
            onChange={(keepOriginal) => set({ keepOriginal })}
          />
        </>
      );
    case 'clip_outliers':
      return (
        <>
          <ColumnSelect
            label="Column"
            value={d.column}
            columns={columns.filter((c) => c.type === 'integer' || c.type === 'float')}
            onChange={(column) => set({ column })}
            error={e('column')}
            emptyLabel="Choose a numeric column…"
          />
          <Choice
            label="Method"
            value={d.clipMethod}
            options={[
              ['iqr', 'Interquartile range (IQR)'],
              ['zscore', 'Z-score'],
              ['bounds', 'Fixed bounds'],
            ]}
            onChange={(clipMethod) => set({ clipMethod })}
          />
          {d.clipMethod === 'bounds' ? (
            <div className="field-row two">
              <Text
                label="Lower bound"
                inputMode="decimal"
                value={d.lower}
                onChange={(lower) => set({ lower })}
                error={e('lower')}
              />
              <Text
                label="Upper bound"
                inputMode="decimal"
                value={d.upper}
                onChange={(upper) => set({ upper })}
                error={e('upper')}
              />
            </div>
          ) : (
            <Text
              label={d.clipMethod === 'iqr' ? 'IQR multiplier' : 'Z-score threshold'}
              inputMode="decimal"
              value={d.factor}
              onChange={(factor) => set({ factor })}
              error={e('factor')}
              hint={d.clipMethod === 'iqr' ? 'Empty: 1.5' : 'Empty: 3'}
            />
          )}
        </>
      );
    case 'group_aggregate':
      return (
        <>
          <ColumnChecklist
            legend="Group by"
            hint="None chosen: one row for the whole table."
            selected={d.columns}
            columns={columns}
            onChange={(columns) => set({ columns })}
            error={e('by')}
          />
          <fieldset className="checklist">
            <legend>Aggregations</legend>
            {d.aggregations.map((a, i) => {
              const update = (patch: Partial<typeof a>) =>
                set({ aggregations: d.aggregations.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              return (
                <div key={i} className="field-row" role="group" aria-label={`Aggregation ${i + 1}`}>
                  <Choice
                    label="Function"
                    value={a.fn}
                    options={AGGREGATES.map((f) => [f, f.replace('_', ' ')] as const)}
                    onChange={(fn) => update({ fn })}
                  />
                  <ColumnSelect
                    label="Of column"
                    value={a.column}
                    columns={columns}
                    emptyLabel={a.fn === 'count' ? '(rows)' : 'Choose…'}
                    onChange={(column) => update({ column })}
                    error={e(`aggregations.${i}.column`)}
                  />
                  <Text
                    label="Result name"
                    value={a.as}
                    onChange={(as) => update({ as })}
                    error={e(`aggregations.${i}.as`)}
                  />
                </div>
              );
            })}
            <button
              type="button"
              className="button"
              onClick={() =>
                set({
                  aggregations: [...d.aggregations, { column: columns[0]?.name ?? '', fn: 'sum', as: '' }],
                })
              }
            >
              Add an aggregation
            </button>
          </fieldset>
        </>
      );
    case 'sample':
      return (
        <>
          <Choice
            label="Which rows"
            value={d.sampleMethod}
            options={[
              ['first', 'The first rows'],
              ['random', 'A random sample'],
            ]}
            onChange={(sampleMethod) => set({ sampleMethod })}
          />
          <Choice
            label="How many"
            value={d.sampleBy}
            options={[
              ['n', 'A number of rows'],
              ['fraction', 'A share of the rows'],
            ]}
            onChange={(sampleBy) => set({ sampleBy })}
          />
          {d.sampleBy === 'n' ? (
            <Text label="Rows" inputMode="numeric" value={d.n} onChange={(n) => set({ n })} error={e('n')} />
          ) : (
            <Text
              label="Share (0 to 1)"
              inputMode="decimal"
              value={d.fraction}
              onChange={(fraction) => set({ fraction })}
              error={e('fraction')}
            />
          )}
          {d.sampleMethod === 'random' && (
            <Text
              label="Seed"
              inputMode="numeric"
              value={d.seed}
              onChange={(seed) => set({ seed })}
              error={e('seed')}
              hint="The same seed gives the same sample."
            />
          )}
        </>
      );
  }
}

/**
 * The form of one operation: validated with the shared schema, previewed by the backend
 * (first rows, counts, summary, SQL and pandas), then applied as a new version.
 */
export function OperationDialog(props: Props) {
  const columns = props.base.columns;
  const [draft, setDraft] = useState<Draft>(() => newDraft(props.op, columns, props.column));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ draft: Draft; result: OperationPreview } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  /** The apply under way: its id (to cancel it) and when it started (SQLite reports no row progress). */
  const [applying, setApplying] = useState<{ requestId: string; startedAt: number } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const fresh = preview !== null && preview.draft === draft;

  useEffect(() => {
    if (!applying) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [applying]);

  const cancelApply = () => {
    if (!applying) return;
    setCancelling(true);
    void client.invoke('versions:cancelApply', { requestId: applying.requestId }).catch(() => undefined);
  };

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFormError(null);
  };

  const scope = {
    workspaceId: props.workspaceId,
    datasetId: props.datasetId,
    versionId: props.base.id,
  };

  const check = () => {
    const parsed = toOperation(draft, columns);
    setErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) {
      setFormError(parsed.errors.form ?? 'Some fields need attention.');
      return null;
    }
    return parsed.operation;
  };

  const runPreview = async (event?: FormEvent) => {
    event?.preventDefault();
    const operation = check();
    if (!operation) return;
    setBusy('preview');
    try {
      const result = await client.invoke('versions:preview', { ...scope, operation });
      setPreview({ draft, result });
      setFormError(null);
    } catch (error) {
      setPreview(null);
      setFormError(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const apply = async () => {
    const operation = check();
    if (!operation) return;
    setBusy('apply');
    const requestId = crypto.randomUUID();
    setApplying({ requestId, startedAt: Date.now() });
    setNow(Date.now());
    setCancelling(false);
    try {
      const version = await client.invoke('versions:apply', { ...scope, operation, requestId });
      props.onApplied(version);
      props.onClose();
    } catch (error) {
      if (error instanceof CairnError && error.code === 'CANCELLED') {
        useToasts.getState().push('info', 'Cancelled — nothing was changed');
      } else {
        setFormError(errorMessage(error));
      }
      setBusy(null);
    } finally {
      setApplying(null);
      setCancelling(false);
    }
  };
  const elapsed = applying ? Math.max(0, Math.floor((now - applying.startedAt) / 1000)) : 0;

  const result = preview?.result;
  return (
    <Dialog
      title={operationLabel(draft.op)}
      onClose={props.onClose}
      {...(applying ? { onDismiss: cancelApply } : {})}
      wide
    >
      <form className="op-form" onSubmit={(e) => void runPreview(e)} noValidate>
        <Field label="Operation">
          {(p) => (
            <select
              {...p}
              value={draft.op}
              onChange={(e) => {
                setDraft(newDraft(e.target.value as OperationKind, columns, props.column));
                setErrors({});
                setFormError(null);
                setPreview(null);
              }}
            >
              {OPERATIONS.map((o) => (
                <option key={o.op} value={o.op}>
                  {o.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className={props.isCurrent ? 'muted small' : 'notice small'} role="note">
          {props.isCurrent
            ? `Applies to ${props.baseName}, the current version; the result becomes a new version.`
            : `Applies to ${props.baseName}, which is not the current version: the result starts a new branch from it.`}
        </p>
        <OperationFields draft={draft} set={set} columns={columns} errors={errors} />
        {formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}
        {result && (
          <section
            className={`op-preview${fresh ? '' : ' stale'}`}
            aria-label="Preview"
            aria-describedby={fresh ? undefined : `${props.base.id}-stale`}
          >
            <h3>Preview</h3>
            {!fresh && (
              <p id={`${props.base.id}-stale`} className="notice small">
                The form changed since this preview. Preview again before applying.
              </p>
            )}
            <p className="preview-summary">{result.summary}</p>
            {result.nothingToChange ? (
              <p className="notice" role="status">
                {result.nothingToChange} Apply would make no version.
              </p>
            ) : (
              draft.op === 'filter_rows' &&
              result.rowCount === 0 && (
                <p className="notice" role="status">
                  {filterOutcome('filter', 0, props.base.rowCount)} Applying it makes an empty version.
                </p>
              )
            )}
            {result.existingVersionId && !result.nothingToChange && (
              <p className="muted small" role="note">
                This step was applied to this version before: Apply goes back to that result instead of making
                a copy.
              </p>
            )}
            <p className="muted small">
              {formatCount(result.rowCount)} rows in the result (now {formatCount(props.base.rowCount)})
              {result.affectedRows !== null && <>; {formatCount(result.affectedRows)} rows affected</>}.
            </p>
            <PreviewTable columns={result.columns} rows={result.rows.slice(0, 20)} label="Preview rows" />
            <details className="code-details">
              <summary>SQL and pandas</summary>
              <h4>SQL</h4>
              <pre>
                <code>{result.sql}</code>
              </pre>
              <h4>pandas</h4>
              <pre>
                <code>{result.pandas}</code>
              </pre>
            </details>
          </section>
        )}
        {applying && (
          <p className="notice small" role="status" aria-live="polite">
            {cancelling ? 'Cancelling…' : `Applying… ${elapsed} s`}{' '}
            <span className="muted">(Escape cancels)</span>
          </p>
        )}
        <div className="dialog-actions">
          {applying ? (
            <button type="button" className="button" onClick={cancelApply} disabled={cancelling}>
              Cancel apply
            </button>
          ) : (
            <button type="button" className="button" onClick={props.onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className="button" disabled={busy !== null}>
            {busy === 'preview' ? 'Previewing…' : 'Preview'}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!fresh || busy !== null || Boolean(result?.nothingToChange)}
            title={fresh ? (result?.nothingToChange ?? undefined) : 'Preview first'}
            onClick={() => void apply()}
          >
            {busy === 'apply' ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
