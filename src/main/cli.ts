import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  importsFinished,
  importsProgress,
  RECIPE_FORMATS,
  SQL_DIALECTS,
  type Dataset,
  type RecipeFormat,
  type SqlDialect,
  type Version,
} from '../shared/datasets';
import { GOAL_TYPES, type GoalType } from '../shared/analysis';
import { recipeSchema, type Recipe } from '../shared/operations';
import { CairnError } from '../shared/result';
import { plural } from '../shared/text';
import { createApp, type CairnApp } from './app';
import { appPaths, resolveDataDir } from './paths';
import { createNodeLauncher } from './workers/launcher';

/**
 * `cairn`: the same services and data directory as the app, for scripts and for re-running a
 * recipe on next month's file. Every command takes --data-dir and --json.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');
const root = fromSource ? path.resolve(here, '..', '..') : path.resolve(here, '..', '..');

const USAGE = `Usage: cairn <command> [options]

Commands:
  import <file> [--encoding X] [--delimiter X] [--name N]   import a CSV as a new dataset
  datasets                                                 list datasets
  versions <dataset>                                       list a dataset's versions
  apply <recipe.json> <dataset|file>                       replay a recipe (on a dataset, or on a CSV it imports first)
  export <dataset> [--version V] -o out.csv                write a version as CSV
  recipe <dataset> [--version V] --format json|pandas|ray|sql [--dialect sqlite|duckdb|postgres]
         [--input data.csv] [--result result.csv] [-o file]
                                                           the steps as a script that loads --input (default: the
                                                           imported file's name), runs them and writes --result
  profile <dataset> [--version V]                          the version's profile and quality score
  insights <dataset> [--version V] [--goal G]              problems found, with fixes (G: ml_preparation,
                                                           general_audit, data_quality (default), exploratory)

Options for every command:
  --data-dir DIR      where Cairn keeps its data (default: CAIRN_DATA_DIR or ~/.local/share/cairn)
  --workspace NAME    the workspace to use (default: the first one; "Default" is created if there is none)
  --json              machine-readable output; errors as {"error": {"code", "message"}}

A dataset is named by its id, the start of its id, or its name. A version by its id (or start),
its label, or its number in the tree (v1 is the imported data).`;

interface Options {
  json: boolean;
  'data-dir'?: string | undefined;
  workspace?: string | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
  name?: string | undefined;
  version?: string | undefined;
  format?: string | undefined;
  dialect?: string | undefined;
  input?: string | undefined;
  result?: string | undefined;
  output?: string | undefined;
  goal?: string | undefined;
}

function fail(code: CairnError['code'], message: string): never {
  throw new CairnError(code, message);
}

/** A worker's entry: its TypeScript source under tsx, or the built file beside this one. */
function workerEntry(name: string): string {
  return fromSource
    ? path.join(root, `src/main/workers/${name}.ts`)
    : path.join(here, 'workers', `${name}.js`);
}

