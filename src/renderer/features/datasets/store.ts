import { create } from 'zustand';
import type { Dataset, Version } from '../../../shared/datasets';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';

interface WorkspaceDatasets {
  items: Dataset[];
  loaded: boolean;
  error: string | null;
}

interface DatasetsState {
  /** Dataset lists by workspace id. */
  lists: Record<string, WorkspaceDatasets>;
  showArchived: boolean;
  load(workspaceId: string): Promise<void>;
  setShowArchived(workspaceId: string, show: boolean): Promise<void>;
  archive(workspaceId: string, datasetId: string): Promise<Dataset>;
  restore(workspaceId: string, datasetId: string): Promise<Dataset>;
}

const EMPTY: WorkspaceDatasets = { items: [], loaded: false, error: null };

/** The dataset list of each workspace the person has looked at. Actions throw CairnError. */
export const useDatasets = create<DatasetsState>((set, get) => ({
  lists: {},
  showArchived: false,
  load: async (workspaceId) => {
    try {
      const items = await client.invoke('datasets:list', {
        workspaceId,
        includeArchived: get().showArchived,
      });
      set((s) => ({ lists: { ...s.lists, [workspaceId]: { items, loaded: true, error: null } } }));
    } catch (error) {
      set((s) => ({
        lists: {
          ...s.lists,
          [workspaceId]: { ...(s.lists[workspaceId] ?? EMPTY), loaded: true, error: errorMessage(error) },
        },
      }));
    }
  },
  setShowArchived: async (workspaceId, show) => {
    set({ showArchived: show });
    await get().load(workspaceId);
  },
  archive: async (workspaceId, datasetId) => {
    const dataset = await client.invoke('datasets:archive', { workspaceId, datasetId });
    await get().load(workspaceId);
    return dataset;
  },
  restore: async (workspaceId, datasetId) => {
    const dataset = await client.invoke('datasets:restore', { workspaceId, datasetId });
    await get().load(workspaceId);
    return dataset;
  },
}));

export function useDatasetList(workspaceId: string): WorkspaceDatasets {
  return useDatasets((s) => s.lists[workspaceId] ?? EMPTY);
}

interface DatasetDetail {
  workspaceId: string;
  dataset: Dataset | null;
  versions: Version[];
  error: string | null;
}

interface DetailState {
  details: Record<string, DatasetDetail>;
  load(workspaceId: string, datasetId: string): Promise<void>;
  /**
   * A version this window just made current (an apply answered with it): shown at once, before
   * the reload confirms it, so nothing clicked in between acts on the old current version.
   */
  madeCurrent(datasetId: string, version: Version): void;
}

/**
 * The latest load asked for, per dataset: loads overlap (an event's and an action's) and may
 * answer out of order; only the latest one's answer is kept, never an older state over a newer.
 */
const latestLoad = new Map<string, number>();
let loads = 0;

/** One dataset and its version tree, as the dataset view shows them. */
export const useDatasetDetails = create<DetailState>((set) => ({
  details: {},
  madeCurrent: (datasetId, version) =>
    set((s) => {
      const detail = s.details[datasetId];
      if (!detail?.dataset) return s;
      const known = detail.versions.some((v) => v.id === version.id);
      return {
        details: {
          ...s.details,
          [datasetId]: {
            ...detail,
            dataset: { ...detail.dataset, currentVersionId: version.id },
            versions: known ? detail.versions : [...detail.versions, version],
          },
        },
      };
    }),
  load: async (workspaceId, datasetId) => {
    const ticket = ++loads;
    latestLoad.set(datasetId, ticket);
    const stale = () => latestLoad.get(datasetId) !== ticket;
    try {
      const [dataset, versions] = await Promise.all([
        client.invoke('datasets:get', { workspaceId, datasetId }),
        client.invoke('versions:list', { workspaceId, datasetId }),
      ]);
      if (stale()) return;
      set((s) => ({
        details: { ...s.details, [datasetId]: { workspaceId, dataset, versions, error: null } },
      }));
    } catch (error) {
      if (stale()) return;
      set((s) => ({
        details: {
          ...s.details,
          [datasetId]: {
            workspaceId,
            dataset: s.details[datasetId]?.dataset ?? null,
            versions: s.details[datasetId]?.versions ?? [],
            error: errorMessage(error),
          },
        },
      }));
    }
  },
}));

/** Keeps lists and open datasets current when any window, import or the assistant changes one. */
export function subscribeToDatasetChanges(): () => void {
  const reloadAll = () => {
    for (const workspaceId of Object.keys(useDatasets.getState().lists)) {
      void useDatasets.getState().load(workspaceId);
    }
    for (const [datasetId, detail] of Object.entries(useDatasetDetails.getState().details)) {
      void useDatasetDetails.getState().load(detail.workspaceId, datasetId);
    }
  };
  const offChanged = client.on('datasets:changed', ({ workspaceId, datasetId }) => {
    if (useDatasets.getState().lists[workspaceId]) void useDatasets.getState().load(workspaceId);
    if (useDatasetDetails.getState().details[datasetId]) {
      void useDatasetDetails.getState().load(workspaceId, datasetId);
    }
  });
  // After a reconnect, events may have been missed.
  const offStatus = client.transport.onStatus((status) => {
    if (status === 'connected') reloadAll();
  });
  return () => {
    offChanged();
    offStatus();
  };
}
