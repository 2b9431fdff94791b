/**
 * Moving through a dataset's version tree: checkout, undo, redo, labels, and the path from the
 * root to a version (its recipe). Apart so applies, imports and recipes can share `moveCurrent`,
 * the one place that records which child redo returns to, without owning the tree's calls.
 */
import { desc, eq } from 'drizzle-orm';
import type { Dataset, Version } from '../../../shared/datasets';
import type { Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { datasets, versionNavigation, versions, type VersionRow } from '../../db/schema';
import type { Clock } from '../common';
import {
  datasetView,
  requireDataset,
  requireVersion,
  toVersion,
  versionById,
  type DatasetsChanged,
} from './model';

export interface NavigationDeps {
  db: AppDatabase;
  clock: Clock;
  changed: DatasetsChanged;
}

export function createNavigation(deps: NavigationDeps) {
  const { db, clock, changed } = deps;

  /** Sets the current version and remembers, for redo, which child of its parent was visited. */
  function moveCurrent(datasetId: string, target: VersionRow): void {
    db.transaction((tx) => {
      tx.update(datasets)
        .set({ currentVersionId: target.id, updatedAt: clock.now() })
        .where(eq(datasets.id, datasetId))
        .run();
      if (target.parentId) {
        tx.insert(versionNavigation)
          .values({ versionId: target.parentId, lastChildId: target.id })
          .onConflictDoUpdate({ target: versionNavigation.versionId, set: { lastChildId: target.id } })
          .run();
      }
    });
  }

  return {
    moveCurrent,

    checkout(input: { workspaceId: string; datasetId: string; versionId: string }): Dataset {
      requireDataset(db, input.workspaceId, input.datasetId);
      const target = requireVersion(db, input.datasetId, input.versionId);
      moveCurrent(input.datasetId, target);
      changed(input.workspaceId, input.datasetId);
      return datasetView(db, input.datasetId);
    },

    undo(input: { workspaceId: string; datasetId: string }): Dataset {
      const dataset = requireDataset(db, input.workspaceId, input.datasetId);
      const current = dataset.currentVersionId ? versionById(db, dataset.currentVersionId) : undefined;
      if (!current?.parentId) throw new CairnError('CONFLICT', 'Nothing to undo: this is the imported data.');
      const parent = requireVersion(db, input.datasetId, current.parentId);
      db.update(datasets)
        .set({ currentVersionId: parent.id, updatedAt: clock.now() })
        .where(eq(datasets.id, input.datasetId))
        .run();
      db.insert(versionNavigation)
        .values({ versionId: parent.id, lastChildId: current.id })
        .onConflictDoUpdate({ target: versionNavigation.versionId, set: { lastChildId: current.id } })
        .run();
      changed(input.workspaceId, input.datasetId);
      return datasetView(db, input.datasetId);
    },

    redo(input: { workspaceId: string; datasetId: string }): Dataset {
      const dataset = requireDataset(db, input.workspaceId, input.datasetId);
      if (!dataset.currentVersionId) throw new CairnError('CONFLICT', 'Nothing to redo.');
      const remembered = db
        .select()
        .from(versionNavigation)
        .where(eq(versionNavigation.versionId, dataset.currentVersionId))
        .get();
      const child = remembered
        ? versionById(db, remembered.lastChildId)
        : db
            .select()
            .from(versions)
            .where(eq(versions.parentId, dataset.currentVersionId))
            .orderBy(desc(versions.seq))
            .get();
      if (!child) throw new CairnError('CONFLICT', 'Nothing to redo: this version has no later step.');
      moveCurrent(input.datasetId, child);
      changed(input.workspaceId, input.datasetId);
      return datasetView(db, input.datasetId);
    },

    label(input: {
      workspaceId: string;
      datasetId: string;
      versionId: string;
      label: string | null;
    }): Version {
      requireDataset(db, input.workspaceId, input.datasetId);
      requireVersion(db, input.datasetId, input.versionId);
      // A label is a name beside the version, not part of its data: versions stay immutable.
      db.update(versions)
        .set({ label: input.label === '' ? null : input.label })
        .where(eq(versions.id, input.versionId))
        .run();
      changed(input.workspaceId, input.datasetId);
      return toVersion(requireVersion(db, input.datasetId, input.versionId));
    },

    /** Operations from the root to a version, in order (the version's recipe). */
    pathTo(input: { workspaceId: string; datasetId: string; versionId: string }): {
      root: VersionRow;
      operations: Operation[];
      path: VersionRow[];
    } {
      requireDataset(db, input.workspaceId, input.datasetId, { allowArchived: true });
      let node: VersionRow | undefined = requireVersion(db, input.datasetId, input.versionId);
      const chain: VersionRow[] = [];
      while (node) {
        chain.unshift(node);
        node = node.parentId ? versionById(db, node.parentId) : undefined;
      }
      const root = chain[0];
      if (!root) throw new CairnError('INTERNAL', 'A version has no root.');
      return {
        root,
        path: chain,
        operations: chain
          .slice(1)
          .map((v) => toVersion(v).operation)
          .filter((op): op is Operation => op !== null),
      };
    },
  };
}

export type Navigation = ReturnType<typeof createNavigation>;
