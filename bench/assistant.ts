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
import Database from 'better-sqlite3';
import type { OperationInput } from '../src/shared/operations';
import { mapForReads } from '../src/main/services/datasets/storage';
import { CairnBench, prepareWorkers, repoRoot, type WorkerMode } from './cairn';
import { benchCsv } from './data';
import { summarize, type Summary } from './lib/stats';

export const ASSISTANT_ROWS = 100_000;

export interface AssistantTurn {
  name: string;
  text: string;
  turn: Summary;
  /** The operation's own SQL, run raw on a connection of its own (a fresh one, as the query worker opens). */
  sql: Summary;
  /** The same work through the service alone (the query worker, or the apply): no chat around it. */
  direct: Summary;
  /** turn − sql, per repetition: everything Cairn adds around the SQL. */
  overhead: Summary;
}

interface Case {
  name: string;
  /** The request of round i; each round asks something new, so no apply reuses an earlier version. */
  text: (i: number) => string;
  /** The operation's own SQL over `source` (the version's relation), run raw. */
  sql: (raw: RawSql, source: string, i: number) => void;
  direct: (b: CairnBench, datasetId: string, versionId: string, i: number) => Promise<unknown>;
}

/**
 * A raw connection to the data file, set up as the app's (or, for reads, as the query worker's:
 * fresh, read-only, memory-mapped), so the anchor is the SQL at its best, not a slower setup.
 */
