import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import type { VersionDiff } from '../../../shared/datasets';
import { operationSchema, type Column, type Operation } from '../../../shared/operations';
import type { AppDatabase } from '../../db/connection';
import { versions, type VersionRow } from '../../db/schema';
import { decodeRow } from './decode';
import { columnsOf } from './model';
import { quoteIdent } from './storage';

/** Names an operation gives to columns it creates; a name here never continues an input column. */
function createdNames(op: Operation): Set<string> {
  switch (op.op) {
    case 'derive_column':
      return new Set([op.name]);
    case 'split_column':
      return new Set(op.into);
    case 'merge_columns':
      return new Set([op.into]);
    case 'group_aggregate':
      return new Set(op.aggregations.map((a) => a.as));
    default:
      return new Set();
  }
}

/**
 * Where each input column's name goes through one operation, keyed by input name. Input columns
 * the operation drops (or replaces by a new column of the same name) are absent.
 */
export function carriedNames(
  op: Operation | null,
  input: readonly Column[],
  output: readonly Column[],
): Map<string, string> {
  const out = new Set(output.map((c) => c.name));
  const carried = new Map<string, string>();
  if (op?.op === 'rename_columns') {
    // All renames of one op apply at once, so a swap (a→b, b→a) maps each name to the other.
    const renames = new Map(op.renames.map((r) => [r.from, r.to]));
    for (const { name } of input) {
      const to = renames.get(name) ?? name;
      if (out.has(to)) carried.set(name, to);
    }
    return carried;
  }
  const created = op === null ? new Set<string>() : createdNames(op);
  for (const { name } of input) {
    if (out.has(name) && !created.has(name)) carried.set(name, name);
  }
  return carried;
}

function parseOperation(json: string | null): Operation | null {
  if (json === null) return null;
  const parsed = operationSchema.safeParse(JSON.parse(json));
  // An operation this build cannot read still keeps the columns whose names survive it.
  return parsed.success ? parsed.data : null;
}

/** The versions from the root down to `id`, root first. */
function pathFromRoot(byId: Map<string, VersionRow>, id: string): VersionRow[] {
  const path: VersionRow[] = [];
  const seen = new Set<string>();
  for (
    let node = byId.get(id);
    node && !seen.has(node.id);
    node = node.parentId ? byId.get(node.parentId) : undefined
  ) {
    seen.add(node.id);
    path.push(node);
  }
  return path.reverse();
}

/**
 * Each column of the version at the end of `path`, mapped to the index of the column of path[0]
 * it descends from; columns created on the way are absent.
 */
function lineageOf(path: readonly VersionRow[]): Map<string, number> {
  const first = path[0];
  if (!first) return new Map();
  let names = new Map(columnsOf(first).map((c, i) => [c.name, i]));
  for (let i = 1; i < path.length; i++) {
    const parent = path[i - 1];
    const child = path[i];
    if (!parent || !child) break;
    const carried = carriedNames(parseOperation(child.operation), columnsOf(parent), columnsOf(child));
    const next = new Map<string, number>();
    for (const [name, id] of names) {
      const to = carried.get(name);
      if (to !== undefined) next.set(to, id);
    }
    names = next;
  }
  return names;
}

interface Pair {
  a: Column;
  b: Column;
}

/**
 * Pairs the columns of a and b: first by lineage from their lowest common ancestor (so a renamed
 * column is paired with its old name), then the rest by equal name (a column dropped and created
 * again under the same name is still compared, as the person sees one column).
 */
function pairColumns(
  db: AppDatabase,
  a: VersionRow,
  b: VersionRow,
): { pairs: Pair[]; added: Column[]; removed: Column[] } {
  const colsA = columnsOf(a);
  const colsB = columnsOf(b);
  const byId = new Map(
    db
      .select()
      .from(versions)
      .where(eq(versions.datasetId, a.datasetId))
      .all()
      .map((v) => [v.id, v]),
  );
  const pathA = pathFromRoot(byId, a.id);
  const pathB = pathFromRoot(byId, b.id);
  let common = 0;
  while (common < pathA.length && common < pathB.length && pathA[common]?.id === pathB[common]?.id) common++;
  const lineageA = common > 0 ? lineageOf(pathA.slice(common - 1)) : new Map<string, number>();
  const lineageB = common > 0 ? lineageOf(pathB.slice(common - 1)) : new Map<string, number>();
  const aByLineage = new Map<number, Column>();
  for (const c of colsA) {
    const id = lineageA.get(c.name);
    if (id !== undefined) aByLineage.set(id, c);
  }

  const pairs: Pair[] = [];
  const pairedA = new Set<string>();
  const pending: Column[] = [];
  for (const c of colsB) {
    const id = lineageB.get(c.name);
    const match = id === undefined ? undefined : aByLineage.get(id);
    if (match) {
      pairs.push({ a: match, b: c });
      pairedA.add(match.name);
    } else pending.push(c);
  }
  const restA = new Map(colsA.filter((c) => !pairedA.has(c.name)).map((c) => [c.name, c]));
  const added: Column[] = [];
  for (const c of pending) {
    const match = restA.get(c.name);
    if (match) {
      pairs.push({ a: match, b: c });
      restA.delete(c.name);
    } else added.push(c);
  }
  // Keep the pairs in b's column order, whichever way they were found.
  const order = new Map(colsB.map((c, i) => [c.name, i]));
  pairs.sort((x, y) => (order.get(x.b.name) ?? 0) - (order.get(y.b.name) ?? 0));
  return { pairs, added, removed: [...restA.values()] };
}

