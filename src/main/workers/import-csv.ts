import { isMainThread, workerData } from 'node:worker_threads';
import type { ImportJobProgress, ImportWorkerResult } from '../jobs/import';
import { runImportJob } from '../services/datasets/import';
import { runWorker } from './runtime';

/** The profiling code (and zod, which it loads) is only loaded once a file has been read. */
const profiling = () => import('./profile-job');

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === 'cairn-profile-part') {
  // A scan part of the root's profile (see profileInParts).
  void profiling().then((job) => job.runProfilePartThread());
} else {
  /**
   * Worker entry: imports one CSV file into a new SQLite data file (see `importCsv`) and profiles
   * the new table before it is put in place, so the root version is born with its profile. Input:
   * `ImportJobInput`; result: `ImportWorkerResult`; progress: `ImportJobProgress` (jobs/import.ts).
   */
  runWorker<unknown, ImportWorkerResult, ImportJobProgress>((input, ctx) =>
    runImportJob(input, {
      ...ctx,
      analyze: async (imported, report) => {
        const { profileInParts } = await profiling();
        return profileInParts(
          { dataFile: imported.file, relation: imported.table, columns: imported.columns },
          {
            signal: ctx.signal,
            threadEntry: import.meta.url,
            // This thread stays free to hear a cancel; the scan runs in threads.
            allInThreads: true,
            progress: ({ done, total }) => report(done, total),
          },
        );
      },
    }),
  );
}
