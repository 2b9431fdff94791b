import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { KeyboardEvent } from 'react';
import type { Task } from '../../../shared/boards';
import { PRIORITY_LABELS, dueMark, hasLinkedData, taskSummary } from './format';

interface Props {
  task: Task;
  parentTitle: string | null;
  today: string;
  onOpen(): void;
}

/**
 * One card on the kanban. The whole card drags (mouse after a few pixels, so a click still opens
 * it; keyboard: Space picks up, arrows move, Space drops, Escape cancels) and Enter opens it.
 */
export function TaskCard({ task, parentTitle, today, onOpen }: Props) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: task.id,
  });
  const mark = dueMark(task, today);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && !isDragging) {
      event.preventDefault();
      onOpen();
      return;
    }
    listeners?.onKeyDown?.(event);
  };
  return (
    <div
      ref={setNodeRef}
      className={`task-card priority-${task.priority}${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      {...attributes}
      {...listeners}
      aria-roledescription="task card"
      aria-label={taskSummary(task, today)}
      onKeyDown={onKeyDown}
      onClick={onOpen}
      data-task-id={task.id}
    >
      {parentTitle && <p className="task-card-parent small muted">↳ {parentTitle}</p>}
      <p className="task-card-title">{task.title}</p>
      <p className="task-card-meta small">
        <span className={`task-priority priority-${task.priority}`}>{PRIORITY_LABELS[task.priority]}</span>
        {task.assignee && <span className="task-assignee">@{task.assignee}</span>}
        {task.dueDate && (
          <span className={`task-due${mark ? ` due-${mark}` : ''}`}>
            {mark === 'overdue' ? 'Overdue ' : mark === 'soon' ? 'Due soon ' : 'Due '}
            {task.dueDate}
          </span>
        )}
        {task.childCount > 0 && <span className="task-subtasks">☰ {task.childCount}</span>}
        {hasLinkedData(task) && <span className="badge task-linked">Data</span>}
      </p>
    </div>
  );
}
