import type { Column, ColumnType } from '../../../../shared/operations';
import { CairnError } from '../../../../shared/result';
import { ROW_COLUMN } from './sql';

/** SQLite compares identifiers case-insensitively for ASCII letters only; so must name clashes. */
export function nameKey(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * Edit distance for "did you mean" hints. Written out because the few lines do not justify a new
 * dependency (the project has no string-distance library of its own).
 */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, (prev[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length] ?? 0;
}

/** The candidate a person most plausibly meant, if any is close enough to suggest. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(1, Math.floor(wanted.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}

export function quoted(name: string): string {
  return `"${name}"`;
}

export function quotedList(names: readonly string[]): string {
  return names.map(quoted).join(', ');
}

export function unknownColumnMessage(name: string, candidates: readonly string[], where = ''): string {
  const hint = closestName(name, candidates);
  return `Unknown column ${quoted(name)}${where}.${hint === undefined ? '' : ` Did you mean ${quoted(hint)}?`}`;
}

/** The columns of the version an operation applies to, with lookups that explain their failures. */
export class Schema {
  readonly columns: readonly Column[];
  private readonly byName = new Map<string, Column>();
  private readonly keys = new Set<string>();

  constructor(columns: readonly Column[]) {
    this.columns = columns.map((c) => ({ name: c.name, type: c.type }));
    for (const column of this.columns) {
      if (column.name === ROW_COLUMN) {
        throw new CairnError('VALIDATION', `"${ROW_COLUMN}" is reserved for Cairn's row order.`);
      }
      if (this.keys.has(nameKey(column.name))) {
        throw new CairnError('VALIDATION', `The version has two columns named ${quoted(column.name)}.`);
      }
      this.byName.set(column.name, column);
      this.keys.add(nameKey(column.name));
    }
  }

  get names(): string[] {
    return this.columns.map((c) => c.name);
  }

  find(name: string): Column | undefined {
    return this.byName.get(name);
  }

  /** The named column, or a VALIDATION error that names it and suggests a near miss. */
  require(name: string): Column {
    const column = this.byName.get(name);
    if (!column) throw new CairnError('VALIDATION', unknownColumnMessage(name, this.names));
    return column;
  }

  /** Each named column, refusing unknown names and names listed twice. */
  requireAll(names: readonly string[]): Column[] {
    const seen = new Set<string>();
    return names.map((name) => {
      if (seen.has(name)) throw new CairnError('VALIDATION', `Column ${quoted(name)} is listed twice.`);
      seen.add(name);
      return this.require(name);
    });
  }

  requireType(name: string, allowed: readonly ColumnType[], why: string): Column {
    const column = this.require(name);
    if (!allowed.includes(column.type)) {
      throw new CairnError('VALIDATION', `${why}, but ${quoted(name)} is ${column.type}.`);
    }
    return column;
  }

  typeOf(name: string): ColumnType | undefined {
    return this.byName.get(name)?.type;
  }
}

/**
 * Checks the names an operation adds against the columns it keeps and against each other, the
 * way SQLite compares names, and refuses the reserved row-order name.
 */
export function assertNewNames(kept: readonly string[], added: readonly string[]): void {
  const taken = new Map(kept.map((name) => [nameKey(name), name]));
  const seen = new Set<string>();
  for (const name of added) {
    const key = nameKey(name);
    if (key === ROW_COLUMN) {
      throw new CairnError(
        'VALIDATION',
        `"${ROW_COLUMN}" is reserved for Cairn's row order; choose another name.`,
      );
    }
    const clash = taken.get(key);
    if (clash !== undefined) {
      throw new CairnError(
        'VALIDATION',
        clash === name
          ? `A column named ${quoted(name)} already exists; choose another name.`
          : `A column named ${quoted(clash)} already exists, and names ignore letter case; choose another name than ${quoted(name)}.`,
      );
    }
    if (seen.has(key))
      throw new CairnError('VALIDATION', `The name ${quoted(name)} is used twice; choose different names.`);
    seen.add(key);
  }
}

/** A name for a helper column in generated SQL that no data column can collide with. */
export function helperName(base: string, schema: Schema): string {
  const taken = new Set(schema.names.map(nameKey));
  let name = base;
  for (let i = 2; taken.has(nameKey(name)); i++) name = `${base}_${i}`;
  return name;
}
