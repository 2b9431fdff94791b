import { useRef, useState } from 'react';
import { TASK_TITLE_MAX, type Task } from '../../../shared/boards';
import { errorMessage, useToasts } from '../../app/toasts';
import { client } from '../../lib/client';
import { change } from './store';

/**
 * A task's title in the tree; double-click or the row's Rename turns it into a box (Enter or
 * leaving saves, Escape leaves it as it was).
 */
export function InlineTitle({
  workspaceId,
  task,
  editing,
  setEditing,
}: {
  workspaceId: string;
  task: Task;
  editing: boolean;
  setEditing(editing: boolean): void;
}) {
  const [text, setText] = useState(task.title);
  const saving = useRef(false);
  const save = async () => {
    if (saving.current) return;
    const title = text.trim();
    if (title === task.title) {
      setEditing(false);
      return;
    }
    if (title === '') {
      useToasts.getState().push('error', 'A task needs a title: the old one is kept.');
      setText(task.title);
      setEditing(false);
      return;
    }
    saving.current = true;
    try {
      await change(
        workspaceId,
        client.invoke('boards:tasksUpdate', { workspaceId, taskId: task.id, changes: { title } }),
      );
    } catch (e) {
      useToasts.getState().push('error', `Could not rename “${task.title}”: ${errorMessage(e)}`);
      setText(task.title);
    } finally {
      saving.current = false;
      setEditing(false);
    }
  };
  if (editing) {
    return (
      <input
        className="tree-title-input"
        autoFocus
        aria-label={`Title of ${task.title}`}
        value={text}
        maxLength={TASK_TITLE_MAX}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            setText(task.title);
            setEditing(false);
          }
        }}
      />
    );
  }
  return (
    <span
      className="tree-title"
      title="Double-click to rename"
      onDoubleClick={() => {
        setText(task.title);
        setEditing(true);
      }}
    >
      {task.title}
    </span>
  );
}
