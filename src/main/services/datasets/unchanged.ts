/**
 * "Nothing to change": whether an operation's result equals the version it applies to — the same
 * columns (names, types, order), the same number of rows and the same values row by row, in
 * order. Such a result is never stored as a version (it would be an empty step in the history).
 */
import type Database from 'better-sqlite3';
import type { Column, Operation } from '../../../shared/operations';
import { CairnError } from '../../../shared/result';
import type { CompiledOperation } from './operations';
import { quoteIdent } from './storage';

export const sameColumns = (a: readonly Column[], b: readonly Column[]): boolean =>
  a.length === b.length && a.every((c, i) => c.name === b[i]?.name && c.type === b[i]?.type);

/**
 * True when `compiled`, run on `baseRelation`, gives back exactly its rows. `resultRows`, when
 * the caller already counted them (a preview does), saves a pass. Rows are compared by position
 * (row_number over the row order), so a sort that keeps the order is unchanged too.
 */
export interface UnchangedBase {
  relation: string;
  rowCount: number;
  columns: readonly Column[];
}

/**
 * It evaluates the operation's SQL, so it runs where caller-written work may run: the apply
 * worker (for previews and table writes). A schema-only view needs only `sameColumns`.
 */
export function leavesDataUnchanged(
  data: Database.Database,
  base: UnchangedBase,
  compiled: Pick<CompiledOperation, 'select' | 'params' | 'columns'>,
  resultRows?: number,
): boolean {
  if (!sameColumns(base.columns, compiled.columns)) return false;
  const count =
    resultRows ??
    (data.prepare(`SELECT count(*) AS n FROM (${compiled.select})`).get(...compiled.params) as { n: number })
      .n;
  if (count !== base.rowCount) return false;
  if (count === 0 || compiled.columns.length === 0) return true;
  const list = compiled.columns.map((c) => quoteIdent(c.name));
  const numbered = (from: string): string =>
    `SELECT row_number() OVER (ORDER BY "__cairn_row") AS p, ${list.join(', ')} FROM ${from}`;
  const tuple = (alias: string): string => `(${list.map((c) => `${alias}.${c}`).join(', ')})`;
  // A row value keeps the test one comparison however many columns there are; IS NOT treats
  // two missing values as equal.
  const differs = data
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM (${numbered(`(${compiled.select})`)}) AS n JOIN (${numbered(quoteIdent(base.relation))}) AS b ON b.p = n.p WHERE ${tuple('n')} IS NOT ${tuple('b')}) AS d`,
    )
    .get(...compiled.params) as { d: number };
  return differs.d === 0;
}

/** What a person reads when an operation would change nothing. */
export function nothingToChangeMessage(summary: string, operation: Operation, rowCount: number): string {
  const rows = `${rowCount.toLocaleString('en-US')} row${rowCount === 1 ? '' : 's'}`;
  const why =
    operation.op === 'filter_rows'
      ? `the filter keeps all ${rows}`
      : `“${summary}” would leave all ${rows} and every value exactly as they are`;
  return `Nothing to change: ${why}.`;
}

/** The refusal of an apply that would change nothing: a VALIDATION the caller can recognise. */
export function nothingToChange(summary: string, operation: Operation, rowCount: number): CairnError {
  return new CairnError(
    'VALIDATION',
    `${nothingToChangeMessage(summary, operation, rowCount)} No version was made.`,
    { nothingToChange: true },
  );
}

export function isNothingToChange(error: unknown): boolean {
  if (!(error instanceof CairnError) || error.code !== 'VALIDATION') return false;
  const details = error.details as { nothingToChange?: unknown } | undefined;
  return details?.nothingToChange === true;
}

/** Key order must not make two equal operations look different. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
