import { useEffect } from 'react';
import { create } from 'zustand';
import type { Analysis, DatasetProfile, GoalType, Insight } from '../../../shared/analysis';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';

export interface TrendPoint {
  versionId: string;
  score: number | null;
}

/** What the renderer knows about one version: its profile (immutable once known) and analyses by goal. */
export interface VersionAnalysis {
  workspaceId: string;
  datasetId: string;
  profile: DatasetProfile | null;
  /** The analysis of each goal asked for so far (only once the profile exists). */
  analyses: Partial<Record<GoalType, Analysis>>;
  parentScore: number | null;
  trend: TrendPoint[];
  /** Why profiling failed (the backend does not retry a failed version). */
  failure: string | null;
  /** A request that did not get an answer (connection, server error). */
  error: string | null;
  /** True until the first answer arrives. */
  loading: boolean;
}

export interface VersionScope {
  workspaceId: string;
  datasetId: string;
  versionId: string;
}

interface AnalysisState {
  /** By version id. Versions are immutable, so a profile once known is never asked for again. */
  versions: Record<string, VersionAnalysis>;
  /** How far the profiling of a version has got (rows scanned), from `analysis:updated` events. */
  progress: Record<string, { done: number; total: number }>;
  goal: GoalType;
  /** Show dismissed and applied insights too. */
  showResolved: boolean;
  setGoal(goal: GoalType): void;
  setShowResolved(show: boolean): void;
  /** Asks for a version's analysis unless it is already known (force: ask anyway). */
  load(scope: VersionScope, options?: { force?: boolean; goal?: GoalType }): Promise<void>;
  /** Applies an insight's fix; resolves to the new version's id. Throws CairnError. */
  /** `requestId` lets `versions:cancelApply` stop the fix while its version is being written. */
  fix(scope: VersionScope, insight: Insight, requestId?: string): Promise<string>;
  dismiss(scope: VersionScope, insight: Insight): Promise<void>;
}

const inFlight = new Map<string, Promise<void>>();
/** The newest request per version (for the trend) and per version and goal (for the analysis). */
const issued = new Map<string, number>();
const applied = new Map<string, number>();
let nextSeq = 1;

function blank(scope: VersionScope): VersionAnalysis {
  return {
    workspaceId: scope.workspaceId,
    datasetId: scope.datasetId,
    profile: null,
    analyses: {},
    parentScore: null,
    trend: [],
    failure: null,
    error: null,
    loading: true,
  };
}

function withInsightStatus(entry: VersionAnalysis, insightId: string, status: Insight['status']) {
  const analyses: Partial<Record<GoalType, Analysis>> = {};
  for (const [goal, analysis] of Object.entries(entry.analyses) as [GoalType, Analysis][]) {
    analyses[goal] = {
      ...analysis,
      insights: analysis.insights.map((i) => (i.id === insightId ? { ...i, status } : i)),
    };
  }
  return { ...entry, analyses };
}

export const useAnalysis = create<AnalysisState>((set, get) => ({
  versions: {},
  progress: {},
  goal: 'data_quality',
  showResolved: false,
  setGoal: (goal) => set({ goal }),
  setShowResolved: (showResolved) => set({ showResolved }),

  load: (scope, options = {}) => {
    const goal = options.goal ?? get().goal;
    const known = get().versions[scope.versionId];
    if (!options.force && known?.profile && known.analyses[goal]) return Promise.resolve();
    const key = `${scope.versionId}|${goal}`;
    const pending = inFlight.get(key);
    if (pending && !options.force) return pending;

    const seq = nextSeq++;
    issued.set(scope.versionId, seq);
    issued.set(key, seq);
    if (!known) set((s) => ({ versions: { ...s.versions, [scope.versionId]: blank(scope) } }));

    const request = client
      .invoke('analysis:get', { ...scope, goalType: goal })
      .then(
        (result) => {
          set((s) => {
            const entry = s.versions[scope.versionId] ?? blank(scope);
            const newestForVersion = seq >= (applied.get(scope.versionId) ?? 0);
            const newestForGoal = seq >= (applied.get(key) ?? 0);
            if (newestForVersion) applied.set(scope.versionId, seq);
            if (newestForGoal) applied.set(key, seq);
            // A profile never goes back to unknown; an analysis only counts once the profile exists
            // (before that the backend answers with the default goal's pending or failed analysis).
            const profile = entry.profile ?? result.profile;
            const analysis = result.profile && result.analysis ? result.analysis : null;
            const failed = !result.profile && result.analysis?.status === 'failed';
            return {
              versions: {
                ...s.versions,
                [scope.versionId]: {
                  ...entry,
                  profile,
                  analyses:
                    analysis && newestForGoal ? { ...entry.analyses, [goal]: analysis } : entry.analyses,
                  parentScore: newestForVersion ? result.parentScore : entry.parentScore,
                  trend: newestForVersion ? result.trend : entry.trend,
                  failure: profile
                    ? null
                    : failed
                      ? (result.analysis?.error ?? 'Profiling failed.')
                      : entry.failure,
                  error: null,
                  loading: false,
                },
              },
            };
          });
        },
        (error: unknown) => {
          set((s) => {
            const entry = s.versions[scope.versionId] ?? blank(scope);
            return {
              versions: {
                ...s.versions,
                [scope.versionId]: { ...entry, error: errorMessage(error), loading: false },
              },
            };
          });
        },
      )
      .finally(() => {
        if (inFlight.get(key) === request) inFlight.delete(key);
      });
    inFlight.set(key, request);
    return request;
  },

  fix: async (scope, insight, requestId) => {
    const { versionId } = await client.invoke('analysis:fix', {
      workspaceId: scope.workspaceId,
      datasetId: scope.datasetId,
      insightId: insight.id,
      ...(requestId ? { requestId } : {}),
    });
    set((s) => {
      const entry = s.versions[scope.versionId];
      if (!entry) return s;
      return {
        versions: { ...s.versions, [scope.versionId]: withInsightStatus(entry, insight.id, 'applied') },
      };
    });
    return versionId;
  },

  dismiss: async (scope, insight) => {
    const updated = await client.invoke('analysis:dismiss', {
      workspaceId: scope.workspaceId,
      datasetId: scope.datasetId,
      insightId: insight.id,
    });
    set((s) => {
      const entry = s.versions[scope.versionId];
      if (!entry) return s;
      return {
        versions: { ...s.versions, [scope.versionId]: withInsightStatus(entry, insight.id, updated.status) },
      };
    });
  },
}));

