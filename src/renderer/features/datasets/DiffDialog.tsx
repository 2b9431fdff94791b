import { useEffect, useState } from 'react';
import type { VersionDiff } from '../../../shared/datasets';
import { plural } from '../../../shared/text';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';
import { formatScore, formatShare, scoreChange } from '../analysis/format';
import { isProfiling, useAnalysis, versionScore, type VersionAnalysis } from '../analysis/store';
import { Dialog } from '../../ui/Dialog';
import { formatCount } from './format';
import { ChangeNavigator, diffRows } from './DiffChanges';

interface Props {
  workspaceId: string;
  datasetId: string;
  from: { id: string; name: string };
  to: { id: string; name: string };
  onClose(): void;
}

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : '±0';
}

/** One side's score, or why there is none yet. */
function ScoreOf({ entry }: { entry: VersionAnalysis | undefined }) {
  const score = versionScore(entry);
  if (score !== null) return <>{formatScore(score)}</>;
  if (entry?.failure) return <span className="quality-failed">Profiling failed</span>;
  if (entry?.error) return <span className="quality-failed">Score unavailable</span>;
  return <span className="muted">{isProfiling(entry) ? 'Not profiled yet' : 'Scoring…'}</span>;
}

/**
 * The quality score of each side and its change, and the columns (present on both sides) whose
 * share of missing values changed. The scores come from the analysis store, which the dataset
 * view keeps current through `analysis:updated`, so a side still profiling fills in by itself.
 */
function QualityChange({
  workspaceId,
  datasetId,
  from,
  to,
  renamed,
}: Pick<Props, 'workspaceId' | 'datasetId' | 'from' | 'to'> & { renamed: Map<string, string> }) {
  const before = useAnalysis((s) => s.versions[from.id]);
  const after = useAnalysis((s) => s.versions[to.id]);
  useEffect(() => {
    const { load } = useAnalysis.getState();
    void load({ workspaceId, datasetId, versionId: from.id });
    void load({ workspaceId, datasetId, versionId: to.id });
  }, [workspaceId, datasetId, from.id, to.id]);

  const scoreFrom = versionScore(before);
  const scoreTo = versionScore(after);
  const change = scoreFrom !== null && scoreTo !== null ? scoreChange(scoreTo, scoreFrom) : null;

  const missingBefore = new Map(before?.profile?.columnProfiles.map((p) => [p.name, p.nullShare]));
  const missing = (after?.profile?.columnProfiles ?? []).flatMap((p) => {
    const oldName = renamed.get(p.name) ?? p.name;
    const was = missingBefore.get(oldName);
    // Compared as shown, so a change too small to see is not listed as one.
    if (was === undefined || formatShare(was) === formatShare(p.nullShare)) return [];
    const label = oldName === p.name ? p.name : `${oldName} → ${p.name}`;
    return [`${label}: ${formatShare(was)} → ${formatShare(p.nullShare)} missing`];
  });

  return (
    <section aria-label="Quality change">
      <h3 className="subheading">Quality</h3>
      <dl className="diff-quality">
        <div>
          <dt>{from.name}</dt>
          <dd>
            <ScoreOf entry={before} />
          </dd>
        </div>
        <div>
          <dt>{to.name}</dt>
          <dd>
            <ScoreOf entry={after} />
          </dd>
        </div>
        <div>
          <dt>Change</dt>
          <dd>
            {change ? (
              <span
                className={`quality-change ${change.arrow === '▲' ? 'up' : change.arrow === '▼' ? 'down' : 'same'}`}
              >
                <span aria-hidden="true">{change.arrow}</span> {change.text}
                <span className="visually-hidden">
                  {change.arrow === '▲' ? ' up' : change.arrow === '▼' ? ' down' : ' unchanged'}
                </span>
              </span>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
      {missing.length > 0 && (
        <ul aria-label="Missing values changed">
          {missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What changed between two versions: schema, row count, quality, and a sample of changed rows. */
export function DiffDialog({ workspaceId, datasetId, from, to, onClose }: Props) {
  const [state, setState] = useState<{ diff: VersionDiff } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    client.invoke('versions:diff', { workspaceId, datasetId, from: from.id, to: to.id }).then(
      (diff) => live && setState({ diff }),
      (error: unknown) => live && setState({ error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [workspaceId, datasetId, from.id, to.id]);

  const title = `Differences from ${from.name} to ${to.name}`;
  if (!state) {
    return (
      <Dialog title={title} onClose={onClose} wide>
        <p role="status">Comparing…</p>
      </Dialog>
    );
  }
  if ('error' in state) {
    return (
      <Dialog title={title} onClose={onClose} wide>
        <p className="field-error" role="alert">
          {state.error}
        </p>
      </Dialog>
    );
  }
  const d = state.diff;
  const schemaChanges = [
    ...d.addedColumns.map((c) => `Added column ${c.name} (${c.type})`),
    ...d.removedColumns.map((c) => `Removed column ${c.name} (${c.type})`),
    ...d.renamedColumns.map((r) => `Renamed column ${r.from} → ${r.to}`),
    ...d.retypedColumns.map(
      (r) => `${r.name}${r.renamedFrom === undefined ? '' : ` (was ${r.renamedFrom})`}: ${r.from} → ${r.to}`,
    ),
  ];
  // Before and after sit under one header, so a renamed column shows both of its names there.
  const oldName = new Map(d.renamedColumns.map((r) => [r.to, r.from]));
  const headers = d.changedRowsColumns.map((name) => {
    const from = oldName.get(name);
    return from === undefined ? name : `${from} → ${name}`;
  });
  const view = diffRows(d);
  return (
    <Dialog title={title} onClose={onClose} wide>
      <section aria-label="Schema changes">
        <h3 className="subheading">Columns</h3>
        {schemaChanges.length === 0 ? (
          <p className="muted">The columns are the same.</p>
        ) : (
          <ul>
            {schemaChanges.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Row count change">
        <h3 className="subheading">Rows</h3>
        <p>
          {formatCount(d.rowCountFrom)} → {formatCount(d.rowCountTo)} ({signed(d.rowCountTo - d.rowCountFrom)}
          ){d.changedRowCount !== null && <>; {plural(d.changedRowCount, 'row differs', 'rows differ')}</>}
        </p>
      </section>
      <QualityChange workspaceId={workspaceId} datasetId={datasetId} from={from} to={to} renamed={oldName} />
      <section aria-label="Changed rows">
        <h3 className="subheading">
          Changed rows
          {d.changedRows.length < (d.changedRowCount ?? 0) ? ` (the first ${d.changedRows.length})` : ''}
        </h3>
        <ChangeNavigator view={view} headers={headers} />
      </section>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
