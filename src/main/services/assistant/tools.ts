import { z } from 'zod';
import type { Insight } from '../../../shared/analysis';
import { versionNamed, versionNames, versionTitle } from '../../../shared/chat-changes';
import type { Dataset, Version, VersionDiff } from '../../../shared/datasets';
import { operationSchema } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import { formatCount, plural } from '../../../shared/text';
import type { AnalysisService } from '../analysis/service';
import { toTextSummary } from '../analysis/summary';
import { QUERY_TIMEOUT_MS, type DatasetsService } from '../datasets/service';
import { isNothingToChange } from '../datasets/unchanged';
import type { ProfilesService } from '../profiles/service';
import { summarizeOperation } from '../datasets/operations';
import { isTaskToolName, type TaskToolName, type TaskTools } from './task-tools';
import { parseToolArguments } from './tool-arguments';
import { TOOL_NAMES, type ToolData, type ToolName } from './types';

/**
 * The assistant's tools. Every provider reaches the data only through `run`, which checks the
 * arguments against the tool's schema and the dataset against the profile's space before
 * anything is read or written. A refusal is a result the provider sees, not a crash.
 */

const PREVIEW_MAX = 50;
/** Rows of a SQL result shown to the person and the model. */
const SQL_ROWS = 50;
/** How long the profile and insights tools wait for a version being profiled. */
const ANALYSIS_WAIT_MS = 30_000;
const CELL_MAX = 60;
const empty = z.object({}).strict();

/**
 * A version as people (and models) name it: "v3" as list_versions and the versions panel number
 * them, "current", "previous" (the current version's parent), or its id. A model never sees ids.
 */
const versionRef = z.union([
  z.uuid(),
  z
    .string()
    .trim()
    .regex(
      /^(?:v[1-9]\d{0,5}|current|previous)$/i,
      'Name a version as v3 (as list_versions does), current or previous.',
    ),
]);

const argumentSchemas = {
  show_profile: empty,
  list_insights: empty,
  preview_rows: z
    .object({
      limit: z.number().int().min(1).max(PREVIEW_MAX).optional(),
      filter: z.string().trim().min(1).max(10_000).optional(),
    })
    .strict(),
  list_versions: empty,
  apply_operation: z.object({ operation: operationSchema }).strict(),
  undo: empty,
  redo: empty,
  checkout: z.object({ versionId: versionRef }).strict(),
  diff_versions: z.object({ from: versionRef, to: versionRef }).strict(),
  run_sql: z.object({ query: z.string().trim().min(1).max(20_000) }).strict(),
} satisfies Record<ToolName, z.ZodType>;

const descriptions: Record<ToolName, string> = {
  show_profile:
    'Summarise the profile of the current version: rows, columns, types, missing values, duplicates, problem columns and the quality score.',
  list_insights: 'List the open data-quality insights of the current version, with their suggested fixes.',
  preview_rows: `Show up to ${PREVIEW_MAX} rows of the current version, optionally only rows matching a filter expression in Cairn's expression language (e.g. age >= 18 AND city IN ('NY', 'LA')).`,
  list_versions: "List the dataset's versions (the tree), marking the current one.",
  apply_operation:
    'Apply one declarative operation to the current version. This creates a new version and makes it current; nothing is overwritten.',
  undo: 'Move the current version back to its parent.',
  redo: 'Move the current version forward to the child it came back from.',
  checkout:
    'Make another existing version of this dataset current. versionId: a version as list_versions names it (v3), or previous.',
  diff_versions:
    'Compare two versions: schema changes, row counts and a sample of changed rows. from, to: versions as list_versions names them (v1, v3), current or previous.',
  run_sql: `Run one read-only SQLite SELECT over the current version, which is the table named data (e.g. SELECT city, count(*) AS n FROM data GROUP BY city ORDER BY n DESC). At most ${SQL_ROWS} rows come back; a query running over ${QUERY_TIMEOUT_MS / 1000} s is stopped.`,
};

