import Database from 'better-sqlite3';
import { z } from 'zod';
import type { DatasetProfile } from '../../shared/analysis';
import { columnSchema } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import { profileRelationWithExtras, type ProfileExtras } from '../services/analysis/profile';
import { registerSqlFunctions } from '../services/datasets/operations';
import { runWorker } from './runtime';

const profileVersionInputSchema = z.object({
  /** The dataset's SQLite file; opened read-only. */
  dataFile: z.string().min(1),
  /** The version's table or view (unquoted); a view may read other relations of the same file. */
  relation: z.string().min(1),
  columns: z.array(columnSchema),
});
export type ProfileVersionInput = z.input<typeof profileVersionInputSchema>;

/**
 * The version's DatasetProfile, plus `extras` (outlier counts, text shapes, value variants) that
 * the insight rules and the quality score use when given. `datasetProfileSchema.parse` strips
 * `extras`, so a caller that only wants the contract shape gets exactly that.
 */
export type ProfileVersionResult = DatasetProfile & { extras: ProfileExtras };

/** Sent about every 65,536 rows scanned. */
export interface ProfileVersionProgress {
  done: number;
  total: number;
}

/** Worker entry: profiles one version's relation (see profileRelation). */
runWorker<unknown, ProfileVersionResult, ProfileVersionProgress>((raw, { progress, signal }) => {
  const parsed = profileVersionInputSchema.safeParse(raw);
  if (!parsed.success) throw new CairnError('VALIDATION', `Invalid profiling job: ${parsed.error.message}`);
  const input = parsed.data;
  const db = new Database(input.dataFile, { readonly: true, fileMustExist: true });
  try {
    // Views of derived versions may call the operations' SQL functions.
    registerSqlFunctions(db);
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    const { profile, extras } = profileRelationWithExtras(db, input.relation, input.columns, {
      signal,
      onProgress: (done, total) => progress({ done, total }),
    });
    return { ...profile, extras };
  } finally {
    db.close();
  }
});
