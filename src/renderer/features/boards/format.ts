import type { Priority, ProjectStatus, Task, TaskStatus } from '../../../shared/boards';
import type { SEVERITIES } from '../../../shared/analysis';
import { plural } from '../../../shared/text';

type Severity = (typeof SEVERITIES)[number];

export const STATUS_LABELS: Record<TaskStatus, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  planning: 'Planning',
  active: 'Active',
  on_hold: 'On hold',
  completed: 'Completed',
  archived: 'Archived',
};

/** An insight's severity as a task's priority: "info" is not urgent at all. */
export const PRIORITY_FROM_SEVERITY: Record<Severity, Priority> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'low',
};

/** The person's calendar day (due dates are days, and "overdue" is relative to the local day). */
export function localDay(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDay(new Date(y, m - 1, d + days));
}

/** Days a task counts as "due soon": today and the next two days. */
const DUE_SOON_DAYS = 2;

export type DueMark = 'overdue' | 'soon' | null;

export function dueMark(task: Pick<Task, 'dueDate' | 'status'>, today = localDay()): DueMark {
  if (!task.dueDate || task.status === 'done' || task.status === 'cancelled') return null;
  if (task.dueDate < today) return 'overdue';
  if (task.dueDate <= addDays(today, DUE_SOON_DAYS)) return 'soon';
  return null;
}

export function hasLinkedData(task: Pick<Task, 'datasetId' | 'versionId' | 'insightId'>): boolean {
  return task.datasetId !== null || task.versionId !== null || task.insightId !== null;
}

/** What a screen reader hears for a card: its title, then what the card shows at a glance. */
export function taskSummary(task: Task, today = localDay()): string {
  const parts = [task.title, `${PRIORITY_LABELS[task.priority].toLowerCase()} priority`];
  if (task.assignee) parts.push(`assigned to ${task.assignee}`);
  if (task.dueDate) {
    const mark = dueMark(task, today);
    parts.push(
      `due ${task.dueDate}${mark === 'overdue' ? ', overdue' : mark === 'soon' ? ', due soon' : ''}`,
    );
  }
  if (task.childCount > 0) parts.push(plural(task.childCount, 'subtask'));
  if (hasLinkedData(task)) parts.push('linked to data');
  return parts.join(', ');
}

export function formatWhen(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "a, b , c" → ["a", "b", "c"]: tags are typed as one comma-separated line. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    ),
  ];
}
