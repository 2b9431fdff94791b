import { CairnError } from '../../../../shared/result';

/** A piece of SQL together with the values of its `?` placeholders, in order. */
export interface Fragment {
  sql: string;
  params: unknown[];
}

/** The row-order column every stored version carries before its data columns. */
export const ROW_COLUMN = '__cairn_row';

/**
 * Double-quotes an identifier. Column names are verbatim user text, so this is the only way a
 * name may reach SQL; a NUL would end the statement early inside SQLite's tokenizer.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) {
    throw new CairnError('VALIDATION', 'A column name cannot contain the NUL character.');
  }
  return `"${name.replace(/"/g, '""')}"`;
}

export const ROW = quoteIdent(ROW_COLUMN);

export function raw(sql: string): Fragment {
  return { sql, params: [] };
}

export function ident(name: string, qualifier?: string): Fragment {
  return raw(qualifier === undefined ? quoteIdent(name) : `${qualifier}.${quoteIdent(name)}`);
}

/**
 * A bound value. JavaScript numbers bind as REAL in better-sqlite3, so whole numbers meant as
 * INTEGER must arrive as bigint; booleans cannot be bound at all and become 1/0.
 */
export function param(value: string | number | bigint | boolean | null): Fragment {
  if (value === null) return raw('NULL');
  if (typeof value === 'boolean') return { sql: '?', params: [value ? 1n : 0n] };
  return { sql: '?', params: [value] };
}

export function join(parts: readonly Fragment[], separator: string): Fragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: parts.flatMap((p) => p.params) };
}

/** `sql\`a ${x} b\`` where every interpolation is a Fragment, so text can only enter as parameters. */
export function sql(strings: TemplateStringsArray, ...parts: Fragment[]): Fragment {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  parts.forEach((part, i) => {
    text += part.sql + (strings[i + 1] ?? '');
    params.push(...part.params);
  });
  return { sql: text, params };
}
