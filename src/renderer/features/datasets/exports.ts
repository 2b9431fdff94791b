import { client } from '../../lib/client';
import { useToasts } from '../../app/toasts';

interface Scope {
  workspaceId: string;
  datasetId: string;
  versionId: string;
}

/** Writes a version as CSV; the browser downloads it, the desktop says where it was saved. */
export async function exportCsv(scope: Scope, escapeFormulas = true): Promise<void> {
  const result = await client.invoke('exports:csv', { ...scope, escapeFormulas });
  if (client.transport.kind === 'web') {
    client.transport.download(result.downloadPath, result.fileName);
    useToasts.getState().push('info', `Exported ${result.rows} rows to ${result.fileName}.`);
  } else {
    useToasts.getState().push('info', `Exported ${result.rows} rows. Saved to ${result.file}`);
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

export async function exportRecipe(scope: Scope, format: 'json' | 'pandas' | 'sql'): Promise<void> {
  const { fileName, text } = await client.invoke('recipes:export', { ...scope, format });
  const type =
    format === 'json' ? 'application/json' : format === 'sql' ? 'application/sql' : 'text/x-python';
  downloadText(text, fileName, type);
}