/** Pairs rows by position when the row count is unchanged, otherwise lists rows only one side has. */
export function diffVersions(
  data: Database.Database,
  db: AppDatabase,
  a: VersionRow,
  b: VersionRow,
): VersionDiff {
  const { pairs, added, removed } = pairColumns(db, a, b);
  const renamed = pairs.filter((p) => p.a.name !== p.b.name).map((p) => ({ from: p.a.name, to: p.b.name }));
  const retyped = pairs
    .filter((p) => p.a.type !== p.b.type)
    .map((p) => ({
      name: p.b.name,
      from: p.a.type,
      to: p.b.type,
      ...(p.a.name !== p.b.name ? { renamedFrom: p.a.name } : {}),
    }));
  const colsA = pairs.map((p) => p.a);
  const colsB = pairs.map((p) => p.b);
  const result: VersionDiff = {
    from: a.id,
    to: b.id,
    addedColumns: added,
    removedColumns: removed,
    retypedColumns: retyped,
    renamedColumns: renamed,
    rowCountFrom: a.rowCount,
    rowCountTo: b.rowCount,
    changedRows: [],
    changedRowsColumns: colsB.map((c) => c.name),
    changedRowCount: null,
  };
  if (pairs.length === 0) return result;
  const list = (alias: string, cols: Column[]) =>
    cols.map((c) => `${alias}.${quoteIdent(c.name)}`).join(', ');
  const ra = quoteIdent(a.relation);
  const rb = quoteIdent(b.relation);
  if (a.rowCount === b.rowCount) {
    const differs = pairs
      .map((p) => `a.${quoteIdent(p.a.name)} IS NOT b.${quoteIdent(p.b.name)}`)
      .join(' OR ');
    const where = `FROM ${ra} a JOIN ${rb} b ON a."__cairn_row" = b."__cairn_row" WHERE ${differs}`;
    const rows = data
      .prepare(
        `SELECT a."__cairn_row" AS row, ${list('a', colsA)}, ${list('b', colsB)} ${where} ORDER BY a."__cairn_row" LIMIT 50`,
      )
      .raw()
      .all() as unknown[][];
    result.changedRows = rows.map((r) => ({
      row: Number(r[0]),
      before: decodeRow(r.slice(1, 1 + pairs.length), colsA),
      after: decodeRow(r.slice(1 + pairs.length), colsB),
    }));
    result.changedRowCount = (data.prepare(`SELECT count(*) AS n ${where}`).get() as { n: number }).n;
    return result;
  }
  // EXCEPT compares by position, so each side selects its own names in the paired order.
  const selectA = `SELECT ${colsA.map((c) => quoteIdent(c.name)).join(', ')} FROM ${ra}`;
  const selectB = `SELECT ${colsB.map((c) => quoteIdent(c.name)).join(', ')} FROM ${rb}`;
  const goneSql = `${selectA} EXCEPT ${selectB}`;
  const freshSql = `${selectB} EXCEPT ${selectA}`;
  const gone = data.prepare(`${goneSql} LIMIT 25`).raw().all() as unknown[][];
  const fresh = data.prepare(`${freshSql} LIMIT 25`).raw().all() as unknown[][];
  result.changedRows = [
    ...gone.map((r) => ({ row: 0, before: decodeRow(r, colsA), after: null })),
    ...fresh.map((r) => ({ row: 0, before: null, after: decodeRow(r, colsB) })),
  ];
  const countGone = (data.prepare(`SELECT count(*) AS n FROM (${goneSql})`).get() as { n: number }).n;
  const countFresh = (data.prepare(`SELECT count(*) AS n FROM (${freshSql})`).get() as { n: number }).n;
  result.changedRowCount = countGone + countFresh;
  return result;
}
