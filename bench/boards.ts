/**
 * Boards: the first screen of a 10,000-task board. A project is filled with nested tasks through
 * patch sets (as a person or the assistant would make them), then the calls the board screen makes
 * on opening — the project list and the kanban's first cards per column — and the tree view's one
 * call are timed through the handler door, contracts checked, as the renderer reaches them.
 *
 * Part of `npm run bench`; alone: `node --import tsx bench/boards.ts [--tasks 10000 --repeat 30]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CairnApp } from '../src/main/app';
import { PRIORITIES, TASK_STATUSES, type PatchInput } from '../src/shared/boards';
import { CairnBench, prepareWorkers, repoRoot } from './cairn';
import { roundSummary, summarize, type Summary } from './lib/stats';

export interface BoardRun {
  tasks: number;
  seedMs: number;
  /** projects list + the kanban's first 100 cards of each column, one after the other. */
  firstScreen: Summary;
  /** The tree view: the whole project, depth-first. */
  tree: Summary;
  /** The filtered list's first page (overdue, sorted by due date). */
  listPage: Summary;
}

async function invoke(app: CairnApp, channel: string, input: unknown): Promise<unknown> {
  const result = await app.handlers.invoke(channel, input, { transport: 'test' });
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

async function timed(repeat: number, run: () => Promise<unknown>): Promise<Summary> {
  await run(); // warm the statement cache and the page cache, as a second visit would find them
  const times: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return summarize(times);
}

/** 1 in 5 tasks is a subtask of the task before it, up to depth 3; statuses, priorities and due dates vary. */
function seedPatches(projectId: string, from: number, count: number): PatchInput[] {
  const patches: PatchInput[] = [];
  for (let i = from; i < from + count; i += 1) {
    const nested = i % 5 !== 0 && i > from && i % 4 !== 0;
    patches.push({
      op: 'create_task',
      key: `t${i}`,
      ...(nested ? { parentKey: `t${i - 1}` } : { projectId }),
      fields: {
        title: `Task ${i} — check column ${i % 12}`,
        description: i % 3 === 0 ? `Notes for task ${i}: outliers, missing values.` : '',
        status: TASK_STATUSES[i % TASK_STATUSES.length]!,
        priority: PRIORITIES[i % PRIORITIES.length]!,
        dueDate: `2030-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        tags: i % 7 === 0 ? ['data'] : [],
      },
    });
  }
  return patches;
}

export async function measureBoard(
  app: CairnApp,
  workspaceId: string,
  options: { tasks: number; repeat: number },
): Promise<BoardRun> {
  const project = (await invoke(app, 'boards:projectsCreate', {
    workspaceId,
    fields: { name: `Bench board ${Date.now()}` },
  })) as { project: { id: string } };
  const projectId = project.project.id;
  const seedStart = performance.now();
  // Keys are per set, so a chain of subtasks stops at a set's edge: depth stays ≤ 3.
  for (let from = 0; from < options.tasks; from += 500) {
    const patches = seedPatches(projectId, from, Math.min(500, options.tasks - from));
    await invoke(app, 'boards:patchesApply', { workspaceId, patches });
  }
  const seedMs = performance.now() - seedStart;
  const firstScreen = await timed(options.repeat, async () => {
    await invoke(app, 'boards:projectsList', { workspaceId });
    await invoke(app, 'boards:tasksBoard', { workspaceId, projectId, perColumn: 100 });
  });
  const tree = await timed(options.repeat, () => invoke(app, 'boards:tasksTree', { workspaceId, projectId }));
  const listPage = await timed(options.repeat, () =>
    invoke(app, 'boards:tasksList', {
      workspaceId,
      filter: { projectId, overdue: true, today: '2030-06-15' },
      sort: 'due',
      limit: 100,
    }),
  );
  return { tasks: options.tasks, seedMs, firstScreen, tree, listPage };
}

export function boardJson(run: BoardRun) {
  return {
    tasks: run.tasks,
    seedMs: Math.round(run.seedMs),
    firstScreenMs: roundSummary(run.firstScreen, 3),
    treeMs: roundSummary(run.tree, 3),
    listPageMs: roundSummary(run.listPage, 3),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { tasks: { type: 'string', default: '10000' }, repeat: { type: 'string', default: '30' } },
  });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-boards-'));
  const cairn = await CairnBench.create(work, await prepareWorkers('tsx'));
  try {
    const run = await measureBoard(cairn.app, cairn.workspaceId, {
      tasks: Number(values.tasks),
      repeat: Number(values.repeat),
    });
    const json = { startedAt: new Date().toISOString(), boards: boardJson(run) };
    const dir = path.join(repoRoot, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `boards-${json.startedAt.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(JSON.stringify(json, null, 2));
    console.log(`\nResults: ${path.relative(repoRoot, file)}`);
  } finally {
    cairn.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
