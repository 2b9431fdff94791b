/**
 * The values each column of a version is known to hold — its stored profile's most common ones —
 * for the built-in interpreter to read "shipped" or "boston" as a value of the right column. Read
 * straight from the version's stored profile (no analysis run, no write), and kept per version:
 * a version's profile never changes once stored.
 */
import { eq } from 'drizzle-orm';
import type { AppDatabase } from '../../../db/connection';
import { versions } from '../../../db/schema';

type Known = Record<string, string[]>;
const KEEP = 16;

export function createKnownValues(db: AppDatabase): (scope: { versionId: string }) => Known {
  const cache = new Map<string, Known>();
  return ({ versionId }) => {
    const hit = cache.get(versionId);
    if (hit) return hit;
    const row = db
      .select({ profile: versions.profile })
      .from(versions)
      .where(eq(versions.id, versionId))
      .get();
    // Not profiled yet: nothing known, and nothing cached, so the next turn looks again.
    if (!row?.profile) return {};
    const parsed = JSON.parse(row.profile) as {
      columnProfiles?: { name: string; topValues?: { value: string }[] | null }[];
    };
    const known: Known = Object.fromEntries(
      (parsed.columnProfiles ?? []).map((c) => [c.name, (c.topValues ?? []).map((v) => v.value)]),
    );
    cache.set(versionId, known);
    if (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
    return known;
  };
}
