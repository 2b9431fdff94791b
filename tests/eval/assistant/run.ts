/**
 * `npm run eval:assistant`: runs the evaluation set (cases.ts) through the real app — a temporary
 * database, the fixtures imported as CSV, each request sent as a chat turn to the built-in
 * assistant — and prints the accuracy by intent. A report, not a test: it always exits 0.
 *
 * The app is the bench's (bench/cairn.ts): the real services over a temporary database, with the
 * workers bundled as shipped.
 * Every case starts from the dataset's first version, so cases never see each other's changes.
 * `-- --verbose` prints every failure with its reason; `-- --only <intent>` runs one intent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatMessage } from '../../../src/shared/chat';
import { CairnBench, prepareWorkers } from '../../../bench/cairn';
import { importCsvInto } from '../../helpers/import';
import { CASES } from './cases';
import type { Outcome } from './expect';
import { FIXTURES, toCsv, type Cell, type FixtureName } from './fixtures';

const { values: args } = parseArgs({
  options: { verbose: { type: 'boolean', default: false }, only: { type: 'string' } },
  allowPositionals: false,
});

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-eval-'));
  // The workers bundled and run with plain node, as the app ships them (the bench's set-up):
  // under tsx a query worker's start alone can outlast the query's time limit on a busy machine.
  const app = (await CairnBench.create(dir, await prepareWorkers('bundle'))).app;
  try {
    const targets = new Map<
      FixtureName,
      { ws: string; dataset: string; root: string; conversation: string }
    >();
    for (const f of FIXTURES) {
      const { ws, dataset } = await importCsvInto(app, dir, {
        fileName: `${f.name}.csv`,
        csv: toCsv(f),
        workspace: f.name,
      });
      const state = app.services.chat.open({ workspaceId: ws.id, datasetId: dataset.id });
      targets.set(f.name, {
        ws: ws.id,
        dataset: dataset.id,
        root: dataset.rootVersionId ?? '',
        conversation: state.conversation.id,
      });
    }
    await app.services.analysis.idle();

    const byIntent = new Map<string, { pass: number; total: number }>();
    const failures: string[] = [];
    const cases = CASES.filter((c) => args.only === undefined || c.intent === args.only);
    const started = Date.now();
    for (const c of cases) {
      const t = targets.get(c.dataset);
      if (!t) throw new Error(`No fixture ${c.dataset}`);
      const scope = { workspaceId: t.ws, datasetId: t.dataset };
      if (app.services.datasets.get(scope).currentVersionId !== t.root) {
        app.services.datasets.checkout({ ...scope, versionId: t.root });
      }
      let reply = '';
      try {
        const result = await app.services.chat.send(
          { workspaceId: t.ws, conversationId: t.conversation, text: c.text },
          { signal: new AbortController().signal, send: () => undefined },
        );
        reply = said(result.messages);
      } catch (error) {
        reply = `(the turn threw: ${(error as Error).message})`;
      }
      const current = app.services.datasets.get(scope).currentVersionId ?? t.root;
      const page = await app.services.datasets.rows({
        ...scope,
        versionId: current,
        start: 0,
        limit: 1000,
        view: { sort: [] },
      });
      const names = page.columns.map((col) => col.name);
      const outcome: Outcome = {
        reply,
        changed: current !== t.root,
        columns: names,
        rows: page.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, (row[i] ?? null) as Cell]))),
      };
      const reason = c.expect(outcome);
      const tally = byIntent.get(c.intent) ?? { pass: 0, total: 0 };
      tally.total += 1;
      if (reason === null) tally.pass += 1;
      else failures.push(`[${c.intent}] ${c.dataset}: “${c.text}” — ${reason}`);
      byIntent.set(c.intent, tally);
    }
    const seconds = (Date.now() - started) / 1000;

    const pct = (p: number, t: number) => `${((100 * p) / t).toFixed(0)}%`.padStart(5);
    console.log('\nThe built-in assistant: evaluation by intent\n');
    for (const [intent, { pass, total }] of [...byIntent].sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(
        `${intent.padEnd(14)} ${String(pass).padStart(3)}/${String(total).padEnd(3)} ${pct(pass, total)}`,
      );
    }
    const pass = [...byIntent.values()].reduce((a, b) => a + b.pass, 0);
    const total = [...byIntent.values()].reduce((a, b) => a + b.total, 0);
    console.log(
      `${'overall'.padEnd(14)} ${String(pass).padStart(3)}/${String(total).padEnd(3)} ${pct(pass, total)}`,
    );
    console.log(`(${total} requests in ${seconds.toFixed(1)} s)`);
    if (failures.length > 0) {
      console.log(`\n${failures.length} not right${args.verbose ? ':' : ' (--verbose lists them)'}`);
      if (args.verbose) for (const f of failures) console.log(`- ${f}`);
    }
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** What the person read: the assistant's words and errors, in order. */
function said(messages: ChatMessage[]): string {
  return messages
    .filter((m) => m.role === 'assistant')
    .flatMap((m) => [m.content, m.error ?? ''])
    .filter((t) => t !== '')
    .join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 0;
});
