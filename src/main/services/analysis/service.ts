import { and, eq } from 'drizzle-orm';
import {
  analysisUpdated,
  datasetProfileSchema,
  type Analysis,
  type DatasetProfile,
  type GoalType,
  type Insight,
} from '../../../shared/analysis';
import { operationSchema, type Column } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import {
  analyses,
  columnProfiles,
  datasets,
  insights,
  versions,
  type AnalysisRow,
  type InsightRow,
  type VersionRow,
} from '../../db/schema';
import type { Publish } from '../../events';
import type { ProfileVersionInput, ProfileVersionProgress, ProfileVersionResult } from '../../jobs/profile';
import type { WorkerSupervisor } from '../../workers/supervisor';
import type { Clock, IdFactory } from '../common';
import { requireDataset, requireVersion, versionById } from '../datasets/model';
import type { DatasetsService } from '../datasets/service';
import type { DataStore } from '../datasets/storage';
import { deriveInsights } from './insights';
import type { ProfileExtras } from './profile/types';
import { qualityOf } from './quality';

export interface AnalysisDeps {
  db: AppDatabase;
  publish: Publish;
  clock: Clock;
  newId: IdFactory;
  workers: WorkerSupervisor;
  store: DataStore;
  /** The profiling worker's entry file. */
  profileWorker: string;
  datasets: () => DatasetsService;
}

const DEFAULT_GOAL: GoalType = 'data_quality';

function toInsight(row: InsightRow): Insight {
  return {
    id: row.id,
    analysisId: row.analysisId,
    columns: JSON.parse(row.columns) as string[],
    severity: row.severity,
    type: row.type,
    rule: row.rule,
    description: row.description,
    recommendation: row.recommendation,
    fix: row.fix === null ? null : operationSchema.parse(JSON.parse(row.fix)),
    codeSuggestion: row.codeSuggestion,
    status: row.status,
  };
}

/**
 * Profiles every version once (in a worker, one at a time), keeps the profile as the version's
 * snapshot, and runs the insight rules of a goal over it on request. Results are cached per
 * version: opening an old version never profiles it again.
 */
/** Profiling progress events are sent at most this often per version. */
const PROGRESS_INTERVAL_MS = 250;

