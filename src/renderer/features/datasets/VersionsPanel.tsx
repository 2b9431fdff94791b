import { useRef, useState, type FormEvent } from 'react';
import type { Dataset } from '../../../shared/datasets';
import { recipeSchema } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import { client } from '../../lib/client';
import { errorMessage, useToasts } from '../../app/toasts';
import { exportCsv, exportRecipe, RECIPE_CHOICES, type RecipeChoice } from './exports';
import { plural } from '../../../shared/text';
import { formatDate, shape } from './format';
import type { TreePlace } from './tree';
import { VersionTree } from './VersionTree';

interface Props {
  workspaceId: string;
  dataset: Dataset;
  places: TreePlace[];
  viewed: TreePlace;
  readOnly: boolean;
  onView(versionId: string | null): void;
  onBranch(anchor: DOMRect): void;
  onDiff(): void;
}

/** The version tree (drawn and as a list) and what can be done with the selected version. */
export function VersionsPanel({
  workspaceId,
  dataset,
  places,
  viewed,
  readOnly,
  onView,
  onBranch,
  onDiff,
}: Props) {
  const push = useToasts((s) => s.push);
  const currentId = dataset.currentVersionId;
  const version = viewed.version;
  const isCurrent = version.id === currentId;
  const scope = { workspaceId, datasetId: dataset.id, versionId: version.id };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [labelling, setLabelling] = useState<{ versionId: string; text: string } | null>(null);
  const [format, setFormat] = useState<RecipeChoice>('json');
  const recipeInput = useRef<HTMLInputElement>(null);
  const names = new Map(places.map((p) => [p.version.id, p.name]));

  const run = async (name: string, action: () => Promise<unknown>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const saveLabel = (event: FormEvent) => {
    event.preventDefault();
    if (!labelling) return;
    const text = labelling.text.trim();
    void run('label', async () => {
      await client.invoke('versions:label', { ...scope, label: text === '' ? null : text });
      setLabelling(null);
    });
  };

  const applyRecipe = (file: File) =>
    run('recipe', async () => {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        throw new CairnError('VALIDATION', `${file.name} is not JSON.`);
      }
      const recipe = recipeSchema.safeParse(json);
      if (!recipe.success) {
        throw new CairnError(
          'VALIDATION',
          `${file.name} is not a Cairn recipe (a JSON file exported with “Export recipe”).`,
        );
      }
      const last = await client.invoke('recipes:apply', {
        workspaceId,
        datasetId: dataset.id,
        recipe: recipe.data,
      });
      onView(null);
      push('info', `Applied the recipe: ${recipe.data.operations.length} steps, now at “${last.summary}”.`);
    }).catch(() => undefined);

  return (
    <aside className="versions-panel" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions</h2>
      <VersionTree
        places={places}
        currentId={currentId}
        viewedId={version.id}
        onSelect={(id) => onView(id === currentId ? null : id)}
      />
      <ul className="version-list" aria-label="Versions">
        {places.map((p) => {
          const v = p.version;
          const current = v.id === currentId;
          const selected = v.id === version.id;
          return (
            <li key={v.id} style={{ paddingLeft: p.depth * 14 }}>
              <button
                type="button"
                className={`version-item${selected ? ' selected' : ''}${current ? ' current' : ''}`}
                aria-pressed={selected}
                aria-current={current ? 'true' : undefined}
                onClick={() => onView(current ? null : v.id)}
              >
                <span className="version-name">{p.name}</span>
                <span className="version-summary">{v.summary}</span>
                <span className="version-meta">
                  {v.parentId ? `from ${names.get(v.parentId) ?? '?'} · ` : 'imported · '}
                  {plural(v.rowCount, 'row')}
                  {current && <span className="badge current-badge">current</span>}
                  {v.label && <span className="badge">{v.label}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>

      <section className="version-actions" aria-label={`Version ${viewed.name}`}>
        <h3 className="subheading">
          {viewed.name}
          {isCurrent ? ' (current)' : ''}
        </h3>
        <p className="muted small">
          {version.summary} · {shape(version.rowCount, version.columnCount)} · {formatDate(version.createdAt)}{' '}
          · by {version.createdBy}
        </p>
        <div className="button-grid">
          <button
            type="button"
            className="button"
            disabled={isCurrent || readOnly || busy !== null}
            onClick={() =>
              void run('checkout', async () => {
                await client.invoke('versions:checkout', scope);
                onView(null);
              })
            }
          >
            Check out
          </button>
          <button
            type="button"
            className="button"
            disabled={readOnly}
            aria-haspopup="menu"
            onClick={(e) => onBranch(e.currentTarget.getBoundingClientRect())}
          >
            Branch from here…
          </button>
          <button
            type="button"
            className="button"
            disabled={readOnly}
            onClick={() => setLabelling({ versionId: version.id, text: version.label ?? '' })}
          >
            Label…
          </button>
          <button type="button" className="button" disabled={isCurrent} onClick={onDiff}>
            Diff with current
          </button>
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void run('csv', () => exportCsv(scope, `${dataset.name} ${viewed.name}`))}
          >
            {busy === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
        {labelling && labelling.versionId === version.id && (
          <form className="inline-form" onSubmit={saveLabel}>
            <label className="field">
              <span>Label for {viewed.name}</span>
              <input
                autoFocus
                maxLength={100}
                value={labelling.text}
                placeholder="e.g. cleaned for the report"
                onChange={(e) => setLabelling({ ...labelling, text: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setLabelling(null);
                }}
              />
            </label>
            <button type="submit" className="button primary" disabled={busy !== null}>
              Save label
            </button>
            <button type="button" className="button" onClick={() => setLabelling(null)}>
              Cancel
            </button>
          </form>
        )}
        <div className="inline-form">
          <label className="field">
            <span>Recipe format</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
              {RECIPE_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void run('recipe-export', () => exportRecipe(scope, format))}
          >
            Export recipe
          </button>
        </div>
        <div className="inline-form">
          <button
            type="button"
            className="button"
            disabled={readOnly || busy !== null}
            onClick={() => recipeInput.current?.click()}
          >
            {busy === 'recipe' ? 'Applying recipe…' : 'Apply a recipe…'}
          </button>
          <input
            ref={recipeInput}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label="Recipe file to apply"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void applyRecipe(file);
            }}
          />
          <span className="muted small">Replays a JSON recipe on the current version.</span>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </section>
    </aside>
  );
}
