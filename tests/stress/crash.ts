import fs from 'node:fs';
import path from 'node:path';
import type { PatchResult } from '../../src/shared/boards';
import type { Dataset, Version } from '../../src/shared/datasets';
import type { Profile } from '../../src/shared/profiles';
import type { Workspace } from '../../src/shared/workspaces';
import { rng, type Rng } from '../fuzz/payloads';
import { startAppProcess, type AppProcess } from './child';
import { HostClient } from './client';
import { checkDataDir, emptyAcknowledged, PATCH_SET_TASKS, type Acknowledged } from './invariants';

/**
 * SIGKILLs at random moments during real work, each followed by a restart of the app on the same
 * data dir and a check of every file (see checkDataDir). Work runs through the built web host,
 * as a browser's would. Adding a kind of work is one entry in SCENARIOS.
 */

interface World {
  client: HostClient;
  workspaceId: string;
  /** Large enough that an apply runs in the apply worker (50,000+ rows). */
  big: { datasetId: string; rows: number };
  /** The file imports upload. */
  importFile: string;
  importRows: number;
  acked: Acknowledged;
  r: Rng;
}

/** How long one piece of work took on this machine before any kill (sets the kill windows). */
interface Timings {
  importMs: number;
  applyMs: number;
}

interface Scenario {
  name: string;
  /**
   * The kill comes at a random moment in [0, window) after the work starts: about two pieces of
   * work long, so some kills land mid-way and some after an acknowledgement.
   */
  windowMs(t: Timings): number;
  /** Works until the app is killed, recording in `acked` what the app answered. */
  run(world: World): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForDataset(client: HostClient, workspaceId: string, name: string): Promise<Dataset> {
  for (;;) {
    const list = await client.invoke<Dataset[]>('datasets:list', { workspaceId, includeArchived: true });
    const found = list.find((d) => d.name === name);
    if (found) return found;
    await sleep(50);
  }
}

let importCount = 0;
let patchSetCount = 0;

const SCENARIOS: Scenario[] = [
  {
    name: 'import',
    windowMs: (t) => 3 * t.importMs,
    async run(w) {
      for (;;) {
        const name = `import ${++importCount}`;
        const uploadId = await w.client.upload(w.importFile);
        await w.client.invoke('imports:start', {
          workspaceId: w.workspaceId,
          source: { kind: 'upload', uploadId, fileName: 'orders.csv' },
          options: { name },
        });
        const dataset = await waitForDataset(w.client, w.workspaceId, name);
        w.acked.datasets.set(dataset.id, w.importRows);
      }
    },
  },
  {
    name: 'apply',
    windowMs: (t) => 2 * t.applyMs,
    async run(w) {
      for (;;) {
        const dataset = await w.client.invoke<Dataset>('datasets:get', {
          workspaceId: w.workspaceId,
          datasetId: w.big.datasetId,
        });
        const derive = w.r() < 0.5;
        const version = await w.client.invoke<Version>('versions:apply', {
          workspaceId: w.workspaceId,
          datasetId: w.big.datasetId,
          versionId: dataset.currentVersionId,
          operation: derive
            ? { op: 'derive_column', name: `d${Math.floor(w.r() * 1e9)}`, expression: 'amount * 2' }
            : {
                op: 'sort',
                keys: [{ column: w.r() < 0.5 ? 'amount' : 'note', direction: w.r() < 0.5 ? 'asc' : 'desc' }],
              },
        });
        w.acked.versions.set(version.id, version.rowCount);
      }
    },
  },
  {
    name: 'profile',
    windowMs: () => 3000,
    async run(w) {
      const base = (await w.client.invoke<Profile[]>('profiles:list', {}))[0];
      if (!base) throw new Error('no profile');
      const created = await w.client.invoke<Profile>('profiles:duplicate', { id: base.id });
      w.acked.profiles.set(created.id, new Set([created.description]));
      for (let n = 1; ; n++) {
        const description = `edit ${n} ${Math.floor(w.r() * 1e9)}`;
        const last = [...(w.acked.profiles.get(created.id) ?? [])].at(-1) ?? '';
        // Sent but not yet answered: after a kill either value may be the stored one.
        w.acked.profiles.set(created.id, new Set([last, description]));
        const { id: _id, createdAt: _c, updatedAt: _u, isDefault: _d, ...content } = created;
        await w.client.invoke('profiles:update', { id: created.id, content: { ...content, description } });
        w.acked.profiles.set(created.id, new Set([description]));
      }
    },
  },
  {
    name: 'patch set',
    windowMs: () => 2000,
    async run(w) {
      for (;;) {
        const name = `stress ${++patchSetCount} ${Math.floor(w.r() * 1e9)}`;
        const result = await w.client.invoke<PatchResult>('boards:patchesApply', {
          workspaceId: w.workspaceId,
          summary: name,
          patches: patchSetOf(name),
        });
        w.acked.patchSets.set(result.patchSetId, name);
      }
    },
  },
];

/**
 * One patch set: a project with PATCH_SET_TASKS tasks, nested to the deepest level allowed and
 * wide, so a half-applied set would show as a project with fewer tasks.
 */
function patchSetOf(name: string): unknown[] {
  const patches: unknown[] = [{ op: 'create_project', key: 'p', fields: { name } }];
  for (let i = 0; i < PATCH_SET_TASKS; i++) {
    const parent = i % 6 === 0 ? {} : { parentKey: `t${i - 1}` };
    patches.push({
      op: 'create_task',
      key: `t${i}`,
      projectKey: 'p',
      ...parent,
      fields: { title: `task ${i}` },
    });
  }
  return patches;
}

/** A CSV of `rows` rows: ids, amounts, dates, categories and text. */
export function writeCsv(file: string, rows: number): void {
  const lines = ['id,amount,day,category,note'];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      `${i},${(i * 7919) % 100_000},2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},cat${i % 7},note ${(i * 31) % 9973}`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

export interface CrashReport {
  kills: number;
  byScenario: Record<string, number>;
  acknowledged: { datasets: number; versions: number; profiles: number; patchSets: number };
  sqliteFilesChecked: number;
  timings?: Timings;
  problems: string[];
  seconds: number;
}

export async function crashRun(options: {
  dataDir: string;
  workDir: string;
  kills: number;
  seed: number;
  log: (line: string) => void;
}): Promise<CrashReport> {
  const started = Date.now();
  const r = rng(options.seed);
  const bigFile = path.join(options.workDir, 'big.csv');
  const importFile = path.join(options.workDir, 'orders.csv');
  const bigRows = 60_000;
  const importRows = 30_000;
  writeCsv(bigFile, bigRows);
  writeCsv(importFile, importRows);
  const acked = emptyAcknowledged();
  const report: CrashReport = {
    kills: 0,
    byScenario: {},
    acknowledged: { datasets: 0, versions: 0, profiles: 0, patchSets: 0 },
    sqliteFilesChecked: 0,
    problems: [],
    seconds: 0,
  };

  let app: AppProcess = await startAppProcess(options.dataDir);
  let client = new HostClient(app.port, app.token);
  const ws = await client.invoke<Workspace>('workspaces:create', { name: 'Crash' });
  let t0 = Date.now();
  const uploadId = await client.upload(bigFile);
  await client.invoke('imports:start', {
    workspaceId: ws.id,
    source: { kind: 'upload', uploadId, fileName: 'big.csv' },
    options: { name: 'big' },
  });
  const big = await waitForDataset(client, ws.id, 'big');
  acked.datasets.set(big.id, bigRows);
  const importMs = ((Date.now() - t0) * importRows) / bigRows;
  t0 = Date.now();
  const first = await client.invoke<Version>('versions:apply', {
    workspaceId: ws.id,
    datasetId: big.id,
    versionId: big.currentVersionId,
    operation: { op: 'sort', keys: [{ column: 'amount' }] },
  });
  acked.versions.set(first.id, first.rowCount);
  const timings: Timings = { importMs, applyMs: Date.now() - t0 };
  report.timings = timings;

  for (let k = 0; k < options.kills; k++) {
    const scenario = SCENARIOS[k % SCENARIOS.length] as Scenario;
    const world: World = {
      client,
      workspaceId: ws.id,
      big: { datasetId: big.id, rows: bigRows },
      importFile,
      importRows,
      acked,
      r,
    };
    const work = scenario.run(world).catch(() => undefined);
    await sleep(Math.floor(r() * scenario.windowMs(timings)));
    await app.kill();
    client.close();
    await work;
    report.kills += 1;
    report.byScenario[scenario.name] = (report.byScenario[scenario.name] ?? 0) + 1;
    app = await startAppProcess(options.dataDir);
    client = new HostClient(app.port, app.token);
    const checked = checkDataDir(options.dataDir, acked);
    report.sqliteFilesChecked += checked.files;
    // The restarted app answers, and lists what the files hold.
    await client.invoke('datasets:list', { workspaceId: ws.id, includeArchived: true });
    for (const problem of checked.problems)
      report.problems.push(`after kill ${k + 1} (${scenario.name}): ${problem}`);
    if (checked.problems.length > 0 || (k + 1) % 10 === 0)
      options.log(
        `kill ${k + 1}/${options.kills} (${scenario.name}): ${checked.problems.length === 0 ? 'ok' : checked.problems.join('; ')}`,
      );
  }
  await app.stop();
  client.close();
  report.acknowledged = {
    datasets: acked.datasets.size,
    versions: acked.versions.size,
    profiles: acked.profiles.size,
    patchSets: acked.patchSets.size,
  };
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}
