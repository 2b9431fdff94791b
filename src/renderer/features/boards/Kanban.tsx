import {
  closestCorners,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { TASK_STATUSES, type Task, type TaskStatus } from '../../../shared/boards';
import { plural } from '../../../shared/text';
import { errorMessage, useToasts } from '../../app/toasts';
import { client } from '../../lib/client';
import { STATUS_LABELS, localDay } from './format';
import { change } from './store';
import { TaskCard } from './TaskCard';

export interface BoardColumn {
  status: TaskStatus;
  total: number;
  tasks: Task[];
}

type Lanes = Record<TaskStatus, string[]>;

const COLUMN_PREFIX = 'column:';
const columnId = (status: TaskStatus) => `${COLUMN_PREFIX}${status}`;

function lanesOf(columns: BoardColumn[]): Lanes {
  const lanes = Object.fromEntries(TASK_STATUSES.map((s) => [s, [] as string[]])) as Lanes;
  for (const column of columns) lanes[column.status] = column.tasks.map((t) => t.id);
  return lanes;
}

function laneOf(lanes: Lanes, id: UniqueIdentifier): TaskStatus | null {
  const text = String(id);
  if (text.startsWith(COLUMN_PREFIX)) return text.slice(COLUMN_PREFIX.length) as TaskStatus;
  return TASK_STATUSES.find((s) => lanes[s].includes(text)) ?? null;
}

function Column({
  column,
  ids,
  tasks,
  today,
  onOpen,
}: {
  column: BoardColumn;
  ids: string[];
  tasks: Map<string, Task>;
  today: string;
  onOpen(task: Task): void;
}) {
  // The column itself is a target only while empty: otherwise its cards are, so the arrow keys
  // step card to card instead of stopping on the column's own box.
  const { setNodeRef, isOver } = useDroppable({ id: columnId(column.status), disabled: ids.length > 0 });
  const headingId = `column-${column.status}`;
  const hidden = column.total - column.tasks.length;
  return (
    <section className={`kanban-column${isOver ? ' over' : ''}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="kanban-column-title">
        {STATUS_LABELS[column.status]} <span className="muted small">{column.total}</span>
      </h2>
      <SortableContext id={column.status} items={ids} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} className="kanban-cards" role="list" aria-label={STATUS_LABELS[column.status]}>
          {ids.map((id) => {
            const task = tasks.get(id);
            if (!task) return null;
            const parent = task.parentId ? tasks.get(task.parentId) : undefined;
            return (
              <div role="listitem" key={id}>
                <TaskCard
                  task={task}
                  parentTitle={parent?.title ?? null}
                  today={today}
                  onOpen={() => onOpen(task)}
                />
              </div>
            );
          })}
          {/* A list holds list items only: the empty note is one (it stays a drop target). */}
          {ids.length === 0 && (
            <div role="listitem" className="kanban-empty small muted">
              No tasks
            </div>
          )}
        </div>
      </SortableContext>
      {hidden > 0 && (
        <p className="small muted">
          {plural(hidden, 'more task')} not shown here: the Tree view lists them all.
        </p>
      )}
    </section>
  );
}

/**
 * A column per status; a card dragged to another place is one `boards:tasksMove` (one patch set,
 * so Ctrl+Z reverts it). The lanes show the move at once; the board reloads after the answer.
 */
export function Kanban({
  workspaceId,
  columns,
  onOpen,
}: {
  workspaceId: string;
  columns: BoardColumn[];
  onOpen(task: Task): void;
}) {
  const [lanes, setLanes] = useState<Lanes>(() => lanesOf(columns));
  const [shown, setShown] = useState(columns);
  const [activeId, setActiveId] = useState<string | null>(null);
  const origin = useRef<{ lanes: Lanes; status: TaskStatus; index: number } | null>(null);
  const lanesRef = useRef(lanes);
  useLayoutEffect(() => {
    lanesRef.current = lanes;
  });
  /** A drag ends with a pointer-up on the card: that is not a click that opens it. */
  const justDragged = useRef(false);
  const today = localDay();

  // New data from the back end replaces the lanes, except in the middle of a drag (a finished
  // drag shows its result until the next data arrives).
  if (columns !== shown && activeId === null) {
    setShown(columns);
    setLanes(lanesOf(columns));
  }

  const tasks = useMemo(() => new Map(columns.flatMap((c) => c.tasks).map((t) => [t.id, t])), [columns]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter opens a card, so only Space picks one up.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  const titleOf = (id: UniqueIdentifier) => tasks.get(String(id))?.title ?? 'task';
  const placeOf = (id: UniqueIdentifier): string => {
    const current = lanesRef.current;
    const status = laneOf(current, id);
    if (!status) return 'nowhere';
    const index = current[status].indexOf(String(id));
    return `${STATUS_LABELS[status]}, position ${index + 1} of ${current[status].length}`;
  };
  /**
   * Where the card being dragged will land, read from what it is over: the announcement is made
   * before the lanes on screen have caught up with the move.
   */
  const landing = (active: UniqueIdentifier, over: UniqueIdentifier): string => {
    const current = lanesRef.current;
    const status = laneOf(current, over);
    if (!status) return 'nowhere';
    const lane = current[status].filter((x) => x !== String(active));
    const index = lane.indexOf(String(over));
    return `${STATUS_LABELS[status]}, position ${(index >= 0 ? index : lane.length) + 1} of ${lane.length + 1}`;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${titleOf(active.id)} in ${placeOf(active.id)}.`,
    // Over itself is where a drag starts: the pick-up message says that already.
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id
        ? `${titleOf(active.id)} is now in ${landing(active.id, over.id)}.`
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? `Dropped ${titleOf(active.id)} in ${landing(active.id, over.id)}.`
        : `${titleOf(active.id)} was not moved.`,
    onDragCancel: ({ active }) => `Move cancelled: ${titleOf(active.id)} stays where it was.`,
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    const status = laneOf(lanes, active.id);
    if (!status) return;
    origin.current = { lanes, status, index: lanes[status].indexOf(String(active.id)) };
    setActiveId(String(active.id));
  };

  // Crossing into another column moves the card there at once, so the column opens a gap.
  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    setLanes((current) => {
      const from = laneOf(current, active.id);
      const to = laneOf(current, over.id);
      if (!from || !to || from === to) return current;
      const id = String(active.id);
      const target = current[to];
      const overIndex = target.indexOf(String(over.id));
      const index = overIndex >= 0 ? overIndex : target.length;
      return {
        ...current,
        [from]: current[from].filter((x) => x !== id),
        [to]: [...target.slice(0, index), id, ...target.slice(index)],
      };
    });
  };

  const finish = () => {
    setActiveId(null);
    justDragged.current = true;
    setTimeout(() => (justDragged.current = false), 0);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const start = origin.current;
    origin.current = null;
    finish();
    if (!start || !over) {
      if (start) setLanes(start.lanes);
      return;
    }
    const id = String(active.id);
    let next = lanesRef.current;
    const status = laneOf(next, id);
    if (!status) return;
    const overIndex = next[status].indexOf(String(over.id));
    const index = next[status].indexOf(id);
    if (overIndex >= 0 && overIndex !== index) {
      next = { ...next, [status]: arrayMove(next[status], index, overIndex) };
      setLanes(next);
    }
    const finalIndex = next[status].indexOf(id);
    if (status === start.status && finalIndex === start.index) return;
    const beforeTaskId = next[status][finalIndex + 1] ?? null;
    change(
      workspaceId,
      client.invoke('boards:tasksMove', {
        workspaceId,
        taskId: id,
        ...(status !== start.status ? { status } : {}),
        beforeTaskId,
      }),
    ).catch((e: unknown) => {
      setLanes(lanesOf(columns));
      useToasts.getState().push('error', `Could not move “${titleOf(id)}”: ${errorMessage(e)}`);
    });
  };

  const onDragCancel = () => {
    if (origin.current) setLanes(origin.current.lanes);
    origin.current = null;
    finish();
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move a task, press Space to pick it up, the arrow keys to move it within a column or to the next one, Space again to drop it, or Escape to cancel. Enter opens the task.',
        },
      }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
    >
      <div className="kanban">
        {columns.map((column) => (
          <Column
            key={column.status}
            column={column}
            ids={lanes[column.status]}
            tasks={tasks}
            today={today}
            onOpen={(task) => {
              if (!justDragged.current) onOpen(task);
            }}
          />
        ))}
      </div>
    </DndContext>
  );
}
