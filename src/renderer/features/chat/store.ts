import { create } from 'zustand';
import type { ChatMessage, ChatState, ConversationSummary } from '../../../shared/chat';
import { CairnError } from '../../../shared/result';
import { errorMessage } from '../../app/toasts';
import { client } from '../../lib/client';

/** A turn under way in this window: the text streamed so far and what the assistant is doing. */
export interface PendingTurn {
  /** The person's message, shown at once, before the backend has stored it. */
  question: string;
  /** Messages of this turn stored so far (the question, tool calls, tool results). */
  messages: ChatMessage[];
  text: string;
  status: string | null;
  cancel(): void;
}

/** The chat of one dataset, or of a workspace's boards (datasetId null). */
interface OpenChat {
  workspaceId: string;
  datasetId: string | null;
  state: ChatState | null;
  /** Every conversation of the same dataset (or workspace), newest first. */
  conversations: ConversationSummary[];
  pending: PendingTurn | null;
  /** True while older messages are being fetched. */
  loadingOlder: boolean;
  /** A request that failed outright (not a failed turn: that is a stored message). */
  error: string | null;
}

/** One key per chat panel: the dataset's id, or the workspace's for its boards conversation. */
export function chatKey(workspaceId: string, datasetId: string | null): string {
  return datasetId ?? `workspace:${workspaceId}`;
}

interface ChatStore {
  chats: Record<string, OpenChat>;
  /** Unsent text by chat key: kept when the person switches tabs or datasets. */
  drafts: Record<string, string>;
  /**
   * Messages sent while a turn was still answering, by chat key, oldest first. Each is sent
   * when the turn before it ends, so a quick second "undo" is neither dropped nor refused.
   */
  queued: Record<string, string[]>;
  setDraft(key: string, text: string): void;
  /** Takes a queued message back (it returns to the draft, so nothing typed is lost). */
  unqueue(key: string, index: number): void;
  /** Opens the most recent conversation, or the given one. */
  open(workspaceId: string, datasetId: string | null, conversationId?: string): Promise<void>;
  create(key: string): Promise<void>;
  rename(key: string, conversationId: string, title: string): Promise<boolean>;
  remove(key: string, conversationId: string): Promise<void>;
  loadOlder(key: string): Promise<void>;
  send(key: string, text: string): Promise<void>;
  /** Another window changed this chat: reload what is shown (never switches conversations). */
  refresh(key: string): Promise<void>;
  stop(key: string): void;
  setProfile(key: string, profileId: string | null): Promise<void>;
}

