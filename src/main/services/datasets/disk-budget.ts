/**
 * What the datasets keep on disk: the per-dataset budget that evicts old materialized versions
 * (rebuilt from their recipe when next read), eviction on request, and start-up housekeeping of
 * files and tables no version refers to. Apart because it touches every dataset's file but none
 * of the calls that make versions.
 */
import { and, asc, eq } from 'drizzle-orm';
import fs from 'node:fs';
import type { AppDatabase } from '../../db/connection';
import { datasets, versions } from '../../db/schema';
import type { VersionEngine } from './engine';
import { EXPORT_KEEP_MS, removeStaleExports } from './exports';
import { removeImportLeftovers } from './import';
import { versionById } from './model';
import { quoteIdent, type DataStore } from './storage';

export interface DiskBudgetDeps {
  db: AppDatabase;
  store: DataStore;
  engine: VersionEngine;
  uploadsDir: string;
  exportsDir: string;
  /** See DatasetsDeps.diskBudget; absent: nothing is evicted. */
  diskBudget?: { rootMultiple: number; floorBytes: number } | undefined;
}

export function createDiskBudget(deps: DiskBudgetDeps) {
  const { db, store, engine } = deps;
  /** Root sizes (roots never change), measured once per dataset in this process. */
  const rootBytes = new Map<string, number>();

  function budgetOf(datasetId: string, budget: { rootMultiple: number; floorBytes: number }): number {
    let root = rootBytes.get(datasetId);
    if (root === undefined) {
      const row = db.select().from(datasets).where(eq(datasets.id, datasetId)).get();
      const rootVersion = row?.rootVersionId ? versionById(db, row.rootVersionId) : undefined;
      root = rootVersion ? store.relationBytes(datasetId, rootVersion.relation) : 0;
      rootBytes.set(datasetId, root);
    }
    return Math.max(budget.floorBytes, budget.rootMultiple * root);
  }

  return {
    /** Evicts the oldest materialized versions, except roots and `keep`, until the file fits. */
    enforceBudget(datasetId: string, keep: Set<string>): void {
      // Under the floor nothing is evicted whatever the root's size, which is then not measured
      // (a scan of the root's pages on this thread: ~60 ms per 70 MB).
      const limits = deps.diskBudget;
      if (!limits || store.usedBytes(datasetId) <= limits.floorBytes) return;
      const budget = budgetOf(datasetId, limits);
      const candidates = db
        .select()
        .from(versions)
        .where(and(eq(versions.datasetId, datasetId), eq(versions.storage, 'table')))
        .orderBy(asc(versions.seq))
        .all()
        .filter((v) => v.parentId !== null && !keep.has(v.id));
      for (const version of candidates) {
        if (store.usedBytes(datasetId) <= budget) break;
        // A rebuild or apply is writing the file: evict next time rather than refuse this apply.
        if (engine.isWrittenElsewhere(datasetId)) break;
        engine.evict(version);
      }
    },

    /** Start-up housekeeping: half-written imports and data no version refers to are removed. */
    collectGarbage(): { removed: string[] } {
      const removed = removeImportLeftovers(store.dir);
      const known = new Set(
        db
          .select({ id: datasets.id })
          .from(datasets)
          .all()
          .map((r) => r.id),
      );
      for (const id of store.datasetIdsOnDisk()) {
        if (!known.has(id)) {
          store.remove(id);
          removed.push(`${id}.sqlite`);
        }
      }
      fs.rmSync(deps.uploadsDir, { recursive: true, force: true });
      removed.push(...removeStaleExports(deps.exportsDir, Date.now() - EXPORT_KEEP_MS));
      for (const datasetId of known) {
        if (!store.has(datasetId)) continue;
        const relations = new Set(
          db
            .select({ r: versions.relation })
            .from(versions)
            .where(eq(versions.datasetId, datasetId))
            .all()
            .map((r) => r.r),
        );
        const data = store.connection(datasetId);
        const onDisk = data
          .prepare(
            `SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name LIKE 'v\\_%' ESCAPE '\\'`,
          )
          .all() as { name: string; type: string }[];
        for (const rel of onDisk) {
          if (!relations.has(rel.name)) {
            data
              .prepare(`DROP ${rel.type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${quoteIdent(rel.name)}`)
              .run();
            removed.push(`${datasetId}:${rel.name}`);
          }
        }
      }
      return { removed };
    },

    evict(input: { datasetId: string; versionId: string }): boolean {
      const version = versionById(db, input.versionId);
      return version ? engine.evict(version) : false;
    },
  };
}
