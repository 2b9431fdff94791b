import { create } from 'zustand';
import type { Workspace } from '../../../shared/workspaces';
import { client } from '../../lib/client';

interface WorkspacesState {
  items: Workspace[];
  showArchived: boolean;
  loaded: boolean;
  load(): Promise<void>;
  setShowArchived(show: boolean): Promise<void>;
  create(name: string, description?: string): Promise<Workspace>;
  rename(id: string, name: string): Promise<Workspace>;
  archive(id: string): Promise<Workspace>;
  restore(id: string): Promise<Workspace>;
}

/** Workspaces as the sidebar and pages see them. Actions throw CairnError; callers decide how to show it. */
export const useWorkspaces = create<WorkspacesState>((set, get) => ({
  items: [],
  showArchived: false,
  loaded: false,
  load: async () => {
    const items = await client.invoke('workspaces:list', { includeArchived: get().showArchived });
    set({ items, loaded: true });
  },
  setShowArchived: async (show) => {
    set({ showArchived: show });
    await get().load();
  },
  create: async (name, description = '') => {
    const workspace = await client.invoke('workspaces:create', { name, description });
    await get().load();
    return workspace;
  },
  rename: async (id, name) => {
    const workspace = await client.invoke('workspaces:rename', { id, name });
    await get().load();
    return workspace;
  },
  archive: async (id) => {
    const workspace = await client.invoke('workspaces:archive', { id });
    await get().load();
    return workspace;
  },
  restore: async (id) => {
    const workspace = await client.invoke('workspaces:restore', { id });
    await get().load();
    return workspace;
  },
}));

/** Keeps every open window current when any window (or the assistant) changes a workspace. */
export function subscribeToWorkspaceChanges(): () => void {
  return client.on('workspaces:changed', () => {
    void useWorkspaces
      .getState()
      .load()
      .catch(() => undefined);
  });
}
