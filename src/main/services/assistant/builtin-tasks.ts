import * as chrono from 'chrono-node';
import type { TaskStatus } from '../../../shared/boards';
import type { AssistantPlan } from './types';

/**
 * The built-in assistant's everyday task requests, in plain English: “add a task to check the
 * outliers in price”, “list tasks”, “what is overdue”, “complete the outliers task”, “move X to
 * in progress”, “set priority of X to high”, “set due date of X to next friday”, “delete task X”.
 * Pure text → a task tool call (or null when the message is not about tasks, so the data
 * interpreter reads it). Task names stay as typed: the tools match them loosely.
 */

const STATUS_WORDS: [RegExp, TaskStatus][] = [
  [/^(to\s*-?\s*do|todo|open|backlog)$/, 'todo'],
  [/^(in\s*-?\s*progress|doing|started|progress)$/, 'in_progress'],
  [/^blocked$/, 'blocked'],
  [/^(done|complete|completed|finished)$/, 'done'],
  [/^(cancell?ed|canceled)$/, 'cancelled'],
];
const PRIORITY = /^(low|medium|normal|high|critical|urgent)$/;

function statusOf(text: string): TaskStatus | null {
  const t = text.trim().replace(/\s+column$/, '');
  return STATUS_WORDS.find(([re]) => re.test(t))?.[1] ?? null;
}

function priorityOf(word: string): 'low' | 'medium' | 'high' | 'critical' {
  if (word === 'normal') return 'medium';
  if (word === 'urgent') return 'critical';
  return word as 'low' | 'medium' | 'high' | 'critical';
}

/** A name as typed, without quotes or a leading “the”. */
function name(text: string): string {
  return text
    .trim()
    .replace(/^the\s+/i, '')
    .replace(/^["“'‘](.*)["”'’]$/, '$1')
    .trim();
}

function day(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function parseDay(text: string, now: Date): string | null {
  const iso = /^\d{4}-\d{2}-\d{2}$/.exec(text.trim());
  if (iso) return iso[0];
  const parsed = chrono.parseDate(text, now, { forwardDate: true });
  return parsed ? day(parsed) : null;
}

const call = (toolName: string, args: Record<string, unknown>): AssistantPlan =>
  ({ kind: 'tool', call: { name: toolName, arguments: args } }) as AssistantPlan;

function addTask(rest: string, now: Date): AssistantPlan {
  let title = rest;
  const args: Record<string, unknown> = {};
  const project = /\s+(?:to|in|into|under)\s+(?:the\s+)?project\s+(.+)$/i.exec(title);
  if (project) {
    args.project = name(project[1]!);
    title = title.slice(0, project.index);
  }
  const due = /,?\s+(?:due|by)\s+(.+)$/i.exec(title);
  if (due) {
    const when = parseDay(due[1]!, now);
    if (when) {
      args.dueDate = when;
      title = title.slice(0, due.index);
    }
  }
  const prio = /,?\s+(?:with\s+)?(low|medium|normal|high|critical|urgent)\s+priority$/i.exec(title);
  if (prio) {
    args.priority = priorityOf(prio[1]!.toLowerCase());
    title = title.slice(0, prio.index);
  }
  title = name(title.replace(/^(?:to|for|:|-)\s+/i, ''));
  if (title === '')
    return {
      kind: 'reply',
      text: 'What should the task say? For example: add task check outliers in price.',
    };
  return call('add_task', { title: title[0]!.toUpperCase() + title.slice(1), ...args });
}

export function planTaskCommand(message: string, now: Date = new Date()): AssistantPlan | null {
  const text = message
    .trim()
    .replace(/[.!?]+$/, '')
    .replace(/^(?:please|can you|could you)\s+/i, '')
    .replace(/\s+please$/i, '')
    .trim();
  const lower = text.toLowerCase();
  let m: RegExpExecArray | null;

  if (
    (m = /^(?:add|create|new|make)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:task|todo|to-do)\b\s*(.*)$/i.exec(text))
  ) {
    return addTask(m[1]!, now);
  }
  if (/\boverdue\b/.test(lower) && /^(what|which|show|list|anything|is anything|any|tasks?)\b/.test(lower)) {
    return call('list_tasks', { overdue: true });
  }
  if (
    (m =
      /^(?:list|show(?:\s+me)?|what are|which are|see)\s+(?:all\s+|my\s+|the\s+)?(open|done|blocked|in progress)?\s*tasks?(?:\s+(?:in|of|for)\s+(?:the\s+)?(?:project\s+)?(.+))?$/i.exec(
        text,
      )) ||
    (m = /^(?:my\s+)?tasks$/i.exec(text))
  ) {
    const args: Record<string, unknown> = {};
    const state = m[1] ? statusOf(m[1].toLowerCase()) : null;
    if (state) args.status = m[1]!.toLowerCase() === 'open' ? ['todo', 'in_progress', 'blocked'] : state;
    if (m[2]) args.project = name(m[2]);
    return call('list_tasks', args);
  }
  if (
    (m = /^(?:delete|remove|trash)\s+(?:the\s+)?task\s+(.+)$/i.exec(text)) ||
    (m = /^(?:delete|remove|trash)\s+(?:the\s+)?(.+?)\s+task$/i.exec(text))
  ) {
    return call('delete_task', { task: name(m[1]!) });
  }
  if (
    (m = /^(?:complete|finish|close)\s+(?:the\s+)?(?:task\s+)?(.+)$/i.exec(text)) ||
    (m = /^mark\s+(?:the\s+)?(?:task\s+)?(.+?)\s+(?:as\s+)?(?:done|complete|completed|finished)$/i.exec(text))
  ) {
    return call('complete_task', { task: name(m[1]!.replace(/\s+task$/i, '')) });
  }
  if ((m = /^move\s+(?:the\s+)?(?:task\s+)?(.+?)\s+(?:to|into)\s+(?:the\s+)?(.+)$/i.exec(text))) {
    const state = statusOf(m[2]!.toLowerCase());
    if (state) return call('move_task', { task: name(m[1]!.replace(/\s+task$/i, '')), status: state });
    return null;
  }
  if (
    (m = /^set\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(?:the\s+)?(?:task\s+)?(.+?)\s+to\s+(\w+)$/i.exec(
      text,
    )) ||
    (m =
      /^(?:make|mark)\s+(?:the\s+)?(?:task\s+)?(.+?)\s+(low|medium|normal|high|critical|urgent)\s+priority$/i.exec(
        text,
      ))
  ) {
    const level = m[2]!.toLowerCase();
    if (!PRIORITY.test(level))
      return { kind: 'reply', text: 'Priorities are low, medium, high and critical.' };
    return call('update_task', { task: name(m[1]!), priority: priorityOf(level) });
  }
  if (
    (m =
      /^set\s+(?:the\s+)?due(?:\s+date)?\s+(?:of|for|on)\s+(?:the\s+)?(?:task\s+)?(.+?)\s+to\s+(.+)$/i.exec(
        text,
      ))
  ) {
    const when = m[2]!.trim().toLowerCase();
    if (/^(none|nothing|no date|never)$/.test(when))
      return call('update_task', { task: name(m[1]!), dueDate: null });
    const parsed = parseDay(m[2]!, now);
    if (!parsed)
      return {
        kind: 'reply',
        text: `I could not read “${m[2]}” as a date. Try 2026-12-31, tomorrow or next friday.`,
      };
    return call('update_task', { task: name(m[1]!), dueDate: parsed });
  }
  return null;
}
