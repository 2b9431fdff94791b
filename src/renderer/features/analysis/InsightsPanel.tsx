import { useId, useState } from 'react';
import { SEVERITIES, type GoalType, type Insight } from '../../../shared/analysis';
import { CairnError } from '../../../shared/result';
import { errorMessage, useToasts } from '../../app/toasts';
import { client } from '../../lib/client';
import { InsightTaskDialog } from '../boards/InsightTaskDialog';
import { GOAL_HINTS, GOAL_LABELS, GOAL_ORDER, SEVERITY_LABELS, TYPE_LABELS, insightTitle } from './format';
import { isProfiling, useAnalysis, useGoalAnalysis, type VersionScope } from './store';

interface Props {
  scope: VersionScope;
  versionName: string;
  readOnly: boolean;
  /** A fix made a new version (now current). */
  onFixed(versionId: string, insight: Insight): void;
}

function InsightCard({
  insight,
  readOnly,
  busy,
  onCancelFix,
  onFix,
  onDismiss,
  onCreateTask,
}: {
  insight: Insight;
  readOnly: boolean;
  busy: boolean;
  /** Set while this card's fix is being applied: stops it. */
  onCancelFix: (() => void) | null;
  onFix(): void;
  onDismiss(): void;
  onCreateTask(): void;
}) {
  const titleId = useId();
  const open = insight.status === 'open';
  return (
    <article
      className={`insight insight-${insight.severity}${open ? '' : ' resolved'}`}
      aria-labelledby={titleId}
    >
      <header className="insight-head">
        <h4 id={titleId}>{insightTitle(insight)}</h4>
        <span className="small muted insight-type">{TYPE_LABELS[insight.type]}</span>
        {!open && <span className="badge">{insight.status}</span>}
      </header>
      <p className="insight-description">{insight.description}</p>
      <p className="insight-recommendation small">
        <span className="muted">Recommendation: </span>
        {insight.recommendation}
      </p>
      {insight.columns.length > 0 && (
        <ul className="insight-columns" aria-label="Columns">
          {insight.columns.map((c) => (
            <li key={c} className="badge">
              {c}
            </li>
          ))}
        </ul>
      )}
      {insight.codeSuggestion && (
        <details className="code-details">
          <summary>pandas suggestion</summary>
          <pre>
            <code>{insight.codeSuggestion}</code>
          </pre>
        </details>
      )}
      {open && (
        <div className="insight-actions">
          {insight.fix && (
            <button
              type="button"
              className="button small-button primary"
              disabled={readOnly || busy}
              title="Apply the fix as a new version"
              onClick={onFix}
            >
              {busy ? 'Fixing…' : 'Fix'}
            </button>
          )}
          {onCancelFix && (
            <button type="button" className="button small-button" onClick={onCancelFix}>
              Cancel fix
            </button>
          )}
          <button type="button" className="button small-button" disabled={busy} onClick={onDismiss}>
            Dismiss
          </button>
          <button
            type="button"
            className="button small-button"
            title="Put this finding on a board"
            onClick={onCreateTask}
          >
            Create task
          </button>
        </div>
      )}
    </article>
  );
}

/** Findings on the version shown, grouped by severity, for the chosen goal; Fix and Dismiss. */
export function InsightsPanel({ scope, versionName, readOnly, onFixed }: Props) {
  const entry = useAnalysis((s) => s.versions[scope.versionId]);
  const analysis = useGoalAnalysis(scope.versionId);
  const goal = useAnalysis((s) => s.goal);
  const showResolved = useAnalysis((s) => s.showResolved);
  const [busy, setBusy] = useState<string | null>(null);
  /** The fix being applied, by insight id, with the request id that cancels it. */
  const [fixing, setFixing] = useState<{ insightId: string; requestId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [taskFrom, setTaskFrom] = useState<Insight | null>(null);
  const goalHintId = useId();

  const act = async (insight: Insight, action: 'fix' | 'dismiss') => {
    setBusy(insight.id);
    setError(null);
    try {
      if (action === 'fix') {
        const requestId = crypto.randomUUID();
        setFixing({ insightId: insight.id, requestId });
        const versionId = await useAnalysis.getState().fix(scope, insight, requestId);
        onFixed(versionId, insight);
      } else {
        await useAnalysis.getState().dismiss(scope, insight);
      }
    } catch (e) {
      if (e instanceof CairnError && e.code === 'CANCELLED') {
        useToasts.getState().push('info', 'Cancelled — nothing was changed');
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setBusy(null);
      setFixing(null);
    }
  };
  const cancelFix = (requestId: string) => {
    void client.invoke('versions:cancelApply', { requestId }).catch(() => undefined);
  };

  const all = analysis?.insights ?? [];
  const visible = showResolved ? all : all.filter((i) => i.status === 'open');
  const resolved = all.length - all.filter((i) => i.status === 'open').length;

  let body;
  if (entry?.failure) {
    body = (
      <p className="field-error" role="alert">
        Profiling failed: {entry.failure}
      </p>
    );
  } else if (!analysis && entry?.error) {
    body = (
      <p className="field-error" role="alert">
        {entry.error}
      </p>
    );
  } else if (!analysis) {
    body = (
      <div className="profiling" role="status">
        <progress aria-label={`Analysing ${versionName}`} />
        <span>{isProfiling(entry) && !entry?.profile ? 'Profiling…' : 'Analysing…'}</span>
      </div>
    );
  } else if (visible.length === 0) {
    body = (
      <p className="muted" role="status">
        {all.length === 0
          ? `No findings for ${GOAL_LABELS[goal].toLowerCase()} on ${versionName}.`
          : 'Every finding has been dismissed or fixed.'}
      </p>
    );
  } else {
    body = SEVERITIES.map((severity) => {
      const group = visible.filter((i) => i.severity === severity);
      if (group.length === 0) return null;
      return (
        <section key={severity} className="insight-group" aria-labelledby={`insights-${severity}`}>
          <h3 id={`insights-${severity}`} className={`subheading severity-heading severity-${severity}`}>
            {SEVERITY_LABELS[severity]} ({group.length})
          </h3>
          {group.map((insight) => (
            <InsightCard
              key={insight.id}
              insight={insight}
              readOnly={readOnly}
              busy={busy === insight.id}
              onCancelFix={fixing?.insightId === insight.id ? () => cancelFix(fixing.requestId) : null}
              onFix={() => void act(insight, 'fix')}
              onDismiss={() => void act(insight, 'dismiss')}
              onCreateTask={() => setTaskFrom(insight)}
            />
          ))}
        </section>
      );
    });
  }

  return (
    <section className="analysis-panel" aria-labelledby="insights-heading">
      <h2 id="insights-heading">Insights on {versionName}</h2>
      <div className="insights-controls">
        <label className="field">
          <span>Goal</span>
          <select
            value={goal}
            aria-describedby={goalHintId}
            onChange={(e) => useAnalysis.getState().setGoal(e.target.value as GoalType)}
          >
            {GOAL_ORDER.map((g) => (
              <option key={g} value={g}>
                {GOAL_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <p id={goalHintId} className="muted small">
          {GOAL_HINTS[goal]}
        </p>
        <label className="checkbox small">
          <input
            type="checkbox"
            checked={showResolved}
            onChange={(e) => useAnalysis.getState().setShowResolved(e.target.checked)}
          />
          Show dismissed and applied{resolved > 0 ? ` (${resolved})` : ''}
        </label>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {body}
      {taskFrom && (
        <InsightTaskDialog
          {...scope}
          versionName={versionName}
          insight={taskFrom}
          onClose={() => setTaskFrom(null)}
        />
      )}
    </section>
  );
}
