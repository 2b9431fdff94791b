/**
 * A bounded plain-text summary of a profile for the assistant. Most informative first: the
 * dataset's shape, missingness and duplicates, then the problem columns, strong correlations,
 * then one line per column in table order until the budget is spent, ending with how many
 * columns were left out. Never longer than `maxChars` (default 7,800, at most 8,000): names and
 * values are shortened, and every section is capped.
 */
import type { ColumnProfile, DatasetProfile, Quality } from '../../../shared/analysis';
import { plural } from '../../../shared/text';

export interface SummaryOptions {
  /** Upper bound on the length (default 7,800; values above 8,000 are lowered to 8,000). */
  maxChars?: number;
  /** Adds the quality score line. */
  quality?: Quality;
}

export const SUMMARY_MAX_CHARS = 8000;
const DEFAULT_MAX = 7800;
const NAME_MAX = 48;
const VALUE_MAX = 24;
const PROBLEMS_MAX = 25;
const CORRELATIONS_MAX = 8;

function clip(text: string, max: number): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

const name = (n: string): string => clip(n, NAME_MAX);

function num(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 1 : abs >= 1 ? 3 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

const pct = (share: number): string => `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;

function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

function value(v: number | string | null): string {
  if (v === null) return '–';
  return typeof v === 'number' ? num(v) : JSON.stringify(clip(v, VALUE_MAX));
}

/** The column's problems, most serious first (empty when none). */
export function columnProblems(p: ColumnProfile): string[] {
  const out: string[] = [];
  if (p.type === 'empty') return ['all values missing'];
  if (p.nullShare >= 0.05) out.push(`${pct(p.nullShare)} missing`);
  if (p.count >= 2 && p.distinct === 1 && !p.distinctApproximate) out.push('constant');
  if (p.patterns.surroundingWhitespace > 0)
    out.push(`${pct(p.patterns.surroundingWhitespace)} with surrounding spaces`);
  const keyish = p.patterns.idLike || /(?:^|[_\s.-])id$|^id(?:[_\s.-]|$)/i.test(p.name);
  if (keyish && !p.patterns.idLike && p.distinct < p.count && p.distinctShare >= 0.9)
    out.push('key with repeated values');
  for (const [label, share] of [
    ['email', p.patterns.email],
    ['URL', p.patterns.url],
    ['phone', p.patterns.phone],
  ] as const) {
    if (share >= 0.8 && share < 1)
      out.push(`${pct(1 - share)} not ${label === 'email' ? 'an' : 'a'} ${label}`);
  }
  if (p.nullShare > 0 && p.nullShare < 0.05) out.push(`${pct(p.nullShare)} missing`);
  return out;
}

function columnLine(p: ColumnProfile): string {
  const parts: string[] = [];
  const distinct = `${p.distinctApproximate ? '≈' : ''}${num(p.distinct)} distinct`;
  parts.push(p.type === 'empty' ? 'all missing' : distinct);
  if (p.nulls > 0 && p.type !== 'empty') parts.push(`${pct(p.nullShare)} missing`);
  if (p.patterns.idLike) parts.push('unique key');
  if (p.type === 'integer' || p.type === 'float') {
    parts.push(`min ${value(p.min)}, max ${value(p.max)}, mean ${value(p.mean)}, median ${value(p.median)}`);
    if (p.std !== null) parts.push(`std ${num(p.std)}`);
  } else if (p.type === 'date' || p.type === 'datetime') {
    parts.push(`from ${value(p.min)} to ${value(p.max)}`);
  } else if (p.type === 'boolean' && p.mean !== null) {
    parts.push(`${pct(p.mean)} true`);
  } else if (p.type === 'text') {
    const top = (p.topValues ?? [])
      .slice(0, 3)
      .map((t) => `${value(t.value)} ×${num(t.count)}`)
      .join(', ');
    if (top) parts.push(`top ${top}`);
    if (p.textLength) parts.push(`length ${num(p.textLength.min)}–${num(p.textLength.max)}`);
    for (const [label, share] of [
      ['email', p.patterns.email],
      ['URL', p.patterns.url],
      ['phone', p.patterns.phone],
    ] as const) {
      if (share >= 0.5) parts.push(`${pct(share)} ${label}s`);
    }
  }
  return `- ${name(p.name)} (${p.type}): ${parts.join('; ')}`;
}

export function toTextSummary(profile: DatasetProfile, options: SummaryOptions = {}): string {
  const max = Math.min(SUMMARY_MAX_CHARS, Math.max(200, options.maxChars ?? DEFAULT_MAX));
  const lines: string[] = [];
  lines.push(
    `Dataset: ${plural(profile.rows, 'row')} × ${plural(profile.columns, 'column')} (about ${bytes(profile.approximateBytes)}).`,
  );
  lines.push(
    `Missing: ${plural(profile.missingCells, 'cell')} (${pct(profile.missingShare)}). Duplicate rows: ${num(profile.duplicateRows)}${profile.rows > 0 ? ` (${pct(profile.duplicateRows / profile.rows)})` : ''}.`,
  );
  if (options.quality) {
    const q = options.quality;
    lines.push(
      `Quality score: ${q.score}/100 (completeness ${pct(q.completeness)}, validity ${pct(q.validity)}, uniqueness ${pct(q.uniqueness)}, consistency ${pct(q.consistency)}).`,
    );
  }
  const problems = profile.columnProfiles
    .map((p) => ({ p, list: columnProblems(p) }))
    .filter((e) => e.list.length > 0);
  if (problems.length > 0) {
    const shown = problems.slice(0, PROBLEMS_MAX).map((e) => `${name(e.p.name)} (${e.list.join(', ')})`);
    const more = problems.length - shown.length;
    lines.push(`Problem columns: ${shown.join('; ')}${more > 0 ? `; and ${num(more)} more` : ''}.`);
  } else {
    lines.push('Problem columns: none found.');
  }
  if (profile.correlation) {
    const { columns, matrix } = profile.correlation;
    const pairs: { a: string; b: string; r: number }[] = [];
    for (let i = 0; i < columns.length; i++) {
      for (let j = i + 1; j < columns.length; j++) {
        const r = matrix[i]?.[j];
        if (typeof r === 'number' && Math.abs(r) >= 0.7)
          pairs.push({ a: columns[i] as string, b: columns[j] as string, r });
      }
    }
    pairs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
    if (pairs.length > 0) {
      const shown = pairs
        .slice(0, CORRELATIONS_MAX)
        .map((c) => `${name(c.a)} ~ ${name(c.b)} r=${c.r.toFixed(2)}`);
      lines.push(
        `Strong correlations: ${shown.join('; ')}${pairs.length > shown.length ? `; and ${pairs.length - shown.length} more` : ''}.`,
      );
    }
  }
  lines.push('Columns:');

  let text = lines.map((l) => clip(l, max)).join('\n');
  const total = profile.columnProfiles.length;
  let shown = 0;
  const omission = (left: number) => `\n… and ${plural(left, 'more column')} not shown.`;
  for (const p of profile.columnProfiles) {
    const line = `\n${clip(columnLine(p), 400)}`;
    const left = total - shown - 1;
    const reserve = left > 0 ? omission(left).length : 0;
    if (text.length + line.length + reserve > max) break;
    text += line;
    shown++;
  }
  if (shown < total) text += omission(total - shown);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
