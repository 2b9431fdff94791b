/**
 * The built-in assistant end to end on a 100,000-row dataset: a question (a count with a condition
 * and an average), a schema change (rename) and a materialised change (filter), each sent as a
 * chat turn through the real service. Cairn's time per turn (median, p95) is reported beside the
 * same operation's own cost run directly (the query, or the apply), so the overhead is visible.
 *
 * Run alone: `node --import tsx bench/assistant.ts [--worker bundle|tsx|out]`; `npm run bench`
 * runs it too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OperationInput } from '../src/shared/operations';
import { CairnBench, prepareWorkers, repoRoot, type WorkerMode } from './cairn';
import { benchCsv } from './data';
import { summarize, type Summary } from './lib/stats';

export const ASSISTANT_ROWS = 100_000;

export interface AssistantTurn {
  name: string;
  text: string;
  turn: Summary;
  /** The same work run directly: the query, or the apply. */
  direct: Summary;
  /** turn − direct, per repetition. */
  overhead: Summary;
}

interface Case {
  name: string;
  text: string;
  direct: (b: CairnBench, datasetId: string, versionId: string) => Promise<unknown>;
}

const CASES: Case[] = [
  {
    name: 'question: count with a condition',
    text: 'how many rows have price over 100',
    direct: (b, datasetId, versionId) =>
      b.app.services.datasets.query({
        workspaceId: b.workspaceId,
        datasetId,
        versionId,
        sql: 'SELECT count(*) AS matching, (SELECT count(*) FROM data) AS total FROM data WHERE ("price" > 100)',
        maxRows: 50,
      }),
  },
  {
    name: 'question: an average',
    text: 'what is the average price',
    direct: (b, datasetId, versionId) =>
      b.app.services.datasets.query({
        workspaceId: b.workspaceId,
        datasetId,
        versionId,
        sql: 'SELECT avg("price") AS value FROM data',
        maxRows: 50,
      }),
  },
  {
    name: 'schema change: rename',
    text: 'rename note to remark',
    direct: (b, datasetId, versionId) =>
      b.apply(datasetId, versionId, op({ op: 'rename_columns', renames: [{ from: 'note', to: 'remark' }] })),
  },
  {
    name: 'materialised change: filter',
    text: 'keep rows where quantity is at least 3',
    direct: (b, datasetId, versionId) =>
      b.apply(datasetId, versionId, op({ op: 'filter_rows', expression: 'quantity >= 3' })),
  },
];

const op = (o: OperationInput): OperationInput => o;

export async function assistantTurns(
  cairn: CairnBench,
  dataDir: string,
  repeat: number,
  log: (line: string) => void,
): Promise<AssistantTurn[]> {
  const { file } = benchCsv(dataDir, ASSISTANT_ROWS);
  const imported = await cairn.import(file, 'assistant');
  await cairn.settle();
  const datasets = cairn.app.services.datasets;
  const scope = { workspaceId: cairn.workspaceId, datasetId: imported.datasetId };
  const root = datasets.get(scope).currentVersionId ?? '';
  const chat = cairn.app.services.chat;
  const conversation = chat.open(scope).conversation.id;
  const out: AssistantTurn[] = [];
  for (const c of CASES) {
    const turns: number[] = [];
    const direct: number[] = [];
    // One unmeasured round first: the query worker's standby and the caches are warm in real use.
    for (let i = 0; i <= repeat; i += 1) {
      if (datasets.get(scope).currentVersionId !== root) datasets.checkout({ ...scope, versionId: root });
      let started = performance.now();
      const result = await chat.send(
        { workspaceId: cairn.workspaceId, conversationId: conversation, text: c.text },
        { signal: new AbortController().signal, send: () => undefined },
      );
      const turnMs = performance.now() - started;
      if (result.outcome !== 'completed' || result.messages.some((m) => m.error)) {
        throw new Error(`The turn “${c.text}” failed: ${JSON.stringify(result.messages.at(-1))}`);
      }
      datasets.checkout({ ...scope, versionId: root });
      // Let the standby query worker come back, as it does between a person's messages.
      await new Promise((r) => setTimeout(r, 300));
      started = performance.now();
      await c.direct(cairn, imported.datasetId, root);
      const directMs = performance.now() - started;
      await new Promise((r) => setTimeout(r, 300));
      if (i > 0) {
        turns.push(turnMs);
        direct.push(directMs);
      }
    }
    const t = summarize(turns);
    const d = summarize(direct);
    out.push({
      name: c.name,
      text: c.text,
      turn: t,
      direct: d,
      overhead: summarize(turns.map((x, i) => x - (direct[i] ?? 0))),
    });
    log(
      `assistant: ${c.name}: turn median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms; direct median ${d.median.toFixed(1)} ms`,
    );
  }
  return out;
}

export function assistantRows(turns: AssistantTurn[]) {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return turns.map((t) => ({
    measure: `assistant turn, ${t.name} (${ASSISTANT_ROWS.toLocaleString('en-US')} rows): p50 / p95`,
    cairn: `${ms(t.turn.median)} / ${ms(t.turn.p95)}`,
    anchor: `op alone ${ms(t.direct.median)}`,
    ratio: `overhead p95 ${ms(t.overhead.p95)}`,
    target: t.name.startsWith('question') ? 'turn ≪ 200 ms; overhead ≤ 50 ms' : 'overhead p95 ≤ 50 ms',
    met: t.overhead.p95 <= 50 && (!t.name.startsWith('question') || t.turn.median < 200) ? 'yes' : 'no',
  }));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { worker: { type: 'string', default: 'bundle' }, repeat: { type: 'string', default: '10' } },
  });
  const workers = await prepareWorkers(values.worker as WorkerMode);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-assistant-'));
  const dataDir = path.join(repoRoot, 'bench', 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const cairn = await CairnBench.create(work, workers);
  try {
    const turns = await assistantTurns(cairn, dataDir, Number(values.repeat), (l) => console.log(l));
    console.table(assistantRows(turns));
  } finally {
    cairn.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) void main();
