import { z } from 'zod';
import { columnSchema } from '../../shared/operations';
import { CairnError } from '../../shared/result';
import {
  isProfilePartThread,
  profileInParts,
  runProfilePartThread,
  type ProfileVersionProgress,
  type ProfileVersionResult,
} from './profile-job';
import { runWorker } from './runtime';

export type { ProfileVersionProgress, ProfileVersionResult } from './profile-job';

const profileVersionInputSchema = z.object({
  /** The dataset's SQLite file; opened read-only. */
  dataFile: z.string().min(1),
  /** The version's table or view (unquoted); a view may read other relations of the same file. */
  relation: z.string().min(1),
  columns: z.array(columnSchema),
  /** Threads to split the columns over (default: one per CPU but one, up to 4, for tables of 200,000+ rows). */
  parts: z.number().int().min(1).max(16).optional(),
});
export type ProfileVersionInput = z.input<typeof profileVersionInputSchema>;

if (isProfilePartThread()) {
  runProfilePartThread();
} else {
  /** Worker entry: profiles one version's relation (see profileInParts), in parallel parts for large tables. */
  runWorker<unknown, ProfileVersionResult, ProfileVersionProgress>((raw, { progress, signal }) => {
    const parsed = profileVersionInputSchema.safeParse(raw);
    if (!parsed.success) throw new CairnError('VALIDATION', `Invalid profiling job: ${parsed.error.message}`);
    return profileInParts(parsed.data, { progress, signal, threadEntry: import.meta.url });
  });
}
