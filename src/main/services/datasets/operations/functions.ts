import type { Database } from 'better-sqlite3';
import type { ColumnType } from '../../../../shared/operations';
import type { RE2JS } from 're2js';
import { registerExpressionLimits } from '../expression/limits';
import { compileRe2, parseReplacement, replaceAllMatches, type TemplatePart } from './regex';
import { cleanText, floorMod, sampleKey, splitParts, TEXT_CASES, type TextCase } from './text';
import { convertValue, isColumnType } from './values';

/** Names of the SQL functions compiled operations call; all prefixed to stay clear of SQLite's. */
export const FN = {
  convert: 'cairn_convert',
  convertFails: 'cairn_convert_fails',
  regexpReplace: 'cairn_regexp_replace',
  regexpTest: 'cairn_regexp_test',
  lower: 'cairn_lower',
  upper: 'cairn_upper',
  trim: 'cairn_trim',
  textClean: 'cairn_text_clean',
  splitPart: 'cairn_split_part',
  mod: 'cairn_mod',
  sampleKey: 'cairn_sample_key',
} as const;

interface CachedRegex {
  regex: RE2JS;
  groups: number;
  templates: Map<string, TemplatePart[]>;
}

/** Patterns repeat on every row of a statement; compiling each once keeps the functions cheap. */
const regexCache = new Map<string, CachedRegex>();

/** RE2 (linear time) whatever the caller: these functions run user patterns on every row. */
function cachedRegex(pattern: string, flags: string): CachedRegex {
  const key = `${flags}/${pattern}`;
  let entry = regexCache.get(key);
  if (!entry) {
    if (regexCache.size >= 256) regexCache.clear();
    const regex = compileRe2(pattern, flags);
    entry = { regex, groups: regex.groupCount(), templates: new Map() };
    regexCache.set(key, entry);
  }
  return entry;
}

type SqlValue = string | number | bigint | Buffer | null;

function asText(value: SqlValue): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

/**
 * Registers the deterministic SQL functions compiled operations use. Call once per connection
 * that runs operation SQL; safe to call again.
 */
export function registerSqlFunctions(db: Database): void {
  const deterministic = { deterministic: true };
  registerExpressionLimits(db);

  db.function(FN.convert, deterministic, (value: SqlValue, to: SqlValue) => {
    if (!isColumnType(to)) return null;
    const result = convertValue(value, to);
    return result.ok ? result.value : null;
  });
  db.function(FN.convertFails, deterministic, (value: SqlValue, to: SqlValue) => {
    if (value === null || !isColumnType(to)) return 0n;
    return convertValue(value, to as ColumnType).ok ? 0n : 1n;
  });
  db.function(
    FN.regexpReplace,
    deterministic,
    (value: SqlValue, pattern: SqlValue, flags: SqlValue, replacement: SqlValue) => {
      const text = asText(value);
      if (text === null || typeof pattern !== 'string' || typeof flags !== 'string') return text;
      const entry = cachedRegex(pattern, flags);
      const template = asText(replacement) ?? '';
      let parts = entry.templates.get(template);
      if (!parts) {
        parts = parseReplacement(template, entry.groups);
        entry.templates.set(template, parts);
      }
      return replaceAllMatches(entry.regex, text, parts);
    },
  );
  db.function(FN.regexpTest, deterministic, (value: SqlValue, pattern: SqlValue, flags: SqlValue) => {
    const text = asText(value);
    if (text === null || typeof pattern !== 'string' || typeof flags !== 'string') return null;
    return cachedRegex(pattern, flags).regex.test(text) ? 1n : 0n;
  });
  db.function(FN.lower, deterministic, (value: SqlValue) => asText(value)?.toLowerCase() ?? null);
  db.function(FN.upper, deterministic, (value: SqlValue) => asText(value)?.toUpperCase() ?? null);
  db.function(FN.trim, deterministic, (value: SqlValue) => asText(value)?.trim() ?? null);
  db.function(
    FN.textClean,
    deterministic,
    (value: SqlValue, trim: SqlValue, textCase: SqlValue, collapse: SqlValue) => {
      const text = asText(value);
      if (text === null) return null;
      const kase: TextCase = TEXT_CASES.includes(textCase as TextCase) ? (textCase as TextCase) : 'none';
      return cleanText(text, {
        trim: Number(trim) === 1,
        collapseWhitespace: Number(collapse) === 1,
        case: kase,
      });
    },
  );
  db.function(
    FN.splitPart,
    deterministic,
    (value: SqlValue, delimiter: SqlValue, index: SqlValue, count: SqlValue) => {
      const text = asText(value);
      if (text === null || typeof delimiter !== 'string' || delimiter === '') return null;
      return splitParts(text, delimiter, Number(count))[Number(index)] ?? null;
    },
  );
  db.function(FN.mod, deterministic, (a: SqlValue, b: SqlValue) => {
    if (a === null || b === null) return null;
    return floorMod(Number(a), Number(b));
  });
  db.function(FN.sampleKey, deterministic, (row: SqlValue, seed: SqlValue) =>
    sampleKey(Number(row), Number(seed)),
  );
}
