/**
 * Run-time bounds on what an expression computes, as SQL functions: a whole number that leaves
 * the 64-bit range and a text that grows past MAX_TEXT_LENGTH stop the statement with a clear
 * VALIDATION error (nothing is written), where SQLite would silently turn the number into an
 * inexact REAL, raise a bare "integer overflow", or build a text of gigabytes.
 */
import type { Database } from 'better-sqlite3';
import { MAX_TEXT_LENGTH } from '../../../../shared/expression-functions';
import { CairnError } from '../../../../shared/result';

export const LIMIT_FN = {
  /** The value of a whole-number computation, refused if SQLite made it REAL by overflowing. */
  checkedInt: 'cairn_checked_int',
  /** abs() of a whole number, refused for the one value whose opposite does not exist. */
  absInt: 'cairn_abs_int',
  /** The value of a text computation, refused past MAX_TEXT_LENGTH characters. */
  checkedText: 'cairn_checked_text',
} as const;

const INT64_MIN = -(2n ** 63n);

function overflow(): CairnError {
  return new CairnError(
    'VALIDATION',
    'A whole number in this expression goes beyond the largest one Cairn can store (about ±9.2 × 10^18). Divide it (/ gives a decimal number) or work with smaller values.',
  );
}

type SqlValue = string | number | bigint | Buffer | null;

export function registerExpressionLimits(db: Database): void {
  // safeIntegers: whole numbers arrive as bigint and go back exactly, never through a double.
  const options = { deterministic: true, safeIntegers: true };
  db.function(LIMIT_FN.checkedInt, options, (value: SqlValue) => {
    if (typeof value === 'number') throw overflow();
    return value;
  });
  db.function(LIMIT_FN.absInt, options, (value: SqlValue) => {
    if (typeof value === 'number') throw overflow();
    if (typeof value !== 'bigint') return value;
    if (value === INT64_MIN) throw overflow();
    return value < 0n ? -value : value;
  });
  db.function(LIMIT_FN.checkedText, options, (value: SqlValue) => {
    if (typeof value === 'string' && value.length > MAX_TEXT_LENGTH) {
      throw new CairnError(
        'VALIDATION',
        `This expression makes a text longer than ${MAX_TEXT_LENGTH.toLocaleString('en-US')} characters. Check replace() and concat() for text that grows each time.`,
      );
    }
    return value;
  });
}
