import { and, desc, eq, isNull } from 'drizzle-orm';
import { distance } from 'fastest-levenshtein';
import { CairnError } from '../../../shared/result';
import type { AppDatabase } from '../../db/connection';
import { projects, tasks } from '../../db/schema';
import { quote } from './rows';

/**
 * Loose names: “the outliers task”, “Check outlier in price” — what a person (or the built-in
 * assistant reading them) calls a task or project, matched to one item or refused, naming the
 * candidates, when two fit equally well.
 */

interface Named {
  id: string;
  name: string;
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'in', 'on', 'to', 'for', 'and', 'at']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[“”"'‘’`]/g, '')
    .replace(/^(the|my|a|an)\s+/, '')
    .replace(/\s+(task|project)$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The best match of `text` among `items`: exact, then containing, then the nearest spelling. */
export function matchName<T extends Named>(items: readonly T[], text: string, what: 'task' | 'project'): T {
  const byId = items.find((i) => i.id === text.trim());
  if (byId) return byId;
  const wanted = normalise(text);
  if (wanted === '') throw new CairnError('VALIDATION', `Name the ${what}.`);
  const pick = (found: T[]): T | null => {
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      const names = found
        .slice(0, 5)
        .map((f) => quote(f.name))
        .join(', ');
      throw new CairnError(
        'VALIDATION',
        `More than one ${what} matches ${quote(text)}: ${names}. Which one?`,
      );
    }
    return null;
  };
  const named = items.map((item) => ({ item, key: normalise(item.name) }));
  const exact = pick(named.filter((n) => n.key === wanted).map((n) => n.item));
  if (exact) return exact;
  const containing = pick(
    named.filter((n) => n.key.includes(wanted) || wanted.includes(n.key)).map((n) => n.item),
  );
  if (containing) return containing;
  // Every word said is the start of a word of the name: “look at outliers” for “Look at the outliers in price”.
  const said = wanted.split(' ').filter((w) => !STOP_WORDS.has(w));
  if (said.length > 0) {
    const words = pick(
      named
        .filter((n) => {
          const own = n.key.split(' ');
          return said.every((w) => own.some((o) => o.startsWith(w)));
        })
        .map((n) => n.item),
    );
    if (words) return words;
  }
  let best = Number.POSITIVE_INFINITY;
  let closest: T[] = [];
  for (const n of named) {
    const d = distance(n.key, wanted) / Math.max(n.key.length, wanted.length);
    if (d < best - 1e-9) {
      best = d;
      closest = [n.item];
    } else if (Math.abs(d - best) <= 1e-9) closest.push(n.item);
  }
  // More than a third of the letters wrong is another name, not a typo.
  if (best <= 0.34) {
    const found = pick(closest);
    if (found) return found;
  }
  throw new CairnError('NOT_FOUND', `No ${what} is called ${quote(text)}.`);
}

export function findProject(db: AppDatabase, workspaceId: string, text: string): string {
  if (UUID.test(text.trim())) return text.trim();
  const rows = db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), isNull(projects.deletedAt)))
    .all();
  return matchName(rows, text, 'project').id;
}

export function findTask(db: AppDatabase, workspaceId: string, text: string, projectId?: string): string {
  if (UUID.test(text.trim())) return text.trim();
  const rows = db
    .select({ id: tasks.id, name: tasks.title })
    .from(tasks)
    .innerJoin(projects, eq(projects.id, tasks.projectId))
    .where(
      and(
        eq(projects.workspaceId, workspaceId),
        isNull(projects.deletedAt),
        isNull(tasks.deletedAt),
        projectId ? eq(tasks.projectId, projectId) : undefined,
      ),
    )
    .orderBy(desc(tasks.updatedAt))
    .all();
  return matchName(rows, text, 'task').id;
}

/** Where a task goes when no project is named: the project changed most recently, if any. */
export function latestProject(db: AppDatabase, workspaceId: string): string | null {
  const row = db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), isNull(projects.deletedAt)))
    .orderBy(desc(projects.updatedAt))
    .get();
  return row?.id ?? null;
}
