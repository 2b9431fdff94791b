import { useEffect, useState } from 'react';
import type { ChatVersionChange } from '../../../shared/chat-changes';
import { errorMessage } from '../../app/toasts';
import { client } from '../../lib/client';
import { insightTitle } from '../analysis/format';
import { useAnalysis } from '../analysis/store';
import { useDatasetDetails } from '../datasets/store';
import { useChat } from './store';

/**
 * What a person can do right in the chat with what the assistant did or found: undo a version it
 * made (or go back to it once it is no longer current) and apply a listed problem's fix.
 */

interface DatasetScope {
  workspaceId: string;
  datasetId: string;
}

/** After a checkout or undo: the grid and the versions panel follow the new current version. */
function reload(scope: DatasetScope): void {
  void useDatasetDetails.getState().load(scope.workspaceId, scope.datasetId);
}

/** A version the assistant made: "v3 — Drop column city", with Undo (or Go to v3 once it moved on). */
export function VersionChangeCard({
  scope,
  change,
  currentVersionId,
  readOnly,
}: {
  scope: DatasetScope;
  change: ChatVersionChange;
  currentVersionId: string | null;
  readOnly: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { version, name } = change;
  const title = `${name} — ${version.summary}`;
  const isCurrent = version.id === currentVersionId;
  const act = async (action: 'undo' | 'goto') => {
    setBusy(true);
    setFailure(null);
    try {
      // Undo is the workbench's: the current version's parent becomes current (and Redo comes back).
      if (action === 'undo') await client.invoke('versions:undo', scope);
      else await client.invoke('versions:checkout', { ...scope, versionId: version.id });
      reload(scope);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="chat-change" role="group" aria-label={`New version ${title}`}>
      <p className="small chat-change-title">
        <span className="muted">New version </span>
        <strong>{title}</strong>
        {isCurrent && <span className="badge">current</span>}
      </p>
      <div className="chat-change-actions">
        {isCurrent ? (
          <button
            type="button"
            className="button small-button"
            disabled={busy || readOnly}
            title={`Make the version before ${name} current again`}
            onClick={() => void act('undo')}
          >
            Undo
          </button>
        ) : (
          <>
            <span className="small muted">{name} is no longer the current version.</span>
            <button
              type="button"
              className="button small-button"
              disabled={busy || readOnly}
              onClick={() => void act('goto')}
            >
              Go to {name}
            </button>
          </>
        )}
      </div>
      {failure && (
        <p className="field-error small" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

/**
 * Under the assistant's list of problems: each one with a fix, in words, and Apply fix. Applying
 * goes through the chat (chat:applyFix), which keeps it in the conversation with the new version.
 */
export function InsightFixes({
  scope,
  chatKey,
  conversationId,
  versionId,
  currentVersionId,
  readOnly,
}: {
  scope: DatasetScope;
  chatKey: string;
  conversationId: string;
  /** The version the problems were listed for. */
  versionId: string;
  currentVersionId: string | null;
  readOnly: boolean;
}) {
  const entry = useAnalysis((s) => s.versions[versionId]);
  const analysis = entry?.analyses.data_quality;
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ id: string; message: string } | null>(null);
  const { workspaceId, datasetId } = scope;
  const versionScope = { workspaceId, datasetId, versionId };
  useEffect(() => {
    void useAnalysis.getState().load({ workspaceId, datasetId, versionId }, { goal: 'data_quality' });
  }, [workspaceId, datasetId, versionId]);

  const fixable = (analysis?.insights ?? []).filter((i) => i.fix !== null && i.status !== 'dismissed');
  if (fixable.length === 0) return null;
  const isCurrent = versionId === currentVersionId;
  const apply = async (insightId: string) => {
    setBusy(insightId);
    setFailure(null);
    try {
      await client.invoke('chat:applyFix', { workspaceId, conversationId, insightId });
      await useAnalysis.getState().load(versionScope, { goal: 'data_quality', force: true });
      reload(scope);
      await useChat.getState().refresh(chatKey);
    } catch (error) {
      setFailure({ id: insightId, message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="chat-fixes" aria-label="Fixes">
      <p className="small muted">
        {isCurrent
          ? 'Fixes you can apply (each makes a new version you can undo):'
          : 'Fixes for an earlier version (ask again to see the current version’s problems):'}
      </p>
      <ul>
        {fixable.map((insight) => {
          const title = insightTitle(insight);
          return (
            <li key={insight.id} className="small chat-fix">
              <span>
                <strong>{title}</strong> — {insight.recommendation}
              </span>{' '}
              {insight.status === 'applied' ? (
                <span className="badge">applied</span>
              ) : (
                <button
                  type="button"
                  className="button small-button primary"
                  aria-label={`Apply fix: ${title}`}
                  disabled={!isCurrent || readOnly || busy !== null}
                  onClick={() => void apply(insight.id)}
                >
                  {busy === insight.id ? 'Applying…' : 'Apply fix'}
                </button>
              )}
              {failure?.id === insight.id && (
                <span className="field-error" role="alert">
                  {' '}
                  {failure.message}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
