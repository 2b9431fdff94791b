import { useEffect, useState } from 'react';
import type { VersionDiff } from '../../../shared/datasets';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';
import { Dialog } from './Dialog';
import { plural } from '../../../shared/text';
import { formatCount } from './format';
import { PreviewTable } from './PreviewTable';

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

/** What changed between two versions: schema, row count, and a sample of changed rows. */
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
  const rows: unknown[][] = [];
  const labels: string[] = [];
  for (const change of d.changedRows) {
    const where = change.row > 0 ? `Row ${formatCount(change.row)} ` : '';
    if (change.before) {
      rows.push(change.before);
      labels.push(change.after ? `${where}before` : `${where}removed`);
    }
    if (change.after) {
      rows.push(change.after);
      labels.push(change.before ? `${where}after` : `${where}added`);
    }
  }
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
      <section aria-label="Changed rows">
        <h3 className="subheading">
          Changed rows
          {d.changedRows.length < (d.changedRowCount ?? 0) ? ` (the first ${d.changedRows.length})` : ''}
        </h3>
        <PreviewTable columns={headers} rows={rows} rowLabels={labels} label="Changed rows" />
      </section>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
