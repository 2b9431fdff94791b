import './chat-extra.css';
import { useEffect, useId, useState } from 'react';
import { Link } from 'wouter';
import type { AgentRun } from '../../../shared/chat';
import type { InvokeOutput } from '../../../shared/client-types';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';
import { downloadText } from '../datasets/exports';

type RunsAnswer = InvokeOutput<'chat:runs'>;

const PAGE = 50;
const number = new Intl.NumberFormat('en-US');

function seconds(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function when(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

function parameters(run: AgentRun): string {
  if (run.provider === 'builtin') return '—';
  const p = run.parameters;
  return [
    p.temperature !== null ? `temperature ${p.temperature}` : null,
    p.maxTokens !== null ? `max ${number.format(p.maxTokens)} tokens` : null,
  ]
    .filter((part) => part !== null)
    .join(', ');
}

/**
 * Every assistant turn of the workspace, as logged (seed 003's experiment tracking, kept on this
 * machine): filter by experiment and profile, totals, and a CSV of what is shown.
 */
export function RunsPage({ workspaceId }: { workspaceId: string }) {
  const [experiment, setExperiment] = useState('');
  const [profileKey, setProfileKey] = useState('');
  const [offset, setOffset] = useState(0);
  const [answer, setAnswer] = useState<RunsAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const experimentId = useId();
  const profileId = useId();

  const filter = {
    workspaceId,
    ...(experiment !== '' ? { experimentName: experiment } : {}),
    ...(profileKey !== '' ? { profileId: profileKey } : {}),
  };
  const filterKey = JSON.stringify(filter);

  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const parsed = JSON.parse(filterKey) as typeof filter;
    client.invoke('chat:runs', { ...parsed, limit: PAGE, offset }).then(
      (runs) => {
        if (!live) return;
        setAnswer(runs);
        setError(null);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [filterKey, offset, version]);

  // A turn that ends anywhere in the workspace adds a run.
  useEffect(
    () =>
      client.on('chat:changed', (event) => {
        if (event.workspaceId === workspaceId) setVersion((v) => v + 1);
      }),
    [workspaceId],
  );

  const exportCsv = async () => {
    try {
      const { fileName, text } = await client.invoke('chat:runsCsv', filter);
      downloadText(text, fileName, 'text/csv');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const totals = answer?.totals;
  return (
    <main className="page runs-page">
      <p className="small">
        <Link href={`/w/${workspaceId}`}>← Workspace</Link>
      </p>
      <h1>Assistant runs</h1>
      <p className="muted">
        Every turn of the assistant in this workspace: which profile and model answered, with what settings,
        how long it took, the tokens and tools it used, and how it ended.
      </p>
      <div className="runs-filters">
        <label htmlFor={experimentId}>Experiment</label>
        <select
          id={experimentId}
          value={experiment}
          onChange={(e) => {
            setExperiment(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">All experiments</option>
          {answer?.experiments.map((name) => (
            <option key={name} value={name}>
              {name === '' ? '(no experiment name)' : name}
            </option>
          ))}
        </select>
        <label htmlFor={profileId}>Profile</label>
        <select
          id={profileId}
          value={profileKey}
          onChange={(e) => {
            setProfileKey(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">All profiles</option>
          {answer?.profiles
            .filter((p) => p.id !== null)
            .map((p) => (
              <option key={`${p.id}:${p.name}`} value={p.id ?? ''}>
                {p.name}
              </option>
            ))}
        </select>
        <button type="button" className="button" disabled={!totals?.runs} onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {totals && (
        <dl className="runs-totals" aria-label="Totals">
          <div>
            <dt>Runs</dt>
            <dd>{number.format(totals.runs)}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{number.format(totals.byStatus.completed)}</dd>
          </div>
          <div>
            <dt>Failed</dt>
            <dd>{number.format(totals.byStatus.failed)}</dd>
          </div>
          <div>
            <dt>Stopped</dt>
            <dd>{number.format(totals.byStatus.cancelled)}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd>{number.format(totals.promptTokens + totals.completionTokens)}</dd>
          </div>
          <div>
            <dt>Tool calls</dt>
            <dd>{number.format(totals.toolCalls)}</dd>
          </div>
          <div>
            <dt>Versions made</dt>
            <dd>{number.format(totals.versionsCreated)}</dd>
          </div>
          <div>
            <dt>Median time</dt>
            <dd>{seconds(totals.medianLatencyMs)}</dd>
          </div>
        </dl>
      )}
      {answer && answer.runs.length === 0 && (
        <p className="muted">
          {experiment !== '' || profileKey !== '' ? 'No runs match these filters.' : 'No runs yet.'}
        </p>
      )}
      {answer && answer.runs.length > 0 && (
        <div className="runs-table-wrap">
          <table className="runs-table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Outcome</th>
                <th scope="col">Experiment</th>
                <th scope="col">Profile</th>
                <th scope="col">Model</th>
                <th scope="col">Parameters</th>
                <th scope="col">Time</th>
                <th scope="col">Tokens</th>
                <th scope="col">Tools</th>
                <th scope="col">Conversation</th>
              </tr>
            </thead>
            <tbody>
              {answer.runs.map((run) => (
                <tr key={run.id}>
                  <td>{when(run.startedAt)}</td>
                  <td title={run.error ?? undefined}>
                    <span className={`run-status run-${run.status}`}>
                      {run.status === 'cancelled' ? 'stopped' : run.status}
                    </span>
                    {run.error && <span className="muted small run-error"> — {run.error}</span>}
                  </td>
                  <td>{run.experimentName || '—'}</td>
                  <td>{run.profileName}</td>
                  <td>{run.provider === 'builtin' ? 'built-in' : run.model}</td>
                  <td>{parameters(run)}</td>
                  <td className="num">{seconds(run.metrics?.latencyMs)}</td>
                  <td className="num">
                    {run.metrics
                      ? number.format(run.metrics.promptTokens + run.metrics.completionTokens)
                      : '—'}
                  </td>
                  <td className="num">{run.metrics ? number.format(run.metrics.toolCalls) : '—'}</td>
                  <td>
                    {run.datasetId ? (
                      <Link href={`/w/${workspaceId}/d/${run.datasetId}`}>{run.conversationTitle}</Link>
                    ) : (
                      run.conversationTitle
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {totals && totals.runs > PAGE && (
        <nav className="runs-pages" aria-label="Pages">
          <button
            type="button"
            className="button small"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Newer
          </button>
          <span className="small muted">
            {offset + 1}–{Math.min(offset + PAGE, totals.runs)} of {number.format(totals.runs)}
          </span>
          <button
            type="button"
            className="button small"
            disabled={offset + PAGE >= totals.runs}
            onClick={() => setOffset(offset + PAGE)}
          >
            Older
          </button>
        </nav>
      )}
    </main>
  );
}
