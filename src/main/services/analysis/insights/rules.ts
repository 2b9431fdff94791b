/**
 * The insight rules. Each looks at the profile (and the evidence of evidence.ts) and returns raw
 * findings with a base severity; index.ts applies the goal's table (thresholds.ts) and renders
 * the fix as pandas. Every fix is an operation that, applied, makes its finding disappear on the
 * new version's profile.
 */
import type { ColumnProfile, DatasetProfile, INSIGHT_TYPES, SEVERITIES } from '../../../../shared/analysis';
import type { Column, ColumnType, OperationInput } from '../../../../shared/operations';
import { plural } from '../../../../shared/text';
import { HLL_ERROR_BOUND } from '../profile/hll';
import { isKeyLikeName } from '../profile/patterns';
import type { ProfileExtras } from '../profile/types';
import { evidenceFor, type Evidence } from './evidence';
import { INSIGHT_THRESHOLDS as T, type RuleId } from './thresholds';

export type Severity = (typeof SEVERITIES)[number];
export type InsightType = (typeof INSIGHT_TYPES)[number];

export interface Finding {
  rule: RuleId;
  /** The stable id: `rule` or `rule:column` (or more parts). */
  id: string;
  columns: string[];
  type: InsightType;
  severity: Severity;
  description: string;
  recommendation: string;
  fix: OperationInput | null;
}

export interface RuleContext {
  profile: DatasetProfile;
  columns: Column[];
  typeOf(name: string): ColumnType | undefined;
  evidence(p: ColumnProfile): Evidence;
}

export function ruleContext(profile: DatasetProfile, columns: Column[], extras?: ProfileExtras): RuleContext {
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const cache = new Map<string, Evidence>();
  return {
    profile,
    columns,
    typeOf: (name) => types.get(name),
    evidence: (p) => {
      let e = cache.get(p.name);
      if (!e) {
        e = evidenceFor(p, extras);
        cache.set(p.name, e);
      }
      return e;
    },
  };
}

