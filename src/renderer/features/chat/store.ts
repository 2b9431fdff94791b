import { create } from 'zustand';
import type { ChatMessage, ChatState } from '../../../shared/chat';
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

interface DatasetChat {
  workspaceId: string;
  state: ChatState | null;
  pending: PendingTurn | null;
  /** A request that failed outright (not a failed turn: that is a stored message). */
  error: string | null;
}

interface ChatStore {
  /** By dataset id. */
  chats: Record<string, DatasetChat>;
  /** Unsent text by dataset id: kept when the person switches tabs or datasets. */
  drafts: Record<string, string>;
  /**
   * Messages sent while a turn was still answering, by dataset id, oldest first. Each is sent
   * when the turn before it ends, so a quick second "undo" is neither dropped nor refused.
   */
  queued: Record<string, string[]>;
  setDraft(datasetId: string, text: string): void;
  /** Takes a queued message back (it returns to the draft, so nothing typed is lost). */
  unqueue(datasetId: string, index: number): void;
  open(workspaceId: string, datasetId: string): Promise<void>;
  send(datasetId: string, text: string): Promise<void>;
  stop(datasetId: string): void;
  setProfile(datasetId: string, profileId: string | null): Promise<void>;
}

export const useChat = create<ChatStore>((set, get) => {
  const sendNext = (datasetId: string): void => {
    const [next, ...rest] = get().queued[datasetId] ?? [];
    if (next === undefined) return;
    set((s) => ({ queued: { ...s.queued, [datasetId]: rest } }));
    void get().send(datasetId, next);
  };
  const restoreDraft = (datasetId: string, texts: string[]): void => {
    const draft = get().drafts[datasetId] ?? '';
    get().setDraft(datasetId, [...texts, draft].filter((t) => t.trim() !== '').join('\n'));
  };
  const patch = (datasetId: string, change: Partial<DatasetChat>): void =>
    set((s) => {
      const current = s.chats[datasetId];
      if (!current) return s;
      return { chats: { ...s.chats, [datasetId]: { ...current, ...change } } };
    });

  return {
    chats: {},
    drafts: {},
    queued: {},
    setDraft: (datasetId, text) => set((s) => ({ drafts: { ...s.drafts, [datasetId]: text } })),
    unqueue: (datasetId, index) => {
      const queue = get().queued[datasetId] ?? [];
      const text = queue[index];
      if (text === undefined) return;
      set((s) => ({ queued: { ...s.queued, [datasetId]: queue.filter((_, i) => i !== index) } }));
      restoreDraft(datasetId, [text]);
    },

    open: async (workspaceId, datasetId) => {
      if (!get().chats[datasetId]) {
        set((s) => ({
          chats: { ...s.chats, [datasetId]: { workspaceId, state: null, pending: null, error: null } },
        }));
      }
      try {
        const state = await client.invoke('chat:open', { workspaceId, datasetId });
        patch(datasetId, { state, error: null });
        // A turn that ran in another window has ended: what was queued behind it goes now.
        if (!state.running && !get().chats[datasetId]?.pending) sendNext(datasetId);
      } catch (error) {
        patch(datasetId, { error: errorMessage(error) });
      }
    },

    send: async (datasetId, text) => {
      const chat = get().chats[datasetId];
      if (!chat?.state) return;
      if (chat.pending || chat.state.running) {
        set((s) => ({ queued: { ...s.queued, [datasetId]: [...(s.queued[datasetId] ?? []), text] } }));
        return;
      }
      const { workspaceId } = chat;
      const conversationId = chat.state.conversation.id;
      const running = client.stream('chat:send', { workspaceId, conversationId, text }, (chunk) => {
        const pending = get().chats[datasetId]?.pending;
        if (!pending) return;
        if (chunk.type === 'delta')
          patch(datasetId, { pending: { ...pending, text: pending.text + chunk.text } });
        else if (chunk.type === 'status') patch(datasetId, { pending: { ...pending, status: chunk.text } });
        else
          patch(datasetId, {
            // A stored message ends the text streamed before it (it carries that text itself).
            pending: { ...pending, messages: [...pending.messages, chunk.message], text: '', status: null },
          });
      });
      patch(datasetId, {
        error: null,
        pending: { question: text, messages: [], text: '', status: null, cancel: running.cancel },
      });
      try {
        await running.result;
      } catch (error) {
        if (!(error instanceof CairnError && error.code === 'CANCELLED')) {
          patch(datasetId, { error: errorMessage(error) });
          // Refused before the question was stored (e.g. a turn already running): nothing lost.
          const started = get().chats[datasetId]?.pending?.messages.some((m) => m.role === 'user');
          if (!started && (get().drafts[datasetId] ?? '') === '') get().setDraft(datasetId, text);
        }
      } finally {
        // The stored conversation is the truth: reload it rather than stitch the stream's pieces in.
        try {
          const state = await client.invoke('chat:open', { workspaceId, datasetId });
          patch(datasetId, { state, pending: null });
          if (!state.running) sendNext(datasetId);
        } catch (error) {
          patch(datasetId, { pending: null, error: errorMessage(error) });
        }
      }
    },

    stop: (datasetId) => {
      // Stop means "stop answering": what was queued behind the turn goes back to the draft.
      const queue = get().queued[datasetId] ?? [];
      if (queue.length > 0) {
        set((s) => ({ queued: { ...s.queued, [datasetId]: [] } }));
        restoreDraft(datasetId, queue);
      }
      const chat = get().chats[datasetId];
      if (chat?.pending) {
        chat.pending.cancel();
        return;
      }
      // A turn started in another window (or before a reload): stop it through the backend.
      if (chat?.state?.running) {
        const input = { workspaceId: chat.workspaceId, conversationId: chat.state.conversation.id };
        void client
          .invoke('chat:stop', input)
          .catch((error: unknown) => patch(datasetId, { error: errorMessage(error) }));
      }
    },

    setProfile: async (datasetId, profileId) => {
      const chat = get().chats[datasetId];
      if (!chat?.state) return;
      try {
        const state = await client.invoke('chat:setProfile', {
          workspaceId: chat.workspaceId,
          conversationId: chat.state.conversation.id,
          profileId,
        });
        patch(datasetId, { state, error: null });
      } catch (error) {
        patch(datasetId, { error: errorMessage(error) });
      }
    },
  };
});

/** Another window's turn or profile switch: reload, unless this window is in the middle of a turn. */
export function subscribeToChatChanges(): () => void {
  return client.on('chat:changed', (event) => {
    if (event.datasetId === null) return;
    const chat = useChat.getState().chats[event.datasetId];
    if (!chat || chat.pending) return;
    void useChat.getState().open(chat.workspaceId, event.datasetId);
  });
}
