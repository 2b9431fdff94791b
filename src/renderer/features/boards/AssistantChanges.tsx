import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { errorMessage } from '../../app/toasts';
import { client } from '../../lib/client';
import { subscribeToBoardChanges, useBoards, useBoardsData } from './store';
import './boards.css';

/**
 * Under a conversation: the board changes the assistant made in it, each with Undo (a revert of
 * its patch set; refused, with the reason, when something later touched the same tasks).
 */
export function AssistantChanges({
  workspaceId,
  conversationId,
}: {
  workspaceId: string;
  conversationId: string;
}) {
  useEffect(() => subscribeToBoardChanges(), []);
  const [failure, setFailure] = useState<{ id: string; message: string } | null>(null);
  const sets = useBoardsData(workspaceId, `conversation:${conversationId}`, () =>
    client.invoke('boards:patchesList', { workspaceId, conversationId, limit: 20 }),
  );
  const changes = (sets.data ?? []).filter((s) => s.author === 'assistant' && s.revertOfId === null);
  if (changes.length === 0) return null;
  const undo = async (id: string) => {
    setFailure(null);
    try {
      await client.invoke('boards:patchesRevert', { workspaceId, patchSetId: id });
      useBoards.getState().bump(workspaceId);
    } catch (e) {
      setFailure({ id, message: errorMessage(e) });
    }
  };
  return (
    <section className="assistant-changes" aria-label="Board changes by the assistant">
      <p className="small muted">
        Board changes in this chat (<Link href={`/w/${workspaceId}/boards`}>open Boards</Link>):
      </p>
      <ul>
        {changes.slice(0, 5).map((set) => (
          <li key={set.id} className="small">
            <span>{set.summary}</span>{' '}
            {set.revertedById ? (
              <span className="badge">undone</span>
            ) : (
              <button
                type="button"
                className="button small-button"
                aria-label={`Undo ${set.summary}`}
                onClick={() => void undo(set.id)}
              >
                Undo
              </button>
            )}
            {failure?.id === set.id && (
              <span className="field-error" role="alert">
                {' '}
                {failure.message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