export function createAnalysisService(deps: AnalysisDeps) {
  const { db, publish, clock, newId, workers, store } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  // Jobs killed because the app is quitting are not failures: the version is profiled next time.
  let closing = false;
  const queued = new Set<string>();
  /** Insights whose fix is being applied right now. */
  const fixing = new Set<string>();
  const workspaceOf = (datasetId: string): string | null =>
    db.select({ w: datasets.workspaceId }).from(datasets).where(eq(datasets.id, datasetId)).get()?.w ?? null;

  /**
   * The worker's evidence beyond the contract's profile (outlier counts, text shapes, value
   * variants) is kept in the same snapshot so rules can run for any goal later without rereading.
   */
  function extrasOf(version: VersionRow): ProfileExtras | undefined {
    if (version.profile === null) return undefined;
    return (JSON.parse(version.profile) as { extras?: ProfileExtras }).extras;
  }

  function profileOf(version: VersionRow): DatasetProfile | null {
    if (version.profile === null) return null;
    return datasetProfileSchema.parse(JSON.parse(version.profile));
  }

  /** An insight of the dataset, with its analysis; anything else is NOT_FOUND. */
  function requireInsight(datasetId: string, insightId: string) {
    const row = db.select().from(insights).where(eq(insights.id, insightId)).get();
    const analysis = row
      ? db.select().from(analyses).where(eq(analyses.id, row.analysisId)).get()
      : undefined;
    if (!row || !analysis || analysis.datasetId !== datasetId)
      throw new CairnError('NOT_FOUND', 'That insight does not exist.');
    return { row, analysis };
  }

  function notify(
    version: Pick<VersionRow, 'id' | 'datasetId'>,
    status: 'running' | 'completed' | 'failed',
    progress?: { done: number; total: number },
  ): void {
    const workspaceId = workspaceOf(version.datasetId);
    if (workspaceId)
      publish(analysisUpdated, {
        workspaceId,
        datasetId: version.datasetId,
        versionId: version.id,
        status,
        ...(progress ? { progress } : {}),
      });
  }

  /** When each version last said how far its profiling got (a few events a second at most). */
  const progressSentAt = new Map<string, number>();
  function reportProgress(versionId: string, done: number, total: number): void {
    if (closing) return;
    const now = Date.now();
    if (now - (progressSentAt.get(versionId) ?? 0) < PROGRESS_INTERVAL_MS) return;
    progressSentAt.set(versionId, now);
    const version = versionById(db, versionId);
    if (version && version.profile === null)
      notify(version, 'running', { done: Math.min(done, total), total });
  }

  /** Creates (once) the analysis of one goal over a profiled version. */
  function analyze(version: VersionRow, profile: DatasetProfile, goal: GoalType): AnalysisRow {
    const existing = db
      .select()
      .from(analyses)
      .where(and(eq(analyses.versionId, version.id), eq(analyses.goalType, goal)))
      .get();
    if (existing) return existing;
    const columns = JSON.parse(version.columns) as Column[];
    const extras = extrasOf(version);
    const quality = qualityOf(profile, extras);
    const drafts = deriveInsights(profile, columns, goal, extras);
    const now = clock.now();
    const id = newId();
    return db.transaction((tx) => {
      const row = tx
        .insert(analyses)
        .values({
          id,
          datasetId: version.datasetId,
          versionId: version.id,
          goalType: goal,
          status: 'completed',
          qualityScore: quality.score,
          quality: JSON.stringify(quality),
          startedAt: now,
          completedAt: now,
          createdAt: now,
        })
        .returning()
        .get();
      for (const column of profile.columnProfiles) {
        tx.insert(columnProfiles)
          .values({
            id: newId(),
            analysisId: id,
            columnName: column.name,
            inferredType: column.type,
            nullCount: column.nulls,
            uniqueCount: column.distinct,
            minValue: column.min === null ? null : String(column.min),
            maxValue: column.max === null ? null : String(column.max),
            mean: column.mean,
            median: column.median,
            distribution: JSON.stringify(column.histogram ?? column.topValues ?? null),
          })
          .run();
      }
      for (const draft of drafts) {
        tx.insert(insights)
          .values({
            id: newId(),
            analysisId: id,
            columns: JSON.stringify(draft.columns),
            severity: draft.severity,
            type: draft.type,
            rule: draft.rule,
            description: draft.description,
            recommendation: draft.recommendation,
            fix: draft.fix === null ? null : JSON.stringify(draft.fix),
            codeSuggestion: draft.codeSuggestion,
            status: 'open',
            createdAt: now,
          })
          .run();
      }
      return row;
    });
  }

  function toAnalysis(row: AnalysisRow): Analysis {
    const list = db.select().from(insights).where(eq(insights.analysisId, row.id)).all().map(toInsight);
    const order = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;
    list.sort((a, b) => order[a.severity] - order[b.severity]);
    return {
      id: row.id,
      datasetId: row.datasetId,
      versionId: row.versionId,
      goalType: row.goalType,
      status: row.status,
      qualityScore: row.qualityScore,
      quality: row.quality === null ? null : (JSON.parse(row.quality) as Analysis['quality']),
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      error: row.error,
      insights: list,
    };
  }

  /** Keeps a computed profile as the version's snapshot and runs the default goal's rules on it. */
  function record(version: VersionRow, profile: DatasetProfile & { extras?: ProfileExtras }): void {
    const parsed = datasetProfileSchema.parse(profile);
    const snapshot = JSON.stringify({ ...parsed, extras: profile.extras });
    db.update(versions).set({ profile: snapshot }).where(eq(versions.id, version.id)).run();
    analyze({ ...version, profile: snapshot }, parsed, DEFAULT_GOAL);
  }

  /**
   * `rebuild`: someone asked to see this version, so an evicted one is rebuilt to be profiled.
   * Profiles queued in the background (after an apply) skip an evicted version instead: rebuilding
   * it would undo the disk budget (and a rebuild in progress keeps the next apply from evicting).
   */
  async function profileNow(versionId: string, rebuild: boolean): Promise<void> {
    // Jobs still queued when the app closes are dropped; the database may be closed already.
    if (closing) return;
    const version = versionById(db, versionId);
    if (!version || version.profile !== null) return;
    if (!rebuild && !deps.datasets().engine.isReadable(version)) {
      // The event makes a view that shows it ask again, which profiles it (rebuilt).
      notify(version, 'failed');
      queued.delete(versionId);
      return;
    }
    notify(version, 'running');
    const evictionsBefore = deps.datasets().engine.evictionsIn(version.datasetId);
    try {
      await deps.datasets().readable(version);
      const profile = await workers.run<ProfileVersionResult, ProfileVersionProgress>(
        deps.profileWorker,
        {
          dataFile: store.fileFor(version.datasetId),
          relation: version.relation,
          columns: JSON.parse(version.columns) as Column[],
        } satisfies ProfileVersionInput,
        {
          timeoutMs: 30 * 60_000,
          onProgress: (p) => reportProgress(version.id, p.done, p.total),
        },
      );
      record(version, profile);
      notify(version, 'completed');
    } catch (error) {
      if (closing) return;
      // The disk budget evicted this version's table, or an ancestor's under its view, while it
      // was scanned (another apply made room; a reader may have rebuilt it since): not a failure
      // of the data. It stays unprofiled, and is profiled (rebuilt) when someone next looks at
      // it; the event makes a view showing it ask again.
      if (deps.datasets().engine.evictionsIn(version.datasetId) !== evictionsBefore) {
        notify(version, 'failed');
        return;
      }
      console.error(`Profiling version ${version.id} failed`, error);
      const message = error instanceof CairnError ? error.message : 'Profiling failed unexpectedly.';
      db.insert(analyses)
        .values({
          id: newId(),
          datasetId: version.datasetId,
          versionId: version.id,
          goalType: DEFAULT_GOAL,
          status: 'failed',
          error: message,
          createdAt: clock.now(),
        })
        .onConflictDoUpdate({
          target: [analyses.versionId, analyses.goalType],
          set: { status: 'failed', error: message },
        })
        .run();
      notify(version, 'failed');
    } finally {
      queued.delete(versionId);
      progressSentAt.delete(versionId);
    }
  }

  const service = {
    /**
     * A new version. An imported root comes with the profile its import worker is computing:
     * it is kept when it arrives; without it (or if it is unusable) the version is profiled here.
     */
    versionCreated(versionId: string, pending?: Promise<unknown>): void {
      if (!pending) {
        service.enqueue(versionId);
        return;
      }
      queued.add(versionId);
      const version = versionById(db, versionId);
      if (version) notify(version, 'running');
      const arrive = async (): Promise<void> => {
        const profile = await pending;
        queued.delete(versionId);
        if (closing) return;
        const current = versionById(db, versionId);
        if (!current || current.profile !== null) return;
        if (profile !== undefined) {
          try {
            // record() checks it against the contract's schema before keeping it.
            record(current, profile as DatasetProfile & { extras?: ProfileExtras });
            notify(current, 'completed');
            return;
          } catch (error) {
            console.error(`The profile computed while importing version ${versionId} was unusable`, error);
          }
        }
        await profileNow(versionId, false);
      };
      // In the queue, so that idle() waits for it and profiles never run two at a time.
      queue = queue.then(arrive, arrive);
    },

    /** How far the profile of a version being profiled elsewhere (by its import) has got. */
    profileProgress(versionId: string, done: number, total: number): void {
      reportProgress(versionId, done, total);
    },

    /**
     * Queues a version for profiling: in the background after an operation (`rebuild` false), or
     * because someone looks at a version without a snapshot (an evicted one is rebuilt for it).
     */
    enqueue(versionId: string, rebuild = false): void {
      if (queued.has(versionId)) return;
      queued.add(versionId);
      // Started on a later launch turn: starting a worker process blocks this one for 15–120 ms;
      // the call that made the version (an apply) answers first, and the standby it replaces
      // starts in a turn of its own.
      const run = () =>
        workers
          .launchTurn()
          .then(() => profileNow(versionId, rebuild))
          .catch((error: unknown) => {
            if (!closing) console.error(`Profiling version ${versionId} failed`, error);
          });
      queue = queue.then(run, run);
    },

    idle(): Promise<void> {
      return queue.then(
        () => undefined,
        () => undefined,
      );
    },

    get(input: { workspaceId: string; datasetId: string; versionId: string; goalType: GoalType }) {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const version = requireVersion(db, input.datasetId, input.versionId);
      const profile = profileOf(version);
      if (!profile) {
        const failed = db
          .select()
          .from(analyses)
          .where(and(eq(analyses.versionId, version.id), eq(analyses.status, 'failed')))
          .get();
        if (!failed) service.enqueue(version.id, true);
      }
      const analysisRow = profile
        ? analyze(version, profile, input.goalType)
        : db
            .select()
            .from(analyses)
            .where(and(eq(analyses.versionId, version.id), eq(analyses.goalType, DEFAULT_GOAL)))
            .get();
      const trend: { versionId: string; score: number | null }[] = [];
      let node: VersionRow | undefined = version;
      while (node) {
        const p = profileOf(node);
        trend.unshift({ versionId: node.id, score: p ? qualityOf(p, extrasOf(node)).score : null });
        node = node.parentId ? versionById(db, node.parentId) : undefined;
      }
      const parentScore = trend.length > 1 ? (trend[trend.length - 2]?.score ?? null) : null;
      return { profile, analysis: analysisRow ? toAnalysis(analysisRow) : null, parentScore, trend };
    },

    /** Applies an insight's fix as a new version; the insight on the old version is marked applied. */
    async fix(input: {
      workspaceId: string;
      datasetId: string;
      insightId: string;
      requestId?: string | undefined;
    }): Promise<{ versionId: string }> {
      requireDataset(db, input.workspaceId, input.datasetId);
      const { row, analysis } = requireInsight(input.datasetId, input.insightId);
      if (row.fix === null) throw new CairnError('VALIDATION', 'This insight has no automatic fix.');
      if (row.status === 'applied') throw new CairnError('CONFLICT', 'This fix was already applied.');
      // Applying takes a while on large data: a second click meanwhile must not apply it again.
      if (fixing.has(row.id)) throw new CairnError('CONFLICT', 'This fix is already being applied.');
      const operation = operationSchema.parse(JSON.parse(row.fix));
      fixing.add(row.id);
      let version;
      try {
        version = await deps.datasets().apply({
          workspaceId: input.workspaceId,
          datasetId: input.datasetId,
          versionId: analysis.versionId,
          operation,
          requestId: input.requestId,
        });
      } finally {
        fixing.delete(row.id);
      }
      db.update(insights).set({ status: 'applied' }).where(eq(insights.id, row.id)).run();
      // Other windows showing the old version learn that its insight was applied.
      publish(analysisUpdated, {
        workspaceId: input.workspaceId,
        datasetId: input.datasetId,
        versionId: analysis.versionId,
        status: 'completed',
      });
      return { versionId: version.id };
    },

    dismiss(input: { workspaceId: string; datasetId: string; insightId: string }): Insight {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const { row, analysis } = requireInsight(input.datasetId, input.insightId);
      db.update(insights).set({ status: 'dismissed' }).where(eq(insights.id, row.id)).run();
      notify({ id: analysis.versionId, datasetId: analysis.datasetId }, 'completed');
      return toInsight({ ...row, status: 'dismissed' });
    },

    close(): void {
      closing = true;
    },

    /** The stored profile of a version, if it has been profiled (the assistant's summary uses it). */
    profile(versionId: string): DatasetProfile | null {
      const version = versionById(db, versionId);
      return version ? profileOf(version) : null;
    },
  };
  return service;
}

export type AnalysisService = ReturnType<typeof createAnalysisService>;
