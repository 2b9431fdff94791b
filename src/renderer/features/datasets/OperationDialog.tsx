import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { OperationPreview, Version } from '../../../shared/datasets';
import type { Operation, OperationKind } from '../../../shared/operations';
import { client } from '../../lib/client';
import { errorMessage, useToasts } from '../../app/toasts';
import { CairnError } from '../../../shared/result';
import { Field } from '../../ui/Field';
import { Dialog } from '../../ui/Dialog';
import { newDraft, type Draft } from './drafts';
import { filterOutcome } from './filter-outcome';
import { formatCount } from './format';
import { formFor, OPERATIONS, toOperation } from './operations/registry';
import { PreviewChanges } from './PreviewChanges';

interface Props {
  workspaceId: string;
  datasetId: string;
  base: Version;
  /** "v3" and the like, as the versions list names it. */
  baseName: string;
  isCurrent: boolean;
  op: OperationKind;
  column?: string;
  /** Fields filled in by whoever opened the form (a cell's menu), over the fresh form. */
  initial?: Partial<Draft>;
  onApplied(version: Version): void;
  onClose(): void;
}

/** How long the form rests before its preview refreshes: one request per pause, not per key. */
const PREVIEW_DELAY_MS = 300;

/**
 * The preview of the form as it is: refreshed by itself a moment after each change. At most one
 * request is with the backend at a time (a preview of a large table takes a while and cannot be
 * stopped there): changes made meanwhile wait, and only the newest is sent when it returns. An
 * answer for a form that has changed since is kept but shown as out of date.
 */
function useLivePreview(workspaceId: string, datasetId: string, versionId: string) {
  const [preview, setPreview] = useState<{ draft: Draft; result: OperationPreview } | null>(null);
  const [error, setError] = useState<{ draft: Draft; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Draft | null>(null);
  const waiting = useRef<{ draft: Draft; operation: Operation } | null>(null);
  const alive = useRef(true);

  const send = useCallback(
    async (first: { draft: Draft; operation: Operation }): Promise<void> => {
      setPending(true);
      let next: typeof first | null = first;
      while (next && alive.current) {
        const { draft, operation } = next;
        inFlight.current = draft;
        try {
          const result = await client.invoke('versions:preview', {
            workspaceId,
            datasetId,
            versionId,
            operation,
          });
          if (alive.current) {
            setPreview({ draft, result });
            setError(null);
          }
        } catch (caught) {
          if (alive.current) setError({ draft, message: errorMessage(caught) });
        }
        next = waiting.current;
        waiting.current = null;
      }
      inFlight.current = null;
      if (alive.current) setPending(false);
    },
    [workspaceId, datasetId, versionId],
  );

  /** Previews now, or as soon as the request under way returns. */
  const run = useCallback(
    (draft: Draft, operation: Operation) => {
      clearTimeout(timer.current);
      // The form already under preview needs no second request.
      if (inFlight.current === draft) waiting.current = null;
      else if (inFlight.current) waiting.current = { draft, operation };
      else void send({ draft, operation });
    },
    [send],
  );

  const schedule = useCallback(
    (draft: Draft, operation: Operation) => {
      clearTimeout(timer.current);
      setPending(true);
      timer.current = setTimeout(() => run(draft, operation), PREVIEW_DELAY_MS);
    },
    [run],
  );

  /** Drops what has not been sent yet (the form became invalid, or is being applied). */
  const cancel = useCallback(() => {
    clearTimeout(timer.current);
    waiting.current = null;
    if (!inFlight.current) setPending(false);
  }, []);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
    };
  }, []);
  return { preview, error, pending, run, schedule, cancel, clear: () => setPreview(null) };
}

/**
 * The form of one operation: validated with the shared schema, previewed by the backend as it
 * changes (counts, summary, rows, SQL and pandas), then applied as a new version. Apply never waits
 * for the preview: it applies the form as it stands.
 */
export function OperationDialog(props: Props) {
  const columns = props.base.columns;
  const [draft, setDraft] = useState<Draft>(() => ({
    ...newDraft(props.op, columns, props.column),
    ...props.initial,
  }));
  /** Field messages appear once the person asks for a preview or an apply, not while they type. */
  const [showErrors, setShowErrors] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The apply under way: its id (to cancel it) and when it started (SQLite reports no row progress). */
  const [applying, setApplying] = useState<{ requestId: string; startedAt: number } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const scope = { workspaceId: props.workspaceId, datasetId: props.datasetId, versionId: props.base.id };
  const live = useLivePreview(props.workspaceId, props.datasetId, props.base.id);
  const parsed = useMemo(() => toOperation(draft, columns), [draft, columns]);
  const errors = showErrors && !parsed.ok ? parsed.errors : {};
  const { schedule, cancel: cancelPreview } = live;

  useEffect(() => {
    if (parsed.ok) schedule(draft, parsed.operation);
    else cancelPreview();
  }, [draft, parsed, schedule, cancelPreview]);

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
    setApplyError(null);
  };

  const check = (): Operation | null => {
    setShowErrors(true);
    return parsed.ok ? parsed.operation : null;
  };

  const previewNow = (event?: FormEvent) => {
    event?.preventDefault();
    const operation = check();
    if (operation) live.run(draft, operation);
  };

  const apply = async () => {
    const operation = check();
    if (!operation) return;
    live.cancel();
    setBusy(true);
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
        setApplyError(errorMessage(error));
      }
      setBusy(false);
    } finally {
      setApplying(null);
      setCancelling(false);
    }
  };
  const elapsed = applying ? Math.max(0, Math.floor((now - applying.startedAt) / 1000)) : 0;

  const Fields = formFor(draft.op).Fields;
  const result = live.preview?.result;
  const fresh = live.preview?.draft === draft;
  const formError =
    applyError ??
    (showErrors && !parsed.ok ? (parsed.errors.form ?? 'Some fields need attention.') : null) ??
    (live.error?.draft === draft ? live.error.message : null);
  return (
    <Dialog
      title={formFor(draft.op).label}
      onClose={props.onClose}
      {...(applying ? { onDismiss: cancelApply } : {})}
      wide
      steady
    >
      <form className="op-form" onSubmit={previewNow} noValidate>
        <Field label="Operation">
          {(p) => (
            <select
              {...p}
              value={draft.op}
              onChange={(e) => {
                setDraft(newDraft(e.target.value as OperationKind, columns, props.column));
                setShowErrors(false);
                setApplyError(null);
                live.clear();
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
        <Fields draft={draft} set={set} columns={columns} error={(key) => errors[key]} />
        {formError && (
          <p className="field-error" role="alert">
            {formError}
          </p>
        )}
        {result && (
          <section className={`op-preview${fresh ? '' : ' stale'}`} aria-label="Preview" aria-busy={!fresh}>
            <h3>Preview</h3>
            {!fresh && (
              <p className="muted small">
                {parsed.ok ? 'Updating the preview…' : 'This preview is of the form before your last change.'}
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
            <PreviewChanges result={result} />
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
          <button type="submit" className="button" disabled={busy}>
            Preview
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || (fresh && Boolean(result?.nothingToChange))}
            title={fresh ? (result?.nothingToChange ?? undefined) : undefined}
            onClick={() => void apply()}
          >
            {busy ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
