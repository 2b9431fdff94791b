/**
 * Python source helpers for the pandas renderings. Every rendering works on a DataFrame named
 * `df` whose dtypes mirror Cairn's storage (see PANDAS_DTYPES), so that the same values compare,
 * sort and print the same way in both.
 */
import type { ColumnType } from '../../../../shared/operations';

/** The pandas dtype that holds each column type exactly as Cairn stores it. */
export const PANDAS_DTYPES: Readonly<Record<ColumnType, string>> = {
  integer: 'Int64',
  float: 'Float64',
  boolean: 'boolean',
  // ISO text, as in SQLite: comparisons and sorting then agree without time-zone conversion.
  // Python storage: pandas 3 would store strings in Arrow, whose upper()/lower()/title() follow
  // utf8proc (ß → ẞ), not Python's str methods (ß → SS), which Cairn's text functions follow.
  date: 'string[python]',
  datetime: 'string[python]',
  text: 'string[python]',
};

export const PANDAS_IMPORT = 'import pandas as pd';
export const NUMPY_IMPORT = 'import numpy as np';
export const RE_IMPORT = 'import re';

/** JSON string syntax is valid Python string syntax (escapes included), in the double quotes Black uses. */
export function pyStr(value: string): string {
  return JSON.stringify(value);
}

export function pyNumber(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  // A float that happens to be whole keeps its ".0", so Python also reads it as a float.
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
}

export function pyList(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}

export function col(name: string): string {
  return `df[${pyStr(name)}]`;
}

export function colList(names: readonly string[]): string {
  return pyList(names.map(pyStr));
}

/** Rendered pandas for one operation, with the import lines it relies on. */
export interface PandasCode {
  code: string;
  imports: string[];
}

export function pandas(code: string | string[], imports: string[] = []): PandasCode {
  return { code: Array.isArray(code) ? code.join('\n') : code, imports };
}
