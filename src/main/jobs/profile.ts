import { z } from 'zod';
import type { DatasetProfile } from '../../shared/analysis';
import { columnSchema } from '../../shared/operations';
import type { ProfileExtras } from '../services/analysis/profile/types';

/**
 * The contract of the profiling worker (workers/profile-version.ts); its result and progress
 * are also those of the profile the import worker makes of a new table.
 */

export const profileVersionInputSchema = z.object({
  /** The dataset's SQLite file; opened read-only. */
  dataFile: z.string().min(1),
  /** The version's table or view (unquoted); a view may read other relations of the same file. */
  relation: z.string().min(1),
  columns: z.array(columnSchema),
  /** Threads to split the columns over (default: one per CPU but one, up to 4, for tables of 200,000+ rows). */
  parts: z.number().int().min(1).max(16).optional(),
});
export type ProfileVersionInput = z.input<typeof profileVersionInputSchema>;

/**
 * A version's DatasetProfile, plus `extras` (outlier counts, text shapes, value variants) that
 * the insight rules and the quality score use when given. `datasetProfileSchema.parse` strips
 * `extras`, so a caller that only wants the contract shape gets exactly that.
 */
export type ProfileVersionResult = DatasetProfile & { extras: ProfileExtras };

/** Sent about every 65,536 rows scanned. */
export interface ProfileVersionProgress {
  done: number;
  total: number;
}
