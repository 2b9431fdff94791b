import { describe, expect, it } from 'vitest';
import { planTaskCommand } from '../../src/main/services/assistant/builtin-tasks';

/** A fixed “now”: Saturday 5 December 2026, noon local time. */
const NOW = new Date(2026, 11, 5, 12, 0, 0);
const plan = (text: string) => planTaskCommand(text, NOW);
const tool = (name: string, args: Record<string, unknown>) => ({
  kind: 'tool',
  call: { name, arguments: args },
});

describe('the built-in assistant’s task requests', () => {
  it('adds a task, with a project, a priority and a due date when said', () => {
    expect(plan('add task check outliers in price')).toEqual(
      tool('add_task', { title: 'Check outliers in price' }),
    );
    expect(plan('Add a task to look at the outliers in price.')).toEqual(
      tool('add_task', { title: 'Look at the outliers in price' }),
    );
    expect(plan('please create a new task: “Email Ann” high priority, due tomorrow')).toEqual(
      tool('add_task', { title: 'Email Ann', priority: 'high', dueDate: '2026-12-06' }),
    );
    expect(plan('new task fix dates in project Cleanup')).toEqual(
      tool('add_task', { title: 'Fix dates', project: 'Cleanup' }),
    );
    expect(plan('add task')).toMatchObject({ kind: 'reply' });
  });

  it('lists tasks, by status or project, and what is overdue', () => {
    expect(plan('list tasks')).toEqual(tool('list_tasks', {}));
    expect(plan('show me my tasks')).toEqual(tool('list_tasks', {}));
    expect(plan('tasks')).toEqual(tool('list_tasks', {}));
    expect(plan('show blocked tasks')).toEqual(tool('list_tasks', { status: 'blocked' }));
    expect(plan('list open tasks in project Cleanup')).toEqual(
      tool('list_tasks', { status: ['todo', 'in_progress', 'blocked'], project: 'Cleanup' }),
    );
    expect(plan('what is overdue?')).toEqual(tool('list_tasks', { overdue: true }));
    expect(plan('which tasks are overdue')).toEqual(tool('list_tasks', { overdue: true }));
  });

  it('completes, moves, re-prioritises, re-dates and deletes a task named as typed', () => {
    expect(plan('complete check outliers')).toEqual(tool('complete_task', { task: 'check outliers' }));
    expect(plan('mark the outliers task as done')).toEqual(tool('complete_task', { task: 'outliers' }));
    expect(plan('move outliers to in progress')).toEqual(
      tool('move_task', { task: 'outliers', status: 'in_progress' }),
    );
    expect(plan('move task "Email Ann" to the blocked column')).toEqual(
      tool('move_task', { task: 'Email Ann', status: 'blocked' }),
    );
    expect(plan('set priority of outliers to high')).toEqual(
      tool('update_task', { task: 'outliers', priority: 'high' }),
    );
    expect(plan('make outliers urgent priority')).toEqual(
      tool('update_task', { task: 'outliers', priority: 'critical' }),
    );
    expect(plan('set priority of outliers to whenever')).toMatchObject({ kind: 'reply' });
    expect(plan('set due date of outliers to 2027-01-15')).toEqual(
      tool('update_task', { task: 'outliers', dueDate: '2027-01-15' }),
    );
    expect(plan('set the due date of outliers to next friday')).toEqual(
      tool('update_task', { task: 'outliers', dueDate: '2026-12-11' }),
    );
    expect(plan('set due date of outliers to none')).toEqual(
      tool('update_task', { task: 'outliers', dueDate: null }),
    );
    expect(plan('set due date of outliers to the purple moon')).toMatchObject({ kind: 'reply' });
    expect(plan('delete task check outliers')).toEqual(tool('delete_task', { task: 'check outliers' }));
    expect(plan('remove the outliers task')).toEqual(tool('delete_task', { task: 'outliers' }));
  });

  it('leaves data commands to the data interpreter', () => {
    for (const text of [
      'remove duplicates',
      'delete rows where price > 100',
      'drop column notes',
      'move price to the front',
      'set price to integer',
      'show profile',
      'list versions',
      'undo',
      'make name upper case',
    ]) {
      expect([text, plan(text)]).toEqual([text, null]);
    }
  });
});
