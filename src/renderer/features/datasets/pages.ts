import type { RowsPage } from '../../../shared/datasets';
import { errorMessage } from '../../app/toasts';

export const PAGE_SIZE = 200;
/** Pages kept in memory per grid; older ones are dropped and fetched again if scrolled back to. */
const MAX_PAGES = 60;

export type Row = RowsPage['rows'][number];

/**
 * The rows of one version under one view (sort, filter), fetched a page of 200 at a time by
 * position, as the grid scrolls to them. A small external store: the grid subscribes with
 * useSyncExternalStore and asks for the pages it shows.
 */
export class PageCache {
  private readonly pages = new Map<number, Row[]>();
  /** Per page, under a view: the rows' positions in the version (see RowsPage.rowNumbers). */
  private readonly numbers = new Map<number, number[]>();
  private readonly inflight = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private stamp = 0;
  private closed = false;
  total: number;
  error: string | null = null;

  constructor(
    private readonly fetchPage: (start: number, limit: number) => Promise<RowsPage>,
    total: number,
    initial?: RowsPage | null,
  ) {
    this.total = initial?.total ?? total;
    if (initial) this.keep(Math.floor(initial.start / PAGE_SIZE), initial);
  }

  private keep(page: number, result: RowsPage): void {
    this.pages.set(page, result.rows);
    if (result.rowNumbers) this.numbers.set(page, result.rowNumbers);
    else this.numbers.delete(page);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.stamp;

  close(): void {
    this.closed = true;
  }

  row(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** The row's position in the version (1-based), or undefined while its page is not loaded. */
  rowNumber(index: number): number | undefined {
    const page = Math.floor(index / PAGE_SIZE);
    if (!this.pages.has(page)) return undefined;
    const numbers = this.numbers.get(page);
    return numbers ? numbers[index % PAGE_SIZE] : index + 1;
  }

  loading(): boolean {
    return this.inflight.size > 0;
  }

  /** Fetches the pages covering rows first..last that are not here yet. */
  ensure(first: number, last: number): void {
    if (this.closed || this.total === 0) return;
    const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
    const to = Math.floor(Math.min(this.total - 1, Math.max(first, last)) / PAGE_SIZE);
    for (let page = from; page <= to; page++) {
      const rows = this.pages.get(page);
      if (rows) {
        // Most recently used last, so eviction drops the oldest.
        this.pages.delete(page);
        this.pages.set(page, rows);
        continue;
      }
      if (this.inflight.has(page)) continue;
      this.load(page);
    }
  }

  private load(page: number): void {
    this.inflight.add(page);
    this.fetchPage(page * PAGE_SIZE, PAGE_SIZE).then(
      (result) => {
        this.inflight.delete(page);
        if (this.closed) return;
        this.keep(page, result);
        this.total = result.total;
        this.error = null;
        while (this.pages.size > MAX_PAGES) {
          const oldest = this.pages.keys().next().value;
          if (oldest === undefined) break;
          this.pages.delete(oldest);
          this.numbers.delete(oldest);
        }
        this.notify();
      },
      (error: unknown) => {
        this.inflight.delete(page);
        if (this.closed) return;
        this.error = errorMessage(error);
        this.notify();
      },
    );
    this.notify();
  }

  private notify(): void {
    this.stamp += 1;
    for (const listener of this.listeners) listener();
  }
}
