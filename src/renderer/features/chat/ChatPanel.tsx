import './chat-extra.css';
import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { ActiveProfile, ChatMessage, ToolCall } from '../../../shared/chat';
import type { Version } from '../../../shared/datasets';
import { versionChanges } from '../../../shared/chat-changes';
import { plural } from '../../../shared/text';
import { client } from '../../lib/client';
import { subscribeToProfileChanges, useProfiles } from '../profiles/store';
import { ConversationBar } from './ConversationBar';
import { chatKey, subscribeToChatChanges, useChat } from './store';
import { AssistantChanges } from '../boards/AssistantChanges';
import { useDatasetDetails } from '../datasets/store';
import { InsightFixes, VersionChangeCard } from './ChatActions';

interface Props {
  workspaceId: string;
  /** Null: the workspace's conversation about its boards. */
  datasetId: string | null;
}

/** One empty queue for every dataset, so the selector's answer is stable between renders. */
const NOTHING_QUEUED: string[] = [];
const NO_VERSIONS: Version[] = [];

function providerLine(profile: ActiveProfile): string {
  if (profile.provider === 'builtin')
    return 'Built-in assistant, offline: plain commands. Type “help” to see them.';
  return `Model “${profile.model}” through an OpenAI-compatible endpoint.`;
}

/** What each tool does, in words (the chat never shows a tool's raw arguments or ids). */
const TOOL_WORDS: Record<string, string> = {
  show_profile: 'Read the profile',
  list_insights: 'Looked for problems',
  preview_rows: 'Looked at rows',
  list_versions: 'Listed the versions',
  apply_operation: 'Changed the data',
  undo: 'Went back a version',
  redo: 'Went forward a version',
  checkout: 'Switched versions',
  diff_versions: 'Compared versions',
  run_sql: 'Ran a query',
};