async function open(options: Options): Promise<CairnApp> {
  const dataDir = resolveDataDir(options['data-dir'], process.env);
  return createApp({
    paths: appPaths(dataDir, path.join(root, 'drizzle')),
    shell: 'web',
    appVersion: (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
      .version,
    launcher: createNodeLauncher(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
    workerModules: {
      importCsv: workerEntry('import-csv'),
      profileVersion: workerEntry('profile-version'),
      applyOperation: workerEntry('apply-operation'),
      querySql: workerEntry('query-sql'),
    },
    samplesDir: path.join(root, 'samples'),
  });
}

function workspaceId(app: CairnApp, wanted: string | undefined): string {
  const all = app.services.workspaces.list({ includeArchived: false });
  if (wanted) {
    const match = all.find((w) => w.id === wanted || w.name.toLowerCase() === wanted.toLowerCase());
    if (!match) fail('NOT_FOUND', `There is no workspace named “${wanted}”.`);
    return match.id;
  }
  return all[0]?.id ?? app.services.workspaces.create({ name: 'Default', description: '' }).id;
}

function findDataset(app: CairnApp, ws: string, ref: string): Dataset {
  const all = app.services.datasets.list({ workspaceId: ws, includeArchived: true });
  const exact = all.filter((d) => d.id === ref || d.name === ref);
  const matches =
    exact.length > 0
      ? exact
      : all.filter((d) => d.id.startsWith(ref) || d.name.toLowerCase() === ref.toLowerCase());
  if (matches.length === 0)
    fail('NOT_FOUND', `There is no dataset “${ref}” in this workspace. See: cairn datasets`);
  if (matches.length > 1)
    fail('CONFLICT', `“${ref}” names ${matches.length} datasets; use its id (cairn datasets).`);
  return matches[0]!;
}

function findVersion(app: CairnApp, ws: string, dataset: Dataset, ref: string | undefined): Version {
  const list = app.services.datasets.listVersions({ workspaceId: ws, datasetId: dataset.id });
  if (!ref) {
    const current = list.find((v) => v.id === dataset.currentVersionId);
    if (!current) fail('NOT_FOUND', 'This dataset has no current version.');
    return current;
  }
  const seq = /^v?(\d+)$/i.exec(ref);
  const match =
    list.find((v) => v.id === ref || v.label === ref) ??
    (seq ? list[Number(seq[1]) - 1] : undefined) ??
    list.find((v) => v.id.startsWith(ref));
  if (!match)
    fail(
      'NOT_FOUND',
      `There is no version “${ref}” in “${dataset.name}”. See: cairn versions ${dataset.name}`,
    );
  return match;
}

async function importFile(app: CairnApp, ws: string, file: string, options: Options): Promise<Dataset> {
  const absolute = path.resolve(file);
  const done = new Promise<Dataset>((resolve, reject) => {
    let jobId: string | null = null;
    const early: unknown[] = [];
    const onFinished = (payload: {
      jobId: string;
      outcome: string;
      datasetId: string | null;
      error: { code: string; message: string } | null;
    }) => {
      if (payload.jobId !== jobId) return;
      unsubscribe();
      if (payload.outcome === 'imported' && payload.datasetId) {
        resolve(app.services.datasets.get({ workspaceId: ws, datasetId: payload.datasetId }));
      } else {
        reject(
          new CairnError(
            payload.outcome === 'cancelled' ? 'CANCELLED' : 'VALIDATION',
            payload.error?.message ?? 'The import was cancelled.',
          ),
        );
      }
    };
    const unsubscribe = app.events.subscribe((channel, payload) => {
      if (channel === importsProgress.channel && !options.json && process.stderr.isTTY) {
        const p = payload as { rows: number; bytesRead: number; totalBytes: number };
        const pct = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0;
        process.stderr.write(`\rImporting… ${pct}% (${p.rows.toLocaleString('en')} rows)`);
      }
      if (channel === importsFinished.channel) {
        if (jobId === null) early.push(payload);
        else onFinished(payload as Parameters<typeof onFinished>[0]);
      }
    });
    try {
      jobId = app.services.datasets.startImport({
        workspaceId: ws,
        source: { kind: 'path', path: absolute },
        options: {
          ...(options.encoding ? { encoding: options.encoding } : {}),
          ...(options.delimiter ? { delimiter: options.delimiter === 'tab' ? '\t' : options.delimiter } : {}),
          ...(options.name ? { name: options.name } : {}),
        },
      }).jobId;
      for (const payload of early) onFinished(payload as Parameters<typeof onFinished>[0]);
    } catch (error) {
      unsubscribe();
      reject(error);
    }
  });
  try {
    return await done;
  } finally {
    if (!options.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function readRecipe(file: string): Recipe {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : 'it is not JSON';
    fail('VALIDATION', `Cannot read the recipe ${file}: ${why}.`);
  }
  const parsed = recipeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(
      'VALIDATION',
      `${file} is not a Cairn recipe (${issue?.path.join('.') || 'format'}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return parsed.data;
}

async function run(argv: string[]): Promise<{ human: string; json: unknown }> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      workspace: { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'string' },
      format: { type: 'string' },
      dialect: { type: 'string' },
      input: { type: 'string' },
      result: { type: 'string' },
      output: { type: 'string', short: 'o' },
      goal: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options = values as Options & { help?: boolean };
  const [command, ...args] = positionals;
  if (!command || options.help) return { human: USAGE, json: { usage: USAGE } };
  const app = await open(options);
  try {
    const ws = workspaceId(app, options.workspace);
    const datasets = app.services.datasets;
    switch (command) {
      case 'import': {
        if (!args[0]) fail('VALIDATION', 'Name the CSV file to import: cairn import <file>');
        const dataset = await importFile(app, ws, args[0], options);
        const notes = dataset.importNotes.map((n) => `  note: ${n}`).join('\n');
        return {
          human: `Imported “${dataset.name}”: ${plural(dataset.rowCount, 'row')} × ${plural(dataset.columnCount, 'column')} (${dataset.encoding}, delimiter ${JSON.stringify(dataset.delimiter)}). Id ${dataset.id}${notes ? `\n${notes}` : ''}`,
          json: dataset,
        };
      }
      case 'datasets': {
        const list = datasets.list({ workspaceId: ws, includeArchived: false });
        return {
          human:
            list.length === 0
              ? 'No datasets yet. Import one with: cairn import <file>'
              : table([
                  ['ID', 'NAME', 'ROWS', 'COLUMNS', 'SOURCE'],
                  ...list.map((d) => [
                    d.id.slice(0, 8),
                    d.name,
                    String(d.rowCount),
                    String(d.columnCount),
                    d.sourceName,
                  ]),
                ]),
          json: list,
        };
      }
      case 'versions': {
        if (!args[0]) fail('VALIDATION', 'Name the dataset: cairn versions <dataset>');
        const dataset = findDataset(app, ws, args[0]);
        const list = datasets.listVersions({ workspaceId: ws, datasetId: dataset.id });
        return {
          human: table([
            ['#', 'ID', 'PARENT', 'ROWS', 'COLS', 'LABEL', 'STEP'],
            ...list.map((v, i) => [
              `${v.id === dataset.currentVersionId ? '*' : ' '}v${i + 1}`,
              v.id.slice(0, 8),
              v.parentId?.slice(0, 8) ?? '-',
              String(v.rowCount),
              String(v.columnCount),
              v.label ?? '',
              v.summary,
            ]),
          ]),
          json: list.map((v) => ({ ...v, current: v.id === dataset.currentVersionId })),
        };
      }
      case 'apply': {
        const [recipeFile, target] = args;
        if (!recipeFile || !target) fail('VALIDATION', 'Usage: cairn apply <recipe.json> <dataset|file>');
        const recipe = readRecipe(recipeFile);
        const dataset =
          fs.existsSync(target) && fs.statSync(target).isFile()
            ? await importFile(app, ws, target, options)
            : findDataset(app, ws, target);
        const unchanged: { step: number; message: string }[] = [];
        const version = await datasets.applyRecipe(
          { workspaceId: ws, datasetId: dataset.id, recipe },
          'user',
          (step, message) => unchanged.push({ step, message }),
        );
        const applied = recipe.operations.length - unchanged.length;
        return {
          human: [
            `Applied ${plural(applied, 'step')} to “${dataset.name}”: now ${plural(version.rowCount, 'row')} × ${plural(version.columnCount, 'column')} (version ${version.id.slice(0, 8)}).`,
            ...unchanged.map((u) => `Step ${u.step}: ${u.message}`),
          ].join('\n'),
          json: { dataset: datasets.get({ workspaceId: ws, datasetId: dataset.id }), version, unchanged },
        };
      }
      case 'export': {
        if (!args[0]) fail('VALIDATION', 'Usage: cairn export <dataset> [--version V] -o out.csv');
        if (!options.output) fail('VALIDATION', 'Say where to write the CSV: -o out.csv');
        const dataset = findDataset(app, ws, args[0]);
        const version = findVersion(app, ws, dataset, options.version);
        const target = path.resolve(options.output);
        // Straight to the target (through a .partial file), so a failed export leaves no half file.
        const result = await datasets.exportCsv(
          { workspaceId: ws, datasetId: dataset.id, versionId: version.id, escapeFormulas: true },
          { target },
        );
        return {
          human: `Wrote ${result.rows.toLocaleString('en')} rows to ${target}`,
          json: { file: target, rows: result.rows, versionId: version.id },
        };
      }
      case 'recipe': {
        if (!args[0])
          fail(
            'VALIDATION',
            'Usage: cairn recipe <dataset> [--version V] --format json|pandas|ray|sql [--dialect sqlite|duckdb|postgres]',
          );
        const format = (options.format ?? 'json') as RecipeFormat;
        if (!RECIPE_FORMATS.includes(format))
          fail('VALIDATION', `Unknown format “${format}”: use ${RECIPE_FORMATS.join(', ')}.`);
        const dialect = options.dialect as SqlDialect | undefined;
        if (dialect !== undefined && !SQL_DIALECTS.includes(dialect))
          fail('VALIDATION', `Unknown SQL dialect “${dialect}”: use ${SQL_DIALECTS.join(', ')}.`);
        if (dialect !== undefined && format !== 'sql')
          fail('VALIDATION', '--dialect goes with --format sql.');
        const dataset = findDataset(app, ws, args[0]);
        const version = findVersion(app, ws, dataset, options.version);
        const recipe = datasets.recipe({
          workspaceId: ws,
          datasetId: dataset.id,
          versionId: version.id,
          format,
          dialect,
          input: options.input,
          output: options.result,
        });
        if (options.output) {
          fs.writeFileSync(path.resolve(options.output), recipe.text);
          return {
            human: `Wrote the ${format} recipe to ${path.resolve(options.output)}`,
            json: { file: path.resolve(options.output), format },
          };
        }
        return { human: recipe.text.trimEnd(), json: { format, text: recipe.text } };
      }
      case 'profile':
      case 'insights': {
        if (!args[0]) fail('VALIDATION', `Usage: cairn ${command} <dataset> [--version V]`);
        const goal = options.goal ?? 'data_quality';
        if (!(GOAL_TYPES as readonly string[]).includes(goal)) {
          fail('VALIDATION', `Unknown goal “${goal}”: use ${GOAL_TYPES.join(', ')}.`);
        }
        const dataset = findDataset(app, ws, args[0]);
        const version = findVersion(app, ws, dataset, options.version);
        const request = {
          workspaceId: ws,
          datasetId: dataset.id,
          versionId: version.id,
          goalType: goal as GoalType,
        };
        let result = app.services.analysis.get(request);
        if (!result.profile) {
          await app.services.analysis.idle();
          result = app.services.analysis.get(request);
        }
        if (!result.profile || !result.analysis) {
          fail('UNAVAILABLE', result.analysis?.error ?? 'This version could not be profiled.');
        }
        const { profile, analysis } = result;
        if (command === 'profile') {
          const lines = [
            `“${dataset.name}” ${plural(profile.rows, 'row')} × ${plural(profile.columns, 'column')}, quality ${analysis.qualityScore?.toFixed(0) ?? '?'}/100`,
            `missing cells ${(profile.missingShare * 100).toFixed(1)}%, duplicate rows ${profile.duplicateRows}`,
            table([
              ['COLUMN', 'TYPE', 'NULLS', 'DISTINCT', 'MIN', 'MAX', 'MEAN'],
              ...profile.columnProfiles.map((c) => [
                c.name,
                c.type,
                String(c.nulls),
                `${c.distinctApproximate ? '≈' : ''}${c.distinct}`,
                c.min === null ? '' : String(c.min),
                c.max === null ? '' : String(c.max),
                c.mean === null ? '' : String(Math.round(c.mean * 1000) / 1000),
              ]),
            ]),
          ];
          return {
            human: lines.join('\n'),
            json: { versionId: version.id, quality: analysis.quality, profile },
          };
        }
        const human =
          analysis.insights.length === 0
            ? 'No problems found.'
            : analysis.insights
                .map(
                  (i) =>
                    `[${i.severity}] ${i.description}\n    → ${i.recommendation}${i.codeSuggestion ? `\n    ${i.codeSuggestion}` : ''}`,
                )
                .join('\n');
        return {
          human,
          json: {
            versionId: version.id,
            goal,
            qualityScore: analysis.qualityScore,
            insights: analysis.insights,
          },
        };
      }
      default:
        fail('VALIDATION', `Unknown command “${command}”.\n\n${USAGE}`);
    }
  } finally {
    await app.services.datasets.idle();
    await app.services.analysis.idle();
    app.close();
  }
}

const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
run(argv)
  .then(({ human, json }) => {
    process.stdout.write(`${asJson ? JSON.stringify(json, null, 2) : human}\n`);
  })
  .catch((error: unknown) => {
    const info =
      error instanceof CairnError
        ? { code: error.code, message: error.message }
        : error instanceof Error &&
            'code' in error &&
            String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')
          ? { code: 'VALIDATION', message: error.message }
          : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    if (asJson) process.stdout.write(`${JSON.stringify({ error: info })}\n`);
    else process.stderr.write(`cairn: ${info.message}\n`);
    process.exitCode = 1;
  });
