import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { CONVERSATION_TITLE_MAX } from '../../../shared/chat';
import { plural } from '../../../shared/text';
import { Dialog } from '../datasets/Dialog';
import { useChat } from './store';

interface Props {
  chatKey: string;
  /** A turn is running: switching, new and delete wait for it. */
  busy: boolean;
}

/** Which conversation the panel shows, and new / rename / delete for it. */
export function ConversationBar({ chatKey, busy }: Props) {
  const chat = useChat((s) => s.chats[chatKey]);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const selectId = useId();
  const renameRef = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);

  const isRenaming = renaming !== null;
  useEffect(() => {
    if (isRenaming) renameRef.current?.focus();
  }, [isRenaming]);

  const state = chat?.state;
  if (!chat || !state) return null;
  const current = state.conversation;
  const store = useChat.getState();

  const saveRename = async (): Promise<void> => {
    if (renaming === null) return;
    if (await store.rename(chatKey, current.id, renaming)) {
      setRenaming(null);
      renameButton.current?.focus();
    } else renameRef.current?.focus();
  };

  if (renaming !== null) {
    return (
      <form
        className="chat-conversations"
        aria-label="Rename conversation"
        onSubmit={(e) => {
          e.preventDefault();
          void saveRename();
        }}
      >
        <input
          ref={renameRef}
          aria-label="Conversation title"
          value={renaming}
          maxLength={CONVERSATION_TITLE_MAX}
          onChange={(e) => setRenaming(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setRenaming(null);
            }
          }}
        />
        <button type="submit" className="button small primary">
          Save
        </button>
        <button type="button" className="button small" onClick={() => setRenaming(null)}>
          Cancel
        </button>
      </form>
    );
  }

  return (
    <div className="chat-conversations">
      <label htmlFor={selectId} className="visually-hidden">
        Conversation
      </label>
      <select
        id={selectId}
        value={current.id}
        disabled={busy}
        onChange={(e) => void store.open(chat.workspaceId, chat.datasetId, e.target.value)}
      >
        {chat.conversations.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title} ({plural(c.messageCount, 'message')})
          </option>
        ))}
        {!chat.conversations.some((c) => c.id === current.id) && (
          <option value={current.id}>{current.title}</option>
        )}
      </select>
      <button
        type="button"
        className="button small"
        disabled={busy}
        title="Start a new conversation"
        onClick={() => void store.create(chatKey)}
      >
        New
      </button>
      <button
        ref={renameButton}
        type="button"
        className="button small"
        onClick={() => setRenaming(current.title)}
      >
        Rename
      </button>
      <button type="button" className="button small" disabled={busy} onClick={() => setConfirmDelete(true)}>
        Delete
      </button>
      <Link className="small chat-runs-link" href={`~/w/${chat.workspaceId}/runs`}>
        Runs
      </Link>
      {confirmDelete && (
        <Dialog title="Delete this conversation?" onClose={() => setConfirmDelete(false)}>
          <p>
            “{current.title}” and its {plural(state.messages.length, 'message')}
            {state.hasOlder ? ' (and older ones)' : ''} are deleted, with the logged runs of its turns.
            Versions it made stay in the version tree.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
              Keep it
            </button>
            <button
              type="button"
              className="button danger"
              onClick={() => {
                setConfirmDelete(false);
                void store.remove(chatKey, current.id);
              }}
            >
              Delete conversation
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