interface RawSql {
  write: Database.Database;
  read: () => Database.Database;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A read as the query worker runs it: a fresh read-only connection, the query, the rows. */
function rawRead(raw: RawSql, sql: string): void {
  const db = raw.read();
  try {
    db.prepare(sql).all();
  } finally {
    db.close();
  }
}

const CASES: Case[] = [
  {
    name: 'question: count with a condition',
    text: (i) => `how many rows have price over ${100 + i}`,
    sql: (raw, source, i) => rawRead(raw, `SELECT count(*) FROM ${source} WHERE ("price" > ${100 + i})`),
    direct: (b, datasetId, versionId, i) =>
      b.app.services.datasets.query({
        workspaceId: b.workspaceId,
        datasetId,
        versionId,
        sql: `SELECT count(*) FILTER (WHERE "price" > ${100 + i}) AS matching, count(*) AS total FROM data`,
        maxRows: 50,
      }),
  },
  {
    name: 'question: an average',
    text: () => 'what is the average price',
    sql: (raw, source) => rawRead(raw, `SELECT avg("price") AS value FROM ${source}`),
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
    text: (i) => `rename note to remark_${i}`,
    // Schema-only: the new version is a view over its parent's rows.
    sql: (raw, source, i) => {
      raw.write.exec(`CREATE VIEW bench_raw_view AS SELECT *, "note" AS remark_${i} FROM ${source}`);
      raw.write.exec('DROP VIEW bench_raw_view');
    },
    direct: (b, datasetId, versionId, i) =>
      b.apply(
        datasetId,
        versionId,
        op({ op: 'rename_columns', renames: [{ from: 'note', to: `remark_d${i}` }] }),
      ),
  },
  {
    name: 'materialised change: filter',
    text: (i) => `keep rows where quantity is at least ${3 + 2 * i}`,
    sql: (raw, source, i) => {
      raw.write.exec(
        `CREATE TABLE bench_raw_filter AS SELECT * FROM ${source} WHERE "quantity" >= ${3 + 2 * i}`,
      );
      raw.write.exec('DROP TABLE bench_raw_filter');
    },
    direct: (b, datasetId, versionId, i) =>
      b.apply(datasetId, versionId, op({ op: 'filter_rows', expression: `quantity >= ${4 + 2 * i}` })),
  },
];

const op = (o: OperationInput): OperationInput => o;

/**
 * A person's pause between messages: the standby query worker (started after each job) is up
 * again by then, as in real use. On a loaded machine its start takes longer than a blink.
 */
const PAUSE_MS = Number(process.env.CAIRN_BENCH_PAUSE_MS ?? 1000);
const pause = () => new Promise((r) => setTimeout(r, PAUSE_MS));

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
  const source = quote(cairn.relation(root));
  const dataFile = cairn.dataFile(imported.datasetId);
  const raw: RawSql = {
    write: cairn.rawConnection(imported.datasetId),
    read: () => {
      const db = new Database(dataFile, { readonly: true, fileMustExist: true });
      mapForReads(db);
      return db;
    },
  };
  const chat = cairn.app.services.chat;
  const conversation = chat.open(scope).conversation.id;
  const out: AssistantTurn[] = [];
  try {
    for (const c of CASES) {
      const turns: number[] = [];
      const sql: number[] = [];
      const direct: number[] = [];
      // One unmeasured round first: the query worker's standby and the caches are warm in real use.
      for (let i = 0; i <= repeat; i += 1) {
        if (datasets.get(scope).currentVersionId !== root) datasets.checkout({ ...scope, versionId: root });
        const text = c.text(i);
        let started = performance.now();
        const result = await chat.send(
          { workspaceId: cairn.workspaceId, conversationId: conversation, text },
          { signal: new AbortController().signal, send: () => undefined },
        );
        const turnMs = performance.now() - started;
        const last = result.messages.at(-1);
        if (
          result.outcome !== 'completed' ||
          result.messages.some((m) => m.error) ||
          /^Already done|^Nothing to change/.test(last?.content ?? '')
        ) {
          throw new Error(`The turn “${text}” did not do new work: ${JSON.stringify(last)}`);
        }
        datasets.checkout({ ...scope, versionId: root });
        // Let background work (the new version's profile, the standby worker) settle, as between a person's messages.
        await cairn.settle();
        started = performance.now();
        c.sql(raw, source, i);
        const sqlMs = performance.now() - started;
        await pause();
        started = performance.now();
        await c.direct(cairn, imported.datasetId, root, i);
        const directMs = performance.now() - started;
        datasets.checkout({ ...scope, versionId: root });
        await cairn.settle();
        await pause();
        if (i > 0) {
          turns.push(turnMs);
          sql.push(sqlMs);
          direct.push(directMs);
        }
      }
      const t = summarize(turns);
      const q = summarize(sql);
      const d = summarize(direct);
      out.push({
        name: c.name,
        text: c.text(1),
        turn: t,
        sql: q,
        direct: d,
        overhead: summarize(turns.map((x, i) => x - (sql[i] ?? 0))),
      });
      log(
        `assistant: ${c.name}: turn median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms; its SQL median ${q.median.toFixed(1)} ms; through the service alone median ${d.median.toFixed(1)} ms`,
      );
    }
  } finally {
    raw.write.close();
  }
  return out;
}

export function assistantRows(turns: AssistantTurn[]) {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return turns.map((t) => ({
    measure: `assistant turn, ${t.name} (${ASSISTANT_ROWS.toLocaleString('en-US')} rows): p50 / p95`,
    cairn: `${ms(t.turn.median)} / ${ms(t.turn.p95)}`,
    anchor: `its SQL ${ms(t.sql.median)}; service alone ${ms(t.direct.median)}`,
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
    const startedAt = new Date();
    const turns = await assistantTurns(cairn, dataDir, Number(values.repeat), (l) => console.log(l));
    console.table(assistantRows(turns));
    const resultsDir = path.join(repoRoot, 'bench', 'results');
    fs.mkdirSync(resultsDir, { recursive: true });
    const out = path.join(resultsDir, `assistant-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const meta = {
      startedAt: startedAt.toISOString(),
      rows: ASSISTANT_ROWS,
      worker: workers.description,
      load: os.loadavg(),
    };
    fs.writeFileSync(
      out,
      `${JSON.stringify({ meta, assistant: turns, table: assistantRows(turns) }, null, 2)}\n`,
    );
    console.log(`\nResults: ${path.relative(repoRoot, out)}`);
  } finally {
    cairn.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) void main();
