import type { DatasetProfile } from '../../../../shared/analysis';

/** Fixed limits and constants of the profiler (documented in index.ts). */
export const PROFILE_LIMITS = {
  /** Default row count up to which distinct counts are always exact. */
  exactDistinctLimit: 100_000,
  /** Above the exact-distinct limit, distinct text values counted exactly per column before switching to HyperLogLog. */
  trackedTextValues: 4096,
  histogramBins: 20,
  topValues: 10,
  samples: 5,
  /** The numeric (integer, float) columns with the fewest missing values that enter the correlation matrix. */
  correlationColumns: 25,
  /** Bytes the scan may hold at once (8 bytes per value of a number/date column, ~64 per tracked text value); wider tables are scanned in several passes. */
  memoryBudgetBytes: 256 * 1024 * 1024,
  /** Tukey's fences: Q1 − 1.5·IQR and Q3 + 1.5·IQR (clip_outliers' default factor). */
  iqrFactor: 1.5,
  /** |x − mean| > 3 sample standard deviations (clip_outliers' default factor). */
  zscoreThreshold: 3,
  /** Case-variant and near-duplicate detection runs on text columns with at most this many distinct values. */
  variantMaxDistinct: 1000,
  /** Near duplicates by one edit need values of at least this many characters… */
  nearDuplicateMinLength: 5,
  /** …and the rarer spelling at most this share of the more common one. */
  nearDuplicateMaxRatio: 0.25,
  /** Examples kept per kind of variant. */
  variantExamples: 5,
} as const;

export interface ProfileOptions {
  /** Row count up to which distinct counts are exact (default 100,000); also the number of distinct values tracked per text column. */
  exactDistinctLimit?: number;
  /** Rows scanned so far and the total to scan (rows × passes), about every 65,536 rows. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the scan at the next 65,536-row mark with CairnError('CANCELLED'). */
  signal?: AbortSignal;
}

/** Values outside the IQR fences and beyond the z-score threshold (number columns). */
export interface OutlierCounts {
  lowerFence: number;
  upperFence: number;
  below: number;
  above: number;
  zscoreThreshold: number;
  beyondZscore: number;
}

/** Shares of a text column's non-null values that cast_type would convert to each type. */
export interface TextShapes {
  integer: number;
  float: number;
  /** Dates without a time. */
  date: number;
  /** Values with a date and a time. */
  datetime: number;
  /** true/false/yes/no/1/0. */
  boolean: number;
}

/** Values that are the same category written differently. */
export interface ValueVariants {
  /** Groups of values equal after trim + lower case but written in 2+ ways (e.g. "NY", "ny"). */
  caseGroups: number;
  /** Values (rows) not written in their group's most common form. */
  caseRows: number;
  /** Up to 5 groups, each its forms (trimmed) from most to least common. */
  caseExamples: string[][];
  /** Pairs of categories differing only by punctuation/spacing, or by one edit in a rare spelling. */
  nearDuplicates: NearDuplicate[];
}

export interface NearDuplicate {
  /** The rarer spelling as stored (its most common raw form) and how many values use it (its group). */
  value: string;
  count: number;
  /** The more common spelling it probably means, and its count. */
  like: string;
  likeCount: number;
  /**
   * Which rule paired them (see variants.ts): only `normalised` pairs are safe to merge. Profiles
   * stored before the rules existed have none, and are treated as `one_edit`.
   */
  reason?: 'normalised' | 'one_edit';
}

/**
 * Facts the insight rules and the quality score need that the shared ColumnProfile contract has
 * no field for. Keyed by column name.
 */
export interface ColumnExtras {
  outliers: OutlierCounts | null;
  shapes: TextShapes | null;
  /** Null when not computed (not text, or more distinct values than the tracking limit). */
  variants: ValueVariants | null;
}

export interface ProfileExtras {
  columns: Record<string, ColumnExtras>;
}

export interface ProfileResult {
  profile: DatasetProfile;
  extras: ProfileExtras;
}
