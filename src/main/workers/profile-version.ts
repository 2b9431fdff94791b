import { CairnError } from '../../shared/result';
import {
  profileVersionInputSchema,
  type ProfileVersionProgress,
  type ProfileVersionResult,
} from '../jobs/profile';
import { isProfilePartThread, profileInParts, runProfilePartThread } from './profile-job';
import { runWorker } from './runtime';

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
