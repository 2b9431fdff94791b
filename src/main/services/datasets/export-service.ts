/**
 * What leaves a dataset and what comes back as steps: a version written as CSV (to a chosen
 * path or the exports folder), its recipe as a file, and a recipe replayed as new versions.
 * Apart because it only reads versions and, for a replay, goes through the same apply as a
 * person's step; it owns no state.
 */
import path from 'node:path';
import type { ExportProgress, RecipeFormat, SqlDialect, Version } from '../../../shared/datasets';
import type { Recipe } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import type { Applies } from './applies';
import type { VersionEngine } from './engine';
import { writeCsv } from './exports';
import { columnsOf, requireDataset, requireVersion } from './model';
import type { Navigation } from './navigation';
import { checkRecipeColumns, recipeFile } from './recipes';
import type { DataStore } from './storage';
import { isNothingToChange } from './unchanged';
import type { Writes } from './writes';

export type ExportOutcome =
  | { saved: 'path'; file: string; fileName: string; rows: number; bytes: number }
  | { saved: 'download'; file: string; fileName: string; rows: number; bytes: number; downloadPath: string };

export interface ExportsDeps {
  db: AppDatabase;
  store: DataStore;
  engine: VersionEngine;
  /** Makes a version's rows readable (an evicted one is rebuilt first). */
  readable: Writes['readable'];
  pathTo: Navigation['pathTo'];
  /** A recipe's steps are applied as a person's would be (queued, checked, unchanged refused). */
  apply: Applies['apply'];
  exportsDir: string;
  /** See DatasetsDeps.chooseExportPath. */
  chooseExportPath?: ((suggestedName: string) => Promise<string | null>) | undefined;
}

export function createExports(deps: ExportsDeps) {
  const { db, store, engine, readable, pathTo, apply } = deps;
  return {
    /**
     * Writes a version as CSV. Where to: `options.target` when a trusted caller (the CLI) names
     * it; else the file the person picks in the desktop shell's save dialog; else the exports
     * folder, which the web host serves for download. The renderer never names a path.
     */
    async exportCsv(
      input: { workspaceId: string; datasetId: string; versionId: string; escapeFormulas: boolean },
      options: {
        signal?: AbortSignal;
        onProgress?: (progress: ExportProgress) => void;
        target?: string;
      } = {},
    ): Promise<ExportOutcome> {
      const { signal, onProgress } = options;
      const dataset = requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const version = requireVersion(db, input.datasetId, input.versionId);
      const step = version.label ?? `v${version.seq}`;
      const fileName = `${safeFileName(dataset.name)}-${safeFileName(step)}-${version.id.slice(0, 8)}.csv`;
      let file: string;
      let saved: 'path' | 'download';
      if (options.target !== undefined) {
        file = path.resolve(options.target);
        saved = 'path';
      } else if (deps.chooseExportPath) {
        const chosen = await deps.chooseExportPath(fileName);
        if (chosen === null) throw new CairnError('CANCELLED', 'Export cancelled.');
        if (!path.isAbsolute(chosen)) throw new CairnError('INTERNAL', 'The save dialog gave no full path.');
        file = chosen;
        saved = 'path';
      } else {
        file = path.join(deps.exportsDir, fileName);
        saved = 'download';
      }
      if (signal?.aborted) throw new CairnError('CANCELLED', 'Export cancelled.');
      await readable(version);
      const totalRows = version.rowCount;
      onProgress?.({ rowsWritten: 0, totalRows, bytesWritten: 0 });
      const reader = store.reader(input.datasetId);
      try {
        const { rows, bytes } = await writeCsv(reader, version.relation, columnsOf(version), file, {
          escapeFormulas: input.escapeFormulas,
          ...(signal ? { signal } : {}),
          ...(onProgress ? { onProgress: (p) => onProgress({ ...p, totalRows }) } : {}),
        });
        return saved === 'path'
          ? { saved, file, fileName: path.basename(file), rows, bytes }
          : {
              saved,
              file,
              fileName,
              rows,
              bytes,
              downloadPath: `/api/exports/${encodeURIComponent(fileName)}`,
            };
      } finally {
        reader.close();
      }
    },

    recipe(input: {
      workspaceId: string;
      datasetId: string;
      versionId: string;
      format: RecipeFormat;
      dialect?: SqlDialect | undefined;
      /** The CSV the script reads (default: the dataset's source file name) and writes (result.csv). */
      input?: string | undefined;
      output?: string | undefined;
    }) {
      const dataset = requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      const { root, operations } = pathTo(input);
      const base = `${safeFileName(dataset.name)}-recipe`;
      return recipeFile(base, dataset.sourceName, columnsOf(root), operations, input.format, input.dialect, {
        input: input.input,
        output: input.output,
      });
    },

    /**
     * Replays a recipe on a dataset's current version, one version per step. Every step is
     * compiled against the schema it will meet before anything is written, so a mismatch is
     * reported up front and changes nothing.
     */
    async applyRecipe(
      input: { workspaceId: string; datasetId: string; recipe: Recipe },
      createdBy: 'user' | 'assistant' = 'user',
      /** Told of each step passed over because it changes nothing here (1-based). */
      onUnchangedStep?: (step: number, message: string) => void,
    ): Promise<Version> {
      const dataset = requireDataset(db, input.workspaceId, input.datasetId);
      if (!dataset.currentVersionId) throw new CairnError('CONFLICT', 'This dataset has no data yet.');
      const current = requireVersion(db, input.datasetId, dataset.currentVersionId);
      checkRecipeColumns(input.recipe, columnsOf(current));
      if (input.recipe.operations.length === 0)
        throw new CairnError('VALIDATION', 'This recipe has no steps.');
      let schema = columnsOf(current);
      input.recipe.operations.forEach((op, i) => {
        try {
          schema = engine.compile({ ...current, columns: JSON.stringify(schema) }, op).columns;
        } catch (error) {
          const reason = error instanceof CairnError ? error.message : String(error);
          throw new CairnError('VALIDATION', `Step ${i + 1} of the recipe cannot run here: ${reason}`);
        }
      });
      let last: Version | null = null;
      let baseId = current.id;
      for (const [i, operation] of input.recipe.operations.entries()) {
        try {
          last = await apply(
            { workspaceId: input.workspaceId, datasetId: input.datasetId, versionId: baseId, operation },
            createdBy,
          );
          baseId = last.id;
        } catch (error) {
          // A step with nothing to do on this data (no duplicates to remove) is passed over.
          if (!isNothingToChange(error)) throw error;
          onUnchangedStep?.(i + 1, (error as CairnError).message);
        }
      }
      if (!last) {
        throw new CairnError(
          'VALIDATION',
          'Nothing to change: no step of the recipe changes this dataset. No version was made.',
          { nothingToChange: true },
        );
      }
      return last;
    },
  };
}

function safeFileName(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
      .trim()
      .slice(0, 80) || 'dataset'
  );
}