const fmt = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 4 });
const pct = (share: number): string => `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
const q = (name: string): string => `"${name}"`;

function bySeverity(share: number, steps: { high?: number; medium?: number; low?: number }): Severity {
  if (steps.high !== undefined && share >= steps.high) return 'high';
  if (steps.medium !== undefined && share >= steps.medium) return 'medium';
  if (steps.low !== undefined && share >= steps.low) return 'low';
  return steps.low === undefined ? 'low' : 'info';
}

const isNumber = (type: ColumnType | undefined): boolean => type === 'integer' || type === 'float';

type Rule = (ctx: RuleContext) => Finding[];

const missingData: Rule = ({ profile, columns, typeOf }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    if (p.nulls === 0) return [];
    const share = p.nullShare;
    const type = typeOf(p.name);
    const canDrop = columns.length > 1;
    let fix: OperationInput | null;
    let recommendation: string;
    if (canDrop && (p.count === 0 || share >= T.missing.dropColumnShare)) {
      fix = { op: 'drop_columns', columns: [p.name] };
      recommendation =
        p.count === 0
          ? 'The column holds no values at all: drop it.'
          : 'Most values are missing, so the column carries little information: drop it, unless the values that are there matter.';
    } else if (share <= T.missing.dropRowsMaxShare || p.count === 0) {
      fix = { op: 'drop_missing', columns: [p.name] };
      recommendation = 'Few rows are affected: drop them, or find out why the values are missing.';
    } else if (isNumber(type)) {
      fix = { op: 'fill_missing', columns: [p.name], strategy: 'median' };
      recommendation =
        'Fill the gaps with the median (robust to outliers), or find out why the values are missing.';
    } else if (p.distinctShare >= T.missing.modeMaxDistinctShare) {
      fix = null;
      recommendation =
        'Most values are distinct (a key, free text or timestamps), so no single value can stand in: leave the gaps, or drop the rows if they cannot be used.';
    } else {
      fix = { op: 'fill_missing', columns: [p.name], strategy: 'mode' };
      recommendation = 'Fill the gaps with the most common value, or find out why the values are missing.';
    }
    return [
      {
        rule: 'missing_data',
        id: `missing_data:${p.name}`,
        columns: [p.name],
        type: 'missing_data',
        severity: bySeverity(share, T.missing.severity),
        description: `${q(p.name)} is missing ${fmt(p.nulls)} of ${plural(profile.rows, 'value')} (${pct(share)}).`,
        recommendation,
        fix,
      },
    ];
  });

const outliers: Rule = ({ profile, typeOf, evidence }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    if (!isNumber(typeOf(p.name)) || p.count < T.outliers.minValues) return [];
    if (p.p25 === null || p.p75 === null || p.min === null || p.max === null) return [];
    const iqr = p.p75 - p.p25;
    if (!(iqr > 0)) return [];
    const counts = evidence(p).outliers;
    const lower = counts?.lowerFence ?? p.p25 - T.outliers.iqrFactor * iqr;
    const upper = counts?.upperFence ?? p.p75 + T.outliers.iqrFactor * iqr;
    let description: string;
    let share = 0;
    if (counts) {
      const n = counts.below + counts.above;
      if (n === 0) return [];
      share = n / p.count;
      description = `${q(p.name)} has ${plural(n, 'value')} (${pct(share)}) outside the IQR fences [${fmt(lower)}, ${fmt(upper)}]: ${fmt(counts.below)} below, ${fmt(counts.above)} above; ${plural(counts.beyondZscore, 'value lies', 'values lie')} more than ${T.outliers.zscore} standard deviations from the mean.`;
    } else {
      if ((p.min as number) >= lower && (p.max as number) <= upper) return [];
      description = `${q(p.name)} has values outside the IQR fences [${fmt(lower)}, ${fmt(upper)}] (min ${fmt(p.min as number)}, max ${fmt(p.max as number)}).`;
    }
    return [
      {
        rule: 'outliers',
        id: `outliers:${p.name}`,
        columns: [p.name],
        type: 'outliers',
        severity: share >= T.outliers.mediumShare ? 'medium' : 'low',
        description,
        recommendation:
          'Check whether these are errors. Clipping them to the fences keeps the rows while limiting their pull on means and models.',
        fix: { op: 'clip_outliers', column: p.name, method: 'iqr' },
      },
    ];
  });

const duplicateRows: Rule = ({ profile }) => {
  if (profile.duplicateRows === 0 || profile.rows === 0) return [];
  const share = profile.duplicateRows / profile.rows;
  return [
    {
      rule: 'duplicate_rows',
      id: 'duplicate_rows',
      columns: [],
      type: 'duplicates',
      severity: bySeverity(share, { high: T.duplicateRows.high, medium: T.duplicateRows.medium }),
      description: `${plural(profile.duplicateRows, 'row')} (${pct(share)}) ${profile.duplicateRows === 1 ? 'repeats' : 'repeat'} an earlier row exactly.`,
      recommendation: 'Remove the repeated rows, keeping the first of each.',
      fix: { op: 'deduplicate' },
    },
  ];
};

const duplicateKeys: Rule = ({ profile }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    if (!isKeyLikeName(p.name) || p.count < 2 || p.patterns.idLike) return [];
    if (p.distinctShare < T.duplicateKeys.minDistinctShare) return [];
    const margin = p.distinctApproximate ? p.count * HLL_ERROR_BOUND : 0;
    if (p.count - p.distinct <= margin) return [];
    const repeats = p.count - p.distinct;
    return [
      {
        rule: 'duplicate_keys',
        id: `duplicate_keys:${p.name}`,
        columns: [p.name],
        type: 'duplicates',
        severity: 'high',
        description: `${q(p.name)} looks like a key, but ${p.distinctApproximate ? 'about ' : ''}${plural(repeats, 'value repeats', 'values repeat')} an earlier one.`,
        recommendation: 'Keep one row per key (the first), or check why the same key appears twice.',
        fix: { op: 'deduplicate', columns: [p.name], keep: 'first' },
      },
    ];
  });

function numberTarget(shapes: NonNullable<Evidence['shapes']>): 'integer' | 'float' {
  return shapes.integer >= shapes.float ? 'integer' : 'float';
}

function dateTarget(shapes: NonNullable<Evidence['shapes']>): 'date' | 'datetime' {
  return shapes.datetime > 0 ? 'datetime' : 'date';
}

const PHONE_NAME = /(?:^|[^a-z])(?:phone|tel|telephone|mobile|cell|fax)(?:$|[^a-z])|phone/i;

/**
 * Phone numbers written as bare digits look like numbers, and those written with separators do
 * not: such a column neither "mixes numbers" nor should be converted to numbers (a leading +, 0
 * or the grouping would be lost).
 */
function phoneLike(p: ColumnProfile): boolean {
  return p.patterns.phone >= T.patterns.phoneMinShare || PHONE_NAME.test(p.name);
}

/** Text columns with their shapes, skipping codes with leading zeros (text on purpose). */
function textShapes(ctx: RuleContext): { p: ColumnProfile; shapes: NonNullable<Evidence['shapes']> }[] {
  return ctx.profile.columnProfiles.flatMap((p) => {
    if (ctx.typeOf(p.name) !== 'text' || p.count === 0 || p.patterns.leadingZeros > 0) return [];
    const shapes = ctx.evidence(p).shapes;
    return shapes ? [{ p, shapes }] : [];
  });
}

const numbersAsText: Rule = (ctx) =>
  textShapes(ctx).flatMap(({ p, shapes }): Finding[] => {
    if (shapes.float < T.typeMismatch.allShare || phoneLike(p)) return [];
    const to = numberTarget(shapes);
    return [
      {
        rule: 'numbers_as_text',
        id: `numbers_as_text:${p.name}`,
        columns: [p.name],
        type: 'data_type_mismatch',
        severity: 'medium',
        description: `Every value of ${q(p.name)} is a number, but the column is stored as text.`,
        recommendation: `Convert it to ${to === 'integer' ? 'whole numbers' : 'numbers'} so it sorts, sums and plots as numbers.`,
        fix: { op: 'cast_type', column: p.name, to, onError: 'null' },
      },
    ];
  });

const datesAsText: Rule = (ctx) =>
  textShapes(ctx).flatMap(({ p, shapes }): Finding[] => {
    if (shapes.date + shapes.datetime < T.typeMismatch.allShare) return [];
    const to = dateTarget(shapes);
    return [
      {
        rule: 'dates_as_text',
        id: `dates_as_text:${p.name}`,
        columns: [p.name],
        type: 'data_type_mismatch',
        severity: 'medium',
        description: `Every value of ${q(p.name)} is a ${to === 'date' ? 'date' : 'date and time'}, but the column is stored as text.`,
        recommendation: `Convert it to ${to} so it sorts and filters by time.`,
        fix: { op: 'cast_type', column: p.name, to, onError: 'null' },
      },
    ];
  });

const mixedTypes: Rule = (ctx) =>
  textShapes(ctx).flatMap(({ p, shapes }): Finding[] => {
    const numbers = phoneLike(p) ? 0 : shapes.float;
    const dates = shapes.date + shapes.datetime;
    const share = Math.max(numbers, dates);
    if (share < T.typeMismatch.mixedMinShare || share >= T.patterns.dominantShare) return [];
    const kind = numbers >= dates ? 'numbers' : 'dates';
    return [
      {
        rule: 'mixed_types',
        id: `mixed_types:${p.name}`,
        columns: [p.name],
        type: 'data_type_mismatch',
        severity: 'medium',
        description: `${q(p.name)} mixes ${kind} (${pct(share)} of values) with other text.`,
        recommendation: `Decide what the column should hold: split it, or clean the values that are not ${kind} before converting it.`,
        fix: null,
      },
    ];
  });

const patternViolations: Rule = (ctx) =>
  ctx.profile.columnProfiles.flatMap((p): Finding[] => {
    if (ctx.typeOf(p.name) !== 'text' || p.count === 0) return [];
    const shapes = ctx.evidence(p).shapes;
    const candidates: { label: string; share: number; fix: OperationInput | null }[] = [
      { label: 'email addresses', share: p.patterns.email, fix: null },
      { label: 'URLs', share: p.patterns.url, fix: null },
      // Bare digit runs are phone numbers too in a phone column.
      {
        label: 'phone numbers',
        share: phoneLike(p) ? Math.min(1, p.patterns.phone + (shapes?.integer ?? 0)) : p.patterns.phone,
        fix: null,
      },
    ];
    if (shapes && p.patterns.leadingZeros === 0 && !phoneLike(p)) {
      candidates.push({
        label: 'numbers',
        share: shapes.float,
        fix: { op: 'cast_type', column: p.name, to: numberTarget(shapes), onError: 'null' },
      });
      candidates.push({
        label: 'dates',
        share: shapes.date + shapes.datetime,
        fix: { op: 'cast_type', column: p.name, to: dateTarget(shapes), onError: 'null' },
      });
    }
    const best = candidates.sort((a, b) => b.share - a.share)[0];
    if (!best || best.share < T.patterns.dominantShare || best.share >= 1) return [];
    const violations = Math.round((1 - best.share) * p.count);
    if (violations === 0) return [];
    const share = violations / p.count;
    return [
      {
        rule: 'pattern_violation',
        id: `pattern_violation:${p.name}`,
        columns: [p.name],
        type: 'pattern_violation',
        severity: share > T.patterns.mediumViolationShare ? 'medium' : 'low',
        description: `${pct(best.share)} of ${q(p.name)} are ${best.label}, but ${plural(violations, 'value is', 'values are')} not.`,
        recommendation: best.fix
          ? `Convert the column; values that are not ${best.label} become missing (review them first if they carry meaning).`
          : `Review the ${plural(violations, 'value that is', 'values that are')} not ${best.label} and correct or clear ${violations === 1 ? 'it' : 'them'}.`,
        fix: best.fix,
      },
    ];
  });

const constantColumns: Rule = ({ profile, columns }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    if (p.count < T.constant.minValues || p.distinct !== 1 || p.distinctApproximate) return [];
    const only = p.topValues?.[0]?.value ?? (p.min === null ? null : String(p.min));
    return [
      {
        rule: 'constant_column',
        id: `constant_column:${p.name}`,
        columns: [p.name],
        type: 'quality_issue',
        severity: 'low',
        description: `${q(p.name)} holds a single value${only === null ? '' : ` (${JSON.stringify(only)})`} in every non-missing row.`,
        recommendation: 'A constant column tells nothing apart: drop it.',
        fix: columns.length > 1 ? { op: 'drop_columns', columns: [p.name] } : null,
      },
    ];
  });

const whitespace: Rule = ({ profile, typeOf }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    const share = p.patterns.surroundingWhitespace;
    if (typeOf(p.name) !== 'text' || share === 0) return [];
    const n = Math.round(share * p.count);
    return [
      {
        rule: 'whitespace',
        id: `whitespace:${p.name}`,
        columns: [p.name],
        type: 'quality_issue',
        severity: share >= T.whitespace.mediumShare ? 'medium' : 'low',
        description: `${plural(n, 'value')} of ${q(p.name)} (${pct(share)}) ${n === 1 ? 'starts or ends' : 'start or end'} with spaces, so equal values may not match.`,
        recommendation: 'Trim the surrounding whitespace.',
        fix: { op: 'text_clean', columns: [p.name], trim: true, case: 'none' },
      },
    ];
  });

const caseVariants: Rule = (ctx) =>
  ctx.profile.columnProfiles.flatMap((p): Finding[] => {
    if (ctx.typeOf(p.name) !== 'text' || p.count === 0) return [];
    const variants = ctx.evidence(p).variants;
    if (!variants || variants.caseGroups === 0) return [];
    const examples = variants.caseExamples
      .slice(0, 3)
      .map((forms) => forms.map((f) => JSON.stringify(f)).join('/'))
      .join(', ');
    const share = variants.caseRows / p.count;
    return [
      {
        rule: 'case_variants',
        id: `case_variants:${p.name}`,
        columns: [p.name],
        type: 'quality_issue',
        severity: share >= T.caseVariants.mediumShare ? 'medium' : 'low',
        description: `${q(p.name)} writes ${plural(variants.caseGroups, 'value')} in different letter cases (${examples}); ${plural(variants.caseRows, 'row uses', 'rows use')} a minority form.`,
        recommendation: 'Normalise the case (and trim) so each category is written one way.',
        fix: { op: 'text_clean', columns: [p.name], trim: true, case: 'lower' },
      },
    ];
  });

const nearDuplicates: Rule = (ctx) =>
  ctx.profile.columnProfiles.flatMap((p): Finding[] => {
    if (ctx.typeOf(p.name) !== 'text' || p.count === 0) return [];
    const variants = ctx.evidence(p).variants;
    if (!variants) return [];
    return variants.nearDuplicates.map((d): Finding => {
      const base = {
        rule: 'near_duplicates' as const,
        id: `near_duplicates:${p.name}:${d.value}`,
        columns: [p.name],
        type: 'quality_issue' as const,
      };
      // Only values equal once case, accents, spaces and punctuation are set aside are merged:
      // spelling alone cannot tell a typo from a different code (B-52G / B-52H).
      if (d.reason !== 'normalised') {
        return {
          ...base,
          severity: 'info',
          description: `${q(p.name)} has ${JSON.stringify(d.value)} (${plural(d.count, 'row')}), spelt one letter away from ${JSON.stringify(d.like)} (${plural(d.likeCount, 'row')}).`,
          recommendation: `Check whether ${JSON.stringify(d.value)} is a typo of ${JSON.stringify(d.like)}; if it is, replace it with Find and replace. Cairn does not merge values on spelling alone.`,
          fix: null,
        };
      }
      return {
        ...base,
        severity: 'low',
        description: `${q(p.name)} has ${JSON.stringify(d.value)} (${plural(d.count, 'row')}), the same as ${JSON.stringify(d.like)} (${plural(d.likeCount, 'row')}) but for case, accents, spaces or punctuation.`,
        recommendation: `Replace ${JSON.stringify(d.value)} with ${JSON.stringify(d.like)} so the category is written one way.`,
        fix: {
          op: 'find_replace',
          columns: [p.name],
          find: d.value,
          replace: d.like,
          mode: 'exact',
          caseSensitive: true,
        },
      };
    });
  });

const highCorrelation: Rule = ({ profile, columns }) => {
  const corr = profile.correlation;
  if (!corr) return [];
  const counts = new Map(profile.columnProfiles.map((p) => [p.name, p.count]));
  const out: { r: number; finding: Finding }[] = [];
  for (let i = 0; i < corr.columns.length; i++) {
    for (let j = i + 1; j < corr.columns.length; j++) {
      const r = corr.matrix[i]?.[j];
      const a = corr.columns[i] as string;
      const b = corr.columns[j] as string;
      if (typeof r !== 'number' || Math.abs(r) < T.correlation.minAbsR) continue;
      if ((counts.get(a) ?? 0) < T.correlation.minValues || (counts.get(b) ?? 0) < T.correlation.minValues)
        continue;
      out.push({
        r,
        finding: {
          rule: 'high_correlation',
          id: `high_correlation:${a}:${b}`,
          columns: [a, b],
          type: 'quality_issue',
          severity: 'low',
          description: `${q(a)} and ${q(b)} are almost perfectly correlated (r = ${r.toFixed(3)}): one nearly determines the other.`,
          recommendation: `They carry the same information; for modelling keep one (for example drop ${q(b)}).`,
          fix: columns.length > 1 ? { op: 'drop_columns', columns: [b] } : null,
        },
      });
    }
  }
  return out
    .sort((x, y) => Math.abs(y.r) - Math.abs(x.r))
    .slice(0, T.correlation.maxInsights)
    .map((e) => e.finding);
};

const TARGET_NAME =
  /^(?:target|label|labels|class|y|outcome|churn|churned|fraud|is_fraud|default|survived|response|converted)$/i;

const classImbalance: Rule = ({ profile, typeOf }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    const type = typeOf(p.name);
    const candidate =
      type === 'boolean' || ((type === 'text' || type === 'integer') && TARGET_NAME.test(p.name.trim()));
    if (!candidate || p.count === 0 || p.distinctApproximate) return [];
    if (p.distinct < 2 || p.distinct > T.classImbalance.maxClasses) return [];
    let classes: { value: string; count: number }[] | null = p.topValues;
    if (!classes && type === 'integer' && p.histogram) {
      classes = p.histogram
        .filter((b) => b.count > 0)
        .map((b) => ({ value: String(b.from), count: b.count }));
    }
    if (!classes || classes.reduce((s, c) => s + c.count, 0) !== p.count || classes.length < 2) return [];
    const rarest = classes.reduce((m, c) => (c.count < m.count ? c : m));
    const share = rarest.count / p.count;
    if (share >= T.classImbalance.minorityShare) return [];
    return [
      {
        rule: 'class_imbalance',
        id: `class_imbalance:${p.name}`,
        columns: [p.name],
        type: 'quality_issue',
        severity: share < T.classImbalance.severeShare ? 'high' : 'medium',
        description: `${q(p.name)} is imbalanced: its rarest class ${JSON.stringify(rarest.value)} is only ${pct(share)} of values (${fmt(rarest.count)} of ${fmt(p.count)}).`,
        recommendation:
          'If this is the prediction target, use a stratified split, class weights or resampling, and judge models by precision/recall rather than accuracy.',
        fix: null,
      },
    ];
  });

const personalData: Rule = ({ profile, typeOf }) =>
  profile.columnProfiles.flatMap((p): Finding[] => {
    if (typeOf(p.name) !== 'text') return [];
    const kinds = [
      ['email addresses', p.patterns.email],
      ['phone numbers', p.patterns.phone],
    ].filter(([, share]) => (share as number) >= T.personalData.minShare) as [string, number][];
    if (kinds.length === 0) return [];
    return [
      {
        rule: 'personal_data',
        id: `personal_data:${p.name}`,
        columns: [p.name],
        type: 'quality_issue',
        severity: 'info',
        description: `${q(p.name)} contains personal data: ${kinds.map(([k, s]) => `${k} (${pct(s)} of values)`).join(' and ')}.`,
        recommendation:
          'Make sure keeping it is allowed; drop, mask or pseudonymise it before sharing or exporting the data.',
        fix: null,
      },
    ];
  });

/** The rules in the order their insights are listed within one severity. */
export const RULES: readonly (readonly [RuleId, Rule])[] = [
  ['duplicate_rows', duplicateRows],
  ['duplicate_keys', duplicateKeys],
  ['missing_data', missingData],
  ['numbers_as_text', numbersAsText],
  ['dates_as_text', datesAsText],
  ['mixed_types', mixedTypes],
  ['pattern_violation', patternViolations],
  ['outliers', outliers],
  ['constant_column', constantColumns],
  ['whitespace', whitespace],
  ['case_variants', caseVariants],
  ['near_duplicates', nearDuplicates],
  ['high_correlation', highCorrelation],
  ['class_imbalance', classImbalance],
  ['personal_data', personalData],
];
