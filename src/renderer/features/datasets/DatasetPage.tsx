import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { RowsPage, Version } from '../../../shared/datasets';
import { operationSchema, type Column, type OperationKind } from '../../../shared/operations';
import { client } from '../../lib/client';
import { errorMessage, useToasts, withErrorToast } from '../../app/toasts';
import { InsightsPanel } from '../analysis/InsightsPanel';
import { ProfilePanel } from '../analysis/ProfilePanel';
import { QualityBadge } from '../analysis/QualityBadge';
import { SideTabs, sidePanelId, sideTabId, type SideTab } from '../analysis/SideTabs';
import { ChatPanel } from '../chat/ChatPanel';
import { useGoalAnalysis, useVersionAnalysis } from '../analysis/store';
import { useWorkspaces } from '../workspaces/store';
import { DiffDialog } from './DiffDialog';
import { exportCsv } from './exports';
import { ExpressionHelp } from './ExpressionHelp';
import { ExpressionInput } from './ExpressionInput';
import { filterOutcome } from './filter-outcome';
import { datasetDialect, formatBytes, formatCount, shape } from './format';
import { Grid, PAGE_SIZE, type GridView, type SortKey } from './Grid';
import { Menu, type MenuItem } from '../../ui/Menu';
import { formatKeys } from '../../app/commands';
import { Splitter } from '../../ui/Splitter';
import { isBoolean, isNumber, useStored } from '../../ui/stored';
import { OperationDialog } from './OperationDialog';
import { ReimportDialog, RenameDialog } from './ReimportDialog';
import { useDatasetDetails, useDatasets } from './store';
import { layoutTree } from './tree';
import { VersionsPanel, type LabelDraft } from './VersionsPanel';
import { operationCommands, useDatasetCommands } from './commands';
import { cellText, editOperation, type CellRef } from './cells';
import { excludeExpression, keepExpression } from '../../../shared/cell-filters';
import type { Draft } from './drafts';

const NO_VIEW: GridView = { sort: [] };

/** The side panel's width in pixels: one width for every tab, so switching tabs never moves the grid. */
const SIDE_PANEL = { initial: 320, min: 240, max: 720 };

function viewKey(versionId: string, view: GridView): string {
  return `${versionId}|${JSON.stringify(view)}`;
}

type MenuState = { kind: 'transform'; anchor: DOMRect } | { kind: 'column'; column: Column; anchor: DOMRect };

/** Sort keys for a header click: a plain click sorts by that column (asc → desc → none); Shift adds a key. */
function nextSort(sort: SortKey[], column: string, additive: boolean): SortKey[] {
  const existing = sort.find((k) => k.column === column);
  const toggled: SortKey | null = !existing
    ? { column, direction: 'asc' }
    : existing.direction === 'asc'
      ? { column, direction: 'desc' }
      : null;
  if (!additive) return toggled ? [toggled] : [];
  if (!existing) return [...sort, { column, direction: 'asc' as const }].slice(0, 5);
  return sort.flatMap((k) => (k.column === column ? (toggled ? [toggled] : []) : [k]));
}

function columnMenuItems(
  column: Column,
  openOp: (op: OperationKind, column?: string) => void,
  sortView: (direction: 'asc' | 'desc') => void,
  readOnly: boolean,
): MenuItem[] {
  const numeric = column.type === 'integer' || column.type === 'float';
  const text = column.type === 'text';
  const op = (label: string, kind: OperationKind, separated = false): MenuItem => ({
    label,
    onSelect: () => openOp(kind, column.name),
    disabled: readOnly,
    separated,
  });
  return [
    { label: 'Sort view ascending', onSelect: () => sortView('asc') },
    { label: 'Sort view descending', onSelect: () => sortView('desc') },
    op('Filter rows…', 'filter_rows', true),
    op('Rename column…', 'rename_columns'),
    op('Change type…', 'cast_type'),
    op('Fill missing values…', 'fill_missing'),
    op('Drop rows with missing values…', 'drop_missing'),
    op('Find and replace…', 'find_replace'),
    ...(text ? [op('Clean text…', 'text_clean'), op('Split column…', 'split_column')] : []),
    ...(numeric ? [op('Clip outliers…', 'clip_outliers')] : []),
    op('Remove duplicates…', 'deduplicate'),
    op('Sort rows (new version)…', 'sort'),
    op('Group by this column…', 'group_aggregate'),
    op('Derive a column…', 'derive_column'),
    op('Drop column…', 'drop_columns', true),
  ];
}

