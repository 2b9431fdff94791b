import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const repoRoot = path.resolve(here, '..', '..');
/** The app's real migrations (never written to by tests). */
export const realMigrationsDir = path.join(repoRoot, 'drizzle');
/** Toy worker modules. */
export const workerFixture = (name: string): string =>
  path.join(repoRoot, 'tests', 'fixtures', 'workers', `${name}.ts`);