/** The one argument worth reading, for the tools whose argument is words people wrote. */
function callDetail(call: ToolCall): string | null {
  if (call.name !== 'run_sql' && call.name !== 'preview_rows') return null;
  try {
    const args: unknown = JSON.parse(call.arguments);
    if (typeof args !== 'object' || args === null) return null;
    const value = 'query' in args ? args.query : 'filter' in args ? args.filter : null;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

function ToolCallLine({ message, results }: { message: ChatMessage; results: Map<string, ChatMessage> }) {
  return (
    <>
      {(message.toolCalls ?? []).map((call) => {
        const result = results.get(call.id);
        const detail = callDetail(call);
        return (
          <details key={call.id} className="chat-tool">
            <summary>
              <span className="muted">{TOOL_WORDS[call.name] ?? call.name.replace(/_/g, ' ')}</span>
            </summary>
            {detail && <pre className="chat-pre">{detail}</pre>}
            {result && <pre className="chat-pre">{result.content}</pre>}
          </details>
        );
      })}
    </>
  );
}

function Message({
  message,
  results,
  after,
}: {
  message: ChatMessage;
  results: Map<string, ChatMessage>;
  /** What the person can act on at the end of this turn (a version made, fixes to apply). */
  after?: ReactNode;
}) {
  if (message.role === 'tool' || message.role === 'system') return null;
  const who = message.role === 'user' ? 'You' : 'Assistant';
  return (
    <li className={`chat-message chat-${message.role}${message.error ? ' chat-failed' : ''}`}>
      <span className="visually-hidden">{who}: </span>
      {message.content !== '' && <div className="chat-text">{message.content}</div>}
      {message.toolCalls && <ToolCallLine message={message} results={results} />}
      {message.role === 'assistant' && message.tokensUsed !== null && message.toolCalls === null && (
        <p className="muted small chat-meta">{plural(message.tokensUsed, 'token')}</p>
      )}
      {message.error && (
        <p className="chat-error" role="note">
          {message.error}
        </p>
      )}
      {after}
    </li>
  );
}

/**
 * Where each turn ends (its last message shown before the next question), so that what a turn
 * did is offered after its reply, not between its tool call and the reply.
 */
function turnEnds(messages: ChatMessage[]): Map<string, string> {
  const endOf = new Map<string, string>();
  let pending: string[] = [];
  let lastShown: string | null = null;
  const close = () => {
    if (lastShown) for (const id of pending) endOf.set(id, lastShown);
    pending = [];
  };
  for (const m of messages) {
    if (m.role === 'user') {
      close();
      lastShown = m.id;
      continue;
    }
    if (m.role === 'tool') pending.push(m.id);
    else if (m.role === 'assistant') lastShown = m.id;
  }
  close();
  return endOf;
}

/**
 * The dataset's conversation with the assistant: which profile answers (and a switch), the
 * messages with the tools used, the reply as it streams, and Stop (or Escape) while it runs.
 */
export function ChatPanel({ workspaceId, datasetId }: Props) {
  const key = chatKey(workspaceId, datasetId);
  const chat = useChat((s) => s.chats[key]);
  const profiles = useProfiles((s) => s.profiles);
  const draft = useChat((s) => s.drafts[key] ?? '');
  const queued = useChat((s) => s.queued[key] ?? NOTHING_QUEUED);
  const setDraft = (text: string) => useChat.getState().setDraft(key, text);
  const detail = useDatasetDetails((s) => (datasetId ? s.details[datasetId] : undefined));
  const versions = detail?.versions ?? NO_VERSIONS;
  const log = useRef<HTMLDivElement>(null);
  const selectId = useId();
  const inputId = useId();

  useEffect(() => {
    // While this window's turn runs, its stream is the truth; it reloads the conversation at the end.
    if (!useChat.getState().chats[key]?.pending) void useChat.getState().open(workspaceId, datasetId);
    void useProfiles
      .getState()
      .load()
      .catch(() => undefined);
    const offChat = subscribeToChatChanges();
    const offProfiles = subscribeToProfileChanges();
    // A renamed or deleted profile changes what the chat shows.
    const offReload = client.on('profiles:changed', () => {
      if (!useChat.getState().chats[key]?.pending) void useChat.getState().open(workspaceId, datasetId);
    });
    return () => {
      offChat();
      offProfiles();
      offReload();
    };
  }, [workspaceId, datasetId, key]);

  const state = chat?.state ?? null;
  const pending = chat?.pending ?? null;
  const stored = state?.messages ?? [];
  const storedIds = new Set(stored.map((m) => m.id));
  const shown = pending ? [...stored, ...pending.messages.filter((m) => !storedIds.has(m.id))] : stored;
  /** A turn runs in another window, or ran on before a reload: this window can only stop it. */
  const elsewhere = pending === null && state?.running === true;
  const questionStored = pending?.messages.some((m) => m.role === 'user') ?? false;

  // New messages at the end scroll the log down; an older page loaded at the top keeps the
  // person's place instead of throwing them to the bottom.
  const lastId = shown[shown.length - 1]?.id;
  const firstId = shown[0]?.id;
  const seen = useRef<{ firstId?: string; height: number }>({ height: 0 });
  useLayoutEffect(() => {
    const el = log.current;
    if (!el) return;
    if (seen.current.firstId !== undefined && firstId !== seen.current.firstId && lastId !== undefined) {
      el.scrollTop += el.scrollHeight - seen.current.height;
    }
    seen.current = { firstId, height: el.scrollHeight };
  }, [firstId, lastId]);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [lastId, pending?.text, queued.length, state?.conversation.id]);

  const results = new Map<string, ChatMessage>();
  for (const m of shown) if (m.role === 'tool' && m.toolCallId) results.set(m.toolCallId, m);
  const after = actionsAfter(shown);

  /** The version each apply made and the fixes each problem list offers, at the end of their turn. */
  function actionsAfter(messages: ChatMessage[]): Map<string, ReactNode> {
    const out = new Map<string, ReactNode[]>();
    if (datasetId === null || !state) return new Map();
    const scope = { workspaceId, datasetId };
    const currentVersionId = detail?.dataset?.currentVersionId ?? null;
    const readOnly = Boolean(detail?.dataset?.archivedAt);
    const ends = turnEnds(messages);
    const changes = versionChanges(messages, versions);
    const calls = new Map<string, string>();
    for (const m of messages) for (const c of m.toolCalls ?? []) calls.set(c.id, c.name);
    for (const m of messages) {
      const end = ends.get(m.id);
      if (!end) continue;
      const change = changes.get(m.id);
      let node: ReactNode = null;
      if (change) {
        node = (
          <VersionChangeCard
            key={m.id}
            scope={scope}
            change={change}
            currentVersionId={currentVersionId}
            readOnly={readOnly}
          />
        );
      } else if (m.toolCallId && calls.get(m.toolCallId) === 'list_insights' && m.versionId) {
        node = (
          <InsightFixes
            key={m.id}
            scope={scope}
            chatKey={key}
            conversationId={state.conversation.id}
            versionId={m.versionId}
            currentVersionId={currentVersionId}
            readOnly={readOnly}
          />
        );
      }
      if (node) out.set(end, [...(out.get(end) ?? []), node]);
    }
    return new Map([...out].map(([id, nodes]) => [id, <>{nodes}</>]));
  }

  const submit = () => {
    const text = draft.trim();
    // While a turn answers, the message waits in the queue (shown below the log) rather than being lost.
    if (text === '') return;
    setDraft('');
    void useChat.getState().send(key, text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onPanelKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && (pending || elsewhere)) {
      event.preventDefault();
      useChat.getState().stop(key);
    }
  };

  if (!state) {
    return (
      <section className="chat" aria-label="Chat">
        {chat?.error ? (
          <p className="field-error" role="alert">
            {chat.error}
          </p>
        ) : (
          <p className="muted small">Opening the conversation…</p>
        )}
      </section>
    );
  }

  const profile = state.profile;
  const selectValue = profile.followsDefault ? '' : profile.id;
  const defaultProfile = profiles.find((p) => p.isDefault);

  return (
    <section className="chat" aria-label="Chat" onKeyDown={onPanelKeyDown}>
      <ConversationBar chatKey={key} busy={pending !== null || elsewhere} />
      <div className="chat-profile">
        <label htmlFor={selectId} className="small">
          Profile
        </label>
        <select
          id={selectId}
          value={selectValue}
          disabled={pending !== null}
          onChange={(e) =>
            void useChat.getState().setProfile(key, e.target.value === '' ? null : e.target.value)
          }
        >
          <option value="">
            Default ({defaultProfile?.name ?? (profile.followsDefault ? profile.name : '…')})
          </option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <p className="muted small chat-provider" data-testid="chat-active-profile">
          <strong>{profile.name}</strong> · {providerLine(profile)}
        </p>
      </div>

      <div
        ref={log}
        className="chat-log"
        onScroll={(e) => {
          if (e.currentTarget.scrollTop < 40 && state.hasOlder) void useChat.getState().loadOlder(key);
        }}
      >
        {state.hasOlder && (
          <button
            type="button"
            className="button small chat-older"
            disabled={chat?.loadingOlder === true}
            onClick={() => void useChat.getState().loadOlder(key)}
          >
            {chat?.loadingOlder ? 'Loading earlier messages…' : 'Load earlier messages'}
          </button>
        )}
        {/* The log wraps the list: a list given the log role would leave its items outside any list. */}
        <div role="log" aria-label="Messages">
          <ol className="chat-list">
            {shown.length === 0 && !pending && (
              <li className="muted small chat-empty">
                {datasetId === null
                  ? 'Ask about the boards or tell the assistant what to do: add, list, move or complete tasks. Every change can be undone.'
                  : 'Ask about this dataset or tell the assistant what to change. Every change becomes a new version you can undo.'}
              </li>
            )}
            {shown.map((m) => (
              <Message key={m.id} message={m} results={results} after={after.get(m.id)} />
            ))}
            {pending && !questionStored && (
              <li className="chat-message chat-user">
                <span className="visually-hidden">You: </span>
                <div className="chat-text">{pending.question}</div>
              </li>
            )}
          </ol>
        </div>
        {/* Outside the log: a screen reader hears the finished reply once, not every streamed word. */}
        {pending && pending.text !== '' && (
          <div className="chat-message chat-assistant chat-streaming" aria-hidden="true">
            <div className="chat-text">{pending.text}</div>
          </div>
        )}
        <AssistantChanges workspaceId={workspaceId} conversationId={state.conversation.id} />
        {queued.length > 0 && (
          <ol className="chat-list chat-queued" aria-label="Queued messages">
            {queued.map((text, index) => (
              <li key={index} className="chat-message chat-user chat-queued-message">
                <span className="chat-queued-label small muted">Queued</span>
                <div className="chat-text">{text}</div>
                <button
                  type="button"
                  className="icon-button small"
                  aria-label={`Take back queued message: ${text}`}
                  title="Take back (it returns to the message box)"
                  onClick={() => useChat.getState().unqueue(key, index)}
                >
                  ×
                </button>
              </li>
            ))}
          </ol>
        )}
        {(pending || elsewhere) && (
          <p className="muted small chat-status" role="status">
            {pending
              ? (pending.status ?? 'Thinking…')
              : 'The assistant is still answering (a turn started in another window, or stopping).'}
          </p>
        )}
      </div>

      {chat?.error && (
        <p className="field-error" role="alert">
          {chat.error}
        </p>
      )}

      <form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label htmlFor={inputId} className="visually-hidden">
          Message
        </label>
        <textarea
          id={inputId}
          value={draft}
          rows={2}
          maxLength={20_000}
          placeholder={
            profile.provider === 'builtin'
              ? 'A command, e.g. “remove duplicates” (Enter sends)'
              : 'Ask or instruct (Enter sends)'
          }
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {(pending || elsewhere) && (
          <button type="button" className="button" onClick={() => useChat.getState().stop(key)}>
            Stop
          </button>
        )}
        <button type="submit" className="button primary" disabled={draft.trim() === ''}>
          {pending || elsewhere ? 'Queue' : 'Send'}
        </button>
      </form>
    </section>
  );
}
