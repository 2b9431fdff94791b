import type { GoalType } from '../../../../shared/analysis';

/**
 * Every threshold the insight rules use, in one place. Shares are fractions of a column's values
 * (non-missing unless said otherwise) or of the rows.
 */
export const INSIGHT_THRESHOLDS = {
  missing: {
    /** Base severity by missing share (of rows): ≥ high → high, ≥ medium → medium, ≥ low → low, else info. */
    severity: { high: 0.5, medium: 0.2, low: 0.05 },
    /** Fix: drop the column from this share (or when it is entirely missing)… */
    dropColumnShare: 0.6,
    /** …drop the incomplete rows up to this share; in between, fill (median for numbers, mode otherwise)… */
    dropRowsMaxShare: 0.05,
    /** …but never fill with the mode a column whose values are mostly distinct (keys, free text, timestamps): no fix. */
    modeMaxDistinctShare: 0.5,
  },
  outliers: {
    /** Number columns with at least this many values and a non-zero IQR. */
    minValues: 10,
    /** Tukey's fences (as clip_outliers' default). */
    iqrFactor: 1.5,
    /** Reported alongside: values beyond this many sample standard deviations. */
    zscore: 3,
    /** Medium instead of low from this share of values outside the fences. */
    mediumShare: 0.05,
  },
  duplicateRows: {
    /** Base severity by duplicate share of rows: ≥ high → high, ≥ medium → medium, else low. */
    high: 0.1,
    medium: 0.01,
  },
  duplicateKeys: {
    /** A key-like column (by name) whose values are at least this share distinct, but not all. */
    minDistinctShare: 0.9,
  },
  typeMismatch: {
    /** Numbers/dates stored as text: every value converts (cast_type's rules). */
    allShare: 1,
    /** Mixed types: numbers or dates are at least this share but below the dominant share. */
    mixedMinShare: 0.2,
  },
  patterns: {
    /** A pattern (email, URL, phone, number, date) dominates a text column from this share. */
    dominantShare: 0.8,
    /** A column with at least this share of phone-shaped values holds phone numbers. */
    phoneMinShare: 0.1,
    /** Violations above this share of values are medium, else low. */
    mediumViolationShare: 0.05,
  },
  constant: {
    /** A column with one distinct value among at least this many values. */
    minValues: 2,
  },
  whitespace: {
    /** Medium instead of low from this share of values. */
    mediumShare: 0.1,
  },
  caseVariants: {
    /** Medium instead of low from this share of values written in a minority form. */
    mediumShare: 0.01,
  },
  correlation: {
    /** |Pearson r| at or above this is "very high". */
    minAbsR: 0.95,
    /** Both columns need at least this many values. */
    minValues: 10,
    maxInsights: 10,
  },
  classImbalance: {
    /** Candidate targets: boolean columns, or text/integer columns named like a target, with 2..maxClasses classes. */
    maxClasses: 10,
    /** The rarest class below this share of values is an imbalance (medium)… */
    minorityShare: 0.1,
    /** …below this, high. */
    severeShare: 0.01,
  },
  personalData: {
    /** Text columns where emails or phone numbers are at least this share of values. */
    minShare: 0.5,
  },
} as const;

export const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'] as const;

export type RuleId =
  | 'missing_data'
  | 'outliers'
  | 'duplicate_rows'
  | 'duplicate_keys'
  | 'numbers_as_text'
  | 'dates_as_text'
  | 'mixed_types'
  | 'pattern_violation'
  | 'constant_column'
  | 'whitespace'
  | 'case_variants'
  | 'near_duplicates'
  | 'high_correlation'
  | 'class_imbalance'
  | 'personal_data';

/**
 * Which rules run for which goal, and how much their base severity moves (levels: info < low <
 * medium < high < critical; null = the rule does not run for that goal).
 *
 * | rule              | ml_preparation | general_audit | data_quality | exploratory |
 * |-------------------|----------------|---------------|--------------|-------------|
 * | missing_data      | +1             | 0             | 0            | −1          |
 * | outliers          | +1             | −1            | 0            | −1          |
 * | duplicate_rows    | 0              | 0             | +1           | −1          |
 * | duplicate_keys    | 0              | 0             | 0            | −1          |
 * | numbers_as_text   | +1             | 0             | 0            | −1          |
 * | dates_as_text     | +1             | 0             | 0            | −1          |
 * | mixed_types       | +1             | 0             | 0            | −1          |
 * | pattern_violation | off            | 0             | 0            | off         |
 * | constant_column   | +1             | 0             | 0            | −1          |
 * | whitespace        | 0              | 0             | +1           | off         |
 * | case_variants     | +1             | −1            | 0            | off         |
 * | near_duplicates   | 0              | 0             | +1           | off         |
 * | high_correlation  | +1             | off           | off          | 0           |
 * | class_imbalance   | 0              | off           | off          | off         |
 * | personal_data     | off            | 0             | off          | off         |
 */
export const GOAL_RULES: Readonly<Record<RuleId, Readonly<Record<GoalType, number | null>>>> = {
  missing_data: { ml_preparation: 1, general_audit: 0, data_quality: 0, exploratory: -1 },
  outliers: { ml_preparation: 1, general_audit: -1, data_quality: 0, exploratory: -1 },
  duplicate_rows: { ml_preparation: 0, general_audit: 0, data_quality: 1, exploratory: -1 },
  duplicate_keys: { ml_preparation: 0, general_audit: 0, data_quality: 0, exploratory: -1 },
  numbers_as_text: { ml_preparation: 1, general_audit: 0, data_quality: 0, exploratory: -1 },
  dates_as_text: { ml_preparation: 1, general_audit: 0, data_quality: 0, exploratory: -1 },
  mixed_types: { ml_preparation: 1, general_audit: 0, data_quality: 0, exploratory: -1 },
  pattern_violation: { ml_preparation: null, general_audit: 0, data_quality: 0, exploratory: null },
  constant_column: { ml_preparation: 1, general_audit: 0, data_quality: 0, exploratory: -1 },
  whitespace: { ml_preparation: 0, general_audit: 0, data_quality: 1, exploratory: null },
  case_variants: { ml_preparation: 1, general_audit: -1, data_quality: 0, exploratory: null },
  near_duplicates: { ml_preparation: 0, general_audit: 0, data_quality: 1, exploratory: null },
  high_correlation: { ml_preparation: 1, general_audit: null, data_quality: null, exploratory: 0 },
  class_imbalance: { ml_preparation: 0, general_audit: null, data_quality: null, exploratory: null },
  personal_data: { ml_preparation: null, general_audit: 0, data_quality: null, exploratory: null },
};