export interface ToolScope {
  workspaceId: string;
  /** Null in a workspace conversation, which has only the task tools. */
  datasetId: string | null;
  profileId: string;
  /** The turn and conversation running the tool: a board change is logged with them. */
  runId?: string;
  conversationId?: string;
}

/** The scope a data tool runs in: always a dataset's conversation. */
type DatasetToolScope = ToolScope & { datasetId: string };

export interface ToolResult {
  /** What the model reads, and what the built-in assistant says. */
  text: string;
  /** False when the tool refused or failed; the text says why. */
  ok: boolean;
  /** Set when the tool created or moved to a version. */
  versionId?: string;
  /** The rows a read-only tool found, for the built-in assistant to word its answer. */
  data?: ToolData;
  /** Set when the tool changed a board: the patch set an Undo reverts. */
  patchSetId?: string;
}

export interface ToolboxDeps {
  datasets: Pick<
    DatasetsService,
    'get' | 'listVersions' | 'rows' | 'apply' | 'undo' | 'redo' | 'checkout' | 'diff' | 'query'
  >;
  analysis: Pick<AnalysisService, 'get'>;
  profiles: Pick<ProfilesService, 'assertDatasetVisible'>;
  /** The task tools (task-tools.ts), offered beside the data tools. */
  tasks?: TaskTools;
  /** How long to wait for a version still being profiled (default 30 s). */
  analysisWaitMs?: number;
}

/** A tool's description for a Chat Completions request (`tools` parameter). */
export interface ToolDefinition {
  type: 'function';
  function: { name: ToolName | TaskToolName; description: string; parameters: Record<string, unknown> };
}