/** Whether a version is still being profiled (no profile, no failure, no request error). */
export function isProfiling(entry: VersionAnalysis | undefined): boolean {
  return !entry || (!entry.profile && !entry.failure && !entry.error);
}

/** A version's quality score from any of its analyses (the score does not depend on the goal). */
export function versionScore(entry: VersionAnalysis | undefined): number | null {
  for (const analysis of Object.values(entry?.analyses ?? {})) {
    const score = analysis?.quality?.score ?? analysis?.qualityScore ?? null;
    if (score !== null) return score;
  }
  return null;
}

/**
 * Keeps what is known current: an `analysis:updated` event re-asks for that version (and for
 * versions whose trend is waiting for its score); after a reconnect, versions still profiling
 * are asked for again, since events may have been missed.
 */
function subscribeToAnalysis(datasetId: string): () => void {
  const refresh = (versionId: string) => {
    const { versions, load } = useAnalysis.getState();
    const entry = versions[versionId];
    if (entry)
      void load({ workspaceId: entry.workspaceId, datasetId: entry.datasetId, versionId }, { force: true });
    for (const [id, other] of Object.entries(versions)) {
      if (id === versionId || other.datasetId !== datasetId) continue;
      if (other.trend.some((p) => p.versionId === versionId && p.score === null)) {
        void load({ workspaceId: other.workspaceId, datasetId, versionId: id }, { force: true });
      }
    }
  };
  const offUpdated = client.on('analysis:updated', (event) => {
    if (event.datasetId !== datasetId) return;
    const { progress } = event;
    if (progress) {
      useAnalysis.setState((state) => ({ progress: { ...state.progress, [event.versionId]: progress } }));
    }
    // "running" says nothing new to a view that already shows "Profiling…".
    if (event.status !== 'running') refresh(event.versionId);
  });
  const offStatus = client.transport.onStatus((status) => {
    if (status !== 'connected') return;
    for (const [versionId, entry] of Object.entries(useAnalysis.getState().versions)) {
      if (entry.datasetId === datasetId && (!entry.profile || entry.error)) refresh(versionId);
    }
  });
  return () => {
    offUpdated();
    offStatus();
  };
}

/** How often a version still profiling is asked for again, in case an event went missing. */
const PROFILING_POLL_MS = 4000;

/**
 * The dataset view's one hook into analysis: follows events for the dataset, asks for the shown
 * version's analysis (for the chosen goal) and, while it is profiling, asks again now and then.
 */
export function useVersionAnalysis(
  workspaceId: string,
  datasetId: string,
  versionId: string | null,
): VersionAnalysis | undefined {
  const goal = useAnalysis((s) => s.goal);
  const entry = useAnalysis((s) => (versionId ? s.versions[versionId] : undefined));
  const profiling = entry !== undefined && !entry.loading && isProfiling(entry);

  useEffect(() => subscribeToAnalysis(datasetId), [datasetId]);

  useEffect(() => {
    if (versionId) void useAnalysis.getState().load({ workspaceId, datasetId, versionId }, { goal });
  }, [workspaceId, datasetId, versionId, goal]);

  useEffect(() => {
    if (!profiling || !versionId) return;
    const timer = setInterval(() => {
      void useAnalysis.getState().load({ workspaceId, datasetId, versionId }, { force: true });
    }, PROFILING_POLL_MS);
    return () => clearInterval(timer);
  }, [profiling, workspaceId, datasetId, versionId]);

  return entry;
}

/** The analysis of the chosen goal for a version, once known. */
export function useGoalAnalysis(versionId: string): Analysis | undefined {
  return useAnalysis((s) => s.versions[versionId]?.analyses[s.goal]);
}
