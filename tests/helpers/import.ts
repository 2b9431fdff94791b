import fs from 'node:fs';
import path from 'node:path';
import type { CairnApp } from '../../src/main/app';
import type { Dataset } from '../../src/shared/datasets';
import type { Workspace } from '../../src/shared/workspaces';

/**
 * A new workspace with one CSV imported into it, as a person's drop would: the file is written
 * into `dir`, imported through the service, and the import is waited for (not its profile).
 */
export async function importCsvInto(
  app: CairnApp,
  dir: string,
  options: { fileName: string; csv: string; workspace?: string },
): Promise<{ ws: Workspace; dataset: Dataset }> {
  const ws = app.services.workspaces.create({ name: options.workspace ?? 'A', description: '' });
  const file = path.join(dir, options.fileName);
  fs.writeFileSync(file, options.csv);
  app.services.datasets.startImport({
    workspaceId: ws.id,
    source: { kind: 'path', path: file },
    options: {},
  });
  await app.services.datasets.idle();
  const dataset = app.services.datasets.list({ workspaceId: ws.id, includeArchived: false })[0];
  if (!dataset?.rootVersionId) throw new Error(`The import of ${options.fileName} failed.`);
  return { ws, dataset };
}
