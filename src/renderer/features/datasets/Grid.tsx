import { useVirtualizer } from '@tanstack/react-virtual';
import { createPortal } from 'react-dom';
import {
  useEffect,
  useId,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react';
import type { ColumnProfile } from '../../../shared/analysis';
import type { RowsPage } from '../../../shared/datasets';
import type { Column } from '../../../shared/operations';
import { client } from '../../lib/client';
import { HeaderChart } from '../analysis/charts';
import { formatCount } from './format';
import { PAGE_SIZE, PageCache } from './pages';
import { useStored } from '../../ui/stored';
import { Menu, type MenuItem } from '../../ui/Menu';
import { CellEditor, type EditState } from './CellEditor';
import { cellText, type CellRef, type EditScope } from './cells';

export interface SortKey {
  column: string;
  direction: 'asc' | 'desc';
}

export interface GridView {
  sort: SortKey[];
  filter?: string;
}

interface GridProps {
  workspaceId: string;
  datasetId: string;
  versionId: string;
  columns: Column[];
  /** Rows in the version (before the view's filter). */
  rowCount: number;
  view: GridView;
  /** The view's first page, already fetched when the view was checked. */
  initialPage: RowsPage | null;
  label: string;
  onSort(column: string, additive: boolean): void;
  onColumnMenu(column: Column, anchor: DOMRect): void;
  /** The shown version's column profiles by name, once profiled: headers then show a mini chart. */
  columnProfiles?: Map<string, ColumnProfile>;
  /**
   * Saves a cell typed in place as a new version; resolves to a message to show in the editor
   * when it is refused, else null. Without it (an archived dataset) cells cannot be edited.
   */
  onEditCell?(cell: CellRef, text: string, scope: EditScope): Promise<string | null>;
  /** The right-click menu of a cell; `edit` opens the in-place editor on it. */
  cellMenuItems?(cell: CellRef, edit: () => void): MenuItem[];
}

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 42;
/** With a profile, headers grow to fit a mini histogram and a null-share bar. */
const PROFILED_HEADER_HEIGHT = 66;
const ROW_NUMBER_WIDTH = 60;

const NUMERIC = new Set(['integer', 'float']);

const MIN_WIDTH: Record<Column['type'], number> = {
  boolean: 64,
  integer: 64,
  float: 76,
  date: 96,
  datetime: 156,
  text: 104,
};
/** The narrowest a person can drag a column to, and the widest a fit makes it. */
const RESIZE_MIN = 48;
const FIT_MAX = 480;

/**
 * Room for the name (the type badge sits under it), at least what the type's values usually
 * need: narrow enough that a dozen columns mostly fit beside the side panel at 1440 pixels.
 */
function columnWidth(column: Column): number {
  const header = Math.max(column.name.length * 7.4, column.type.length * 6 + 12) + 40;
  return Math.round(Math.min(220, Math.max(MIN_WIDTH[column.type], header)));
}

const isWidths = (value: unknown): value is Record<string, number> =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every((n) => typeof n === 'number' && Number.isFinite(n));

let measureContext: CanvasRenderingContext2D | null = null;
/** The drawn width of a text in an element's font, for fitting a column to its values. */
function textWidth(text: string, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * 7.5;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

function CellValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="cell-null">null</span>;
  if (typeof value === 'boolean') return <span className="cell-bool">{value ? 'true' : 'false'}</span>;
  return <>{String(value)}</>;
}

/**
 * A virtualised grid over one version: only the rows and columns in view are in the DOM, and
 * rows arrive in pages of 200 as they scroll into view. Arrow keys, Page Up/Down and Home/End
 * move the active cell (announced through aria-activedescendant).
 */
export function Grid(props: GridProps) {
  const { workspaceId, datasetId, versionId, columns, view, initialPage } = props;
  const [cache] = useState(
    () =>
      new PageCache(
        (start, limit) =>
          client.invoke('versions:rows', { workspaceId, datasetId, versionId, start, limit, view }),
        view.filter ? 0 : props.rowCount,
        initialPage,
      ),
  );
  useSyncExternalStore(cache.subscribe, cache.snapshot);
  useEffect(() => () => cache.close(), [cache]);
  // Widths the person set, by column name, remembered per dataset (so they survive new versions).
  const [widths, setWidths] = useStored(`cairn.grid.widths.${datasetId}`, {}, isWidths);
  const widthOf = (column: Column) => widths[column.name] ?? columnWidth(column);

  const scrollRef = useRef<HTMLDivElement>(null);
  const total = cache.total;
  const profiles = props.columnProfiles;
  const headerHeight = profiles && profiles.size > 0 ? PROFILED_HEADER_HEIGHT : HEADER_HEIGHT;
  // The virtualizer's functions change identity as it scrolls; this component is not memoised by
  // the React Compiler, which is what the rule warns about.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (columns[i] ? widthOf(columns[i]) : 160),
    overscan: 3,
    paddingStart: ROW_NUMBER_WIDTH,
    scrollPaddingStart: ROW_NUMBER_WIDTH,
  });
  useEffect(() => cols.measure(), [widths, cols]);
  const virtualRows = rows.getVirtualItems();
  const virtualCols = cols.getVirtualItems();
  const first = virtualRows[0]?.index ?? 0;
  const last = virtualRows[virtualRows.length - 1]?.index ?? 0;

  // Fetch what is in view at most every 100 ms while scrolling (and once more when it stops): a
  // fling from row 1 to row 900,000 asks for a few pages, never every page on the way.
  const lastFetch = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, lastFetch.current + 100 - performance.now());
    const timer = setTimeout(() => {
      lastFetch.current = performance.now();
      cache.ensure(first, last);
    }, wait);
    return () => clearTimeout(timer);
  }, [cache, first, last]);

  const [active, setActive] = useState<{ row: number; col: number } | null>(null);
  const [editing, setEditing] = useState<EditState | null>(null);
  /** Where the edited cell is on screen: the editor sits over it, outside the grid's ARIA tree. */
  const [editorAt, setEditorAt] = useState<DOMRect | null>(null);
  const [cellMenu, setCellMenu] = useState<{
    cell: CellRef;
    index: number;
    col: number;
    anchor: DOMRect;
  } | null>(null);
  const gridId = useId();
  const cellId = (row: number, col: number) => `${gridId}-r${row}-c${col}`;

  const move = (row: number, col: number) => {
    const r = Math.max(-1, Math.min(total - 1, row));
    const c = Math.max(0, Math.min(columns.length - 1, col));
    setActive({ row: r, col: c });
    if (r >= 0) rows.scrollToIndex(r);
    else scrollRef.current?.scrollTo({ top: 0 });
    cols.scrollToIndex(c);
  };

  /** The cell at a place in the view, once its page is loaded. */
  const cellAt = (index: number, col: number): CellRef | null => {
    const row = cache.row(index);
    const position = cache.rowNumber(index);
    const column = columns[col];
    if (!row || position === undefined || !column) return null;
    return { column, value: row[col], row: position };
  };

  const startEdit = (index: number, col: number) => {
    const cell = cellAt(index, col);
    if (!cell || !props.onEditCell) return;
    setActive({ row: index, col });
    setEditorAt(document.getElementById(cellId(index, col))?.getBoundingClientRect() ?? null);
    setEditing({ index, col, cell, text: cellText(cell.value), scope: 'row', busy: false, error: null });
  };

  const stopEdit = () => {
    setEditing(null);
    scrollRef.current?.focus();
  };

  const commitEdit = async () => {
    if (!editing || !props.onEditCell) return;
    // The same text again changes nothing: no version, no question.
    if (editing.text === cellText(editing.cell.value)) return stopEdit();
    setEditing({ ...editing, busy: true, error: null });
    const error = await props.onEditCell(editing.cell, editing.text, editing.scope);
    if (error) setEditing((current) => current && { ...current, busy: false, error });
    else stopEdit();
  };

  const openCellMenu = (index: number, col: number, anchor: DOMRect) => {
    const cell = cellAt(index, col);
    if (cell && props.cellMenuItems) setCellMenu({ cell, index, col, anchor });
  };

  const resize = (column: Column, width: number) =>
    setWidths({ ...widths, [column.name]: Math.round(Math.max(RESIZE_MIN, Math.min(1200, width))) });

  /** Fits a column to its name and the values loaded so far. */
  const fit = (index: number) => {
    const column = columns[index];
    const grid = scrollRef.current;
    if (!column || !grid) return;
    const font = getComputedStyle(grid).font;
    let widest = textWidth(column.name, `600 ${font}`) + textWidth(column.type, font) + 58;
    for (let r = 0; r < total; r++) {
      const row = cache.row(r);
      if (!row) continue;
      const value = row[index];
      widest = Math.max(
        widest,
        textWidth(value === null || value === undefined ? 'null' : String(value), font) + 20,
      );
      if (r > first + 500) break;
    }
    resize(column, Math.min(FIT_MAX, Math.ceil(widest)));
  };

  const onResizeStart = (event: PointerEvent<HTMLDivElement>, column: Column) => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const start = widthOf(column);
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => resize(column, start + e.clientX - startX);
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    // On a header, Alt+←/→ narrows or widens its column (the keyboard's way to resize).
    if (active?.row === -1 && event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
      const column = columns[active.col];
      if (column) {
        event.preventDefault();
        resize(column, widthOf(column) + (event.key === 'ArrowRight' ? 16 : -16));
      }
      return;
    }
    const at = active ?? { row: -1, col: 0 };
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at.row + 1, at.col),
      ArrowUp: () => move(at.row - 1, at.col),
      ArrowRight: () => move(at.row, at.col + 1),
      ArrowLeft: () => move(at.row, at.col - 1),
      PageDown: () => move(at.row + pageRows, at.col),
      PageUp: () => move(at.row - pageRows, at.col),
      Home: () => (event.ctrlKey ? move(0, 0) : move(at.row, 0)),
      End: () => (event.ctrlKey ? move(total - 1, columns.length - 1) : move(at.row, columns.length - 1)),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    } else if ((event.key === 'Enter' || event.key === ' ') && active && active.row === -1) {
      const column = columns[active.col];
      if (column) {
        event.preventDefault();
        props.onSort(column.name, event.shiftKey);
      }
    } else if ((event.key === 'Enter' || event.key === 'F2') && active && active.row >= 0) {
      event.preventDefault();
      startEdit(active.row, active.col);
    } else if ((event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) && active) {
      const column = columns[active.col];
      const el = document.getElementById(cellId(active.row, active.col));
      if (column && el) {
        event.preventDefault();
        if (active.row === -1) props.onColumnMenu(column, el.getBoundingClientRect());
        else openCellMenu(active.row, active.col, el.getBoundingClientRect());
      }
    }
  };

  const totalWidth = cols.getTotalSize();
  const sortIndex = (name: string) => view.sort.findIndex((k) => k.column === name);
  const activeDescendant =
    active && (active.row === -1 || (active.row >= first && active.row <= last))
      ? cellId(active.row, active.col)
      : undefined;

  return (
    <div
      ref={scrollRef}
      className="grid-scroll"
      role="grid"
      aria-label={props.label}
      aria-rowcount={total + 1}
      aria-colcount={columns.length + 1}
      aria-busy={cache.loading()}
      aria-activedescendant={activeDescendant}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={() => {
        const el = editing && document.getElementById(cellId(editing.index, editing.col));
        if (el) setEditorAt(el.getBoundingClientRect());
      }}
      onFocus={(e) => {
        if (e.target === e.currentTarget && !active) setActive({ row: total > 0 ? 0 : -1, col: 0 });
      }}
    >
      <div className="grid-canvas" style={{ height: rows.getTotalSize(), width: totalWidth }}>
        <div className="grid-header" role="rowgroup" style={{ width: totalWidth, height: headerHeight }}>
          <div role="row" aria-rowindex={1} className="grid-row">
            <div role="columnheader" aria-colindex={1} className="grid-rownum grid-rownum-head">
              <span className="visually-hidden">Row number</span>#
            </div>
            {virtualCols.map((vc) => {
              const column = columns[vc.index];
              if (!column) return null;
              const at = sortIndex(column.name);
              const key = at >= 0 ? view.sort[at] : undefined;
              const isActive = active?.row === -1 && active.col === vc.index;
              const profile = profiles?.get(column.name);
              return (
                <div
                  key={vc.key}
                  id={cellId(-1, vc.index)}
                  role="columnheader"
                  aria-colindex={vc.index + 2}
                  aria-sort={
                    at === 0 && key ? (key.direction === 'asc' ? 'ascending' : 'descending') : undefined
                  }
                  className={`grid-head${isActive ? ' grid-active' : ''}`}
                  style={{ left: vc.start, width: vc.size }}
                  onContextMenu={(e: MouseEvent) => {
                    e.preventDefault();
                    props.onColumnMenu(column, (e.currentTarget as HTMLElement).getBoundingClientRect());
                  }}
                >
                  <div className="grid-head-main">
                    <button
                      type="button"
                      className="grid-sort"
                      tabIndex={-1}
                      title={`Sort by ${column.name} (Shift+click adds a sort key)`}
                      onClick={(e) => props.onSort(column.name, e.shiftKey)}
                    >
                      <span className="grid-head-name">{column.name}</span>
                      <span className={`type-badge type-${column.type}`}>{column.type}</span>
                      {key && (
                        <span className="sort-mark" aria-hidden="true">
                          {key.direction === 'asc' ? '▲' : '▼'}
                          {view.sort.length > 1 ? at + 1 : ''}
                        </span>
                      )}
                    </button>
                    <button
                      type="button"
                      className="grid-menu-button"
                      tabIndex={-1}
                      aria-label={`Column ${column.name} actions`}
                      aria-haspopup="menu"
                      onClick={(e) => props.onColumnMenu(column, e.currentTarget.getBoundingClientRect())}
                    >
                      ▾
                    </button>
                  </div>
                  {profile && <HeaderChart column={profile} />}
                  <div
                    className="col-resize"
                    aria-hidden="true"
                    title="Drag to resize; double-click to fit"
                    onPointerDown={(e) => onResizeStart(e, column)}
                    onDoubleClick={() => fit(vc.index)}
                  />
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup">
          {virtualRows.map((vr) => {
            const row = cache.row(vr.index);
            return (
              <div
                key={vr.key}
                role="row"
                aria-rowindex={vr.index + 2}
                className={`grid-row grid-body-row${vr.index % 2 ? ' odd' : ''}`}
                style={{ top: vr.start, height: ROW_HEIGHT, width: totalWidth }}
              >
                <div role="rowheader" aria-colindex={1} className="grid-rownum">
                  {formatCount(vr.index + 1)}
                </div>
                {virtualCols.map((vc) => {
                  const column = columns[vc.index];
                  if (!column) return null;
                  const value = row?.[vc.index];
                  const isActive = active?.row === vr.index && active.col === vc.index;
                  const text = typeof value === 'string' && value.length > 24 ? value : undefined;
                  return (
                    <div
                      key={vc.key}
                      id={cellId(vr.index, vc.index)}
                      role="gridcell"
                      aria-colindex={vc.index + 2}
                      className={`grid-cell${NUMERIC.has(column.type) ? ' num' : ''}${isActive ? ' grid-active' : ''}${row ? '' : ' loading'}`}
                      style={{ left: vc.start, width: vc.size }}
                      title={text}
                      onClick={() => setActive({ row: vr.index, col: vc.index })}
                      onDoubleClick={() => startEdit(vr.index, vc.index)}
                      onContextMenu={(e: MouseEvent) => {
                        e.preventDefault();
                        setActive({ row: vr.index, col: vc.index });
                        openCellMenu(vr.index, vc.index, e.currentTarget.getBoundingClientRect());
                      }}
                    >
                      {row ? <CellValue value={value} /> : ''}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {editing &&
        editorAt &&
        createPortal(
          <CellEditor
            key={`${editing.index}-${editing.col}`}
            state={editing}
            top={editorAt.top}
            left={editorAt.left}
            width={Math.max(280, editorAt.width)}
            onChange={(patch) => setEditing((current) => current && { ...current, ...patch, error: null })}
            onCommit={() => void commitEdit()}
            onCancel={stopEdit}
          />,
          document.body,
        )}
      {cellMenu && props.cellMenuItems && (
        <Menu
          label={`Cell ${cellMenu.cell.column.name} in row ${cellMenu.cell.row}`}
          anchor={cellMenu.anchor}
          onClose={() => setCellMenu(null)}
          items={props.cellMenuItems(cellMenu.cell, () => startEdit(cellMenu.index, cellMenu.col))}
        />
      )}
      {total === 0 && !cache.loading() && (
        <p className="grid-empty muted" role="status" style={{ top: headerHeight + 12 }}>
          {view.filter ? 'No rows match the filter.' : 'This version has no rows.'}
        </p>
      )}
      {cache.error && (
        <p className="grid-empty field-error" role="alert" style={{ top: headerHeight + 12 }}>
          {cache.error}
        </p>
      )}
    </div>
  );
}

export { PAGE_SIZE };