export function toolDefinitions(): ToolDefinition[] {
  return TOOL_NAMES.map((name) => ({
    type: 'function',
    function: {
      name,
      description: descriptions[name],
      parameters: z.toJSONSchema(argumentSchemas[name], { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
    },
  }));
}

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

function clipCell(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  const text = String(value).replace(/[\r\n\t]+/g, ' ');
  return text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
}

function table(columns: string[], rows: unknown[][]): string {
  const lines = [columns.map(clipCell).join(' | ')];
  for (const row of rows) lines.push(row.map(clipCell).join(' | '));
  return lines.join('\n');
}

/** "v3 — Drop column city": versions by their number in the dataset, never by id. */
function describeVersion(v: Version, n: number, current: string | null): string {
  const mark = v.id === current ? ' (current)' : '';
  const label = v.label ? ` [${v.label}]` : '';
  return `- v${n} — ${v.summary}${label}${mark}: ${formatCount(v.rowCount)} rows × ${v.columnCount} columns, by ${v.createdBy}`;
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

function describeInsight(i: Insight, index: number): string {
  const fix = i.fix ? ` Suggested fix: ${summarizeOperation(i.fix)}.` : '';
  return `${index + 1}. ${i.description} ${i.recommendation}${fix}`;
}

function describeDiff(d: VersionDiff): string {
  const lines = [`Rows: ${formatCount(d.rowCountFrom)} → ${formatCount(d.rowCountTo)}.`];
  if (d.addedColumns.length) lines.push(`Added columns: ${d.addedColumns.map((c) => c.name).join(', ')}.`);
  if (d.removedColumns.length)
    lines.push(`Removed columns: ${d.removedColumns.map((c) => c.name).join(', ')}.`);
  if (d.renamedColumns.length)
    lines.push(`Renamed: ${d.renamedColumns.map((r) => `${r.from} → ${r.to}`).join(', ')}.`);
  if (d.retypedColumns.length)
    lines.push(`Retyped: ${d.retypedColumns.map((r) => `${r.name} ${r.from} → ${r.to}`).join(', ')}.`);
  // Rows are compared as sets when the counts differ: copies removed or added leave no difference.
  if (d.changedRowCount === 0 && d.rowCountTo !== d.rowCountFrom) {
    lines.push(
      d.rowCountTo < d.rowCountFrom
        ? 'Only copies of rows that remain were removed.'
        : 'Only copies of rows that were there were added.',
    );
  } else if (d.changedRowCount !== null) lines.push(`${plural(d.changedRowCount, 'row')} differ.`);
  if (d.changedRows.length) {
    lines.push(`First changed rows (${d.changedRowsColumns.join(', ')}):`);
    for (const r of d.changedRows.slice(0, 10)) {
      const before = r.before ? r.before.map(clipCell).join(' | ') : '(none)';
      const after = r.after ? r.after.map(clipCell).join(' | ') : '(none)';
      lines.push(`row ${r.row}: ${before}  →  ${after}`);
    }
  }
  return lines.join('\n');
}

export function createToolbox(deps: ToolboxDeps) {
  const { datasets, analysis, profiles } = deps;

  /** The id a version reference (see versionRef) stands for, and the dataset's versions. */
  function resolveVersion(scope: DatasetToolScope, ref: string): { id: string; list: Version[] } {
    const where = { workspaceId: scope.workspaceId, datasetId: scope.datasetId };
    const list = datasets.listVersions(where);
    const word = ref.trim().toLowerCase();
    const current = datasets.get(where).currentVersionId;
    let id: string | null | undefined;
    if (word === 'current') id = current;
    else if (word === 'previous') {
      id = list.find((v) => v.id === current)?.parentId;
      if (!id)
        throw new CairnError(
          'VALIDATION',
          'The current version is the first one: there is no version before it.',
        );
    } else if (/^v\d+$/.test(word)) {
      id = versionNamed(list, word)?.id;
      if (!id) {
        throw new CairnError(
          'NOT_FOUND',
          `There is no ${word}: this dataset has ${plural(list.length, 'version')} (v1 to v${list.length}).`,
        );
      }
    } else id = ref;
    if (!id) throw new CairnError('NOT_FOUND', 'This dataset has no current version yet.');
    return { id, list };
  }

  function currentVersion(scope: DatasetToolScope): { dataset: Dataset; version: Version; all: Version[] } {
    const dataset = datasets.get({ workspaceId: scope.workspaceId, datasetId: scope.datasetId });
    const all = datasets.listVersions({ workspaceId: scope.workspaceId, datasetId: scope.datasetId });
    const version = all.find((v) => v.id === dataset.currentVersionId);
    if (!version) throw new CairnError('CONFLICT', 'The dataset has no current version yet.');
    return { dataset, version, all };
  }

  /** Only the current version's id: what a read needs, without listing every version. */
  function currentVersionId(scope: DatasetToolScope): string {
    const id = datasets.get({ workspaceId: scope.workspaceId, datasetId: scope.datasetId }).currentVersionId;
    if (!id) throw new CairnError('CONFLICT', 'The dataset has no current version yet.');
    return id;
  }

  /**
   * The version's analysis, waiting a little for one being computed: a person asking for the
   * profile right after a change should get it, not "ask again".
   */
  async function analysed(scope: DatasetToolScope, versionId: string, signal: AbortSignal) {
    const deadline = Date.now() + (deps.analysisWaitMs ?? ANALYSIS_WAIT_MS);
    for (;;) {
      const got = analysis.get({ ...scope, versionId, goalType: 'data_quality' });
      const settled = got.analysis?.status === 'completed' || got.analysis?.status === 'failed';
      if (settled || Date.now() >= deadline || signal.aborted) return got;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const runners: {
    [N in ToolName]: (
      args: z.output<(typeof argumentSchemas)[N]>,
      scope: DatasetToolScope,
      signal: AbortSignal,
    ) => Promise<ToolResult> | ToolResult;
  } = {
    show_profile: async (_args, scope, signal) => {
      const { dataset, version } = currentVersion(scope);
      const got = await analysed(scope, version.id, signal);
      if (!got.profile) {
        return {
          ok: true,
          text: `The profile of “${dataset.name}” is still being computed. Ask again in a moment.`,
        };
      }
      const quality = got.analysis?.quality ?? undefined;
      return { ok: true, text: toTextSummary(got.profile, quality ? { quality } : {}) };
    },

    list_insights: async (_args, scope, signal) => {
      const { version } = currentVersion(scope);
      const got = await analysed(scope, version.id, signal);
      if (!got.analysis || got.analysis.status !== 'completed') {
        return {
          ok: true,
          text: 'The insights of this version are still being computed. Ask again in a moment.',
        };
      }
      const open = got.analysis.insights.filter((i) => i.status === 'open');
      const q = got.analysis.quality;
      const score = q
        ? `Quality score: ${Math.round(q.score)} out of 100 — complete ${pct(q.completeness)}, valid ${pct(q.validity)}, unique ${pct(q.uniqueness)}, consistent ${pct(q.consistency)}.`
        : '';
      if (open.length === 0)
        return {
          ok: true,
          text: [score, 'No open problems: nothing stands out in this version.'].filter(Boolean).join('\n'),
        };
      return {
        ok: true,
        text: [
          score,
          `${plural(open.length, 'problem')} found, the most serious first:`,
          ...open.slice(0, 30).map(describeInsight),
        ]
          .filter(Boolean)
          .join('\n'),
      };
    },

    preview_rows: async (args, scope) => {
      const { version } = currentVersion(scope);
      const limit = args.limit ?? 10;
      const page = await datasets.rows({
        ...scope,
        versionId: version.id,
        start: 0,
        limit,
        view: { sort: [], filter: args.filter },
      });
      const header = args.filter
        ? `${plural(page.total, 'row')} match “${args.filter}”; the first ${page.rows.length}:`
        : `The first ${page.rows.length} of ${plural(page.total, 'row')}:`;
      return {
        ok: true,
        text: `${header}\n${table(
          page.columns.map((c) => c.name),
          page.rows,
        )}`,
      };
    },

    list_versions: (_args, scope) => {
      const dataset = datasets.get({ workspaceId: scope.workspaceId, datasetId: scope.datasetId });
      const list = datasets.listVersions({ workspaceId: scope.workspaceId, datasetId: scope.datasetId });
      return {
        ok: true,
        text: [
          `${plural(list.length, 'version')}:`,
          ...list.map((v, i) => describeVersion(v, i + 1, dataset.currentVersionId)),
        ].join('\n'),
      };
    },

    apply_operation: async (args, scope, signal) => {
      const { version, all } = currentVersion(scope);
      const earlier = new Set(all.filter((v) => v.parentId === version.id).map((v) => v.id));
      let created: Version;
      try {
        created = await datasets.apply(
          {
            workspaceId: scope.workspaceId,
            datasetId: scope.datasetId,
            versionId: version.id,
            operation: args.operation,
          },
          'assistant',
          { signal },
        );
      } catch (error) {
        // Not a failure to retry or work around: the data already is as asked.
        if (isNothingToChange(error)) {
          return { ok: true, text: `${(error as CairnError).message} The current version stays as it is.` };
        }
        throw error;
      }
      if (earlier.has(created.id)) {
        return {
          ok: true,
          versionId: created.id,
          text: `Already done: ${created.summary} was applied to this version before, so that result (${formatCount(created.rowCount)} rows × ${created.columnCount} columns) is current again; no new version was made.`,
        };
      }
      return {
        ok: true,
        versionId: created.id,
        text: `Done: ${created.summary}. The new version has ${formatCount(created.rowCount)} rows × ${created.columnCount} columns (was ${formatCount(version.rowCount)} × ${version.columnCount}). Undo brings the previous version back.`,
      };
    },

    undo: (_args, scope) => {
      const dataset = datasets.undo({ workspaceId: scope.workspaceId, datasetId: scope.datasetId });
      return {
        ok: true,
        versionId: dataset.currentVersionId ?? undefined,
        text: 'Undone: the previous version is current again.',
      };
    },

    redo: (_args, scope) => {
      const dataset = datasets.redo({ workspaceId: scope.workspaceId, datasetId: scope.datasetId });
      return {
        ok: true,
        versionId: dataset.currentVersionId ?? undefined,
        text: 'Redone: the later version is current again.',
      };
    },

    checkout: (args, scope) => {
      const { id, list } = resolveVersion(scope, args.versionId);
      datasets.checkout({ ...scope, versionId: id });
      const version = list.find((v) => v.id === id);
      const name = version ? versionTitle(version, versionNames(list)) : 'That version';
      return { ok: true, versionId: id, text: `${name} is now current.` };
    },

    diff_versions: async (args, scope) => {
      const from = resolveVersion(scope, args.from);
      const to = resolveVersion(scope, args.to);
      const diff = await datasets.diff({
        workspaceId: scope.workspaceId,
        datasetId: scope.datasetId,
        from: from.id,
        to: to.id,
      });
      const names = versionNames(to.list);
      const title = (id: string): string => {
        const v = to.list.find((x) => x.id === id);
        return v ? versionTitle(v, names) : 'a version';
      };
      return { ok: true, text: `From ${title(from.id)} to ${title(to.id)}:\n${describeDiff(diff)}` };
    },

    run_sql: async (args, scope, signal) => {
      const result = await datasets.query(
        { ...scope, versionId: currentVersionId(scope), sql: args.query, maxRows: SQL_ROWS },
        { signal },
      );
      if (result.rows.length === 0)
        return {
          ok: true,
          data: { columns: result.columns, rows: [] },
          text: `No rows. Columns: ${result.columns.join(', ')}.`,
        };
      const more = result.truncated ? ` (the first ${SQL_ROWS}; there are more)` : '';
      return {
        ok: true,
        data: { columns: result.columns, rows: result.rows },
        text: `${plural(result.rows.length, 'row')}${more}:\n${table(result.columns, result.rows)}${result.note ? `\n(${result.note})` : ''}`,
      };
    },
  };

  return {
    /** Without data tools: a workspace conversation, about boards rather than one dataset. */
    definitions: (options: { dataTools: boolean } = { dataTools: true }): ToolDefinition[] => [
      ...(options.dataTools ? toolDefinitions() : []),
      ...(deps.tasks?.definitions() ?? []),
    ],

    /**
     * Runs one call. `rawArguments` is whatever the provider produced (JSON text from a model,
     * an object from the built-in interpreter); it is parsed and validated here, never trusted.
     */
    async run(
      name: string,
      rawArguments: unknown,
      scope: ToolScope,
      signal: AbortSignal,
    ): Promise<ToolResult> {
      if (deps.tasks && isTaskToolName(name)) return deps.tasks.run(name, rawArguments, scope);
      if (!isToolName(name)) {
        return {
          ok: false,
          text: `There is no tool named “${name}”. The tools are: ${TOOL_NAMES.join(', ')}.`,
        };
      }
      if (scope.datasetId === null) {
        return {
          ok: false,
          text: `${name} works on a dataset; this conversation is about the workspace's boards. Open the dataset's chat for it.`,
        };
      }
      const onDataset: DatasetToolScope = { ...scope, datasetId: scope.datasetId };
      const parsed = parseToolArguments(name, rawArguments, argumentSchemas[name]);
      if (!parsed.ok) return { ok: false, text: parsed.text };
      try {
        profiles.assertDatasetVisible(scope.profileId, null, onDataset.datasetId);
        const runner = runners[name] as (
          args: unknown,
          scope: DatasetToolScope,
          signal: AbortSignal,
        ) => Promise<ToolResult> | ToolResult;
        return await runner(parsed.value, onDataset, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        if (error instanceof CairnError && error.code !== 'INTERNAL') {
          return { ok: false, text: `${name} failed: ${error.message}` };
        }
        throw error;
      }
    },
  };
}

export type Toolbox = ReturnType<typeof createToolbox>;