export function DatasetPage({
  workspaceId,
  datasetId,
  initialVersionId,
  initialTab,
}: {
  workspaceId: string;
  datasetId: string;
  /** Opened from a task's link: show this version (and this side tab) first. */
  initialVersionId?: string;
  initialTab?: SideTab;
}) {
  const detail = useDatasetDetails((s) => s.details[datasetId]);
  const workspace = useWorkspaces((s) => s.items.find((w) => w.id === workspaceId));
  const push = useToasts((s) => s.push);

  useEffect(() => {
    void useDatasetDetails.getState().load(workspaceId, datasetId);
  }, [workspaceId, datasetId]);

  // The version shown in the grid: null follows the current version.
  const [viewedId, setViewedId] = useState<string | null>(initialVersionId ?? null);
  const [gridView, setGridView] = useState<GridView>(NO_VIEW);
  const [seed, setSeed] = useState<{ key: string; page: RowsPage } | null>(null);
  const [filterText, setFilterText] = useState('');
  const [filterError, setFilterError] = useState<string | null>(null);
  const [filterNote, setFilterNote] = useState<string | null>(null);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [opForm, setOpForm] = useState<{
    op: OperationKind;
    column?: string;
    baseId: string;
    /** Fields a menu fills in (the value a cell menu was opened on). */
    initial?: Partial<Draft>;
  } | null>(null);
  const [dialog, setDialog] = useState<'rename' | 'reimport' | 'diff' | null>(null);
  const [showVersions, setShowVersionsStored] = useStored('cairn.sidePanel.open', true, isBoolean);
  const setShowVersions = (next: boolean | ((open: boolean) => boolean)) =>
    setShowVersionsStored(typeof next === 'function' ? next(showVersions) : next);
  const [panelWidth, setPanelWidth] = useStored('cairn.sidePanel.width', SIDE_PANEL.initial, isNumber);
  const [sideTab, setSideTab] = useState<SideTab>(initialTab ?? 'versions');
  const [labelling, setLabelling] = useState<LabelDraft | null>(null);
  const transformButton = useRef<HTMLButtonElement>(null);

  const dataset = detail?.dataset ?? null;
  const versions = useMemo(() => detail?.versions ?? [], [detail?.versions]);
  const places = useMemo(
    () => layoutTree(versions, detail?.dataset?.currentVersionId ?? null),
    [versions, detail?.dataset?.currentVersionId],
  );
  const currentId = dataset?.currentVersionId ?? null;
  const viewedPlace =
    places.find((p) => p.version.id === (viewedId ?? currentId)) ??
    places.find((p) => p.version.id === currentId);
  const currentPlace = places.find((p) => p.version.id === currentId);
  const viewed = viewedPlace?.version ?? null;
  const readOnly = dataset?.archivedAt !== null && dataset?.archivedAt !== undefined;

  // Profile, score and insights of the version shown (cached per version in the analysis store).
  const analysis = useVersionAnalysis(workspaceId, datasetId, viewed?.id ?? null);
  const goalAnalysis = useGoalAnalysis(viewed?.id ?? '');
  const openInsights = goalAnalysis?.insights.filter((i) => i.status === 'open').length;
  const columnProfiles = useMemo(
    () => new Map((analysis?.profile?.columnProfiles ?? []).map((c) => [c.name, c])),
    [analysis?.profile],
  );
  const versionNames = useMemo(() => new Map(places.map((p) => [p.version.id, p.name])), [places]);

  // Sort keys on columns the viewed version does not have are dropped, not sent.
  const effectiveView = useMemo<GridView>(() => {
    if (!viewed) return gridView;
    const names = new Set(viewed.columns.map((c) => c.name));
    const sort = gridView.sort.filter((k) => names.has(k.column));
    return sort.length === gridView.sort.length ? gridView : { ...gridView, sort };
  }, [gridView, viewed]);

  const scope = { workspaceId, datasetId };

  /** Checks a view (sort, filter) by fetching its first page; a bad filter is explained, not applied. */
  const applyView = async (next: GridView): Promise<boolean> => {
    if (!viewed) return false;
    try {
      const page = await client.invoke('versions:rows', {
        ...scope,
        versionId: viewed.id,
        start: 0,
        limit: PAGE_SIZE,
        view: next,
      });
      setGridView(next);
      setSeed({ key: viewKey(viewed.id, next), page });
      setFilterError(null);
      setFilterNote(filterOutcome(next.filter, page.total, viewed.rowCount));
      return true;
    } catch (error) {
      setFilterError(errorMessage(error));
      return false;
    }
  };

  const submitFilter = (event: FormEvent) => {
    event.preventDefault();
    const filter = filterText.trim();
    const { filter: _old, ...rest } = effectiveView;
    void applyView(filter ? { ...rest, filter } : rest);
  };

  const undo = () =>
    void withErrorToast(client.invoke('versions:undo', scope)).then((d) => {
      if (!d) return;
      setViewedId(null);
      void useDatasetDetails.getState().load(workspaceId, datasetId);
    });
  const redo = () =>
    void withErrorToast(client.invoke('versions:redo', scope)).then((d) => {
      if (!d) return;
      setViewedId(null);
      void useDatasetDetails.getState().load(workspaceId, datasetId);
    });

  const canUndo = Boolean(currentPlace?.version.parentId) && !readOnly;
  const canRedo = (currentPlace?.childCount ?? 0) > 0 && !readOnly;

  useDatasetCommands({
    workspaceId,
    datasetId,
    dataset,
    viewed,
    viewedName: viewedPlace?.name ?? '',
    isCurrent: viewed?.id === currentId,
    readOnly,
    canUndo,
    canRedo,
    undo,
    redo,
    openOp: (op) => viewed && setOpForm({ op, baseId: viewed.id }),
    openTransformMenu: () => {
      const button = transformButton.current;
      if (button) setMenu({ kind: 'transform', anchor: button.getBoundingClientRect() });
    },
    openDialog: setDialog,
    showTab: (tab) => {
      setShowVersions(true);
      setSideTab(tab);
    },
    toggleSidePanel: () => setShowVersions((v) => !v),
    onCheckedOut: () => {
      setViewedId(null);
      void useDatasetDetails.getState().load(workspaceId, datasetId);
    },
    focusFilter: () => document.getElementById('view-filter')?.focus(),
    requestLabel: () => {
      setShowVersions(true);
      setSideTab('versions');
      if (viewed) setLabelling({ versionId: viewed.id, text: viewed.label ?? '' });
    },
  });

  if (!dataset || !viewed || !viewedPlace) {
    return (
      <main className="page" aria-labelledby="page-title">
        <h1 id="page-title">{detail?.error ? 'Dataset not found' : 'Loading…'}</h1>
        {detail?.error && (
          <>
            <p className="field-error" role="alert">
              {detail.error}
            </p>
            <Link href={`/w/${workspaceId}`}>Back to the workspace</Link>
          </>
        )}
      </main>
    );
  }

  const openOp = (op: OperationKind, column?: string, baseId: string = viewed.id) =>
    setOpForm({ op, baseId, ...(column ? { column } : {}) });
  const onApplied = (version: Version) => {
    useDatasetDetails.getState().madeCurrent(datasetId, version);
    setViewedId(null);
    push('info', `Created a new version: ${version.summary}`);
    void useDatasetDetails.getState().load(workspaceId, datasetId);
  };
  /** A cell typed in place becomes a version at once; a refusal goes back to the editor. */
  const editCell = async (cell: CellRef, text: string, where: 'row' | 'value'): Promise<string | null> => {
    try {
      const operation = operationSchema.parse(editOperation(cell, text, where));
      onApplied(await client.invoke('versions:apply', { ...scope, versionId: viewed.id, operation }));
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  };
  const cellMenuItems = (cell: CellRef, edit: () => void): MenuItem[] => {
    const column = cell.column.name;
    const filter = (expression: string) =>
      setOpForm({ op: 'filter_rows', baseId: viewed.id, column, initial: { expression } });
    const missing = cell.value === null || cell.value === undefined;
    return [
      {
        label: 'Keep rows with this value',
        onSelect: () => filter(keepExpression(column, cell.value ?? null)),
        disabled: readOnly,
      },
      {
        label: 'Exclude rows with this value',
        onSelect: () => filter(excludeExpression(column, cell.value ?? null)),
        disabled: readOnly,
      },
      ...(missing
        ? [
            {
              label: 'Fill missing here…',
              onSelect: () =>
                setOpForm({ op: 'fill_missing', baseId: viewed.id, column, initial: { strategy: 'value' } }),
              disabled: readOnly,
            },
          ]
        : []),
      { label: 'Edit cell', onSelect: edit, disabled: readOnly, separated: true },
      {
        label: 'Copy value',
        onSelect: () =>
          void navigator.clipboard.writeText(cellText(cell.value)).then(
            () => push('info', 'Copied the value.'),
            () => push('error', 'Could not copy the value.'),
          ),
      },
    ];
  };
  const transformItems: MenuItem[] = operationCommands((op) => openOp(op), readOnly).map((c) => ({
    label: c.title,
    onSelect: c.run,
  }));
  const isPreviewing = viewed.id !== currentId;
  const key = viewKey(viewed.id, effectiveView);
  const opBase = opForm ? (versions.find((v) => v.id === opForm.baseId) ?? null) : null;
  const opBasePlace = opBase ? places.find((p) => p.version.id === opBase.id) : undefined;

  return (
    <main className="dataset-page" aria-labelledby="page-title">
      <header className="dataset-header">
        <div className="dataset-title">
          <nav aria-label="Breadcrumb" className="small muted">
            <Link href={`/w/${workspaceId}`}>{workspace?.name ?? 'Workspace'}</Link> /
          </nav>
          <h1 id="page-title">
            {dataset.name}
            <button
              type="button"
              className="icon-button"
              aria-label="Rename dataset"
              title="Rename"
              disabled={readOnly}
              onClick={() => setDialog('rename')}
            >
              ✎
            </button>
          </h1>
          <p className="muted small" aria-label="Current version">
            Current: {currentPlace?.name} — {currentPlace?.version.summary} ·{' '}
            {shape(currentPlace?.version.rowCount ?? 0, currentPlace?.version.columnCount ?? 0)} · from{' '}
            {dataset.sourceName} ({formatBytes(dataset.sourceSize)}, {datasetDialect(dataset)})
          </p>
        </div>
        <QualityBadge versionId={viewed.id} names={versionNames} />
        <div className="toolbar" role="toolbar" aria-label="Dataset actions">
          <button
            type="button"
            className="button"
            disabled={!canUndo}
            onClick={undo}
            title={`Undo (${formatKeys('Mod+Z')})`}
            aria-keyshortcuts="Control+Z Meta+Z"
          >
            Undo
          </button>
          <button
            type="button"
            className="button"
            disabled={!canRedo}
            onClick={redo}
            title={`Redo (${formatKeys('Mod+Shift+Z')} or ${formatKeys('Mod+Y')})`}
            aria-keyshortcuts="Control+Shift+Z Control+Y Meta+Shift+Z"
          >
            Redo
          </button>
          <button
            type="button"
            className="button primary"
            aria-haspopup="menu"
            aria-expanded={menu?.kind === 'transform'}
            ref={transformButton}
            disabled={readOnly}
            onClick={(e) => setMenu({ kind: 'transform', anchor: e.currentTarget.getBoundingClientRect() })}
          >
            Transform ▾
          </button>
          <button
            type="button"
            className="button"
            onClick={() =>
              void exportCsv({ ...scope, versionId: viewed.id }, `${dataset.name} ${viewedPlace.name}`)
            }
          >
            Export CSV
          </button>
          <button type="button" className="button" onClick={() => setDialog('reimport')}>
            Re-import with…
          </button>
          <button
            type="button"
            className="button"
            aria-expanded={showVersions}
            aria-controls="versions-panel"
            onClick={() => setShowVersions((v) => !v)}
          >
            Side panel
          </button>
        </div>
      </header>

      {dataset.importNotes.length > 0 && (
        <details className="import-notes-box small">
          <summary>Import notes ({dataset.importNotes.length})</summary>
          <ul aria-label="Import notes">
            {dataset.importNotes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </details>
      )}

      {readOnly && (
        <div className="notice" role="status">
          This dataset is archived: restore it to change it.{' '}
          <button
            type="button"
            className="button small-button"
            onClick={() => void withErrorToast(useDatasets.getState().restore(workspaceId, datasetId))}
          >
            Restore
          </button>
        </div>
      )}

      {isPreviewing && (
        <div className="notice preview-banner" role="status">
          <span>
            Previewing {viewedPlace.name} ({viewed.summary}). The current version is still{' '}
            {currentPlace?.name}.
          </span>
          <button type="button" className="button small-button" onClick={() => setViewedId(null)}>
            Back to current
          </button>
        </div>
      )}

      <div className="view-bar">
        <form className="filter-form" role="search" onSubmit={submitFilter}>
          <label htmlFor="view-filter" className="small">
            Filter view
          </label>
          <ExpressionInput
            id="view-filter"
            placeholder="e.g. age > 30 AND city = 'NY'"
            columns={viewed?.columns.map((c) => c.name) ?? []}
            value={filterText}
            aria-invalid={filterError !== null}
            aria-describedby={filterError ? 'view-filter-error' : 'view-filter-hint'}
            onChange={setFilterText}
          />
          <button type="submit" className="button small-button">
            Apply filter
          </button>
          {(effectiveView.filter || filterText) && (
            <button
              type="button"
              className="button small-button"
              onClick={() => {
                setFilterText('');
                const { filter: _old, ...rest } = effectiveView;
                void applyView(rest);
              }}
            >
              Clear
            </button>
          )}
        </form>
        <span id="view-filter-hint" className="muted small">
          {effectiveView.sort.length > 0 &&
            `Sorted by ${effectiveView.sort.map((k) => `${k.column} ${k.direction === 'asc' ? '↑' : '↓'}`).join(', ')}. `}
          The view’s sort and filter change nothing in the data.
        </span>
        <ExpressionHelp />
        {filterError && (
          <p id="view-filter-error" className="field-error" role="alert">
            {filterError}
          </p>
        )}
        {!filterError && filterNote && (
          <p className="notice small" role="status">
            {filterNote}
          </p>
        )}
      </div>

      <div className="dataset-body">
        <div className="grid-area">
          <Grid
            key={key}
            workspaceId={workspaceId}
            datasetId={datasetId}
            versionId={viewed.id}
            columns={viewed.columns}
            rowCount={viewed.rowCount}
            view={effectiveView}
            initialPage={seed?.key === key ? seed.page : null}
            label={`${dataset.name}, ${viewedPlace.name}`}
            onSort={(column, additive) =>
              void applyView({ ...effectiveView, sort: nextSort(effectiveView.sort, column, additive) })
            }
            onColumnMenu={(column, anchor) => setMenu({ kind: 'column', column, anchor })}
            columnProfiles={columnProfiles}
            {...(readOnly ? {} : { onEditCell: editCell })}
            cellMenuItems={cellMenuItems}
          />
          <p className="grid-status muted small" aria-live="polite">
            {viewedPlace.name}: {shape(viewed.rowCount, viewed.columnCount)}
            {effectiveView.filter ? ` · filter: ${effectiveView.filter}` : ''}
            {seed?.key === key && effectiveView.filter ? ` · ${formatCount(seed.page.total)} match` : ''}
          </p>
        </div>
        {showVersions && (
          <Splitter
            label="Side panel width"
            controls="versions-panel"
            value={panelWidth}
            min={SIDE_PANEL.min}
            max={SIDE_PANEL.max}
            onChange={setPanelWidth}
          />
        )}
        {showVersions && (
          <div id="versions-panel" className="versions-column" style={{ flexBasis: panelWidth }}>
            <SideTabs
              tab={sideTab}
              onTab={setSideTab}
              {...(openInsights !== undefined ? { counts: { insights: openInsights } } : {})}
            />
            {(['versions', 'profile', 'insights', 'chat'] as const).map((tab) => (
              <div
                key={tab}
                role="tabpanel"
                id={sidePanelId(tab)}
                aria-labelledby={sideTabId(tab)}
                className="side-tabpanel"
                hidden={tab !== sideTab}
              >
                {tab === sideTab && tab === 'versions' && (
                  <VersionsPanel
                    workspaceId={workspaceId}
                    dataset={dataset}
                    places={places}
                    viewed={viewedPlace}
                    readOnly={readOnly}
                    onView={setViewedId}
                    onBranch={(anchor) => setMenu({ kind: 'transform', anchor })}
                    onDiff={() => setDialog('diff')}
                    labelling={labelling}
                    onLabelling={setLabelling}
                  />
                )}
                {tab === sideTab && tab === 'profile' && (
                  <ProfilePanel versionId={viewed.id} versionName={viewedPlace.name} />
                )}
                {tab === sideTab && tab === 'insights' && (
                  <InsightsPanel
                    scope={{ ...scope, versionId: viewed.id }}
                    versionName={viewedPlace.name}
                    readOnly={readOnly}
                    onFixed={() => {
                      setViewedId(null);
                      push('info', 'Applied the fix as a new version.');
                      void useDatasetDetails.getState().load(workspaceId, datasetId);
                    }}
                  />
                )}
                {tab === sideTab && tab === 'chat' && (
                  <ChatPanel workspaceId={workspaceId} datasetId={datasetId} />
                )}
              </div>
            ))}
          </div>
        )}
      </div>

      {menu?.kind === 'transform' && (
        <Menu label="Transform" items={transformItems} anchor={menu.anchor} onClose={() => setMenu(null)} />
      )}
      {menu?.kind === 'column' && (
        <Menu
          label={`Column ${menu.column.name}`}
          anchor={menu.anchor}
          onClose={() => setMenu(null)}
          items={columnMenuItems(
            menu.column,
            openOp,
            (direction) =>
              void applyView({ ...effectiveView, sort: [{ column: menu.column.name, direction }] }),
            readOnly,
          )}
        />
      )}
      {opForm && opBase && (
        <OperationDialog
          workspaceId={workspaceId}
          datasetId={datasetId}
          base={opBase}
          baseName={opBasePlace?.name ?? 'this version'}
          isCurrent={opBase.id === currentId}
          op={opForm.op}
          {...(opForm.column ? { column: opForm.column } : {})}
          {...(opForm.initial ? { initial: opForm.initial } : {})}
          onApplied={onApplied}
          onClose={() => setOpForm(null)}
        />
      )}
      {dialog === 'rename' && (
        <RenameDialog
          initialName={dataset.name}
          onSubmit={async (name) => {
            await client.invoke('datasets:rename', { ...scope, name });
            await useDatasetDetails.getState().load(workspaceId, datasetId);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'reimport' && (
        <ReimportDialog workspaceId={workspaceId} dataset={dataset} onClose={() => setDialog(null)} />
      )}
      {dialog === 'diff' && currentPlace && (
        <DiffDialog
          workspaceId={workspaceId}
          datasetId={datasetId}
          from={{ id: viewed.id, name: viewedPlace.name }}
          to={{ id: currentPlace.version.id, name: `${currentPlace.name} (current)` }}
          onClose={() => setDialog(null)}
        />
      )}
    </main>
  );
}
