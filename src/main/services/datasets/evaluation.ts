import type { Column } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { VersionRow } from '../../db/schema';
import {
  APPLY_STANDBYS,
  type PositionsJobInput,
  type PositionsJobResult,
  type PreviewJobInput,
  type PreviewJobResult,
} from '../../jobs/apply';
import type { WorkerSupervisor } from '../../workers/supervisor';
import { compileExpression } from './operations';
import type { DataStore } from './storage';
import { viewPositions, type GridSort } from './views';

/**
 * How long a preview may run before its worker is killed. Generous: the main process is free
 * meanwhile, and a preview of a sort of a million rows takes seconds (more on a busy machine).
 */
export const PREVIEW_TIMEOUT_MS = 60_000;
/** How long sorting or filtering a grid view may run before its worker is killed. */
export const VIEW_TIMEOUT_MS = 60_000;
/**
 * A sort without a filter runs no caller-written code: on a version this small its cost is
 * bounded (a sort of stored values, a few ms), so it runs here rather than paying a process.
 */
export const VIEW_IN_PROCESS_MAX_ROWS = 20_000;
/** Worker jobs for previews and views at once: enough for two windows, never a process storm. */
const MAX_CONCURRENT_JOBS = 2;
/** Sorted/filtered views kept (their row numbers: 4 bytes a row). */
const VIEWS_KEPT = 6;

export interface EvaluationDeps {
  store: DataStore;
  workers: WorkerSupervisor;
  /** The worker module that evaluates operations (apply-operation.ts). */
  worker: string;
  previewTimeoutMs?: number;
  viewTimeoutMs?: number;
}

export interface GridView {
  sort: GridSort[];
  filter?: string | undefined;
}

/**
 * Runs what a caller wrote (an operation's expressions and patterns, a grid filter) and whole-
 * version sorts in the apply worker, with a time limit after which the worker is killed: the
 * main process only waits, so no request can stall the others. A few jobs run at once; the
 * rest queue. Views are cached by version, sort and filter, and one computation serves every
 * caller asking for the same view at once.
 */
export function createEvaluation(deps: EvaluationDeps) {
  const { store, workers } = deps;
  let running = 0;
  const waiting: (() => void)[] = [];
  const views = new Map<string, Int32Array>();
  const inFlight = new Map<string, Promise<Int32Array>>();

  async function limited<T>(job: () => Promise<T>): Promise<T> {
    if (running >= MAX_CONCURRENT_JOBS) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await job();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  }

  async function inWorker<O>(input: PreviewJobInput | PositionsJobInput, timeoutMs: number, what: string) {
    return limited(async () => {
      try {
        return await workers.run<O>(deps.worker, input, { timeoutMs, cancelGraceMs: 0 });
      } catch (error) {
        if (error instanceof CairnError && error.code === 'TIMEOUT') {
          throw new CairnError(
            'TIMEOUT',
            `${what} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Simplify the expression or pattern, or try it on a smaller version.`,
          );
        }
        throw error;
      } finally {
        // The next preview, view or apply skips the process start.
        workers.prewarmSoon(deps.worker, APPLY_STANDBYS);
      }
    });
  }

  function remember(key: string, positions: Int32Array): void {
    views.set(key, positions);
    while (views.size > VIEWS_KEPT) views.delete(views.keys().next().value as string);
  }

  return {
    /** Starts a worker now when none waits: the person is looking at data and may act on it. */
    warm(): void {
      workers.prewarmSoon(deps.worker, APPLY_STANDBYS);
    },

    preview(
      datasetId: string,
      source: Omit<PreviewJobInput, 'kind' | 'dataFile'>,
    ): Promise<PreviewJobResult> {
      return inWorker<PreviewJobResult>(
        { kind: 'preview', dataFile: store.fileFor(datasetId), ...source },
        deps.previewTimeoutMs ?? PREVIEW_TIMEOUT_MS,
        'The preview',
      );
    },

    /** The row numbers of a sorted and/or filtered view of a readable version, in view order. */
    async positions(version: VersionRow, columns: Column[], view: GridView): Promise<Int32Array> {
      const filter = view.filter?.trim() ?? '';
      const key = JSON.stringify([version.id, view.sort, filter]);
      const cached = views.get(key);
      if (cached) {
        // Most recently used last, so the oldest is the first to go.
        views.delete(key);
        views.set(key, cached);
        return cached;
      }
      for (const s of view.sort) {
        if (!columns.some((c) => c.name === s.column)) {
          throw new CairnError('VALIDATION', `There is no column “${s.column}” to sort by.`);
        }
      }
      // Compiled here: a filter that does not parse or type-check is refused at once.
      const where = filter ? compileExpression(filter, columns) : null;
      if (!where && version.rowCount <= VIEW_IN_PROCESS_MAX_ROWS) {
        const positions = viewPositions(
          store.connection(version.datasetId),
          version.relation,
          view.sort,
          null,
        );
        remember(key, positions);
        return positions;
      }
      const running = inFlight.get(key);
      if (running) return running;
      const job = inWorker<PositionsJobResult>(
        {
          kind: 'positions',
          dataFile: store.fileFor(version.datasetId),
          relation: version.relation,
          sort: view.sort,
          where: where ? { sql: where.sql, params: where.params } : null,
        },
        deps.viewTimeoutMs ?? VIEW_TIMEOUT_MS,
        filter ? 'Filtering this view' : 'Sorting this view',
      ).then((positions) => {
        // It crossed a process boundary: a typed array or nothing.
        if (!(positions instanceof Int32Array))
          throw new CairnError('INTERNAL', 'A view worker sent no row numbers.');
        remember(key, positions);
        return positions;
      });
      inFlight.set(key, job);
      try {
        return await job;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

export type Evaluation = ReturnType<typeof createEvaluation>;
