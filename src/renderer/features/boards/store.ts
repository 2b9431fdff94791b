import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { client } from '../../lib/client';
import { errorMessage } from '../../app/toasts';

/**
 * What the boards screens share: a revision per workspace that `boards:changed` bumps (another
 * window or the assistant changed something, so every view on screen reloads), and the person's
 * undo/redo stacks of patch sets made in this window. Each view loads its own data.
 */
interface BoardsState {
  revisions: Record<string, number>;
  /** Patch sets this person applied here, newest last; Ctrl+Z reverts the last. */
  undo: Record<string, string[]>;
  /** Sets that undid one of the above, newest last; Ctrl+Shift+Z reverts the revert. */
  redo: Record<string, string[]>;
  /** Changes sent and not answered yet, per workspace (the screen says "Saving…"). */
  saving: Record<string, number>;
  bump(workspaceId: string): void;
  /** A change the person made: it can be undone, and it clears the redo stack. */
  record(workspaceId: string, patchSetId: string): void;
  undoLast(workspaceId: string): Promise<'done' | 'nothing'>;
  redoLast(workspaceId: string): Promise<'done' | 'nothing'>;
}

export const useBoards = create<BoardsState>()(
  persist(
    (set, get) => ({
      revisions: {},
      undo: {},
      redo: {},
      saving: {},
      bump: (workspaceId) =>
        set((s) => ({ revisions: { ...s.revisions, [workspaceId]: (s.revisions[workspaceId] ?? 0) + 1 } })),
      record: (workspaceId, patchSetId) =>
        set((s) => ({
          undo: { ...s.undo, [workspaceId]: [...(s.undo[workspaceId] ?? []), patchSetId].slice(-100) },
          redo: { ...s.redo, [workspaceId]: [] },
        })),
      undoLast: async (workspaceId) => {
        // A change still being saved is the last one: Ctrl+Z right after a move reverts that move.
        await settledChanges(workspaceId);
        const stack = get().undo[workspaceId] ?? [];
        const last = stack.at(-1);
        if (!last) return 'nothing';
        // Taken off first: a refused revert (a later change touched the same items) cannot succeed
        // on a second try either, and the person should reach the change before it.
        set((s) => ({ undo: { ...s.undo, [workspaceId]: stack.slice(0, -1) } }));
        const result = await client.invoke('boards:patchesRevert', { workspaceId, patchSetId: last });
        set((s) => ({
          redo: { ...s.redo, [workspaceId]: [...(s.redo[workspaceId] ?? []), result.patchSetId] },
        }));
        get().bump(workspaceId);
        return 'done';
      },
      redoLast: async (workspaceId) => {
        await settledChanges(workspaceId);
        const stack = get().redo[workspaceId] ?? [];
        const last = stack.at(-1);
        if (!last) return 'nothing';
        set((s) => ({ redo: { ...s.redo, [workspaceId]: stack.slice(0, -1) } }));
        const result = await client.invoke('boards:patchesRevert', { workspaceId, patchSetId: last });
        set((s) => ({
          undo: { ...s.undo, [workspaceId]: [...(s.undo[workspaceId] ?? []), result.patchSetId] },
        }));
        get().bump(workspaceId);
        return 'done';
      },
    }),
    {
      // The stacks belong to this window's session: a reload keeps them, another window has its own.
      name: 'cairn.boards.undo',
      storage: createJSONStorage(() => sessionStorage),
      partialize: (s) => ({ undo: s.undo, redo: s.redo }),
    },
  ),
);

/** Keeps every boards view current when anything (another window, the assistant) changes a board. */
export function subscribeToBoardChanges(): () => void {
  return client.on('boards:changed', ({ workspaceId }) => useBoards.getState().bump(workspaceId));
}

/** The changes of each workspace sent and not answered yet. */
const unanswered = new Map<string, Set<Promise<unknown>>>();

function settledChanges(workspaceId: string): Promise<unknown> {
  return Promise.allSettled([...(unanswered.get(workspaceId) ?? [])]);
}

function countSaving(workspaceId: string): void {
  const n = unanswered.get(workspaceId)?.size ?? 0;
  useBoards.setState((s) => ({ saving: { ...s.saving, [workspaceId]: n } }));
}

/**
 * Applies a change the person made and records it for Ctrl+Z; the views reload. Until the
 * answer comes the screen says "Saving…" (a move shows at once, before it is stored).
 */
export async function change<T extends { patchSetId: string }>(
  workspaceId: string,
  action: Promise<T>,
): Promise<T> {
  const pending = unanswered.get(workspaceId) ?? new Set<Promise<unknown>>();
  unanswered.set(workspaceId, pending);
  pending.add(action);
  countSaving(workspaceId);
  try {
    const result = await action;
    useBoards.getState().record(workspaceId, result.patchSetId);
    useBoards.getState().bump(workspaceId);
    return result;
  } finally {
    pending.delete(action);
    countSaving(workspaceId);
  }
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** Replaces the data on screen until the next load (an optimistic move). */
  setData(data: T): void;
  reload(): void;
}

/**
 * Loads `load()` now, again whenever its `key` changes, and whenever the workspace's boards
 * change. An answer that arrives after a newer request started is dropped.
 */
export function useBoardsData<T>(workspaceId: string, key: string, load: () => Promise<T>): Loaded<T> {
  const revision = useBoards((s) => s.revisions[workspaceId] ?? 0);
  // Tagged with the key it answers, so another subject (project) never shows the last one's data.
  const [state, setState] = useState<{ key: string; data: T | null; error: string | null }>({
    key,
    data: null,
    error: null,
  });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const request = ++latest.current;
    loadRef.current().then(
      (value) => {
        if (request === latest.current) setState({ key, data: value, error: null });
      },
      (e: unknown) => {
        if (request === latest.current)
          setState((s) => ({ key, data: s.key === key ? s.data : null, error: errorMessage(e) }));
      },
    );
  }, [workspaceId, key, revision, nonce]);
  const setData = useCallback((data: T) => setState({ key, data, error: null }), [key]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, setData, reload };
}