export const useChat = create<ChatStore>((set, get) => {
  /**
   * Which conversation a chat shows is decided by the last request that asked, not the last
   * answer to arrive: a reload started by another window's event must not undo a switch or a
   * "New" that answered before it.
   */
  const generations = new Map<string, number>();
  const nextGeneration = (key: string): number => {
    const n = (generations.get(key) ?? 0) + 1;
    generations.set(key, n);
    return n;
  };
  const isLatest = (key: string, n: number): boolean => generations.get(key) === n;
  const sendNext = (key: string): void => {
    const [next, ...rest] = get().queued[key] ?? [];
    if (next === undefined) return;
    set((s) => ({ queued: { ...s.queued, [key]: rest } }));
    void get().send(key, next);
  };
  const restoreDraft = (key: string, texts: string[]): void => {
    const draft = get().drafts[key] ?? '';
    get().setDraft(key, [...texts, draft].filter((t) => t.trim() !== '').join('\n'));
  };
  const patch = (key: string, change: Partial<OpenChat>): void =>
    set((s) => {
      const current = s.chats[key];
      if (!current) return s;
      return { chats: { ...s.chats, [key]: { ...current, ...change } } };
    });
  const refreshList = async (key: string): Promise<void> => {
    const chat = get().chats[key];
    if (!chat) return;
    const { conversations } = await client.invoke('chat:list', {
      workspaceId: chat.workspaceId,
      datasetId: chat.datasetId,
    });
    patch(key, { conversations });
  };
  /**
   * Reloads the conversation shown, without choosing another: used after a turn and when another
   * window changed something. Its answer is dropped if the person opened or made another
   * conversation meanwhile.
   */
  const refresh = async (key: string): Promise<ChatState | null> => {
    const chat = get().chats[key];
    const shown = chat?.state?.conversation.id;
    if (!chat || !shown) return null;
    const n = generations.get(key) ?? 0;
    const state = await client.invoke('chat:open', {
      workspaceId: chat.workspaceId,
      datasetId: chat.datasetId,
      conversationId: shown,
    });
    if (generations.get(key) !== n || get().chats[key]?.state?.conversation.id !== shown) return null;
    patch(key, { state, error: null });
    await refreshList(key);
    return state;
  };

  return {
    chats: {},
    drafts: {},
    queued: {},
    setDraft: (key, text) => set((s) => ({ drafts: { ...s.drafts, [key]: text } })),
    unqueue: (key, index) => {
      const queue = get().queued[key] ?? [];
      const text = queue[index];
      if (text === undefined) return;
      set((s) => ({ queued: { ...s.queued, [key]: queue.filter((_, i) => i !== index) } }));
      restoreDraft(key, [text]);
    },

    open: async (workspaceId, datasetId, conversationId) => {
      const key = chatKey(workspaceId, datasetId);
      const existing = get().chats[key];
      if (!existing) {
        set((s) => ({
          chats: {
            ...s.chats,
            [key]: {
              workspaceId,
              datasetId,
              state: null,
              conversations: [],
              pending: null,
              loadingOlder: false,
              error: null,
            },
          },
        }));
      }
      // Switching conversations: the queue belongs to the one it was typed in, so it returns to the box.
      const switching =
        conversationId !== undefined && existing?.state && existing.state.conversation.id !== conversationId;
      if (switching) {
        const queue = get().queued[key] ?? [];
        if (queue.length > 0) {
          set((s) => ({ queued: { ...s.queued, [key]: [] } }));
          restoreDraft(key, queue);
        }
      }
      const keep = conversationId ?? get().chats[key]?.state?.conversation.id;
      const n = nextGeneration(key);
      try {
        const state = await client.invoke('chat:open', {
          workspaceId,
          datasetId,
          ...(keep ? { conversationId: keep } : {}),
        });
        if (!isLatest(key, n)) return;
        patch(key, { state, error: null });
        await refreshList(key);
        // A turn that ran in another window has ended: what was queued behind it goes now.
        if (!state.running && !get().chats[key]?.pending) sendNext(key);
      } catch (error) {
        // The conversation shown was deleted elsewhere: fall back to the most recent one.
        if (
          keep &&
          error instanceof CairnError &&
          error.code === 'NOT_FOUND' &&
          conversationId === undefined
        ) {
          patch(key, { state: null });
          await get().open(workspaceId, datasetId);
          return;
        }
        patch(key, { error: errorMessage(error) });
      }
    },

    create: async (key) => {
      const chat = get().chats[key];
      if (!chat || chat.pending) return;
      const n = nextGeneration(key);
      try {
        const state = await client.invoke('chat:create', {
          workspaceId: chat.workspaceId,
          datasetId: chat.datasetId,
        });
        if (!isLatest(key, n)) return;
        patch(key, { state, error: null });
        await refreshList(key);
      } catch (error) {
        patch(key, { error: errorMessage(error) });
      }
    },

    rename: async (key, conversationId, title) => {
      const chat = get().chats[key];
      if (!chat) return false;
      try {
        await client.invoke('chat:rename', { workspaceId: chat.workspaceId, conversationId, title });
        await refresh(key);
        return true;
      } catch (error) {
        patch(key, { error: errorMessage(error) });
        return false;
      }
    },

    remove: async (key, conversationId) => {
      const chat = get().chats[key];
      if (!chat) return;
      try {
        await client.invoke('chat:delete', { workspaceId: chat.workspaceId, conversationId });
        patch(key, { state: null });
        await get().open(chat.workspaceId, chat.datasetId);
      } catch (error) {
        patch(key, { error: errorMessage(error) });
      }
    },

    loadOlder: async (key) => {
      const chat = get().chats[key];
      const first = chat?.state?.messages[0];
      if (!chat?.state?.hasOlder || !first || chat.loadingOlder) return;
      const conversationId = chat.state.conversation.id;
      patch(key, { loadingOlder: true });
      try {
        const older = await client.invoke('chat:history', {
          workspaceId: chat.workspaceId,
          conversationId,
          beforeMessageId: first.id,
        });
        const current = get().chats[key]?.state;
        // Another conversation was opened meanwhile: this page is not for it.
        if (current?.conversation.id !== conversationId) return;
        patch(key, {
          state: { ...current, messages: [...older.messages, ...current.messages], hasOlder: older.hasOlder },
        });
      } catch (error) {
        patch(key, { error: errorMessage(error) });
      } finally {
        patch(key, { loadingOlder: false });
      }
    },

    refresh: async (key) => {
      if (get().chats[key]?.pending) return;
      try {
        const state = await refresh(key);
        if (state && !state.running && !get().chats[key]?.pending) sendNext(key);
      } catch (error) {
        const chat = get().chats[key];
        // The conversation shown was deleted in another window: show the most recent one.
        if (chat && error instanceof CairnError && error.code === 'NOT_FOUND') {
          patch(key, { state: null });
          await get().open(chat.workspaceId, chat.datasetId);
        } else patch(key, { error: errorMessage(error) });
      }
    },

    send: async (key, text) => {
      const chat = get().chats[key];
      if (!chat?.state) return;
      if (chat.pending || chat.state.running) {
        set((s) => ({ queued: { ...s.queued, [key]: [...(s.queued[key] ?? []), text] } }));
        return;
      }
      const { workspaceId } = chat;
      const conversationId = chat.state.conversation.id;
      const running = client.stream('chat:send', { workspaceId, conversationId, text }, (chunk) => {
        const pending = get().chats[key]?.pending;
        if (!pending) return;
        if (chunk.type === 'delta') patch(key, { pending: { ...pending, text: pending.text + chunk.text } });
        else if (chunk.type === 'status') patch(key, { pending: { ...pending, status: chunk.text } });
        else
          patch(key, {
            // A stored message ends the text streamed before it (it carries that text itself).
            pending: { ...pending, messages: [...pending.messages, chunk.message], text: '', status: null },
          });
      });
      patch(key, {
        error: null,
        pending: { question: text, messages: [], text: '', status: null, cancel: running.cancel },
      });
      try {
        await running.result;
      } catch (error) {
        if (!(error instanceof CairnError && error.code === 'CANCELLED')) {
          patch(key, { error: errorMessage(error) });
          // Refused before the question was stored (e.g. a turn already running): nothing lost.
          const started = get().chats[key]?.pending?.messages.some((m) => m.role === 'user');
          if (!started && (get().drafts[key] ?? '') === '') get().setDraft(key, text);
        }
      } finally {
        try {
          await refresh(key);
          patch(key, { pending: null });
          if (get().chats[key]?.state?.running === false) sendNext(key);
        } catch (error) {
          patch(key, { pending: null, error: errorMessage(error) });
        }
      }
    },

    stop: (key) => {
      // Stop means "stop answering": what was queued behind the turn goes back to the draft.
      const queue = get().queued[key] ?? [];
      if (queue.length > 0) {
        set((s) => ({ queued: { ...s.queued, [key]: [] } }));
        restoreDraft(key, queue);
      }
      const chat = get().chats[key];
      if (chat?.pending) {
        chat.pending.cancel();
        return;
      }
      // A turn started in another window (or before a reload): stop it through the backend.
      if (chat?.state?.running) {
        const input = { workspaceId: chat.workspaceId, conversationId: chat.state.conversation.id };
        void client
          .invoke('chat:stop', input)
          .catch((error: unknown) => patch(key, { error: errorMessage(error) }));
      }
    },

    setProfile: async (key, profileId) => {
      const chat = get().chats[key];
      if (!chat?.state) return;
      try {
        const state = await client.invoke('chat:setProfile', {
          workspaceId: chat.workspaceId,
          conversationId: chat.state.conversation.id,
          profileId,
        });
        patch(key, { state, error: null });
      } catch (error) {
        patch(key, { error: errorMessage(error) });
      }
    },
  };
});

/** Another window's turn, rename or profile switch: reload, unless this window is mid-turn. */
export function subscribeToChatChanges(): () => void {
  return client.on('chat:changed', (event) => {
    const key = chatKey(event.workspaceId, event.datasetId);
    const chat = useChat.getState().chats[key];
    if (!chat || chat.pending) return;
    void useChat.getState().refresh(key);
  });
}
