/**
 * The quality score of a version: 0–100 from four components, each 0–1.
 *
 *   score = 100 × (0.35·completeness + 0.25·validity + 0.20·uniqueness + 0.20·consistency)
 *
 * - completeness = 1 − missing cells / (rows × columns).
 * - uniqueness   = 1 − duplicate rows / rows.
 * - validity     = mean over columns of the column's validity, weighted by its non-missing
 *   values. Typed columns (integer, float, boolean, date, date-time) are valid by construction: 1.
 *   A text column is judged by its dominant shape, the largest share among email, URL and phone
 *   patterns and — when the profile's extras are given — numbers and dates:
 *     · a pattern (email/URL/phone) with share ≥ 0.8: validity = that share (the rest are invalid);
 *     · numbers or dates with share ≥ 0.8 (stored as text): validity = share × 0.75;
 *     · numbers or dates with share between 0.2 and 0.8 (mixed types): validity = max(s, 1 − s);
 *     · otherwise 1.
 * - consistency  = mean over text columns, weighted by non-missing values, of
 *   1 − (share with surrounding whitespace + share written in a non-dominant case variant +
 *   share in a rare near-duplicate spelling), at least 0; 1 without text columns.
 * Numbers/dates in text, case variants and near duplicates come from the profile's extras; without
 * them, from the top values of columns with at most 10 distinct values (insights/evidence.ts).
 * Components are rounded to 4 decimals, the score to 1 decimal. An empty table scores 100.
 */
import {
  QUALITY_WEIGHTS,
  VALIDITY_RULES,
  type ColumnProfile,
  type DatasetProfile,
  type Quality,
} from '../../../shared/analysis';
import { evidenceFor, type Evidence } from './insights/evidence';
import type { ProfileExtras } from './profile/types';

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

function dominantPattern(p: ColumnProfile): number {
  return Math.max(p.patterns.email, p.patterns.url, p.patterns.phone);
}

/** One column's validity (1 for typed columns). */
export function columnValidity(p: ColumnProfile, evidence?: Evidence): number {
  if (p.type !== 'text' || p.count === 0) return 1;
  const pattern = dominantPattern(p);
  const shapes = evidence?.shapes ?? null;
  const typed =
    shapes && p.patterns.leadingZeros === 0 ? Math.max(shapes.float, shapes.date + shapes.datetime) : 0;
  if (pattern >= VALIDITY_RULES.dominantShare && pattern >= typed) return pattern;
  if (typed >= VALIDITY_RULES.dominantShare) return typed * VALIDITY_RULES.storedAsText;
  if (typed >= VALIDITY_RULES.mixedShare) return Math.max(typed, 1 - typed);
  return 1;
}

/** One text column's consistency (1 for other columns). */
export function columnConsistency(p: ColumnProfile, evidence?: Evidence): number {
  if (p.type !== 'text' || p.count === 0) return 1;
  const variants = evidence?.variants ?? null;
  const caseShare = variants ? variants.caseRows / p.count : 0;
  const nearShare = variants ? variants.nearDuplicates.reduce((sum, d) => sum + d.count, 0) / p.count : 0;
  return Math.max(0, 1 - p.patterns.surroundingWhitespace - caseShare - nearShare);
}

function weighted(
  profiles: ColumnProfile[],
  of: (p: ColumnProfile) => number,
  only?: (p: ColumnProfile) => boolean,
) {
  let sum = 0;
  let weight = 0;
  for (const p of profiles) {
    if (only && !only(p)) continue;
    sum += of(p) * p.count;
    weight += p.count;
  }
  return weight === 0 ? 1 : sum / weight;
}

export function qualityOf(profile: DatasetProfile, extras?: ProfileExtras): Quality {
  const cells = profile.rows * profile.columns;
  const completeness = cells === 0 ? 1 : 1 - profile.missingCells / cells;
  const uniqueness = profile.rows === 0 ? 1 : 1 - profile.duplicateRows / profile.rows;
  const extra = (p: ColumnProfile) => evidenceFor(p, extras);
  const validity = weighted(profile.columnProfiles, (p) => columnValidity(p, extra(p)));
  const consistency = weighted(
    profile.columnProfiles,
    (p) => columnConsistency(p, extra(p)),
    (p) => p.type === 'text',
  );
  const w = QUALITY_WEIGHTS;
  const score =
    100 *
    (w.completeness * completeness +
      w.validity * validity +
      w.uniqueness * uniqueness +
      w.consistency * consistency);
  return {
    score: Math.min(100, Math.max(0, round(score, 1))),
    completeness: round(completeness, 4),
    validity: round(validity, 4),
    uniqueness: round(uniqueness, 4),
    consistency: round(consistency, 4),
  };
}
