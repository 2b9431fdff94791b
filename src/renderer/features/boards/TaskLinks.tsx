import { useEffect } from 'react';
import { useLocation } from 'wouter';
import type { Task } from '../../../shared/boards';
import { useDatasetDetails } from '../datasets/store';
import { layoutTree } from '../datasets/tree';

export type LinkChanges = Partial<Pick<Task, 'datasetId' | 'versionId' | 'insightId'>>;

/**
 * What the task is about in the data: its dataset, version and insight, each with a way there
 * ("Open version" shows the dataset at that version; "Open insight" also opens its Insights tab).
 */
export function TaskLinks({
  workspaceId,
  task,
  onUnlink,
}: {
  workspaceId: string;
  task: Pick<Task, 'datasetId' | 'versionId' | 'insightId'>;
  onUnlink(changes: LinkChanges): void;
}) {
  const [, navigate] = useLocation();
  const detail = useDatasetDetails((s) => (task.datasetId ? s.details[task.datasetId] : undefined));
  useEffect(() => {
    if (task.datasetId) void useDatasetDetails.getState().load(workspaceId, task.datasetId);
  }, [workspaceId, task.datasetId]);

  if (!task.datasetId && !task.versionId && !task.insightId) {
    return <p className="muted small">Not linked to any data. A task made from an insight links to it.</p>;
  }
  const datasetName =
    detail?.dataset?.name ?? (detail?.error ? 'a dataset that is no longer there' : 'a dataset');
  const versionName = task.versionId
    ? (layoutTree(detail?.versions ?? []).find((p) => p.version.id === task.versionId)?.name ?? 'a version')
    : null;
  const base = task.datasetId ? `~/w/${workspaceId}/d/${task.datasetId}` : null;
  return (
    <ul className="task-links">
      {task.datasetId && (
        <li>
          <span>
            Dataset <strong>{datasetName}</strong>
            {versionName && (
              <>
                {' '}
                at <strong>{versionName}</strong>
              </>
            )}
          </span>
          <span className="task-link-actions">
            {base && task.versionId && (
              <button
                type="button"
                className="button small-button"
                onClick={() => navigate(`${base}/v/${task.versionId}`)}
              >
                Open version
              </button>
            )}
            {base && !task.versionId && (
              <button type="button" className="button small-button" onClick={() => navigate(base)}>
                Open dataset
              </button>
            )}
            <button
              type="button"
              className="button small-button"
              aria-label="Remove the link to the dataset"
              onClick={() => onUnlink({ datasetId: null, versionId: null, insightId: null })}
            >
              Unlink
            </button>
          </span>
        </li>
      )}
      {task.insightId && (
        <li>
          <span>An insight on this data</span>
          <span className="task-link-actions">
            {base && task.versionId && (
              <button
                type="button"
                className="button small-button"
                onClick={() => navigate(`${base}/v/${task.versionId}/insights`)}
              >
                Open insight
              </button>
            )}
            <button
              type="button"
              className="button small-button"
              aria-label="Remove the link to the insight"
              onClick={() => onUnlink({ insightId: null })}
            >
              Unlink
            </button>
          </span>
        </li>
      )}
    </ul>
  );
}
