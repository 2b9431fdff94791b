import type { z } from 'zod';
import type { Task, taskChangesSchema } from '../../../shared/boards';
import { dayPattern } from '../../../shared/boards';
import { parseTags } from './format';

export type TaskChanges = z.input<typeof taskChangesSchema>;

/** The drawer's form: every editable field of a task as the person types it. */
export interface TaskDraft {
  title: string;
  description: string;
  status: Task['status'];
  priority: Task['priority'];
  assignee: string;
  dueDate: string;
  estimatedMinutes: string;
  actualMinutes: string;
  tags: string;
  metadata: string;
}

export function draftOf(task: Task): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    assignee: task.assignee ?? '',
    dueDate: task.dueDate ?? '',
    estimatedMinutes: task.estimatedMinutes === null ? '' : String(task.estimatedMinutes),
    actualMinutes: task.actualMinutes === null ? '' : String(task.actualMinutes),
    tags: task.tags.join(', '),
    metadata: Object.keys(task.metadata).length === 0 ? '' : JSON.stringify(task.metadata, null, 2),
  };
}

export type DraftField = keyof TaskDraft;

function minutes(text: string, label: string): number | null | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return { error: `${label} is a whole number of minutes, 0 or more.` };
  return Number(trimmed);
}

/**
 * Only what changed, checked the way the back end will check it, so the person reads the
 * problem beside the field; `errors` names the field.
 */
export function changesOf(
  task: Task,
  draft: TaskDraft,
): { changes: TaskChanges; errors: Partial<Record<DraftField, string>> } {
  const changes: TaskChanges = {};
  const errors: Partial<Record<DraftField, string>> = {};
  const title = draft.title.trim();
  if (title === '') errors.title = 'A task needs a title.';
  else if (title !== task.title) changes.title = title;
  if (draft.description !== task.description) changes.description = draft.description;
  if (draft.status !== task.status) changes.status = draft.status;
  if (draft.priority !== task.priority) changes.priority = draft.priority;
  const assignee = draft.assignee.trim() === '' ? null : draft.assignee.trim();
  if (assignee !== task.assignee) changes.assignee = assignee;
  const due = draft.dueDate.trim() === '' ? null : draft.dueDate.trim();
  if (due !== null && !dayPattern.test(due)) errors.dueDate = 'A date looks like 2026-12-31.';
  else if (due !== task.dueDate) changes.dueDate = due;
  for (const [field, label] of [
    ['estimatedMinutes', 'The estimate'],
    ['actualMinutes', 'The time spent'],
  ] as const) {
    const value = minutes(draft[field], label);
    if (value !== null && typeof value === 'object') errors[field] = value.error;
    else if (value !== task[field]) changes[field] = value;
  }
  const tags = parseTags(draft.tags);
  if (tags.join('\u0000') !== task.tags.join('\u0000')) changes.tags = tags;
  if (draft.metadata.trim() === '') {
    if (Object.keys(task.metadata).length > 0) changes.metadata = {};
  } else {
    try {
      const parsed: unknown = JSON.parse(draft.metadata);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        errors.metadata = 'Metadata is a JSON object, like {"source": "audit"}.';
      } else if (JSON.stringify(parsed) !== JSON.stringify(task.metadata)) {
        changes.metadata = parsed as Record<string, unknown>;
      }
    } catch {
      errors.metadata = 'Metadata is not valid JSON: check the quotes and commas.';
    }
  }
  return { changes, errors };
}
