import { create } from 'zustand';
import type { ExportProgress, RecipeFormat, SqlDialect } from '../../../shared/datasets';
import { CairnError } from '../../../shared/result';
import { client } from '../../lib/client';
import { errorMessage, useToasts } from '../../app/toasts';
import { formatCount } from './format';

interface Scope {
  workspaceId: string;
  datasetId: string;
  versionId: string;
}

/** A CSV export under way. Finished ones leave the list; a toast says how they ended. */
export interface ExportEntry {
  key: string;
  /** What is exported, as the person knows it: the dataset and the version's name. */
  label: string;
  /** Null until the backend starts writing (on the desktop, once a file was chosen). */
  progress: ExportProgress | null;
  cancelling: boolean;
}

interface ExportsState {
  entries: ExportEntry[];
}

export const useExports = create<ExportsState>(() => ({ entries: [] }));

const cancels = new Map<string, () => void>();
let nextKey = 1;

function update(key: string, patch: Partial<ExportEntry>): void {
  useExports.setState((s) => ({ entries: s.entries.map((e) => (e.key === key ? { ...e, ...patch } : e)) }));
}

export function cancelExport(key: string): void {
  update(key, { cancelling: true });
  cancels.get(key)?.();
}

export function exportPercent(progress: ExportProgress | null): number {
  if (!progress || progress.totalRows <= 0) return 0;
  return Math.min(100, Math.floor((progress.rowsWritten / progress.totalRows) * 100));
}

/**
 * Exports a version as CSV with progress and cancel. The desktop asks where to save it (in the
 * main process); the browser downloads it. Every ending is reported by a toast, never thrown.
 */
export async function exportCsv(scope: Scope, label: string, escapeFormulas = true): Promise<void> {
  const key = `export-${nextKey++}`;
  useExports.setState((s) => ({
    entries: [...s.entries, { key, label, progress: null, cancelling: false }],
  }));
  const toasts = useToasts.getState();
  try {
    const running = client.stream('exports:csv', { ...scope, escapeFormulas }, (progress) =>
      update(key, { progress }),
    );
    cancels.set(key, running.cancel);
    const result = await running.result;
    const rows = `${formatCount(result.rows)} ${result.rows === 1 ? 'row' : 'rows'}`;
    if (result.saved === 'download') {
      client.transport.download(result.downloadPath, result.fileName);
      toasts.push('info', `Exported ${rows} to ${result.fileName}.`);
    } else {
      toasts.push('info', `Exported ${rows}. Saved to ${result.file}`);
    }
  } catch (error) {
    if (error instanceof CairnError && error.code === 'CANCELLED') toasts.push('info', 'Export cancelled');
    else toasts.push('error', `Could not export ${label}: ${errorMessage(error)}`);
  } finally {
    cancels.delete(key);
    useExports.setState((s) => ({ entries: s.entries.filter((e) => e.key !== key) }));
  }
}

/** Saves text the backend produced (a recipe) as a file, through a Blob. */
export function downloadText(text: string, fileName: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The choices of the Export recipe menu: each format, and SQL once per engine. */
export const RECIPE_CHOICES = [
  { value: 'json', label: 'JSON (re-appliable)', format: 'json' },
  { value: 'pandas', label: 'pandas script', format: 'pandas' },
  { value: 'ray', label: 'Ray Data job (cluster)', format: 'ray' },
  { value: 'sql-sqlite', label: 'SQL for the sqlite3 shell', format: 'sql', dialect: 'sqlite' },
  { value: 'sql-duckdb', label: 'SQL for DuckDB', format: 'sql', dialect: 'duckdb' },
  { value: 'sql-postgres', label: 'SQL for Postgres', format: 'sql', dialect: 'postgres' },
] as const satisfies readonly { value: string; label: string; format: RecipeFormat; dialect?: SqlDialect }[];
export type RecipeChoice = (typeof RECIPE_CHOICES)[number]['value'];

export async function exportRecipe(scope: Scope, choice: RecipeChoice): Promise<void> {
  const picked = RECIPE_CHOICES.find((c) => c.value === choice) ?? RECIPE_CHOICES[0];
  const format = picked.format;
  const { fileName, text } = await client.invoke('recipes:export', {
    ...scope,
    format,
    ...('dialect' in picked ? { dialect: picked.dialect } : {}),
  });
  const type =
    format === 'json' ? 'application/json' : format === 'sql' ? 'application/sql' : 'text/x-python';
  downloadText(text, fileName, type);
}
